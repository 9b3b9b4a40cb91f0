// dmatopo/checkFile: "Check Workspace" on a file that is not open. It is
// read from disk as the command line reads it (files/read.ts: a regular
// file, at most 16 MiB) and checked whole, in slices, with the rule
// configuration an open document there would have; what it finds is
// published as an open document's diagnostics are.
import { runInSlices } from '../analysis/slices';
import { Snapshot } from '../analysis/snapshot';
import { FileProblem, readTextFile, TOPOLOGY_LIMIT_BYTES } from '../files/read';
import type { Diagnostic } from '../model/index';
import type { RuleConfig, RuleErrorHandler } from '../rules/index';

export type ClosedFileCheck = { readonly snapshot: Snapshot; readonly diagnostics: readonly Diagnostic[] } | { readonly unreadable: string };

/**
 * The diagnostics of the file at `path`, checked with `config` (`problem`,
 * the CFG001 of a dmatopo.json that could not be used, first), or why it
 * could not be read. Stops when `signal` is aborted.
 */
export async function checkClosedFile(path: string, config: RuleConfig, problem: Diagnostic | undefined, signal: AbortSignal, onRuleError?: RuleErrorHandler): Promise<ClosedFileCheck> {
  let text: string;
  try {
    text = readTextFile(path, TOPOLOGY_LIMIT_BYTES).text;
  } catch (error) {
    if (error instanceof FileProblem) return { unreadable: error.reason };
    throw error;
  }
  const snapshot = new Snapshot(text, config, 0, onRuleError);
  await runInSlices(snapshot.build(), signal);
  return { snapshot, diagnostics: problem === undefined ? snapshot.diagnostics : [problem, ...snapshot.diagnostics] };
}
