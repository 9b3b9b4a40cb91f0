// SEC007: an IOMMU in lazy mode defers the IOTLB flush after an unmap; until
// it runs, a device can still reach pages that were freed and reused. That
// window matters for an external or untrusted device, and for buffers that
// hold secrets.
import type { BufferModel, DeviceModel, MapModel } from '../model/index';
import { describeUntrusted, list, setValue } from './fixes';
import type { Rule } from './rule';

export const SEC007: Rule = {
  meta: {
    code: 'SEC007',
    severity: 'warning',
    summary: 'a lazy IOMMU translates an external or untrusted device, or maps a sensitive buffer',
    fixable: true,
  },
  check(context, report) {
    for (const host of context.hosts) {
      for (const iommu of host.iommus) {
        if (iommu.mode !== 'lazy') continue;
        const hostile = context.indexes.devicesBehind(iommu).filter((d) => context.isUntrusted(d));
        const secretMaps = context.indexes.mapsBehind(iommu).filter((m): m is MapModel & { device: DeviceModel; buffer: BufferModel } => m.buffer?.sensitive === true);
        if (hostile.length === 0 && secretMaps.length === 0) continue;
        const secrets = secretMaps.map((m) => `sensitive buffer '${m.buffer.name}' for ${m.device.deviceKind} '${m.device.name}'`);
        const what = [...(hostile.length === 0 ? [] : [`in front of ${list(hostile.map(describeUntrusted))}`]), ...(secrets.length === 0 ? [] : [`maps ${list(secrets)}`])].join(' and ');
        const reach = [...new Set([...hostile, ...secretMaps.map((m) => m.device)])].map((d) => `${d.deviceKind} '${d.name}'`);
        report({
          span: iommu.written.property('mode')?.span ?? iommu.nameSpan,
          message: `iommu '${iommu.name}' is lazy ${hostile.length === 0 ? 'and ' : ''}${what}: after an unmap, ${list(reach)} can still read and write the freed pages of host ${host.name}'s memory until the deferred IOTLB flush${secretMaps.length === 0 ? '' : ', secrets included'}; set mode strict on '${iommu.name}'`,
          related: [
            ...hostile.map((d) => ({ span: d.nameSpan, message: `${describeUntrusted(d)}, behind iommu '${iommu.name}'` })),
            ...secretMaps.map((m) => ({ span: m.span, message: `sensitive buffer '${m.buffer.name}' mapped for ${m.device.deviceKind} '${m.device.name}'` })),
          ],
          host: host.name,
          ...setValue([iommu], 'mode', 'strict'),
        });
      }
    }
  },
};



