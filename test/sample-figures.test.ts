// The samples teach with numbers: a comment line `sim: key value, …` in a
// flow's leading comments (or inside it) quotes what the simulation gives
// that flow. This test holds every quote to the simulation, to the digits
// quoted: `throughput 9.49 GB/s` must be what 3 significant digits of the
// simulated throughput in GB/s read.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, UNITS } from '../server/src/model/index';
import { bottleneckName, simulate, type FlowResult } from '../server/src/sim/simulate';
import { read, sampleFiles } from './helpers';

interface Quote {
  readonly flow: string;
  readonly key: string;
  readonly text: string;
  readonly line: number;
}

/** Every `sim:` quote of a file, attributed to the flow it precedes or sits in. */
function quotes(text: string): Quote[] {
  const { tree } = analyze(text);
  const flows = tree.declarations.filter((d) => d.kind === 'flow' && d.name !== undefined);
  const found: Quote[] = [];
  for (const comment of tree.comments) {
    const match = /\bsim:\s*(.+?)\s*(\*\/)?$/s.exec(comment.text);
    if (match === null) continue;
    // The first flow that ends after the comment: the one it introduces or sits in.
    const flow = flows.find((d) => d.span.end > comment.span.start);
    assert.ok(flow !== undefined, `a sim: quote after the last flow, at offset ${comment.span.start}`);
    const line = text.slice(0, comment.span.start).split('\n').length;
    for (const pair of match[1]!.split(',')) {
      const [key, ...rest] = pair.trim().split(/\s+/);
      found.push({ flow: (flow as { name: { text: string } }).name.text, key: key!, text: rest.join(' '), line });
    }
  }
  return found;
}

/** The simulated figure written as the quote writes it: same unit, same significant digits. */
function rendered(result: FlowResult, quote: Quote): string {
  switch (quote.key) {
    case 'via':
      return result.via ?? '-';
    case 'class':
      return result.pathClass ?? '-';
    case 'bottleneck':
      return bottleneckName(result.bottleneck);
    case 'copies':
      return String(result.copies);
  }
  const value = { throughput: result.throughputBytesPerSecond, transfer: result.transferSeconds, latency: result.latencySeconds, cpu: result.cpuBytes, drop: result.dropShare, burst: result.ring?.burstAbsorbedSeconds ?? NaN }[quote.key];
  assert.ok(value !== undefined, `unknown key '${quote.key}' at line ${quote.line}`);
  const [digits, unit] = quote.text.split(' ');
  if (unit === undefined) return same(value, digits!);
  const factor = UNITS.get(unit)?.factor;
  assert.ok(factor !== undefined, `unknown unit '${unit}' at line ${quote.line}`);
  return `${same(value / factor, digits!)} ${unit}`;
}

/** `value` with as many significant digits as `written` shows. */
function same(value: number, written: string): string {
  const significant = written.replace(/^[-0.]+/, '').replace('.', '').length || 1;
  const rounded = Number(value.toPrecision(Math.max(1, significant)));
  const decimals = written.includes('.') ? written.split('.')[1]!.length : 0;
  return rounded.toFixed(decimals);
}

describe('figures quoted in the samples', () => {
  for (const file of sampleFiles()) {
    const text = read(file);
    const found = quotes(text);
    it(`${basename(file)} quotes its simulation exactly`, () => {
      assert.ok(found.length > 0, 'the sample quotes its numbers');
      const { model } = analyze(text);
      const results = new Map(simulate(model).flows.map((f) => [f.name, f]));
      for (const quote of found) {
        const result = results.get(quote.flow)!;
        assert.equal(`${quote.key} ${rendered(result, quote)}`, `${quote.key} ${quote.text}`, `${basename(file)}:${quote.line} flow ${quote.flow}`);
      }
      const quoted = new Set(found.map((q) => q.flow));
      for (const name of model.flows.keys()) assert.ok(quoted.has(name), `flow ${name} quotes its numbers`);
    });
  }
});
