// `dmatopo simulate FILE... [--json [--explain]] [--group NAME]`: the
// simulation table, or the contract's JSON (one object per file and line).
// A flow is simulated even when the checks report errors about it.
import { Snapshot } from '../analysis/snapshot';
import { simulationJson } from '../report/json';
import { bottleneckName, type SimulationResult } from '../sim/simulate';
import { readChecked, ruleFailure, type Output } from './io';
import { toTextLines } from './report';
import { formatBytes, formatRate, formatSeconds, formatShare, table } from './units';

export interface SimulateOptions {
  readonly json: boolean;
  /** Each JSON flow carries its derivations as `explain` (most of the output's size, so asked for). */
  readonly explain: boolean;
  readonly group: string | undefined;
}

export function runSimulate(files: readonly string[], options: SimulateOptions, out: Output): number {
  let errors = false;
  let failed = false;
  for (const file of files) {
    const source = readChecked(file, out);
    if (source === undefined) {
      failed = true;
      continue;
    }
    const { text, config } = source;
    // One snapshot: the rules and the simulation share its fabric, its plans and its run of the groups.
    const snapshot = new Snapshot(text, config, 0, ruleFailure(file, out));
    const { model, diagnostics, lines } = snapshot;
    errors ||= diagnostics.some((d) => d.severity === 'error');
    if (model.incomplete === true && !options.json) {
      for (const line of toTextLines(file, diagnostics, lines)) out.stderr(line);
      out.stderr(`${file}: not simulated: it instantiates more from templates and host ranges than one file may (LIM001)`);
      continue;
    }
    if (options.group !== undefined && !snapshot.groups.includes(options.group)) {
      out.stderr(`dmatopo: ${file} has no group '${options.group}'; its groups: ${snapshot.groups.join(', ') || 'none'}`);
      failed = true;
      continue;
    }
    if (options.json) {
      out.json(simulationJson(snapshot, file, options));
    } else {
      for (const line of toTextLines(file, diagnostics, lines)) out.stderr(line);
      printTables(file, snapshot.simulation(options.group), out);
    }
  }
  if (failed) return 2;
  return errors ? 1 : 0;
}

function printTables(file: string, result: SimulationResult, out: Output): void {
  for (const group of result.groups) {
    out.stdout(`${file} — group ${group.group}`);
    out.stdout('');
    const flowRows = group.flows.map((f) => [f.name, f.via ?? '-', f.pathClass ?? '-', formatRate(f.throughputBytesPerSecond), formatSeconds(f.transferSeconds), formatSeconds(f.latencySeconds), String(f.copies), formatBytes(f.cpuBytes), formatShare(f.dropShare), bottleneckName(f.bottleneck)]);
    for (const line of table(['flow', 'via', 'class', 'throughput', 'transfer', 'latency', 'copies', 'cpu bytes', 'drops', 'bottleneck'], flowRows)) out.stdout(`  ${line}`);
    out.stdout('');
    const used = [...group.links, ...group.memories].filter((l) => l.loadBytesPerSecond > 0).sort((a, b) => b.utilization - a.utilization);
    const linkRows = used.map((l) => [l.id, formatRate(l.capacityBytesPerSecond), formatRate(l.loadBytesPerSecond), `${(l.utilization * 100).toFixed(1)} %`]);
    for (const line of table(['link or memory', 'capacity', 'load', 'utilisation'], linkRows)) out.stdout(`  ${line}`);
    out.stdout('');
  }
}
