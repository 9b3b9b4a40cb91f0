// textDocument/hover on a device's name: what it is, how its DMA is
// checked, and every memory and buffer it can read and write, and why.
import type { Hover } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import { reachOf } from '../rules/reach';

export function hoverAt(snapshot: Snapshot, offset: number): Hover | null {
  const { model, lines } = snapshot;
  for (const host of model.hosts.values()) {
    for (const device of host.devices) {
      if (offset < device.nameSpan.start || offset > device.nameSpan.end) continue;
      const { protection, reach } = reachOf(device);
      const rows = reach.map((r) => `| ${r.read && r.write ? 'read/write' : r.read ? 'read' : 'write'} | \`${r.target}\` | ${r.why} |`);
      const body = [
        `**${device.deviceKind} \`${device.id}\`** — ${protection}`,
        '',
        reach.length === 0 ? 'It reaches no memory or buffer outside itself.' : 'It can reach:',
        ...(reach.length === 0 ? [] : ['', '| access | memory or buffer | why |', '|---|---|---|', ...rows]),
      ];
      // A template's device is shared by its hosts: the first one speaks for them.
      return { contents: { kind: 'markdown', value: body.join('\n') }, range: lines.range(device.nameSpan) };
    }
  }
  return null;
}
