// Model diagnostics as LSP diagnostics, each code linked to its bundled page.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, LineIndex } from '../model/index';
import { docsOfCode } from './codeDocs';
import { docsLink } from './docsLinks';

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
  // Every code links to its page, bundled with the server: the language's own codes too, which carry no page of their own.
  const docs = d.docs ?? docsOfCode(d.code);
  return {
    range: lines.range(d.span),
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: 'dmatopo',
    message: d.message,
    ...(docs === undefined ? {} : { codeDescription: { href: docsLink(docs) } }),
    ...(d.data === undefined ? {} : { data: d.data }),
    ...(d.code === 'unused-disable' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(d.related === undefined
      ? {}
      : { relatedInformation: d.related.map((r) => ({ location: { uri, range: lines.range(r.span) }, message: r.message })) }),
  };
}
