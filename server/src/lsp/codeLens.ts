// textDocument/codeLens and codeLens/resolve: "Simulate" and "Show report"
// at the top of the file, and above each flow its throughput and what
// limits it. The lenses come at once from the syntax tree; a flow's title
// needs the simulation, so it is computed when the editor resolves the lens
// (as it comes into view), from the document as it is then.
import type { CodeLens, Range } from 'vscode-languageserver';
import { Commands } from '../../../protocol/commands';
import type { Snapshot } from '../analysis/snapshot';
import { formatRate, formatShare } from '../model/human';
import { bottleneckPhrase, ownLimitPhrase, simulatedFigures, type FlowOutcome } from './simulatedFigures';

/** What a flow's lens carries from codeLens to its resolve. */
export interface FlowLensData {
  readonly uri: string;
  /** The version the lens was made for; its resolve reads the document as it is then, finding the flow by name. */
  readonly version: number;
  readonly flow: string;
}

const TOP_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The file's commands, resolved already, and one unresolved lens per named flow. */
export function codeLenses(snapshot: Snapshot, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [
    { range: TOP_OF_FILE, command: { title: 'Simulate', command: Commands.runSimulation, arguments: [uri] } },
    { range: TOP_OF_FILE, command: { title: 'Show report', command: Commands.showReport, arguments: [uri] } },
  ];
  for (const decl of snapshot.tree.declarations) {
    if (decl.kind !== 'flow' || decl.name === undefined) continue;
    const data: FlowLensData = { uri, version: snapshot.version, flow: decl.name.text };
    lenses.push({ range: snapshot.lines.range({ start: decl.span.start, end: decl.name.span.end }), data });
  }
  return lenses;
}

/** A flow's lens with its title, from `snapshot`: the document's latest (undefined once it is closed). */
export function resolveCodeLens(lens: CodeLens, snapshot: Snapshot | undefined): CodeLens {
  const data = flowLensData(lens.data);
  if (data === undefined) return lens;
  const title = snapshot === undefined ? 'not simulated: the document is closed' : flowLensTitle(simulatedFigures(snapshot).flowNamed(data.flow));
  return { ...lens, command: { title, command: Commands.showReport, arguments: [data.uri, data.flow] } };
}

/** `12.4 GB/s · bottleneck node0.sw0--node0.s0`, `12 GB/s · limited by its rate`, or why there is no figure. */
export function flowLensTitle(outcome: FlowOutcome): string {
  if (!outcome.simulated) return `not simulated: ${outcome.reason}`;
  const { result } = outcome;
  const title = `${formatRate(result.throughputBytesPerSecond)} · ${bottleneckPhrase(result) ?? ownLimitPhrase(outcome)}`;
  // A flow that keeps to its rate may still lose transfers at a full ring: its throughput is then below its rate.
  return result.dropShare > 0 ? `${title} · drops ${formatShare(result.dropShare)}` : title;
}

/** The lens's data when it is a flow's, as codeLenses made it; the client sends it back, so it is checked. */
function flowLensData(data: unknown): FlowLensData | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { uri, version, flow } = data as Record<string, unknown>;
  return typeof uri === 'string' && typeof version === 'number' && typeof flow === 'string' ? { uri, version, flow } : undefined;
}
