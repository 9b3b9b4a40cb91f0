// Formatting never changes what `check` says: on every sample, every broken
// sample and thousands of fuzzed variants of them (disable comments added
// above and after findings, lines broken and joined, blank lines, vertical
// tabs, form feeds, carriage returns, comments), the findings with disable
// comments applied are the same codes at the same places before and after,
// every comment's text survives, the tokens are the same, and formatting
// twice changes nothing. Places are tokens and comments counted in order,
// not positions, since the layout moves them. Set DMATOPO_FORMAT_RUNS to
// draw more (or fewer) fuzzed files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import './seed';
import { formatText } from '../server/src/format/format';
import { LineIndex, type Diagnostic } from '../server/src/model/index';
import { checkText } from '../server/src/analysis/snapshot';
import { RULES } from '../server/src/rules/index';
import { Comma, lexer, Semicolon } from '../server/src/syntax/tokens';
import { read, ROOT, sampleFiles } from './helpers';

const FILES = [...sampleFiles(), ...sampleFiles('samples/broken')];
const CORPUS = FILES.map(read);
const RUNS = Number(process.env['DMATOPO_FORMAT_RUNS'] ?? 2000);
const CODES = RULES.map((rule) => rule.meta.code);

/** The text's tokens (separators aside, as the layout rewrites them) and comments, in order. */
function lexed(text: string): { tokens: Array<{ start: number; end: number; image: string }>; comments: Array<{ start: number; end: number; text: string }> } {
  const result = lexer.tokenize(text);
  const tokens = result.tokens
    .filter((t) => t.tokenType !== Comma && t.tokenType !== Semicolon)
    .map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length, image: t.image }));
  const comments = (result.groups['comments'] ?? []).map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length, text: t.image }));
  return { tokens, comments };
}

/** Where an offset is, independent of layout: in the i-th comment, at or in the i-th token, or after it. */
function place(offset: number, text: string, { tokens, comments }: ReturnType<typeof lexed>): string {
  const comment = comments.findIndex((c) => c.start <= offset && offset < c.end);
  if (comment >= 0) return `comment ${comment}${offset > comments[comment]!.start ? ' inside' : ''}`;
  if (offset >= text.length) return 'end';
  let low = 0;
  let high = tokens.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (tokens[mid]!.start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found < 0) return 'start';
  const token = tokens[found]!;
  return offset === token.start ? `token ${found}` : offset < token.end ? `token ${found} inside` : `after token ${found}`;
}

/** Each finding as code, severity, place and message: what must not change. */
function findings(text: string, diagnostics: readonly Pick<Diagnostic, 'code' | 'severity' | 'message' | 'span'>[]): string[] {
  const tokens = lexed(text);
  return diagnostics.map((d) => `${d.code} ${d.severity} at ${place(d.span.start, text, tokens)}: ${d.message}`).sort();
}

/** A comment's text as the layout keeps it: its lines, without trailing spaces or tabs. */
function commentText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n');
}

interface Tally {
  files: number;
  rewritten: number;
  unchanged: number;
  refused: Map<string, number>;
  syntaxErrors: number;
  directives: number;
}

/** Formats `text` and checks every promise, counting in `tally` what became of it. */
function checkMeaning(text: string, tally: Tally): void {
  tally.files++;
  const result = formatText(text);
  if (!result.formatted) {
    assert.equal(result.text, text, 'a file left untouched comes back byte for byte');
    // The safety net caught a comment the printer lost or merged: a bug of the printer, not a refusal.
    assert.doesNotMatch(result.refused ?? '', /change the comment/, `the printer keeps every comment:\n${text}`);
    if (result.refused === undefined) tally.syntaxErrors++;
    else {
      const reason = result.refused.replace(/\d+/g, 'N');
      tally.refused.set(reason, (tally.refused.get(reason) ?? 0) + 1);
    }
    return;
  }
  const formatted = result.text;
  if (formatted === text) {
    tally.unchanged++;
    return;
  }
  tally.rewritten++;
  const context = `\n--- before:\n${text}\n--- after:\n${formatted}`;
  const before = lexed(text);
  const after = lexed(formatted);
  // The one change the layout makes inside a token: the space between a number and its unit.
  const unspaced = (image: string): string => image.replace(/^(-?[0-9][^ \t]*)[ \t]+/, '$1');
  assert.deepEqual(after.tokens.map((t) => unspaced(t.image)), before.tokens.map((t) => unspaced(t.image)), `the same tokens${context}`);
  assert.deepEqual(after.comments.map((c) => commentText(c.text)).sort(), before.comments.map((c) => commentText(c.text)).sort(), `every comment's text${context}`);
  assert.deepEqual(findings(formatted, checkText(formatted).diagnostics), findings(text, checkText(text).diagnostics), `the same findings at the same places${context}`);
  assert.equal(formatText(formatted).text, formatted, `formatting twice changes nothing${context}`);
}

/** Mutation units: whitespace runs, words, numbers, strings, comments, punctuation. */
function pieces(text: string): string[] {
  return text.match(/\s+|->|--|\.\.|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.]*|"(?:[^"\\\n]|\\.)*"?|\/\/[^\n]*|\/\*[\s\S]*?\*\/|\/\*|./gsu) ?? [];
}

/** The text with every line break joined but those that end a `//` comment: bodies go onto one line, or get split. */
function squeezed(text: string): string {
  const units = pieces(text);
  return units.map((u, i) => (/^\s+$/.test(u) && !units[i - 1]?.startsWith('//') ? u.replace(/[\r\n]\s*/g, ' ') : u)).join('');
}

/** Every (line, code) where a rule finds something in a corpus file: where a directive matters. */
const FOUND = CORPUS.map((text) => {
  const lines = new LineIndex(text);
  return checkText(text)
    .diagnostics.filter((d) => CODES.includes(d.code))
    .map((d) => ({ line: lines.position(d.span.start).line, code: d.code }));
});

const directive = fc.record({
  /** Which finding of the file to aim at (or, past the end, a random line and code). */
  target: fc.nat(),
  line: fc.nat(),
  code: fc.constantFrom(...CODES),
  style: fc.constantFrom('own-line', 'trailing-before', 'block-own-line', 'block-before-code', 'trailing-on'),
  /** What becomes of the line it applies to: the next line joined onto it, or the line broken in two. */
  then: fc.constantFrom('keep', 'keep', 'join-next', 'break'),
  breakAt: fc.nat(),
});

// Mostly changes of layout, which keep a file parsing; a few of its words, for trees the samples do not have.
const layout = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('break' as const), at: fc.nat() }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('join' as const), at: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('space' as const), at: fc.nat(), space: fc.constantFrom('\n\n', '\n\n\n', '\v', '\f', '\t', '\r\n', '\r', '\uFEFF', '\n\v', '\n\f\n') }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('comment' as const), at: fc.nat(), comment: fc.constantFrom('// note', '/* note */', '/* two\n   lines */', '// dmatopo-disable-next-line SEC001', '/* dmatopo-disable-next-line DMA001 */', '// a // b'), newline: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }) },
);
type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;
type Directive = typeof directive extends fc.Arbitrary<infer T> ? T : never;

/** The lines of each corpus file that begin inside a block comment: a directive there would end the comment early. */
const IN_COMMENT = CORPUS.map((text) => {
  const lines = new LineIndex(text);
  const inside = new Set<number>();
  for (const comment of lexed(text).comments) {
    for (let line = lines.position(comment.start).line + 1; line <= lines.position(comment.end).line; line++) inside.add(line);
  }
  return inside;
});

/** Adds disable comments aimed at the file's findings, the lowest line last so that the others' lines hold. */
function withDirectives(text: string, found: ReadonlyArray<{ line: number; code: string }>, inComment: ReadonlySet<number>, directives: readonly Directive[], tally: Tally): string {
  const lines = text.split('\n');
  const aimed = directives.map((d) => (d.target < found.length * 2 && found.length > 0 ? { ...d, ...found[d.target % found.length]! } : { ...d, line: d.line % lines.length }));
  aimed.sort((a, b) => b.line - a.line);
  for (const d of aimed) {
    if (inComment.has(d.line)) continue;
    tally.directives++;
    // The line the comment will apply to: joined with the next (unless a `//` comment would swallow it), or broken at a space.
    const next = lines[d.line + 1];
    if (d.then === 'join-next' && next !== undefined && !(lines[d.line] ?? '').includes('//')) lines.splice(d.line, 2, `${lines[d.line]!} ${next.trimStart()}`);
    if (d.then === 'break') {
      // Not inside a comment, nor between a number and its unit.
      const code = (lines[d.line] ?? '').split(/\/[/*]/)[0]!;
      const spaces = [...code.matchAll(/(?<=[^\s0-9]) /g)].map((m) => m.index);
      if (spaces.length > 0) {
        const at = spaces[d.breakAt % spaces.length]!;
        lines.splice(d.line, 1, lines[d.line]!.slice(0, at), `    ${lines[d.line]!.slice(at + 1)}`);
      }
    }
    const line = lines[d.line] ?? '';
    const indent = /^\s*/.exec(line)![0];
    const comment = `dmatopo-disable-next-line ${d.code}`;
    if (d.style === 'own-line') lines.splice(d.line, 0, `${indent}// ${comment}`);
    else if (d.style === 'block-own-line') lines.splice(d.line, 0, `${indent}/* ${comment} */`);
    else if (d.style === 'block-before-code') lines[d.line] = `${indent}/* ${comment} */ ${line.trimStart()}`;
    else if (d.style === 'trailing-on') lines[d.line] = `${line} // ${comment}`;
    else if (d.line > 0) lines[d.line - 1] = `${lines[d.line - 1]!} // ${comment}`;
  }
  return lines.join('\n');
}

function mutate(units: string[], m: Layout): string[] {
  if (units.length === 0) return units;
  const out = [...units];
  const at = m.at % units.length;
  switch (m.kind) {
    case 'break': {
      // At a space between tokens, but not between a number and its unit, which would then be a word of its own.
      const space = units.findIndex((u, i) => i >= at && /^[ \t]+$/.test(u) && !/[0-9]$/.test(units[i - 1] ?? ''));
      if (space >= 0) out[space] = '\n';
      break;
    }
    case 'join': {
      // Not the line break that ends a `//` comment: joined, the comment would swallow the next line.
      const space = units.findIndex((u, i) => i >= at && /[\r\n]/.test(u) && /^\s+$/.test(u) && !units[i - 1]?.startsWith('//'));
      if (space >= 0) out[space] = ' ';
      break;
    }
    case 'space':
      out.splice(at, 0, m.space);
      break;
    case 'comment':
      // A `//` comment always ends its line; a block comment may have code after it.
      out.splice(at, 0, ` ${m.comment}${m.newline || m.comment.startsWith('//') ? '\n' : ' '}`);
      break;
    case 'delete':
      out.splice(at, 1);
      break;
    case 'duplicate':
      out.splice(at, 0, units[at]!);
      break;
    case 'swap': {
      const other = m.other % units.length;
      [out[at], out[other]] = [out[other]!, out[at]!];
      break;
    }
  }
  return out;
}

function report(tally: Tally, started: number): string {
  const refused = [...tally.refused].map(([reason, count]) => `  ${count} refused: ${reason}`).join('\n');
  return `${tally.files} files in ${((performance.now() - started) / 1000).toFixed(1)} s: ${tally.rewritten} rewritten, ${tally.unchanged} already formatted, ${tally.syntaxErrors} with syntax errors, ${tally.directives} disable comments added\n${refused}`;
}

const emptyTally = (): Tally => ({ files: 0, rewritten: 0, unchanged: 0, refused: new Map(), syntaxErrors: 0, directives: 0 });

describe('formatting keeps what check finds', () => {
  for (const [index, file] of FILES.entries()) {
    it(`on ${basename(file)}, laid out as written and squeezed onto as few lines as possible`, () => {
      const tally = emptyTally();
      const text = CORPUS[index]!;
      checkMeaning(text, tally);
      // Every line break that is not a comment's end, joined: bodies go back onto their lines or get split.
      checkMeaning(squeezed(text), tally);
    });
  }

  it(`on ${RUNS} fuzzed files: disable comments, line breaks and their kinds, blank lines, odd whitespace and comments`, { timeout: 600_000 }, (t) => {
    const tally = emptyTally();
    const started = performance.now();
    fc.assert(
      fc.property(fc.nat({ max: CORPUS.length - 1 }), fc.array(directive, { maxLength: 3 }), fc.array(layout, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\n', '\n', '\r\n', '\r'), (index, directives, layouts, newline) => {
        const aimed = withDirectives(CORPUS[index]!, FOUND[index]!, IN_COMMENT[index]!, directives, tally);
        checkMeaning(layouts.reduce(mutate, pieces(aimed)).join('').replace(/\n/g, newline), tally);
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(report(tally, started));
    assert.ok(tally.rewritten > RUNS / 4, `enough fuzzed files are rewritten to test the formatter:\n${report(tally, started)}`);
  });
});

describe('formatting keeps what check finds, through the command line', () => {
  const CLI = join(ROOT, 'dist', 'cli.js');
  const cases = [
    // A directive above a body the author split, one above a long one-line body, trailing directives, comments in the way.
    'host h {\n  cpu c {}\n  iommu i {}\n  // dmatopo-disable-next-line SEC006\n  nic n { iommu i,\n    untrusted, ats }\n  link c -- n : pcie gen4 x16\n}\n',
    'host h {\n  cpu c{}\n  iommu i {}\n  // dmatopo-disable-next-line SEC006\n  nic a_network_interface_card_with_a_long_name { iommu i, untrusted, rate 100 Gb/s, sg, rdma, ats }\n  link c -- a_network_interface_card_with_a_long_name : pcie gen4 x16\n}\n',
    'host h { // dmatopo-disable-next-line SEC001\n\n  gpu g{}\n  cpu c {} // dmatopo-disable-next-line SEC001\n  /* dmatopo-disable-next-line SEC001 */ gpu k {}\n  link c -- g : pcie gen4 x16\n  link c -- k : pcie gen4 x16\n}\n',
    'host h {\n  cpu c {}\n  link c -- // slot 3\n    g : pcie gen4 x16 // dmatopo-disable-next-line SEC001\n  gpu g {}\n\v// dmatopo-disable-next-line SEC001\n  gpu k {}\n  link c -- k : pcie gen4 x16\n}\n',
    squeezed(read(join(ROOT, 'samples', 'broken', 'rules-sec009-sec016.dmatopo'))),
  ];

  it('check --json finds the same codes at the same places before and after format --write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmatopo-meaning-'));
    // A .git folder makes this the project root, so no dmatopo.json above it applies.
    mkdirSync(join(dir, '.git'));
    cases.forEach((text, index) => {
      const file = join(dir, `case${index}.dmatopo`);
      writeFileSync(file, text);
      const check = (): string[] => {
        const result = spawnSync(process.execPath, [CLI, 'check', '--json', file], { encoding: 'utf8' });
        assert.ok(result.status === 0 || result.status === 1, result.stderr);
        const current = readFileSync(file, 'utf8');
        const lines = new LineIndex(current);
        const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: Array<Diagnostic & { range: { start: { line: number; character: number } } }> };
        return findings(current, diagnostics.map((d) => ({ ...d, span: { start: lines.offset(d.range.start), end: lines.offset(d.range.start) } })));
      };
      const before = check();
      const formatted = spawnSync(process.execPath, [CLI, 'format', '--write', file], { encoding: 'utf8' });
      assert.equal(formatted.status, 0, formatted.stderr);
      assert.notEqual(readFileSync(file, 'utf8'), text, `case ${index} is rewritten`);
      assert.deepEqual(check(), before, `case ${index}:\n${readFileSync(file, 'utf8')}`);
    });
  });
});
