// SEC008: an IOMMU maps whole pages. A buffer that does not start or end on
// a page boundary, mapped to an external or untrusted device, exposes the
// rest of its first and last pages too, unless swiotlb bounces the
// unaligned mapping through a buffer of its own (Thunderclap).
import type { BufferModel, DeviceModel, IommuModel } from '../model/index';
import { list, setValue } from './fixes';
import { listIn } from './indexes';
import type { Rule } from './rule';

export const SEC008: Rule = {
  meta: {
    code: 'SEC008',
    severity: 'warning',
    summary: 'a buffer mapped to an external or untrusted device is not page-aligned and swiotlb is off',
    fixable: true,
  },
  check(context, report) {
    // One finding per buffer (at its unaligned offset or size), naming every hostile device it is mapped to.
    const byBuffer = new Map<BufferModel, Array<{ device: DeviceModel; iommu: IommuModel }>>();
    // Each buffer's devices already listed: a device with two maps of one buffer is named once.
    const devicesOf = new Map<BufferModel, Set<DeviceModel>>();
    for (const host of context.hosts) {
      for (const map of host.maps) {
        const { device, buffer } = map;
        if (device === undefined || buffer === undefined || !context.isUntrusted(device) || !context.translates(device)) continue;
        const iommu = device.iommu!;
        if (iommu.swiotlb || aligned(buffer, iommu.pageBytes)) continue;
        const listed = devicesOf.get(buffer) ?? new Set<DeviceModel>();
        if (listed.has(device)) continue;
        devicesOf.set(buffer, listed.add(device));
        listIn(byBuffer, buffer).push({ device, iommu });
      }
    }
    for (const [buffer, exposed] of byBuffer) {
      const iommus = [...new Set(exposed.map((e) => e.iommu))];
      const page = Math.min(...iommus.map((i) => i.pageBytes));
      const offsetOff = iommus.some((i) => buffer.offsetBytes % i.pageBytes !== 0);
      const cause = offsetOff ? buffer.written.property('offset') : buffer.written.property('size');
      const shape = offsetOff ? `starts ${size(buffer.offsetBytes)} into a page` : `is ${size(buffer.sizeBytes)}, not a whole number of pages`;
      report({
        span: cause?.span ?? buffer.nameSpan,
        message: `buffer '${buffer.name}' ${shape}, and it is mapped to ${list(exposed.map(({ device }) => `${device.deviceKind} '${device.name}' (${device.external ? 'external' : 'untrusted'})`))} through ${list(iommus.map((i) => `iommu '${i.name}'`))} (${size(page)} pages, swiotlb off): the mapping also exposes the neighbouring bytes of ${where(buffer)} that share its first and last pages; page-align the buffer, or set swiotlb on`,
        related: [
          ...exposed.map(({ device }) => ({ span: device.nameSpan, message: `${device.deviceKind} '${device.name}' (${device.external ? 'external' : 'untrusted'})` })),
          ...iommus.map((i) => ({ span: i.written.property('swiotlb')?.span ?? i.nameSpan, message: `iommu '${i.name}' (page ${size(i.pageBytes)}, swiotlb off)` })),
        ],
        host: buffer.host.name,
        ...setValue(iommus, 'swiotlb', 'on'),
      });
    }
  },
};

/** Whose memory the exposed neighbours belong to. */
function where(buffer: BufferModel): string {
  const at = buffer.location;
  return at?.kind === 'device' ? `${at.deviceKind} '${at.name}''s memory` : `host ${buffer.host.name}'s memory`;
}

function aligned(buffer: BufferModel, page: number): boolean {
  return buffer.offsetBytes % page === 0 && buffer.sizeBytes % page === 0;
}


/** A size as exactly as it is: `512 B`, `4 KiB`, `1500 B`. */
function size(bytes: number): string {
  for (const [unit, scale] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale} ${unit}`;
  }
  return `${bytes} B`;
}

