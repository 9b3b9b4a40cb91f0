// The simulation of a topology (simulation.md § 4–5): flows of one group
// run together and share every resource max-min fairly; each flow gets its
// throughput, bottleneck, path, path class, latency and transfer time, each
// link its load and utilisation in its busier direction.
import type { FlowModel, TopologyModel, Via } from '../model/index';
import { assumed, byDefault, derived, input, type Derivation, type Term } from './derivation';
import { Fabric, type FabricLink, type PathClass, type Resource } from './fabric';
import { DMA_SETUP_SECONDS, hopRate, Planner, secondsFor, type FlowPlan } from './plan';
import { builds } from './builds';
import { demandBytesPerSecond, periodSeconds } from './demand';
import { CAP, maxMinShareOfUsed, UNBOUNDED, type UsedShareResult } from './share';

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
  /** For a ring that drops nothing: the consumer delay its spare slots absorb, (count − 1) × (period − consume). */
  readonly burstAbsorbedSeconds: number | undefined;
  readonly derivations: {
    readonly throughput: Derivation;
    readonly latency: Derivation;
    readonly transferTime: Derivation;
    readonly dropRate: Derivation;
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

const linkResult = (link: FabricLink, load: number): LinkResult => ({ id: link.id, capacity: link.capacity, load, utilization: link.capacity > 0 ? load / link.capacity : 0, derivation: link.derivation });

const memoryResult = (memory: Resource, load: number): LinkResult => ({ id: memory.id, capacity: memory.capacity, load, utilization: memory.capacity > 0 ? load / memory.capacity : 0, derivation: memory.derivation });

function flowResult(fabric: Fabric, plan: FlowPlan, rate: number, bottleneckIndex: number): FlowResult {
  const flow = plan.flow;
  const routed = plan.problem === undefined;
  const bottleneck = !routed ? 'unroutable' : bottleneckIndex === CAP ? plan.capReason : bottleneckIndex === UNBOUNDED ? 'none' : resourceName(fabric, bottleneckIndex);
  const demand = demandBytesPerSecond(flow) ?? Infinity;
  const ring = ringOf(flow);
  // What the path carries of the demand; then what the ring keeps of that (simulation.md § 6).
  const carried = routed ? rate : 0;
  const linkDrop = Number.isFinite(demand) && demand > 0 && carried < demand ? 1 - carried / demand : 0;
  const periodic = flow.frequencyHz !== undefined || flow.everySeconds !== undefined;
  const dropRate = periodic ? 1 - (1 - linkDrop) * (1 - ring.dropRate) : 0;
  const throughput = carried * (1 - ring.dropRate);
  const latency = latencyOf(fabric, plan);
  const transferTime = carried > 0 && Number.isFinite(carried) ? flow.sizeBytes / carried + latency.value : carried === 0 ? Infinity : latency.value;
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
    dropRate,
    burstAbsorbedSeconds: ring.burstAbsorbedSeconds,
    derivations: {
      throughput: throughputDerivation(fabric, plan, throughput, bottleneck, bottleneckIndex, ring.dropRate),
      latency,
      transferTime: {
        quantity: `time of one transfer of ${flow.name}`,
        value: transferTime,
        unit: 's',
        formula: 'size / rate + latency',
        terms: [
          { name: 'size', value: flow.sizeBytes, unit: 'B', source: input('size') },
          { name: 'rate', value: carried, unit: 'B/s', source: derived },
          { name: 'latency', value: latency.value, unit: 's', source: derived, derivation: latency },
        ],
      },
      dropRate: dropDerivation(flow.name, demand, carried, linkDrop, ring, dropRate),
    },
  };
}

interface Ring {
  readonly dropRate: number;
  readonly periodSeconds: number | undefined;
  readonly consumeSeconds: number | undefined;
  readonly count: number;
  readonly burstAbsorbedSeconds: number | undefined;
}

/**
 * A periodic flow into a buffer of `count` slots with a `consume` time: if
 * the consumer is slower than the period, the ring fills and drops
 * 1 − period / consume; otherwise nothing drops, and the spare slots absorb
 * a consumer delay of (count − 1) × (period − consume).
 */
function ringOf(flow: FlowModel): Ring {
  const period = periodSeconds(flow);
  const consume = flow.consumeSeconds;
  const count = flow.to?.kind === 'buffer' ? flow.to.count : 1;
  if (period === undefined || consume === undefined) return { dropRate: 0, periodSeconds: period, consumeSeconds: consume, count, burstAbsorbedSeconds: undefined };
  if (consume > period) return { dropRate: 1 - period / consume, periodSeconds: period, consumeSeconds: consume, count, burstAbsorbedSeconds: 0 };
  return { dropRate: 0, periodSeconds: period, consumeSeconds: consume, count, burstAbsorbedSeconds: (count - 1) * (period - consume) };
}

function dropDerivation(name: string, demand: number, carried: number, linkDrop: number, ring: Ring, value: number): Derivation {
  const terms: Term[] = [];
  if (Number.isFinite(demand)) {
    terms.push({ name: 'demand', value: demand, unit: 'B/s', source: input('rate or every') }, { name: 'carried', value: carried, unit: 'B/s', source: derived }, { name: 'path drop', value: linkDrop, unit: 'ratio', source: derived });
  }
  if (ring.consumeSeconds !== undefined && ring.periodSeconds !== undefined) {
    terms.push(
      { name: 'period', value: ring.periodSeconds, unit: 's', source: input('rate or every') },
      { name: 'consume', value: ring.consumeSeconds, unit: 's', source: input('consume') },
      { name: 'ring slots', value: ring.count, unit: 'buffers', source: input('count') },
      { name: 'ring drop', value: ring.dropRate, unit: 'ratio', source: derived },
    );
  }
  return {
    quantity: `drop rate of ${name}`,
    value,
    unit: 'ratio',
    formula: '1 − (1 − path drop) × (1 − ring drop); path drop = 1 − carried / demand; ring drop = 1 − period / consume when consume > period',
    terms,
    limitedBy: ring.dropRate > 0 ? 'the consumer is slower than the period' : linkDrop > 0 ? 'the path carries less than the demand' : 'nothing drops',
  };
}

function throughputDerivation(fabric: Fabric, plan: FlowPlan, throughput: number, bottleneck: string, index: number, ringDrop: number): Derivation {
  const terms: Term[] = [];
  if (index >= 0) {
    const resource = fabric.resources[index]!;
    terms.push({ name: `capacity of ${bottleneck}`, value: resource.capacity, unit: 'B/s', source: derived, derivation: resource.derivation });
  }
  if (plan.capReason === 'pinned' && plan.pinned !== undefined) {
    const p = plan.pinned;
    terms.push(
      { name: `bounce bytes on ${p.host}`, value: p.bounceBytes, unit: 'B', source: input('bounce buffers: size × count') },
      { name: 'chunk', value: p.chunkBytes, unit: 'B', source: input('chunk') },
      { name: 'round of one chunk through its stages', value: p.roundSeconds, unit: 's', source: derived },
    );
  }
  if (Number.isFinite(plan.capBytesPerSecond)) terms.push({ name: plan.capReason === 'demand' ? 'demand' : `limit (${plan.capReason})`, value: plan.capBytesPerSecond, unit: 'B/s', source: derived });
  if (ringDrop > 0) terms.push({ name: 'ring drop', value: ringDrop, unit: 'ratio', source: derived });
  const formula =
    index === CAP
      ? plan.capReason === 'pinned'
        ? 'bounce bytes / round time of one chunk (Little\'s law)'
        : plan.capReason === 'demand'
          ? 'its demand: the path carries all of it'
          : 'one core\'s kernel network stack'
      : 'its max-min fair share of the bottleneck, with the other flows of its group';
  return { quantity: `throughput of ${plan.flow.name}`, value: throughput, unit: 'B/s', formula: ringDrop > 0 ? `${formula}, less what the ring drops` : formula, terms, limitedBy: bottleneck };
}

function resourceName(fabric: Fabric, index: number): string {
  const resource = fabric.resources[index]!;
  if (resource.link !== undefined) return resource.link.id;
  if (resource.kind === 'engine') return resource.id.replace(/ (engine|read|write)$/, '');
  return resource.id;
}

/**
 * simulation.md § 5: link latencies (PCIe per switch or root complex),
 * DMA setup per hop, and for kernel paths the syscall and interrupt per
 * side and the CPU copies; for staged paths the pipeline fill, one chunk
 * through every stage.
 */
function latencyOf(fabric: Fabric, plan: FlowPlan): Derivation {
  const flow = plan.flow;
  const terms: Term[] = [
    { name: 'link latencies', value: plan.linkLatencySeconds, unit: 's', source: derived },
    { name: 'DMA hops', value: plan.dmaHops, unit: 'hops', source: derived },
    { name: 'DMA setup per descriptor chain', value: DMA_SETUP_SECONDS, unit: 's', source: assumed('a typical descriptor fetch and doorbell; engines vary') },
  ];
  let value = plan.linkLatencySeconds + plan.dmaHops * DMA_SETUP_SECONDS;
  let formula = 'link latencies + DMA setup × DMA hops';
  if (plan.via === 'kernel') {
    const copies = plan.hops.filter((h) => h.kind === 'copy');
    const copySeconds = copies.reduce((sum, h) => sum + secondsFor(h.share * flow.sizeBytes, hopRate(fabric, h)), 0);
    value += 2 * KERNEL_SIDE_SECONDS + copySeconds;
    formula += ' + 2 × syscall and interrupt + CPU copy time';
    terms.push({ name: 'syscall and interrupt per side', value: KERNEL_SIDE_SECONDS, unit: 's', source: assumed('typical Linux socket send or receive path') }, { name: 'CPU copy time', value: copySeconds, unit: 's', source: derived });
  }
  if (plan.via === 'staged') {
    const chunk = Math.min(flow.chunkBytes, flow.sizeBytes);
    const fill = plan.hops.reduce((sum, h) => sum + secondsFor(chunk, hopRate(fabric, h)), 0);
    value += fill;
    formula += ' + pipeline fill (one chunk through every stage)';
    terms.push({ name: 'chunk', value: chunk, unit: 'B', source: flow.chunkBytes === 2 ** 20 ? byDefault('chunk 1 MiB') : input('chunk') }, { name: 'pipeline fill', value: fill, unit: 's', source: derived });
  }
  return { quantity: `latency of ${flow.name}`, value, unit: 's', formula, terms };
}
