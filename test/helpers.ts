// Test helpers: write a document the way a user types it, with the expected
// diagnostic ranges marked, and compare with what the analysis reports.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Snapshot } from '../server/src/analysis/snapshot';
import { analyze, LineIndex, type Analysis, type Diagnostic } from '../server/src/model/index';
import type { RuleConfig } from '../server/src/rules/index';

export const OPEN = '⟦';
export const CLOSE = '⟧';

/** Strips `⟦…⟧` markers from `marked`, returning the text and the marked spans in order. */
export function unmark(marked: string): { text: string; spans: Array<{ start: number; end: number }> } {
  const spans: Array<{ start: number; end: number }> = [];
  let text = '';
  let open = -1;
  for (const char of marked) {
    if (char === OPEN) open = text.length;
    else if (char === CLOSE) {
      spans.push({ start: open, end: text.length });
      open = -1;
    } else text += char;
  }
  return { text, spans };
}

export const CURSOR = '|';

/**
 * Strips the `|` cursor markers from `marked` (Langium's `<|>`, in one
 * character: the language has no `|`), returning the text and the offset
 * of each marker in order.
 */
export function cursors(marked: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  for (const char of marked) {
    if (char === CURSOR) offsets.push(text.length);
    else text += char;
  }
  return { text, offsets };
}

/**
 * The snapshot of `marked` without its `|` cursors, and the offset of each
 * cursor: what every editor-feature test starts from (a feature is a pure
 * function of a snapshot and an offset).
 */
export function snapshotAt(marked: string, config?: RuleConfig): { snapshot: Snapshot; text: string; offsets: number[] } {
  const { text, offsets } = cursors(marked);
  return { snapshot: new Snapshot(text, config), text, offsets };
}

/** `CODE@line:col-line:col` (one-based), readable in assertion diffs. */
export function describeDiagnostic(text: string, d: Pick<Diagnostic, 'code' | 'span'>): string {
  const lines = new LineIndex(text);
  const s = lines.position(d.span.start);
  const e = lines.position(d.span.end);
  return `${d.code}@${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1}`;
}

/**
 * Analyzes `marked` and asserts that it reports exactly `codes`, the i-th at
 * the i-th marked span (diagnostics in document order).
 */
export function expectDiagnostics(marked: string, codes: readonly string[]): Analysis {
  const { text, spans } = unmark(marked);
  assert.equal(spans.length, codes.length, 'one marked span per expected code');
  const analysis = analyze(text);
  const actual = analysis.diagnostics.map((d) => `${describeDiagnostic(text, d)} ${d.message}`);
  const expected = codes.map((code, i) => describeDiagnostic(text, { code, span: spans[i]! }));
  assert.deepEqual(
    actual.map((a) => a.split(' ')[0]),
    expected,
    `diagnostics of:\n${text}\nwere:\n${actual.join('\n')}`,
  );
  return analysis;
}

/** Asserts that `text` analyzes with no diagnostic at all, and returns the analysis. */
export function expectClean(text: string): Analysis {
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.diagnostics.map((d) => `${describeDiagnostic(text, d)} ${d.message}`),
    [],
    'expected no diagnostics',
  );
  return analysis;
}

/** The one diagnostic `text` yields (asserting there is exactly one). */
export function onlyDiagnostic(text: string): Diagnostic {
  const { diagnostics } = analyze(text);
  assert.equal(diagnostics.length, 1, diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return diagnostics[0]!;
}

/** The repository: the nearest folder above the bundled test that holds package.json. */
export const ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = join(dir, '..');
  return dir;
})();

export function sampleFiles(folder = 'samples'): string[] {
  return readdirSync(join(ROOT, folder))
    .filter((f) => f.endsWith('.dmatopo'))
    .sort()
    .map((f) => join(ROOT, folder, f));
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

/** A small valid host to build cases on: two sockets, a switch, a GPU, a NIC and buffers. */
export const BASE_HOST = `host alpha {
  cpu s0 { cores 32 }
  cpu s1 { cores 32 }
  memory ram0 { size 256 GiB; cpu s0 }
  memory ram1 { size 256 GiB; cpu s1 }
  iommu mmu { mode strict }
  switch sw0 { acs off }
  gpu gpu0 { iommu mmu; memory 80 GiB; arch 90 }
  nic nic0 { iommu mmu; rdma }
  link s0 -- sw0 : pcie gen4 x16
  link sw0 -- gpu0 : pcie gen4 x16
  link sw0 -- nic0 : pcie gen4 x16
  buffer halo { in gpu0; size 64 MiB }
  buffer host_buf { in ram0; size 64 MiB; pinned }
  map nic0 -> halo rw
  map nic0 -> host_buf rw
}
`;

/**
 * The model as plain data without spans: what a text means, independent of
 * where things are written. Objects with an `id` are written out where a
 * collection holds them and by id where another object refers to them.
 */
export function modelDigest(model: unknown): unknown {
  const plain = (value: unknown, expand: boolean): unknown => {
    if (value instanceof Map) return [...value].map(([k, v]) => [plain(k, false), plain(v, true)]);
    if (Array.isArray(value)) return value.map((v) => plain(v, true));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (!expand && typeof record['id'] === 'string') return `→${record['id']}`;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(record)) {
      if (key === 'span' || key.endsWith('Span') || key === 'host' || key === 'written') continue;
      out[key] = plain(field, false);
    }
    return out;
  };
  return plain(model, true);
}

/**
 * Runs the rules on `marked` and asserts that rule `code` reports exactly at
 * the marked spans (in document order); other codes are ignored. Returns the
 * rule's diagnostics.
 */
export function expectFindings(code: string, marked: string): Diagnostic[] {
  const { text, spans } = unmark(marked);
  const { checkText } = require('../server/src/analysis/snapshot') as typeof import('../server/src/analysis/snapshot');
  const found = checkText(text).diagnostics.filter((d) => d.code === code);
  assert.deepEqual(
    found.map((d) => describeDiagnostic(text, d)),
    spans.map((span) => describeDiagnostic(text, { code, span })),
    `${code} on:\n${text}\nwere:\n${found.map((d) => `${describeDiagnostic(text, d)} ${d.message}`).join('\n')}`,
  );
  return found;
}

// ---- Semantic tokens and selection ranges ----------------------------------

/** One semantic token, decoded: where it is, the text it covers, its type and modifiers. */
export interface DecodedToken {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly text: string;
  readonly type: string;
  readonly modifiers: readonly string[];
}

/** LSP's token stream (five numbers a token, positions relative to the token before) as tokens, with the text each covers. */
export function decodeTokens(data: readonly number[], text: string): DecodedToken[] {
  const { SEMANTIC_TOKENS_LEGEND: legend } = require('../server/src/lsp/semanticTokens') as typeof import('../server/src/lsp/semanticTokens');
  assert.equal(data.length % 5, 0, 'five numbers a token');
  const lines = text.split(/\r\n|\r|\n/);
  const tokens: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, bits] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const modifiers = legend.tokenModifiers.filter((_, bit) => (bits & (1 << bit)) !== 0);
    assert.ok(type < legend.tokenTypes.length, `token type ${type} is in the legend`);
    tokens.push({ line, character, length, text: (lines[line] ?? '').slice(character, character + length), type: legend.tokenTypes[type]!, modifiers });
  }
  return tokens;
}

/** A token as `text type.modifier…`: what `expectSemanticTokens` compares, readable in a diff. */
export const describeToken = (token: DecodedToken): string => [`${token.text} ${token.type}`, ...token.modifiers].join('.');

/**
 * Asserts the semantic tokens of `marked`, in document order, each as
 * `text type.modifier…` (`size namespace.declaration`). With two `|`
 * cursors, the tokens of the range between them (the range request);
 * without, the whole document's. Returns the snapshot.
 */
export function expectSemanticTokens(marked: string, expected: readonly string[]): Snapshot {
  const { semanticTokens } = require('../server/src/lsp/semanticTokens') as typeof import('../server/src/lsp/semanticTokens');
  const { snapshot, text, offsets } = snapshotAt(marked);
  assert.ok(offsets.length === 0 || offsets.length === 2, 'no cursor, or two around a range');
  const range = offsets.length === 2 ? { start: offsets[0]!, end: offsets[1]! } : undefined;
  assert.deepEqual(decodeTokens(semanticTokens(snapshot, range), text).map(describeToken), expected);
  return snapshot;
}

/**
 * Asserts the ranges Expand Selection goes through from the `|` cursor of
 * `marked`, innermost first, each as the text it selects; the last, the
 * whole document, is left out of `expected`.
 */
export function expectSelectionRanges(marked: string, expected: readonly string[]): void {
  const { selectionRanges } = require('../server/src/lsp/selectionRanges') as typeof import('../server/src/lsp/selectionRanges');
  const { snapshot, text, offsets } = snapshotAt(marked);
  assert.equal(offsets.length, 1, 'one cursor');
  const [range] = selectionRanges(snapshot, offsets);
  const selected: string[] = [];
  for (let r: import('vscode-languageserver').SelectionRange | undefined = range; r !== undefined; r = r.parent) selected.push(text.slice(snapshot.lines.offset(r.range.start), snapshot.lines.offset(r.range.end)));
  assert.deepEqual(selected, [...expected, text]);
}
