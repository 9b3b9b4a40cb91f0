// The command line's only contact with the outside: reading sources and
// writing lines. Tests pass their own Output to run commands in-process.
// What a file or a command line holds never reaches the terminal raw: text
// lines show control and bidirectional characters as `\u{1b}`, JSON as
// `\u001b`, so a file cannot move the cursor, recolour or reorder a report.
import { readTextFile, TOPOLOGY_LIMIT_BYTES, UnreadableFile, type SourceText } from '../files/read';
import { withDisabled, type RuleConfig, type RuleErrorHandler } from '../rules/index';
import { loadConfigFor } from '../rules/configFile';

export interface Output {
  /** Writes one line of a text report to stdout. */
  stdout(line: string): void;
  /** Writes one line to stderr. */
  stderr(line: string): void;
  /** Writes a value to stdout as one line of JSON (pretty-printed with `indent`). */
  json(value: unknown, indent?: number): void;
  /** Writes text to stdout as it is: the formatter's output, byte for byte. */
  write(text: string): void;
}

/**
 * C0 and C1 controls, DEL, the bidirectional marks, embeddings, overrides
 * and isolates (the "Trojan Source" set) and the line and paragraph
 * separators: what a terminal would act on, or show other than as written.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `line` with every unsafe character written as `\u{hex}`, as Rust's debug strings do. */
export function escapeText(line: string): string {
  return line.replace(UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** The unsafe characters that JSON.stringify leaves raw (it escapes C0 controls itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `value` as JSON with the unsafe characters written `\uXXXX`: the same value once parsed. */
export function safeJson(value: unknown, indent?: number): string {
  // Outside strings JSON holds only ASCII, so every match is inside a string, where an escape means the same.
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const processOutput: Output = {
  stdout: (line) => process.stdout.write(`${escapeText(line)}\n`),
  stderr: (line) => process.stderr.write(`${escapeText(line)}\n`),
  json: (value, indent) => process.stdout.write(`${safeJson(value, indent)}\n`),
  write: (text) => process.stdout.write(text),
};

/**
 * When the reader of stdout or stderr goes away (`dmatopo check … | head`),
 * stop writing without a word: the exit code stays the run's own. Any other
 * failure to write is one line and exit code 2.
 */
export function endQuietlyWhenReaderLeaves(): void {
  for (const [stream, name] of [[process.stdout, 'stdout'], [process.stderr, 'stderr']] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') return;
      if (stream !== process.stderr) process.stderr.write(`dmatopo: cannot write to ${name}: ${error.message}\n`);
      process.exit(2);
    });
  }
}

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

/** A file's text and its rule configuration (its dmatopo.json files and the --disable codes), or undefined after one line on stderr. */
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

/** A rule that throws (a bug) on `file`: one line on stderr, and the other rules still run. */
export function ruleFailure(file: string, out: Output): RuleErrorHandler {
  return (rule, error) => out.stderr(`dmatopo: rule ${rule.meta.code} failed on ${file}: ${(error as Error).message}`);
}
