// The simulation of a topology (simulation.md § 4–5): flows of one group
// run together and share every resource max-min fairly; each flow gets its
// throughput, bottleneck, path, path class, latency and transfer time, each
// link its load and utilisation in its busier direction.
import type { FlowModel, TopologyModel, Via } from '../model/index';
import { assumed, type Derivation } from './derivation';
import { Fabric, type PathClass } from './fabric';
import { Planner, type FlowPlan } from './plan';
import { CAP, maxMinShare, UNBOUNDED } from './share';

/** Setting up one DMA descriptor chain (assumed: no published figure covers every engine). */
const DMA_SETUP_SECONDS = 1e-6;
/** Syscall and interrupt cost of one side of a kernel socket path (assumed). */
const KERNEL_SIDE_SECONDS = 5e-6;

export interface FlowResult {
  readonly name: string;
  readonly group: string;
  readonly via: Via | undefined;
  readonly viaReason: string;
  /** Steady-state rate, B/s. */
  readonly throughput: number;
  /** Seconds for one transfer: size / throughput + latency. */
  readonly transferTime: number;
  readonly latency: number;
  readonly copies: number;
  readonly cpuBytes: number;
  /** A link or memory id, `demand`, an engine's device, a cpu (kernel stack), or `unroutable`. */
  readonly bottleneck: string;
  readonly path: readonly string[];
  readonly pathClass: PathClass | undefined;
  readonly dropRate: number;
  readonly derivations: {
    readonly throughput: Derivation;
    readonly latency: Derivation;
  };
}

export interface LinkResult {
  readonly id: string;
  /** Usable capacity per direction, B/s. */
  readonly capacity: number;
  /** Load of the busier direction, B/s. */
  readonly load: number;
  readonly utilization: number;
  readonly derivation: Derivation;
}

export interface GroupResult {
  readonly group: string;
  readonly flows: readonly FlowResult[];
  readonly links: readonly LinkResult[];
  readonly memories: readonly LinkResult[];
}

export interface SimulationResult {
  readonly groups: readonly GroupResult[];
  /** Every group's flows, in declaration order. */
  readonly flows: readonly FlowResult[];
  /**
   * The links and memories of the busiest group (the one whose most utilised
   * resource is the most utilised): the contract's `links`, where a memory
   * is a resource with id `host.memory`.
   */
  readonly links: readonly LinkResult[];
}

/** Groups in order of their first flow. */
export function groupsOf(model: TopologyModel): string[] {
  return [...new Set([...model.flows.values()].map((f) => f.group))];
}

export function simulate(model: TopologyModel, onlyGroup?: string): SimulationResult {
  const fabric = new Fabric(model);
  const planner = new Planner(fabric);
  const groups = groupsOf(model).filter((g) => onlyGroup === undefined || g === onlyGroup);
  const results = groups.map((group) => simulateGroup(fabric, planner, [...model.flows.values()].filter((f) => f.group === group), group));
  const busiest = results.reduce<GroupResult | undefined>((best, g) => (best === undefined || peak(g) > peak(best) ? g : best), undefined);
  const order = new Map([...model.flows.keys()].map((name, i) => [name, i]));
  const flows = results.flatMap((g) => g.flows).sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return { groups: results, flows, links: busiest === undefined ? [] : [...busiest.links, ...busiest.memories] };
}

const peak = (group: GroupResult): number => [...group.links, ...group.memories].reduce((max, link) => Math.max(max, link.utilization), 0);

function simulateGroup(fabric: Fabric, planner: Planner, flows: readonly FlowModel[], group: string): GroupResult {
  const plans = flows.map((flow) => planner.plan(flow));
  const solution = maxMinShare(fabric.resources, plans.map((plan) => ({ route: plan.uses, cap: plan.capBytesPerSecond })));
  const flowResults = plans.map((plan, i) => flowResult(fabric, plan, solution.rates[i]!, solution.bottlenecks[i]!));
  const links = fabric.links.map((link): LinkResult => {
    const load = Math.max(solution.loads[link.forward]!, solution.loads[link.backward]!);
    return { id: link.id, capacity: link.capacity, load, utilization: link.capacity > 0 ? load / link.capacity : 0, derivation: link.derivation };
  });
  const memories = fabric.resources
    .map((resource, index) => ({ resource, index }))
    .filter(({ resource }) => resource.kind === 'memory')
    .map(({ resource, index }): LinkResult => {
      const load = solution.loads[index]!;
      return { id: resource.id, capacity: resource.capacity, load, utilization: resource.capacity > 0 ? load / resource.capacity : 0, derivation: resource.derivation };
    });
  return { group, flows: flowResults, links, memories };
}

function flowResult(fabric: Fabric, plan: FlowPlan, rate: number, bottleneckIndex: number): FlowResult {
  const flow = plan.flow;
  const throughput = plan.problem !== undefined ? 0 : rate;
  const bottleneck =
    plan.problem !== undefined
      ? 'unroutable'
      : bottleneckIndex === CAP
        ? plan.capReason
        : bottleneckIndex === UNBOUNDED
          ? 'none'
          : resourceName(fabric, bottleneckIndex);
  const latency = latencyOf(plan);
  const transferTime = throughput > 0 && Number.isFinite(throughput) ? flow.sizeBytes / throughput + latency.value : throughput === 0 ? Infinity : latency.value;
  const demand = plan.capBytesPerSecond;
  const dropRate = Number.isFinite(demand) && demand > 0 && throughput < demand ? 1 - throughput / demand : 0;
  return {
    name: flow.name,
    group: flow.group,
    via: plan.via,
    viaReason: plan.viaReason,
    throughput,
    transferTime,
    latency: latency.value,
    copies: plan.copies,
    cpuBytes: plan.cpuBytes,
    bottleneck,
    path: plan.nodes,
    pathClass: plan.pathClass,
    dropRate: flow.frequencyHz !== undefined || flow.everySeconds !== undefined ? dropRate : 0,
    derivations: {
      throughput: {
        quantity: `throughput of ${flow.name}`,
        value: throughput,
        unit: 'B/s',
        formula: 'capped max-min fair share of every resource on its path, with the other flows of its group',
        terms: [],
        limitedBy: bottleneck,
      },
      latency,
    },
  };
}

function resourceName(fabric: Fabric, index: number): string {
  const resource = fabric.resources[index]!;
  if (resource.link !== undefined) return resource.link.id;
  if (resource.kind === 'engine') return resource.id.replace(/ engine$/, '');
  return resource.id;
}

function latencyOf(plan: FlowPlan): Derivation {
  const kernel = plan.via === 'kernel' ? 2 * KERNEL_SIDE_SECONDS : 0;
  const value = plan.linkLatencySeconds + plan.dmaHops * DMA_SETUP_SECONDS + kernel;
  return {
    quantity: `latency of ${plan.flow.name}`,
    value,
    unit: 's',
    formula: plan.via === 'kernel' ? 'link latencies + DMA setup per hop + syscall and interrupt per side' : 'link latencies + DMA setup per hop',
    terms: [
      { name: 'link latencies', value: plan.linkLatencySeconds, unit: 's', source: { kind: 'derived' } },
      { name: 'DMA setup per descriptor chain', value: DMA_SETUP_SECONDS, unit: 's', source: assumed('a typical descriptor fetch and doorbell; engines vary') },
      { name: 'DMA hops', value: plan.dmaHops, unit: 'hops', source: { kind: 'derived' } },
      ...(kernel > 0 ? [{ name: 'syscall and interrupt per side', value: KERNEL_SIDE_SECONDS, unit: 's', source: assumed('typical Linux socket send or receive path') }] : []),
    ],
  };
}
