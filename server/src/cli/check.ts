// `dmatopo check FILE... [--json | --format text|json|sarif] [--max-warnings N] [--disable CODE]`:
// every diagnostic of every file, the rules' included, as each file's
// dmatopo.json files, the --disable codes and the file's disable comments
// say; and which dmatopo.json files those were.
import { Snapshot } from '../analysis/snapshot';
import { severityCounts } from '../model/index';
import { toJsonDiagnostics } from '../report/json';
import { readChecked, ruleFailure, type Output } from './io';
import { plural, toTextLines } from './report';
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
  const configurations: Array<readonly string[]> = [];
  for (const file of files) {
    const source = readChecked(file, out, options.disable);
    if (source === undefined) {
      failed = true;
      continue;
    }
    const { text, config } = source;
    checked++;
    configurations.push(config.files);
    const snapshot = new Snapshot(text, config, 0, ruleFailure(file, out));
    const { diagnostics, lines } = snapshot;
    const counts = severityCounts(diagnostics);
    errors += counts.error;
    warnings += counts.warning;
    if (options.format === 'json') out.json({ file, diagnostics: toJsonDiagnostics(diagnostics, lines), configuration: config.files });
    else if (options.format === 'sarif') sarif.push({ file, text, diagnostics, configuration: config.files });
    else for (const line of toTextLines(file, diagnostics, lines)) out.stdout(line);
  }
  if (options.format === 'sarif') out.json(toSarif(sarif, { disabled: options.disable, successful: !failed }), 2);
  if (options.format === 'text' && checked > 0) {
    const found = errors + warnings === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
    // Its own line, before the summary: the summary stays the last line and reads as it always has.
    out.stdout(`configuration: ${describeConfigurations(configurations)}`);
    out.stdout(`${plural(checked, 'file')} checked: ${found}`);
  }
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    out.stderr(`dmatopo: ${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}`);
  }
  if (failed) return 2;
  return errors > 0 || (options.maxWarnings !== undefined && warnings > options.maxWarnings) ? 1 : 0;
}

/** The dmatopo.json files each checked file followed: one list when they all followed the same, else each list with its count of files. */
function describeConfigurations(configurations: ReadonlyArray<readonly string[]>): string {
  const counts = new Map<string, { files: readonly string[]; count: number }>();
  for (const files of configurations) {
    const key = files.join('\0');
    counts.set(key, { files, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  const describe = (files: readonly string[]) => (files.length === 0 ? 'default rule settings' : files.join(', '));
  const groups = [...counts.values()];
  return groups.length === 1 ? describe(groups[0]!.files) : groups.map((g) => `${describe(g.files)} (${plural(g.count, 'file')})`).join('; ');
}
