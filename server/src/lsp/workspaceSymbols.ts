// workspace/symbol: the names declared in every .dmatopo file of the
// workspace folders, not only in the open documents. The files are found on
// disk (skipping dependency and version-control folders), parsed — the tree
// alone: names need no model — and their symbols kept by path with the
// file's modification time and size. An open document is searched in its
// snapshot instead, so that what is typed and not yet saved is found.
//
// When the client reports changes to .dmatopo files (configuration.ts's one
// registration of watched files), the list of files and what was read are
// kept between queries and corrected by each change; otherwise each query
// lists the folders again and reads again only the files whose time or size
// changed. Bounded: at most MAX_FILES files, each no larger than the command
// line reads, MAX_TOTAL_BYTES in all, and MAX_ENTRIES directory entries
// looked at; a bound that is reached is logged.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType, type CancellationToken, type FileEvent, type SymbolInformation } from 'vscode-languageserver/node';
import type { Snapshot } from '../analysis/snapshot';
import { readTextFile, TOPOLOGY_LIMIT_BYTES } from '../files/read';
import { LineIndex } from '../model/index';
import { parseText } from '../syntax/index';
import { toPath, type FileFollower, type WorkspaceFolders } from './configuration';
import { matchScore, namedSymbols, type NamedSymbol } from './symbolSearch';

export interface WorkspaceLimits {
  /** .dmatopo files read. */
  readonly files: number;
  /** Their bytes, all together. */
  readonly totalBytes: number;
  /** Directory entries looked at while listing the folders. */
  readonly entries: number;
  /** Symbols in one answer. */
  readonly results: number;
}

export const WORKSPACE_LIMITS: WorkspaceLimits = { files: 2_000, totalBytes: 128 * 1024 * 1024, entries: 200_000, results: 1_000 };

/** Folders that hold no topology of the user's own, and are often huge. */
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

interface DiskFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly symbols: readonly SymbolInformation[];
}

/** An open document: its URI and its latest snapshot. */
export interface OpenDocument {
  readonly uri: string;
  readonly snapshot: Snapshot;
}

export class WorkspaceSymbols implements FileFollower {
  readonly glob = '**/*.dmatopo';
  /** The client reports changes to .dmatopo files: what was listed and read stays true until it says otherwise. */
  private watched = false;
  /** The .dmatopo files on disk, sorted; undefined until the folders are listed (again). */
  private listed: string[] | undefined;
  private readonly files = new Map<string, DiskFile>();
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly folders: WorkspaceFolders,
    private readonly log: (message: string) => void,
    private readonly limits: WorkspaceLimits = WORKSPACE_LIMITS,
  ) {}

  watching(): void {
    this.watched = true;
  }

  foldersChanged(): void {
    this.listed = undefined;
  }

  filesChanged(changes: readonly FileEvent[]): void {
    for (const change of changes) {
      const path = toPath(change.uri);
      if (path === undefined || !path.endsWith('.dmatopo')) continue;
      this.files.delete(path);
      if (this.listed === undefined) continue;
      const at = this.listed.indexOf(path);
      if (change.type === FileChangeType.Deleted && at >= 0) this.listed.splice(at, 1);
      else if (change.type === FileChangeType.Created && at < 0) this.listed = [...this.listed, path].sort();
    }
  }

  /** The symbols of the workspace and the open documents that `query` matches, best first. */
  async search(query: string, open: readonly OpenDocument[], token?: CancellationToken): Promise<SymbolInformation[]> {
    const openPaths = new Set(open.flatMap((document) => toPath(document.uri) ?? []));
    await this.refresh(openPaths);
    if (token?.isCancellationRequested === true) return [];
    const found: Array<{ score: number; symbol: SymbolInformation }> = [];
    for (const { uri, snapshot } of open) {
      const symbols = namedSymbols(snapshot.tree);
      for (const symbol of symbols) {
        const score = matchScore(query, symbol);
        if (score !== undefined) found.push({ score, symbol: information(uri, symbol, snapshot.lines) });
      }
    }
    for (const path of this.listed ?? []) {
      const file = this.files.get(path);
      if (file === undefined || openPaths.has(path)) continue;
      for (const symbol of file.symbols) {
        const score = matchScore(query, symbol);
        if (score !== undefined) found.push({ score, symbol });
      }
    }
    // Stable: within a score, open documents first, then the files in path order, each in document order.
    found.sort((a, b) => a.score - b.score);
    return found.slice(0, this.limits.results).map((f) => f.symbol);
  }

  /** Lists the folders when needed and reads what changed; one refresh at a time, which concurrent queries share. */
  private async refresh(openPaths: ReadonlySet<string>): Promise<void> {
    this.refreshing ??= this.read(openPaths).finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  private async read(openPaths: ReadonlySet<string>): Promise<void> {
    if (this.listed === undefined || !this.watched) this.listed = await this.list();
    const listed = new Set(this.listed);
    for (const path of this.files.keys()) if (!listed.has(path)) this.files.delete(path);
    let bytes = 0;
    for (const file of this.files.values()) bytes += file.size;
    let capped = false;
    for (const path of this.listed) {
      // An open document is searched in its snapshot; its file is read once it is closed.
      if (openPaths.has(path) || (this.watched && this.files.has(path))) continue;
      const known = this.files.get(path);
      const stats = await stat(path).catch(() => undefined);
      if (stats === undefined || !stats.isFile()) {
        this.files.delete(path);
        continue;
      }
      if (known !== undefined && known.mtimeMs === stats.mtimeMs && known.size === stats.size) continue;
      bytes -= known?.size ?? 0;
      this.files.delete(path);
      if (stats.size > TOPOLOGY_LIMIT_BYTES) continue;
      if (bytes + stats.size > this.limits.totalBytes) {
        capped = true;
        continue;
      }
      const symbols = symbolsOfFile(path);
      if (symbols === undefined) continue;
      this.files.set(path, { mtimeMs: stats.mtimeMs, size: stats.size, symbols });
      bytes += stats.size;
    }
    if (capped) this.log(`dmatopo: workspace symbols: the .dmatopo files hold more than ${this.limits.totalBytes / (1024 * 1024)} MiB; the symbols of some are not listed`);
  }

  /** The .dmatopo files under the workspace folders, sorted, within the limits. */
  private async list(): Promise<string[]> {
    const found: string[] = [];
    const pending = [...this.folders.list];
    let entries = 0;
    while (pending.length > 0) {
      const folder = pending.pop()!;
      const listing = await readdir(folder, { withFileTypes: true }).catch(() => []);
      // By name: which files a bound leaves out does not depend on the order the file system keeps.
      listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of listing) {
        if (++entries > this.limits.entries) {
          this.log(`dmatopo: workspace symbols: stopped listing the workspace after ${this.limits.entries} entries; the symbols of .dmatopo files not reached are not listed`);
          return found.sort();
        }
        // A link to a folder is not followed: it may lead back up the tree.
        if (entry.isDirectory()) {
          if (!SKIPPED.has(entry.name)) pending.push(join(folder, entry.name));
        } else if (entry.name.endsWith('.dmatopo') && (entry.isFile() || entry.isSymbolicLink())) {
          if (found.length === this.limits.files) {
            this.log(`dmatopo: workspace symbols: the workspace holds more than ${this.limits.files} .dmatopo files; the symbols of the others are not listed`);
            return found.sort();
          }
          found.push(join(folder, entry.name));
        }
      }
    }
    return found.sort();
  }
}

/** The symbols of the file at `path`, or undefined when it cannot be read (gone, not a regular file, too large). */
function symbolsOfFile(path: string): SymbolInformation[] | undefined {
  let text: string;
  try {
    text = readTextFile(path, TOPOLOGY_LIMIT_BYTES).text;
  } catch {
    return undefined;
  }
  const uri = pathToFileURL(path).toString();
  const lines = new LineIndex(text);
  return namedSymbols(parseText(text)).map((symbol) => information(uri, symbol, lines));
}

function information(uri: string, symbol: NamedSymbol, lines: LineIndex): SymbolInformation {
  const information: SymbolInformation = { name: symbol.name, kind: symbol.kind, location: { uri, range: lines.range(symbol.span) } };
  if (symbol.containerName !== undefined) information.containerName = symbol.containerName;
  return information;
}
