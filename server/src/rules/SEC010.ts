// SEC010: one buffer mapped to devices of different trust, or of different
// owners: whatever one of them may reach, the other can read or overwrite
// (Thunderclap on macOS's shared mappings; VFIO's container isolation).
import type { DeviceModel, MapModel } from '../model/index';
import type { RuleContext } from './context';
import type { Rule } from './rule';

/** The maps of one buffer made by devices of one trust and one owner. */
interface Domain {
  readonly untrusted: boolean;
  readonly owner: string;
  readonly maps: MapModel[];
}

export const SEC010: Rule = {
  meta: {
    code: 'SEC010',
    severity: 'warning',
    summary: 'one buffer is mapped to devices of different trust or of different owners',
    fixable: false,
  },
  check(context, report) {
    for (const host of context.hosts) {
      for (const buffer of host.buffers) {
        const domains = domainsOf(context, context.indexes.mapsTo(buffer));
        if (domains.length < 2) continue;
        // The most trusted domain (trusted before untrusted, the host before a vm) is the buffer's home; every other domain's first map is the mistake.
        const [home, ...others] = domains;
        const homeMap = home!.maps[0]!;
        const homeDevice = homeMap.device!;
        for (const other of others) {
          const map = other.maps[0]!;
          const device = map.device!;
          const trust = other.untrusted !== home!.untrusted;
          const why = trust
            ? `${device.deviceKind} '${device.name}' is ${device.external ? 'external' : 'untrusted'} and ${homeDevice.deviceKind} '${homeDevice.name}' is not`
            : `${device.deviceKind} '${device.name}' belongs to ${other.owner} and ${homeDevice.deviceKind} '${homeDevice.name}' to ${home!.owner}`;
          report({
            span: map.span,
            message: `buffer '${buffer.name}' is mapped to both ${device.name} and ${homeDevice.name}, but ${why}: ${device.name} can read or overwrite the data ${homeDevice.name} moves through it; give each ${trust ? 'trust domain' : 'owner'} its own buffer`,
            related: [
              { span: homeMap.span, message: `the map of ${describe(context, homeDevice)}` },
              { span: buffer.nameSpan, message: `buffer '${buffer.name}'` },
              { span: device.nameSpan, message: describe(context, device) },
            ],
            host: host.name,
          });
        }
      }
    }
  },
};

function domainsOf(context: RuleContext, maps: readonly MapModel[]): Domain[] {
  const byTrustAndOwner = new Map<string, Domain>();
  const ordered = maps.filter((m) => m.device !== undefined).sort((a, b) => a.span.start - b.span.start);
  for (const map of ordered) {
    const device = map.device!;
    const untrusted = context.isUntrusted(device);
    const owner = context.ownerOf(device);
    const key = `${untrusted} ${owner}`;
    const domain = byTrustAndOwner.get(key);
    if (domain === undefined) byTrustAndOwner.set(key, { untrusted, owner, maps: [map] });
    else domain.maps.push(map);
  }
  const domains = [...byTrustAndOwner.values()];
  const rank = (d: Domain): number => (d.untrusted ? 2 : 0) + (d.owner.startsWith('vm ') ? 1 : 0);
  // A stable sort keeps document order among domains of equal rank.
  return domains.sort((a, b) => rank(a) - rank(b));
}

function describe(context: RuleContext, device: DeviceModel): string {
  const trust = device.external ? 'external' : device.untrusted ? 'untrusted' : 'trusted';
  return `${device.deviceKind} '${device.name}' (${trust}, ${context.ownerOf(device)})`;
}
