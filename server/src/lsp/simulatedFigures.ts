// What the simulation says of one flow or one link declaration, for the
// editor's inline results (inlay hints, code lenses). The lookups are
// indexes built once per snapshot, on first use: a request that shows the
// figures of the lines in view costs those lines, not the whole topology.
import type { Snapshot } from '../analysis/snapshot';
import type { FlowModel, LinkModel } from '../model/index';
import type { Derivation } from '../sim/derivation';
import type { FabricLink } from '../sim/fabric';
import type { FlowResult } from '../sim/results';
import type { BodyDecl, Declaration, LinkDecl } from '../syntax/ast';
import { lastStartingAtOrBefore } from '../syntax/spanSearch';

/** A flow's result, or why there is none: a reason rather than a figure that would mean nothing. */
export type FlowOutcome = { readonly simulated: true; readonly flow: FlowModel; readonly result: FlowResult } | { readonly simulated: false; readonly reason: string };

/** A link declaration's figures: one link, or one per host that a template or a host range made from it. */
export interface LinkFigures {
  /** In the model's order of hosts. */
  readonly instances: readonly LinkModel[];
  /** Usable capacity per direction; the same for every instance, which share their spec. */
  readonly capacityBytesPerSecond: number;
  readonly capacity: Derivation;
  /** The most utilised instance in the group that loads it most; undefined when no flow crosses any of them. */
  readonly busiest: LinkLoad | undefined;
}

export interface LinkLoad {
  readonly id: string;
  readonly group: string;
  readonly loadBytesPerSecond: number;
  /** Load / capacity of the busier direction, a ratio. */
  readonly utilization: number;
}

/** The figures of a snapshot's declarations; one per snapshot, its indexes built when first asked. */
export function simulatedFigures(snapshot: Snapshot): SimulatedFigures {
  let figures = perSnapshot.get(snapshot);
  if (figures === undefined) perSnapshot.set(snapshot, (figures = new SimulatedFigures(snapshot)));
  return figures;
}

const perSnapshot = new WeakMap<Snapshot, SimulatedFigures>();

export class SimulatedFigures {
  private resultsBuilt: ReadonlyMap<string, FlowResult> | undefined;
  private instancesBuilt: ReadonlyMap<number, LinkModel[]> | undefined;
  private fabricLinksBuilt: ReadonlyMap<string, FabricLink> | undefined;
  private busiestBuilt: ReadonlyMap<string, LinkLoad> | undefined;

  constructor(private readonly snapshot: Snapshot) {}

  /** The result of the flow `decl` declares. */
  flow(decl: BodyDecl): FlowOutcome {
    const name = decl.name?.text;
    if (name === undefined) return notSimulated('the flow has no name');
    if (this.snapshot.model.incomplete === true) return notSimulated(INCOMPLETE);
    const flow = this.snapshot.model.flows.get(name);
    // Not the flow the model holds under its name: an earlier declaration took the name (REF002).
    if (flow === undefined || flow.span.start !== decl.span.start) return notSimulated(`an earlier declaration is named '${name}'`);
    return this.outcome(flow);
  }

  /** The result of the flow named `name` now, wherever it stands in the text. */
  flowNamed(name: string): FlowOutcome {
    if (this.snapshot.model.incomplete === true) return notSimulated(INCOMPLETE);
    const flow = this.snapshot.model.flows.get(name);
    return flow === undefined ? notSimulated(`the file has no flow '${name}'`) : this.outcome(flow);
  }

  private outcome(flow: FlowModel): FlowOutcome {
    const result = this.results.get(flow.name);
    if (result === undefined) return notSimulated('its group was not simulated');
    // An unroutable flow's result holds zeros and, as its via reason, why it has no route.
    if (result.bottleneck.kind === 'unroutable') return notSimulated(result.viaReason);
    return { simulated: true, flow, result };
  }

  /** The figures of the link `decl` declares; undefined when the model holds none (its ends or spec are invalid, or no host is made from its template). */
  link(decl: LinkDecl): LinkFigures | undefined {
    if (this.snapshot.model.incomplete === true) return undefined;
    const instances = this.instances.get(decl.span.start);
    const fabricLink = instances === undefined ? undefined : this.fabricLinks.get(instances[0]!.id);
    if (instances === undefined || fabricLink === undefined) return undefined;
    let busiest: LinkLoad | undefined;
    for (const instance of instances) {
      const load = this.busiestLoads.get(instance.id);
      if (load !== undefined && (busiest === undefined || load.utilization > busiest.utilization)) busiest = load;
    }
    return { instances, capacityBytesPerSecond: fabricLink.capacity, capacity: fabricLink.derivation, busiest };
  }

  /** How a link's hosts are written: `node[0..3]` for a host range, the host's name otherwise; in order of declaration. */
  hostsOf(instances: readonly LinkModel[]): string[] {
    const written: string[] = [];
    let lastDeclaration = -1;
    for (const { host } of instances) {
      if (host === undefined || host.span.start === lastDeclaration) continue;
      lastDeclaration = host.span.start;
      const decl = declarationAt(this.snapshot.tree.declarations, host.span.start);
      written.push(decl?.kind === 'host' && decl.range !== undefined && decl.name !== undefined ? `${decl.name.text}[${decl.range.low.digits}..${decl.range.high.digits}]` : host.name);
    }
    return written;
  }

  /** Whether the document's flows run in more than one group: then a link's busiest use names its group. */
  get severalGroups(): boolean {
    return this.snapshot.simulation().groups.length > 1;
  }

  private get results(): ReadonlyMap<string, FlowResult> {
    return (this.resultsBuilt ??= new Map(this.snapshot.simulation().flows.map((result) => [result.name, result])));
  }

  /** Every link of the model by its declaration's start: a template's or a host range's link has one per host. */
  private get instances(): ReadonlyMap<number, LinkModel[]> {
    if (this.instancesBuilt !== undefined) return this.instancesBuilt;
    const byDeclaration = new Map<number, LinkModel[]>();
    const add = (link: LinkModel) => {
      const same = byDeclaration.get(link.span.start);
      if (same === undefined) byDeclaration.set(link.span.start, [link]);
      else same.push(link);
    };
    for (const host of this.snapshot.model.hosts.values()) host.links.forEach(add);
    this.snapshot.model.links.forEach(add);
    return (this.instancesBuilt = byDeclaration);
  }

  private get fabricLinks(): ReadonlyMap<string, FabricLink> {
    if (this.fabricLinksBuilt !== undefined) return this.fabricLinksBuilt;
    const byId = new Map<string, FabricLink>();
    // Two links declared between the same ends share an id; the first is the one the simulation names.
    for (const link of this.snapshot.fabric.links) if (!byId.has(link.id)) byId.set(link.id, link);
    return (this.fabricLinksBuilt = byId);
  }

  /** Each loaded link's load in the group that uses it most (the first such group on a tie). */
  private get busiestLoads(): ReadonlyMap<string, LinkLoad> {
    if (this.busiestBuilt !== undefined) return this.busiestBuilt;
    const busiest = new Map<string, LinkLoad>();
    for (const group of this.snapshot.simulation().groups) {
      for (const link of group.links) {
        if (link.loadBytesPerSecond <= 0) continue;
        const known = busiest.get(link.id);
        if (known === undefined || link.utilization > known.utilization) busiest.set(link.id, { id: link.id, group: group.group, loadBytesPerSecond: link.loadBytesPerSecond, utilization: link.utilization });
      }
    }
    return (this.busiestBuilt = busiest);
  }
}

/** What limits a simulated flow, in words (`bottleneck node0.sw0--node0.s0`); undefined when it is the flow's own demand or nothing. */
export function bottleneckPhrase(result: FlowResult): string | undefined {
  const bottleneck = result.bottleneck;
  switch (bottleneck.kind) {
    case 'link':
      return `bottleneck ${bottleneck.id}`;
    case 'memory':
      return `bottleneck ${bottleneck.id} (memory)`;
    case 'engine':
      return `bottleneck ${bottleneck.id} (DMA engine)`;
    case 'media':
      return `bottleneck ${bottleneck.id} (drive media)`;
    case 'kernel':
      return `bottleneck the kernel network stack on ${bottleneck.id}`;
    case 'pinned':
      return `bottleneck the pinned bounce buffers on ${bottleneck.host}`;
    default:
      return undefined;
  }
}

/** Why a flow whose bottleneck is not a resource runs at its rate: its demand (`rate` or `every`), or nothing at all. */
export function ownLimitPhrase(outcome: { readonly flow: FlowModel; readonly result: FlowResult }): string {
  if (outcome.result.bottleneck.kind !== 'demand') return 'nothing limits it';
  return outcome.flow.written.valid('every') !== undefined ? 'limited by its period' : 'limited by its rate';
}

const INCOMPLETE = 'the file instantiates more from templates and host ranges than one file may (LIM001)';

const notSimulated = (reason: string): FlowOutcome => ({ simulated: false, reason });

/** The top-level declaration that starts at `offset`, by binary search (declarations are in text order). */
function declarationAt(declarations: readonly Declaration[], offset: number): Declaration | undefined {
  const found = declarations[lastStartingAtOrBefore(declarations, offset)];
  return found?.span.start === offset ? found : undefined;
}
