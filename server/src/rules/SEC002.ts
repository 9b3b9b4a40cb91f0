// SEC002: a device passed through to a vm sits behind an IOMMU in identity
// mode: the guest's driver programs the device, and identity mode translates
// nothing, so the guest reaches all of the host's memory.
import type { DeviceModel, IommuModel, VmModel } from '../model/index';
import type { Fix, Rule } from './rule';

export const SEC002: Rule = {
  meta: {
    code: 'SEC002',
    severity: 'error',
    summary: 'a device passed through to a vm is behind an IOMMU in identity mode',
    fixable: true,
  },
  check(context, report) {
    // One finding per IOMMU (at its `mode identity`), naming every passed-through device behind it.
    const byIommu = new Map<IommuModel, Array<{ device: DeviceModel; vm: VmModel }>>();
    for (const device of context.devices) {
      const vm = context.vmOf(device);
      if (vm === undefined || device.iommu?.mode !== 'identity') continue;
      byIommu.set(device.iommu, [...(byIommu.get(device.iommu) ?? []), { device, vm }]);
    }
    for (const [iommu, assigned] of byIommu) {
      const one = assigned.length === 1;
      const who = one
        ? `${assigned[0]!.device.deviceKind} '${assigned[0]!.device.name}' is passed through to vm '${assigned[0]!.vm.name}'`
        : `${list(assigned.map(({ device, vm }) => `${device.deviceKind} '${device.name}' (vm '${vm.name}')`))} are passed through`;
      const vms = [...new Set(assigned.map(({ vm }) => vm))];
      report({
        span: iommu.written.property('mode')?.span ?? iommu.nameSpan,
        message: `${who} but iommu '${iommu.name}' is in identity mode, which translates nothing: the ${vms.length === 1 ? 'guest' : 'guests'} can make ${one ? 'it' : 'them'} read and write all of host ${iommu.host.name}'s memory, the hypervisor's included; set mode strict on '${iommu.name}'`,
        related: [
          ...assigned.map(({ device }) => ({ span: device.nameSpan, message: `${device.deviceKind} '${device.name}', behind iommu '${iommu.name}'` })),
          ...vms.map((vm) => ({ span: vm.nameSpan, message: `vm '${vm.name}' (passthrough ${vm.passthrough.map((d) => d.name).join(', ')})` })),
        ],
        host: iommu.host.name,
        ...modeStrict(iommu),
      });
    }
  },
};

/** Replace the written `identity` with `strict`. */
function modeStrict(iommu: IommuModel): { fix?: Fix } {
  const value = iommu.written.property('mode')?.values[0];
  return value === undefined ? {} : { fix: { title: `Set mode strict on '${iommu.name}'`, edits: [{ span: value.span, newText: 'strict' }] } };
}

/** `a`, `a and b`, `a, b and c`. */
function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
