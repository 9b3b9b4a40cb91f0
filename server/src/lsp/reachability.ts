// dmatopo/reachability: "Show Reachability", `dmatopo reach` of an open
// document as a Markdown document: one section per DMA-capable device, with
// how its DMA is checked and a table of what it can read and write, and why.
import type { Snapshot } from '../analysis/snapshot';
import { escapeMarkdown, escapeMarkdownLine } from '../report/markdown';
import { access, reachability } from '../rules/reach';

export function reachabilityMarkdown(snapshot: Snapshot, file: string): string {
  const out = [`# What each device can reach: ${escapeMarkdown(file)}`, ''];
  const { model } = snapshot;
  if (model.incomplete === true) {
    // What a device reaches depends on the whole topology, which the model does not hold (LIM001).
    out.push('Not listed: this file instantiates more from templates and host ranges than one file may (LIM001).', '');
    return out.join('\n');
  }
  const devices = reachability(model);
  if (devices.length === 0) out.push('This file declares no device.', '');
  for (const { device, protection, reach } of devices) {
    out.push(`## ${escapeMarkdown(device.id)}`, '', escapeMarkdownLine(`${device.deviceKind}; ${protection}`), '');
    if (reach.length === 0) {
      out.push('Reaches nothing outside itself.', '');
      continue;
    }
    out.push('| access | memory or buffer | why |', '| --- | --- | --- |');
    for (const r of reach) out.push(`| ${access(r.read, r.write)} | ${escapeMarkdown(r.target)} | ${escapeMarkdown(r.why)} |`);
    out.push('');
  }
  return out.join('\n');
}
