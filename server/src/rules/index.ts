// The rule engine's entry point: every registered rule over a checked
// model, findings turned into diagnostics with their code, docs page and
// quick-fix data. A finding on a template's item, true of several hosts made
// from it, is reported once at the template's line, naming those hosts.
import { limitDiagnostics, type Analysis, type Diagnostic, type LineIndex } from '../model/index';
import { applyConfig, directives, type RuleConfig } from './config';
import type { RuleContext } from './context';
import { RULES } from './registry';
import { docsPath, type Finding, type Rule } from './rule';

export { RULES } from './registry';
export type { Rule, RuleMeta, Finding, Fix } from './rule';
export { docsPath, docsUrl } from './rule';
export { EMPTY_CONFIG, parseConfig, withDisabled, type RuleConfig, type RuleSetting } from './config';

/** What to do when a rule throws: tests rethrow; the server and the CLI log and go on. */
export type RuleErrorHandler = (rule: Rule, error: unknown) => void;
const rethrow: RuleErrorHandler = (_rule, error) => {
  throw error;
};

/** Runs `rules` over `context`, pausing before the first rule and after each one. */
function* ruleSteps(context: RuleContext, onError: RuleErrorHandler, rules: readonly Rule[]): Generator<void, Diagnostic[], void> {
  yield;
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const findings: Finding[] = [];
    try {
      rule.check(context, (finding) => findings.push(finding));
    } catch (error) {
      onError(rule, error);
      continue;
    }
    for (const finding of mergeByPlace(findings)) diagnostics.push(toDiagnostic(rule, finding));
    yield;
  }
  return diagnostics;
}

/**
 * Adds the rules' diagnostics to an analysis in steps, pausing between
 * rules: the rules that the configuration leaves on run over the context
 * `contextOf` gives (asked for only if one runs), their findings go through
 * the configuration and the disable comments, and the file's diagnostics
 * come out in document order, at most 1,000 (LIM002).
 */
export function* checkSteps(
  analysis: Analysis,
  lines: LineIndex,
  config: RuleConfig,
  contextOf: () => RuleContext,
  onError: RuleErrorHandler = rethrow,
): Generator<void, Analysis, void> {
  // Rules judge the whole topology: on a model that left hosts out (LIM001) they would report what is not so.
  if (analysis.model.incomplete === true) return { ...analysis, diagnostics: limitDiagnostics(analysis.diagnostics) };
  const enabled = RULES.filter((rule) => config.rules.get(rule.meta.code) !== 'off');
  const lineOf = (offset: number) => lines.position(offset).line;
  const findings = enabled.length === 0 ? [] : yield* ruleSteps(contextOf(), onError, enabled);
  const ruleDiagnostics = applyConfig(findings, config, directives(analysis.tree.comments, lineOf), lineOf);
  const diagnostics = [...analysis.diagnostics, ...ruleDiagnostics];
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  return { ...analysis, diagnostics: limitDiagnostics(diagnostics) };
}

/** One finding per place: the same finding for several hosts made from one template becomes one, naming them. */
function mergeByPlace(findings: readonly Finding[]): Finding[] {
  const byPlace = new Map<string, { finding: Finding; hosts: Set<string> }>();
  for (const finding of findings) {
    const key = `${finding.span.start}:${finding.span.end}`;
    const seen = byPlace.get(key);
    if (seen === undefined) byPlace.set(key, { finding, hosts: new Set(finding.host === undefined ? [] : [finding.host]) });
    else if (finding.host !== undefined) seen.hosts.add(finding.host);
  }
  return [...byPlace.values()].map(({ finding, hosts }) => (hosts.size > 1 ? { ...finding, message: `${finding.message} (hosts ${listHosts([...hosts])})` } : finding));
}

function listHosts(hosts: readonly string[]): string {
  return hosts.length <= 6 ? hosts.join(', ') : `${hosts.slice(0, 5).join(', ')} and ${hosts.length - 5} more`;
}

function toDiagnostic(rule: Rule, finding: Finding): Diagnostic {
  const base: Diagnostic = {
    code: rule.meta.code,
    severity: finding.severity ?? rule.meta.severity,
    message: finding.message,
    span: finding.span,
    docs: docsPath(rule.meta.code),
  };
  return {
    ...base,
    ...(finding.related === undefined || finding.related.length === 0 ? {} : { related: finding.related }),
    ...(finding.fix === undefined ? {} : { data: { fix: finding.fix } }),
  };
}
