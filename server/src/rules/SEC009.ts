// SEC009: a map hands a device memory it must never reach: a buffer in a
// region reserved for the kernel's own data, or a sensitive buffer given to
// an untrusted device (Linux DMA-API debug; Thunderclap).
import type { BufferModel, DeviceModel, MapModel, MemoryModel, RelatedLocation } from '../model/index';
import type { Rule } from './rule';

export const SEC009: Rule = {
  meta: {
    code: 'SEC009',
    severity: 'error',
    summary: 'a map gives a device kernel memory, or a sensitive buffer to an untrusted device',
    fixable: false,
  },
  check(context, report) {
    for (const host of context.hosts) {
      for (const map of host.maps) {
        const { device, buffer } = map;
        if (device === undefined || buffer === undefined) continue;
        const kernel = kernelMemory(buffer);
        const secret = buffer.sensitive && context.isUntrusted(device);
        if (kernel === undefined && !secret) continue;
        const what = [
          ...(kernel === undefined ? [] : [`lives in kernel memory '${kernel.name}'`]),
          ...(secret ? [`is sensitive and ${device.name} is ${device.external ? 'external' : 'untrusted'}`] : []),
        ].join(' and ');
        const harm = kernel !== undefined ? `it can ${verbs(map)} the OS's own data next to it` : `it can ${verbs(map)} the secrets it holds`;
        report({
          span: map.span,
          message: `${mapText(map)} gives ${device.deviceKind} '${device.name}' buffer '${buffer.name}', which ${what}: ${harm}; map a dedicated buffer in ordinary memory instead`,
          related: related(device, buffer, kernel),
          host: host.name,
        });
      }
    }
  },
};

function kernelMemory(buffer: BufferModel): MemoryModel | undefined {
  const location = buffer.location;
  return location?.kind === 'memory' && location.kernel ? location : undefined;
}

function verbs(map: MapModel): string {
  return map.access === 'read' ? 'read' : map.access === 'write' ? 'overwrite' : 'read and overwrite';
}

function mapText(map: MapModel): string {
  return `'map ${map.device!.name} -> ${map.buffer!.name}${map.access === undefined ? '' : ` ${map.access}`}'`;
}

function related(device: DeviceModel, buffer: BufferModel, kernel: MemoryModel | undefined): RelatedLocation[] {
  return [
    { span: device.nameSpan, message: `${device.deviceKind} '${device.name}'${device.untrusted ? (device.external ? ' (external)' : ' (untrusted)') : ''}` },
    { span: buffer.nameSpan, message: `buffer '${buffer.name}'${buffer.sensitive ? ' (sensitive)' : ''}` },
    ...(kernel === undefined ? [] : [{ span: kernel.nameSpan, message: `memory '${kernel.name}' (kernel)` }]),
  ];
}
