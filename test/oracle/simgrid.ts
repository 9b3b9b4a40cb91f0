// Runs the SimGrid oracle (simgrid_maxmin.py) on an instance. SimGrid's Python
// bindings are Debian's python3-simgrid, installed for /usr/bin/python3, not
// for whatever python3 is first on PATH; SIMGRID_PYTHON overrides it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import type { OracleInstance } from './instances';

export const SIMGRID_PYTHON = process.env['SIMGRID_PYTHON'] ?? '/usr/bin/python3';
export const ORACLE = join(ROOT, 'test', 'oracle', 'simgrid_maxmin.py');
export const SELFTEST = join(ROOT, 'test', 'oracle', 'selftest.py');
export const INSTALL_HINT = 'apt-get install python3-simgrid (or point SIMGRID_PYTHON at a python that has it)';

/** The oracle's exit status when SimGrid's bindings cannot be imported. */
const BINDINGS_MISSING = 3;

export class OracleError extends Error {
  /** True when SimGrid is not there to run (no such python, or no bindings), rather than failing. */
  readonly missing: boolean;
  constructor(message: string, missing = false) {
    super(message);
    this.missing = missing;
  }
}

/** What the oracle answers on `input` (its JSON form), or an OracleError saying why it could not. */
function runOracle(input: unknown): { rates: Record<string, number>; simgrid: string } {
  const result = spawnSync(SIMGRID_PYTHON, [ORACLE], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error !== undefined) throw new OracleError(`cannot run ${SIMGRID_PYTHON}: ${(result.error as NodeJS.ErrnoException).code ?? result.error.message}`, (result.error as NodeJS.ErrnoException).code === 'ENOENT');
  if (result.status !== 0) {
    const why = result.stderr.trim().split('\n').pop() ?? '';
    if (result.status === BINDINGS_MISSING) throw new OracleError(`${SIMGRID_PYTHON} cannot import simgrid`, true);
    throw new OracleError(`the SimGrid oracle failed (status ${result.status}): ${why}`);
  }
  return JSON.parse(result.stdout) as { rates: Record<string, number>; simgrid: string };
}

/**
 * SimGrid's version, or why SimGrid is not there (asked of the oracle itself,
 * on an empty instance). An oracle that is there but fails throws.
 */
export function probeSimgrid(): { version: string } | { missing: string } {
  try {
    return { version: runOracle({ resources: [], flows: [] }).simgrid };
  } catch (error) {
    if (error instanceof OracleError && error.missing) return { missing: error.message };
    throw error;
  }
}

/** The rate SimGrid gives each flow of `instance`, in order, and SimGrid's version. */
export function simgridRates(instance: OracleInstance): { rates: number[]; version: string } {
  const answer = runOracle({
    resources: instance.capacities.map((capacity, i) => ({ id: `r${i}`, capacity })),
    flows: instance.flows.map((f, i) => ({ id: `f${i}`, route: f.route.map((r) => `r${r}`), cap: Number.isFinite(f.cap) ? f.cap : null })),
  });
  return { rates: instance.flows.map((_, i) => answer.rates[`f${i}`]!), version: answer.simgrid };
}

/** Runs the oracle's own hand-computed cases; the status and what it printed. */
export function runSelftest(): { status: number | null; output: string } {
  const result = spawnSync(SIMGRID_PYTHON, [SELFTEST], { encoding: 'utf8', env: { ...process.env, SIMGRID_PYTHON } });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}
