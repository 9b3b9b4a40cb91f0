// SEC012: an IOMMU that the OS turns on late leaves a pre-boot window in
// which an external device can DMA anywhere (fwupd HSI PrebootDma; EDK2
// VT-d DMA protection with protected memory ranges).
import { list } from './fixes';
import type { Rule } from './rule';

export const SEC012: Rule = {
  meta: {
    code: 'SEC012',
    severity: 'warning',
    summary: 'an external device sits behind an IOMMU that boots late: DMA before the OS turns it on',
    fixable: true,
  },
  check(context, report) {
    for (const host of context.hosts) {
      for (const iommu of host.iommus) {
        if (iommu.boot !== 'late') continue;
        const external = context.indexes.devicesBehind(iommu).filter((d) => d.external);
        if (external.length === 0) continue;
        const boot = iommu.written.property('boot');
        const late = boot?.values[0];
        const names = list(external.map((d) => `${d.deviceKind} '${d.name}'`));
        report({
          span: boot?.span ?? iommu.nameSpan,
          message: `iommu '${iommu.name}' boots late, so external ${names} can DMA into any of host ${host.name}'s memory before the OS turns it on; set boot early (firmware pre-boot DMA protection)`,
          related: external.map((d) => ({ span: d.nameSpan, message: `${d.deviceKind} '${d.name}' (external)` })),
          host: host.name,
          ...(late === undefined ? {} : { fix: { title: `Set boot early on '${iommu.name}'`, edits: [{ span: late.span, newText: 'early' }] } }),
        });
      }
    }
  },
};
