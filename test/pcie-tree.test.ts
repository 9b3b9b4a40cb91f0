// The PCIe tree facts the rules share (rules/pcieTree.ts), against the walk
// up the tree they replace, on random trees: switches with ACS on or off,
// devices under switches, cpus or other devices, some left unlinked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import './seed';
import { analyze, type DeviceModel, type HostModel, type LinkEnd } from '../server/src/model/index';
import { topmostAcsOff } from '../server/src/rules/pcieTree';
import { reachOf } from '../server/src/rules/reach';

/** A host of two sockets whose i-th node hangs from node `parents[i]` among the ones before it (-1: unlinked). */
function hostText(nodes: ReadonlyArray<{ kind: 'on' | 'off' | 'gpu' | 'nic'; parent: number }>): string {
  const names = ['s0', 's1'];
  const lines = ['host h {', '  cpu s0 {}', '  cpu s1 {}', '  iommu mmu { mode strict }'];
  const links: string[] = [];
  nodes.forEach((node, i) => {
    const name = node.kind === 'on' || node.kind === 'off' ? `sw${i}` : `${node.kind}${i}`;
    if (node.kind === 'on' || node.kind === 'off') lines.push(`  switch ${name} { acs ${node.kind} }`);
    else if (node.kind === 'gpu') lines.push(`  gpu ${name} { iommu mmu; memory 16 GiB }`);
    else lines.push(`  nic ${name} { iommu mmu }`);
    if (node.parent >= 0) links.push(`  link ${names[node.parent % names.length]} -- ${name} : pcie gen4 x16`);
    names.push(name);
  });
  return [...lines, ...links, '}', ''].join('\n');
}

/** The walk the facts replace: up from each device until a node above `device` is met. */
function naivePeers(device: DeviceModel): string[] {
  const upstream = device.host.upstream;
  const ancestors = new Set<LinkEnd>();
  for (let node: LinkEnd | undefined = upstream.get(device)?.parent; node !== undefined; node = upstream.get(node)?.parent) ancestors.add(node);
  const peers: string[] = [];
  for (const other of device.host.devices) {
    if (other === device) continue;
    for (let up: LinkEnd | undefined = upstream.get(other)?.parent; up !== undefined; up = upstream.get(up)?.parent) {
      if (!ancestors.has(up)) continue;
      if (up.kind === 'switch' && !up.acs && other.memoryBytes !== undefined) peers.push(`${other.id} via ${up.id}`);
      break;
    }
  }
  return peers;
}

function naiveTopmost(device: DeviceModel): string | undefined {
  let top: string | undefined;
  for (let node: LinkEnd | undefined = device.host.upstream.get(device)?.parent; node !== undefined; node = device.host.upstream.get(node)?.parent) {
    if (node.kind === 'switch' && !node.acs) top = node.id;
  }
  return top;
}

const tree = fc.array(fc.record({ kind: fc.constantFrom('on' as const, 'off' as const, 'gpu' as const, 'nic' as const), parent: fc.integer({ min: -1, max: 40 }) }), { maxLength: 24 }).map((nodes) =>
  // Each node hangs from one before it (or from a cpu), so that the links form a tree.
  nodes.map((node, i) => ({ kind: node.kind, parent: node.parent < 0 ? -1 : node.parent % (i + 2) })),
);

describe('PCIe tree facts', () => {
  it('name the peers whose traffic turns at an ACS-off switch, and the topmost ACS-off switch, as a walk up the tree does', () => {
    let peersSeen = 0;
    fc.assert(
      fc.property(tree, (nodes) => {
        const { model } = analyze(hostText(nodes));
        const host = model.hosts.get('h') as HostModel;
        for (const device of host.devices) {
          const peers = reachOf(device).reach.filter((r) => r.kind === 'device memory').map((r) => `${r.target} via ${/ACS-off switch (\S+):/.exec(r.why)![1]}`);
          assert.deepEqual(peers, naivePeers(device), device.id);
          assert.equal(topmostAcsOff(device)?.id, naiveTopmost(device), device.id);
          peersSeen += peers.length;
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(peersSeen > 0, 'some tree had peers below an ACS-off switch');
  });
});
