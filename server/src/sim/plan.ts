// A flow's plan: which `via` it takes (and why), the chain of hops that
// `via` means (simulation.md § 2), the resources those hops load, its path
// and path class (§ 3), its copies and CPU bytes. Flows are planned even
// when rules report errors about them.
import type { BufferModel, CpuModel, DeviceModel, FlowEndpoint, FlowModel, HostModel, LinkEnd, MemoryModel, Via } from '../model/index';
import { pcieWriteCapacity } from './capacity/pcie';
import { builds } from './builds';
import { demandBytesPerSecond } from './demand';
import type { Fabric, FabricLink, Route } from './fabric';
import { classRank, GDR_LIMIT, p2pLimit, withinLimit, worseClass, type PathClass } from './nccl';

/** Where data sits: a host memory, or a device (its own memory, or the device itself as a source or sink). */
type Location = MemoryModel | DeviceModel;

export interface Hop {
  /** A DMA by a device's engine, or a copy by a cpu. */
  readonly kind: 'dma' | 'copy';
  /** The device or cpu that does the work. */
  readonly engine: string;
  readonly from: string;
  readonly to: string;
  /** Resource indices the hop loads, with the load per byte of the flow on each. */
  readonly uses: number[];
  readonly weights: number[];
  /** Latency of the links it crosses. */
  latencySeconds: number;
  /** The share of the flow's bytes this hop carries (a cached read splits them). */
  readonly share: number;
  /** The device of a DMA hop. */
  readonly device?: DeviceModel;
  /** The buffers a DMA hop reads and writes, where they are declared (not the kernel's own socket buffers). */
  readonly fromBuffer?: BufferModel;
  readonly toBuffer?: BufferModel;
  /** A hop into or out of a kernel socket buffer: the kernel's DMA API maps those itself. */
  readonly socketBuffer?: boolean;
}

export interface FlowPlan {
  readonly flow: FlowModel;
  /** The via taken: the flow's own, or the one chosen for it. */
  readonly via: Via | undefined;
  readonly viaReason: string;
  readonly hops: readonly Hop[];
  /** Resource indices, once per use (a CPU copy loads its memory twice), with the load per byte on each. */
  readonly uses: readonly number[];
  readonly weights: readonly number[];
  readonly nodes: readonly string[];
  readonly pathClass: PathClass | undefined;
  readonly copies: number;
  readonly cpuBytes: number;
  /** The flow's own limit in B/s (its demand, the kernel stacks), Infinity if none. */
  readonly capBytesPerSecond: number;
  /** What the cap is: the flow's demand, its pinned bounce bytes, or a cpu's kernel network stack (`stackCpu`). */
  readonly capReason: 'demand' | 'pinned' | 'kernel';
  /** The cpu whose network stack caps a kernel path, when `capReason` is `kernel`. */
  readonly stackCpu?: string | undefined;
  /** Latency of the links crossed. */
  readonly linkLatencySeconds: number;
  readonly dmaHops: number;
  /** Why the flow cannot be simulated (no route); then it has no hops. */
  readonly problem: string | undefined;
  /** The pinned-memory limit of a staged pipeline, on its tightest host. */
  readonly pinned?: PinnedLimit | undefined;
}

/**
 * A staged pipeline keeps at most its bounce bytes in flight, each chunk for
 * one round through the stages that fill and drain the bounce buffer; by
 * Little's law it runs at most at bounce bytes / round time (simulation.md § 6).
 */
export interface PinnedLimit {
  readonly rate: number;
  readonly host: string;
  /** The bounce buffer on that host. */
  readonly buffer: BufferModel;
  readonly bounceBytes: number;
  readonly chunkBytes: number;
  readonly roundSeconds: number;
}

/** Setting up one DMA descriptor chain (assumed: no published figure covers every engine). */
export const DMA_SETUP_SECONDS = 1e-6;

/** Builds the plan of each flow over a fabric. */
export class Planner {
  constructor(private readonly fabric: Fabric) {
    builds.planners++;
  }

  plan(flow: FlowModel): FlowPlan {
    try {
      return new FlowPlanner(this.fabric, flow).plan();
    } catch (error) {
      if (error instanceof Unroutable) return unplanned(flow, error.message);
      throw error;
    }
  }
}

class Unroutable extends Error {}

function unplanned(flow: FlowModel, problem: string): FlowPlan {
  return {
    flow,
    via: flow.via,
    viaReason: problem,
    hops: [],
    uses: [],
    weights: [],
    nodes: [],
    pathClass: undefined,
    copies: 0,
    cpuBytes: 0,
    capBytesPerSecond: 0,
    capReason: 'demand',
    linkLatencySeconds: 0,
    dmaHops: 0,
    problem,
  };
}


const locationOf = (endpoint: FlowEndpoint): Location | undefined => (endpoint.kind === 'device' ? endpoint : endpoint.location);
const bufferOf = (endpoint: FlowEndpoint): BufferModel | undefined => (endpoint.kind === 'buffer' ? endpoint : undefined);
const isGpuMemory = (location: Location | undefined): boolean => location?.kind === 'device' && location.deviceKind === 'gpu';
/** The part of the PCIe tree a location hangs from: a memory's cpu, or the device itself. */
const attachment = (location: Location): LinkEnd | undefined => (location.kind === 'memory' ? location.cpu : location);

class FlowPlanner {
  private readonly hops: Hop[] = [];
  private readonly nodes: string[] = [];
  /** The hop being planned: its resources go to it. */
  private hop: Hop | undefined;
  /** The share of the flow's bytes the hops being planned carry. */
  private share = 1;
  private copies = 0;
  private cpuBytes = 0;
  private linkLatency = 0;
  private dmaHops = 0;
  private pathClass: PathClass | undefined;
  private stackCap: { rate: number; cpu: string } | undefined;
  /** The NICs `nicsFor` chose, once asked (null: not asked yet). */
  private nics: { local: DeviceModel; remote: DeviceModel } | undefined | null = null;

  constructor(
    private readonly fabric: Fabric,
    private readonly flow: FlowModel,
  ) {}

  plan(): FlowPlan {
    const { from, to } = this.flow;
    if (from === undefined || to === undefined) throw new Unroutable('an endpoint did not resolve');
    const source = locationOf(from);
    const target = locationOf(to);
    if (source === undefined || target === undefined) throw new Unroutable('a buffer has no memory or device to live in');
    const { via, reason } = this.flow.via !== undefined ? { via: this.flow.via, reason: 'written in the flow' } : this.chooseVia(from, to, source, target);
    if (from.host !== to.host) this.planAcrossHosts(via, from, to, source, target);
    else this.planInHost(via, from, to, source, target);
    const demand = demandBytesPerSecond(this.flow) ?? Infinity;
    const pinned = via === 'staged' ? this.pinnedLimit() : undefined;
    let cap: { rate: number; reason: FlowPlan['capReason']; cpu?: string } = { rate: demand, reason: 'demand' };
    if (this.stackCap !== undefined && this.stackCap.rate < cap.rate) cap = { rate: this.stackCap.rate, reason: 'kernel', cpu: this.stackCap.cpu };
    if (pinned !== undefined && pinned.rate < cap.rate) cap = { rate: pinned.rate, reason: 'pinned' };
    const uses: number[] = [];
    const weights: number[] = [];
    for (const hop of this.hops) {
      for (let i = 0; i < hop.uses.length; i++) {
        uses.push(hop.uses[i]!);
        weights.push(hop.weights[i]!);
      }
    }
    return {
      flow: this.flow,
      via,
      viaReason: reason,
      hops: this.hops,
      uses,
      weights,
      nodes: this.nodes,
      pathClass: this.pathClass,
      copies: this.copies,
      cpuBytes: this.cpuBytes,
      capBytesPerSecond: cap.rate,
      capReason: cap.reason,
      stackCpu: cap.cpu,
      pinned,
      linkLatencySeconds: this.linkLatency,
      dmaHops: this.dmaHops,
      problem: undefined,
    };
  }

  /** The pinned limit on each host that stages through a declared bounce buffer; the tightest one. */
  private pinnedLimit(): PinnedLimit | undefined {
    let tightest: PinnedLimit | undefined;
    for (const bounce of this.flow.bounce) {
      const location = bounce.location;
      if (location === undefined) continue;
      const stages = this.hops.filter((h) => h.from === location.id || h.to === location.id);
      if (stages.length === 0) continue;
      const chunk = Math.min(this.flow.chunkBytes, this.flow.sizeBytes);
      const roundSeconds = stages.reduce((sum, h) => sum + secondsFor(chunk, hopRate(this.fabric, h)) + h.latencySeconds + (h.kind === 'dma' ? DMA_SETUP_SECONDS : 0), 0);
      const bounceBytes = bounce.sizeBytes * bounce.count;
      if (!(roundSeconds > 0)) continue;
      const rate = bounceBytes / roundSeconds;
      if (tightest === undefined || rate < tightest.rate) tightest = { rate, host: bounce.host.name, buffer: bounce, bounceBytes, chunkBytes: chunk, roundSeconds };
    }
    return tightest;
  }

  // ---- choosing a via (simulation.md § 2, "When via is absent") ---------------

  private chooseVia(from: FlowEndpoint, to: FlowEndpoint, source: Location, target: Location): { via: Via; reason: string } {
    if (from.host !== to.host) {
      const nics = this.nicsFor(from.host, to.host, source, target);
      const gpuEnd = isGpuMemory(source) || isGpuMemory(target);
      if (nics !== undefined && nics.local.rdma && nics.remote.rdma) {
        if (!gpuEnd) return { via: 'rdma', reason: `both NICs (${nics.local.id}, ${nics.remote.id}) have rdma and both ends are in host memory` };
        const worst = this.segmentClass(source, nics.local, target, nics.remote);
        if (withinLimit(worst, GDR_LIMIT)) {
          return { via: 'gpudirect', reason: `both NICs have rdma and the GPU–NIC path class is ${worst}, within NCCL's GDR limit (${GDR_LIMIT})` };
        }
        return { via: 'staged', reason: `the GPU–NIC path class is ${worst}, beyond NCCL's GDR limit (${GDR_LIMIT}): staged through host memory` };
      }
      const missing = nics === undefined ? 'no NIC joins the hosts' : `${[nics.local, nics.remote].filter((n) => !n.rdma).map((n) => n.id).join(' and ')} lacks rdma`;
      if (gpuEnd) return { via: 'staged', reason: `${missing}: a GPU buffer is staged through host memory` };
      return { via: 'kernel', reason: `${missing}: the kernel's sockets carry it` };
    }
    if (from.kind === 'device' && to.kind === 'buffer') {
      return target.kind === 'device'
        ? { via: 'p2p', reason: `${from.id} writes straight into ${target.id}'s memory, peer to peer` }
        : { via: 'zerocopy', reason: `${from.id} writes straight into the buffer by DMA` };
    }
    if (from.kind === 'buffer' && to.kind === 'device') return { via: 'zerocopy', reason: `${to.id} reads the buffer straight out of memory by DMA` };
    if (isGpuMemory(source) && isGpuMemory(target) && this.flow.engine === undefined) return this.gpuToGpu(source as DeviceModel, target as DeviceModel);
    if (from.kind === 'buffer' && to.kind === 'buffer' && !from.pinned && isGpuMemory(target) && this.flow.engine === undefined) {
      return { via: 'staged', reason: 'the source is pageable: the CPU copies it into a pinned bounce buffer, which the GPU reads (as CUDA does)' };
    }
    return { via: 'dma', reason: 'a DMA engine copies between the two buffers' };
  }

  /** GPU to GPU in one host: peer to peer when NCCL would allow it (`p2pLimit`), else through host memory. */
  private gpuToGpu(a: DeviceModel, b: DeviceModel): { via: Via; reason: string } {
    const route = this.fabric.hostRoute(a, b);
    const pathClass = route?.pathClass ?? 'SYS';
    const host = a.host;
    const { limit, amdPair } = p2pLimit(host, host.devices.filter((d) => d.deviceKind === 'gpu').length);
    if (withinLimit(pathClass, limit)) {
      return { via: 'p2p', reason: `the GPUs are ${pathClass} apart, within NCCL's P2P limit (${limit}${amdPair ? ', AMD CPUs with two GPUs' : ''})` };
    }
    return { via: 'staged', reason: `the GPUs are ${pathClass} apart, beyond NCCL's P2P limit (${limit}): staged through host memory` };
  }

  /** The NICs a flow between two hosts uses: for each side, the best path class to its buffer, then declaration order. */
  private nicsFor(local: HostModel, remote: HostModel, source: Location, target: Location): { local: DeviceModel; remote: DeviceModel } | undefined {
    // The same question for the same flow (choosing its via, then planning it): asked once.
    if (this.nics !== null) return this.nics;
    let best: { local: DeviceModel; remote: DeviceModel; rank: number } | undefined;
    for (const a of local.devices) {
      if (a.deviceKind !== 'nic') continue;
      let localRank = -1;
      for (const b of remote.devices) {
        if (b.deviceKind !== 'nic' || !this.fabric.connects(a, b)) continue;
        if (localRank < 0) localRank = this.rank(a, source);
        const score = localRank * 100 + this.rank(b, target);
        if (best === undefined || score < best.rank) best = { local: a, remote: b, rank: score };
      }
    }
    this.nics = best;
    return best;
  }

  /** How close a NIC is to where the data sits: the rank of their path class, 99 with no route. */
  private rank(nic: DeviceModel, location: Location): number {
    const end = attachment(location);
    const route = end === undefined ? undefined : this.fabric.hostRoute(end, nic);
    return route === undefined ? 99 : classRank(route.pathClass);
  }

  /**
   * The class of the device-to-NIC segments of a flow across a network
   * (simulation.md § 3): only ends in device memory count; a host-memory end
   * is an ordinary RDMA hop. NET when neither end is in a device.
   */
  private segmentClass(source: Location, localNic: DeviceModel, target: Location, remoteNic: DeviceModel): PathClass {
    const sending = this.deviceClass(source, localNic);
    const receiving = this.deviceClass(target, remoteNic);
    if (sending === undefined) return receiving ?? 'NET';
    return receiving === undefined ? sending : worseClass(sending, receiving);
  }

  /** The class between device memory and its NIC; undefined for host memory. */
  private deviceClass(location: Location, nic: DeviceModel): PathClass | undefined {
    if (location.kind !== 'device') return undefined;
    return this.fabric.hostRoute(location, nic)?.pathClass ?? 'SYS';
  }

  // ---- hops ------------------------------------------------------------------

  private planAcrossHosts(via: Via, from: FlowEndpoint, to: FlowEndpoint, source: Location, target: Location): void {
    const nics = this.nicsFor(from.host, to.host, source, target);
    if (nics === undefined) throw new Unroutable(`no NIC of ${from.host.name} reaches ${to.host.name} over a link or a network`);
    const network = this.fabric.networkRoute(nics.local, nics.remote)!;
    const staged = via === 'staged';
    const kernel = via === 'kernel';
    // Sending side.
    if (kernel) this.kernelSide(source, nics.local, 'send');
    else if (staged && isGpuMemory(source)) this.stage(source, nics.local, 'send', bufferOf(from));
    else this.dma(nics.local, source, nics.local, { from: bufferOf(from) });
    // The network.
    this.cross(network, nics.local.id);
    // Receiving side.
    if (kernel) this.kernelSide(target, nics.remote, 'receive');
    else if (staged && isGpuMemory(target)) this.stage(target, nics.remote, 'receive', bufferOf(to));
    else this.dma(nics.remote, nics.remote, target, { to: bufferOf(to) });
    this.pathClass = this.segmentClass(source, nics.local, target, nics.remote);
    if (kernel) {
      const cpus = [source, target].map((l) => (l.kind === 'memory' ? l.cpu : undefined)).filter((c): c is CpuModel => c !== undefined);
      for (const cpu of cpus) if (this.stackCap === undefined || cpu.stackBytesPerSecond < this.stackCap.rate) this.stackCap = { rate: cpu.stackBytesPerSecond, cpu: cpu.id };
    }
  }

  private planInHost(via: Via, from: FlowEndpoint, to: FlowEndpoint, source: Location, target: Location): void {
    if (via === 'staged') {
      // Host → GPU upload (or GPU → host download) through a pinned bounce buffer.
      const bounce = this.bounceOn(from.host);
      const bounceLocation = bounce?.location ?? (source.kind === 'memory' ? source : from.host.memories[0]);
      if (bounceLocation === undefined) throw new Unroutable(`host ${from.host.name} has no memory to stage in`);
      if (isGpuMemory(source) && isGpuMemory(target)) {
        // Through host memory, as NCCL's shared-memory transport: each GPU's engine moves its half.
        this.dma(source as DeviceModel, source, bounceLocation, { from: bufferOf(from), to: bounce });
        this.dma(target as DeviceModel, bounceLocation, target, { from: bounce, to: bufferOf(to) });
      } else if (isGpuMemory(target)) {
        this.cpuCopy(source, bounceLocation);
        this.dma(target as DeviceModel, bounceLocation, target, { from: bounce, to: bufferOf(to) });
      } else if (source.kind === 'device') {
        this.dma(source, source, bounceLocation, { from: bufferOf(from), to: bounce });
        this.cpuCopy(bounceLocation, target);
      } else {
        throw new Unroutable('a staged flow inside a host moves data between host memory and a device');
      }
      this.copies = 2;
      this.pathClass = this.classBetween(source, target);
      return;
    }
    const engine = this.engineFor(via, from, to, source, target);
    if (engine === undefined) throw new Unroutable('no device does the DMA: name the engine');
    // A read from storage with a page-cache hit ratio: that share is a CPU copy out of the cache (simulation.md § 6).
    const cached = from.kind === 'device' && target.kind === 'memory' ? (this.flow.cacheRatio ?? 0) : 0;
    if (cached > 0) {
      this.share = cached;
      this.cpuCopy(target, target);
      this.share = 1 - cached;
    }
    if (this.share > 0) this.dma(engine, source, target, { from: bufferOf(from), to: bufferOf(to) });
    this.share = 1;
    this.pathClass = this.classBetween(source, target);
  }

  /** The device whose DMA engine moves the data (simulation.md § 2, engine inference). */
  private engineFor(via: Via, from: FlowEndpoint, to: FlowEndpoint, source: Location, target: Location): DeviceModel | undefined {
    if (this.flow.engine !== undefined) return this.flow.engine;
    if (from.kind === 'device') return from;
    if (to.kind === 'device' && via !== 'p2p') return to;
    if (source.kind === 'device') return source;
    if (target.kind === 'device') return target;
    return undefined;
  }

  private classBetween(source: Location, target: Location): PathClass | undefined {
    const a = attachment(source);
    const b = attachment(target);
    if (a === undefined || b === undefined) return undefined;
    return this.fabric.hostRoute(a, b)?.pathClass;
  }

  private bounceOn(host: HostModel): BufferModel | undefined {
    return this.flow.bounce.find((buffer) => buffer.host === host);
  }

  /** A staged side: the GPU copies through a bounce buffer in host memory that the NIC reads or writes. */
  private stage(gpuMemory: Location, nic: DeviceModel, side: 'send' | 'receive', gpuBuffer: BufferModel | undefined): void {
    const gpu = gpuMemory as DeviceModel;
    const bounceBuffer = this.bounceOn(gpu.host);
    const bounce = bounceBuffer?.location ?? gpu.host.memories.find((m) => m.cpu !== undefined) ?? gpu.host.memories[0];
    if (bounce === undefined) throw new Unroutable(`host ${gpu.host.name} has no memory to stage in`);
    if (side === 'send') {
      this.dma(gpu, gpu, bounce, { from: gpuBuffer, to: bounceBuffer });
      this.dma(nic, bounce, nic, { from: bounceBuffer });
    } else {
      this.dma(nic, nic, bounce, { to: bounceBuffer });
      this.dma(gpu, bounce, gpu, { from: bounceBuffer, to: gpuBuffer });
    }
    this.copies += 2;
  }

  /** A kernel side: the CPU copies between the user buffer and a socket buffer in the same memory, which the NIC reads or writes. */
  private kernelSide(user: Location, nic: DeviceModel, side: 'send' | 'receive'): void {
    // The socket buffer is taken to live in the user buffer's memory (assumed: the kernel allocates near the caller).
    if (side === 'send') {
      this.cpuCopy(user, user);
      this.dma(nic, user, nic, { socket: true });
    } else {
      this.dma(nic, nic, user, { socket: true });
      this.cpuCopy(user, user);
    }
    this.copies += 2;
  }

  private beginHop(hop: Hop): void {
    this.hops.push(hop);
    this.hop = hop;
  }

  private use(resource: number | undefined, weight = 1): void {
    if (resource === undefined) return;
    this.hop!.uses.push(resource);
    this.hop!.weights.push(weight * this.share);
  }

  /** A DMA by `engine` from one location to another; the engine's own memory or self needs no route. */
  private dma(engine: DeviceModel, source: Location, target: Location, buffers: { from?: BufferModel | undefined; to?: BufferModel | undefined; socket?: boolean } = {}): void {
    const hop: { -readonly [K in keyof Hop]: Hop[K] } = { kind: 'dma', engine: engine.id, from: source.id, to: target.id, uses: [], weights: [], latencySeconds: 0, share: this.share, device: engine };
    if (buffers.from !== undefined) hop.fromBuffer = buffers.from;
    if (buffers.to !== undefined) hop.toBuffer = buffers.to;
    if (buffers.socket === true) hop.socketBuffer = true;
    this.beginHop(hop);
    this.dmaHops++;
    this.useMemory(source);
    if (source.kind === 'device') this.use(this.fabric.mediaResource(source, 'read'));
    if (source !== engine) this.crossHost(attachment(source), engine, source);
    else this.visit(source.id);
    if (target !== engine) this.crossHost(engine, attachment(target), target);
    this.useMemory(target);
    if (target.kind === 'device') this.use(this.fabric.mediaResource(target, 'write'));
    this.use(this.fabric.engineResource(engine));
  }

  /** A copy by the cpu that owns the source memory: it reads one memory and writes the other. */
  private cpuCopy(source: Location, target: Location): void {
    const cpu = source.kind === 'memory' ? source.cpu : undefined;
    this.beginHop({ kind: 'copy', engine: cpu?.id ?? source.host.name, from: source.id, to: target.id, uses: [], weights: [], latencySeconds: 0, share: this.share });
    this.useMemory(source);
    this.useMemory(target);
    this.cpuBytes += this.share * this.flow.sizeBytes;
    this.visit(source.id);
    if (source !== target) this.visit(target.id);
  }

  private useMemory(location: Location): void {
    this.use(this.fabric.memoryResource(location));
  }

  private visit(node: string): void {
    if (this.nodes[this.nodes.length - 1] !== node) this.nodes.push(node);
  }

  /** The host route between two tree parts, with the memory (if any) named where the data starts or ends. */
  private crossHost(from: LinkEnd | undefined, to: LinkEnd | undefined, memorySide: Location): void {
    if (from === undefined || to === undefined) throw new Unroutable(`${memorySide.id} hangs from no cpu`);
    const route = this.fabric.hostRoute(from, to);
    if (route === undefined) throw new Unroutable(`no route from ${from.id} to ${to.id}: one of them reaches no cpu`);
    const memoryFirst = memorySide.kind === 'memory' && from === attachment(memorySide);
    if (memoryFirst) this.visit(memorySide.id);
    this.cross(route, from.id);
    if (memorySide.kind === 'memory' && to === attachment(memorySide)) this.visit(memorySide.id);
  }

  private cross(route: Route, start: string): void {
    this.visit(start);
    for (let i = 1; i < route.nodes.length; i++) this.nodes.push(route.nodes[i]!);
    for (let i = 0; i < route.uses.length; i++) this.use(route.uses[i]!, this.tlpWeight(route.links[i]!));
    this.linkLatency += route.latencySeconds;
    if (this.hop !== undefined) this.hop.latencySeconds += route.latencySeconds;
  }

  /**
   * A strided pattern sends each element as its own TLP (simulation.md § 6):
   * per payload byte it takes as much more of a PCIe link as its efficiency
   * at that payload is below the link's at the MPS.
   */
  private tlpWeight(link: FabricLink): number {
    const element = this.flow.elementBytes;
    if (this.flow.pattern !== 'strided' || element === undefined || link.pcie === undefined || this.hop?.kind !== 'dma') return 1;
    return link.capacity / pcieWriteCapacity(link.pcie, element).bytesPerSecond;
  }
}

/** The rate a hop reaches alone: its tightest resource, per byte it carries. */
export function hopRate(fabric: Fabric, hop: Hop): number {
  let rate = Infinity;
  hop.uses.forEach((resource, i) => {
    const weight = hop.share > 0 ? hop.weights[i]! / hop.share : 0;
    if (weight > 0) rate = Math.min(rate, fabric.resources[resource]!.capacity / weight);
  });
  return rate;
}

/** Time to move `bytes` at `rate`: nothing takes no time, even over a link of no capacity (a missing rate, reported). */
export function secondsFor(bytes: number, rate: number): number {
  return bytes === 0 ? 0 : bytes / rate;
}
