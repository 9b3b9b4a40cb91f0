// Generates valid topologies of a requested size, for the benchmark and the
// stress tests: hosts with two sockets, switches, GPUs, NICs, buffers and
// maps, one InfiniBand network, and flows between neighbouring hosts.
import { MAX_RANGE_HOSTS } from '../server/src/model/ranges';

function hostBlock(index: number): string[] {
  const h = `h${index}`;
  return [
    `// host ${index}: two sockets, a switch per socket, GPUs and a NIC`,
    `host ${h} {`,
    '  cpu s0 { cores 32; vendor amd; interconnect 64 GB/s }',
    '  cpu s1 { cores 32; vendor amd; interconnect 64 GB/s }',
    '  memory ram0 { size 256 GiB; bandwidth 200 GB/s; cpu s0 }',
    '  memory ram1 { size 256 GiB; bandwidth 200 GB/s; cpu s1 }',
    '  iommu mmu { mode strict; page 4 KiB }',
    '  switch sw0 { acs on }',
    '  switch sw1 { acs off }',
    '  gpu gpu0 { iommu mmu; memory 80 GiB; bandwidth 2 TB/s; arch 90 }',
    '  gpu gpu1 { iommu mmu; memory 80 GiB; bandwidth 2 TB/s; arch 90 }',
    '  nic nic0 { iommu mmu; rdma; sg }',
    '  nvme ssd0 { iommu mmu; read 7 GB/s; write 5 GB/s }',
    '  link s0 -- sw0 : pcie gen5 x16',
    '  link s1 -- sw1 : pcie gen5 x16',
    '  link sw0 -- gpu0 : pcie gen5 x16 mps 256 B',
    '  link sw1 -- gpu1 : pcie gen5 x16 mps 256 B',
    '  link sw0 -- nic0 : pcie gen5 x16',
    '  link sw1 -- ssd0 : pcie gen4 x4',
    '  buffer halo { in gpu0; size 64 MiB }',
    '  buffer staging { in ram0; size 256 MiB; pinned; count 4 }',
    '  buffer data { in ram1; size 1 GiB; pageable; layout scattered 4 KiB }',
    '  map nic0 -> halo rw',
    '  map gpu0 -> staging rw',
    '  map ssd0 -> staging write',
    '  mr reg { buffer halo; nic nic0; access remote_read, remote_write }',
    '}',
  ];
}

function flowBlock(index: number, hosts: number): string[] {
  const a = `h${index % hosts}`;
  const b = `h${(index + 1) % hosts}`;
  return [`flow f${index} { from ${a}.halo; to ${b}.halo; size 64 MiB; via gpudirect; group g${index % 4} }`];
}

/** A valid topology of about `lines` lines (within one host block). */
export function generateTopology(lines: number): string {
  const perHost = hostBlock(0).length + 1; // a host and its flow
  return generateHosts(Math.max(2, Math.round((lines - 8) / perHost)));
}

/** A valid topology of `hosts` hosts on one InfiniBand network, one flow per host to the next. */
export function generateHosts(hosts: number): string {
  const out: string[] = [`topology "generated: ${hosts} hosts"`, ''];
  for (let i = 0; i < hosts; i++) out.push(...hostBlock(i));
  out.push('', 'network ib {', '  kind infiniband; rate 400 Gb/s; latency 1 us; mtu 4096 B', `  attach ${attachRanges(hosts)}`, '}', '');
  for (let i = 0; i < hosts; i++) out.push(...flowBlock(i, hosts));
  return `${out.join('\n')}\n`;
}

/**
 * Issue 10's topology for `check` against SimGrid: `hosts` hosts of
 * `generateHosts` on one InfiniBand network, and `flowsPerHost` flows from
 * each host's GPU to the GPUs of the next `flowsPerHost` hosts (`f0` … in
 * order of source host, then distance), in four groups. 1,000 hosts and 10
 * flows per host make 10,000 flows in 37,008 lines.
 */
export function generateFlows(hosts: number, flowsPerHost: number): string {
  const out: string[] = [`topology "generated: ${hosts} hosts, ${hosts * flowsPerHost} flows"`, ''];
  for (let i = 0; i < hosts; i++) out.push(...hostBlock(i));
  out.push('', 'network ib {', '  kind infiniband; rate 400 Gb/s; latency 1 us; mtu 4096 B', `  attach ${attachRanges(hosts)}`, '}', '');
  let n = 0;
  for (let i = 0; i < hosts; i++) {
    for (let k = 1; k <= flowsPerHost; k++, n++) out.push(`flow f${n} { from h${i}.halo; to h${(i + k) % hosts}.halo; size 64 MiB; via gpudirect; group g${n % 4} }`);
  }
  return `${out.join('\n')}\n`;
}

/** `h[0..4095].nic0, h[4096..8191].nic0, …`: every host's NIC, in ranges no longer than one range may be (VAL001). */
function attachRanges(hosts: number): string {
  const ranges: string[] = [];
  for (let low = 0; low < hosts; low += MAX_RANGE_HOSTS) ranges.push(`h[${low}..${Math.min(low + MAX_RANGE_HOSTS, hosts) - 1}].nic0`);
  return ranges.join(', ');
}

/** A random sharing instance: `flows` flows, each over `routeLength` of `resources` resources (seeded, repeatable). */
export function randomShareInstance(resources: number, flows: number, routeLength: number, seed = 1): { resources: Array<{ capacity: number }>; flows: Array<{ route: number[]; cap: number }> } {
  let state = seed >>> 0;
  // xorshift32: a small, repeatable generator (Marsaglia, "Xorshift RNGs", J. Stat. Software 8(14), 2003).
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
  return {
    resources: Array.from({ length: resources }, () => ({ capacity: 1e9 * (1 + 99 * next()) })),
    flows: Array.from({ length: flows }, () => ({
      route: Array.from({ length: routeLength }, () => Math.floor(next() * resources)),
      cap: next() < 0.3 ? 1e8 * (1 + 99 * next()) : Infinity,
    })),
  };
}

/**
 * A valid topology of about `lines` lines where every flow is its own group:
 * the hosts of `generateHosts`, one flow per host, so the simulation runs as
 * many groups as there are hosts.
 */
export function generateManyGroups(lines: number): string {
  const perHost = hostBlock(0).length + 1; // a host and its flow
  const hosts = Math.max(2, Math.round((lines - 8) / perHost));
  const out: string[] = [`topology "generated: ${hosts} hosts, one group per flow"`, ''];
  for (let i = 0; i < hosts; i++) out.push(...hostBlock(i));
  // A range names at most MAX_RANGE_HOSTS hosts: attach them a range of that many at a time.
  const ranges = Array.from({ length: Math.ceil(hosts / MAX_RANGE_HOSTS) }, (_, i) => `h[${i * MAX_RANGE_HOSTS}..${Math.min(hosts, (i + 1) * MAX_RANGE_HOSTS) - 1}].nic0`);
  out.push('', 'network ib {', '  kind infiniband; rate 400 Gb/s; latency 1 us; mtu 4096 B', `  attach ${ranges.join(', ')}`, '}', '');
  for (let i = 0; i < hosts; i++) out.push(`flow f${i} { from h${i}.halo; to h${(i + 1) % hosts}.halo; size 64 MiB; via gpudirect; group g${i} }`);
  return `${out.join('\n')}\n`;
}
