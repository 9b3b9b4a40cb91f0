// The report panel's HTML, built from the server's report view and the laid
// out diagram: a pure function, so that tests check it under node. The page
// loads only the bundled script and style sheet (dist/reportView.js and
// .css), under a Content-Security-Policy that allows nothing else: no
// inline script or style, no remote resource, a fresh nonce per page. Every
// text that comes from the file (the title, names, messages, reasons) is
// escaped, so that it reads as written and never as markup.
import { randomBytes } from 'node:crypto';
import type { Range } from 'vscode-languageserver-protocol';
import type { ReportFlow, ReportGroup, ReportView } from '../../../protocol/reportView';
import type { Diagram } from './diagram';

/** Where the page's resources come from, as the webview names them (`webview.cspSource`, `asWebviewUri`). */
export interface PageResources {
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** What the panel opens on: a group's tab, a flow highlighted. */
export interface Selection {
  readonly group?: string;
  readonly flow?: string;
}

/** The most rows a table lists; past that, a line says how many more there are and where to see them. */
export const LISTED_ROWS = 1000;
/** The most bars the throughput chart draws. */
export const CHARTED_FLOWS = 100;

/** The whole page, with a fresh nonce. */
export function reportPage(view: ReportView, diagram: Diagram, resources: PageResources, selection: Selection = {}): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = [`default-src 'none'`, `img-src ${resources.cspSource}`, `style-src ${resources.cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `font-src ${resources.cspSource}`].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(resources.styleUri)}">`,
    `<title>${escapeHtml(view.title)}</title>`,
    '</head>',
    `<body>`,
    `<main id="report"${selectionAttributes(selection)}>${reportBody(view, diagram)}</main>`,
    `<script nonce="${nonce}" src="${escapeHtml(resources.scriptUri)}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** The report itself, without the page around it: what the panel sends the webview on each update. */
export function reportBody(view: ReportView, diagram: Diagram): string {
  const out: string[] = [];
  const errors = view.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = view.diagnostics.filter((d) => d.severity === 'warning').length;
  const flows = view.groups.reduce((sum, g) => sum + g.flows.length, 0);
  out.push(`<header><h1>${escapeHtml(view.title)}</h1>`);
  out.push(`<p class="summary">${escapeHtml(view.file)}: ${count(flows, 'flow')} in ${count(view.groups.length, 'group')}, ${count(errors, 'error')}, ${count(warnings, 'warning')}.</p></header>`);
  if (view.groups.length === 0) out.push('<p class="empty">The file declares no flow: there is nothing to simulate.</p>');
  else {
    out.push('<nav class="tabs" role="tablist" aria-label="Flow groups">');
    view.groups.forEach((group, i) => out.push(`<button type="button" role="tab" class="tab" data-group="${escapeHtml(group.name)}" aria-selected="${i === 0}">${escapeHtml(group.name)}</button>`));
    out.push('</nav>');
  }
  out.push(diagramSection(view, diagram));
  view.groups.forEach((group, i) => out.push(groupSection(group, i !== 0)));
  out.push(reachSection(view));
  out.push(diagnosticsSection(view));
  return out.join('\n');
}

function diagramSection(view: ReportView, diagram: Diagram): string {
  const out: string[] = ['<section class="diagram"><h2>Topology</h2>'];
  const engine = diagram.engine === 'elk' ? 'Laid out by ELK.' : 'Laid out in a grid: the topology is too large to lay out by ELK in time.';
  out.push(`<p class="note">${engine} Links are coloured by their utilisation in the selected group; click a part to see its declaration.</p>`);
  out.push(`<svg class="topology" role="img" aria-label="The topology's hosts, devices and links" viewBox="0 0 ${round(diagram.width)} ${round(diagram.height)}" width="${round(diagram.width)}" height="${round(diagram.height)}">`);
  const nodes = new Map(view.topology.nodes.map((n) => [n.id, n]));
  const boxes = new Map(diagram.nodes.map((b) => [b.id, b]));
  const hosts = new Map(view.topology.hosts.map((h) => [h.id, h]));
  for (const box of diagram.hosts) {
    const host = hosts.get(box.id);
    out.push(`<g class="host"${revealAttribute(host?.range ?? null)}><rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" rx="6"></rect><text x="${round(box.x + 8)}" y="${round(box.y + 16)}">${escapeHtml(box.id)}</text></g>`);
  }
  const centre = (id: string): [number, number] | undefined => {
    const box = boxes.get(id);
    return box === undefined ? undefined : [box.x + box.width / 2, box.y + box.height / 2];
  };
  for (const attachment of view.topology.attachments) {
    const [a, b] = [centre(attachment.cpu), centre(attachment.memory)];
    if (a !== undefined && b !== undefined) out.push(`<line class="attachment" data-id="${escapeHtml(attachment.memory)}" x1="${round(a[0])}" y1="${round(a[1])}" x2="${round(b[0])}" y2="${round(b[1])}"></line>`);
  }
  const labels: string[] = [];
  for (const link of view.topology.links) {
    const [a, b] = [centre(link.a), centre(link.b)];
    if (a === undefined || b === undefined) continue;
    const id = escapeHtml(link.id);
    out.push(`<line class="link" data-id="${id}"${revealAttribute(link.range)} x1="${round(a[0])}" y1="${round(a[1])}" x2="${round(b[0])}" y2="${round(b[1])}"><title>${id} (${escapeHtml(link.kind)})</title></line>`);
    labels.push(`<text class="load-label" data-label="${id}" x="${round((a[0] + b[0]) / 2)}" y="${round((a[1] + b[1]) / 2 - 3)}"></text>`);
  }
  for (const box of diagram.nodes) {
    const node = nodes.get(box.id);
    if (node === undefined) continue;
    const id = escapeHtml(node.id);
    out.push(
      `<g class="node ${escapeHtml(node.kind)}" data-id="${id}"${revealAttribute(node.range)}><title>${id}: ${escapeHtml(node.kind)}, ${escapeHtml(node.detail)}</title><rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" rx="3"></rect><text x="${round(box.x + box.width / 2)}" y="${round(box.y + box.height / 2 + 4)}">${escapeHtml(node.name)}</text></g>`,
    );
  }
  out.push(...labels, '</svg>');
  out.push('<p class="legend"><span class="swatch u1"></span> under 50 % <span class="swatch u2"></span> 50–80 % <span class="swatch u3"></span> 80–100 % <span class="swatch u4"></span> saturated</p>');
  out.push('</section>');
  return out.join('\n');
}

function groupSection(group: ReportGroup, hidden: boolean): string {
  const out: string[] = [`<section class="group" data-group="${escapeHtml(group.name)}"${hidden ? ' hidden' : ''}>`, `<h2>Flows of group ${escapeHtml(group.name)}</h2>`];
  out.push('<table class="flows"><thead><tr><th>flow</th><th>via</th><th>class</th><th class="number">throughput</th><th class="number">time</th><th class="number">latency</th><th class="number">copies</th><th class="number">CPU bytes</th><th class="number">drops</th><th>bottleneck</th></tr></thead><tbody>');
  for (const flow of group.flows.slice(0, LISTED_ROWS)) out.push(flowRow(flow));
  out.push('</tbody></table>');
  if (group.flows.length > LISTED_ROWS) out.push(`<p class="note">… and ${count(group.flows.length - LISTED_ROWS, 'more flow')}: <code>dmatopo simulate</code> lists them all.</p>`);
  out.push(`<h3>Throughput</h3>`, throughputChart(group.flows));
  const loaded = group.loads.filter((l) => l.load > 0).sort((a, b) => b.utilization - a.utilization);
  out.push('<h3>Links and memories</h3>');
  if (loaded.length === 0) out.push('<p class="note">The group\'s flows load no link or memory.</p>');
  else {
    out.push('<table class="loads"><thead><tr><th>link or memory</th><th class="number">capacity</th><th class="number">load</th><th class="number">utilisation</th></tr></thead><tbody>');
    for (const load of loaded.slice(0, LISTED_ROWS)) {
      out.push(`<tr data-load="${escapeHtml(load.id)}" data-utilization="${load.utilization}"><td>${escapeHtml(load.id)}</td><td class="number">${escapeHtml(load.shownCapacity)}</td><td class="number">${escapeHtml(load.shownLoad)}</td><td class="number">${percent(load.utilization)}</td></tr>`);
    }
    out.push('</tbody></table>');
    if (loaded.length > LISTED_ROWS) out.push(`<p class="note">… and ${count(loaded.length - LISTED_ROWS, 'more link')}.</p>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function flowRow(flow: ReportFlow): string {
  const cells = [flow.via ?? '–', flow.pathClass ?? '–'].map((text) => `<td>${escapeHtml(text)}</td>`);
  const numbers = [flow.shown.throughput, flow.shown.transferTime, flow.shown.latency, String(flow.copies), flow.shown.cpuBytes, flow.shown.dropRate].map((text) => `<td class="number">${escapeHtml(text)}</td>`);
  const name = `<td><a href="#" class="flow-name"${revealAttribute(flow.range)}>${escapeHtml(flow.name)}</a></td>`;
  return `<tr class="flow" data-flow="${escapeHtml(flow.name)}" data-crosses="${escapeHtml(flow.crosses.join(' '))}" title="${escapeHtml(flow.viaReason)}">${name}${cells.join('')}${numbers.join('')}<td>${escapeHtml(flow.bottleneck)}</td></tr>`;
}

const BAR_NAME = 180;
const BAR_LENGTH = 360;
const BAR_ROW = 20;

/** A horizontal bar per flow, scaled to the group's highest finite throughput; an unbounded flow's bar is full and says so. */
function throughputChart(flows: readonly ReportFlow[]): string {
  const charted = flows.slice(0, CHARTED_FLOWS);
  const highest = Math.max(0, ...charted.map((f) => f.throughput ?? 0));
  const height = charted.length * BAR_ROW + 4;
  const out = [`<svg class="bars" role="img" aria-label="Throughput of each flow" viewBox="0 0 ${BAR_NAME + BAR_LENGTH + 120} ${height}" width="${BAR_NAME + BAR_LENGTH + 120}" height="${height}">`];
  charted.forEach((flow, i) => {
    const share = flow.throughput === null ? 1 : highest > 0 ? flow.throughput / highest : 0;
    const y = i * BAR_ROW + 2;
    const name = escapeHtml(flow.name);
    out.push(
      `<g class="bar" data-flow="${name}"><text class="bar-name" x="${BAR_NAME - 6}" y="${y + 13}">${name}</text><rect x="${BAR_NAME}" y="${y}" width="${round(Math.max(share * BAR_LENGTH, 1))}" height="${BAR_ROW - 6}"></rect><text class="bar-value" x="${round(BAR_NAME + Math.max(share * BAR_LENGTH, 1) + 6)}" y="${y + 13}">${escapeHtml(flow.shown.throughput)}</text></g>`,
    );
  });
  out.push('</svg>');
  if (flows.length > CHARTED_FLOWS) out.push(`<p class="note">The chart shows the first ${CHARTED_FLOWS} of ${count(flows.length, 'flow')}.</p>`);
  return out.join('\n');
}

function reachSection(view: ReportView): string {
  const out = ['<section class="reach"><h2>What each device can reach</h2>'];
  if (view.reach === null) {
    out.push('<p class="note">The file instantiates more than dmatopo models (LIM001): what a device reaches depends on the whole topology, so it is not listed.</p></section>');
    return out.join('\n');
  }
  if (view.reach.length === 0) {
    out.push('<p class="note">The file declares no device.</p></section>');
    return out.join('\n');
  }
  out.push('<table class="reach-table"><thead><tr><th>device</th><th>access</th><th>target</th><th>why</th></tr></thead><tbody>');
  let rows = 0;
  let devices = 0;
  for (const entry of view.reach) {
    if (rows >= LISTED_ROWS) break;
    devices++;
    const head = `<th scope="rowgroup" rowspan="${Math.max(1, entry.reach.length)}">${escapeHtml(entry.device)}<br><span class="detail">${escapeHtml(entry.kind)}, ${escapeHtml(entry.protection)}</span></th>`;
    if (entry.reach.length === 0) out.push(`<tr>${head}<td>–</td><td colspan="2">reaches nothing outside itself</td></tr>`);
    entry.reach.forEach((r, i) => out.push(`<tr>${i === 0 ? head : ''}<td>${access(r.read, r.write)}</td><td>${escapeHtml(r.target)}</td><td>${escapeHtml(r.why)}</td></tr>`));
    rows += Math.max(1, entry.reach.length);
  }
  out.push('</tbody></table>');
  if (devices < view.reach.length) out.push(`<p class="note">… and ${count(view.reach.length - devices, 'more device')}: <code>dmatopo reach</code> lists them all.</p>`);
  out.push('</section>');
  return out.join('\n');
}

function diagnosticsSection(view: ReportView): string {
  if (view.diagnostics.length === 0) return '<section class="diagnostics"><h2>Diagnostics</h2><p class="note">None: the file is clean.</p></section>';
  const out = ['<section class="diagnostics"><h2>Diagnostics</h2><ul>'];
  for (const d of view.diagnostics) {
    out.push(`<li class="${escapeHtml(d.severity)}"><a href="#"${revealAttribute(d.range)}>line ${d.range.start.line + 1}</a> <span class="severity">${escapeHtml(d.severity)}</span> <code>${escapeHtml(d.code)}</code> ${escapeHtml(d.message)}</li>`);
  }
  out.push('</ul></section>');
  return out.join('\n');
}

/** `data-reveal="line,character,line,character"`: what the webview asks the editor to reveal on a click. */
function revealAttribute(range: Range | null): string {
  return range === null ? '' : ` data-reveal="${range.start.line},${range.start.character},${range.end.line},${range.end.character}"`;
}

function selectionAttributes(selection: Selection): string {
  return (selection.group === undefined ? '' : ` data-select-group="${escapeHtml(selection.group)}"`) + (selection.flow === undefined ? '' : ` data-select-flow="${escapeHtml(selection.flow)}"`);
}

const access = (read: boolean, write: boolean): string => (read && write ? 'read, write' : read ? 'read' : write ? 'write' : '–');
const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;
const round = (value: number): string => String(Math.round(value * 10) / 10);
const count = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Text as HTML text or a quoted attribute's value: the five characters that could end either are entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
