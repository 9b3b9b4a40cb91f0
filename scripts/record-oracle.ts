// `npm run oracle:record`: asks SimGrid for the rates of every instance the
// sharing cross-check builds (test/oracle/instances.ts) and writes them to
// test/oracle/simgrid-answers.json, which test/simgrid.test.ts replays where
// SimGrid is not installed. Run it after changing a sample, the planner or
// the random instances; it refuses without SimGrid rather than write a guess.
import { renameSync, writeFileSync } from 'node:fs';
import { suiteInstances } from '../test/oracle/instances';
import { formatRecording, RECORD_COMMAND, RECORDING, RECORDING_NAME, type RecordedInstance } from '../test/oracle/recording';
import { INSTALL_HINT, OracleError, probeSimgrid, SIMGRID_PYTHON, simgridRates } from '../test/oracle/simgrid';

function main(): number {
  const probe = probeSimgrid();
  if ('missing' in probe) {
    process.stderr.write(`record-oracle: cannot record without SimGrid: ${probe.missing}\ninstall it with: ${INSTALL_HINT}\n`);
    return 1;
  }
  const instances: RecordedInstance[] = [];
  for (const instance of suiteInstances()) {
    const { rates, version } = simgridRates(instance);
    if (version !== probe.version) throw new OracleError(`SimGrid answered ${instance.name} as version ${version}, not ${probe.version}`);
    instances.push({
      name: instance.name,
      capacities: instance.capacities,
      flows: instance.flows.map((f, i) => ({ route: f.route, cap: Number.isFinite(f.cap) ? f.cap : null, rate: rates[i]! })),
    });
  }
  const text = formatRecording({
    about: `SimGrid's rates for the instances test/simgrid.test.ts builds (test/oracle/instances.ts), from test/oracle/simgrid_maxmin.py; regenerate with: ${RECORD_COMMAND}`,
    simgrid: probe.version,
    instances,
  });
  // Written beside and renamed, so an interrupted run leaves the old recording whole.
  writeFileSync(`${RECORDING}.tmp`, text);
  renameSync(`${RECORDING}.tmp`, RECORDING);
  const flows = instances.reduce((n, i) => n + i.flows.length, 0);
  process.stdout.write(`record-oracle: wrote ${RECORDING_NAME}: ${instances.length} instances, ${flows} flows, SimGrid ${probe.version} (${SIMGRID_PYTHON}), ${text.length} bytes\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`record-oracle: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
