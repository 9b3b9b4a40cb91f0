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

// ---- Hover ------------------------------------------------------------------

/** The URI the hover tests give documents: input links point into it. */
export const HOVER_URI = 'file:///work/lab.dmatopo';

/** What one cursor's hover must be: none (`null`), or Markdown that holds every string and matches every RegExp. */
export type HoverExpectation = null | string | RegExp | ReadonlyArray<string | RegExp>;

/**
 * The hover at each `|` of `marked`, checked against one expectation per
 * cursor (Langium's `expectHover`); returns each hover's Markdown, or null.
 * The hover gets the snapshot's own diagnostics and `HOVER_URI`.
 */
export function expectHover(marked: string, ...expected: HoverExpectation[]): Array<string | null> {
  const { hoverAt } = require('../server/src/lsp/hover') as typeof import('../server/src/lsp/hover');
  const { snapshot, text, offsets } = snapshotAt(marked);
  assert.equal(offsets.length, expected.length, 'one expectation per cursor');
  return offsets.map((offset, i) => {
    const hover = hoverAt(snapshot, offset, { uri: HOVER_URI });
    const where = `hover at ${snapshot.lines.position(offset).line + 1}:${snapshot.lines.position(offset).character + 1} (…${JSON.stringify(text.slice(Math.max(0, offset - 20), offset))}|${JSON.stringify(text.slice(offset, offset + 20))}…)`;
    const want = expected[i]!;
    if (want === null) {
      assert.equal(hover, null, `${where}: expected none, got:\n${hover === null ? '' : (hover.contents as { value: string }).value}`);
      return null;
    }
    assert.notEqual(hover, null, `${where}: expected a hover`);
    const value = (hover!.contents as { kind: string; value: string }).value;
    for (const part of typeof want === 'string' || want instanceof RegExp ? [want] : want) {
      if (typeof part === 'string') assert.ok(value.includes(part), `${where} lacks ${JSON.stringify(part)}:\n${value}`);
      else assert.match(value, part, `${where}:\n${value}`);
    }
    return value;
  });
}
