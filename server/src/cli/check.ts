// `dmatopo check FILE... [--json]`: every diagnostic of every file.
import { analyze, LineIndex } from '../model/index';
import { readSource, type Output } from './io';
import { plural, toJsonDiagnostics, toTextLines } from './report';

export interface CheckOptions {
  readonly json: boolean;
}

/** Returns the exit code: 0 no errors, 1 errors, 2 a file could not be read. */
export function runCheck(files: readonly string[], options: CheckOptions, out: Output): number {
  let errors = 0;
  let warnings = 0;
  let checked = 0;
  for (const file of files) {
    const text = readSource(file, out);
    if (text === undefined) continue;
    checked++;
    const { diagnostics } = analyze(text);
    const lines = new LineIndex(text);
    errors += diagnostics.filter((d) => d.severity === 'error').length;
    warnings += diagnostics.filter((d) => d.severity === 'warning').length;
    if (options.json) {
      out.stdout(JSON.stringify({ file, diagnostics: toJsonDiagnostics(diagnostics, lines) }));
    } else {
      for (const line of toTextLines(file, diagnostics, lines)) out.stdout(line);
    }
  }
  if (!options.json && checked > 0) {
    const found = errors + warnings === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
    out.stdout(`${plural(checked, 'file')} checked: ${found}`);
  }
  if (checked < files.length) return 2;
  return errors > 0 ? 1 : 0;
}
