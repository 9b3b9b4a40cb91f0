// `dmatopo reach FILE... [--json]`: for every DMA-capable device, the
// memories and buffers it can read and write, and why.
import { Snapshot } from '../analysis/snapshot';
import { access, reachability, type DeviceReach } from '../rules/reach';
import { readSource, type Output } from './io';
import { table } from './units';

export function runReach(files: readonly string[], options: { json: boolean }, out: Output): number {
  let failed = false;
  let incomplete = false;
  for (const file of files) {
    const text = readSource(file, out)?.text;
    if (text === undefined) {
      failed = true;
      continue;
    }
    const { model } = new Snapshot(text);
    if (model.incomplete === true) {
      // What a device reaches depends on the whole topology, which the model does not hold (LIM001).
      out.stderr(`${file}: not listed: it instantiates more from templates and host ranges than one file may (LIM001; see dmatopo check)`);
      incomplete = true;
      continue;
    }
    const devices = reachability(model);
    if (options.json) {
      out.json({ file, devices: devices.map(jsonDevice) });
      continue;
    }
    for (const entry of devices) {
      out.stdout(`${entry.device.id} (${entry.device.deviceKind}; ${entry.protection})`);
      const rows = entry.reach.map((r) => [`  ${access(r.read, r.write)}`, r.target, r.why]);
      if (rows.length === 0) out.stdout('  reaches nothing outside itself');
      else for (const line of table(['  access', 'memory or buffer', 'why'], rows)) out.stdout(line);
      out.stdout('');
    }
  }
  return failed ? 2 : incomplete ? 1 : 0;
}

function jsonDevice(entry: DeviceReach): object {
  return { device: entry.device.id, kind: entry.device.deviceKind, protection: entry.protection, reach: entry.reach };
}
