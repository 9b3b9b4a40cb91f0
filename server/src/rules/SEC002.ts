// SEC002: a device passed through to a vm sits behind an IOMMU in identity
// mode: the guest's driver programs the device, and identity mode translates
// nothing, so the guest reaches all of the host's memory.
import { passedThrough, passedThroughByIommu, setValue } from './fixes';
import type { Rule } from './rule';

export const SEC002: Rule = {
  meta: {
    code: 'SEC002',
    severity: 'error',
    summary: 'a device passed through to a vm is behind an IOMMU in identity mode',
    fixable: true,
  },
  check(context, report) {
    // One finding per IOMMU (at its `mode identity`), naming every passed-through device behind it.
    const byIommu = passedThroughByIommu(context.devices, (device) => context.vmOf(device), (iommu) => iommu.mode === 'identity');
    for (const [iommu, assigned] of byIommu) {
      const one = assigned.length === 1;
      const who = passedThrough(assigned);
      const vms = [...new Set(assigned.map(({ vm }) => vm))];
      report({
        span: iommu.written.property('mode')?.span ?? iommu.nameSpan,
        message: `${who} but iommu '${iommu.name}' is in identity mode, which translates nothing: the ${vms.length === 1 ? 'guest' : 'guests'} can make ${one ? 'it' : 'them'} read and write all of host ${iommu.host.name}'s memory, the hypervisor's included; set mode strict on '${iommu.name}'`,
        related: [
          ...assigned.map(({ device }) => ({ span: device.nameSpan, message: `${device.deviceKind} '${device.name}', behind iommu '${iommu.name}'` })),
          ...vms.map((vm) => ({ span: vm.nameSpan, message: `vm '${vm.name}' (passthrough ${vm.passthrough.map((d) => d.name).join(', ')})` })),
        ],
        host: iommu.host.name,
        ...setValue([iommu], 'mode', 'strict'),
      });
    }
  },
};


