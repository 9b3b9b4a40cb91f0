// SEC014: an external or untrusted device with shared virtual addressing
// reaches the whole address space of the process it serves, not just the
// buffers a map would give it (Linux Documentation/arch/x86/sva.rst).
import type { BufferModel, DeviceModel, MapAccess } from '../model/index';
import type { Property } from '../syntax/ast';
import { BODY_SCHEMAS } from '../syntax/schema';
import type { RuleContext } from './context';
import { addMap, regrant, removal } from './fixes';
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
        ...(sva === undefined ? {} : { fix: explicitMaps(context, device, sva) }),
      });
    }
  },
};

/** Remove `sva` (with one separator) and map every buffer the device's flows make it read or write, each once. */
function explicitMaps(context: RuleContext, device: DeviceModel, sva: Property): Fix {
  const needs = new Map<BufferModel, Set<'read' | 'write'>>();
  for (const { hop } of context.indexes.dmaHopsBy(device)) {
    if (hop.socketBuffer === true) continue;
    for (const [buffer, access] of [[hop.fromBuffer, 'read'], [hop.toBuffer, 'write']] as const) {
      if (buffer === undefined || buffer.location === device || buffer.host !== device.host) continue;
      needs.set(buffer, (needs.get(buffer) ?? new Set()).add(access));
    }
  }
  const edits = [{ span: removal(device, sva, Object.keys(BODY_SCHEMAS.device)), newText: '' }];
  for (const [buffer, accesses] of needs) {
    const access: MapAccess = accesses.size === 2 ? 'rw' : [...accesses][0]!;
    const existing = context.indexes.mapsBetween(device, buffer)[0];
    if (existing !== undefined && (existing.access === 'rw' || existing.access === access)) continue;
    if (existing !== undefined && (existing.access === 'read' || existing.access === 'write')) {
      edits.push(regrant(context, existing, existing.access, access).edit);
      continue;
    }
    edits.push(addMap(device, buffer, access));
  }
  return { title: edits.length > 1 ? `Replace sva on '${device.name}' with explicit maps` : `Remove sva from '${device.name}'`, edits };
}
