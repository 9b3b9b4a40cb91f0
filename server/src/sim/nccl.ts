// NCCL's path classes and the limits its defaults put on GPUDirect RDMA and
// peer-to-peer (simulation.md § 3): the one home of the order of the
// classes and of both limits, which the planner's choice of `via` and
// DMA004's warning share. Source: NVIDIA/nccl, src/graph/topo.h (PATH_LOC …
// PATH_NET, best to worst) and src/graph/paths.cc (ncclTopoCheckGdr,
// ncclTopoCheckP2p), 2.2x defaults.
import type { HostModel } from '../model/index';

/** NCCL's path classes we distinguish (topo.h also has NVB and PXN, which no topology here produces). */
export type PathClass = 'LOC' | 'NVL' | 'PIX' | 'PXB' | 'PHB' | 'SYS' | 'NET';

/** Best to worst, as topo.h numbers them. */
export const PATH_CLASS_ORDER: readonly PathClass[] = ['LOC', 'NVL', 'PIX', 'PXB', 'PHB', 'SYS', 'NET'];

/** A class's place in the order: lower is closer. */
export const classRank = (pathClass: PathClass): number => PATH_CLASS_ORDER.indexOf(pathClass);

export const worseClass = (a: PathClass, b: PathClass): PathClass => (classRank(a) >= classRank(b) ? a : b);

/** Whether `pathClass` is no worse than `limit`. */
export const withinLimit = (pathClass: PathClass, limit: PathClass): boolean => classRank(pathClass) <= classRank(limit);

/** GPUDirect RDMA between a GPU and a NIC: up to PXB, a path through PCIe switches only (paths.cc, ncclTopoCheckGdr, netGdrLevel). */
export const GDR_LIMIT: PathClass = 'PXB';

export interface P2pLimit {
  readonly limit: PathClass;
  /** The AMD exception applies: every cpu is AMD and the host has at most two GPUs. */
  readonly amdPair: boolean;
}

/**
 * Peer-to-peer between two GPUs of `host`, which holds `gpus` GPUs: up to
 * PXB, and up to SYS when its cpus are AMD and it has at most two GPUs
 * (paths.cc, ncclTopoCheckP2p).
 */
export function p2pLimit(host: HostModel, gpus: number): P2pLimit {
  const amdPair = host.cpus.length > 0 && host.cpus.every((c) => c.vendor === 'amd') && gpus <= 2;
  return { limit: amdPair ? 'SYS' : 'PXB', amdPair };
}
