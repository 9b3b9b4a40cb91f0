// DMA001: a flow needs a device to DMA into or out of a buffer through a
// translating IOMMU, and no map grants that access: the transfer faults.
import type { BufferModel, DeviceModel, MapAccess, MapModel } from '../model/index';
import type { RuleContext } from './context';
import { addMap, regrant } from './fixes';
import type { Fix, Rule } from './rule';

export const DMA001: Rule = {
  meta: {
    code: 'DMA001',
    severity: 'error',
    summary: 'a flow needs a DMA that no map allows: the IOMMU faults it',
    fixable: true,
  },
  check(context, report) {
    const seen = new Set<string>();
    for (const { flow, hop } of context.dmaHops) {
      const device = hop.device;
      if (hop.socketBuffer === true || !context.translates(device) || device.sva) continue;
      const needs: Array<[BufferModel | undefined, 'read' | 'write']> = [
        [hop.fromBuffer, 'read'],
        [hop.toBuffer, 'write'],
      ];
      for (const [buffer, access] of needs) {
        // A buffer in the device's own memory needs no map.
        if (buffer === undefined || buffer.location === device) continue;
        if (buffer.host !== device.host) continue;
        // p2p into a peer's memory that turns inside an ACS-off switch never reaches the IOMMU (simulation.md § 2).
        if (context.plans.get(flow)?.via === 'p2p' && buffer.location?.kind === 'device' && !passesRootComplex(context, device, buffer.location)) continue;
        const maps = context.indexes.mapsBetween(device, buffer);
        if (maps.some((m) => grants(m.access, access))) continue;
        const key = `${flow.name}:${device.id}:${buffer.id}:${access}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const existing = maps[0];
        const fix = fixFor(context, device, buffer, access, existing?.access === undefined ? undefined : { map: existing, given: existing.access });
        report({
          span: flow.nameSpan,
          message: `flow '${flow.name}' needs ${device.id} to ${access} ${buffer.id}, but iommu '${device.iommu!.name}' has no map for it: the DMA faults; ${fix.regranted ? `make its map 'map ${device.name} -> ${buffer.name} ${fix.access}'` : `add 'map ${device.name} -> ${buffer.name} ${access}' to host ${device.host.name}`}`,
          related: [
            { span: device.nameSpan, message: `${device.deviceKind} '${device.name}'` },
            { span: buffer.nameSpan, message: `buffer '${buffer.name}'` },
            { span: device.iommu!.nameSpan, message: `iommu '${device.iommu!.name}' (mode ${device.iommu!.mode})` },
            ...(existing === undefined ? [] : [{ span: existing.span, message: `the map grants only ${existing.access}` }]),
          ],
          fix: fix.fix,
        });
      }
    }
  },
};

function passesRootComplex(context: RuleContext, device: DeviceModel, peer: DeviceModel): boolean {
  const route = context.fabric.hostRoute(device, peer);
  return route === undefined || route.nodes.some((node) => device.host.cpus.some((cpu) => cpu.id === node));
}

function grants(given: MapAccess | undefined, needed: 'read' | 'write'): boolean {
  return given === 'rw' || given === needed;
}

/** Make the existing map grant the access too (or only it, when no flow uses what it grants), or add a map. */
function fixFor(
  context: RuleContext,
  device: DeviceModel,
  buffer: BufferModel,
  access: 'read' | 'write',
  existing: { map: MapModel; given: MapAccess } | undefined,
): { fix: Fix; access: MapAccess; regranted: boolean } {
  // An rw map grants every access: the finding is about one that grants the other.
  if (existing !== undefined && existing.given !== 'rw') {
    const changed = regrant(context, existing.map, existing.given, access);
    const title = changed.access === 'rw' ? `Widen the map of ${device.name} to ${buffer.name} to rw` : `Change the map of ${device.name} to ${buffer.name} to ${access}`;
    return { fix: { title, edits: [changed.edit] }, access: changed.access, regranted: true };
  }
  return { fix: { title: `Map ${buffer.name} for ${device.name} (${access})`, edits: [addMap(device, buffer, access)] }, access, regranted: false };
}
