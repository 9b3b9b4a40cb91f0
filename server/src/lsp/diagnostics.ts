// Model diagnostics as LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { LineIndex, type Diagnostic } from '../model/index';

const SEVERITIES = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export function toLspDiagnostics(uri: string, text: string, diagnostics: readonly Diagnostic[]): LspDiagnostic[] {
  const lines = new LineIndex(text);
  return diagnostics.map((d) => ({
    range: lines.range(d.span),
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: 'dmatopo',
    message: d.message,
    ...(d.related === undefined
      ? {}
      : { relatedInformation: d.related.map((r) => ({ location: { uri, range: lines.range(r.span) }, message: r.message })) }),
  }));
}
