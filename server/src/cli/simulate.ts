// `dmatopo simulate FILE... [--json [--explain]] [--group NAME]`: the
// simulation table, or the contract's JSON (one object per file and line).
// A flow is simulated even when the checks report errors about it.
import { Snapshot } from '../analysis/snapshot';
import type { Derivation } from '../sim/derivation';
import type { FlowDerivations } from '../sim/explain';
import { bottleneckName, type FlowResult, type LinkResult, type SimulationResult } from '../sim/simulate';
import { readChecked, ruleFailure, type Output } from './io';
import { toJsonDiagnostics, toTextLines } from './report';
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
    const result = snapshot.simulation(options.group);
    if (options.json) {
      out.json({ file, diagnostics: toJsonDiagnostics(diagnostics, lines), flows: result.flows.map((flow) => jsonFlow(flow, options.explain)), links: result.links.map(jsonLink), configuration: config.files });
    } else {
      for (const line of toTextLines(file, diagnostics, lines)) out.stderr(line);
      printTables(file, result, out);
    }
  }
  if (failed) return 2;
  return errors ? 1 : 0;
}

/**
 * A flow in the contract's JSON (language.md, `simulate --json`): the typed
 * result's fields under the contract's names, which are fixed: tests
 * outside this repository parse them.
 */
export function jsonFlow(flow: FlowResult, explain: boolean): Record<string, unknown> {
  return {
    name: flow.name,
    group: flow.group,
    via: flow.via ?? null,
    viaReason: flow.viaReason,
    throughput: finite(flow.throughputBytesPerSecond),
    transferTime: finite(flow.transferSeconds),
    latency: flow.latencySeconds,
    copies: flow.copies,
    cpuBytes: flow.cpuBytes,
    bottleneck: bottleneckName(flow.bottleneck),
    path: flow.path,
    pathClass: flow.pathClass ?? null,
    dropRate: flow.dropShare,
    ...(flow.ring === undefined ? {} : { burstAbsorbed: flow.ring.burstAbsorbedSeconds }),
    // Beyond the contract: how each figure was reached (formula, terms with their sources, limit).
    ...(explain ? { explain: jsonExplain(flow.derivations) } : {}),
  };
}

/** A link or memory in the contract's JSON. */
export function jsonLink(link: LinkResult): Record<string, unknown> {
  return { id: link.id, capacity: link.capacityBytesPerSecond, load: link.loadBytesPerSecond, utilization: link.utilization };
}

/** `explain`: each figure's derivation under its contract name. */
function jsonExplain(derivations: FlowDerivations): Record<string, unknown> {
  return { throughput: jsonDerivation(derivations.throughput), latency: jsonDerivation(derivations.latency), transferTime: jsonDerivation(derivations.transfer), dropRate: jsonDerivation(derivations.drop) };
}

/**
 * A derivation as `--explain` prints it. An input's span is offsets into
 * the text, for the editor to link to; the JSON (whose positions are
 * lines and characters) leaves it out.
 */
function jsonDerivation(derivation: Derivation): Record<string, unknown> {
  return {
    quantity: derivation.quantity,
    value: derivation.value,
    unit: derivation.unit,
    formula: derivation.formula,
    terms: derivation.terms.map((term) => ({
      name: term.name,
      value: term.value,
      unit: term.unit,
      source: term.source.kind === 'input' ? { kind: 'input', what: term.source.what } : term.source,
      ...(term.derivation === undefined ? {} : { derivation: jsonDerivation(term.derivation) }),
    })),
    ...(derivation.limitedBy === undefined ? {} : { limitedBy: derivation.limitedBy }),
  };
}

/** JSON has no Infinity: an unbounded figure is null. */
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

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
