// DMA003: a DMA engine that takes one address and a length meets memory
// that is not one range: a `scattered` buffer with no translating IOMMU to
// map its pages contiguously, or a `strided` pattern (simulation.md § 6: an
// engine without sg cannot gather at all).
import { formatBytes } from '../model/human';
import type { BufferModel, DeviceModel, FlowModel } from '../model/index';
import type { Hop } from '../sim/plan';
import { BODY_SCHEMAS } from '../syntax/schema';
import { addFlag } from './fixes';
import type { Rule } from './rule';

type Problem =
  | { readonly kind: 'scattered'; readonly device: DeviceModel; readonly buffer: BufferModel; readonly access: 'read' | 'write' }
  | { readonly kind: 'strided'; readonly device: DeviceModel };

export const DMA003: Rule = {
  meta: {
    code: 'DMA003',
    severity: 'error',
    summary: 'a DMA engine without scatter-gather must reach a scattered buffer or gather a strided pattern',
    fixable: true,
  },
  check(context, report) {
    for (const [flow, plan] of context.plans) {
      const problems: Problem[] = [];
      const add = (problem: Problem): void => {
        const same = problems.some((p) => p.kind === problem.kind && p.device === problem.device && (p.kind === 'strided' || (problem.kind === 'scattered' && p.buffer === problem.buffer)));
        if (!same) problems.push(problem);
      };
      for (const hop of plan.hops) {
        const device = hop.device;
        if (hop.kind !== 'dma' || device === undefined || hop.socketBuffer === true || device.sg) continue;
        const sides: Array<[BufferModel | undefined, 'read' | 'write']> = [
          [hop.fromBuffer, 'read'],
          [hop.toBuffer, 'write'],
        ];
        for (const [buffer, access] of sides) {
          // A buffer in the engine's own memory is not reached over the bus; a translating IOMMU maps scattered pages contiguously.
          if (buffer === undefined || buffer.layout !== 'scattered' || buffer.location === device || context.translates(device)) continue;
          add({ kind: 'scattered', device, buffer, access });
        }
        if (flow.pattern === 'strided' && touchesEndpoint(flow, hop, device)) add({ kind: 'strided', device });
      }
      if (problems.length === 0) continue;
      const [first, ...rest] = problems;
      const devices = [...new Set(problems.map((p) => p.device))];
      const buffers = [...new Set(problems.flatMap((p) => (p.kind === 'scattered' ? [p.buffer] : [])))];
      const pattern = flow.written.property('pattern');
      report({
        span: flow.nameSpan,
        message: `${describe(flow, first!)}${rest.length > 0 ? ` (and ${rest.length} more such DMA${rest.length > 1 ? 's' : ''})` : ''}`,
        related: [
          ...devices.map((d) => ({ span: d.nameSpan, message: `${d.deviceKind} '${d.name}' has no sg${d.iommu === undefined ? ' and no iommu' : context.translates(d) ? '' : ` and iommu '${d.iommu.name}' is in mode ${d.iommu.mode}`}` })),
          ...buffers.map((b) => ({ span: b.nameSpan, message: `buffer '${b.name}' is scattered in pages of ${formatBytes(b.scatterPageBytes)}` })),
          ...(problems.some((p) => p.kind === 'strided') && pattern !== undefined ? [{ span: pattern.span, message: 'the strided pattern' }] : []),
        ],
        fix: {
          title: devices.length === 1 ? `Add sg to '${devices[0]!.name}'` : `Add sg to ${devices.map((d) => `'${d.name}'`).join(' and ')}`,
          edits: uniqueBySpan(devices.map((d) => addFlag(d, Object.keys(BODY_SCHEMAS.device), 'sg'))),
        },
      });
    }
  },
};

/** Whether a hop reads the flow's source or writes its destination: where a strided pattern is gathered or scattered. */
function touchesEndpoint(flow: FlowModel, hop: Hop, device: DeviceModel): boolean {
  if (flow.engine !== undefined) return device === flow.engine;
  if (flow.from?.kind === 'buffer' && hop.fromBuffer === flow.from) return true;
  if (flow.to?.kind === 'buffer' && hop.toBuffer === flow.to) return true;
  return device === flow.from || device === flow.to;
}

function describe(flow: FlowModel, problem: Problem): string {
  const device = problem.device;
  const who = `${device.deviceKind} '${device.name}'`;
  if (problem.kind === 'strided') {
    const element = flow.elementBytes === undefined ? '' : ` (${formatBytes(flow.elementBytes)} elements${flow.strideBytes === undefined ? '' : ` every ${formatBytes(flow.strideBytes)}`})`;
    return `flow '${flow.name}' gathers a strided pattern${element} with ${who}, whose DMA engine has no sg: it cannot gather at all; add sg to '${device.name}' or use an engine that has it`;
  }
  const buffer = problem.buffer;
  const why = device.iommu === undefined ? 'no iommu' : `iommu '${device.iommu.name}' in mode ${device.iommu.mode}, which does not translate,`;
  return `flow '${flow.name}' needs ${who} to ${problem.access} buffer '${buffer.name}', scattered in ${formatBytes(buffer.scatterPageBytes)} pages, but the device has no sg and ${why} to present them as one range: the DMA cannot reach the buffer; add sg to '${device.name}' or put it behind a translating iommu`;
}

function uniqueBySpan<T extends { span: { start: number; end: number } }>(edits: T[]): T[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.span.start}:${e.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
