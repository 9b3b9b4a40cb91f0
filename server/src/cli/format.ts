// `dmatopo format FILE... [--write|--check]`: the canonical layout. With no
// flag the formatted file goes to stdout. A file with syntax errors, one the
// layout would change in meaning, or one that is not valid UTF-8 is never
// touched: a line says why and the exit code is 1. `--check` also exits 1
// when a file is not formatted, naming it, as CI wants. `--write` replaces a
// file all or nothing (files/write.ts), keeping its byte-order mark.
import { formatText } from '../format/format';
import { replaceFile, UnwritableFile } from '../files/write';
import { limitDiagnostics, LineIndex, syntaxDiagnostics } from '../model/index';
import { readSource, type Output } from './io';
import { toTextLines } from './report';

export interface FormatOptions {
  readonly write: boolean;
  readonly check: boolean;
}

const BYTE_ORDER_MARK = '\uFEFF';

export function runFormat(files: readonly string[], options: FormatOptions, out: Output): number {
  let failed = false;
  let unreadable = false;
  for (const file of files) {
    const source = readSource(file, out);
    if (source === undefined) {
      unreadable = true;
      continue;
    }
    if (!source.exact) {
      // Decoding put U+FFFD where the bytes were not UTF-8: written back, those bytes would be lost.
      out.stderr(`${file}: not formatted: it is not valid UTF-8 (Latin-1?), and rewriting it would replace those bytes with U+FFFD; save it as UTF-8 first`);
      failed = true;
      continue;
    }
    const { text } = source;
    const result = formatText(text);
    if (!result.formatted && result.refused !== undefined) {
      out.stderr(`${file}: not formatted: ${result.refused}`);
      failed = true;
      continue;
    }
    if (!result.formatted) {
      const diagnostics = limitDiagnostics(syntaxDiagnostics(result.tree));
      for (const line of toTextLines(file, diagnostics, new LineIndex(text))) out.stderr(line);
      out.stderr(`${file}: not formatted: fix the syntax errors first`);
      failed = true;
      continue;
    }
    // The file as it should be, byte-order mark included: what --write writes and what stdout shows.
    const formatted = source.bom ? BYTE_ORDER_MARK + result.text : result.text;
    if (options.check) {
      if (result.text !== text) {
        out.stdout(`${file}: not formatted`);
        failed = true;
      }
    } else if (options.write) {
      if (result.text !== text) {
        try {
          replaceFile(file, Buffer.from(formatted, 'utf8'));
        } catch (error) {
          if (!(error instanceof UnwritableFile)) throw error;
          out.stderr(`dmatopo: ${error.message}`);
          unreadable = true;
        }
      }
    } else {
      out.write(formatted);
    }
  }
  if (unreadable) return 2;
  return failed ? 1 : 0;
}
