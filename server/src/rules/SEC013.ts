// SEC013: an RDMA registration exposes more than the exchange needs. Remote
// write or atomic rights on a sensitive buffer let any peer holding the rkey
// overwrite secrets (error); a registered buffer larger than every transfer
// through it lets peers reach bytes beyond the exchange (warning). Sources:
// rdma-core ibv_reg_mr(3); ReDMArk (Rothenberger et al., USENIX Security 2021).
import { formatBytes } from '../model/human';
import type { BufferModel, FlowModel, MrAccess, MrModel } from '../model/index';
import type { NumberValue } from '../syntax/ast';
import type { RuleContext } from './context';
import { listIn } from './indexes';
import type { Fix, Rule } from './rule';

const REMOTE_WRITES: readonly MrAccess[] = ['remote_write', 'remote_atomic'];

export const SEC013: Rule = {
  meta: {
    code: 'SEC013',
    severity: 'error',
    summary: 'an mr grants remote writes to a sensitive buffer, or registers more than the exchange',
    fixable: true,
  },
  check(context, report) {
    // An mr a template gives is one declaration in every host made from it: judge its size over all of them.
    for (const mrs of declarations(context)) {
      const mr = mrs[0]!;
      const buffer = mr.buffer!;
      const nic = mr.nic!;
      const flows = mrs.flatMap((each) => flowsThrough(context, each));

      const granted = REMOTE_WRITES.filter((a) => mr.access.includes(a));
      if (buffer.sensitive && granted.length > 0) {
        const items = (mr.written.property('access')?.values ?? []).filter((v) => v.kind === 'name' && granted.includes(v.parts[0]?.text as MrAccess));
        const fix = dropRemoteWrites(context, mrs, granted);
        for (const each of mrs) {
          report({
            span: items[0]?.span ?? mr.nameSpan,
            severity: 'error',
            message: `mr '${mr.name}' grants ${granted.join(' and ')} on sensitive buffer '${buffer.name}' through ${nic.deviceKind} '${nic.name}': any remote peer holding its key can overwrite the secrets in it; register a dedicated buffer sized to the exchange instead`,
            related: [
              { span: buffer.nameSpan, message: `buffer '${buffer.name}' (sensitive)` },
              { span: nic.nameSpan, message: `${nic.deviceKind} '${nic.name}'` },
            ],
            host: each.host.name,
            ...(fix === undefined ? {} : { fix }),
          });
        }
      }

      // No flow through it, or one that could not be planned and names the buffer: nothing to size it by.
      if (flows.length === 0 || mrs.some((m) => context.indexes.namedByUnplannedFlow(m.buffer!))) continue;
      const largest = flows.reduce((a, b) => (b.sizeBytes > a.sizeBytes ? b : a));
      if (buffer.sizeBytes <= largest.sizeBytes) continue;
      const property = mr.written.property('buffer');
      const fix = resize(context, mrs.map((m) => m.buffer!), largest);
      // The first flow of each name, in order: one related location per flow, built once for every host.
      const byName = new Map<string, FlowModel>();
      for (const flow of flows) if (!byName.has(flow.name)) byName.set(flow.name, flow);
      const message = `mr '${mr.name}' registers all ${formatBytes(buffer.sizeBytes)} of buffer '${buffer.name}' with ${nic.deviceKind} '${nic.name}', but the largest transfer through it is ${formatBytes(largest.sizeBytes)}: remote peers can reach ${formatBytes(buffer.sizeBytes - largest.sizeBytes)} beyond the exchange; size the buffer to the exchange (${formatBytes(largest.sizeBytes)})`;
      const related = [
        { span: buffer.nameSpan, message: `buffer '${buffer.name}': ${formatBytes(buffer.sizeBytes)} per slot` },
        ...[...byName].map(([name, flow]) => ({ span: flow.nameSpan, message: `flow '${name}' moves ${formatBytes(flow.sizeBytes)}` })),
      ];
      for (const each of mrs) {
        report({ span: property?.span ?? mr.nameSpan, severity: 'warning', message, related, host: each.host.name, ...(fix === undefined ? {} : { fix }) });
      }
    }
  },
};

/** Resolved mrs, grouped by declaration (a template's mr is one declaration in several hosts). */
function declarations(context: RuleContext): MrModel[][] {
  const groups = new Map<string, MrModel[]>();
  for (const host of context.hosts) {
    for (const mr of host.mrs) {
      if (mr.buffer === undefined || mr.nic === undefined) continue;
      const key = `${mr.span.start}:${mr.span.end}`;
      listIn(groups, key).push(mr);
    }
  }
  return [...groups.values()];
}

/** The flows with a DMA hop by the mr's NIC into or out of its buffer. */
function flowsThrough(context: RuleContext, mr: MrModel): FlowModel[] {
  const flows = new Set<FlowModel>();
  for (const { flow } of context.indexes.dmaHopsBetween(mr.nic!, mr.buffer!)) flows.add(flow);
  return [...flows];
}

/** Remove remote_write / remote_atomic when no flow needs the NIC to write the buffer, and some other right remains. */
function dropRemoteWrites(context: RuleContext, mrs: readonly MrModel[], granted: readonly MrAccess[]): Fix | undefined {
  const mr = mrs[0]!;
  const needsWrite = mrs.some((m) => context.indexes.dmaHopsBetween(m.nic!, m.buffer!).some(({ hop }) => hop.toBuffer === m.buffer));
  const dropped: readonly MrAccess[] = needsWrite ? granted.filter((a) => a !== 'remote_write') : granted;
  if (dropped.length === 0) return undefined;
  const values = mr.written.property('access')?.values ?? [];
  const keep = values.filter((v) => !(v.kind === 'name' && dropped.includes(v.parts[0]?.text as MrAccess)));
  if (keep.length === 0 || keep.length === values.length) return undefined;
  // Remove each dropped item with the separator before it (or after it, for the first item).
  const edits = values.flatMap((value, index) => {
    if (keep.includes(value)) return [];
    const start = index > 0 ? values[index - 1]!.span.end : value.span.start;
    const end = index > 0 ? value.span.end : values[index + 1]!.span.start;
    return [{ span: { start, end }, newText: '' }];
  });
  return { title: `Remove ${dropped.join(' and ')} from mr '${mr.name}'`, edits: merge(edits) };
}

/** Adjacent removals (`a, remote_write, remote_atomic`) must not overlap. */
function merge(edits: Array<{ span: { start: number; end: number }; newText: string }>): Array<{ span: { start: number; end: number }; newText: string }> {
  const merged: Array<{ span: { start: number; end: number }; newText: string }> = [];
  for (const edit of edits) {
    const last = merged[merged.length - 1];
    if (last !== undefined && edit.span.start <= last.span.end) merged[merged.length - 1] = { span: { start: last.span.start, end: Math.max(last.span.end, edit.span.end) }, newText: '' };
    else merged.push(edit);
  }
  return merged;
}

/**
 * Size the buffer to the largest transfer through the mr, when no flow that
 * touches the buffer needs more and none stages through it (a bounce holds
 * chunks, which DMA008 sizes).
 */
function resize(context: RuleContext, buffers: readonly BufferModel[], largest: FlowModel): Fix | undefined {
  const buffer = buffers[0]!;
  const size = buffer.written.property('size')?.values[0];
  const written = largest.written.property('size')?.values[0];
  if (size === undefined || written?.kind !== 'number') return undefined;
  const held = new Set(buffers);
  const staged = (flow: FlowModel): boolean => flow.bounce.some((b) => held.has(b));
  const touching = [...held].flatMap((b) => context.indexes.flowsTouching(b));
  if (touching.some((flow) => flow.sizeBytes > largest.sizeBytes || staged(flow))) return undefined;
  return { title: `Size buffer '${buffer.name}' to the exchange (${text(written)})`, edits: [{ span: size.span, newText: text(written) }] };
}

const text = (value: NumberValue): string => (value.unit === undefined ? value.digits : `${value.digits} ${value.unit}`);
