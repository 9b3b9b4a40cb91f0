// DMA007: `via rdma` or `via gpudirect` through a NIC that does not speak
// RDMA verbs. Such a NIC has no queue pairs and no memory registration: the
// remote peer cannot read or write the buffer, and the path does not exist.
import type { DeviceModel } from '../model/index';
import { BODY_SCHEMAS } from '../syntax/schema';
import { addFlag } from './fixes';
import type { Rule } from './rule';

export const DMA007: Rule = {
  meta: {
    code: 'DMA007',
    severity: 'error',
    summary: 'an RDMA or GPUDirect flow goes through a NIC without rdma',
    fixable: true,
  },
  check(context, report) {
    for (const [flow, plan] of context.plans) {
      if (plan.via !== 'rdma' && plan.via !== 'gpudirect') continue;
      // The NICs are the engines of the DMA hops on each side of the network.
      const nics: DeviceModel[] = [];
      for (const hop of plan.hops) {
        const device = hop.device;
        if (hop.kind === 'dma' && device !== undefined && device.deviceKind === 'nic' && !nics.includes(device)) nics.push(device);
      }
      const lacking = nics.filter((nic) => !nic.rdma);
      if (lacking.length === 0) continue;
      const names = lacking.map((n) => n.id).join(' and ');
      const via = flow.written.property('via');
      const edits = lacking.map((nic) => addFlag(nic, Object.keys(BODY_SCHEMAS.device), 'rdma'));
      report({
        span: flow.nameSpan,
        message: `flow '${flow.name}' goes via ${plan.via}, but ${lacking.length === 1 ? `nic ${names} lacks` : `nics ${names} lack`} rdma: without RDMA verbs the NIC cannot read or write ${describeEnds(flow.from?.id, flow.to?.id)} directly; add rdma to ${lacking.length === 1 ? `'${lacking[0]!.name}'` : 'both'}, or use via ${plan.via === 'gpudirect' ? 'staged' : 'kernel'}`,
        related: [
          ...lacking.map((nic) => ({ span: nic.nameSpan, message: `nic '${nic.name}' of host ${nic.host.name} has no rdma` })),
          ...(via === undefined ? [] : [{ span: via.span, message: `via ${plan.via}` }]),
        ],
        fix: {
          title: lacking.length === 1 ? `Add rdma to '${lacking[0]!.name}'` : `Add rdma to ${lacking.map((n) => `'${n.name}'`).join(' and ')}`,
          // Two hosts made from one template share the NIC's declaration: one edit.
          edits: edits.filter((e, i) => edits.findIndex((o) => o.span.start === e.span.start) === i),
        },
      });
    }
  },
};

function describeEnds(from: string | undefined, to: string | undefined): string {
  return from !== undefined && to !== undefined ? `${from} or ${to}` : 'the buffers';
}
