// textDocument/inlayHint: the simulation's figures at the end of each flow
// (throughput · transfer time · copies · drops, and the bottleneck when it is
// not the flow's own demand) and of each link (usable capacity and busiest
// utilisation), each with its derivation as a tooltip. A link of a template
// or a host range gets one hint for all its hosts. Only the declarations in
// the range asked for (the editor asks for the lines in view) are read,
// found by binary search.
import { MarkupKind, type InlayHint, type MarkupContent, type Range } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import { formatBytes, formatRate, formatSeconds, formatShare } from '../model/human';
import type { Derivation } from '../sim/derivation';
import type { LinkDecl } from '../syntax/ast';
import { firstEndingAtOrAfter } from '../syntax/spanSearch';
import { derivationMarkdown, lineStyle, withCitations } from './figures';
import type { InlayHintSettings } from './settings';
import { bottleneckPhrase, ownLimitPhrase, simulatedFigures, type FlowOutcome, type LinkFigures, type SimulatedFigures } from './simulatedFigures';

export function inlayHints(snapshot: Snapshot, range: Range, show: InlayHintSettings): InlayHint[] {
  if (!show.flows && !show.links) return [];
  const { lines } = snapshot;
  const from = lines.offset(range.start);
  const to = lines.offset(range.end);
  const within = (at: number): boolean => at >= from && at <= to;
  const figures = simulatedFigures(snapshot);
  const hints: InlayHint[] = [];
  const linkHint = (decl: LinkDecl, shared: boolean): void => {
    const link = within(decl.span.end) ? figures.link(decl) : undefined;
    if (link !== undefined) hints.push(hint(snapshot, decl.span.end, linkLabel(figures, link, shared), linkTooltip(snapshot, figures, link, shared)));
  };
  const declarations = snapshot.tree.declarations;
  for (let i = firstEndingAtOrAfter(declarations, from); i < declarations.length && declarations[i]!.span.start <= to; i++) {
    const decl = declarations[i]!;
    if (decl.kind === 'flow') {
      // After the flow's closing brace: the end of its last line, however many lines it takes.
      if (show.flows && within(decl.span.end)) {
        const outcome = figures.flow(decl);
        hints.push(hint(snapshot, decl.span.end, flowLabel(outcome), flowTooltip(snapshot, outcome)));
      }
    } else if (decl.kind === 'link') {
      if (show.links) linkHint(decl, false);
    } else if ((decl.kind === 'host' || decl.kind === 'template') && show.links) {
      // A template's links and a host range's are each one declaration for several hosts.
      const shared = decl.kind === 'template' || decl.range !== undefined;
      const items = decl.items;
      for (let j = firstEndingAtOrAfter(items, from); j < items.length && items[j]!.span.start <= to; j++) {
        const item = items[j]!;
        if (item.kind === 'link') linkHint(item, shared);
      }
    }
  }
  return hints;
}

function hint(snapshot: Snapshot, at: number, label: string, tooltip: string): InlayHint {
  const markdown: MarkupContent = { kind: MarkupKind.Markdown, value: tooltip };
  return { position: snapshot.lines.position(at), label, paddingLeft: true, tooltip: markdown };
}

/** `9.49 GB/s · transfer 113 ms · 0 copies · no drops · bottleneck fileserver.ssd0--fileserver.s0`, or why there are no figures. */
export function flowLabel(outcome: FlowOutcome): string {
  if (!outcome.simulated) return `not simulated: ${outcome.reason}`;
  const { result } = outcome;
  const parts = [formatRate(result.throughputBytesPerSecond), `transfer ${formatSeconds(result.transferSeconds)}`, result.copies === 1 ? '1 copy' : `${result.copies} copies`, result.dropShare === 0 ? 'no drops' : `drops ${formatShare(result.dropShare)}`];
  const bottleneck = bottleneckPhrase(result);
  if (bottleneck !== undefined) parts.push(bottleneck);
  return parts.join(' · ');
}

/** A tooltip summarises: each derivation one level deep (the hover opens them further). */
const TOOLTIP_DEPTH = 1;

function flowTooltip(snapshot: Snapshot, outcome: FlowOutcome): string {
  if (!outcome.simulated) return `**Not simulated**: ${outcome.reason}.`;
  const { flow, result } = outcome;
  const { throughput, transfer, drop } = result.derivations;
  const facts = [
    `via ${result.via ?? 'none'} (${result.viaReason})`,
    ...(result.pathClass === undefined ? [] : [`path class ${result.pathClass}`]),
    `latency ${formatSeconds(result.latencySeconds)}`,
    `CPU bytes ${formatBytes(result.cpuBytes)}`,
  ];
  const limit = bottleneckPhrase(result) ?? ownLimitPhrase(outcome);
  const style = lineStyle(snapshot.lines);
  const derivation = (d: Derivation): string => derivationMarkdown(d, style, TOOLTIP_DEPTH).join('\n');
  const sections = [`**flow ${flow.name}**, group ${result.group}: ${facts.join('; ')}; ${limit}.`, derivation(throughput), derivation(transfer)];
  // A flow with neither a demand nor a ring has nothing that could drop: its derivation would say only that.
  if (drop.terms.length > 0) sections.push(derivation(drop));
  return withCitations(sections, style);
}

/** `26 GB/s each way · 100 % used in group host_staged`, after `node[0..3]: ` for a link several hosts share. */
function linkLabel(figures: SimulatedFigures, link: LinkFigures, shared: boolean): string {
  const capacity = `${formatRate(link.capacityBytesPerSecond)} each way`;
  const busiest = link.busiest;
  const use = busiest === undefined ? 'unused' : `${formatShare(busiest.utilization)} used${figures.severalGroups ? ` in group ${busiest.group}` : ''}`;
  return `${shared ? `${hostsWord(figures, link)}: ` : ''}${capacity} · ${use}`;
}

function linkTooltip(snapshot: Snapshot, figures: SimulatedFigures, link: LinkFigures, shared: boolean): string {
  const { instances, busiest } = link;
  const head =
    shared && instances.length > 1
      ? `**${instances.length} links** of ${figures.hostsOf(instances).join(', ')}: ${listed(instances.map((l) => l.id))}. They share one capacity; the use shown is the busiest one's.`
      : `**link ${instances[0]!.id}**`;
  const load =
    busiest === undefined
      ? 'No flow crosses it.'
      : `Busiest: ${busiest.id} in group ${busiest.group}, ${formatRate(busiest.loadBytesPerSecond)} in its busier direction, ${formatShare(busiest.utilization)} of its capacity.`;
  const style = lineStyle(snapshot.lines);
  return withCitations([head, load, derivationMarkdown(link.capacity, style, TOOLTIP_DEPTH).join('\n')], style);
}

/** How a shared link's hosts are named in a label: `node[0..3]`, `alpha, beta`, or `12 hosts`. */
function hostsWord(figures: SimulatedFigures, link: LinkFigures): string {
  const hosts = figures.hostsOf(link.instances);
  return hosts.length <= 3 ? hosts.join(', ') : `${link.instances.length} hosts`;
}

/** At most 6 names, then how many more. */
const listed = (names: readonly string[]): string => (names.length <= 6 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`);

