// SEC016: identity mode on an IOMMU whose devices are all trusted and
// internal, the usual GPUDirect tuning: acceptable, but the isolation is
// gone (Linux sysfs-kernel-iommu_groups: identity = "zero protection").
import { list } from './fixes';
import type { Rule } from './rule';

export const SEC016: Rule = {
  meta: {
    code: 'SEC016',
    severity: 'information',
    summary: 'identity mode on an IOMMU of trusted internal devices: isolation traded for throughput',
    fixable: true,
  },
  check(context, report) {
    for (const host of context.hosts) {
      for (const iommu of host.iommus) {
        if (iommu.mode !== 'identity') continue;
        const devices = context.indexes.devicesBehind(iommu);
        // Untrusted devices (SEC003) and devices a vm controls (SEC002) make identity an error, not a trade-off.
        if (devices.length === 0 || devices.some((d) => context.isUntrusted(d) || context.vmOf(d) !== undefined)) continue;
        const mode = iommu.written.property('mode');
        const identity = mode?.values[0];
        const names = list(devices.map((d) => `${d.deviceKind} '${d.name}'`));
        report({
          span: mode?.span ?? iommu.nameSpan,
          message: `iommu '${iommu.name}' is in identity mode: ${names} can reach all of host ${host.name}'s memory untranslated, acceptable only while ${devices.length === 1 ? 'it stays' : 'every one stays'} trusted; set mode strict where the throughput allows`,
          related: devices.map((d) => ({ span: d.nameSpan, message: `${d.deviceKind} '${d.name}' (trusted, internal)` })),
          host: host.name,
          ...(identity === undefined ? {} : { fix: { title: `Set mode strict on '${iommu.name}'`, edits: [{ span: identity.span, newText: 'strict' }] } }),
        });
      }
    }
  },
};
