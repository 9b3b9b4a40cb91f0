// The benchmark's check-against-SimGrid section (issue 10): the whole
// `dmatopo check` process on issue 10's topology (1,000 hosts, 10,000 flows)
// and on a quarter of it, against SimGrid's solve of the same flows — the
// sharing instances the simulation solves, one per group, each timed by
// test/oracle/simgrid_maxmin.py's solve phase alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Snapshot } from '../server/src/analysis/snapshot';
import { generateFlows } from './generate';

/** Runs of each timed process; the median is printed. */
const PROCESS_RUNS = 5;
const FLOWS_PER_HOST = 10;
const SIMGRID_PYTHON = process.env['SIMGRID_PYTHON'] ?? '/usr/bin/python3';
/** simgrid_maxmin.py's exit status when SimGrid's Python bindings are missing. */
const BINDINGS_MISSING = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The wall-clock median of `dmatopo check FILE`, a new process each run. */
function checkProcessMs(cli: string, file: string): number {
  const samples: number[] = [];
  for (let run = 0; run < PROCESS_RUNS; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [cli, 'check', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    samples.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`dmatopo check ${file} exited ${result.status}: ${result.stderr || result.stdout.split('\n').slice(-3).join(' ')}`);
  }
  return median(samples);
}

interface OracleInstance {
  readonly resources: Array<{ id: string; capacity: number }>;
  readonly flows: Array<{ id: string; route: string[]; cap: number | null }>;
}

/**
 * Each group's sharing instance as simulate.ts hands it to share.ts (the
 * resources its flows use, each flow's resources and cap), in the oracle's
 * JSON: a weight of k becomes the resource listed k times, which is how
 * SimGrid counts a resource used twice. Undefined when a weight is not whole.
 */
function groupInstances(text: string): OracleInstance[] | undefined {
  const snapshot = new Snapshot(text);
  const byGroup = new Map<string, OracleInstance>();
  for (const plan of snapshot.plans.values()) {
    if (!plan.weights.every((w) => Number.isInteger(w))) return undefined;
    let instance = byGroup.get(plan.flow.group);
    if (instance === undefined) byGroup.set(plan.flow.group, (instance = { resources: [], flows: [] }));
    const route = plan.uses.flatMap((r, i) => Array<string>(plan.weights[i]!).fill(`r${r}`));
    instance.flows.push({ id: plan.flow.name, route, cap: Number.isFinite(plan.capBytesPerSecond) ? plan.capBytesPerSecond : null });
  }
  for (const instance of byGroup.values()) {
    const used = [...new Set(instance.flows.flatMap((f) => f.route))].map((id) => Number(id.slice(1))).sort((a, b) => a - b);
    instance.resources.push(...used.map((r) => ({ id: `r${r}`, capacity: snapshot.fabric.resources[r]!.capacity })));
  }
  return [...byGroup.values()];
}

/** Seconds SimGrid spent solving `instance` (its `solve` phase: comms started to rates read), or why it could not. */
function simgridSolveSeconds(oracle: string, instance: OracleInstance): number | string {
  const result = spawnSync(SIMGRID_PYTHON, [oracle], { input: JSON.stringify(instance), encoding: 'utf8', env: { ...process.env, SIMGRID_MAXMIN_TIMING: '1' }, maxBuffer: 64 << 20 });
  if (result.error !== undefined) return `cannot run ${SIMGRID_PYTHON} (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})`;
  if (result.status === BINDINGS_MISSING) return `${SIMGRID_PYTHON} cannot import simgrid (Debian's python3-simgrid)`;
  if (result.status !== 0) return `the SimGrid oracle failed (status ${result.status}): ${result.stderr.trim().split('\n').pop() ?? ''}`;
  const at = (phase: string): number | undefined => {
    const match = new RegExp(`^simgrid_maxmin: ${phase}.* at ([0-9.]+) s$`, 'm').exec(result.stderr);
    return match === null ? undefined : Number(match[1]);
  };
  const started = at('comms started');
  const read = at('rates read');
  if (started === undefined || read === undefined) return 'the SimGrid oracle printed no phase times';
  return read - started;
}

/** The median over runs of SimGrid's solve of every group (the groups' solve phases summed), or why there is none. */
function simgridSolveMs(oracle: string, instances: readonly OracleInstance[]): number | string {
  const samples: number[] = [];
  for (let run = 0; run < PROCESS_RUNS; run++) {
    let total = 0;
    for (const instance of instances) {
      const seconds = simgridSolveSeconds(oracle, instance);
      if (typeof seconds === 'string') return seconds;
      total += seconds;
    }
    samples.push(total * 1000);
  }
  return median(samples);
}

/** The section's lines: check at two sizes with the growth, SimGrid's solve and the ratio (or why SimGrid is not there). */
export function checkAgainstSimgrid(cli: string, oracle: string): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'dmatopo-bench-'));
  try {
    const rows: string[][] = [['topology', 'hosts', 'flows', 'lines', 'check ms (whole process)']];
    const checkMs: number[] = [];
    let full = '';
    for (const hosts of [250, 1_000]) {
      const text = generateFlows(hosts, FLOWS_PER_HOST);
      const file = join(folder, `issue10-${hosts}.dmatopo`);
      writeFileSync(file, text);
      checkMs.push(checkProcessMs(cli, file));
      rows.push(['generated', String(hosts), String(hosts * FLOWS_PER_HOST), String(text.split('\n').length - 1), checkMs[checkMs.length - 1]!.toFixed(0)]);
      full = text;
    }
    rows.push(['growth, 1000 / 250 hosts', '', '', '', `${(checkMs[1]! / checkMs[0]!).toFixed(1)}×`]);
    const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
    const lines = rows.map((row) => row.map((cell, col) => cell.padStart(widths[col]!)).join('  '));
    const instances = groupInstances(full);
    if (instances === undefined) return [...lines, 'SimGrid: a flow has a weight that is not whole, which the oracle cannot express; no ratio'];
    const solve = simgridSolveMs(oracle, instances);
    if (typeof solve === 'string') return [...lines, `SimGrid: not run, ${solve}; no ratio`];
    const flows = instances.reduce((n, i) => n + i.flows.length, 0);
    return [
      ...lines,
      `SimGrid's solve of the same ${flows} flows (${instances.length} groups, the solve phase alone, summed): ${solve.toFixed(0)} ms`,
      `check / SimGrid's solve, 1000 hosts: ${(checkMs[1]! / solve).toFixed(1)}×`,
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
