// The command line's only contact with the outside: reading sources and
// writing lines. Tests pass their own Output to run commands in-process.
import { readTextFile, TOPOLOGY_LIMIT_BYTES, UnreadableFile, type SourceText } from '../files/read';
import { withDisabled, type RuleConfig } from '../rules/index';
import { loadConfigFor } from '../rules/configFile';

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

/** The file's text (a regular file of at most 16 MiB), or undefined after one line on stderr saying why not. */
export function readSource(file: string, out: Output): SourceText | undefined {
  try {
    return readTextFile(file, TOPOLOGY_LIMIT_BYTES);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    out.stderr(`dmatopo: ${error.message}`);
    return undefined;
  }
}

/** A file's text and its rule configuration (its dmatopo.json and the --disable codes), or undefined after one line on stderr. */
export function readChecked(file: string, out: Output, disable: readonly string[] = []): { text: string; config: RuleConfig } | undefined {
  const text = readSource(file, out)?.text;
  if (text === undefined) return undefined;
  try {
    return { text, config: withDisabled(loadConfigFor(file), disable) };
  } catch (error) {
    out.stderr(`dmatopo: ${(error as Error).message}`);
    return undefined;
  }
}
