// What rules read: the model, every flow's plan (its hops with devices and
// buffers), the simulation results, and the questions many rules ask —
// which devices are untrusted, who owns a device, which maps a device has.
import type { BufferModel, DeviceModel, FlowModel, HostModel, MapModel, TopologyModel, VmModel } from '../model/index';
import { Fabric } from '../sim/fabric';
import { Planner, type FlowPlan, type Hop } from '../sim/plan';
import { simulatePlans, type FlowResult, type SimulationResult } from '../sim/simulate';

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

  /** Over `shared`'s fabric, plans and simulation; without it (tests, `checkText`), the context builds its own. */
  constructor(
    readonly model: TopologyModel,
    shared?: SharedLayers,
  ) {
    if (shared !== undefined) {
      ({ fabric: this.fabric, plans: this.plans, simulation: this.simulation } = shared);
      return;
    }
    const fabric = new Fabric(model);
    const planner = new Planner(fabric);
    const plans = new Map([...model.flows.values()].map((flow) => [flow, planner.plan(flow)]));
    let simulated: SimulationResult | undefined;
    this.fabric = fabric;
    this.plans = plans;
    this.simulation = () => (simulated ??= simulatePlans(model, fabric, (f) => plans.get(f)!));
  }

  /** The simulation's results per flow name, computed on first use. */
  result(flow: FlowModel): FlowResult | undefined {
    this.resultsCache ??= new Map(this.simulation().flows.map((f) => [f.name, f]));
    return this.resultsCache.get(flow.name);
  }

  get hosts(): HostModel[] {
    return [...this.model.hosts.values()];
  }

  get devices(): DeviceModel[] {
    return this.hosts.flatMap((h) => h.devices);
  }

  get flows(): FlowModel[] {
    return [...this.model.flows.values()];
  }

  /** Every DMA hop of every flow, with its device (kernel socket-buffer hops included, marked). */
  get dmaHops(): Array<{ readonly flow: FlowModel; readonly hop: Hop & { readonly device: DeviceModel } }> {
    const hops: Array<{ flow: FlowModel; hop: Hop & { device: DeviceModel } }> = [];
    for (const [flow, plan] of this.plans) {
      for (const hop of plan.hops) if (hop.kind === 'dma' && hop.device !== undefined) hops.push({ flow, hop: hop as Hop & { device: DeviceModel } });
    }
    return hops;
  }

  /** Hostile by position or by owner: `external` implies `untrusted`. */
  isUntrusted(device: DeviceModel): boolean {
    return device.untrusted;
  }

  /** The vm a device is passed through to, if any. */
  vmOf(device: DeviceModel): VmModel | undefined {
    return device.host.vms.find((vm) => vm.passthrough.includes(device));
  }

  /** Who controls a device: its host, or the vm it is passed through to. */
  ownerOf(device: DeviceModel): string {
    const vm = this.vmOf(device);
    return vm === undefined ? `host ${device.host.name}` : `vm ${vm.name}`;
  }

  mapsOf(device: DeviceModel): MapModel[] {
    return device.host.maps.filter((m) => m.device === device);
  }

  mapsTo(buffer: BufferModel): MapModel[] {
    return buffer.host.maps.filter((m) => m.buffer === buffer);
  }

  /** Whether the device's DMA is translated (checked against maps): an iommu in strict or lazy mode. */
  translates(device: DeviceModel): boolean {
    return device.iommu !== undefined && (device.iommu.mode === 'strict' || device.iommu.mode === 'lazy');
  }
}
