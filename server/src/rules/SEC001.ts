// SEC001: a DMA-capable device with no IOMMU, or behind one that is off,
// reaches all of physical memory (PCILeech, Inception).
import type { DeviceModel } from '../model/index';
import type { Rule } from './rule';

export const SEC001: Rule = {
  meta: {
    code: 'SEC001',
    severity: 'warning',
    summary: 'a DMA-capable device is not behind an IOMMU, or its IOMMU is off',
    fixable: true,
  },
  check(context, report) {
    for (const device of context.devices) {
      const unprotected = device.iommu === undefined || device.iommu.mode === 'off';
      if (!unprotected) continue;
      const hostile = context.isUntrusted(device);
      const why = device.iommu === undefined ? 'has no iommu' : `is behind iommu '${device.iommu.name}', which is off`;
      const fixText = device.iommu === undefined ? `put it behind an IOMMU (iommu NAME)` : `set mode strict on '${device.iommu.name}'`;
      report({
        span: device.nameSpan,
        severity: hostile ? 'error' : 'warning',
        message: `${kind(device)} '${device.name}' ${why}: it can read and write all of host ${device.host.name}'s memory${hostile ? ', and it is untrusted' : ''}; ${fixText}`,
        related: device.iommu === undefined ? [] : [{ span: device.iommu.nameSpan, message: `iommu '${device.iommu.name}' (mode off)` }],
        host: device.host.name,
        ...(device.iommu !== undefined ? { fix: { title: `Set mode strict on '${device.iommu.name}'`, edits: modeEdits(device) } } : {}),
      });
    }
  },
};

const kind = (device: DeviceModel): string => device.deviceKind;

/** Replace `mode off` with `mode strict` (the iommu's mode property is where it was written). */
function modeEdits(device: DeviceModel): Array<{ span: { start: number; end: number }; newText: string }> {
  const mode = device.iommu!.written.property('mode')?.values[0];
  return mode === undefined ? [] : [{ span: mode.span, newText: 'strict' }];
}
