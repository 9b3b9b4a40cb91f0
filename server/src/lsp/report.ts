// dmatopo/simulationReport and dmatopo/reportView: an open document's
// simulation as the client's "Run Simulation" and "Show Report" commands
// show it.
import { ResponseError } from 'vscode-languageserver';
import { fileNameOf } from '../../../protocol/fileName';
import type { SimulationReport } from '../../../protocol/messages';
import type { ReportView } from '../../../protocol/reportView';
import type { Snapshot } from '../analysis/snapshot';
import { severityCounts } from '../model/index';
import { markdownReport } from '../report/markdown';
import { reportView } from '../report/view';

/** The report of `group` (every group when undefined) of `snapshot`, the document at `uri`; a ResponseError naming the groups when it has no such group. */
export function simulationReport(snapshot: Snapshot, uri: string, group: string | undefined): SimulationReport | ResponseError<void> {
  const { groups } = snapshot;
  if (group !== undefined && !groups.includes(group)) {
    return new ResponseError(-32602, `this file has no group '${group}'; its groups: ${groups.join(', ') || 'none'}`);
  }
  const counts = severityCounts(snapshot.diagnostics);
  const result = snapshot.simulation(group);
  return { version: snapshot.version, groups, flows: result.flows.length, errors: counts.error, warnings: counts.warning, markdown: markdownReport(snapshot, fileNameOf(uri), group) };
}

/** dmatopo/reportView: what the report panel shows of the document at `uri`. */
export function reportViewOf(snapshot: Snapshot, uri: string): ReportView {
  return reportView(snapshot, fileNameOf(uri));
}
