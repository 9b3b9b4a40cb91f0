// SEC006: PCIe ATS on a device that is external, untrusted or passed through
// to a vm. With ATS a device may send requests marked "already translated",
// which the IOMMU lets through: a lying device reaches any physical address
// (Thunderclap).
import type { DeviceModel } from '../model/index';
import type { Property } from '../syntax/ast';
import { BODY_SCHEMAS } from '../syntax/schema';
import { removal } from './fixes';
import type { Fix, Rule } from './rule';

export const SEC006: Rule = {
  meta: {
    code: 'SEC006',
    severity: 'error',
    summary: 'ATS is enabled on an external or untrusted device, or one passed through to a vm',
    fixable: true,
  },
  check(context, report) {
    for (const device of context.devices) {
      if (!device.ats) continue;
      const vm = context.vmOf(device);
      const hostile = context.isUntrusted(device);
      if (!hostile && vm === undefined) continue;
      const ats = device.written.property('ats');
      const why = hostile ? `is ${device.external ? 'external' : 'untrusted'}` : `is passed through to vm '${vm!.name}'`;
      const checker = device.iommu === undefined ? 'any IOMMU' : `iommu '${device.iommu.name}'`;
      report({
        span: ats?.key.span ?? device.nameSpan,
        message: `${device.deviceKind} '${device.name}' has ats and ${why}: it can send requests marked as already translated, which ${checker} lets through unchecked to any of host ${device.host.name}'s memory; remove ats`,
        related: [
          { span: device.nameSpan, message: `${device.deviceKind} '${device.name}'${hostile ? ` (${device.external ? 'external' : 'untrusted'})` : ''}` },
          ...(device.iommu === undefined ? [] : [{ span: device.iommu.nameSpan, message: `iommu '${device.iommu.name}' (mode ${device.iommu.mode})` }]),
          ...(vm === undefined ? [] : [{ span: vm.nameSpan, message: `vm '${vm.name}' (passthrough ${vm.passthrough.map((d) => d.name).join(', ')})` }]),
        ],
        host: device.host.name,
        ...(ats === undefined ? {} : { fix: removeAts(device, ats) }),
      });
    }
  },
};

/** Remove the `ats` flag with one separator. */
function removeAts(device: DeviceModel, ats: Property): Fix {
  return { title: `Remove ats from '${device.name}'`, edits: [{ span: removal(device, ats, Object.keys(BODY_SCHEMAS.device)), newText: '' }] };
}
