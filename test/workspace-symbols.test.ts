// Workspace symbols over a folder on disk: every .dmatopo file found (not
// those under node_modules or .git), an open document searched in its
// snapshot instead of its saved file, the query matched as a subsequence
// whatever the case, and the cache of what was read kept up to date by
// modification time, or by the client's reports of changed files when it
// sends them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import { Snapshot } from '../server/src/analysis/snapshot';
import { WorkspaceFolders } from '../server/src/lsp/configuration';
import { matchScore, namedSymbols } from '../server/src/lsp/symbolSearch';
import { WORKSPACE_LIMITS, WorkspaceSymbols, type OpenDocument } from '../server/src/lsp/workspaceSymbols';
import { read, ROOT, sampleFiles } from './helpers';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'dmatopo-symbols-')));
after(() => rmSync(base, { recursive: true, force: true }));

const LAB = `host lab {
  cpu s0 {}
  gpu gpu0 {}
  nic nic0 {}
}
flow upload { from lab.gpu0  to lab.nic0  size 1 MiB }
`;
const CLUSTER = `template dgx {
  cpu s0 {}
  gpu gpu0 {}
}
host node[0..3] : dgx {}
network fabric { kind infiniband, rate 200 Gb/s }
`;

let folders = 0;
/** A new workspace folder holding `files` (path → text), and its symbol index. */
function workspace(files: Record<string, string>, limits = WORKSPACE_LIMITS): { root: string; symbols: WorkspaceSymbols; logged: string[] } {
  const root = join(base, `ws${++folders}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const logged: string[] = [];
  const symbols = new WorkspaceSymbols(new WorkspaceFolders([{ uri: pathToFileURL(root).toString(), name: 'ws' }], undefined), (m) => logged.push(m), limits);
  return { root, symbols, logged };
}

const KINDS: Readonly<Record<number, string>> = { [SymbolKind.Namespace]: 'Namespace', [SymbolKind.Class]: 'Class', [SymbolKind.Module]: 'Module', [SymbolKind.Event]: 'Event', [SymbolKind.Object]: 'Object' };

/** Each symbol as `container.name kind file:line`, in the order given. */
function shown(symbols: readonly SymbolInformation[], root: string): string[] {
  return symbols.map((s) => {
    const file = s.location.uri.startsWith('file:') ? s.location.uri.slice(pathToFileURL(root).toString().length + 1) : s.location.uri;
    return `${s.containerName === undefined ? '' : `${s.containerName}.`}${s.name} ${KINDS[s.kind] ?? s.kind} ${file}:${s.location.range.start.line + 1}`;
  });
}

const openDocument = (uri: string, text: string): OpenDocument => ({ uri, snapshot: new Snapshot(text, undefined, 3) });

describe('workspace symbols', () => {
  it('every .dmatopo file of the folders, but not under node_modules or .git, with containers and kinds', async () => {
    const { root, symbols } = workspace({ 'lab.dmatopo': LAB, 'deep/er/cluster.dmatopo': CLUSTER, 'node_modules/pkg/x.dmatopo': LAB, '.git/y.dmatopo': LAB, 'notes.txt': LAB });
    assert.deepEqual(shown(await symbols.search('', []), root), [
      'dgx Class deep/er/cluster.dmatopo:1',
      'dgx.s0 Object deep/er/cluster.dmatopo:2',
      'dgx.gpu0 Object deep/er/cluster.dmatopo:3',
      'node[0..3] Namespace deep/er/cluster.dmatopo:5',
      'fabric Module deep/er/cluster.dmatopo:6',
      'lab Namespace lab.dmatopo:1',
      'lab.s0 Object lab.dmatopo:2',
      'lab.gpu0 Object lab.dmatopo:3',
      'lab.nic0 Object lab.dmatopo:4',
      'upload Event lab.dmatopo:6',
    ]);
  });

  it('matches the query as a subsequence, case ignored, the closest matches first; a dotted query against container.name', async () => {
    const { root, symbols } = workspace({ 'lab.dmatopo': LAB, 'cluster.dmatopo': CLUSTER });
    assert.deepEqual(shown(await symbols.search('GP0', []), root), ['dgx.gpu0 Object cluster.dmatopo:3', 'lab.gpu0 Object lab.dmatopo:3']);
    // An exact name, then a prefix, then a substring, then a subsequence; in file order within each.
    assert.deepEqual(shown(await symbols.search('d', []), root).map((s) => s.split(' ')[0]), ['dgx', 'node[0..3]', 'upload']);
    assert.deepEqual(shown(await symbols.search('nc0', []), root).map((s) => s.split(' ')[0]), ['lab.nic0']);
    assert.deepEqual(shown(await symbols.search('lab.gpu', []), root), ['lab.gpu0 Object lab.dmatopo:3']);
    assert.deepEqual(await symbols.search('zz', []), []);
    assert.deepEqual(
      ['node', 'nod', 'ode', 'nd', 'dn', 'NODE[0..3]'].map((q) => matchScore(q, { name: 'node[0..3]' })),
      [1, 1, 2, 3, undefined, 0],
    );
  });

  it('an open document is searched as it is in the editor, not as it was saved; an unsaved one too', async () => {
    const { root, symbols } = workspace({ 'lab.dmatopo': LAB, 'cluster.dmatopo': CLUSTER });
    const lab = pathToFileURL(join(root, 'lab.dmatopo')).toString();
    const open = [openDocument(lab, LAB.replace('host lab', 'host lab_edited').replace(/lab\./g, 'lab_edited.')), openDocument('untitled:Untitled-1', 'flow draft {}\n')];
    assert.deepEqual(shown(await symbols.search('lab', open), root), ['lab_edited Namespace lab.dmatopo:1']);
    assert.deepEqual(shown(await symbols.search('draft', open), root), ['draft Event untitled:Untitled-1:1']);
    // Closed again: the file on disk.
    assert.deepEqual(shown(await symbols.search('lab', []), root), ['lab Namespace lab.dmatopo:1']);
  });

  it('without reports from the client, reads again a file whose time or size changed, and forgets one removed', async () => {
    const { root, symbols } = workspace({ 'lab.dmatopo': LAB, 'cluster.dmatopo': CLUSTER });
    assert.equal((await symbols.search('fabric', [])).length, 1);
    writeFileSync(join(root, 'cluster.dmatopo'), CLUSTER.replace('fabric', 'ethernet_fabric'));
    assert.deepEqual(shown(await symbols.search('fabric', []), root), ['ethernet_fabric Module cluster.dmatopo:6']);
    writeFileSync(join(root, 'more.dmatopo'), 'flow more_fabric {}\n');
    rmSync(join(root, 'lab.dmatopo'));
    assert.deepEqual(shown(await symbols.search('fabric', []), root), ['ethernet_fabric Module cluster.dmatopo:6', 'more_fabric Event more.dmatopo:1']);
    assert.deepEqual(await symbols.search('upload', []), []);
  });

  it("when the client reports changes, keeps what it read until told, and follows each report without listing the folders again", async () => {
    const { root, symbols } = workspace({ 'lab.dmatopo': LAB, 'cluster.dmatopo': CLUSTER });
    symbols.watching();
    assert.equal((await symbols.search('fabric', [])).length, 1);
    const uri = (name: string) => pathToFileURL(join(root, name)).toString();
    writeFileSync(join(root, 'cluster.dmatopo'), CLUSTER.replace('fabric', 'ethernet_fabric'));
    writeFileSync(join(root, 'new.dmatopo'), 'flow new_fabric {}\n');
    assert.deepEqual(shown(await symbols.search('fabric', []), root), ['fabric Module cluster.dmatopo:6'], 'nothing reported yet');
    symbols.filesChanged([
      { uri: uri('cluster.dmatopo'), type: FileChangeType.Changed },
      { uri: uri('new.dmatopo'), type: FileChangeType.Created },
      { uri: uri('lab.dmatopo'), type: FileChangeType.Deleted },
      { uri: uri('dmatopo.json'), type: FileChangeType.Changed },
    ]);
    assert.deepEqual(shown(await symbols.search('fabric', []), root), ['ethernet_fabric Module cluster.dmatopo:6', 'new_fabric Event new.dmatopo:1']);
    assert.deepEqual(await symbols.search('upload', []), [], 'lab.dmatopo reported deleted');
    // A file created unreported is found once the folders change (and are listed again).
    writeFileSync(join(root, 'quiet.dmatopo'), 'flow quiet_fabric {}\n');
    assert.equal((await symbols.search('quiet', [])).length, 0);
    symbols.foldersChanged();
    assert.deepEqual(shown(await symbols.search('quiet', []), root), ['quiet_fabric Event quiet.dmatopo:1']);
  });

  it('within its bounds, saying so when one is reached; a link to a folder is not followed', async () => {
    const { root, symbols, logged } = workspace({ 'a.dmatopo': LAB, 'b.dmatopo': CLUSTER, 'c.dmatopo': 'flow c {}\n' }, { ...WORKSPACE_LIMITS, files: 2 });
    symlinkSync(root, join(root, 'loop'));
    assert.deepEqual(shown(await symbols.search('upload', []), root), ['upload Event a.dmatopo:6']);
    assert.equal((await symbols.search('', [])).length, 10, 'two files: a and b');
    assert.match(logged[0] ?? '', /more than 2 \.dmatopo files/);
    const few = workspace({ 'a.dmatopo': LAB }, { ...WORKSPACE_LIMITS, results: 3 });
    assert.deepEqual(shown(await few.symbols.search('', []), few.root), ['lab Namespace a.dmatopo:1', 'lab.s0 Object a.dmatopo:2', 'lab.gpu0 Object a.dmatopo:3']);
    const small = workspace({ 'a.dmatopo': LAB, 'b.dmatopo': CLUSTER }, { ...WORKSPACE_LIMITS, totalBytes: LAB.length + 10 });
    assert.deepEqual(shown(await small.symbols.search('upload', []), small.root), ['upload Event a.dmatopo:6']);
    assert.deepEqual(await small.symbols.search('fabric', []), []);
    assert.match(small.logged[0] ?? '', /hold more than/);
  });
});

describe('workspace symbols: the samples folder', () => {
  it('every name each sample declares, where it is declared', async () => {
    const files = [...sampleFiles(), ...sampleFiles('samples/broken'), ...sampleFiles('samples/walkthrough')];
    const symbols = new WorkspaceSymbols(new WorkspaceFolders([{ uri: pathToFileURL(join(ROOT, 'samples')).toString(), name: 'samples' }], undefined), () => {}, { ...WORKSPACE_LIMITS, results: 100_000 });
    const found = await symbols.search('', []);
    let expected = 0;
    for (const file of files) {
      const snapshot = new Snapshot(read(file));
      // The names the reference list knows, each once (a range host with its bounds).
      const declared = snapshot.references.declarations.map((d) => `${d.container === undefined ? '' : 'in '}${d.span.start}`);
      assert.deepEqual(namedSymbols(snapshot.tree).map((n) => `${n.containerName === undefined ? '' : 'in '}${n.span.start}`), declared, file);
      const inFile = found.filter((f) => fileURLToPath(f.location.uri) === file);
      assert.equal(inFile.length, declared.length, file);
      for (const symbol of inFile) {
        const at = snapshot.lines.offset(symbol.location.range.start);
        assert.ok(symbol.name.startsWith(snapshot.text.slice(at, snapshot.lines.offset(symbol.location.range.end))), `${symbol.name} in ${file}`);
      }
      expected += declared.length;
    }
    assert.equal(found.length, expected);
  });
});
