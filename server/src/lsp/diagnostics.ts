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

export function toLspDiagnostics(uri: string, lines: LineIndex, diagnostics: readonly Diagnostic[]): LspDiagnostic[] {
  return diagnostics.map((d) => ({
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
  }));
}
