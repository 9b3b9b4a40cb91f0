// textDocument/codeAction. For each diagnostic the editor asks about, the
// quick fixes: the rule's own fix, each name a REF001 suggests, and
// disabling the rule on the finding's line or in the whole file; and, when
// asked for by kind (on save, or from the Source Action menu),
// source.fixAll.dmatopo. The editor's diagnostic was published for some
// earlier version of the text: it is looked up again in the current
// snapshot (same code, same range) and only that finding's data is used, so
// that no edit is computed from offsets into a text that has changed since.
import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import type { Diagnostic, NameSuggestions } from '../model/index';
import { RULES } from '../rules/index';
import { disableForFile, disableForLine } from './disableComments';
import { fixAllEdits, fixOf } from './fixAll';
import { workspaceEdit, type SpanEdit } from './spanEdits';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dmatopo`;
/** What the server offers, for `codeActionProvider`: `source.fixAll` lets `editor.codeActionsOnSave` ask for it. */
export const CODE_ACTION_KINDS: readonly string[] = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/** Only the rules' findings can be silenced by a disable comment; the language's own errors cannot. */
const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((rule) => rule.meta.code));

/**
 * The code actions for `context`'s diagnostics and kinds. `findings` are the
 * rules' findings in the coordinates of the snapshot's text when the caller
 * has them (a large document's, checked in the analysis worker, and moved
 * along with the edits since: those moved carry no fix); by default the
 * snapshot's own, which the rules then run for.
 */
export function codeActions(snapshot: Snapshot, uri: string, context: Pick<CodeActionContext, 'diagnostics' | 'only'>, findings?: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wanted(context.only, CodeActionKind.QuickFix)) {
    for (const published of context.diagnostics) actions.push(...quickFixes(snapshot, uri, published, findings));
  }
  // Only when asked for by kind: it reads every finding of the document, which the light bulb has no use for.
  if (context.only !== undefined && wanted(context.only, FIX_ALL_KIND)) {
    const { edits, fixed } = fixAllEdits((findings ?? snapshot.diagnostics).filter((d) => RULE_CODES.has(d.code) && isPreferred(d)));
    if (fixed > 0) {
      const title = fixed === 1 ? 'Fix the one dmatopo problem that has a fix' : `Fix the ${fixed.toLocaleString('en-US')} dmatopo problems that have a fix`;
      actions.push({ title, kind: FIX_ALL_KIND, edit: workspaceEdit(uri, snapshot.lines, edits) });
    }
  }
  return dedupe(actions);
}

/**
 * Whether a finding's fix is the one to apply without asking: that of an
 * error or a warning. A note (information, hint) is a trade-off the author
 * may have chosen — identity mode for throughput, a map kept for a flow to
 * come — so its fix is offered but neither preferred nor part of fix all.
 */
const isPreferred = (finding: Diagnostic): boolean => finding.severity === 'error' || finding.severity === 'warning';

/** Whether `kind` is among the kinds asked for (all of them when none is given), a kind including its sub-kinds. */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((asked) => asked === '' || kind === asked || kind.startsWith(`${asked}.`));
}

function quickFixes(snapshot: Snapshot, uri: string, published: LspDiagnostic, findings: readonly Diagnostic[] | undefined): CodeAction[] {
  const code = typeof published.code === 'string' ? published.code : undefined;
  if (code === undefined || (published.source !== undefined && published.source !== 'dmatopo')) return [];
  const isRule = RULE_CODES.has(code);
  if (!isRule && code !== 'REF001') return [];
  const found = findAgain(snapshot, code, published.range, isRule ? (findings ?? snapshot.diagnostics) : snapshot.language.diagnostics);
  if (found === undefined) return [];
  const action = (title: string, edits: readonly SpanEdit[], isPreferred: boolean): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [published],
    ...(isPreferred ? { isPreferred } : {}),
    edit: workspaceEdit(uri, snapshot.lines, edits),
  });
  const actions: CodeAction[] = [];
  // A rule has one fix for a finding, the change its message asks for.
  const fix = fixOf(found);
  if (fix !== undefined) actions.push(action(fix.title, fix.edits, isPreferred(found)));
  const suggestions = (found.data as Partial<NameSuggestions> | undefined)?.suggestions ?? [];
  const written = snapshot.text.slice(found.span.start, found.span.end);
  for (const name of suggestions) actions.push(action(`Replace '${written}' with '${name}'`, [{ span: found.span, newText: name }], suggestions.length === 1));
  if (isRule) {
    const line = disableForLine(snapshot, code, found.span.start);
    if (line !== undefined) actions.push(action(`Disable ${code} for this line`, [line], false));
    actions.push(action(`Disable ${code} for this file`, [disableForFile(snapshot, code)], false));
  }
  return actions;
}

/**
 * The diagnostic of `code` at exactly `range` among `candidates`, in the
 * current snapshot's coordinates, or undefined when there is none: the text
 * changed under it. A REF001 is looked for among the language's own
 * diagnostics, which need no rules.
 */
function findAgain(snapshot: Snapshot, code: string, range: Range, candidates: readonly Diagnostic[]): Diagnostic | undefined {
  const { lines } = snapshot;
  const span = { start: lines.offset(range.start), end: lines.offset(range.end) };
  // Offsets are clamped to the text: a range that no longer exists in it must not match a diagnostic where it was clamped to.
  const back = lines.range(span);
  if (back.start.line !== range.start.line || back.start.character !== range.start.character || back.end.line !== range.end.line || back.end.character !== range.end.character) return undefined;
  return candidates.find((d) => d.code === code && d.span.start === span.start && d.span.end === span.end);
}

/** One action per title and edit: two findings of one code on one line offer to disable it once. */
function dedupe(actions: readonly CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((action) => {
    const key = `${action.title}\u0000${JSON.stringify(action.edit)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
