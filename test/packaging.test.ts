// What the .vsix holds and what its manifest promises: exactly the bundles,
// the files the manifest names, the pages the diagnostics and the
// walkthrough open, and the samples "Open Sample" copies; activation on
// the language alone (VS Code activates on a contributed command by
// itself); and an icon of the size the marketplace shows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { Commands } from '../protocol/commands';
import { RULES } from '../server/src/rules/index';
import { read, ROOT, sampleFiles } from './helpers';

interface Manifest {
  readonly main: string;
  readonly icon: string;
  readonly activationEvents: readonly string[];
  readonly contributes: {
    readonly commands: ReadonlyArray<{ readonly command: string; readonly category: string }>;
    readonly languages: ReadonlyArray<{ readonly configuration: string }>;
    readonly grammars: ReadonlyArray<{ readonly path: string }>;
    readonly jsonValidation: ReadonlyArray<{ readonly url: string }>;
    readonly walkthroughs: ReadonlyArray<{ readonly steps: ReadonlyArray<{ readonly description: string; readonly media: { readonly markdown: string }; readonly completionEvents: readonly string[] }> }>;
    readonly snippets?: unknown;
  };
}

const MANIFEST = JSON.parse(read(join(ROOT, 'package.json'))) as Manifest;
const file = (path: string): string => path.replace(/^\.\//, '');

/** `vsce ls`: the files `vsce package` puts in the .vsix, without building it (the build ran before the tests). */
function packagedFiles(): string[] {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split('\n').filter((line) => line !== '').sort();
}

describe('packaging', () => {
  it('the .vsix holds exactly the bundles, the manifest\'s files, the bundled pages and the samples', () => {
    const steps = MANIFEST.contributes.walkthroughs.flatMap((w) => w.steps);
    const expected = [
      'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'ThirdPartyNotices.md',
      'dist/client.js', 'dist/server.js', 'dist/worker.js', 'dist/cli.js',
      // The report panel: its layout worker, and the page's script and style.
      'dist/layoutWorker.js', 'dist/reportView.js', 'dist/reportView.css',
      file(MANIFEST.icon),
      ...MANIFEST.contributes.languages.map((l) => file(l.configuration)),
      ...MANIFEST.contributes.grammars.map((g) => file(g.path)),
      ...MANIFEST.contributes.jsonValidation.map((j) => file(j.url)),
      'docs/language.md', 'docs/editors.md', 'docs/rules/README.md',
      ...RULES.map((rule) => `docs/rules/${rule.meta.code}.md`),
      ...steps.map((step) => step.media.markdown),
      ...sampleFiles().map((f) => relative(ROOT, f)),
      'samples/walkthrough/first-steps.dmatopo',
    ];
    assert.ok(expected.includes(file(MANIFEST.main)));
    assert.deepEqual(packagedFiles(), [...new Set(expected)].sort());
  });

  it('activates on the language only; every command is contributed, in the category, and registered under an id of protocol/commands.ts', () => {
    assert.deepEqual(MANIFEST.activationEvents, ['onLanguage:dmatopo']);
    assert.deepEqual(MANIFEST.contributes.commands.map((c) => c.command).sort(), Object.values(Commands).sort());
    for (const command of MANIFEST.contributes.commands) assert.equal(command.category, 'DMA Topology', command.command);
    // The server serves the snippets from its bundle (completionSnippets.ts); contributed too, they would show twice.
    assert.equal(MANIFEST.contributes.snippets, undefined);
  });

  it('the icon is a 128×128 PNG, rendered from its SVG source', () => {
    const png = readFileSync(join(ROOT, file(MANIFEST.icon)));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.toString('ascii', 12, 16), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.match(read(join(ROOT, file(MANIFEST.icon).replace(/\.png$/, '.svg'))), /<svg[^>]* width="128" height="128"/);
  });

  it('names every bundled dependency and its licence in ThirdPartyNotices.md', () => {
    const notices = read(join(ROOT, 'ThirdPartyNotices.md'));
    const dependencies = Object.keys((JSON.parse(read(join(ROOT, 'package.json'))) as { dependencies: Record<string, string> }).dependencies);
    for (const name of dependencies) {
      const { license } = JSON.parse(read(join(ROOT, 'node_modules', name, 'package.json'))) as { license: string };
      const row = notices.split('\n').find((line) => line.startsWith('| ') && line.split('|')[1]!.split(',').map((n) => n.trim()).includes(name));
      assert.ok(row !== undefined, `${name} is listed`);
      assert.ok(row.includes(license.split(' ')[0]!), `${name}'s licence ${license} in: ${row}`);
    }
  });
});
