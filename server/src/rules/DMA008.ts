// DMA008: pinned memory that cannot exist. Either a host pins more than it
// has (page-locked memory cannot be swapped out, so the pins fail or starve
// everything else), or a staged flow has no pinned bounce buffer of at least
// one chunk on a host it stages on: the pipeline has nowhere to put a chunk
// that a device may DMA.
import { formatBytes } from '../model/human';
import type { BufferModel, FlowModel, HostModel, MemoryModel } from '../model/index';
import { pinnedFix } from './fixes';
import type { Finding, Fix, Rule } from './rule';

export const DMA008: Rule = {
  meta: {
    code: 'DMA008',
    severity: 'error',
    summary: 'pinned memory exceeds the host memory, or a staged flow lacks a pinned bounce buffer of one chunk',
    fixable: true,
  },
  check(context, report) {
    for (const host of context.hosts) {
      const finding = overcommitted(host);
      if (finding !== undefined) report(finding);
    }
    for (const [flow, plan] of context.plans) {
      if (plan.via !== 'staged' || plan.problem !== undefined) continue;
      for (const host of stagingHosts(flow)) {
        const finding = missingBounce(flow, host);
        if (finding !== undefined) report(finding);
      }
    }
  },
};

/** Σ size × count of the pinned buffers in a host's memories, against the sum of their sizes. */
function overcommitted(host: HostModel): Finding | undefined {
  const pinned = host.buffers.filter((b) => b.pinned && b.location?.kind === 'memory');
  const total = host.memories.reduce((sum, m) => sum + m.sizeBytes, 0);
  const bytes = (b: BufferModel): number => b.sizeBytes * b.count;
  const pinnedBytes = pinned.reduce((sum, b) => sum + bytes(b), 0);
  if (host.memories.length === 0 || pinnedBytes <= total) return undefined;
  // Point at the memory that holds the most pinned bytes: where the buffers must shrink or move.
  const perMemory = new Map<MemoryModel, number>();
  for (const b of pinned) perMemory.set(b.location as MemoryModel, (perMemory.get(b.location as MemoryModel) ?? 0) + bytes(b));
  const memory = host.memories.reduce((best, m) => ((perMemory.get(m) ?? 0) > (perMemory.get(best) ?? 0) ? m : best), host.memories[0]!);
  const largest = [...pinned].sort((a, b) => bytes(b) - bytes(a)).slice(0, 5);
  const memories = host.memories.length === 1 ? `memory '${memory.name}'` : `its memories`;
  return {
    span: memory.nameSpan,
    message: `host ${host.name} pins ${formatBytes(pinnedBytes)} of buffers but ${memories} hold${host.memories.length === 1 ? 's' : ''} only ${formatBytes(total)}: page-locked memory cannot be swapped out, so the pins fail or starve the OS; shrink the pinned buffers (the largest: '${largest[0]!.name}', ${formatBytes(bytes(largest[0]!))}) or make the ones no device DMAs pageable`,
    related: largest.map((b) => ({ span: b.nameSpan, message: `buffer '${b.name}': ${formatBytes(bytes(b))} pinned${b.count > 1 ? ` (${b.count} × ${formatBytes(b.sizeBytes)})` : ''}` })),
    host: host.name,
  };
}

/**
 * The hosts a staged flow stages on (simulation.md § 2): inside one host,
 * that host; across hosts, each side whose end is in GPU memory (a
 * host-memory end is an ordinary DMA by the NIC).
 */
function stagingHosts(flow: FlowModel): HostModel[] {
  const { from, to } = flow;
  if (from === undefined || to === undefined) return [];
  if (from.host === to.host) return [from.host];
  const inGpu = (end: typeof from): boolean => {
    const location = end.kind === 'device' ? end : end.location;
    return location?.kind === 'device' && location.deviceKind === 'gpu';
  };
  return [from, to].filter(inGpu).map((end) => end.host);
}

function missingBounce(flow: FlowModel, host: HostModel): Finding | undefined {
  const chunk = Math.min(flow.chunkBytes, flow.sizeBytes);
  const listed = flow.bounce.filter((b) => b.host === host);
  const fits = (b: BufferModel): boolean => b.location?.kind === 'memory' && b.pinned && b.sizeBytes >= chunk;
  if (listed.some(fits)) return undefined;
  const bounceProperty = flow.written.property('bounce');
  const chunkText = `${formatBytes(chunk)}${flow.written.valid('chunk') === undefined && chunk === flow.chunkBytes ? ', the default chunk' : ''}`;
  const candidate = listed[0];
  let why: string;
  let remedy: string;
  let fix: Fix | undefined;
  if (candidate === undefined) {
    why = `lists no bounce buffer on host ${host.name}`;
    remedy = `declare a pinned buffer of at least ${formatBytes(chunk)} in ${host.name}'s memory and list it in bounce`;
  } else if (candidate.location?.kind !== 'memory') {
    why = `stages on host ${host.name} through '${candidate.name}', which is not in host memory`;
    remedy = `use a pinned buffer of at least ${formatBytes(chunk)} in ${host.name}'s memory`;
  } else if (!candidate.pinned) {
    why = `stages on host ${host.name} through '${candidate.name}', which is pageable`;
    remedy = candidate.sizeBytes >= chunk ? `mark '${candidate.name}' pinned` : `mark '${candidate.name}' pinned and make it at least ${formatBytes(chunk)}`;
    if (candidate.sizeBytes >= chunk) fix = pinnedFix(candidate);
  } else {
    why = `stages on host ${host.name} through '${candidate.name}' of ${formatBytes(candidate.sizeBytes)}, smaller than one chunk`;
    remedy = `make '${candidate.name}' at least ${formatBytes(chunk)}, or use a smaller chunk`;
  }
  return {
    span: flow.nameSpan,
    message: `staged flow '${flow.name}' ${why}: a staged path needs a pinned bounce buffer in host memory of at least one chunk (${chunkText}) for its devices to DMA through; ${remedy}`,
    related: [
      ...(candidate === undefined ? [] : [{ span: candidate.nameSpan, message: `buffer '${candidate.name}'` }]),
      ...(bounceProperty === undefined ? [] : [{ span: bounceProperty.span, message: 'the bounce buffers' }]),
    ],
    ...(fix === undefined ? {} : { fix }),
  };
}
