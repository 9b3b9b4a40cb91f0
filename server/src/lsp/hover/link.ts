// A link's hover (its `link` keyword, its `--`, its spec): its usable
// capacity per direction with the derivation, its latency, and its load
// and utilisation in each group whose flows cross it. A link of a template
// or a host range is one per host: its capacity is said once, and hosts
// that carry the same load share a row.
import { pcieDataRate, type PcieGeneration } from '../../sim/capacity/pcie';
import type { HostDecl, LinkDecl, Span, TemplateDecl } from '../../syntax/ast';
import { derivationMarkdown, formatFigure, formatRate, formatShare } from '../figures';
import { code, escape, plural, table } from '../markdown';
import { hostRanges, hostsText, NOT_SIMULATED, type HoverContext } from './context';
import { TopologyIndex } from './topologyIndex';

/** Groups shown in a load table before it is cut. */
const GROUP_ROWS = 12;

export function linkHover(ctx: HoverContext, decl: LinkDecl, container: HostDecl | TemplateDecl | undefined): string[] {
  const links = ctx.index.linksAt(decl.span.start);
  const first = links[0];
  const text = (span: Span | undefined): string => (span === undefined ? '?' : ctx.snapshot.text.slice(span.start, span.end));
  const spec = decl.spec === undefined ? '' : text(decl.spec.span).replace(/\s+/g, ' ');
  // A link of a template or a host range is one per host, all alike but for their loads.
  const shared = container !== undefined && (container.kind === 'template' || container.range !== undefined);
  const name = links.length === 1 && !shared ? first!.id : `${text(decl.from?.span)}--${text(decl.to?.span)}`;
  const where = !shared ? '' : links.length === 0 ? `, in ${container.kind} ${code(container.name?.text ?? '?')}, which makes no host` : `, in ${hostsText(links.map((l) => l.host!))}`;
  const blocks = [`**link ${code(name)}**${spec === '' ? '' : `: ${escape(spec)}`}, full duplex${where}`];
  if (first === undefined) {
    if (!shared) blocks.push('Not in the model: one of its ends did not resolve (see its diagnostics).');
    return blocks;
  }
  if (ctx.snapshot.model.incomplete === true) {
    blocks.push(NOT_SIMULATED);
    return blocks;
  }
  const fabricLink = ctx.index.fabricLink(first.id);
  if (fabricLink === undefined) return blocks;
  blocks.push([
    ...derivationMarkdown(fabricLink.derivation, ctx, 3, `Usable capacity, each direction${links.length > 1 ? ', on every host' : ''}`),
    ...derivationMarkdown(fabricLink.latencyDerivation, ctx, 1, 'Latency'),
  ].join('\n'));
  blocks.push(loadTable(ctx, links.map((link) => ({ id: link.id, host: link.host?.name }))));
  return blocks;
}

/**
 * The load of resources in each group that uses them, in the busier
 * direction: one row per group, and per set of hosts with the same figures
 * when the resource is one per host.
 */
export function loadTable(ctx: HoverContext, resources: ReadonlyArray<{ readonly id: string; readonly host: string | undefined }>): string {
  if (ctx.snapshot.model.incomplete === true) return NOT_SIMULATED;
  const flows = resources.flatMap((r) => ctx.index.flowsOver(r.id));
  const groups = TopologyIndex.groupsOf(flows);
  if (groups.length === 0) return 'No flow crosses it.';
  const perHost = resources.length > 1;
  const rows: string[][] = [];
  for (const group of groups.slice(0, GROUP_ROWS)) {
    // Hosts whose figures read the same share a row.
    const byFigures = new Map<string, { hosts: string[]; cells: string[] }>();
    for (const resource of resources) {
      const load = ctx.index.load(group, resource.id);
      if (load === undefined) continue;
      const crossing = ctx.index.flowsOver(resource.id).filter((f) => f.group === group).length;
      const cells = [formatRate(load.loadBytesPerSecond), load.utilization === 0 ? '0 %' : formatShare(load.utilization), String(crossing)];
      const key = cells.join('\0');
      const row = byFigures.get(key);
      if (row === undefined) byFigures.set(key, { hosts: resource.host === undefined ? [] : [resource.host], cells });
      else if (resource.host !== undefined) row.hosts.push(resource.host);
    }
    for (const { hosts, cells } of byFigures.values()) rows.push(perHost ? [code(group), escape(hostRanges(hosts).join(', ')), ...cells] : [code(group), ...cells]);
  }
  const header = perHost ? ['group', 'hosts', 'load', 'utilisation', 'flows'] : ['group', 'load (busier direction)', 'utilisation', 'flows'];
  const lines = table(header, rows);
  if (groups.length > GROUP_ROWS) lines.push('', `and ${plural(groups.length - GROUP_ROWS, 'more group')}`);
  return lines.join('\n');
}

/** What `gen4` or `x16` of a PCIe link means. */
export function pcieWordText(word: string): string | undefined {
  const generation = /^gen([1-6])$/.exec(word);
  if (generation !== null) {
    const terms = pcieDataRate(Number(generation[1]) as PcieGeneration, 1).derivation.terms;
    const rate = terms.find((t) => t.unit === 'GT/s');
    const encoding = terms.find((t) => t.name.startsWith('encoding'));
    return `${code(word)}: PCIe generation ${generation[1]}, ${rate === undefined ? '' : formatFigure(rate.value, rate.unit)} per lane${encoding === undefined ? '' : `, ${escape(encoding.name)} (${formatShare(encoding.value)} of the bits carry data)`}`;
  }
  const lanes = /^x(1|2|4|8|16|32)$/.exec(word);
  return lanes === null ? undefined : `${code(word)}: ${plural(Number(lanes[1]), 'lane')}; the link's data rate is lanes × the generation's rate per lane`;
}
