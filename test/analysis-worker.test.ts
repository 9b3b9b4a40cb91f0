// The analysis worker checks a document in its own thread and answers with
// exactly what a snapshot on the server's thread finds; a newer version
// supersedes an older one, and a closed document's check ends.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import { AnalysisWorker } from '../server/src/lsp/analysisWorker';
import { EMPTY_CONFIG, parseConfig } from '../server/src/rules/index';
import { ROOT, read, sampleFiles } from './helpers';

const logged: string[] = [];
const worker = new AnalysisWorker((message) => logged.push(message), join(ROOT, 'dist', 'worker.js'));
after(() => worker.dispose());

const plain = (diagnostics: ReadonlyArray<{ code: string; severity: string; message: string; span: { start: number; end: number } }>) =>
  diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, start: d.span.start, end: d.span.end }));

describe('the analysis worker', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(`finds what the server's own thread finds in ${file.split('/').pop()}`, async () => {
      const text = read(file);
      const found = await worker.check(`file://${file}`, 1, text, EMPTY_CONFIG, new AbortController().signal);
      assert.deepEqual(plain(found), plain(new Snapshot(text).diagnostics));
    });
  }

  it('applies the rule configuration it is sent', async () => {
    const text = read(join(ROOT, 'samples', 'broken', 'rules-sec009-sec016.dmatopo'));
    const all = new Snapshot(text).diagnostics.filter((d) => d.code.startsWith('SEC') || d.code.startsWith('DMA'));
    assert.ok(all.length > 0, 'the sample has findings to turn off');
    const config = parseConfig(JSON.stringify({ rules: Object.fromEntries(all.map((d) => [d.code, 'off'])) }), 'dmatopo.json');
    const found = await worker.check('file:///configured.dmatopo', 1, text, config, new AbortController().signal);
    assert.deepEqual(found.filter((d) => d.code.startsWith('SEC') || d.code.startsWith('DMA')), []);
  });

  it('answers the newest version of a document; the older check is abandoned', async () => {
    const text = read(sampleFiles()[0]!);
    const older = worker.check('file:///twice.dmatopo', 1, text, EMPTY_CONFIG, new AbortController().signal);
    const newer = worker.check('file:///twice.dmatopo', 2, `${text}\nhost extra { cpu c {} }\n`, EMPTY_CONFIG, new AbortController().signal);
    await assert.rejects(older, /superseded/);
    const found = await newer;
    assert.deepEqual(plain(found), plain(new Snapshot(`${text}\nhost extra { cpu c {} }\n`).diagnostics));
  });

  it('stops waiting when the request is cancelled or the document closed', async () => {
    const controller = new AbortController();
    const cancelled = worker.check('file:///cancelled.dmatopo', 1, read(sampleFiles()[0]!), EMPTY_CONFIG, controller.signal);
    controller.abort(new Error('a newer edit'));
    await assert.rejects(cancelled, /a newer edit/);
    const closed = worker.check('file:///closed.dmatopo', 1, read(sampleFiles()[0]!), EMPTY_CONFIG, new AbortController().signal);
    worker.forget('file:///closed.dmatopo');
    await assert.rejects(closed, /closed/);
  });

  it('fails the check it was running when its thread dies, and starts again for the next', async () => {
    const dying = new AnalysisWorker((message) => logged.push(message), join(ROOT, 'test', 'fixtures', 'exiting-worker.js'));
    await assert.rejects(dying.check('file:///a.dmatopo', 1, 'host a {}', EMPTY_CONFIG, new AbortController().signal), /exited with code 7/);
    assert.ok(logged.some((m) => m.includes('exited with code 7')), logged.join('\n'));
    await assert.rejects(dying.check('file:///a.dmatopo', 2, 'host a {}', EMPTY_CONFIG, new AbortController().signal), /exited with code 7/);
    dying.dispose();
  });
});

describe('the analysis worker after an edit', () => {
  const text = read(join(ROOT, 'samples', 'broken', 'rules-sec009-sec016.dmatopo'));
  const at = text.lastIndexOf('\nflow ') + 1;

  it('re-parses from the version it checked before, to the findings of the new text', async () => {
    const client = new AnalysisWorker((message) => logged.push(message), join(ROOT, 'dist', 'worker.js'));
    try {
      const signal = new AbortController().signal;
      await client.check('file:///edited.dmatopo', 1, text, EMPTY_CONFIG, signal);
      // Two keystrokes, the first never checked on its own.
      const change1 = { start: at, end: at, text: 'host extra { cpu c { cores x } }\n' };
      const change2 = { start: at + 24, end: at + 25, text: '8' };
      client.edited('file:///edited.dmatopo', [change1]);
      client.edited('file:///edited.dmatopo', [change2]);
      const edited = `${text.slice(0, at)}host extra { cpu c { cores 8 } }\n${text.slice(at)}`;
      const found = await client.check('file:///edited.dmatopo', 3, edited, EMPTY_CONFIG, signal);
      assert.deepEqual(plain(found), plain(new Snapshot(edited).diagnostics));
      // The whole text replaced: nothing to re-parse from.
      client.edited('file:///edited.dmatopo', undefined);
      assert.deepEqual(plain(await client.check('file:///edited.dmatopo', 4, text, EMPTY_CONFIG, signal)), plain(new Snapshot(text).diagnostics));
    } finally {
      client.dispose();
    }
  });
});
