// The simulation of a topology (simulation.md § 4–6): flows of one group
// run together and share every resource max-min fairly; each flow gets its
// throughput, bottleneck, path, path class, latency, transfer time, demand,
// carried rate and ring, each link its load and utilisation in its busier
// direction (the typed results of `results.ts`, whose derivations
// `explain.ts` builds from them).
import type { FlowModel, TopologyModel } from '../model/index';
import { flowDerivations, type FlowFigures, type LatencyParts } from './explain';
import { Fabric, type FabricLink, type Resource } from './fabric';
import type { Bottleneck, FlowResult, LinkResult, RingResult } from './results';
import { DMA_SETUP_SECONDS, hopRate, Planner, secondsFor, type FlowPlan } from './plan';
import { builds } from './builds';
import { demandBytesPerSecond, periodSeconds } from './demand';
import { CAP, maxMinShareOfUsed, UNBOUNDED, type UsedShareResult } from './share';

export { bottleneckName, type Bottleneck, type FlowResult, type LinkResult, type RingResult } from './results';

/** Syscall and interrupt cost of one side of a kernel socket path (assumed: a typical Linux socket send or receive path). */
const KERNEL_SIDE_SECONDS = 5e-6;

export interface GroupResult {
  readonly group: string;
  readonly flows: readonly FlowResult[];
  /** The links its flows cross, in the fabric's order (a link no flow of the group crosses carries nothing of it). */
  readonly links: readonly LinkResult[];
  /** The memories its flows use, in the fabric's order. */
  readonly memories: readonly LinkResult[];
}

export interface SimulationResult {
  readonly groups: readonly GroupResult[];
  /** Every group's flows, in declaration order. */
  readonly flows: readonly FlowResult[];
  /**
   * Every link and memory of the fabric, loaded as the busiest group loads
   * them (the group whose most utilised resource is the most utilised): the
   * contract's `links`, where a memory is a resource with id `host.memory`.
   */
  readonly links: readonly LinkResult[];
}

/** Groups in order of their first flow. */
export function groupsOf(model: TopologyModel): string[] {
  return [...flowsByGroup(model).keys()];
}

/** Each group's flows in declaration order, the groups in order of their first flow. */
function flowsByGroup(model: TopologyModel): Map<string, FlowModel[]> {
  const byGroup = new Map<string, FlowModel[]>();
  for (const flow of model.flows.values()) {
    const flows = byGroup.get(flow.group);
    if (flows === undefined) byGroup.set(flow.group, [flow]);
    else flows.push(flow);
  }
  return byGroup;
}

export function simulate(model: TopologyModel, onlyGroup?: string): SimulationResult {
  const fabric = new Fabric(model);
  const planner = new Planner(fabric);
  return simulatePlans(model, fabric, (flow) => planner.plan(flow), onlyGroup);
}

/**
 * The simulation over a fabric and plans already built (the rules build both
 * once and share them). A group costs what its flows' routes touch, so that
 * a topology of many small groups simulates in time linear in its size.
 */
export function simulatePlans(model: TopologyModel, fabric: Fabric, planOf: (flow: FlowModel) => FlowPlan, onlyGroup?: string): SimulationResult {
  builds.simulations++;
  // A model that left hosts out past the file's limit (LIM001) would give figures for a topology nobody wrote.
  if (model.incomplete === true) return { groups: [], flows: [], links: [] };
  const solved: SolvedGroup[] = [];
  for (const [group, flows] of flowsByGroup(model)) {
    if (onlyGroup === undefined || group === onlyGroup) solved.push(simulateGroup(fabric, flows.map(planOf), group));
  }
  const busiest = solved.reduce<SolvedGroup | undefined>((best, g) => (best === undefined || g.peakUtilization > best.peakUtilization ? g : best), undefined);
  const order = new Map([...model.flows.keys()].map((name, i) => [name, i]));
  const flows = solved.flatMap((g) => g.result.flows).sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return { groups: solved.map((g) => g.result), flows, links: busiest === undefined ? [] : everyLinkAndMemory(fabric, busiest.solution) };
}

/**
 * What `simulatePlans(…, group)` gives, taken from a simulation of every
 * group instead of solving the group again: its flows, and as `links` every
 * link and memory of the fabric with the group's loads.
 */
export function oneGroupOf(fabric: Fabric, all: SimulationResult, group: string): SimulationResult {
  const result = all.groups.find((g) => g.group === group);
  if (result === undefined) return { groups: [], flows: [], links: [] };
  const loaded = new Map([...result.links, ...result.memories].map((link) => [link.id, link]));
  const links = fabric.links.map((link) => loaded.get(link.id) ?? linkResult(link, 0));
  const memories = fabric.resources.flatMap((resource) => (resource.kind === 'memory' ? [loaded.get(resource.id) ?? memoryResult(resource, 0)] : []));
  return { groups: [result], flows: result.flows, links: [...links, ...memories] };
}

interface SolvedGroup {
  readonly result: GroupResult;
  /** The utilisation of its most utilised link or memory; 0 when it loads nothing. */
  readonly peakUtilization: number;
  readonly solution: UsedShareResult;
}

function simulateGroup(fabric: Fabric, plans: readonly FlowPlan[], group: string): SolvedGroup {
  const solution = maxMinShareOfUsed(fabric.resources, plans.map((plan) => ({ route: plan.uses, weights: plan.weights, cap: plan.capBytesPerSecond })));
  const flowResults = plans.map((plan, i) => flowResult(fabric, plan, solution.rates[i]!, solution.bottlenecks[i]!));
  const { used, usedLoads } = solution;
  const links: LinkResult[] = [];
  const memories: LinkResult[] = [];
  for (let i = 0; i < used.length; i++) {
    const resource = fabric.resources[used[i]!]!;
    if (resource.kind === 'memory') memories.push(memoryResult(resource, usedLoads[i]!));
    const link = resource.link;
    if (link === undefined) continue;
    // A link's two directions are adjacent resources: report the link once, at the first one used.
    if (used[i] === link.forward) links.push(linkResult(link, Math.max(usedLoads[i]!, used[i + 1] === link.backward ? usedLoads[i + 1]! : 0)));
    else if (used[i - 1] !== link.forward) links.push(linkResult(link, Math.max(0, usedLoads[i]!)));
  }
  const peakUtilization = [...links, ...memories].reduce((max, link) => Math.max(max, link.utilization), 0);
  return { result: { group, flows: flowResults, links, memories }, peakUtilization, solution };
}

/** The contract's `links`: every link, then every memory, with no load where the group has none. */
function everyLinkAndMemory(fabric: Fabric, solution: UsedShareResult): LinkResult[] {
  const loads = new Float64Array(fabric.resources.length);
  solution.used.forEach((r, i) => (loads[r] = solution.usedLoads[i]!));
  const links = fabric.links.map((link) => linkResult(link, Math.max(loads[link.forward]!, loads[link.backward]!)));
  const memories = fabric.resources.flatMap((resource, r) => (resource.kind === 'memory' ? [memoryResult(resource, loads[r]!)] : []));
  return [...links, ...memories];
}

const linkResult = (link: FabricLink, load: number): LinkResult => ({ id: link.id, capacityBytesPerSecond: link.capacity, loadBytesPerSecond: load, utilization: link.capacity > 0 ? load / link.capacity : 0, derivation: link.derivation });

const memoryResult = (memory: Resource, load: number): LinkResult => ({ id: memory.id, capacityBytesPerSecond: memory.capacity, loadBytesPerSecond: load, utilization: memory.capacity > 0 ? load / memory.capacity : 0, derivation: memory.derivation });

function flowResult(fabric: Fabric, plan: FlowPlan, rate: number, bottleneckIndex: number): FlowResult {
  const flow = plan.flow;
  const demand = demandBytesPerSecond(flow);
  const ring = ringOf(flow);
  // What the path carries of the demand; then what the ring keeps of that (simulation.md § 6).
  const carried = plan.problem === undefined ? rate : 0;
  const pathDropShare = demand !== undefined && Number.isFinite(demand) && demand > 0 && carried < demand ? 1 - carried / demand : 0;
  const ringDrop = ring?.dropShare ?? 0;
  const dropShare = periodSeconds(flow) !== undefined ? 1 - (1 - pathDropShare) * (1 - ringDrop) : 0;
  const latency = latencyOf(fabric, plan);
  const figures: FlowFigures = {
    name: flow.name,
    group: flow.group,
    via: plan.via,
    viaReason: plan.viaReason,
    throughputBytesPerSecond: carried * (1 - ringDrop),
    transferSeconds: carried > 0 && Number.isFinite(carried) ? flow.sizeBytes / carried + latency.seconds : carried === 0 ? Infinity : latency.seconds,
    latencySeconds: latency.seconds,
    copies: plan.copies,
    cpuBytes: plan.cpuBytes,
    bottleneck: bottleneckOf(fabric, plan, bottleneckIndex),
    path: plan.nodes,
    pathClass: plan.pathClass,
    demandBytesPerSecond: demand,
    carriedBytesPerSecond: carried,
    pathDropShare,
    dropShare,
    ring,
  };
  return { ...figures, derivations: flowDerivations(fabric, plan, figures, latency, bottleneckIndex) };
}

/** The solver's answer for a flow, typed: a resource it froze on, or the flow's own cap. */
function bottleneckOf(fabric: Fabric, plan: FlowPlan, index: number): Bottleneck {
  if (plan.problem !== undefined) return { kind: 'unroutable' };
  if (index === UNBOUNDED) return { kind: 'none' };
  if (index === CAP) {
    if (plan.capReason === 'kernel') return { kind: 'kernel', id: plan.stackCpu! };
    if (plan.capReason === 'pinned') return { kind: 'pinned', host: plan.pinned!.host };
    return { kind: 'demand' };
  }
  const resource = fabric.resources[index]!;
  if (resource.link !== undefined) return { kind: 'link', id: resource.link.id };
  // An engine's or a drive's resource is named after its device: `h.dma0 engine`, `h.ssd read`.
  if (resource.kind === 'engine' || resource.kind === 'media') return { kind: resource.kind, id: resource.id.replace(/ (engine|read|write)$/, '') };
  return { kind: 'memory', id: resource.id };
}

/**
 * A periodic flow into a buffer of `count` slots with a `consume` time: if
 * the consumer is slower than the period, the ring fills and drops
 * 1 − period / consume; otherwise nothing drops, and the spare slots absorb
 * a consumer delay of (count − 1) × (period − consume).
 */
function ringOf(flow: FlowModel): RingResult | undefined {
  const period = periodSeconds(flow);
  const consume = flow.consumeSeconds;
  if (period === undefined || consume === undefined) return undefined;
  const slots = flow.to?.kind === 'buffer' ? flow.to.count : 1;
  if (consume > period) return { slots, periodSeconds: period, consumeSeconds: consume, dropShare: 1 - period / consume, burstAbsorbedSeconds: 0 };
  return { slots, periodSeconds: period, consumeSeconds: consume, dropShare: 0, burstAbsorbedSeconds: (slots - 1) * (period - consume) };
}

/**
 * simulation.md § 5: link latencies (PCIe per switch or root complex),
 * DMA setup per hop, and for kernel paths the syscall and interrupt per
 * side and the CPU copies; for staged paths the pipeline fill, one chunk
 * through every stage.
 */
function latencyOf(fabric: Fabric, plan: FlowPlan): LatencyParts {
  const flow = plan.flow;
  let seconds = plan.linkLatencySeconds + plan.dmaHops * DMA_SETUP_SECONDS;
  let kernel: LatencyParts['kernel'];
  let staged: LatencyParts['staged'];
  if (plan.via === 'kernel') {
    const copies = plan.hops.filter((h) => h.kind === 'copy');
    const copySeconds = copies.reduce((sum, h) => sum + secondsFor(h.share * flow.sizeBytes, hopRate(fabric, h)), 0);
    seconds += 2 * KERNEL_SIDE_SECONDS + copySeconds;
    kernel = { sideSeconds: KERNEL_SIDE_SECONDS, copySeconds };
  }
  if (plan.via === 'staged') {
    const chunkBytes = Math.min(flow.chunkBytes, flow.sizeBytes);
    const fillSeconds = plan.hops.reduce((sum, h) => sum + secondsFor(chunkBytes, hopRate(fabric, h)), 0);
    seconds += fillSeconds;
    staged = { chunkBytes, fillSeconds };
  }
  return { seconds, linkSeconds: plan.linkLatencySeconds, dmaHops: plan.dmaHops, kernel, staged };
}
