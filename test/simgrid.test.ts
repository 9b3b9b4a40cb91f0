// The sharing solver against SimGrid, the reference flow-level simulator
// (Debian's python3-simgrid; CM02 model, latency weighting and cross-traffic
// off, TCP-gamma 0, equal route latencies — see test/oracle/). Per-flow
// rates must match to 1e-6 relative on random instances and on every group
// of every sample. Without SimGrid this test fails: CI installs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/model/index';
import { Fabric } from '../server/src/sim/fabric';
import { Planner } from '../server/src/sim/plan';
import { maxMinShare, type ShareFlow } from '../server/src/sim/share';
import { groupsOf } from '../server/src/sim/simulate';
import { randomShareInstance } from '../scripts/generate';
import { read, ROOT, sampleFiles } from './helpers';

const PYTHON = process.env['SIMGRID_PYTHON'] ?? '/usr/bin/python3';
const ORACLE = join(ROOT, 'test', 'oracle', 'simgrid_maxmin.py');

interface Instance {
  readonly resources: ReadonlyArray<{ readonly capacity: number }>;
  readonly flows: readonly ShareFlow[];
}

/** The rates SimGrid gives the flows of `instance`. */
function simgridRates(instance: Instance): number[] {
  const input = {
    resources: instance.resources.map((r, i) => ({ id: `r${i}`, capacity: r.capacity })),
    flows: instance.flows.map((f, i) => ({ id: `f${i}`, route: f.route.map((r) => `r${r}`), cap: Number.isFinite(f.cap) ? f.cap : null })),
  };
  const result = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error !== undefined || result.status !== 0) {
    assert.fail(`the SimGrid oracle failed (status ${result.status}): ${result.error?.message ?? result.stderr.trim().split('\n').pop()}; install it with: apt-get install python3-simgrid`);
  }
  const { rates } = JSON.parse(result.stdout) as { rates: Record<string, number> };
  return instance.flows.map((_, i) => rates[`f${i}`]!);
}

function compare(instance: Instance, what: string): void {
  const ours = maxMinShare(instance.resources, instance.flows).rates;
  const theirs = simgridRates(instance);
  instance.flows.forEach((_, i) => {
    const relative = Math.abs(ours[i]! - theirs[i]!) / Math.max(Math.abs(theirs[i]!), 1e-300);
    assert.ok(relative <= 1e-6, `${what}, flow ${i}: ours ${ours[i]} SimGrid ${theirs[i]} (relative ${relative.toExponential(2)})`);
  });
}

describe('max-min sharing against SimGrid', () => {
  it('the oracle passes its own hand-computed cases', () => {
    const result = spawnSync(PYTHON, [join(ROOT, 'test', 'oracle', 'selftest.py')], { encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  for (let seed = 1; seed <= 24; seed++) {
    it(`matches on random instance ${seed}`, () => {
      // Sizes vary with the seed: from a few flows on a few resources to 300 on 900.
      const resources = 3 + ((seed * 37) % 60) * (seed % 4 === 0 ? 15 : 1);
      const flows = 2 + ((seed * 53) % 40) * (seed % 4 === 0 ? 7 : 1);
      const instance = randomShareInstance(resources, flows, 1 + (seed % 6), seed);
      // Repeated resources in one route: a CPU copy loads its memory twice.
      if (seed % 3 === 0) instance.flows.forEach((f, i) => i % 2 === 0 && f.route.push(f.route[0]!));
      compare(instance, `seed ${seed}`);
    });
  }

  it('matches on every group of every sample whose weights are whole', () => {
    let compared = 0;
    for (const file of sampleFiles()) {
      const { model } = analyze(read(file));
      const fabric = new Fabric(model);
      const planner = new Planner(fabric);
      for (const group of groupsOf(model)) {
        const plans = [...model.flows.values()].filter((f) => f.group === group).map((f) => planner.plan(f));
        // SimGrid counts a resource k times when a route lists it k times: whole weights become repeats.
        // A cached read's or a strided gather's fractional weights have no such form; those groups are left out.
        if (!plans.every((p) => p.weights.every((w) => Number.isInteger(w)))) continue;
        const flows = plans.map((p) => ({ route: p.uses.flatMap((r, i) => Array<number>(p.weights[i]!).fill(r)), cap: p.capBytesPerSecond }));
        compare({ resources: fabric.resources, flows }, `${file} group ${group}`);
        compared++;
      }
    }
    assert.ok(compared >= 12, `${compared} groups compared`);
  });
});
