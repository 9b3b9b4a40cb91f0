// dmatopo/exportReport: the report "Export Report" saves, the same text the
// command line prints — `simulate --json`'s object, pretty-printed, or the
// Markdown report — so that a file exported from the editor and one made
// in CI compare equal.
import { ResponseError } from 'vscode-languageserver';
import type { ExportReportParams } from '../../../protocol/messages';
import type { Snapshot } from '../analysis/snapshot';
import { simulationJson } from '../report/json';
import { markdownReport } from '../report/markdown';

/** The exported text of `snapshot`, or a ResponseError naming the groups when it has no such group. */
export function exportReport(snapshot: Snapshot, params: Omit<ExportReportParams, 'uri'>): { text: string } | ResponseError<void> {
  const { group, file } = params;
  if (group !== undefined && !snapshot.groups.includes(group)) {
    return new ResponseError(-32602, `this file has no group '${group}'; its groups: ${snapshot.groups.join(', ') || 'none'}`);
  }
  if (params.format === 'markdown') return { text: markdownReport(snapshot, file, group) };
  return { text: `${JSON.stringify(simulationJson(snapshot, file, { explain: false, group }), null, 2)}\n` };
}
