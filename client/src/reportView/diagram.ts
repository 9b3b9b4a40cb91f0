// The report's diagram, laid out: a box per host, per node inside it and
// per network, in the diagram's coordinates. Two ways to get there: ELK's
// layered layout (layout.ts runs it in a worker thread), whose graph
// `elkGraph` builds, and `gridLayout`, a layered grid computed here in one
// pass, for a topology too large for ELK or when ELK runs out of time.
// Links are drawn from box centre to box centre, so a layout is only boxes.
// Nothing here imports `vscode`: tests run it under node.
import type { ReportNode, ReportTopology } from '../../../protocol/reportView';

export interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Diagram {
  /** What laid it out: ELK, or the grid (too large for ELK, or ELK out of time). */
  readonly engine: 'elk' | 'grid';
  readonly width: number;
  readonly height: number;
  readonly hosts: readonly Box[];
  /** Cpus, memories, switches, devices (absolute coordinates) and networks. */
  readonly nodes: readonly Box[];
}

export const NODE_WIDTH = 112;
export const NODE_HEIGHT = 30;
const GAP = 16;
/** Room for the host's name above its nodes. */
const HOST_TITLE = 24;
const HOST_PADDING = 10;

/** A node's row inside its host in the grid: sockets and memory on top, then switches, then devices, as the PCIe tree hangs. */
const ROW: Record<ReportNode['kind'], number> = { cpu: 0, memory: 0, switch: 1, device: 2, network: 0 };

/**
 * Hosts in a square-ish grid, each host's nodes in three rows (cpus and
 * memories, switches, devices), networks in a row below: linear in the
 * topology, whatever its size.
 */
export function gridLayout(topology: ReportTopology): Diagram {
  const byHost = new Map<string, ReportNode[][]>();
  for (const host of topology.hosts) byHost.set(host.id, [[], [], []]);
  const networks: ReportNode[] = [];
  for (const node of topology.nodes) {
    if (node.host === null) networks.push(node);
    else byHost.get(node.host)?.[ROW[node.kind] ?? 2]!.push(node);
  }
  let widest = 0;
  let tallest = 0;
  for (const rows of byHost.values()) {
    widest = Math.max(widest, ...rows.map((row) => row.length));
    tallest = Math.max(tallest, rows.filter((row) => row.length > 0).length);
  }
  const hostWidth = Math.max(1, widest) * (NODE_WIDTH + GAP) - GAP + 2 * HOST_PADDING;
  const hostHeight = HOST_TITLE + Math.max(1, tallest) * (NODE_HEIGHT + GAP) - GAP + HOST_PADDING;
  const columns = Math.max(1, Math.ceil(Math.sqrt(topology.hosts.length)));
  const hosts: Box[] = [];
  const nodes: Box[] = [];
  topology.hosts.forEach((host, i) => {
    const x = GAP + (i % columns) * (hostWidth + 2 * GAP);
    const y = GAP + Math.floor(i / columns) * (hostHeight + 2 * GAP);
    hosts.push({ id: host.id, x, y, width: hostWidth, height: hostHeight });
    let rowY = y + HOST_TITLE;
    for (const row of byHost.get(host.id)!) {
      if (row.length === 0) continue;
      row.forEach((node, j) => nodes.push({ id: node.id, x: x + HOST_PADDING + j * (NODE_WIDTH + GAP), y: rowY, width: NODE_WIDTH, height: NODE_HEIGHT }));
      rowY += NODE_HEIGHT + GAP;
    }
  });
  const rows = Math.ceil(topology.hosts.length / columns);
  const networkY = GAP + rows * (hostHeight + 2 * GAP);
  networks.forEach((node, j) => nodes.push({ id: node.id, x: GAP + j * (NODE_WIDTH + GAP), y: networkY, width: NODE_WIDTH, height: NODE_HEIGHT }));
  const width = Math.max(GAP + Math.min(columns, Math.max(1, topology.hosts.length)) * (hostWidth + 2 * GAP), GAP + networks.length * (NODE_WIDTH + GAP));
  const height = networkY + (networks.length > 0 ? NODE_HEIGHT + GAP : 0);
  return { engine: 'grid', width, height, hosts, nodes };
}

/** ELK's input graph (its JSON format): hosts as compound nodes, links and memory attachments as edges. */
export interface ElkGraph {
  readonly id: string;
  readonly layoutOptions?: Record<string, string>;
  readonly width?: number;
  readonly height?: number;
  readonly children?: ElkGraph[];
  readonly edges?: ReadonlyArray<{ readonly id: string; readonly sources: readonly string[]; readonly targets: readonly string[] }>;
}

/** What ELK gives back: the same graph with positions, relative to each node's parent. */
export interface ElkLaidOut {
  readonly id: string;
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
  readonly children?: readonly ElkLaidOut[];
}

export function elkGraph(topology: ReportTopology): ElkGraph {
  const hosts = new Map<string, ElkGraph[]>();
  for (const host of topology.hosts) hosts.set(host.id, []);
  const top: ElkGraph[] = [];
  const known = new Set<string>();
  for (const node of topology.nodes) {
    const box = { id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT };
    known.add(node.id);
    const inHost = node.host === null ? undefined : hosts.get(node.host);
    (inHost ?? top).push(box);
  }
  for (const [id, children] of hosts) top.unshift({ id: hostKey(id), layoutOptions: { 'elk.padding': `[top=${HOST_TITLE},left=${HOST_PADDING},bottom=${HOST_PADDING},right=${HOST_PADDING}]` }, children });
  const edges = [
    ...topology.links.filter((l) => known.has(l.a) && known.has(l.b)).map((l) => ({ id: `link:${l.id}`, sources: [l.a], targets: [l.b] })),
    ...topology.attachments.filter((a) => known.has(a.memory) && known.has(a.cpu)).map((a) => ({ id: `memory:${a.memory}`, sources: [a.cpu], targets: [a.memory] })),
  ];
  return {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN', 'elk.spacing.nodeNode': String(GAP), 'elk.layered.spacing.nodeNodeBetweenLayers': String(2 * GAP) },
    children: top,
    edges,
  };
}

/** ELK's result as a diagram in absolute coordinates. */
export function fromElk(laidOut: ElkLaidOut): Diagram {
  const hosts: Box[] = [];
  const nodes: Box[] = [];
  for (const child of laidOut.children ?? []) {
    const box = { id: child.id, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? NODE_WIDTH, height: child.height ?? NODE_HEIGHT };
    if (!child.id.startsWith(HOST_PREFIX)) {
      nodes.push(box);
      continue;
    }
    hosts.push({ ...box, id: child.id.slice(HOST_PREFIX.length) });
    for (const inner of child.children ?? []) nodes.push({ id: inner.id, x: box.x + (inner.x ?? 0), y: box.y + (inner.y ?? 0), width: inner.width ?? NODE_WIDTH, height: inner.height ?? NODE_HEIGHT });
  }
  return { engine: 'elk', width: laidOut.width ?? 0, height: laidOut.height ?? 0, hosts, nodes };
}

/** Hosts and their items share no id (`alpha` vs `alpha.gpu0`), but a network may be named like a host: hosts get a prefix no name can hold. */
const HOST_PREFIX = 'host:';
const hostKey = (id: string): string => `${HOST_PREFIX}${id}`;
