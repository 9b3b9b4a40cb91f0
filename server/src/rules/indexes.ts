// The lookups rules share, each built once on first use and kept for the
// run: so that a rule asking "which hops does this device make, which maps
// does it have" for every device reads a map instead of scanning every hop
// or map again, and every rule stays linear in the topology's size. Each
// list keeps the order of the model's lists (hosts, a host's maps, flows,
// a plan's hops) that the rules scanned before, so findings come out in the
// same order.
import type { BufferModel, DeviceModel, FlowEndpoint, FlowModel, HostModel, IommuModel, MapModel, MrModel, TopologyModel, VmModel } from '../model/index';
import type { FlowPlan, Hop } from '../sim/plan';

/** A DMA hop of a flow's plan, with the device that makes it. */
export interface DmaHop {
  readonly flow: FlowModel;
  readonly hop: Hop & { readonly device: DeviceModel };
}

const NONE: readonly never[] = [];

export class RuleIndexes {
  private hostList: readonly HostModel[] | undefined;
  private deviceList: readonly DeviceModel[] | undefined;
  private flowList: readonly FlowModel[] | undefined;
  private dmaHopList: readonly DmaHop[] | undefined;
  private dmaHopsByDevice: Map<DeviceModel, DmaHop[]> | undefined;
  private dmaHopsByDeviceAndBuffer: Map<DeviceModel, Map<BufferModel, DmaHop[]>> | undefined;
  private unplannedFlowList: readonly FlowModel[] | undefined;
  private namedByUnplanned: ReadonlySet<FlowEndpoint> | undefined;
  private flowsByBuffer: Map<BufferModel, FlowModel[]> | undefined;
  private readonly hostIndexes = new Map<HostModel, HostIndex>();

  constructor(
    private readonly model: TopologyModel,
    private readonly plans: ReadonlyMap<FlowModel, FlowPlan>,
  ) {}

  get hosts(): readonly HostModel[] {
    return (this.hostList ??= [...this.model.hosts.values()]);
  }

  /** Every host's devices, host by host. */
  get devices(): readonly DeviceModel[] {
    return (this.deviceList ??= this.hosts.flatMap((h) => h.devices));
  }

  get flows(): readonly FlowModel[] {
    return (this.flowList ??= [...this.model.flows.values()]);
  }

  /** Every DMA hop of every plan, plan by plan (kernel socket-buffer hops included, marked). */
  get dmaHops(): readonly DmaHop[] {
    if (this.dmaHopList !== undefined) return this.dmaHopList;
    const hops: DmaHop[] = [];
    for (const [flow, plan] of this.plans) {
      for (const hop of plan.hops) if (hop.kind === 'dma' && hop.device !== undefined) hops.push({ flow, hop: hop as DmaHop['hop'] });
    }
    return (this.dmaHopList = hops);
  }

  /** The DMA hops a device makes, in `dmaHops` order. */
  dmaHopsBy(device: DeviceModel): readonly DmaHop[] {
    if (this.dmaHopsByDevice === undefined) {
      const byDevice = new Map<DeviceModel, DmaHop[]>();
      for (const entry of this.dmaHops) listIn(byDevice, entry.hop.device).push(entry);
      this.dmaHopsByDevice = byDevice;
    }
    return this.dmaHopsByDevice.get(device) ?? NONE;
  }

  /** The DMA hops a device makes that read or write the buffer (each hop once), in `dmaHops` order. */
  dmaHopsBetween(device: DeviceModel, buffer: BufferModel): readonly DmaHop[] {
    if (this.dmaHopsByDeviceAndBuffer === undefined) {
      const byDevice = new Map<DeviceModel, Map<BufferModel, DmaHop[]>>();
      for (const entry of this.dmaHops) {
        const { device, fromBuffer, toBuffer } = entry.hop;
        const byBuffer = byDevice.get(device) ?? new Map<BufferModel, DmaHop[]>();
        byDevice.set(device, byBuffer);
        if (fromBuffer !== undefined) listIn(byBuffer, fromBuffer).push(entry);
        if (toBuffer !== undefined && toBuffer !== fromBuffer) listIn(byBuffer, toBuffer).push(entry);
      }
      this.dmaHopsByDeviceAndBuffer = byDevice;
    }
    return this.dmaHopsByDeviceAndBuffer.get(device)?.get(buffer) ?? NONE;
  }

  /** The flows whose plan has no route (`problem`): they have no hops to judge by. */
  get unplannedFlows(): readonly FlowModel[] {
    return (this.unplannedFlowList ??= this.flows.filter((flow) => this.plans.get(flow)?.problem !== undefined));
  }

  /** Whether an unplanned flow names the device or buffer as its from, to, engine or a bounce buffer. */
  namedByUnplannedFlow(item: FlowEndpoint): boolean {
    if (this.namedByUnplanned === undefined) {
      const named = new Set<FlowEndpoint>();
      for (const flow of this.unplannedFlows) {
        for (const item of [flow.from, flow.to, flow.engine, ...flow.bounce]) if (item !== undefined) named.add(item);
      }
      this.namedByUnplanned = named;
    }
    return this.namedByUnplanned.has(item);
  }

  /** The flows that touch a buffer: as from or to, as a bounce buffer, or in a hop of their plan; each once, in flow order. */
  flowsTouching(buffer: BufferModel): readonly FlowModel[] {
    if (this.flowsByBuffer === undefined) {
      const byBuffer = new Map<BufferModel, FlowModel[]>();
      for (const flow of this.flows) {
        const touched = [flow.from, flow.to, ...flow.bounce, ...(this.plans.get(flow)?.hops ?? []).flatMap((h) => [h.fromBuffer, h.toBuffer])];
        for (const item of touched) {
          if (item?.kind !== 'buffer') continue;
          const flows = listIn(byBuffer, item);
          if (flows[flows.length - 1] !== flow) flows.push(flow);
        }
      }
      this.flowsByBuffer = byBuffer;
    }
    return this.flowsByBuffer.get(buffer) ?? NONE;
  }

  /** The vm a device is passed through to: the first of its host's vms that lists it. */
  vmOf(device: DeviceModel): VmModel | undefined {
    return this.of(device.host).vmByDevice.get(device);
  }

  /** The device's maps of one buffer, in its host's order. */
  mapsBetween(device: DeviceModel, buffer: BufferModel): readonly MapModel[] {
    return this.of(device.host).mapsByDeviceAndBuffer.get(device)?.get(buffer) ?? NONE;
  }

  /** The maps of a buffer, in its host's order. */
  mapsTo(buffer: BufferModel): readonly MapModel[] {
    return this.of(buffer.host).mapsByBuffer.get(buffer) ?? NONE;
  }

  /** The maps of the devices behind an IOMMU, in its host's order. */
  mapsBehind(iommu: IommuModel): readonly MapModel[] {
    return this.of(iommu.host).mapsByIommu.get(iommu) ?? NONE;
  }

  /** The devices behind an IOMMU, in its host's order. */
  devicesBehind(iommu: IommuModel): readonly DeviceModel[] {
    return this.of(iommu.host).devicesByIommu.get(iommu) ?? NONE;
  }

  /** The registrations of a buffer, in its host's order. */
  mrsOf(buffer: BufferModel): readonly MrModel[] {
    return this.of(buffer.host).mrsByBuffer.get(buffer) ?? NONE;
  }

  gpuCount(host: HostModel): number {
    return this.of(host).gpuCount;
  }

  /** A host's lists grouped by what rules look them up by, built the first time a rule asks about that host. */
  private of(host: HostModel): HostIndex {
    let index = this.hostIndexes.get(host);
    if (index === undefined) this.hostIndexes.set(host, (index = indexHost(host)));
    return index;
  }
}

interface HostIndex {
  readonly vmByDevice: ReadonlyMap<DeviceModel, VmModel>;
  readonly mapsByDeviceAndBuffer: ReadonlyMap<DeviceModel, ReadonlyMap<BufferModel, MapModel[]>>;
  readonly mapsByBuffer: ReadonlyMap<BufferModel, MapModel[]>;
  readonly mapsByIommu: ReadonlyMap<IommuModel, MapModel[]>;
  readonly devicesByIommu: ReadonlyMap<IommuModel, DeviceModel[]>;
  readonly mrsByBuffer: ReadonlyMap<BufferModel, MrModel[]>;
  readonly gpuCount: number;
}

function indexHost(host: HostModel): HostIndex {
  const vmByDevice = new Map<DeviceModel, VmModel>();
  for (const vm of host.vms) for (const device of vm.passthrough) if (!vmByDevice.has(device)) vmByDevice.set(device, vm);
  const mapsByDeviceAndBuffer = new Map<DeviceModel, Map<BufferModel, MapModel[]>>();
  const mapsByBuffer = new Map<BufferModel, MapModel[]>();
  const mapsByIommu = new Map<IommuModel, MapModel[]>();
  for (const map of host.maps) {
    if (map.buffer !== undefined) listIn(mapsByBuffer, map.buffer).push(map);
    if (map.device === undefined) continue;
    if (map.device.iommu !== undefined) listIn(mapsByIommu, map.device.iommu).push(map);
    if (map.buffer === undefined) continue;
    const byBuffer = mapsByDeviceAndBuffer.get(map.device) ?? new Map<BufferModel, MapModel[]>();
    mapsByDeviceAndBuffer.set(map.device, byBuffer);
    listIn(byBuffer, map.buffer).push(map);
  }
  const devicesByIommu = new Map<IommuModel, DeviceModel[]>();
  for (const device of host.devices) if (device.iommu !== undefined) listIn(devicesByIommu, device.iommu).push(device);
  const mrsByBuffer = new Map<BufferModel, MrModel[]>();
  for (const mr of host.mrs) if (mr.buffer !== undefined) listIn(mrsByBuffer, mr.buffer).push(mr);
  const gpuCount = host.devices.filter((d) => d.deviceKind === 'gpu').length;
  return { vmByDevice, mapsByDeviceAndBuffer, mapsByBuffer, mapsByIommu, devicesByIommu, mrsByBuffer, gpuCount };
}

/** The list a key holds in a map of lists, made empty on first use (appending to it is O(1), unlike copying it). */
export function listIn<K, V>(lists: Map<K, V[]>, key: K): V[] {
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = []));
  return list;
}
