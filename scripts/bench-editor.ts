// `npm run bench`, the editor's figures: drives the bundled language server
// over stdio as VS Code does (ranged changes, one per keystroke) on a
// generated 10,000-line file, and prints keystroke → first diagnostics,
// keystroke → every diagnostic, hover, the server's resident memory, and its
// heap after a forced collection at edit 100 and at edit 1,000. Prints
// figures; asserts nothing (timings are machine-bound).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { MemoryUsageRequest, StatusNotification } from '../protocol/messages';
import { generateTopology } from './generate';

/** The flags the extension starts the server with (client/src/extension.ts), and --expose-gc for the heap figures. */
const SERVER_FLAGS = ['--max-semi-space-size=64', '--expose-gc'];
const LINES = 10_000;
/** Keystrokes timed one at a time, each after the last one's analysis ended and a pause as a typist's. */
const TIMED_KEYSTROKES = 40;
const PAUSE_MS = 60;
const HOVERS = 40;
const MIB = 1024 * 1024;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const server = spawn(process.execPath, [...SERVER_FLAGS, join(__dirname, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  // Each version's first publication and its status (sent after its last publication), when they arrived.
  const firstPublished = new Map<number, number>();
  const complete = new Map<number, number>();
  const wakers: Array<() => void> = [];
  const wake = (): void => {
    for (const w of wakers.splice(0)) w();
  };
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.version !== undefined && !firstPublished.has(params.version)) firstPublished.set(params.version, performance.now());
    wake();
  });
  connection.onNotification(StatusNotification, (params) => {
    complete.set(params.version, performance.now());
    wake();
  });
  const until = async (ready: () => boolean): Promise<void> => {
    while (!ready()) await new Promise<void>((resolve) => wakers.push(resolve));
  };
  connection.listen();

  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification(InitializedNotification.type, {});
  const text = generateTopology(LINES);
  const lines = text.split('\n');
  const uri = pathToFileURL(join(__dirname, 'bench-editor.dmatopo')).toString();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dmatopo', version: 1, text } });
  await until(() => complete.has(1));
  const opened = await connection.sendRequest(MemoryUsageRequest);

  // The keystroke: the last digit of `cores 32` of the middle host's first cpu, typed over and over (the file stays valid).
  const hosts = Number(/generated: (\d+) hosts/.exec(text)![1]);
  const hostLine = lines.indexOf(`host h${Math.floor(hosts / 2)} {`);
  const cpuLine = hostLine + 1;
  const character = lines[cpuLine]!.indexOf('cores 32') + 'cores 3'.length;
  let version = 1;
  const type = async (): Promise<number> => {
    version++;
    const digit = String(2 + (version % 8));
    const sent = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: cpuLine, character }, end: { line: cpuLine, character: character + 1 } }, rangeLength: 1, text: digit }],
    });
    return sent;
  };
  // A hover on a device of another host: the outline of what every hover reads.
  const otherHost = lines.indexOf(`host h${Math.floor(hosts / 4)} {`);
  const hoverLine = lines.findIndex((line, i) => i > otherHost && line.includes('gpu gpu0'));
  const hoverAt = { line: hoverLine, character: lines[hoverLine]!.indexOf('gpu0') + 1 };
  const hover = async (): Promise<number> => {
    const start = performance.now();
    const answer = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
    if (answer === null) throw new Error(`no hover at ${JSON.stringify(hoverAt)}: ${lines[hoverLine]}`);
    return performance.now() - start;
  };

  const first: number[] = [];
  const all: number[] = [];
  const hoverIdle: number[] = [];
  const hoverAfterKeystroke: number[] = [];
  for (let i = 0; i < TIMED_KEYSTROKES; i++) {
    const sent = await type();
    const v = version;
    await until(() => complete.has(v));
    first.push(firstPublished.get(v)! - sent);
    all.push(complete.get(v)! - sent);
    await sleep(PAUSE_MS);
    hoverIdle.push(await hover());
  }
  for (let i = 0; i < HOVERS; i++) {
    await type();
    const v = version;
    hoverAfterKeystroke.push(await hover());
    await until(() => complete.has(v));
    await sleep(PAUSE_MS);
  }

  // Fast typing up to edit 100 and on to edit 1,000, the heap measured after each burst's analysis and a full collection.
  const heapAt = async (edit: number): Promise<number> => {
    while (version - 1 < edit) {
      await type();
      await sleep(2);
    }
    const v = version;
    await until(() => complete.has(v));
    return (await connection.sendRequest(MemoryUsageRequest)).heapUsedBytes;
  };
  const heap100 = await heapAt(100);
  const heap1000 = await heapAt(1_000);
  const after = await connection.sendRequest(MemoryUsageRequest);
  connection.dispose();
  server.kill();

  const rows = [
    ['figure', 'median', 'target'],
    [`keystroke → first diagnostics (${TIMED_KEYSTROKES} keystrokes, debounce included)`, `${median(first).toFixed(1)} ms`, '< 50 ms'],
    ['keystroke → every diagnostic, rules and simulation included', `${median(all).toFixed(1)} ms`, '-'],
    [`hover, the document analysed (${TIMED_KEYSTROKES} hovers)`, `${median(hoverIdle).toFixed(1)} ms`, '< 20 ms'],
    [`hover sent right after a keystroke (${HOVERS} hovers)`, `${median(hoverAfterKeystroke).toFixed(1)} ms`, '-'],
    ['resident memory, the file open and analysed', `${(opened.rssBytes / MIB).toFixed(0)} MB`, '< 300 MB'],
    ['resident memory after 1,000 edits', `${(after.rssBytes / MIB).toFixed(0)} MB`, '-'],
    ['heap after a full collection: edit 100 → edit 1,000', `${(heap100 / MIB).toFixed(1)} → ${(heap1000 / MIB).toFixed(1)} MB (${(((heap1000 - heap100) / heap100) * 100).toFixed(1)} %)`, 'within 10 %'],
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  console.log('');
  console.log(`editor (dist/server.js over stdio, node ${SERVER_FLAGS.join(' ')}; a generated ${lines.length - 1}-line file; one ranged change per keystroke):`);
  for (const row of rows) console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  '));
  if (!opened.collected) console.log('(the server could not collect first: the heap figures include garbage)');
}

main().catch((error: unknown) => {
  console.error(`bench-editor: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
