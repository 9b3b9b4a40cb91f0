// Configuration the way ESLint users expect: `dmatopo.json` files (severity
// per code, `off` to silence) from the file's folder up to the project root,
// a nearer one overriding a farther one; `--disable CODE` on the command
// line; and comments in the file: `// dmatopo-disable CODE…` for the whole
// file, `// dmatopo-disable-next-line CODE…` for the next line. A silenced
// rule never runs or fires; a disable comment that silences nothing is
// reported as a hint. Anything a dmatopo.json holds that dmatopo does not
// understand is an error, never ignored.
import { visit } from 'jsonc-parser';
import type { Diagnostic, Severity } from '../model/index';
import type { Comment, Span } from '../syntax/ast';
import { disableDirective } from '../syntax/directives';
import { closestWord } from '../syntax/index';
import { RULES } from './registry';

export type RuleSetting = Severity | 'off';

export interface RuleConfig {
  /** Severity per rule code, or `off`. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
  /** The dmatopo.json files it comes from, farthest first: a later file's setting overrides an earlier one's. */
  readonly files: readonly string[];
}

/** One dmatopo.json file. */
export interface ConfigFile extends RuleConfig {
  /** `"root": true`: no dmatopo.json farther up applies. */
  readonly root: boolean;
}

export const EMPTY_CONFIG: RuleConfig = { rules: new Map(), files: [] };

/** What a rule may be set to, in dmatopo.json and in the editor's `dmatopo.rules`. */
export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'information', 'hint'];
const SETTINGS = RULE_SETTINGS;
/** Every key a dmatopo.json may hold: `$schema` lets editors validate it against schemas/dmatopo.schema.json. */
const KEYS = ['rules', 'root', '$schema'] as const;

/** The codes of the rules, the only ones a configuration may name. */
export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((rule) => rule.meta.code));

/** Why `code` is not a rule, with the closest code when it looks like a slip: for messages. */
export function unknownRule(code: string): string {
  const guess = closestWord(code, RULE_CODES);
  return `"${code}" is not a rule${guess === undefined ? '' : ` (did you mean ${guess}?)`}; the rules are ${describeCodes()}`;
}

/** Parses a dmatopo.json text; throws an Error with one clear line, naming the file, when it is not valid. */
export function parseConfig(text: string, source: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${source} must hold an object such as { "rules": { "SEC011": "off" } }`);
  // JSON.parse keeps the last of two equal keys: the first setting would be lost without a word.
  const repeated = repeatedKey(text);
  if (repeated !== undefined) throw new Error(`${source}: "${repeated}" is given twice in the same object; keep one`);
  for (const key of Object.keys(json)) {
    if ((KEYS as readonly string[]).includes(key)) continue;
    const guess = closestWord(key, KEYS);
    throw new Error(`${source}: unknown key "${key}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}; a dmatopo.json holds "rules", "root" and "$schema"`);
  }
  const { rules = {}, root = false, $schema: schema = '' } = json as { rules?: unknown; root?: unknown; $schema?: unknown };
  if (typeof root !== 'boolean') throw new Error(`${source}: "root" must be true or false`);
  if (typeof schema !== 'string') throw new Error(`${source}: "$schema" must be a string (the URL or path of a JSON schema)`);
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new Error(`${source}: "rules" must be an object of code to severity`);
  const map = new Map<string, RuleSetting>();
  for (const [code, setting] of Object.entries(rules)) {
    if (!RULE_CODES.has(code)) throw new Error(`${source}: ${unknownRule(code)}`);
    if (typeof setting !== 'string' || !SETTINGS.includes(setting as RuleSetting)) throw new Error(`${source}: "${code}" must be one of ${SETTINGS.join(', ')}`);
    map.set(code, setting as RuleSetting);
  }
  return { rules: map, files: [source], root };
}

/** The configurations of a file's folders merged, farthest first: a nearer setting overrides a farther one. */
export function cascade(configs: readonly RuleConfig[]): RuleConfig {
  const rules = new Map<string, RuleSetting>();
  for (const config of configs) for (const [code, setting] of config.rules) rules.set(code, setting);
  return { rules, files: configs.flatMap((c) => c.files) };
}

/** The config with `codes` turned off (the command line's --disable). */
export function withDisabled(config: RuleConfig, codes: readonly string[]): RuleConfig {
  const rules = new Map(config.rules);
  for (const code of codes) rules.set(code, 'off');
  return { ...config, rules };
}

interface Directive {
  readonly codes: readonly string[];
  readonly span: Span;
  /** The line it silences, or undefined for the whole file. */
  readonly line: number | undefined;
  used: boolean;
}

/** The disable comments of a file. `lineOf` turns an offset into a zero-based line. */
export function directives(comments: readonly Comment[], lineOf: (offset: number) => number): Directive[] {
  const found: Directive[] = [];
  for (const comment of comments) {
    const directive = disableDirective(comment);
    if (directive === undefined) continue;
    found.push({ codes: directive.codes, span: comment.span, line: directive.nextLine ? lineOf(comment.span.end) + 1 : undefined, used: false });
  }
  return found;
}

/**
 * Applies settings and disable comments to the rules' diagnostics, and
 * reports the directives that silenced nothing.
 */
export function applyConfig(ruleDiagnostics: readonly Diagnostic[], config: RuleConfig, found: Directive[], lineOf: (offset: number) => number): Diagnostic[] {
  const kept: Diagnostic[] = [];
  const silencerOf = silencers(found);
  for (const diagnostic of ruleDiagnostics) {
    const setting = config.rules.get(diagnostic.code);
    if (setting === 'off') continue;
    const silencer = silencerOf(diagnostic.code, lineOf(diagnostic.span.start));
    if (silencer !== undefined) {
      silencer.used = true;
      continue;
    }
    kept.push(setting === undefined ? diagnostic : { ...diagnostic, severity: setting });
  }
  for (const directive of found) {
    if (directive.used) continue;
    kept.push({
      code: 'unused-disable',
      severity: 'hint',
      message: `this dmatopo-disable comment silences nothing: no ${directive.codes.join(', ')} ${directive.line === undefined ? 'in this file' : 'on the next line'}; remove it`,
      span: directive.span,
    });
  }
  return kept;
}

/**
 * The first directive (in file order) that silences a code on a line: the
 * first for the whole file or the first for that line, whichever comes
 * first. Looked up by code and line, not by scanning every directive for
 * every diagnostic.
 */
function silencers(found: readonly Directive[]): (code: string, line: number) => Directive | undefined {
  const wholeFile = new Map<string, number>();
  const byLine = new Map<string, Map<number, number>>();
  found.forEach((directive, index) => {
    for (const code of directive.codes) {
      if (directive.line === undefined) {
        if (!wholeFile.has(code)) wholeFile.set(code, index);
        continue;
      }
      const lines = byLine.get(code) ?? new Map<number, number>();
      if (!lines.has(directive.line)) lines.set(directive.line, index);
      byLine.set(code, lines);
    }
  });
  return (code, line) => {
    const index = Math.min(wholeFile.get(code) ?? Infinity, byLine.get(code)?.get(line) ?? Infinity);
    return index === Infinity ? undefined : found[index];
  };
}

/** The rule codes in short: `SEC001–SEC016, DMA001–DMA009`. */
function describeCodes(): string {
  const byPrefix = new Map<string, string[]>();
  for (const code of RULE_CODES) byPrefix.set(code.slice(0, 3), [...(byPrefix.get(code.slice(0, 3)) ?? []), code]);
  return [...byPrefix.values()]
    .map((codes) => {
      const sorted = [...codes].sort();
      const [first, last] = [sorted[0]!, sorted[sorted.length - 1]!];
      const contiguous = Number(last.slice(3)) - Number(first.slice(3)) === sorted.length - 1;
      return contiguous && sorted.length > 2 ? `${first}–${last}` : sorted.join(', ');
    })
    .join(', ');
}

/** The first key that an object of a JSON text holds twice (JSON.parse would keep only the last). */
function repeatedKey(text: string): string | undefined {
  const objects: Array<Set<string>> = [];
  let repeated: string | undefined;
  visit(text, {
    onObjectBegin: () => {
      objects.push(new Set());
    },
    onObjectEnd: () => {
      objects.pop();
    },
    onObjectProperty: (key) => {
      const keys = objects[objects.length - 1]!;
      if (keys.has(key)) repeated ??= key;
      keys.add(key);
    },
  });
  return repeated;
}
