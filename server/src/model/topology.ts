// A host's link graph as a PCIe tree rooted at its cpus (TOP001): every
// switch and device must reach a cpu, and the PCIe (and bus) links must form
// a tree — one path from each device up to the root complex. NVLink joins
// devices beside the tree and is left out of the cycle check; a link between
// two cpus is the socket interconnect's business, not the tree's.
import type { DiagnosticSink } from './diagnostics';
import type { LinkEdge } from './links';
import type { HostEntity, HostModel, LinkEnd, LinkModel } from './types';

/** Fills `host.upstream` from `edges` and reports what is not a tree. */
export function buildPcieTree(host: HostModel, edges: readonly LinkEdge[], what: string, muted: ReadonlySet<HostEntity | LinkEdge>, sink: DiagnosticSink): void {
  reportCycles(host, edges, what, muted, sink);
  const neighbours = new Map<LinkEnd, LinkEdge[]>();
  for (const edge of edges) {
    for (const end of [edge.a, edge.b]) {
      let list = neighbours.get(end);
      if (list === undefined) neighbours.set(end, (list = []));
      list.push(edge);
    }
  }
  // Breadth-first from the cpus over valid tree links: each vertex's parent is its upstream port.
  const upstream = host.upstream as Map<LinkEnd, { parent: LinkEnd; link: LinkModel }>;
  const inTree = new Set<LinkEnd>(host.cpus);
  let frontier: LinkEnd[] = [...host.cpus];
  while (frontier.length > 0) {
    const next: LinkEnd[] = [];
    for (const vertex of frontier) {
      for (const edge of neighbours.get(vertex) ?? []) {
        const other = edge.a === vertex ? edge.b : edge.a;
        if (inTree.has(other) || !edge.tree || edge.link === undefined) continue;
        inTree.add(other);
        upstream.set(other, { parent: vertex, link: edge.link });
        next.push(other);
      }
    }
    frontier = next;
  }
  // Reachability counts every link, valid or not: a GPU reached only over NVLink still reaches a cpu.
  const reached = new Set<LinkEnd>(host.cpus);
  const stack: LinkEnd[] = [...host.cpus];
  while (stack.length > 0) {
    const vertex = stack.pop()!;
    for (const edge of neighbours.get(vertex) ?? []) {
      const other = edge.a === vertex ? edge.b : edge.a;
      if (!reached.has(other)) {
        reached.add(other);
        stack.push(other);
      }
    }
  }
  for (const vertex of [...host.switches, ...host.devices]) {
    if (reached.has(vertex) || muted.has(vertex)) continue;
    const kind = vertex.kind === 'device' ? vertex.deviceKind : 'switch';
    const message =
      host.cpus.length === 0
        ? `${kind} '${vertex.name}' cannot reach a cpu: ${what} declares none`
        : `${kind} '${vertex.name}' does not reach a cpu through links: link it to a switch or to cpu '${host.cpus[0]!.name}'`;
    sink.error('TOP001', message, vertex.nameSpan);
  }
}

/** Union-find over tree links, all cpus one root: a link whose ends are already joined closes a cycle. */
function reportCycles(host: HostModel, edges: readonly LinkEdge[], what: string, muted: ReadonlySet<HostEntity | LinkEdge>, sink: DiagnosticSink): void {
  const parent = new Map<LinkEnd, LinkEnd>();
  const find = (vertex: LinkEnd): LinkEnd => {
    let root = vertex;
    while (parent.has(root)) root = parent.get(root)!;
    let walk = vertex;
    while (walk !== root) {
      const next = parent.get(walk)!;
      parent.set(walk, root);
      walk = next;
    }
    return root;
  };
  const [firstCpu, ...otherCpus] = host.cpus;
  for (const cpu of otherCpus) parent.set(cpu, firstCpu!);
  for (const edge of edges) {
    if (!edge.tree) continue;
    const a = find(edge.a);
    const b = find(edge.b);
    if (a !== b) {
      parent.set(a, b);
      continue;
    }
    if (muted.has(edge)) continue;
    const why = edge.a === edge.b ? `'${edge.a.name}' is linked to itself` : `'${edge.a.name}' and '${edge.b.name}' are already connected`;
    sink.error('TOP001', `this link closes a cycle in the PCIe tree of ${what}: ${why}; a PCIe device has one upstream port`, edge.span);
  }
}
