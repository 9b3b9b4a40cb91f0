// Reachability: for every DMA-capable device, what it can read and write,
// and why — its IOMMU's maps, an identity-mapped or absent IOMMU (all of
// memory), shared virtual addressing, peers below an ACS-off switch (their
// memory, unchecked), RDMA registrations (what remote peers may do through
// the NIC). The `dmatopo reach` command and the device hover show it.
import type { DeviceModel, TopologyModel } from '../model/index';
import { translates } from '../model/iommu';
import { acsOffPeers } from './pcieTree';

export interface Reach {
  /** A buffer id, a memory id, or a device id for a device's own memory. */
  readonly target: string;
  readonly kind: 'buffer' | 'memory' | 'device memory';
  readonly read: boolean;
  readonly write: boolean;
  readonly why: string;
}

export interface DeviceReach {
  readonly device: DeviceModel;
  /** How the device's DMA is checked, in a few words. */
  readonly protection: string;
  readonly reach: readonly Reach[];
}

/** A reach's access in words, as `dmatopo reach` and Show Reachability print it. */
export const access = (read: boolean, write: boolean): string => (read && write ? 'read/write' : read ? 'read' : 'write');

export function reachability(model: TopologyModel): DeviceReach[] {
  return [...model.hosts.values()].flatMap((host) => host.devices.map((device) => reachOf(device)));
}

export function reachOf(device: DeviceModel): DeviceReach {
  const host = device.host;
  const iommu = device.iommu;
  const reach: Reach[] = [];
  // The first entry for a target and a reason stands; a set of those keeps `add` linear in the device's maps.
  const seen = new Set<string>();
  const add = (entry: Reach) => {
    const key = `${entry.target}\0${entry.why}`;
    if (seen.has(key)) return;
    seen.add(key);
    reach.push(entry);
  };
  let protection: string;
  if (iommu === undefined || !translates(iommu)) {
    const why = iommu === undefined ? 'no IOMMU translates its DMA' : iommu.mode === 'off' ? `iommu ${iommu.name} is off` : `iommu ${iommu.name} maps identity: physical addresses pass through`;
    protection = iommu === undefined ? 'no IOMMU' : `iommu ${iommu.name}, mode ${iommu.mode}`;
    for (const memory of host.memories) add({ target: memory.id, kind: 'memory', read: true, write: true, why });
  } else if (device.sva) {
    protection = `iommu ${iommu.name}, shared virtual addressing`;
    for (const buffer of host.buffers) {
      if (buffer.location?.kind === 'memory' && !buffer.location.kernel) add({ target: buffer.id, kind: 'buffer', read: true, write: true, why: 'sva: the whole process address space' });
    }
  } else {
    protection = `iommu ${iommu.name}, mode ${iommu.mode}`;
    for (const map of host.maps) {
      if (map.device !== device || map.buffer === undefined || map.access === undefined) continue;
      add({ target: map.buffer.id, kind: 'buffer', read: map.access !== 'write', write: map.access !== 'read', why: `map ${device.name} -> ${map.buffer.name} ${map.access}` });
    }
  }
  // Peers below a common ACS-off switch: their DMA to each other turns there, unchecked.
  for (const { peer, via } of acsOffPeers(device)) {
    if (peer.memoryBytes !== undefined) add({ target: peer.id, kind: 'device memory', read: true, write: true, why: `peer below ACS-off switch ${via}: traffic turns there, unchecked by the IOMMU` });
  }
  // RDMA registrations: what remote peers may do to memory through this NIC.
  for (const mr of host.mrs) {
    if (mr.nic !== device || mr.buffer === undefined) continue;
    const read = mr.access.includes('remote_read');
    const write = mr.access.includes('remote_write') || mr.access.includes('remote_atomic');
    if (read || write) add({ target: mr.buffer.id, kind: 'buffer', read, write, why: `mr ${mr.name} (${mr.access.join(', ')}): for remote peers through this NIC` });
  }
  return { device, protection, reach };
}
