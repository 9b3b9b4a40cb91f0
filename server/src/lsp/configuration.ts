// The rule configuration of an open document: the dmatopo.json files the
// command line would use, except that a document in no repository stops at
// the workspace folder that holds it. A dmatopo.json that cannot be read or
// is not valid is one CFG001 error at the start of the document, and the
// rules run with their default settings: the editor keeps checking. A
// document's configuration is read once and kept; open documents are checked
// again when a dmatopo.json or a workspace folder changes, not only at their
// next edit.
import { fileURLToPath } from 'node:url';
import { DidChangeWatchedFilesNotification, type ClientCapabilities, type Connection, type FileEvent, type WorkspaceFolder, type WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import type { Diagnostic } from '../model/index';
import { EMPTY_CONFIG, type RuleConfig } from '../rules/config';
import { CONFIG_FILE, loadConfigFor } from '../rules/configFile';

/** The code of the diagnostic that says a document's dmatopo.json could not be used. */
export const CONFIG_PROBLEM = 'CFG001';

/** The client's workspace folders, as file system paths, kept current from initialize and workspace/didChangeWorkspaceFolders. */
export class WorkspaceFolders {
  private readonly paths = new Set<string>();

  /** From initialize: its workspaceFolders, or the older rootUri when a client sends only that. */
  constructor(folders: readonly WorkspaceFolder[] | null | undefined, rootUri: string | null | undefined) {
    for (const uri of folders?.map((f) => f.uri) ?? (rootUri === null || rootUri === undefined ? [] : [rootUri])) this.add(uri);
  }

  change(event: WorkspaceFoldersChangeEvent): void {
    for (const folder of event.removed) {
      const path = toPath(folder.uri);
      if (path !== undefined) this.paths.delete(path);
    }
    for (const folder of event.added) this.add(folder.uri);
  }

  get list(): string[] {
    return [...this.paths];
  }

  private add(uri: string): void {
    const path = toPath(uri);
    if (path !== undefined) this.paths.add(path);
  }
}

/**
 * Another follower of the workspace's files (the workspace symbols' cache of
 * .dmatopo files): its glob is registered with dmatopo.json's in the one
 * registration, and it hears of the changes that are not to a dmatopo.json
 * and of every change of workspace folders. A client registers one handler
 * per notification, so the followers share this one.
 */
export interface FileFollower {
  readonly glob: string;
  /** The client will report changes to files matching `glob`. */
  watching(): void;
  filesChanged(changes: readonly FileEvent[]): void;
  foldersChanged(): void;
}

/**
 * Each open document's configuration, read once and kept until a
 * dmatopo.json or a workspace folder changes — when the client will tell the
 * server so. A client that cannot watch files gets its configuration read at
 * every analysis, as a change would otherwise go unseen.
 */
export class DocumentConfigurations {
  private readonly known = new Map<string, DocumentConfiguration>();
  private watching = false;

  constructor(private readonly folders: WorkspaceFolders) {}

  /**
   * Asks the client to report dmatopo.json and folder changes; on each one,
   * forgets what it read and calls `reanalyze` to check open documents again.
   * `others` hear of the other files they watch and of folder changes.
   */
  follow(connection: Connection, capabilities: ClientCapabilities, reanalyze: () => void, others: readonly FileFollower[] = []): void {
    const changed = (): void => {
      this.known.clear();
      reanalyze();
    };
    if (capabilities.workspace?.workspaceFolders === true) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        this.folders.change(event);
        for (const other of others) other.foldersChanged();
        changed();
      });
    }
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true) {
      this.watching = true;
      for (const other of others) other.watching();
      // Two followers of the same files share one watcher: the client would report each change once per watcher.
      const watchers = [...new Set([`**/${CONFIG_FILE}`, ...others.map((other) => other.glob)])].map((globPattern) => ({ globPattern }));
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    }
    connection.onDidChangeWatchedFiles(({ changes }) => {
      const configs = changes.filter((change) => isConfigFile(change.uri));
      if (configs.length > 0 || changes.length === 0) changed();
      if (configs.length < changes.length) for (const other of others) other.filesChanged(changes.filter((change) => !isConfigFile(change.uri)));
    });
  }

  of(uri: string): DocumentConfiguration {
    if (!this.watching) return configurationOf(uri, this.folders);
    let configuration = this.known.get(uri);
    if (configuration === undefined) this.known.set(uri, (configuration = configurationOf(uri, this.folders)));
    return configuration;
  }

  /** The document was closed. */
  forget(uri: string): void {
    this.known.delete(uri);
  }
}

export interface DocumentConfiguration {
  readonly config: RuleConfig;
  /** CFG001, when the configuration could not be used and the defaults apply. */
  readonly problem?: Diagnostic;
}

/** The rule configuration of a document as its dmatopo.json files say, or the defaults and a CFG001 error when they cannot be used. */
function configurationOf(uri: string, folders: WorkspaceFolders): DocumentConfiguration {
  const path = toPath(uri);
  if (path === undefined) return { config: EMPTY_CONFIG };
  try {
    return { config: loadConfigFor(path, folders.list) };
  } catch (error) {
    const problem: Diagnostic = {
      code: CONFIG_PROBLEM,
      severity: 'error',
      message: `${(error as Error).message}; the rules run with their default settings`,
      span: { start: 0, end: 0 },
      docs: 'docs/rules/README.md#configuration',
    };
    return { config: EMPTY_CONFIG, problem };
  }
}

const isConfigFile = (uri: string): boolean => uri.endsWith(`/${CONFIG_FILE}`);

/** The file system path of a file: URI; undefined for an untitled document, another scheme, or a file URI with a host. */
export function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
