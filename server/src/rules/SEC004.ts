// SEC004: devices below a switch with ACS off form one IOMMU group (their
// peer-to-peer traffic turns inside the switch, unchecked); when the group
// is split between owners (the host and a vm, or two vms), one owner's
// device can DMA into the other's without the IOMMU ever seeing it.
import type { DeviceModel, SwitchModel } from '../model/index';
import { topmostAcsOff } from './pcieTree';
import { list, setValue } from './fixes';
import { listIn } from './indexes';
import type { Rule } from './rule';

export const SEC004: Rule = {
  meta: {
    code: 'SEC004',
    severity: 'error',
    summary: 'devices of different owners share a switch with ACS off (one IOMMU group)',
    fixable: true,
  },
  check(context, report) {
    // A group is everything below the topmost ACS-off switch on the way up
    // to the cpu, as Linux builds IOMMU groups (pci_device_group).
    const groups = new Map<SwitchModel, DeviceModel[]>();
    for (const device of context.devices) {
      const top = topmostAcsOff(device);
      if (top !== undefined) listIn(groups, top).push(device);
    }
    for (const [sw, devices] of groups) {
      const owners = [...new Set(devices.map((d) => context.ownerOf(d)))];
      if (owners.length < 2) continue;
      const members = devices.map((d) => `${d.deviceKind} '${d.name}' (${context.ownerOf(d)})`);
      const vms = [...new Set(devices.map((d) => context.vmOf(d)).filter((vm) => vm !== undefined))];
      report({
        span: sw.written.property('acs')?.span ?? sw.nameSpan,
        message: `switch '${sw.name}' has acs off, so ${list(members)} share one IOMMU group: their peer-to-peer DMA turns inside the switch and never reaches the IOMMU, so each owner's device can read and write the other's device memory and registers; set acs on '${sw.name}', or give the whole group to one owner`,
        related: [
          ...devices.map((d) => ({ span: d.nameSpan, message: `${d.deviceKind} '${d.name}', owned by ${context.ownerOf(d)}` })),
          ...vms.map((vm) => ({ span: vm.nameSpan, message: `vm '${vm.name}' (passthrough ${vm.passthrough.map((d) => d.name).join(', ')})` })),
        ],
        host: sw.host.name,
        ...setValue([sw], 'acs', 'on'),
      });
    }
  },
};
