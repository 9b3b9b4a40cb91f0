// SEC005: a device passed through to a vm sits behind an IOMMU with
// interrupt remapping off: the guest can make the device write any MSI it
// likes, injecting interrupts into the host.
import { passedThrough, passedThroughByIommu, setValue } from './fixes';
import type { Rule } from './rule';

export const SEC005: Rule = {
  meta: {
    code: 'SEC005',
    severity: 'error',
    summary: 'a device passed through to a vm is behind an IOMMU with interrupt remapping off',
    fixable: true,
  },
  check(context, report) {
    // One finding per IOMMU (at its `intremap off`), naming every passed-through device behind it.
    const byIommu = passedThroughByIommu(context.devices, (device) => context.vmOf(device), (iommu) => !iommu.interruptRemapping);
    for (const [iommu, assigned] of byIommu) {
      const one = assigned.length === 1;
      const who = passedThrough(assigned);
      const vms = [...new Set(assigned.map(({ vm }) => vm))];
      report({
        span: iommu.written.property('intremap')?.span ?? iommu.nameSpan,
        message: `${who} but iommu '${iommu.name}' has intremap off: the ${vms.length === 1 ? 'guest' : 'guests'} can make ${one ? 'it' : 'them'} write forged MSI messages that inject interrupts into host ${iommu.host.name}'s kernel; set intremap on '${iommu.name}'`,
        related: [
          ...assigned.map(({ device }) => ({ span: device.nameSpan, message: `${device.deviceKind} '${device.name}', behind iommu '${iommu.name}'` })),
          ...vms.map((vm) => ({ span: vm.nameSpan, message: `vm '${vm.name}' (passthrough ${vm.passthrough.map((d) => d.name).join(', ')})` })),
        ],
        host: iommu.host.name,
        ...setValue([iommu], 'intremap', 'on'),
      });
    }
  },
};


