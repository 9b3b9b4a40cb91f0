// Diagnostics as the command line prints them: compiler-style text lines, or
// the contract's JSON shape (zero-based LSP positions, SI units).
import { LineIndex, type Diagnostic, type Range } from '../model/index';
import { docsUrl } from '../rules/index';

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly range: Range;
  /** A rule's documentation page. */
  readonly codeDescription?: { readonly href: string };
  readonly relatedInformation?: ReadonlyArray<{ readonly range: Range; readonly message: string }>;
}

export function toJsonDiagnostics(diagnostics: readonly Diagnostic[], lines: LineIndex): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: lines.range(d.span),
    ...(d.docs === undefined ? {} : { codeDescription: { href: docsUrl(d.docs) } }),
    ...(d.related === undefined ? {} : { relatedInformation: d.related.map((r) => ({ range: lines.range(r.span), message: r.message })) }),
  }));
}

/** `file:line:column: severity CODE: message`, one-based, as compilers print. */
export function toTextLines(file: string, diagnostics: readonly Diagnostic[], lines: LineIndex): string[] {
  return diagnostics.map((d) => {
    const { line, character } = lines.position(d.span.start);
    return `${file}:${line + 1}:${character + 1}: ${d.severity} ${d.code}: ${d.message}`;
  });
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
