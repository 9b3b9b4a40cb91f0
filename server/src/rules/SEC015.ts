// SEC015: with swiotlb off, the IOMMU cannot bounce an untrusted device's
// unaligned mappings: the whole IOMMU page around each buffer is exposed
// (Linux dma-iommu `dev_use_swiotlb`, which bounces for untrusted devices).
import { translates } from '../model/iommu';
import { list } from './fixes';
import type { Rule } from './rule';

export const SEC015: Rule = {
  meta: {
    code: 'SEC015',
    severity: 'warning',
    summary: 'an IOMMU with swiotlb off translates an external or untrusted device',
    fixable: true,
  },
  check(context, report) {
    for (const host of context.hosts) {
      for (const iommu of host.iommus) {
        // Bouncing is part of a translated (DMA) domain; identity and off expose everything anyway (SEC001, SEC003).
        if (iommu.swiotlb || !translates(iommu)) continue;
        const untrusted = context.indexes.devicesBehind(iommu).filter((d) => context.isUntrusted(d));
        if (untrusted.length === 0) continue;
        const swiotlb = iommu.written.property('swiotlb');
        const off = swiotlb?.values[0];
        const names = list(untrusted.map((d) => `${d.deviceKind} '${d.name}'`));
        report({
          span: swiotlb?.span ?? iommu.nameSpan,
          message: `iommu '${iommu.name}' has swiotlb off, so the mappings of ${untrusted.every((d) => d.external) ? 'external' : 'untrusted'} ${names} cannot be bounced: an unaligned mapping exposes the rest of its ${page(iommu.pageBytes)} IOMMU pages, and whatever of host ${host.name}'s memory shares them; set swiotlb on`,
          related: untrusted.map((d) => ({ span: d.nameSpan, message: `${d.deviceKind} '${d.name}' (${d.external ? 'external' : 'untrusted'})` })),
          host: host.name,
          ...(off === undefined ? {} : { fix: { title: `Set swiotlb on on '${iommu.name}'`, edits: [{ span: off.span, newText: 'on' }] } }),
        });
      }
    }
  },
};

function page(bytes: number): string {
  return bytes % 1024 === 0 ? (bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`) : `${bytes} B`;
}
