// The sharing solver against SimGrid, the reference flow-level simulator
// (Debian's python3-simgrid; CM02 model, latency weighting and cross-traffic
// off, TCP-gamma 0, equal route latencies — see test/oracle/). Per-flow
// rates must match to 1e-6 relative on 24 random instances and on every
// whole-weight group of every sample (test/oracle/instances.ts).
//
// Everywhere, the solver is held to SimGrid's recorded answers
// (test/oracle/simgrid-answers.json), and the recorded instances must be the
// ones the suite builds now, or the recording is stale. Where SimGrid is
// installed, it is also asked live. Without it the live part is skipped with
// its reason, unless DMATOPO_REQUIRE_SIMGRID=1 (CI), which makes it a failure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxMinShare } from '../server/src/sim/share';
import { suiteInstances, type OracleInstance } from './oracle/instances';
import { firstDifference, instanceOf, readRecording, RECORD_COMMAND, RECORDING_NAME } from './oracle/recording';
import { INSTALL_HINT, probeSimgrid, runSelftest, simgridRates } from './oracle/simgrid';

const REQUIRE_SIMGRID = process.env['DMATOPO_REQUIRE_SIMGRID'] === '1';

/** Asserts that our solver gives every flow of `instance` SimGrid's rate to 1e-6 relative. */
function assertMatches(instance: OracleInstance, simgrid: readonly number[], what: string): void {
  const ours = maxMinShare(instance.capacities.map((capacity) => ({ capacity })), instance.flows).rates;
  assert.equal(simgrid.length, instance.flows.length, `${what}: one SimGrid rate per flow`);
  instance.flows.forEach((_, i) => {
    const relative = Math.abs(ours[i]! - simgrid[i]!) / Math.max(Math.abs(simgrid[i]!), 1e-300);
    assert.ok(relative <= 1e-6, `${what}, flow ${i}: ours ${ours[i]} SimGrid ${simgrid[i]} (relative ${relative.toExponential(2)})`);
  });
}

const built = suiteInstances();
const recording = readRecording();

describe('max-min sharing against SimGrid', () => {
  describe(`recorded answers (SimGrid ${recording?.simgrid ?? 'not recorded'})`, () => {
    it('are recorded for exactly the instances the suite builds', () => {
      assert.ok(recording !== undefined, `${RECORDING_NAME} is missing; where python3-simgrid is installed, run: ${RECORD_COMMAND}`);
      const difference = firstDifference(built, recording.instances);
      assert.equal(difference, undefined, `${RECORDING_NAME} is stale (${difference}); where python3-simgrid is installed, run: ${RECORD_COMMAND}`);
    });

    it('cover the random instances and at least 12 sample groups', () => {
      assert.equal(built.filter((i) => i.name.startsWith('random ')).length, 24);
      assert.ok(built.filter((i) => i.name.startsWith('samples/')).length >= 12, built.map((i) => i.name).join('\n'));
    });

    for (const recorded of recording?.instances ?? []) {
      it(`match ours on ${recorded.name}`, () => {
        assertMatches(instanceOf(recorded), recorded.flows.map((f) => f.rate), `${recorded.name} (recorded)`);
      });
    }
  });

  describe('live SimGrid', () => {
    let probe: ReturnType<typeof probeSimgrid> | { broken: string };
    try {
      probe = probeSimgrid();
    } catch (error) {
      probe = { broken: (error as Error).message };
    }
    if ('broken' in probe) {
      const { broken } = probe;
      it('the oracle runs', () => assert.fail(broken));
      return;
    }
    if ('missing' in probe) {
      const { missing } = probe;
      const what = `the oracle's selftest and ${built.length} instances against SimGrid itself`;
      if (REQUIRE_SIMGRID) it(what, () => assert.fail(`DMATOPO_REQUIRE_SIMGRID=1 but SimGrid is not installed (${missing}); install: ${INSTALL_HINT}`));
      else it(what, { skip: `SimGrid not installed (${missing}): checked against its recorded answers only; install: ${INSTALL_HINT}` }, () => {});
      return;
    }

    it('the oracle passes its own hand-computed cases', () => {
      const { status, output } = runSelftest();
      assert.equal(status, 0, output);
    });

    for (const instance of built) {
      it(`matches ours on ${instance.name}`, () => {
        assertMatches(instance, simgridRates(instance).rates, `${instance.name} (live)`);
      });
    }
  });
});
