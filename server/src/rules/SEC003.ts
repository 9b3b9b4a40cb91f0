// SEC003: an IOMMU in identity mode translates an external or untrusted
// device (one not given to a vm, which is SEC002): bus address = physical
// address, so the device reaches every byte of the host's memory.
import type { DeviceModel, IommuModel } from '../model/index';
import { describeUntrusted, list, setValue } from './fixes';
import { listIn } from './indexes';
import type { Rule } from './rule';

export const SEC003: Rule = {
  meta: {
    code: 'SEC003',
    severity: 'error',
    summary: 'an IOMMU in identity mode stands in front of an external or untrusted device',
    fixable: true,
  },
  check(context, report) {
    // One finding per IOMMU (at its `mode identity`), naming every hostile device behind it.
    const byIommu = new Map<IommuModel, DeviceModel[]>();
    for (const device of context.devices) {
      if (device.iommu?.mode !== 'identity' || !context.isUntrusted(device) || context.vmOf(device) !== undefined) continue;
      listIn(byIommu, device.iommu).push(device);
    }
    for (const [iommu, devices] of byIommu) {
      const one = devices.length === 1;
      report({
        span: iommu.written.property('mode')?.span ?? iommu.nameSpan,
        message: `iommu '${iommu.name}' is in identity mode, which translates nothing, in front of ${list(devices.map(describeUntrusted))}: ${one ? 'it' : 'they'} can read and write all of host ${iommu.host.name}'s memory, kernel included; set mode strict on '${iommu.name}'`,
        related: devices.map((device) => ({ span: device.nameSpan, message: `${describeUntrusted(device)}, behind iommu '${iommu.name}'` })),
        host: iommu.host.name,
        ...setValue([iommu], 'mode', 'strict'),
      });
    }
  },
};



