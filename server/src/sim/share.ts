// Capped max-min fair sharing (simulation.md § 4): progressive filling over
// every resource, all flows of equal weight. Every unfrozen flow runs at the
// same level λ; a resource saturates when its frozen load plus λ times the
// usage of its unfrozen flows reaches its capacity; a flow freezes at its cap
// or at the level where one of its resources saturates. This is the fixed
// point SimGrid's CM02 model computes (Casanova et al., "Versatile,
// scalable, and accurate simulation of distributed applications and
// platforms", JPDC 74(10), 2014: the LMM max-min system).
//
// Events are taken in order of level from a heap, so a solve costs
// O(Σ route length × log resources) rather than a full pass per bottleneck.

export interface ShareResource {
  readonly capacity: number;
}

export interface ShareFlow {
  /** Indices of the resources the flow uses; a resource listed twice is used twice. */
  readonly route: readonly number[];
  /**
   * How much of each listed resource one byte of the flow takes (default 1):
   * a strided gather's small TLPs take more of a PCIe link per payload byte,
   * a cached read only part of the device's path.
   */
  readonly weights?: readonly number[];
  /** The flow's own limit (its demand), or Infinity. */
  readonly cap: number;
}

export interface ShareResult {
  /** Rate of each flow, in the resources' unit. Infinity for an uncapped flow that uses nothing. */
  readonly rates: Float64Array;
  /** What froze each flow: a resource index, or -1 for its cap, -2 for nothing at all. */
  readonly bottlenecks: Int32Array;
  /** Load of each resource at the solution. */
  readonly loads: Float64Array;
}

export const CAP = -1;
export const UNBOUNDED = -2;

/**
 * The resources not yet saturated, in a binary min-heap ordered by the level
 * at which each saturates, then by index (so ties go to the resource declared
 * first). Each resource is in it once, keyed by its current `saturation`, and
 * moves when that changes: the same order of events as a heap of every
 * (level, resource) ever pushed that skips outdated ones, without their
 * pile-up (a push per resource of each frozen flow).
 */
class SaturationHeap {
  private readonly heap: Int32Array;
  /** Each resource's place in `heap`, -1 when it is not in it. */
  private readonly place: Int32Array;
  private count = 0;

  constructor(private readonly saturation: Float64Array) {
    this.heap = new Int32Array(saturation.length);
    this.place = new Int32Array(saturation.length).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** The resource that saturates first. */
  top(): number {
    return this.heap[0]!;
  }

  /** Puts `r` in at its saturation, or moves it there. */
  set(r: number): void {
    const at = this.place[r]!;
    if (at < 0) {
      this.place[r] = this.count;
      this.heap[this.count] = r;
      this.up(this.count++);
    } else {
      this.up(at);
      this.down(this.place[r]!);
    }
  }

  remove(r: number): void {
    const at = this.place[r]!;
    if (at < 0) return;
    this.place[r] = -1;
    const last = this.heap[--this.count]!;
    if (at === this.count) return;
    this.heap[at] = last;
    this.place[last] = at;
    this.up(at);
    this.down(this.place[last]!);
  }

  private before(a: number, b: number): boolean {
    const levelA = this.saturation[a]!;
    const levelB = this.saturation[b]!;
    return levelA < levelB || (levelA === levelB && a < b);
  }

  private up(i: number): void {
    const heap = this.heap;
    const r = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(r, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      this.place[heap[i]!] = i;
      i = parent;
    }
    heap[i] = r;
    this.place[r] = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const r = heap[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.count) break;
      const right = left + 1;
      const child = right < this.count && this.before(heap[right]!, heap[left]!) ? right : left;
      if (!this.before(heap[child]!, r)) break;
      heap[i] = heap[child]!;
      this.place[heap[i]!] = i;
      i = child;
    }
    heap[i] = r;
    this.place[r] = i;
  }
}

/**
 * The flows in flat arrays: flow f uses `resource[start[f] .. start[f + 1])`
 * with `weight` at the same places; a few typed arrays instead of an array
 * and an object per flow.
 */
interface FlatFlows {
  readonly start: Int32Array;
  readonly resource: Int32Array;
  readonly weight: Float64Array;
  readonly cap: Float64Array;
}

function flatten(flows: readonly ShareFlow[], resourceOf: (r: number) => number): FlatFlows {
  const start = new Int32Array(flows.length + 1);
  for (let f = 0; f < flows.length; f++) start[f + 1] = start[f]! + flows[f]!.route.length;
  const resource = new Int32Array(start[flows.length]!);
  const weight = new Float64Array(start[flows.length]!);
  const cap = new Float64Array(flows.length);
  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f]!;
    const at = start[f]!;
    for (let i = 0; i < flow.route.length; i++) {
      resource[at + i] = resourceOf(flow.route[i]!);
      weight[at + i] = flow.weights?.[i] ?? 1;
    }
    cap[f] = flow.cap;
  }
  return { start, resource, weight, cap };
}

const same = (r: number): number => r;

export function maxMinShare(resources: readonly ShareResource[], flows: readonly ShareFlow[]): ShareResult {
  return solve(Float64Array.from(resources, (r) => r.capacity), flatten(flows, same));
}

function solve(capacity: Float64Array, flows: FlatFlows): ShareResult {
  const { start, resource, weight, cap } = flows;
  const resourceCount = capacity.length;
  const flowCount = cap.length;
  // usage[r]: Σ of unfrozen flows' weights on r; fixed[r]: load of frozen flows on r.
  const usage = new Float64Array(resourceCount);
  const fixed = new Float64Array(resourceCount);
  // Which flows use each resource (with repeats), as a CSR adjacency.
  const degree = new Int32Array(resourceCount + 1);
  for (let i = 0; i < resource.length; i++) degree[resource[i]! + 1]!++;
  for (let r = 0; r < resourceCount; r++) degree[r + 1]! += degree[r]!;
  const users = new Int32Array(degree[resourceCount]!);
  const fill = degree.slice(0, resourceCount);
  for (let f = 0; f < flowCount; f++) {
    for (let i = start[f]!; i < start[f + 1]!; i++) {
      const r = resource[i]!;
      users[fill[r]!++] = f;
      usage[r]! += weight[i]!;
    }
  }

  const rates = new Float64Array(flowCount);
  const bottlenecks = new Int32Array(flowCount).fill(UNBOUNDED);
  const frozen = new Uint8Array(flowCount);
  // The level at which each resource saturates; the heap holds the resources that have not yet.
  const saturation = new Float64Array(resourceCount).fill(Infinity);
  const heap = new SaturationHeap(saturation);
  for (let r = 0; r < resourceCount; r++) {
    if (usage[r]! > 0) {
      saturation[r] = capacity[r]! / usage[r]!;
      heap.set(r);
    }
  }
  // A resource whose flows are being frozen because it saturated: it stays out of the heap.
  const saturated = new Uint8Array(resourceCount);
  // Caps in increasing order (ties in flow order): a second event stream beside the heap.
  const byCap: number[] = [];
  for (let f = 0; f < flowCount; f++) if (Number.isFinite(cap[f]!)) byCap.push(f);
  byCap.sort((a, b) => cap[a]! - cap[b]!);
  let nextCap = 0;

  const freeze = (f: number, level: number, bottleneck: number): void => {
    frozen[f] = 1;
    rates[f] = level;
    bottlenecks[f] = bottleneck;
    for (let i = start[f]!; i < start[f + 1]!; i++) {
      const r = resource[i]!;
      const w = weight[i]!;
      fixed[r]! += w * level;
      usage[r]! -= w;
      // Below rounding noise, no unfrozen flow is left on r.
      if (usage[r]! <= 1e-12) {
        usage[r] = 0;
        saturation[r] = Infinity;
        heap.remove(r);
        continue;
      }
      if (saturated[r] === 1) continue;
      // The level at which r now saturates; never below the current level (rounding).
      saturation[r] = Math.max(level, (capacity[r]! - fixed[r]!) / usage[r]!);
      heap.set(r);
    }
  };

  let unfrozen = flowCount;
  while (unfrozen > 0) {
    while (nextCap < byCap.length && frozen[byCap[nextCap]!] === 1) nextCap++;
    const capLevel = nextCap < byCap.length ? cap[byCap[nextCap]!]! : Infinity;
    const resourceLevel = heap.size > 0 ? saturation[heap.top()]! : Infinity;
    if (capLevel === Infinity && resourceLevel === Infinity) break;
    // At equal levels the cap wins: a flow that gets exactly its demand is limited by it.
    if (capLevel <= resourceLevel) {
      const f = byCap[nextCap++]!;
      freeze(f, capLevel, CAP);
      unfrozen--;
      continue;
    }
    const r = heap.top();
    const level = saturation[r]!;
    heap.remove(r);
    saturated[r] = 1;
    for (let i = degree[r]!; i < degree[r + 1]!; i++) {
      const f = users[i]!;
      if (frozen[f] === 1) continue;
      freeze(f, level, r);
      unfrozen--;
    }
    saturation[r] = Infinity;
  }
  // Flows that use no resource and have no cap are unbounded.
  for (let f = 0; f < flowCount; f++) if (frozen[f] === 0) rates[f] = Infinity;

  const loads = new Float64Array(resourceCount);
  for (let f = 0; f < flowCount; f++) {
    const rate = rates[f]!;
    if (!Number.isFinite(rate)) continue;
    for (let i = start[f]!; i < start[f + 1]!; i++) loads[resource[i]!]! += weight[i]! * rate;
  }
  return { rates, bottlenecks, loads };
}

export interface UsedShareResult {
  /** Rate of each flow, as maxMinShare gives it. */
  readonly rates: Float64Array;
  /** What froze each flow: an index into the full resource list, or CAP, or UNBOUNDED. */
  readonly bottlenecks: Int32Array;
  /** The indices of the resources the flows use, ascending. */
  readonly used: Int32Array;
  /** The load of each resource of `used`, in the same order. */
  readonly usedLoads: Float64Array;
}

/**
 * Each resource's local index while maxMinShareOfUsed runs, -1 otherwise:
 * kept between calls and reset entry by entry, so that a group of a few
 * flows costs its routes, not the resource list.
 */
let localOf = new Int32Array(0);

/**
 * maxMinShare over only the resources the flows use, so that a few flows
 * among many resources cost their routes, not the resource list. Renumbering
 * the used resources in ascending order keeps every tie broken as the full
 * solve breaks it: the rates, bottlenecks and loads are the same numbers.
 */
export function maxMinShareOfUsed(resources: readonly ShareResource[], flows: readonly ShareFlow[]): UsedShareResult {
  if (localOf.length < resources.length) localOf = new Int32Array(Math.max(resources.length, 2 * localOf.length)).fill(-1);
  const seen: number[] = [];
  for (const flow of flows) {
    for (const r of flow.route) {
      if (localOf[r] !== -1) continue;
      localOf[r] = 0;
      seen.push(r);
    }
  }
  const used = Int32Array.from(seen).sort();
  used.forEach((r, local) => (localOf[r] = local));
  try {
    const capacity = Float64Array.from(used, (r) => resources[r]!.capacity);
    const solution = solve(capacity, flatten(flows, (r) => localOf[r]!));
    const bottlenecks = solution.bottlenecks.map((b) => (b >= 0 ? used[b]! : b));
    return { rates: solution.rates, bottlenecks, used, usedLoads: solution.loads };
  } finally {
    for (const r of used) localOf[r] = -1;
  }
}
