// DMA002: a device DMAs straight into or out of a pageable host buffer. The
// OS may swap, migrate or merge those pages while the device still holds
// their bus addresses: the device then reads or writes someone else's memory.
import type { BufferModel, DeviceModel, FlowModel } from '../model/index';
import { pinnedFix } from './fixes';
import { listIn } from './indexes';
import type { Rule } from './rule';

interface Use {
  readonly device: DeviceModel;
  readonly flow: FlowModel;
  readonly access: 'reads' | 'writes';
}

export const DMA002: Rule = {
  meta: {
    code: 'DMA002',
    severity: 'error',
    summary: 'a device DMAs directly into or out of a pageable host buffer',
    fixable: true,
  },
  check(context, report) {
    // One finding per buffer (the declaration to fix), naming every device and flow that DMAs it.
    const uses = new Map<BufferModel, Use[]>();
    // Each use once: flow names and device ids are unique in a model.
    const seen = new Set<string>();
    for (const { flow, hop } of context.dmaHops) {
      // Kernel socket buffers are the kernel's own (pinned by its DMA API); the user buffer is only copied by the CPU.
      if (hop.socketBuffer === true) continue;
      // An SVA device behind a translating IOMMU faults pages in itself (ATS + PRI): no pinning needed.
      if (hop.device.sva && context.translates(hop.device)) continue;
      const sides: Array<[BufferModel | undefined, Use['access']]> = [
        [hop.fromBuffer, 'reads'],
        [hop.toBuffer, 'writes'],
      ];
      for (const [buffer, access] of sides) {
        // Buffers in a device's memory are always resident.
        if (buffer === undefined || buffer.location?.kind !== 'memory' || buffer.pinned) continue;
        const key = `${buffer.id}:${hop.device.id}:${flow.name}:${access}`;
        if (seen.has(key)) continue;
        seen.add(key);
        listIn(uses, buffer).push({ device: hop.device, flow, access });
      }
    }
    for (const [buffer, list] of uses) {
      const first = list[0]!;
      const others = list.length > 1 ? ` (and ${list.length - 1} more DMA${list.length > 2 ? 's' : ''})` : '';
      const devices = [...new Set(list.map((u) => u.device))];
      const flows = [...new Set(list.map((u) => u.flow))];
      report({
        span: buffer.nameSpan,
        message: `buffer '${buffer.name}' in ${buffer.location!.name} is pageable, but ${first.device.deviceKind} '${first.device.name}' ${first.access} it by DMA in flow '${first.flow.name}'${others}: the OS may swap or move its pages mid-transfer and the device would then touch memory that is no longer the buffer; mark it pinned`,
        related: [
          ...devices.map((d) => ({ span: d.nameSpan, message: `${d.deviceKind} '${d.name}' DMAs the buffer` })),
          ...flows.map((f) => ({ span: f.nameSpan, message: `flow '${f.name}'` })),
        ],
        host: buffer.host.name,
        fix: pinnedFix(buffer),
      });
    }
  },
};

