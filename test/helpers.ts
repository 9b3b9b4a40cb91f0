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

// ---------------------------------------------------------------------------
// Code actions (lsp/codeActions.ts): Langium's testCodeAction, for dmatopo.

/** The URI the code-action helpers give their documents. */
export const CODE_ACTION_URI = 'file:///test.dmatopo';

/** `text` with LSP text edits applied as an editor applies them: no two may overlap; insertions at one point land in array order. */
export function applyTextEdits(text: string, edits: ReadonlyArray<{ range: import('vscode-languageserver').Range; newText: string }>): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((edit, order) => ({ start: lines.offset(edit.range.start), end: lines.offset(edit.range.end), newText: edit.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let out = '';
  let at = 0;
  for (const edit of spans) {
    assert.ok(edit.start >= at, `edits overlap at offset ${edit.start}:\n${JSON.stringify(edits)}`);
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** The edits a code action makes to the one test document. */
export function actionEdits(action: import('vscode-languageserver').CodeAction): Array<{ range: import('vscode-languageserver').Range; newText: string }> {
  const changes = action.edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes), [CODE_ACTION_URI], `'${action.title}' edits the document`);
  return changes[CODE_ACTION_URI]!;
}

/** How many diagnostics of each code `diagnostics` holds. */
function countByCode(diagnostics: readonly Diagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return counts;
}

/**
 * Applies a quick fix for the diagnostic of `code` under the `|` cursor of
 * `marked` (the preferred one, or the one titled `title`), as an editor
 * would: it asks the code actions for that diagnostic in LSP's shape, then
 * applies the chosen action's edit. Asserts that the result has no syntax
 * error, that no diagnostic of `code` is left where the fixed one was, and
 * that no code is reported more often than before; with `expectedText`,
 * that the result is exactly that. Returns the result and every action
 * offered.
 */
export function testCodeAction(marked: string, code: string, title?: string, expectedText?: string): { text: string; actions: import('vscode-languageserver').CodeAction[] } {
  const { codeActions } = require('../server/src/lsp/codeActions') as typeof import('../server/src/lsp/codeActions');
  const { toLspDiagnostics } = require('../server/src/lsp/diagnostics') as typeof import('../server/src/lsp/diagnostics');
  const { snapshot, text, offsets } = snapshotAt(marked);
  assert.equal(offsets.length, 1, 'one | cursor, on the diagnostic to fix');
  const cursor = offsets[0]!;
  const before = snapshot.diagnostics;
  const target = before.find((d) => d.code === code && d.span.start <= cursor && cursor <= d.span.end);
  assert.ok(target !== undefined, `no ${code} under the cursor of:\n${text}\ndiagnostics:\n${before.map((d) => `${describeDiagnostic(text, d)} ${d.message}`).join('\n')}`);
  const published = toLspDiagnostics(CODE_ACTION_URI, snapshot.lines, [target])[0]!;
  const actions = codeActions(snapshot, CODE_ACTION_URI, { diagnostics: [published] });
  const titles = actions.map((a) => a.title).join('\n');
  const chosen = title === undefined ? actions.filter((a) => a.isPreferred === true) : actions.filter((a) => a.title === title);
  assert.equal(chosen.length, 1, `${title === undefined ? 'one preferred action' : `one action titled '${title}'`} for ${describeDiagnostic(text, target)}; offered:\n${titles}`);
  const action = chosen[0]!;
  assert.deepEqual(action.diagnostics, [published], 'the action names the diagnostic it fixes');
  const edits = actionEdits(action);
  const after = applyTextEdits(text, edits);
  if (expectedText !== undefined) assert.equal(after, expectedText);
  const { checkText } = require('../server/src/analysis/snapshot') as typeof import('../server/src/analysis/snapshot');
  const fixed = checkText(after).diagnostics;
  const report = `'${action.title}' on ${describeDiagnostic(text, target)} made:\n${after}\ndiagnostics:\n${fixed.map((d) => `${describeDiagnostic(after, d)} ${d.message}`).join('\n')}`;
  assert.deepEqual(fixed.filter((d) => d.code === 'SYN001').map((d) => d.message), [], `a syntax error: ${report}`);
  // Where the fixed diagnostic's text is now: an edit before it moves it by what it adds or removes (an insertion at its start too).
  const inOffsets = edits.map((edit) => ({ start: snapshot.lines.offset(edit.range.start), end: snapshot.lines.offset(edit.range.end), length: edit.newText.length }));
  const moved = (offset: number, isEnd: boolean): number =>
    inOffsets.reduce((at, e) => (e.end < offset || (e.end === offset && (e.start < e.end || !isEnd)) ? at + e.length - (e.end - e.start) : at), offset);
  const place = { start: moved(target.span.start, false), end: moved(target.span.end, true) };
  const left = fixed.filter((d) => d.code === code && (d.span.start === place.start || (d.span.start < place.end && place.start < d.span.end)));
  assert.deepEqual(left.map((d) => describeDiagnostic(after, d)), [], `still there: ${report}`);
  const counts = countByCode(before);
  for (const [afterCode, count] of countByCode(fixed)) {
    assert.ok(count <= (counts.get(afterCode) ?? 0), `${afterCode} reported ${count} times, ${counts.get(afterCode) ?? 0} before: ${report}`);
  }
  return { text: after, actions };
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

// —— Export Report (commands): the exported JSON against the command line's ——

/**
 * Exports `file` (a path relative to the repository) as JSON through the
 * language server's `exportReport`, and asserts it is, once parsed, the
 * object `dmatopo simulate FILE --json [--group GROUP]` prints, run by the
 * bundled CLI at the repository's root; returns it.
 */
export function expectExportMatchesCli(file: string, group?: string): Record<string, unknown> {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const { exportReport } = require('../server/src/lsp/exportReport') as typeof import('../server/src/lsp/exportReport');
  const { loadConfigFor } = require('../server/src/rules/configFile') as typeof import('../server/src/rules/configFile');
  const args = [join(ROOT, 'dist', 'cli.js'), 'simulate', file, '--json', ...(group === undefined ? [] : ['--group', group])];
  const cli = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  assert.ok(cli.status === 0 || cli.status === 1, `dmatopo simulate ${file} --json: exit ${cli.status}: ${cli.stderr}`);
  const snapshot = new Snapshot(read(join(ROOT, file)), loadConfigFor(join(ROOT, file)));
  const exported = exportReport(snapshot, { format: 'json', file, ...(group === undefined ? {} : { group }) });
  assert.ok('text' in exported, `exportReport refused ${file}`);
  const parsed = JSON.parse(exported.text) as Record<string, unknown>;
  assert.deepEqual(parsed, JSON.parse(cli.stdout), `${file}: the export differs from simulate --json`);
  return parsed;
}

// ---- Report panel -------------------------------------------------------------

/** The resources the report tests give the page, as a webview would name them. */
export const REPORT_RESOURCES = { cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/dist/reportView.js', styleUri: 'vscode-resource:/dist/reportView.css' };

/**
 * The report panel's page for `text` (its diagram laid out in the grid),
 * checked for what every page must hold — a Content-Security-Policy that
 * allows only the page's nonce and the webview's own resources, the script
 * and style sheet under that nonce, no inline script, style or event
 * handler, no remote resource — and for each expected string or RegExp.
 * Returns the page and its report view.
 */
export function expectReportHtml(text: string, ...expected: Array<string | RegExp>): { html: string; view: import('../protocol/reportView').ReportView } {
  const { reportView } = require('../server/src/report/view') as typeof import('../server/src/report/view');
  const { reportPage } = require('../client/src/reportView/html') as typeof import('../client/src/reportView/html');
  const { gridLayout } = require('../client/src/reportView/diagram') as typeof import('../client/src/reportView/diagram');
  const view = reportView(new Snapshot(text), 'test.dmatopo');
  const html = reportPage(view, gridLayout(view.topology), REPORT_RESOURCES);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(csp !== null, 'the page has a Content-Security-Policy');
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp[1]!)?.[1];
  assert.ok(nonce !== undefined && nonce.length >= 16, `the policy allows scripts by a nonce: ${csp[1]}`);
  assert.match(csp[1]!, /^default-src 'none';/);
  assert.ok(csp[1]!.includes(`style-src ${REPORT_RESOURCES.cspSource} 'nonce-${nonce}'`), `styles by the webview's source and the nonce: ${csp[1]}`);
  assert.doesNotMatch(csp[1]!, /unsafe-inline|unsafe-eval|\*/, 'no loophole in the policy');
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.deepEqual(scripts, [`<script nonce="${nonce}" src="${REPORT_RESOURCES.scriptUri}">`], 'one script: the bundled one, under the nonce');
  assert.ok(html.includes(`<link rel="stylesheet" nonce="${nonce}" href="${REPORT_RESOURCES.styleUri}">`), 'the bundled style sheet, under the nonce');
  assert.doesNotMatch(html, /https?:/i, 'no remote resource');
  assert.doesNotMatch(html, /<[^>]+\sstyle=|<style\b/i, 'no inline style');
  assert.doesNotMatch(html, /<[^>]+\son[a-z]+\s*=/i, 'no inline event handler');
  for (const want of expected) {
    if (typeof want === 'string') assert.ok(html.includes(want), `the page lacks ${JSON.stringify(want)}`);
    else assert.match(html, want);
  }
  return { html, view };
}

// ---- Documentation links ------------------------------------------------------

/**
 * What a documentation link must open: a page bundled in the repository's
 * docs/ (a file: URI), at a heading's line when it names one (`#L12`), and
 * that heading's text when `heading` is given. Returns the page's path and
 * the heading (or undefined for a whole page).
 */
export function expectDocsLink(href: string, heading?: string): { page: string; heading: string | undefined } {
  const { fileURLToPath } = require('node:url') as typeof import('node:url');
  assert.match(href, /^file:\/\/.*\/docs\/[^#]*\.md(#L\d+)?$/, `${href} is a bundled page`);
  const [uri, fragment] = href.split('#', 2) as [string, string | undefined];
  const page = fileURLToPath(uri);
  assert.ok(page.startsWith(join(ROOT, 'docs')), `${page} is under docs/`);
  assert.ok(existsSync(page), `${page} exists`);
  if (fragment === undefined) {
    assert.equal(heading, undefined, `${href} names no heading, expected ${heading}`);
    return { page, heading: undefined };
  }
  const line = read(page).split('\n')[Number(fragment.slice(1)) - 1];
  const found = line === undefined ? null : /^#{1,6} (.*)$/.exec(line);
  assert.ok(found !== null, `${href}: line ${fragment.slice(1)} of ${page} is a heading, not ${JSON.stringify(line)}`);
  if (heading !== undefined) assert.equal(found[1], heading, href);
  return { page, heading: found[1] };
}
