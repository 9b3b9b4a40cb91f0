// Bundles the extension client, the language server, the CLI, the benchmark,
// the SimGrid recorder and the test files with esbuild. Usage: node scripts/build.mjs [--watch]
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD build requires its parts at run time, which a bundle cannot follow: bundle its ES modules.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const testFiles = readdirSync('test', { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join('test', f));

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The report panel: the diagram's layout thread, and the webview's script and style sheet (loaded from dist/ only).
  { ...common, entryPoints: ['client/src/reportView/layoutWorker.ts'], outfile: 'dist/layoutWorker.js' },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/report.ts'], outfile: 'dist/reportView.js' },
  { ...common, platform: 'browser', entryPoints: ['client/webview/report.css'], outfile: 'dist/reportView.css' },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  // The language server's analysis worker thread, loaded from beside server.js.
  { ...common, entryPoints: ['server/src/analysis/worker.ts'], outfile: 'dist/worker.js' },
  {
    ...common,
    entryPoints: ['server/src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...common, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' },
  { ...common, entryPoints: ['scripts/bench-editor.ts'], outfile: 'dist/bench-editor.js' },
  { ...common, entryPoints: ['scripts/record-oracle.ts'], outfile: 'dist/record-oracle.js' },
  // npm run try (it runs from the repository, never from the .vsix).
  { ...common, entryPoints: ['scripts/try.ts'], outfile: 'dist/try.js' },
  { ...common, entryPoints: testFiles, outdir: 'out/test', outbase: 'test', external: ['vscode'] },
  // npm run test:vscode: outside out/test/, which `npm test` runs whole, because they need VS Code.
  {
    ...common,
    entryPoints: ['test/vscode/run.ts', 'test/vscode/editor.ts'],
    outdir: 'out/vscode',
    external: ['vscode', '@vscode/test-electron'],
  },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
