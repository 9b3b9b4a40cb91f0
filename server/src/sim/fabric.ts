// The fabric: every shared resource of a topology (each direction of each
// link, each memory, each DMA engine with a rate) and the routes between its
// parts (simulation.md § 3). A route follows the PCIe tree up to where it
// turns: at the lowest common switch when that switch has ACS off, else at
// the root complex, crossing the socket interconnect when the ends sit under
// different sockets.
import type {
  CpuModel,
  DeviceModel,
  HostModel,
  LinkEnd,
  LinkModel,
  MemoryModel,
  NetworkModel,
  TopologyModel,
} from '../model/index';
import { schemaDefault } from '../model/index';
import { pcieWriteCapacity, type PcieLinkSpec } from './capacity/pcie';
import { engineCapacity, interconnectCapacity, mediaCapacity, memoryCapacity, networkCapacity, plainCapacity, type Capacity } from './capacity/network';
import { builds, routeWork } from './builds';
import { byDefault, cited, input, schemaSource, sourceOf, type Derivation } from './derivation';
import type { PathClass } from './nccl';

/** A direction of a link, a memory, a device's DMA engine, or a drive's media read or write throughput. */
export type ResourceKind = 'link' | 'memory' | 'engine' | 'media';

export interface Resource {
  /** `a--b>` / `a--b<` for a link's two directions, the memory's or device's id otherwise. */
  readonly id: string;
  readonly kind: ResourceKind;
  readonly capacity: number;
  readonly derivation: Derivation;
  /** The link of a link direction. */
  readonly link?: FabricLink;
}

export interface FabricLink {
  /** The contract's id: both ends fully qualified in declaration order, `alpha.nic0--ib` for a network port. */
  readonly id: string;
  readonly a: string;
  readonly b: string;
  readonly capacity: number;
  readonly derivation: Derivation;
  /** One-way latency of the link itself. */
  readonly latencySeconds: number;
  readonly latencyDerivation: Derivation;
  /** Resource indices of the a → b and b → a directions. */
  readonly forward: number;
  readonly backward: number;
  /** PCIe links and the interconnect count as hops through a switch or root complex for latency. */
  readonly kind: 'pcie' | 'network' | 'port' | 'nvlink' | 'bus' | 'interconnect';
  /** The PCIe parameters of a PCIe link (for per-flow TLP efficiency). */
  readonly pcie?: PcieLinkSpec;
}

/** One step of a route: a link crossed from one named node to the next. */
interface Step {
  readonly from: string;
  readonly to: string;
  readonly link: FabricLink;
}

/** A route between two parts of the topology, with the resources it loads. */
export interface Route {
  /** Qualified names crossed, in order, repeats included. */
  readonly nodes: string[];
  /** Resource indices, once per crossing. */
  readonly uses: number[];
  readonly links: FabricLink[];
  /** The links' latencies; a network's latency is paid once, entering it. */
  readonly latencySeconds: number;
  /** NCCL's path class of the route's topology: PIX, PXB, PHB, SYS (NVL over NVLink). */
  readonly pathClass: PathClass;
}

/** PCIe switch or root complex traversal, per hop (pcie-bench: Neugebauer et al., SIGCOMM 2018, § 2). */
const PCIE_HOP_LATENCY_SECONDS = 300e-9;
const PCIE_LATENCY_SOURCE = cited('Neugebauer et al., "Understanding PCIe performance for end host networking", SIGCOMM 2018, § 2');
/**
 * An infiniband or ethernet link written without a latency takes a
 * network's default (language.md § Networks: 1 us); the contract gives a
 * link none, so the simulation borrows the network's.
 */
const NETWORK_LINK_LATENCY = schemaDefault('network', 'latency');

export class Fabric {
  readonly resources: Resource[] = [];
  readonly links: FabricLink[] = [];
  private readonly byModel = new Map<LinkModel, FabricLink>();
  private readonly interconnects = new Map<string, FabricLink>();
  private readonly memories = new Map<MemoryModel | DeviceModel, number>();
  private readonly engines = new Map<DeviceModel, number>();
  private readonly mediaRead = new Map<DeviceModel, number>();
  private readonly mediaWrite = new Map<DeviceModel, number>();
  private readonly ports = new Map<NetworkModel, Map<DeviceModel, FabricLink>>();
  /** Each NIC's networks, in the model's order of networks. */
  private readonly networksOf = new Map<DeviceModel, Array<{ network: NetworkModel; port: FabricLink }>>();
  /** The first top-level link (in the model's order) between two ends, under both orders of the ends. */
  private readonly topLinks = new Map<LinkEnd, Map<LinkEnd, FabricLink>>();
  /** The first NVLink (in its host's order) between two ends, under both orders of the ends. */
  private readonly nvlinks = new Map<LinkEnd, Map<LinkEnd, FabricLink>>();
  /**
   * Routes by their ends, built on first use: the planner asks for the same
   * few routes of a host for every flow that crosses it, and the rules ask
   * again. Null records an end that reaches no cpu (or no network).
   */
  private readonly hostRoutes = new Map<LinkEnd, Map<LinkEnd, Route | null>>();
  private readonly networkRoutes = new Map<DeviceModel, Map<DeviceModel, Route | null>>();

  /** Switches and cpus: the nodes a PCIe hop goes through. */
  private readonly hubs = new Set<string>();

  constructor(readonly model: TopologyModel) {
    builds.fabrics++;
    for (const host of model.hosts.values()) {
      for (const hub of [...host.cpus, ...host.switches]) this.hubs.add(hub.id);
      this.addHost(host);
    }
    for (const link of model.links) pairIn(this.topLinks, link.a, link.b, this.addModelLink(link));
    for (const network of model.networks.values()) this.addNetwork(network);
  }

  // ---- building ----------------------------------------------------------

  private addResource(id: string, kind: ResourceKind, capacity: Capacity, link?: FabricLink): number {
    this.resources.push(link === undefined ? { id, kind, capacity: capacity.bytesPerSecond, derivation: capacity.derivation } : { id, kind, capacity: capacity.bytesPerSecond, derivation: capacity.derivation, link });
    return this.resources.length - 1;
  }

  private addLink(id: string, a: string, b: string, kind: FabricLink['kind'], capacity: Capacity, latencySeconds: number, latencyDerivation: Derivation, pcie?: PcieLinkSpec): FabricLink {
    const forward = this.resources.length;
    const base = { id, a, b, capacity: capacity.bytesPerSecond, derivation: capacity.derivation, latencySeconds, latencyDerivation, forward, backward: forward + 1, kind };
    const link: FabricLink = pcie === undefined ? base : { ...base, pcie };
    this.addResource(`${id}>`, 'link', capacity, link);
    this.addResource(`${id}<`, 'link', capacity, link);
    this.links.push(link);
    return link;
  }

  private addHost(host: HostModel): void {
    for (const memory of host.memories) {
      const bandwidth = { value: memory.bandwidthBytesPerSecond, source: sourceOf(memory.written, 'bandwidth', 'bandwidth', () => schemaSource('memory', 'bandwidth')) };
      this.memories.set(memory, this.addResource(memory.id, 'memory', memoryCapacity(memory.id, bandwidth)));
    }
    for (const device of host.devices) {
      const written = device.written;
      if (device.memoryBytes !== undefined) {
        const bandwidth = { value: device.bandwidthBytesPerSecond, source: sourceOf(written, 'bandwidth', 'bandwidth', () => schemaSource('device', 'bandwidth')) };
        this.memories.set(device, this.addResource(device.id, 'memory', memoryCapacity(`${device.id}'s memory`, bandwidth)));
      }
      if (device.engineBytesPerSecond !== undefined) {
        this.engines.set(device, this.addResource(`${device.id} engine`, 'engine', engineCapacity(device.id, { value: device.engineBytesPerSecond, source: sourceOf(written, 'rate', 'rate') })));
      }
      // Storage media throughput: what the drive itself can read or write.
      if (device.readBytesPerSecond !== undefined) this.mediaRead.set(device, this.addResource(`${device.id} read`, 'media', mediaCapacity(device.id, 'read', { value: device.readBytesPerSecond, source: sourceOf(written, 'read', 'read') })));
      if (device.writeBytesPerSecond !== undefined) this.mediaWrite.set(device, this.addResource(`${device.id} write`, 'media', mediaCapacity(device.id, 'write', { value: device.writeBytesPerSecond, source: sourceOf(written, 'write', 'write') })));
    }
    for (const link of host.links) {
      const fabricLink = this.addModelLink(link);
      if (link.linkKind === 'nvlink') pairIn(this.nvlinks, link.a, link.b, fabricLink);
    }
    host.cpus.forEach((a, i) => {
      for (const b of host.cpus.slice(i + 1)) {
        const id = `${a.id}--${b.id}`;
        const socket = (cpu: CpuModel) => ({ id: cpu.id, rate: cpu.interconnectBytesPerSecond, source: sourceOf(cpu.written, 'interconnect', 'interconnect', () => schemaSource('cpu', 'interconnect')) });
        const capacity = interconnectCapacity(id, socket(a), socket(b));
        this.interconnects.set(id, this.addLink(id, a.id, b.id, 'interconnect', capacity, PCIE_HOP_LATENCY_SECONDS, hopLatency(id, 'a socket interconnect hop, taken as one PCIe hop', false)));
      }
    });
  }

  private addModelLink(link: LinkModel): FabricLink {
    let capacity: Capacity;
    let kind: FabricLink['kind'];
    let pcie: PcieLinkSpec | undefined;
    const rate = () => ({ value: link.rateBytesPerSecond!, source: input('rate', link.rateSpan!) });
    if (link.linkKind === 'pcie') {
      const sources = { lanes: input('link width', link.lanesSpan!), mps: sourceOf(link.written, 'mps', 'mps of the link', () => schemaSource('linkSpec', 'mps')) };
      pcie = { generation: link.pcie!.generation, lanes: link.pcie!.lanes, mpsBytes: link.pcie!.mpsBytes, sources };
      capacity = pcieWriteCapacity(pcie);
      kind = 'pcie';
    } else if (link.linkKind === 'infiniband' || link.linkKind === 'ethernet') {
      const mtuSource = sourceOf(link.written, 'mtu', 'mtu', () => schemaSource('linkSpec', 'mtu', link.linkKind));
      capacity = networkCapacity(link.id, link.linkKind, rate(), link.mtuBytes!, mtuSource);
      kind = 'network';
    } else {
      capacity = plainCapacity(link.id, rate());
      kind = link.linkKind;
    }
    const written = link.written.valid('latency');
    const latency = link.latencySeconds ?? (kind === 'pcie' ? PCIE_HOP_LATENCY_SECONDS : kind === 'network' ? (NETWORK_LINK_LATENCY.value as number) : 0);
    const latencyDerivation =
      written !== undefined
        ? { quantity: `latency of ${link.id}`, value: latency, unit: 's', formula: 'latency as written', terms: [{ name: 'latency', value: latency, unit: 's', source: input('latency', written.span) }] }
        : kind === 'pcie'
          ? hopLatency(link.id, 'one hop through a switch or root complex', true)
          : { quantity: `latency of ${link.id}`, value: latency, unit: 's', formula: kind === 'network' ? 'the network default' : 'none given', terms: [{ name: 'latency', value: latency, unit: 's', source: byDefault(kind === 'network' ? `latency ${NETWORK_LINK_LATENCY.text}` : 'no latency') }] };
    const fabricLink = this.addLink(link.id, link.a.id, link.b.id, kind, capacity, latency, latencyDerivation, pcie);
    this.byModel.set(link, fabricLink);
    return fabricLink;
  }

  private addNetwork(network: NetworkModel): void {
    const ports = new Map<DeviceModel, FabricLink>();
    const written = network.written;
    const rate = { value: network.rateBytesPerSecond, source: sourceOf(written, 'rate', 'rate') };
    const mtuSource = sourceOf(written, 'mtu', 'mtu', () => schemaSource('network', 'mtu', network.networkKind));
    const latencySource = sourceOf(written, 'latency', 'latency', () => schemaSource('network', 'latency'));
    for (const nic of network.ports) {
      const id = `${nic.id}--${network.name}`;
      const capacity = networkCapacity(id, network.networkKind, rate, network.mtuBytes, mtuSource);
      // The network's latency is paid once per transfer: on the sending port.
      const latency = { quantity: `latency of ${network.name}`, value: network.latencySeconds, unit: 's', formula: 'the network latency, paid once between two ports', terms: [{ name: 'latency', value: network.latencySeconds, unit: 's', source: latencySource }] };
      ports.set(nic, this.addLink(id, nic.id, network.name, 'port', capacity, network.latencySeconds, latency));
    }
    this.ports.set(network, ports);
    for (const [nic, port] of ports) listOf(this.networksOf, nic).push({ network, port });
  }

  // ---- resources of endpoints ----------------------------------------------

  /** The memory resource of a host memory or of a device's own memory. */
  memoryResource(owner: MemoryModel | DeviceModel): number | undefined {
    return this.memories.get(owner);
  }

  engineResource(device: DeviceModel): number | undefined {
    return this.engines.get(device);
  }

  /** The media read or write throughput of a storage device, when it declares one. */
  mediaResource(device: DeviceModel, direction: 'read' | 'write'): number | undefined {
    return (direction === 'read' ? this.mediaRead : this.mediaWrite).get(device);
  }

  // ---- routes ---------------------------------------------------------------

  /**
   * The route of a DMA from `from` to `to` inside one host: devices, switches
   * and cpus; undefined when one end reaches no cpu (TOP001 says why).
   */
  hostRoute(from: LinkEnd, to: LinkEnd): Route | undefined {
    const byEnd = mapIn(this.hostRoutes, from);
    let route = byEnd.get(to);
    if (route === undefined) {
      routeWork.routes++;
      const steps = this.hostSteps(from, to);
      route = steps === undefined ? null : this.toRoute(from.id, steps, this.hostClass(from, to));
      byEnd.set(to, route);
    }
    return route ?? undefined;
  }

  /** Steps from a NIC to the NIC of another host: over a top-level link or through a network they share. */
  networkRoute(from: DeviceModel, to: DeviceModel): Route | undefined {
    const byEnd = mapIn(this.networkRoutes, from);
    let route = byEnd.get(to);
    if (route === undefined) {
      routeWork.routes++;
      route = this.findNetworkRoute(from, to) ?? null;
      byEnd.set(to, route);
    }
    return route ?? undefined;
  }

  /** The first top-level link between the two, else the first network both are attached to. */
  private findNetworkRoute(from: DeviceModel, to: DeviceModel): Route | undefined {
    const link = this.topLinks.get(from)?.get(to);
    if (link !== undefined) return this.toRoute(from.id, [{ from: from.id, to: to.id, link }], 'NET');
    for (const { network, port: out } of this.networksOf.get(from) ?? []) {
      const back = this.ports.get(network)!.get(to);
      if (back === undefined) continue;
      return this.toRoute(from.id, [
        { from: from.id, to: network.name, link: out },
        { from: network.name, to: to.id, link: back },
      ], 'NET');
    }
    return undefined;
  }

  /** Whether a NIC of `host` reaches `other` host's NIC `nic` over a link or a network. */
  connects(from: DeviceModel, to: DeviceModel): boolean {
    return this.networkRoute(from, to) !== undefined;
  }

  private toRoute(start: string, steps: readonly Step[], pathClass: PathClass): Route {
    const nodes = [start];
    const uses: number[] = [];
    const links: FabricLink[] = [];
    let latencySeconds = 0;
    for (const step of steps) {
      nodes.push(step.to);
      uses.push(step.link.a === step.from ? step.link.forward : step.link.backward);
      links.push(step.link);
      latencySeconds += this.stepLatency(step, start);
    }
    return { nodes, uses, links, latencySeconds, pathClass };
  }

  /**
   * Latency of one step. A PCIe step costs a hop when it enters a switch or
   * a root complex (a route that starts at a cpu, for a memory access, pays
   * for the root complex on its first step); a network's latency is paid
   * once, on the port that enters it.
   */
  private stepLatency(step: Step, start: string): number {
    const link = step.link;
    if (link.kind === 'port') return link.a === step.from ? link.latencySeconds : 0;
    if (link.kind !== 'pcie') return link.latencySeconds;
    const entersHub = this.hubs.has(step.to) || step.from === start && this.hubs.has(step.from);
    return entersHub ? link.latencySeconds : 0;
  }

  /** The chain from a device or switch up to its cpu: [node, parent, …, cpu]. */
  private ascent(node: LinkEnd): Array<{ node: LinkEnd; up?: LinkModel }> | undefined {
    const chain: Array<{ node: LinkEnd; up?: LinkModel }> = [];
    let current: LinkEnd = node;
    const upstream = node.host.upstream;
    for (;;) {
      if (current.kind === 'cpu') {
        chain.push({ node: current });
        return chain;
      }
      const parent = upstream.get(current);
      if (parent === undefined) return undefined;
      chain.push({ node: current, up: parent.link });
      current = parent.parent;
    }
  }

  private up(chain: ReadonlyArray<{ node: LinkEnd; up?: LinkModel }>, until: number): Step[] {
    const steps: Step[] = [];
    for (let i = 0; i < until; i++) steps.push({ from: chain[i]!.node.id, to: chain[i + 1]!.node.id, link: this.byModel.get(chain[i]!.up!)! });
    return steps;
  }

  private static reverse(steps: readonly Step[]): Step[] {
    return [...steps].reverse().map((s) => ({ from: s.to, to: s.from, link: s.link }));
  }

  private interconnect(a: CpuModel, b: CpuModel): Step {
    const link = this.interconnects.get(`${a.id}--${b.id}`) ?? this.interconnects.get(`${b.id}--${a.id}`)!;
    return { from: a.id, to: b.id, link };
  }

  private nvlink(a: LinkEnd, b: LinkEnd): FabricLink | undefined {
    return this.nvlinks.get(a)?.get(b);
  }

  private hostSteps(from: LinkEnd, to: LinkEnd): Step[] | undefined {
    if (from === to) return [];
    const direct = this.nvlink(from, to);
    if (direct !== undefined) return [{ from: from.id, to: to.id, link: direct }];
    const a = this.ascent(from);
    const b = this.ascent(to);
    if (a === undefined || b === undefined) return undefined;
    const rootA = a[a.length - 1]!.node as CpuModel;
    const rootB = b[b.length - 1]!.node as CpuModel;
    if (rootA !== rootB) {
      return [...this.up(a, a.length - 1), this.interconnect(rootA, rootB), ...Fabric.reverse(this.up(b, b.length - 1))];
    }
    // Same socket: the lowest common node of the two chains.
    const inB = new Map(b.map((entry, index) => [entry.node, index]));
    const i = a.findIndex((entry) => inB.has(entry.node));
    const j = inB.get(a[i]!.node)!;
    const common = a[i]!.node;
    const turnsHere = common.kind === 'switch' ? !common.acs : true;
    if (turnsHere) return [...this.up(a, i), ...Fabric.reverse(this.up(b, j))];
    // ACS on: up to the root complex, where the IOMMU checks it, and back down.
    return [...this.up(a, a.length - 1), ...Fabric.reverse(this.up(b, b.length - 1))];
  }

  /** NCCL's topological class between two parts of one host, whatever ACS does to the route. */
  private hostClass(from: LinkEnd, to: LinkEnd): PathClass {
    if (from === to) return 'LOC';
    if (this.nvlink(from, to) !== undefined) return 'NVL';
    const a = this.ascent(from);
    const b = this.ascent(to);
    if (a === undefined || b === undefined) return 'SYS';
    if (a[a.length - 1]!.node !== b[b.length - 1]!.node) return 'SYS';
    const inB = new Set(b.map((entry) => entry.node));
    const i = a.findIndex((entry) => inB.has(entry.node));
    const common = a[i]!.node;
    if (common.kind === 'cpu') return 'PHB';
    // Switches between the two ends, the common one included.
    const switches = new Set([...a.slice(0, i + 1), ...b.slice(0, b.findIndex((e) => e.node === common) + 1)].map((e) => e.node).filter((n) => n.kind === 'switch'));
    return switches.size <= 1 ? 'PIX' : 'PXB';
  }

}

function hopLatency(what: string, why: string, pcie: boolean): Derivation {
  return {
    quantity: `latency of ${what}`,
    value: PCIE_HOP_LATENCY_SECONDS,
    unit: 's',
    formula: why,
    terms: [{ name: pcie ? 'PCIe hop latency' : 'interconnect hop latency', value: PCIE_HOP_LATENCY_SECONDS, unit: 's', source: PCIE_LATENCY_SOURCE }],
  };
}

/** Records `value` for the pair (a, b) under both orders, unless the pair has one already. */
function pairIn<K, V>(pairs: Map<K, Map<K, V>>, a: K, b: K, value: V): void {
  const ab = mapIn(pairs, a);
  if (!ab.has(b)) ab.set(b, value);
  const ba = mapIn(pairs, b);
  if (!ba.has(a)) ba.set(a, value);
}

function mapIn<K, L, V>(maps: Map<K, Map<L, V>>, key: K): Map<L, V> {
  let map = maps.get(key);
  if (map === undefined) maps.set(key, (map = new Map()));
  return map;
}

function listOf<K, V>(lists: Map<K, V[]>, key: K): V[] {
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = []));
  return list;
}
