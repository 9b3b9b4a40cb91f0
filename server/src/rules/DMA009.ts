// DMA009: the receiving NIC's registration of a flow's destination buffer
// does not let remote peers write it. An RDMA write (and the remote side of
// GPUDirect RDMA) into a memory region registered without remote write
// access fails with a remote access error and breaks the connection
// (rdma-core ibv_reg_mr(3): IBV_ACCESS_REMOTE_WRITE).
import type { MrModel } from '../model/index';
import type { Span } from '../syntax/ast';
import { addFlag } from './fixes';
import type { Fix, Rule } from './rule';

export const DMA009: Rule = {
  meta: {
    code: 'DMA009',
    severity: 'error',
    summary: "a declared mr on an RDMA flow's destination buffer does not grant remote_write",
    fixable: true,
  },
  check(context, report) {
    for (const [flow, plan] of context.plans) {
      if (plan.via !== 'rdma' && plan.via !== 'gpudirect') continue;
      const to = flow.to;
      if (to === undefined || to.kind !== 'buffer') continue;
      // The receiving NIC is the engine of the hop that writes the destination buffer.
      const hop = [...plan.hops].reverse().find((h) => h.kind === 'dma' && h.toBuffer === to && h.device?.deviceKind === 'nic');
      const nic = hop?.device;
      if (nic === undefined) continue;
      // No mr for that NIC: a registration granting remote_write is implied (simulation.md § 2).
      const mrs = context.indexes.mrsOf(to).filter((mr) => mr.nic === nic);
      if (mrs.length === 0 || mrs.some((mr) => mr.access.includes('remote_write'))) continue;
      const mr = mrs[0]!;
      const access = mr.written.property('access');
      report({
        span: flow.nameSpan,
        message: `flow '${flow.name}' has nic ${nic.id} write ${to.id} for a remote peer, but mr '${mr.name}' registers it with ${mr.access.join(', ') || 'no access'} only: the remote write fails with an access error and the connection breaks; add remote_write to the mr's access`,
        related: [
          { span: mr.nameSpan, message: `mr '${mr.name}' of host ${mr.host.name}: access ${mr.access.join(', ')}` },
          ...(access === undefined ? [] : [{ span: access.span, message: 'its access list' }]),
          { span: to.nameSpan, message: `buffer '${to.name}'` },
        ],
        fix: accessFix(mr, access?.span),
      });
    }
  },
};

/**
 * Add `remote_write` to the access list, with `local_write` when it is
 * missing (ibv_reg_mr refuses remote write without local write). With no
 * list written the default is remote_read: keep it.
 */
function accessFix(mr: MrModel, accessSpan: Span | undefined): Fix {
  const title = `Grant remote_write in mr '${mr.name}'`;
  const added = mr.access.includes('local_write') ? 'remote_write' : 'local_write, remote_write';
  if (accessSpan !== undefined) return { title, edits: [{ span: { start: accessSpan.end, end: accessSpan.end }, newText: `, ${added}` }] };
  return { title, edits: [addFlag(mr, ['buffer', 'nic'], `access remote_read, ${added}`)] };
}
