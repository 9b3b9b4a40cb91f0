// Test helpers: write a document the way a user types it, with the expected
// diagnostic ranges marked, and compare with what the analysis reports.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Snapshot } from '../server/src/analysis/snapshot';
import { analyze, LineIndex, type Analysis, type Diagnostic } from '../server/src/model/index';
import type { RuleConfig } from '../server/src/rules/index';
import type { InlayHint } from 'vscode-languageserver';
import { inlayHints } from '../server/src/lsp/inlayHints';
import type { InlayHintSettings } from '../server/src/lsp/settings';

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

// ---- completion (test/completion.test.ts) ----------------------------------

export interface CompletionExpectation {
  /** Labels the list holds. */
  readonly includes?: readonly string[];
  /** Labels it does not hold. */
  readonly excludes?: readonly string[];
  /** Exactly these labels, in the order the editor shows them (by `sortText`). */
  readonly exactly?: readonly string[];
  /** Accepting the item labelled `label` gives `text` (a snippet with its defaults). */
  readonly accept?: { readonly label: string; readonly text: string };
  readonly isIncomplete?: boolean;
  readonly options?: import('../server/src/lsp/completion').CompletionOptions;
}

/**
 * The completion list at the one `|` of `marked`, checked against
 * `expected` (Langium's `expectCompletion`). Every call also holds the list
 * to what an editor needs of any item: a replace range on the cursor's line
 * that holds the cursor, and a `sortText`.
 */
export function expectCompletion(marked: string, expected: CompletionExpectation): import('vscode-languageserver').CompletionList {
  const { completionAt } = require('../server/src/lsp/completion') as typeof import('../server/src/lsp/completion');
  const { snapshot, text, offsets } = snapshotAt(marked);
  assert.equal(offsets.length, 1, 'one cursor');
  const offset = offsets[0]!;
  const list = completionAt(snapshot, offset, expected.options ?? { snippets: true });
  const items = [...list.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  const labels = items.map((item) => item.label);
  const where = `at ${marked}\nthe list was: ${labels.join(', ')}`;
  for (const item of items) {
    const edit = item.textEdit;
    assert.ok(edit !== undefined && 'range' in edit, `${item.label} has a text edit ${where}`);
    const start = snapshot.lines.offset(edit.range.start);
    const end = snapshot.lines.offset(edit.range.end);
    assert.ok(start <= offset && offset <= end && edit.range.start.line === edit.range.end.line, `${item.label}'s range holds the cursor ${where}`);
    assert.ok(item.sortText !== undefined, `${item.label} has a sortText`);
  }
  for (const label of expected.includes ?? []) assert.ok(labels.includes(label), `'${label}' is offered ${where}`);
  for (const label of expected.excludes ?? []) assert.ok(!labels.includes(label), `'${label}' is not offered ${where}`);
  if (expected.exactly !== undefined) assert.deepEqual(labels, expected.exactly, where);
  if (expected.isIncomplete !== undefined) assert.equal(list.isIncomplete, expected.isIncomplete, where);
  if (expected.accept !== undefined) {
    const item = items.find((i) => i.label === expected.accept!.label);
    assert.ok(item !== undefined, `'${expected.accept.label}' is offered ${where}`);
    assert.equal(accepted(text, snapshot.lines, item), expected.accept.text, `accepting '${item.label}' ${where}`);
  }
  return list;
}

/** The text after accepting `item`: its edit applied, a snippet's placeholders written as their defaults. */
export function accepted(text: string, lines: LineIndex, item: import('vscode-languageserver').CompletionItem): string {
  const edit = item.textEdit as import('vscode-languageserver').TextEdit;
  let inserted = edit.newText;
  if (item.insertTextFormat === 2 /* Snippet */) {
    inserted = inserted
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '');
  }
  return text.slice(0, lines.offset(edit.range.start)) + inserted + text.slice(lines.offset(edit.range.end));
}

// ---- Inlay hints -------------------------------------------------------

/**
 * Asserts that the inlay hints of `marked` (its `|` cursors stripped) are
 * exactly `labels`, the i-th at the i-th cursor, in document order.
 * `lines` are the zero-based lines the request asks for (the whole
 * document by default) and `show` the settings (both kinds on by default).
 * Returns the hints.
 */
export function expectInlayHints(
  marked: string,
  labels: readonly string[],
  options: { readonly lines?: { readonly first: number; readonly last: number }; readonly show?: InlayHintSettings } = {},
): InlayHint[] {
  const { snapshot, text, offsets } = snapshotAt(marked);
  assert.equal(offsets.length, labels.length, 'one cursor per expected hint');
  const lineCount = snapshot.lines.position(text.length).line + 1;
  const { first, last } = options.lines ?? { first: 0, last: lineCount - 1 };
  const end = last + 1 < lineCount ? { line: last + 1, character: 0 } : snapshot.lines.position(text.length);
  const hints = inlayHints(snapshot, { start: { line: first, character: 0 }, end }, options.show ?? { flows: true, links: true });
  const where = (offset: number): string => {
    const { line, character } = snapshot.lines.position(offset);
    return `${line + 1}:${character + 1}`;
  };
  const label = (hint: InlayHint): string => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));
  assert.deepEqual(
    hints.map((hint) => `${where(snapshot.lines.offset(hint.position))} ${label(hint)}`),
    offsets.map((offset, i) => `${where(offset)} ${labels[i]}`),
  );
  return hints;
}
