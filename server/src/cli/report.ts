// Diagnostics as the command line prints them: compiler-style text lines, or
// the contract's JSON shape (zero-based LSP positions, SI units).
import { LineIndex, type Diagnostic, type Range } from '../model/index';

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly range: Range;
  readonly relatedInformation?: ReadonlyArray<{ readonly range: Range; readonly message: string }>;
}

export function toJsonDiagnostics(diagnostics: readonly Diagnostic[], lines: LineIndex): JsonDiagnostic[] {
  return diagnostics.map((d) => {
    const base = { code: d.code, severity: d.severity, message: d.message, range: lines.range(d.span) };
    if (d.related === undefined) return base;
    return { ...base, relatedInformation: d.related.map((r) => ({ range: lines.range(r.span), message: r.message })) };
  });
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
