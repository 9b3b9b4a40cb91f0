// What rules read: the model, every flow's plan (its hops with devices and
// buffers), the simulation results, and the questions many rules ask —
// which devices are untrusted, who owns a device — and `indexes`, the
// lookups built once per run that keep every rule linear (`indexes.ts`).
import type { DeviceModel, FlowModel, HostModel, TopologyModel, VmModel } from '../model/index';
import { translates } from '../model/iommu';
import type { Fabric } from '../sim/fabric';
import type { FlowPlan } from '../sim/plan';
import type { FlowResult, SimulationResult } from '../sim/simulate';
import { RuleIndexes, type DmaHop } from './indexes';

/** What a document's snapshot already built, for the rules to read rather than build again. */
export interface SharedLayers {
  readonly fabric: Fabric;
  readonly plans: ReadonlyMap<FlowModel, FlowPlan>;
  /** The simulation of every group, run on first call. */
  readonly simulation: () => SimulationResult;
}

export class RuleContext {
  readonly fabric: Fabric;
  readonly plans: ReadonlyMap<FlowModel, FlowPlan>;
  private readonly simulation: () => SimulationResult;
  private resultsCache: Map<string, FlowResult> | undefined;
  private indexesCache: RuleIndexes | undefined;

  /** Over the fabric, plans and simulation a document's snapshot built (`analysis/snapshot.ts`). */
  constructor(
    readonly model: TopologyModel,
    shared: SharedLayers,
  ) {
    ({ fabric: this.fabric, plans: this.plans, simulation: this.simulation } = shared);
  }

  /** The simulation's results per flow name, computed on first use. */
  result(flow: FlowModel): FlowResult | undefined {
    this.resultsCache ??= new Map(this.simulation().flows.map((f) => [f.name, f]));
    return this.resultsCache.get(flow.name);
  }

  /** The lookups rules share (hops by device, maps by buffer, …), each built on first use. */
  get indexes(): RuleIndexes {
    return (this.indexesCache ??= new RuleIndexes(this.model, this.plans));
  }

  get hosts(): readonly HostModel[] {
    return this.indexes.hosts;
  }

  get devices(): readonly DeviceModel[] {
    return this.indexes.devices;
  }

  get flows(): readonly FlowModel[] {
    return this.indexes.flows;
  }

  /** Every DMA hop of every flow, with its device (kernel socket-buffer hops included, marked). */
  get dmaHops(): readonly DmaHop[] {
    return this.indexes.dmaHops;
  }

  /** Hostile by position or by owner: `external` implies `untrusted`. */
  isUntrusted(device: DeviceModel): boolean {
    return device.untrusted;
  }

  /** The vm a device is passed through to, if any. */
  vmOf(device: DeviceModel): VmModel | undefined {
    return this.indexes.vmOf(device);
  }

  /** Who controls a device: its host, or the vm it is passed through to. */
  ownerOf(device: DeviceModel): string {
    const vm = this.vmOf(device);
    return vm === undefined ? `host ${device.host.name}` : `vm ${vm.name}`;
  }

  /** Whether the device's DMA is translated (checked against maps): an iommu in strict or lazy mode. */
  translates(device: DeviceModel): boolean {
    return device.iommu !== undefined && translates(device.iommu);
  }
}
