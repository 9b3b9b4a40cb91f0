// Diagnostics as the command line prints them: compiler-style text lines
// (the contract's JSON shape is in report/json.ts).
import type { Diagnostic, LineIndex } from '../model/index';

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
