// The contract's JSON of a file (language.md: `check --json`, `simulate
// --json`): diagnostics with zero-based LSP positions, flows and links
// under the contract's field names, in SI units. The command line prints
// it and the language server answers the client's report request with it:
// one shape, whoever asks.
import type { Snapshot } from '../analysis/snapshot';
import type { Diagnostic, LineIndex, Range } from '../model/index';
import { docsUrl } from '../rules/index';
import type { Derivation } from '../sim/derivation';
import type { FlowDerivations } from '../sim/explain';
import { bottleneckName, type FlowResult, type LinkResult } from '../sim/simulate';

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly range: Range;
  /** A rule's documentation page. */
  readonly codeDescription?: { readonly href: string };
  readonly relatedInformation?: ReadonlyArray<{ readonly range: Range; readonly message: string }>;
}

export function toJsonDiagnostics(diagnostics: readonly Diagnostic[], lines: LineIndex): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: lines.range(d.span),
    ...(d.docs === undefined ? {} : { codeDescription: { href: docsUrl(d.docs) } }),
    ...(d.related === undefined ? {} : { relatedInformation: d.related.map((r) => ({ range: lines.range(r.span), message: r.message })) }),
  }));
}

/**
 * `simulate --json`'s object for one file: its diagnostics, the flows of
 * `group` (every group's when undefined) and the links of the busiest group.
 */
export function simulationJson(snapshot: Snapshot, file: string, options: { readonly explain: boolean; readonly group: string | undefined }): Record<string, unknown> {
  const result = snapshot.simulation(options.group);
  return {
    file,
    diagnostics: toJsonDiagnostics(snapshot.diagnostics, snapshot.lines),
    flows: result.flows.map((flow) => jsonFlow(flow, options.explain)),
    links: result.links.map(jsonLink),
    configuration: snapshot.config.files,
  };
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
