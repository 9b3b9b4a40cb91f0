// A file's simulation as a Markdown document: what the client shows when
// the user asks for the report, and what "Export Report" will save. The
// figures are the simulation's, in the same human units as `dmatopo
// simulate`'s tables; every text taken from the file (the title, names,
// messages) is escaped, so that it reads as written and never as markup.
import type { Snapshot } from '../analysis/snapshot';
import { formatBytes, formatRate, formatSeconds, formatShare } from '../model/human';
import type { Diagnostic } from '../model/index';
import { bottleneckName, type GroupResult } from '../sim/simulate';

/** The most diagnostics the report lists; the Problems panel has them all. */
const LISTED_DIAGNOSTICS = 50;

/** The report of `group` (every group when undefined) of the snapshot's file, named `file` in its heading. */
export function markdownReport(snapshot: Snapshot, file: string, group?: string): string {
  const { model, diagnostics, lines } = snapshot;
  const result = snapshot.simulation(group);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(model.title ?? file)}`, '');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  out.push(
    `${escapeMarkdownLine(file)}: ${count(result.flows.length, 'flow')} in ${count(result.groups.length, 'group')}, ${count(errors, 'error')}, ${count(warnings, 'warning')}.`,
    '',
  );
  if (result.groups.length === 0) out.push('The file declares no flow: there is nothing to simulate.', '');
  for (const each of result.groups) out.push(...groupSection(each, result.groups.length > 1));
  if (diagnostics.length > 0) {
    out.push('## Diagnostics', '', '| line | severity | code | message |', '|---:|---|---|---|');
    for (const d of diagnostics.slice(0, LISTED_DIAGNOSTICS)) out.push(diagnosticRow(d, lines.position(d.span.start).line + 1));
    if (diagnostics.length > LISTED_DIAGNOSTICS) out.push('', `… and ${diagnostics.length - LISTED_DIAGNOSTICS} more: the Problems panel lists them all.`);
    out.push('');
  }
  return out.join('\n');
}

function groupSection(group: GroupResult, titled: boolean): string[] {
  const out: string[] = [];
  out.push(titled ? `## Group ${escapeMarkdown(group.group)}` : '## Flows', '');
  out.push('| flow | via | class | throughput | transfer | latency | copies | CPU bytes | drops | bottleneck |', '|---|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const f of group.flows) {
    const cells = [f.name, f.via ?? '–', f.pathClass ?? '–', formatRate(f.throughputBytesPerSecond), formatSeconds(f.transferSeconds), formatSeconds(f.latencySeconds), String(f.copies), formatBytes(f.cpuBytes), formatShare(f.dropShare), bottleneckName(f.bottleneck)];
    out.push(row(cells));
  }
  out.push('');
  const used = [...group.links, ...group.memories].filter((l) => l.loadBytesPerSecond > 0).sort((a, b) => b.utilization - a.utilization);
  if (used.length > 0) {
    out.push(titled ? `### Links and memories of ${escapeMarkdown(group.group)}` : '## Links and memories', '');
    out.push('| link or memory | capacity | load | utilisation |', '|---|---:|---:|---:|');
    for (const l of used) out.push(row([l.id, formatRate(l.capacityBytesPerSecond), formatRate(l.loadBytesPerSecond), `${(l.utilization * 100).toFixed(1)} %`]));
    out.push('');
  }
  return out;
}

function diagnosticRow(d: Diagnostic, line: number): string {
  return row([String(line), d.severity, d.code, d.message]);
}

const row = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;

const count = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * `text` as literal Markdown inside a line: the characters CommonMark reads
 * as inline markup (emphasis, code, links, HTML, entities, table pipes)
 * are backslash-escaped — a backslash before ASCII punctuation is always a
 * literal (CommonMark 0.31 §2.4) — and a line break becomes a space, so
 * that a table cell stays one cell.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** `text` as a literal line of its own: escaped, and what would start a block there (`#`, a list marker, `1.`) escaped too. */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdown(text).replace(/^([#+=-]|\d+(?=[.)]))/, (start) => (/\d/.test(start) ? `${start}\\` : `\\${start}`));
}
