// `dmatopo format FILE... [--write|--check]`: the canonical layout. With no
// flag the formatted text goes to stdout. A file with syntax errors is never
// touched: its errors are listed and the exit code is 1. `--check` also
// exits 1 when a file is not formatted, naming it, as CI wants.
import { writeFileSync } from 'node:fs';
import { formatText } from '../format/format';
import { LineIndex } from '../model/index';
import { readSource, type Output } from './io';
import { toTextLines } from './report';

export interface FormatOptions {
  readonly write: boolean;
  readonly check: boolean;
}

export function runFormat(files: readonly string[], options: FormatOptions, out: Output): number {
  let failed = false;
  let unreadable = false;
  for (const file of files) {
    const text = readSource(file, out)?.text;
    if (text === undefined) {
      unreadable = true;
      continue;
    }
    const result = formatText(text);
    if (!result.formatted && result.refused !== undefined) {
      out.stderr(`${file}: not formatted: ${result.refused}`);
      failed = true;
      continue;
    }
    if (!result.formatted) {
      const diagnostics = result.tree.diagnostics.map((d) => ({ ...d, severity: 'error' as const }));
      for (const line of toTextLines(file, diagnostics, new LineIndex(text))) out.stderr(line);
      out.stderr(`${file}: not formatted: fix the syntax errors first`);
      failed = true;
      continue;
    }
    if (options.check) {
      if (result.text !== text) {
        out.stdout(`${file}: not formatted`);
        failed = true;
      }
    } else if (options.write) {
      if (result.text !== text) {
        try {
          writeFileSync(file, result.text);
        } catch (error) {
          out.stderr(`dmatopo: cannot write '${file}': ${(error as Error).message}`);
          unreadable = true;
        }
      }
    } else {
      out.write(result.text);
    }
  }
  if (unreadable) return 2;
  return failed ? 1 : 0;
}
