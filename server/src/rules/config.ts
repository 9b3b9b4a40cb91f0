// Configuration the way ESLint users expect: a project file `dmatopo.json`
// (severity per code, `off` to silence), `--disable CODE` on the command
// line, and comments in the file: `// dmatopo-disable CODE…` for the whole
// file, `// dmatopo-disable-next-line CODE…` for the next line. A silenced
// rule never runs or fires; a disable comment that silences nothing is
// reported as a hint.
import type { Diagnostic, Severity } from '../model/index';
import type { Comment, Span } from '../syntax/ast';
import { disableDirective } from '../syntax/directives';

export type RuleSetting = Severity | 'off';

export interface RuleConfig {
  /** Severity per rule code, or `off`. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
  /** Where the settings came from, for messages. */
  readonly source?: string;
}

export const EMPTY_CONFIG: RuleConfig = { rules: new Map() };

const SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'information', 'hint'];

/** Parses a dmatopo.json text; throws an Error with one clear line when it is not valid. */
export function parseConfig(text: string, source: string): RuleConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${source} must hold an object such as { "rules": { "SEC011": "off" } }`);
  const rules = (json as { rules?: unknown }).rules ?? {};
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new Error(`${source}: "rules" must be an object of code to severity`);
  const map = new Map<string, RuleSetting>();
  for (const [code, setting] of Object.entries(rules)) {
    if (!/^(SEC|DMA)\d{3}$/.test(code)) throw new Error(`${source}: "${code}" is not a rule code (SEC0xx or DMA0xx)`);
    if (typeof setting !== 'string' || !SETTINGS.includes(setting as RuleSetting)) throw new Error(`${source}: "${code}" must be one of ${SETTINGS.join(', ')}`);
    map.set(code, setting as RuleSetting);
  }
  return { rules: map, source };
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
  for (const diagnostic of ruleDiagnostics) {
    const setting = config.rules.get(diagnostic.code);
    if (setting === 'off') continue;
    const line = lineOf(diagnostic.span.start);
    const silencer = found.find((d) => d.codes.includes(diagnostic.code) && (d.line === undefined || d.line === line));
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
