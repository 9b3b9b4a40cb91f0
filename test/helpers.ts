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

// ---- Navigation: rename ---------------------------------------------------

type Rename = typeof import('../server/src/lsp/rename');
type LspPosition = import('../server/src/model/index').Position;

/** `text` with a rename's LSP `edits` applied (positions read in `text`); asserts that they do not overlap. */
export function renamedText(text: string, edits: ReadonlyArray<{ range: { start: LspPosition; end: LspPosition }; newText: string }>): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText })).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    assert.ok(span.start >= at, `edits overlap at ${span.start}`);
    out += text.slice(at, span.start) + span.newText;
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * Renames the name at the one `|` of `marked` to `newName` as an editor
 * does — prepareRename, then rename — and asserts that the text after the
 * edits is `expected`; with a regular expression, that the rename is refused
 * (by prepareRename, or by rename for that new name) with a message matching
 * it. Returns the edits, or the refusal.
 */
export function expectRename(marked: string, newName: string, expected: string | RegExp): ReturnType<Rename['renameEdits']> {
  const { isRefusal, prepareRename, renameEdits } = require('../server/src/lsp/rename') as Rename;
  const { snapshot, text, offsets } = snapshotAt(marked);
  assert.equal(offsets.length, 1, 'one cursor');
  const offset = offsets[0]!;
  const place = prepareRename(snapshot, offset);
  if (isRefusal(place)) {
    assert.ok(expected instanceof RegExp, `prepareRename refused: ${place.refused}`);
    assert.match(place.refused, expected);
    return place;
  }
  // The box shows the declared name, over the part of the word at the cursor that spells it.
  const start = snapshot.lines.offset(place.range.start);
  const end = snapshot.lines.offset(place.range.end);
  assert.ok(start <= offset && offset <= Math.max(end, start + place.placeholder.length), 'the range holds the cursor');
  assert.equal(text.slice(start, end), place.placeholder);
  const edits = renameEdits(snapshot, offset, newName);
  if (expected instanceof RegExp) {
    assert.ok(isRefusal(edits), `expected a refusal, got edits:\n${isRefusal(edits) ? '' : renamedText(text, edits)}`);
    assert.match(edits.refused, expected);
    return edits;
  }
  assert.ok(!isRefusal(edits), `refused: ${isRefusal(edits) ? edits.refused : ''}`);
  assert.equal(renamedText(text, edits), expected);
  return edits;
}
