// SEC014: an external or untrusted device with shared virtual addressing
// reaches the whole address space of the process it serves, not just the
// buffers a map would give it (Linux Documentation/arch/x86/sva.rst).
import type { BufferModel, DeviceModel, MapAccess } from '../model/index';
import type { RuleContext } from './context';
import type { Fix, Rule } from './rule';

export const SEC014: Rule = {
  meta: {
    code: 'SEC014',
    severity: 'warning',
    summary: 'sva on an external or untrusted device: it reaches the whole process address space',
    fixable: true,
  },
  check(context, report) {
    for (const device of context.devices) {
      if (!device.sva || !context.isUntrusted(device)) continue;
      const sva = device.written.property('sva');
      report({
        span: sva?.span ?? device.nameSpan,
        message: `${device.deviceKind} '${device.name}' is ${device.external ? 'external' : 'untrusted'} and uses sva: it can read and write the whole address space of the process it serves on host ${device.host.name}, not only its buffers; drop sva and give it explicit maps`,
        related: [
          { span: device.nameSpan, message: `${device.deviceKind} '${device.name}'` },
          ...(device.iommu === undefined ? [] : [{ span: device.iommu.nameSpan, message: `iommu '${device.iommu.name}' (mode ${device.iommu.mode})` }]),
        ],
        host: device.host.name,
        ...(sva === undefined ? {} : { fix: explicitMaps(context, device, sva.span) }),
      });
    }
  },
};

/** Remove `sva` and map every buffer the device's flows make it read or write, each once. */
function explicitMaps(context: RuleContext, device: DeviceModel, svaSpan: { start: number; end: number }): Fix {
  const needs = new Map<BufferModel, Set<'read' | 'write'>>();
  for (const { hop } of context.indexes.dmaHopsBy(device)) {
    if (hop.socketBuffer === true) continue;
    for (const [buffer, access] of [[hop.fromBuffer, 'read'], [hop.toBuffer, 'write']] as const) {
      if (buffer === undefined || buffer.location === device || buffer.host !== device.host) continue;
      needs.set(buffer, (needs.get(buffer) ?? new Set()).add(access));
    }
  }
  const edits = [{ span: svaSpan, newText: '' }];
  for (const [buffer, accesses] of needs) {
    const access: MapAccess = accesses.size === 2 ? 'rw' : [...accesses][0]!;
    const existing = context.indexes.mapsBetween(device, buffer)[0];
    if (existing !== undefined && (existing.access === 'rw' || existing.access === access)) continue;
    if (existing !== undefined && existing.access !== undefined) {
      edits.push({ span: { start: existing.span.end - existing.access.length, end: existing.span.end }, newText: 'rw' });
      continue;
    }
    edits.push({ span: { start: buffer.span.end, end: buffer.span.end }, newText: `\n  map ${device.name} -> ${buffer.name} ${access}` });
  }
  return { title: edits.length > 1 ? `Replace sva on '${device.name}' with explicit maps` : `Remove sva from '${device.name}'`, edits };
}
