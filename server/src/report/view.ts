// The report panel's model of a file (protocol/reportView.ts): every group's
// flows with the figures of `simulate --json` (report/json.ts) and what each
// crosses, the links and memories each group loads, the topology the
// diagram draws, what each device reaches (`dmatopo reach`) and the
// diagnostics, each with the range the editor reveals on a click. Built in
// one pass over each list: linear in the topology and the flows' paths.
import type { ReportFlow, ReportLink, ReportLoad, ReportNode, ReportReach, ReportTopology, ReportView } from '../../../protocol/reportView';
import type { Snapshot } from '../analysis/snapshot';
import { formatBytes, formatRate, formatSeconds, formatShare } from '../model/human';
import type { LineIndex, Range } from '../model/index';
import type { Span, TopologyModel } from '../model/types';
import { reachability } from '../rules/reach';
import type { Fabric } from '../sim/fabric';
import type { FlowResult, LinkResult } from '../sim/simulate';
import { jsonFlow, toJsonDiagnostics } from './json';

/** The report view of the snapshot's file, named `file` when it has no title. */
export function reportView(snapshot: Snapshot, file: string): ReportView {
  const { model, lines, fabric } = snapshot;
  const result = snapshot.simulation();
  const linkBetween = linkIndex(fabric);
  const rangeOf = (span: Span | undefined): Range | null => (span === undefined ? null : lines.range(span));
  const groups = result.groups.map((group) => ({
    name: group.group,
    flows: group.flows.map((flow) => reportFlow(flow, linkBetween, rangeOf(model.flows.get(flow.name)?.span))),
    loads: [...group.links, ...group.memories].map(reportLoad),
  }));
  return {
    version: snapshot.version,
    title: model.title ?? file,
    file,
    groups,
    topology: topology(model, fabric, lines),
    reach: model.incomplete ? null : reachability(model).map((entry): ReportReach => ({ device: entry.device.id, kind: entry.device.deviceKind, protection: entry.protection, reach: entry.reach })),
    diagnostics: toJsonDiagnostics(snapshot.diagnostics, lines).map(({ code, severity, message, range }) => ({ code, severity, message, range })),
  };
}

function reportFlow(flow: FlowResult, linkBetween: (a: string, b: string) => string | undefined, range: Range | null): ReportFlow {
  const contract = jsonFlow(flow, false) as unknown as Omit<ReportFlow, 'shown' | 'crosses' | 'range'>;
  const crosses = new Set<string>();
  flow.path.forEach((node, i) => {
    crosses.add(node);
    const link = i > 0 ? linkBetween(flow.path[i - 1]!, node) : undefined;
    if (link !== undefined) crosses.add(link);
  });
  return {
    ...contract,
    shown: {
      throughput: formatRate(flow.throughputBytesPerSecond),
      transferTime: formatSeconds(flow.transferSeconds),
      latency: formatSeconds(flow.latencySeconds),
      cpuBytes: formatBytes(flow.cpuBytes),
      dropRate: formatShare(flow.dropShare),
    },
    crosses: [...crosses],
    range,
  };
}

function reportLoad(link: LinkResult): ReportLoad {
  return {
    id: link.id,
    capacity: link.capacityBytesPerSecond,
    load: link.loadBytesPerSecond,
    utilization: link.utilization,
    shownCapacity: formatRate(link.capacityBytesPerSecond),
    shownLoad: formatRate(link.loadBytesPerSecond),
  };
}

/** The fabric link between two nodes a path steps across, under either order of its ends: one map, built once. */
function linkIndex(fabric: Fabric): (a: string, b: string) => string | undefined {
  const between = new Map<string, string>();
  for (const link of fabric.links) {
    const forward = `${link.a}\0${link.b}`;
    const backward = `${link.b}\0${link.a}`;
    // The first link between two ends is the one routes take (fabric.ts keeps the first too).
    if (!between.has(forward)) between.set(forward, link.id);
    if (!between.has(backward)) between.set(backward, link.id);
  }
  return (a, b) => between.get(`${a}\0${b}`);
}

function topology(model: TopologyModel, fabric: Fabric, lines: LineIndex): ReportTopology {
  const hosts = [];
  const nodes: ReportNode[] = [];
  const attachments: Array<{ memory: string; cpu: string }> = [];
  const declared = new Map<string, Span>();
  for (const host of model.hosts.values()) {
    hosts.push({ id: host.id, range: lines.range(host.span) });
    const node = (id: string, name: string, kind: ReportNode['kind'], detail: string, span: Span): void => {
      nodes.push({ id, name, kind, detail, host: host.id, range: lines.range(span) });
    };
    for (const cpu of host.cpus) node(cpu.id, cpu.name, 'cpu', cpu.vendor, cpu.span);
    for (const memory of host.memories) {
      node(memory.id, memory.name, 'memory', formatBytes(memory.sizeBytes), memory.span);
      if (memory.cpu !== undefined) attachments.push({ memory: memory.id, cpu: memory.cpu.id });
    }
    for (const each of host.switches) node(each.id, each.name, 'switch', each.acs ? 'ACS on' : 'ACS off', each.span);
    for (const device of host.devices) node(device.id, device.name, 'device', device.deviceKind, device.span);
    for (const link of host.links) declared.set(link.id, link.span);
  }
  for (const network of model.networks.values()) nodes.push({ id: network.id, name: network.name, kind: 'network', detail: network.networkKind, host: null, range: lines.range(network.span) });
  for (const link of model.links) declared.set(link.id, link.span);
  const links = fabric.links.map((link): ReportLink => {
    const span = declared.get(link.id);
    return { id: link.id, a: link.a, b: link.b, kind: link.kind, range: span === undefined ? null : lines.range(span) };
  });
  return { hosts, nodes, links, attachments };
}
