// Model diagnostics as LSP diagnostics.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { docsUrl } from '../rules/index';
import type { Diagnostic, LineIndex } from '../model/index';

const SEVERITIES = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/**
 * `diagnostics` in LSP's shape. With a `cache`, a diagnostic converted
 * before is not converted again: the caller keeps one per document and
 * hands it only diagnostics whose place in the text has not changed since
 * (the same object is carried only then: `carryThrough`).
 */
export function toLspDiagnostics(uri: string, lines: LineIndex, diagnostics: readonly Diagnostic[], cache?: WeakMap<Diagnostic, LspDiagnostic>): LspDiagnostic[] {
  if (cache === undefined) return diagnostics.map((d) => toLsp(uri, lines, d));
  return diagnostics.map((d) => {
    let converted = cache.get(d);
    if (converted === undefined) cache.set(d, (converted = toLsp(uri, lines, d)));
    return converted;
  });
}

function toLsp(uri: string, lines: LineIndex, d: Diagnostic): LspDiagnostic {
  return {
    range: lines.range(d.span),
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: 'dmatopo',
    message: d.message,
    ...(d.docs === undefined ? {} : { codeDescription: { href: docsUrl(d.docs) } }),
    ...(d.data === undefined ? {} : { data: d.data }),
    ...(d.code === 'unused-disable' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(d.related === undefined
      ? {}
      : { relatedInformation: d.related.map((r) => ({ location: { uri, range: lines.range(r.span) }, message: r.message })) }),
  };
}
