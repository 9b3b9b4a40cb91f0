// The command line's only contact with the outside: reading sources and
// writing lines. Tests pass their own Output to run commands in-process.
import { readFileSync } from 'node:fs';

export interface Output {
  /** Writes one line to stdout. */
  stdout(line: string): void;
  /** Writes one line to stderr. */
  stderr(line: string): void;
  /** Writes text to stdout as it is. */
  write(text: string): void;
}

export const processOutput: Output = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  write: (text) => process.stdout.write(text),
};

/** The file's text, or undefined after one line on stderr saying why not. */
export function readSource(file: string, out: Output): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
    out.stderr(`dmatopo: cannot read '${file}': ${why}`);
    return undefined;
  }
}
