// The smallest test runner that works inside VS Code's extension host:
// cases run one after the other in this process, where the `vscode` API
// is (node:test's run() would start child processes without it, and mocha
// is not a dependency). `run` is what @vscode/test-electron calls: it
// rejects when a case failed, and VS Code then exits with a failure.
interface Case {
  name: string;
  fn: () => Promise<void>;
}

const cases: Case[] = [];

/** Registers a case; they run in the order they were registered. */
export function test(name: string, fn: () => Promise<void>): void {
  cases.push({ name, fn });
}

export async function run(): Promise<void> {
  let failed = 0;
  for (const { name, fn } of cases) {
    const start = Date.now();
    try {
      await fn();
      console.log(`✔ ${name} (${Date.now() - start} ms)`);
    } catch (error) {
      failed++;
      console.error(`✖ ${name} (${Date.now() - start} ms)\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  console.log(`${cases.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} of ${cases.length} extension-host tests failed`);
}

/** Polls `fn` until it returns a truthy value: the language server answers once it has started and analysed. */
export async function until<T>(what: string, fn: () => T | undefined | false | PromiseLike<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}
