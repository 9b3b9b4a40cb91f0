// dmatopo/checkFile: "Check Workspace" on a file that is not open. It is
// read from disk as the command line reads it (files/read.ts: a regular
// file, at most 16 MiB) and checked whole, in slices, with the rule
// configuration an open document there would have; what it finds is
// published as an open document's diagnostics are, until the file is
// opened (its analysis publishes then), changed on disk (checked again)
// or deleted (cleared) — the last two when the client reports changes to
// .dmatopo files.
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import type { CheckFileResult } from '../../../protocol/messages';
import { runInSlices } from '../analysis/slices';
import { Snapshot } from '../analysis/snapshot';
import { FileProblem, readTextFile, TOPOLOGY_LIMIT_BYTES } from '../files/read';
import { severityCounts, type Diagnostic, type LineIndex } from '../model/index';
import type { RuleConfig, RuleErrorHandler } from '../rules/index';
import { toPath, type FileFollower } from './configuration';

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

/** What the closed files' checks need of the server. */
export interface ClosedFileServer {
  /** The rule configuration a document at `uri` would have, and the CFG001 of a dmatopo.json that cannot be used. */
  configuration(uri: string): Promise<{ readonly config: RuleConfig; readonly problem?: Diagnostic }>;
  /** Whether the editor holds the document: its own analysis publishes its diagnostics. */
  isOpen(uri: string): boolean;
  publish(uri: string, lines: LineIndex | undefined, diagnostics: readonly Diagnostic[]): void;
  onRuleError: (uri: string) => RuleErrorHandler;
  log(message: string): void;
}

/** The closed files checked, whose diagnostics the server has published. */
export class ClosedFiles implements FileFollower {
  readonly glob = '**/*.dmatopo';
  private readonly published = new Set<string>();

  constructor(private readonly server: ClosedFileServer) {}

  /** Checks the closed file at `uri` and publishes what it finds. */
  async check(uri: string, signal: AbortSignal): Promise<CheckFileResult> {
    const path = toPath(uri);
    if (path === undefined) return { checked: false, reason: 'only files on disk can be checked', errors: 0, warnings: 0 };
    const { config, problem } = await this.server.configuration(uri);
    const checked = await checkClosedFile(path, config, problem, signal, this.server.onRuleError(uri));
    if ('unreadable' in checked) {
      this.clear(uri);
      return { checked: false, reason: checked.unreadable, errors: 0, warnings: 0 };
    }
    const counts = severityCounts(checked.diagnostics);
    // Opened meanwhile: the open document's analysis publishes its diagnostics.
    if (!this.server.isOpen(uri)) {
      this.published.add(uri);
      this.server.publish(uri, checked.snapshot.lines, checked.diagnostics);
    }
    return { checked: true, errors: counts.error, warnings: counts.warning };
  }

  /** The file was opened: its analysis publishes over what was checked. */
  opened(uri: string): void {
    this.published.delete(uri);
  }

  watching(): void {}

  foldersChanged(): void {}

  filesChanged(changes: readonly FileEvent[]): void {
    for (const { uri, type } of changes) {
      if (!this.published.has(uri) || this.server.isOpen(uri)) continue;
      if (type === FileChangeType.Deleted) this.clear(uri);
      else void this.check(uri, new AbortController().signal).catch((error: Error) => this.server.log(`dmatopo: checking ${uri} again failed: ${error.stack ?? error.message}`));
    }
  }

  private clear(uri: string): void {
    if (this.published.delete(uri)) this.server.publish(uri, undefined, []);
  }
}
