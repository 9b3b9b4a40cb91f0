// `dmatopo check FILE... [--json | --format text|json|sarif] [--max-warnings N] [--disable CODE]`:
// every diagnostic of every file, the rules' included, as each file's
// dmatopo.json, the --disable codes and the file's disable comments say.
import { LineIndex, type Diagnostic } from '../model/index';
import { checkText } from '../rules/index';
import { readChecked, type Output } from './io';
import { plural, toJsonDiagnostics, toTextLines } from './report';
import { toSarif, type SarifInput } from './sarif';

export interface CheckOptions {
  readonly format: 'text' | 'json' | 'sarif';
  /** Exit 1 when the files hold more warnings than this. */
  readonly maxWarnings: number | undefined;
  readonly disable: readonly string[];
}

/** Returns the exit code: 0 fine, 1 errors (or too many warnings), 2 a file or its configuration could not be read. */
export function runCheck(files: readonly string[], options: CheckOptions, out: Output): number {
  let errors = 0;
  let warnings = 0;
  let failed = false;
  let checked = 0;
  const sarif: SarifInput[] = [];
  for (const file of files) {
    const source = readChecked(file, out, options.disable);
    if (source === undefined) {
      failed = true;
      continue;
    }
    const { text, config } = source;
    checked++;
    const { diagnostics } = checkText(text, config, (rule, error) => out.stderr(`dmatopo: rule ${rule.meta.code} failed on ${file}: ${(error as Error).message}`));
    const lines = new LineIndex(text);
    errors += count(diagnostics, 'error');
    warnings += count(diagnostics, 'warning');
    if (options.format === 'json') out.json({ file, diagnostics: toJsonDiagnostics(diagnostics, lines) });
    else if (options.format === 'sarif') sarif.push({ file, text, diagnostics });
    else for (const line of toTextLines(file, diagnostics, lines)) out.stdout(line);
  }
  if (options.format === 'sarif') out.json(toSarif(sarif), 2);
  if (options.format === 'text' && checked > 0) {
    const found = errors + warnings === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
    out.stdout(`${plural(checked, 'file')} checked: ${found}`);
  }
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    out.stderr(`dmatopo: ${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}`);
  }
  if (failed) return 2;
  return errors > 0 || (options.maxWarnings !== undefined && warnings > options.maxWarnings) ? 1 : 0;
}

const count = (diagnostics: readonly Diagnostic[], severity: Diagnostic['severity']): number => diagnostics.filter((d) => d.severity === severity).length;
