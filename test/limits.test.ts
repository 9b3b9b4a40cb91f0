// No small file stalls anything: what one file may instantiate from
// templates and host ranges is capped (LIM001), suggestion searches are
// bounded, long lists and related locations are cut, and a file reports at
// most 1,000 diagnostics (LIM002) while its counts stay true.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, MAX_DIAGNOSTICS, MAX_INSTANTIATED, MAX_RELATED, severityCounts } from '../server/src/model/index';
import { checkText } from '../server/src/analysis/snapshot';
import { simulate } from '../server/src/sim/simulate';
import { closestWord } from '../server/src/syntax/index';
import { describeDiagnostic, ROOT } from './helpers';

const CLI = join(ROOT, 'dist', 'cli.js');
// Each case once took from seconds to minutes: a regression fails on the timeout rather than hanging CI.
const BOUNDED = { timeout: 60_000 };

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function scratch(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'dmatopo-limits-'));
  mkdirSync(join(dir, '.git'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A template of `items` items: a cpu and memories, one of which holds a buffer `b` when there are three items or more. */
function template(items: number): string {
  const buffer = items >= 3 ? ['  buffer b { in m0, size 1 MiB }'] : [];
  const memories = Array.from({ length: items - 1 - buffer.length }, (_, i) => `  memory m${i} { size 1 GiB }`);
  return `template t {\n  cpu c {}\n${[...memories, ...buffer].join('\n')}\n}\n`;
}

describe('what one file may instantiate (LIM001)', () => {
  it('eight ranges of 4,096 hosts: one LIM001 at the range that passes the cap, the rest left out, no rule runs', BOUNDED, () => {
    // 4,096 hosts × (1 + 11 items) = 49,152 per range: the second range passes 65,536.
    const ranges = Array.from({ length: 8 }, (_, i) => `host r${String.fromCharCode(97 + i)}_[0..4095] : t {}`).join('\n');
    const text = `${template(11)}${ranges}\nflow f { from rd_7.b, to rb_9.b, size 1 MiB }\n`;
    assert.ok(text.length < 600);
    const analysis = checkText(text);
    assert.deepEqual(analysis.diagnostics.map((d) => describeDiagnostic(text, d)), ['LIM001@15:6-15:9'], 'one diagnostic: no REF001 for hosts left out, no rule findings');
    const [limit] = analysis.diagnostics;
    assert.match(limit!.message, /^host range 'rb_\[0\.\.4095\]' \(4,096 hosts × 12 items\) would bring what this file instantiates from templates and host ranges to 98,304, more than the 65,536 one file may/);
    assert.equal(analysis.model.hosts.size, 4096, 'the first range is built');
    assert.equal(analysis.model.incomplete, true);
    assert.deepEqual(simulate(analysis.model).flows, [], 'no figures for a topology the model only partly holds');
  });

  it('a reference to a host that does not exist is still an error past the cap', () => {
    const text = `${template(11)}host a_[0..4095] : t {}\nhost b_[0..4095] : t {}\nflow f { from a_1.b, to zz_1.b, size 1 MiB }\nflow g { from b_0x.b, to b_9.b, size 1 MiB }\n`;
    const codes = analyze(text).diagnostics.map((d) => `${d.code} ${d.message.split(':')[0]}`);
    assert.deepEqual(codes, ['LIM001 host range \'b_[0..4095]\' (4,096 hosts × 12 items) would bring what this file instantiates from templates and host ranges to 98,304, more than the 65,536 one file may; it and every later such declaration are left out, and the rules and the simulation do not run on this file', "REF001 unknown host 'zz_1'", "REF001 unknown host 'b_0x'"]);
  });

  it('a file just under the cap is whole and checked', () => {
    // 5 ranges × 4,096 hosts × (1 + 2 items) = 61,440 ≤ 65,536.
    const ranges = Array.from({ length: 5 }, (_, i) => `host r${i}_[0..4095] : t {}`).join('\n');
    const analysis = checkText(`${template(2)}${ranges}\n`);
    assert.equal(analysis.model.incomplete, undefined);
    assert.equal(analysis.model.hosts.size, 5 * 4096);
    assert.deepEqual(analysis.diagnostics.map((d) => d.code), []);
    assert.ok(5 * 4096 * 3 <= MAX_INSTANTIATED);
  });

  it('counts the endpoints a network expands from range references', BOUNDED, () => {
    const attach = Array.from({ length: 20 }, () => 'h[0..4095].n').join(', ');
    const text = `host h0 { cpu c {} nic n {} link c -- n : pcie gen4 x4 }\nnetwork ib { kind infiniband, rate 200 Gb/s, attach ${attach} }\n`;
    const limits = analyze(text).diagnostics.filter((d) => d.code === 'LIM001');
    assert.equal(limits.length, 1);
    assert.match(limits[0]!.message, /^the range endpoint 'h\[0\.\.4095\]' \(4,096 endpoints\) would bring .* to 69,632,/);
  });

  it('hosts spelled out one by one do not count: their text already holds them', () => {
    const count = MAX_INSTANTIATED + 1000;
    const analysis = analyze(Array.from({ length: count }, (_, i) => `host h${i} {}\n`).join(''));
    assert.equal(analysis.model.incomplete, undefined);
    assert.equal(analysis.model.hosts.size, count);
  });
});

describe('"did you mean" in bounded time', () => {
  it('4,000 unknown host names among 4,000 hosts: the first ones get a suggestion, and the search stops', BOUNDED, () => {
    const hosts = Array.from({ length: 4000 }, (_, i) => `host host${i} { cpu c {} }`).join('\n');
    const flows = Array.from({ length: 4000 }, (_, i) => `flow f${i} { from hots${i}.b, to hots${i + 1}.b, size 1 MiB }`).join('\n');
    const { diagnostics } = analyze(`${hosts}\n${flows}\n`);
    const unknown = diagnostics.filter((d) => d.code === 'REF001');
    assert.equal(unknown.length, 8000);
    assert.equal(unknown[0]!.message, "unknown host 'hots0'; did you mean 'host0'?");
    const suggested = unknown.filter((d) => d.message.includes('did you mean')).length;
    // The budget is a million candidates: 250 searches among 4,000 hosts.
    assert.equal(suggested, 250);
  });

  it('the bounded search finds what the full edit-distance search finds', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'd'), minLength: 1, maxLength: 9 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (w, candidates) => {
        assert.equal(closestWord(w, candidates), referenceClosest(w, candidates));
      }),
      { numRuns: 3000, seed: Number(process.env['DMATOPO_FUZZ_SEED'] ?? Date.now()) },
    );
  });
});

describe('the longest words a search compares', () => {
  it('a 64-letter name and a candidate a third longer are still compared in full', () => {
    const word = 'a'.repeat(64);
    assert.equal(closestWord(word, ['b'.repeat(10), `${word}${'x'.repeat(21)}`]), `${word}${'x'.repeat(21)}`);
    assert.equal(closestWord(word, [`${word}${'x'.repeat(22)}`]), undefined);
    assert.equal(closestWord(`${word}z`, [word]), undefined, 'a word over 64 letters is not a typo of a name');
  });
});

/** The suggestion rule written the plain way: full optimal-string-alignment tables, no cut-off. */
function referenceClosest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[a.length]![b.length]!;
  };
  const limit = Math.max(1, Math.floor(word.length / 3));
  const scored = candidates.filter((c) => c !== word).map((c) => ({ c, d: c.toLowerCase() === word.toLowerCase() ? 0.5 : distance(word, c) })).filter((s) => s.d <= limit);
  if (scored.length === 0) return undefined;
  const best = Math.min(...scored.map((s) => s.d));
  const winners = new Set(scored.filter((s) => s.d === best).map((s) => s.c));
  return winners.size === 1 ? [...winners][0] : undefined;
}

describe('long findings are cut', () => {
  it('a map used by 10,000 flows: the message names ten, the diagnostic carries 20 related locations and says how many more', BOUNDED, () => {
    const host = (name: string, buffer: string, access: string) =>
      `host ${name} {\n  cpu c {}\n  memory m { size 64 GiB }\n  iommu i { mode strict }\n  nic n { iommu i, rdma }\n  link c -- n : pcie gen4 x16\n  buffer ${buffer} { in m, size 1 MiB, pinned }\n  map n -> ${buffer} ${access}\n}\n`;
    const flows = Array.from({ length: 10_000 }, (_, i) => `flow f${i} { from a.tx, to b.rx, size 1 MiB, via rdma }`).join('\n');
    const text = `${host('a', 'tx', 'rw')}${host('b', 'rx', 'write')}link a.n -- b.n : infiniband 200 Gb/s\n${flows}\n`;
    const sec011 = checkText(text).diagnostics.filter((d) => d.code === 'SEC011');
    assert.equal(sec011.length, 1);
    const [finding] = sec011;
    assert.match(finding!.message, /every flow through it \(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9 and 9,990 more\) only reads it; narrow the map to read \(and 9,982 more related locations\)$/);
    assert.equal(finding!.related!.length, MAX_RELATED);
  });
});

describe('at most 1,000 diagnostics per file (LIM002)', () => {
  // Bytes that are each an unexpected character or a stray token: thousands of syntax errors.
  const garbage = Buffer.from(Array.from({ length: 45_000 }, (_, i) => (i % 3 === 0 ? 0x40 : i % 3 === 1 ? 0x20 : 0x7b)));

  it('lists the first 1,000 in document order, then one LIM002 that counts the rest by severity', BOUNDED, () => {
    const text = garbage.toString('latin1');
    const all = analyze(text).diagnostics.length;
    assert.ok(all > 5000, `${all} raw diagnostics`);
    const { diagnostics } = checkText(text);
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
    const last = diagnostics[MAX_DIAGNOSTICS]!;
    assert.equal(last.code, 'LIM002');
    assert.equal(last.severity, 'error');
    assert.match(last.message, new RegExp(`^${(all - MAX_DIAGNOSTICS).toLocaleString('en-US')} more problems from here on are not listed \\(${(all - MAX_DIAGNOSTICS).toLocaleString('en-US')} errors\\): one file reports at most 1,000; fix the first ones$`));
    assert.equal(severityCounts(diagnostics).error, all, 'the counts stay true');
  });

  it('the command line prints 1,001 lines and a true count, and exits 1', BOUNDED, () => {
    const file = scratch('garbage.dmatopo', garbage);
    const result = cli('check', file);
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, MAX_DIAGNOSTICS + 3, 'the diagnostics, the configuration line, the summary');
    assert.match(lines[MAX_DIAGNOSTICS]!, /: error LIM002: /);
    const total = analyze(garbage.toString('latin1')).diagnostics.length;
    assert.equal(lines[MAX_DIAGNOSTICS + 2], `1 file checked: ${total} errors, 0 warnings`);
    const json = JSON.parse(cli('check', '--json', file).stdout) as { diagnostics: unknown[] };
    assert.equal(json.diagnostics.length, MAX_DIAGNOSTICS + 1);
    const formatted = cli('format', file);
    assert.equal(formatted.code, 1);
    const errors = formatted.stderr.trim().split('\n');
    assert.equal(errors.length, MAX_DIAGNOSTICS + 2, 'format lists the syntax errors it refuses for as check does');
    assert.match(errors[MAX_DIAGNOSTICS]!, /: error LIM002: /);
  });
});

describe('the command line on a file past the cap', () => {
  const text = `${template(11)}host a_[0..4095] : t {}\nhost b_[0..4095] : t {}\nflow f { from a_1.b, to a_2.b, size 1 MiB }\n`;

  it('simulate and reach refuse it in one line each, exit 1, after check-style diagnostics', BOUNDED, () => {
    const file = scratch('cap.dmatopo', text);
    const simulated = cli('simulate', file);
    assert.equal(simulated.code, 1);
    assert.equal(simulated.stdout, '');
    assert.match(simulated.stderr, /: error LIM001: host range 'b_\[0\.\.4095\]'/);
    assert.match(simulated.stderr, /: not simulated: it instantiates more from templates and host ranges than one file may \(LIM001\)\n$/);
    const json = JSON.parse(cli('simulate', '--json', file).stdout) as { flows: unknown[]; links: unknown[]; diagnostics: Array<{ code: string }> };
    assert.deepEqual([json.flows, json.links, json.diagnostics.map((d) => d.code)], [[], [], ['LIM001']]);
    const reach = cli('reach', file);
    assert.equal(reach.code, 1);
    assert.equal(reach.stdout, '');
    assert.match(reach.stderr, /: not listed: it instantiates more from templates and host ranges than one file may \(LIM001; see dmatopo check\)\n$/);
  });
});
