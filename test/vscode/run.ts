// npm run test:vscode: downloads VS Code (once, into .vscode-test/) and runs
// test/vscode/editor.ts in its extension host with this repository as the
// extension under development. For contributors with a display and network
// access to VS Code's downloads; CI runs the same file in code-server's
// extension host instead (test/e2e/extension-host.e2e.test.js).
import { runTests } from '@vscode/test-electron';
import { join, resolve } from 'node:path';

// Bundled as out/vscode/run.js, beside out/vscode/editor.js.
const ROOT = resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  try {
    await runTests({
      // The VS Code of the extension's engines field, as code-server 4.100.3 in the end-to-end suite.
      version: '1.100.3',
      extensionDevelopmentPath: ROOT,
      // runTests adds no Welcome page, no trust prompt and a profile and
      // extensions folder of its own under .vscode-test/.
      extensionTestsPath: join(__dirname, 'editor.js'),
    });
  } catch (error) {
    console.error(`The extension-host tests failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

void main();
