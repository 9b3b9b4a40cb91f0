// The lookups a hover needs that the snapshot does not keep: the hosts a
// declaration stands for, the links written at a place, the flows through a
// node or over a link, a flow's result. Each map is built once per snapshot
// on first use, in one pass over the model or the plans, so that a hover
// costs a few lookups and never a scan of every host or flow (a snapshot is
// one version of a document: nothing in it changes, and it is dropped with
// the snapshot).
import type { Snapshot } from '../../analysis/snapshot';
import type { FlowModel, HostModel, LinkModel } from '../../model/index';
import type { FabricLink } from '../../sim/fabric';
import type { FlowResult, LinkResult, SimulationResult } from '../../sim/simulate';
import type { HostDecl, TemplateDecl } from '../../syntax/ast';

export class TopologyIndex {
  private hostsByName: Map<number, HostModel[]> | undefined;
  private hostsByTemplate: Map<string, HostModel[]> | undefined;
  private linksByStart: Map<number, LinkModel[]> | undefined;
  private flowsByNode: Map<string, FlowModel[]> | undefined;
  private flowsByResource: Map<string, FlowModel[]> | undefined;
  private flowsByEndpoint: Map<string, FlowModel[]> | undefined;
  private flowsByGroup: Map<string, FlowModel[]> | undefined;
  private fabricLinks: Map<string, FabricLink> | undefined;
  private readonly flowResults = new WeakMap<SimulationResult, Map<string, FlowResult>>();
  private readonly linkResults = new WeakMap<SimulationResult, Map<string, Map<string, LinkResult>>>();

  constructor(private readonly snapshot: Snapshot) {}

  /** The hosts a host declaration makes (one, or each of its range), or that a template's items are part of. */
  hostsOf(container: HostDecl | TemplateDecl): readonly HostModel[] {
    if (container.kind === 'template') {
      this.hostsByTemplate ??= groupBy(this.snapshot.model.hosts.values(), (host) => host.template);
      return container.name === undefined ? [] : (this.hostsByTemplate.get(container.name.text) ?? []);
    }
    // Every host of a declaration has its declaration's name span; a name claimed by an earlier declaration (REF002) has no host.
    this.hostsByName ??= groupBy(this.snapshot.model.hosts.values(), (host) => host.nameSpan.start);
    return container.name === undefined ? [] : (this.hostsByName.get(container.name.span.start) ?? []);
  }

  /** The links declared by the `link` at `start`: one, or one per host of a template or a range. */
  linksAt(start: number): readonly LinkModel[] {
    this.linksByStart ??= groupBy(allLinks(this.snapshot), (link) => link.span.start);
    return this.linksByStart.get(start) ?? [];
  }

  /** The flows whose path crosses the node `id` (a device, switch, cpu or memory, a network) or whose hops it does. */
  flowsThrough(id: string): readonly FlowModel[] {
    if (this.flowsByNode === undefined) {
      const byNode = new Map<string, FlowModel[]>();
      for (const [flow, plan] of this.snapshot.plans) {
        const nodes = new Set(plan.nodes);
        for (const hop of plan.hops) nodes.add(hop.engine);
        for (const node of nodes) push(byNode, node, flow);
      }
      this.flowsByNode = byNode;
    }
    return this.flowsByNode.get(id) ?? [];
  }

  /** The flows that load a resource: a link by its id (either direction), a memory, an engine or a drive's media by theirs. */
  flowsOver(resourceId: string): readonly FlowModel[] {
    if (this.flowsByResource === undefined) {
      const byResource = new Map<string, FlowModel[]>();
      const resources = this.snapshot.fabric.resources;
      for (const [flow, plan] of this.snapshot.plans) {
        const ids = new Set(plan.uses.map((index) => resources[index]!.link?.id ?? resources[index]!.id));
        for (const id of ids) push(byResource, id, flow);
      }
      this.flowsByResource = byResource;
    }
    return this.flowsByResource.get(resourceId) ?? [];
  }

  /** The flows from, to or staged through a buffer (or from or to a device), by its id. */
  flowsAt(id: string): readonly FlowModel[] {
    if (this.flowsByEndpoint === undefined) {
      const byEndpoint = new Map<string, FlowModel[]>();
      for (const flow of this.snapshot.model.flows.values()) {
        for (const end of new Set([flow.from?.id, flow.to?.id, ...flow.bounce.map((b) => b.id)])) if (end !== undefined) push(byEndpoint, end, flow);
      }
      this.flowsByEndpoint = byEndpoint;
    }
    return this.flowsByEndpoint.get(id) ?? [];
  }

  /** The flows of a group, in declaration order. */
  groupFlows(group: string): readonly FlowModel[] {
    this.flowsByGroup ??= groupBy(this.snapshot.model.flows.values(), (flow) => flow.group);
    return this.flowsByGroup.get(group) ?? [];
  }

  /** The fabric's link of a model link or network port, by its id. */
  fabricLink(id: string): FabricLink | undefined {
    this.fabricLinks ??= new Map(this.snapshot.fabric.links.map((link) => [link.id, link]));
    return this.fabricLinks.get(id);
  }

  /**
   * The flow's simulated result; undefined when the model is not simulated
   * (LIM001). Read from the simulation of every group, which the analysis
   * builds anyway: a group's own result would be carved out of it again on
   * each new version.
   */
  result(flow: FlowModel): FlowResult | undefined {
    const simulation = this.snapshot.simulation();
    let byName = this.flowResults.get(simulation);
    if (byName === undefined) this.flowResults.set(simulation, (byName = new Map(simulation.flows.map((f) => [f.name, f]))));
    return byName.get(flow.name);
  }

  /** A link's or memory's load in `group`: undefined when no flow of the group uses it. */
  load(group: string, id: string): LinkResult | undefined {
    const simulation = this.snapshot.simulation();
    let byGroup = this.linkResults.get(simulation);
    if (byGroup === undefined) this.linkResults.set(simulation, (byGroup = new Map()));
    let byId = byGroup.get(group);
    if (byId === undefined) {
      const result = simulation.groups.find((each) => each.group === group);
      byId = new Map(result === undefined ? [] : [...result.links, ...result.memories].map((link) => [link.id, link]));
      byGroup.set(group, byId);
    }
    return byId.get(id);
  }

  /** The groups of `flows`, in order of their first flow. */
  static groupsOf(flows: readonly FlowModel[]): string[] {
    return [...new Set(flows.map((flow) => flow.group))];
  }
}

const indexes = new WeakMap<Snapshot, TopologyIndex>();

/** The snapshot's index, made on first use and kept with it. */
export function topologyIndex(snapshot: Snapshot): TopologyIndex {
  let index = indexes.get(snapshot);
  if (index === undefined) indexes.set(snapshot, (index = new TopologyIndex(snapshot)));
  return index;
}

function* allLinks(snapshot: Snapshot): Generator<LinkModel> {
  for (const host of snapshot.model.hosts.values()) yield* host.links;
  yield* snapshot.model.links;
}

function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K | undefined): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) push(groups, k, item);
  }
  return groups;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
