// DMA004: GPUDirect RDMA or PCIe peer-to-peer between devices that share no
// PCIe switch (path class PHB: through a root complex; SYS: across the socket
// interconnect). Many root complexes forward peer traffic slowly or not at
// all, and NCCL's defaults refuse it: GDR and P2P up to PXB, except P2P up
// to SYS on AMD CPUs with at most two GPUs (`sim/nccl.ts` holds both limits).
import type { DeviceModel, FlowEndpoint, MemoryModel } from '../model/index';
import { GDR_LIMIT, p2pLimit, withinLimit, type PathClass } from '../sim/nccl';
import type { Rule } from './rule';

const WHERE: Readonly<Record<string, string>> = {
  PHB: 'through the root complex',
  SYS: 'across the socket interconnect',
};

interface Segment {
  readonly a: DeviceModel;
  readonly b: DeviceModel;
  readonly pathClass: PathClass;
}

export const DMA004: Rule = {
  meta: {
    code: 'DMA004',
    severity: 'warning',
    summary: 'GPUDirect or peer-to-peer between devices that share no PCIe switch (path class PHB or SYS)',
    fixable: false,
  },
  check(context, report) {
    for (const [flow, plan] of context.plans) {
      if (plan.problem !== undefined || (plan.via !== 'gpudirect' && plan.via !== 'p2p')) continue;
      const { from, to } = flow;
      if (from === undefined || to === undefined) continue;
      const segments: Segment[] = [];
      const dmaDevices = plan.hops.flatMap((h) => (h.kind === 'dma' && h.device !== undefined ? [h.device] : []));
      if (plan.via === 'gpudirect' && from.host !== to.host) {
        // GPUDirect is decided by the device-memory-to-NIC segment on each side; a host-memory end is plain RDMA.
        const localNic = dmaDevices[0];
        const remoteNic = dmaDevices[dmaDevices.length - 1];
        const sides: Array<[FlowEndpoint, DeviceModel | undefined]> = [
          [from, localNic],
          [to, remoteNic],
        ];
        for (const [end, nic] of sides) {
          const holder = deviceOf(end);
          if (holder === undefined || nic === undefined || holder === nic) continue;
          const pathClass = context.fabric.hostRoute(holder, nic)?.pathClass ?? 'SYS';
          if (!withinLimit(pathClass, GDR_LIMIT)) segments.push({ a: holder, b: nic, pathClass });
        }
      } else {
        // Peer to peer inside a host: the engine and the device whose memory it reads or writes.
        const pathClass = plan.pathClass;
        const allowed = plan.via === 'p2p' ? p2pLimit(from.host, context.indexes.gpuCount(from.host)).limit : GDR_LIMIT;
        if (pathClass === undefined || withinLimit(pathClass, allowed)) continue;
        const engine = dmaDevices[0];
        const peer = [deviceOf(from), deviceOf(to)].find((d) => d !== undefined && d !== engine) ?? deviceOf(to) ?? deviceOf(from);
        if (engine === undefined || peer === undefined) continue;
        segments.push({ a: engine, b: peer, pathClass });
      }
      if (segments.length === 0) continue;
      const worst = segments.find((s) => s.pathClass === 'SYS') ?? segments[0]!;
      const via = flow.written.property('via');
      const what = plan.via === 'gpudirect' ? 'GPUDirect RDMA' : 'peer-to-peer DMA';
      const limit = plan.via === 'gpudirect' ? `NCCL enables GPUDirect RDMA only up to ${GDR_LIMIT} (a shared PCIe switch)` : 'NCCL enables P2P only up to PXB (a shared PCIe switch), or SYS on AMD CPUs with at most two GPUs';
      const fix = plan.via === 'gpudirect' ? `put '${worst.a.name}' and '${worst.b.name}' under one PCIe switch, or use via staged` : `put both under one PCIe switch, or stage through host memory`;
      const other = segments.find((s) => s !== worst);
      const also = other === undefined ? '' : `, as are ${other.a.id} and ${other.b.id} (${other.pathClass})`;
      report({
        span: flow.nameSpan,
        message: `flow '${flow.name}' uses ${what} between ${worst.a.id} and ${worst.b.id}, which are ${worst.pathClass} apart (${WHERE[worst.pathClass]})${also}: peer traffic there is slow or unsupported on many platforms and ${limit}; ${fix}`,
        related: [
          ...(via === undefined ? [] : [{ span: via.span, message: `via ${plan.via}` }]),
          ...segments.flatMap((s) => [
            { span: s.a.nameSpan, message: `${s.a.deviceKind} '${s.a.name}' of host ${s.a.host.name}` },
            { span: s.b.nameSpan, message: `${s.b.deviceKind} '${s.b.name}', ${s.pathClass} from '${s.a.name}'` },
          ]),
        ],
      });
    }
  },
};

/** The device an endpoint is, or whose memory holds it; undefined for a buffer in host memory. */
function deviceOf(end: FlowEndpoint): DeviceModel | undefined {
  if (end.kind === 'device') return end;
  const location: MemoryModel | DeviceModel | undefined = end.location;
  return location?.kind === 'device' ? location : undefined;
}
