// What the rules ask of a host's PCIe tree (`host.upstream`), answered from
// facts gathered once per host in one walk of the tree, so that asking for
// every device costs the tree's size and the answers, not devices × depth
// or devices × devices.
import type { DeviceModel, HostModel, LinkEnd, SwitchModel } from '../model/index';

interface TreeFacts {
  /** Euler tour: a node's subtree is the nodes whose `enter` lies in [enter, leave]. */
  readonly enter: Map<LinkEnd, number>;
  readonly leave: Map<LinkEnd, number>;
  /** The nearest ACS-off switch among a node and its ancestors. */
  readonly acsOffUp: Map<LinkEnd, SwitchModel>;
  /** For a node below its `acsOffUp` switch: the switch's child on the way down to it. */
  readonly branch: Map<LinkEnd, LinkEnd>;
  /** The highest ACS-off switch strictly above a node. */
  readonly topmostAcsOff: Map<LinkEnd, SwitchModel>;
  /** The devices in the tree, by the `enter` of their parent; with the parents' `enter`s, for a binary search. */
  readonly byParent: readonly DeviceModel[];
  readonly parentEnter: readonly number[];
  /** A device's index in `host.devices`. */
  readonly order: Map<DeviceModel, number>;
}

const factsOf = new WeakMap<HostModel, TreeFacts>();

const isAcsOff = (node: LinkEnd): node is SwitchModel => node.kind === 'switch' && !node.acs;

function treeFacts(host: HostModel): TreeFacts {
  const known = factsOf.get(host);
  if (known !== undefined) return known;
  const children = new Map<LinkEnd, LinkEnd[]>();
  for (const [node, { parent }] of host.upstream) {
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [node]);
    else list.push(node);
  }
  const enter = new Map<LinkEnd, number>();
  const leave = new Map<LinkEnd, number>();
  const acsOffUp = new Map<LinkEnd, SwitchModel>();
  const branch = new Map<LinkEnd, LinkEnd>();
  const topmostAcsOff = new Map<LinkEnd, SwitchModel>();
  let clock = 0;
  // Depth-first from each cpu (upstream is a forest rooted at the cpus), without recursion: a deep tree is a valid input.
  for (const cpu of host.cpus) {
    const stack: Array<{ node: LinkEnd; next: number }> = [{ node: cpu, next: 0 }];
    enter.set(cpu, clock++);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const below = children.get(top.node);
      if (below === undefined || top.next === below.length) {
        leave.set(top.node, clock - 1);
        stack.pop();
        continue;
      }
      const child = below[top.next++]!;
      const parent = top.node;
      enter.set(child, clock++);
      const up = isAcsOff(child) ? child : acsOffUp.get(parent);
      if (up !== undefined) acsOffUp.set(child, up);
      if (up !== undefined && up !== child) branch.set(child, isAcsOff(parent) ? child : branch.get(parent)!);
      const highest = topmostAcsOff.get(parent) ?? (isAcsOff(parent) ? parent : undefined);
      if (highest !== undefined) topmostAcsOff.set(child, highest);
      stack.push({ node: child, next: 0 });
    }
  }
  const placed = host.devices.filter((device) => host.upstream.has(device) && enter.has(host.upstream.get(device)!.parent));
  const parentOf = (device: DeviceModel): number => enter.get(host.upstream.get(device)!.parent)!;
  const byParent = placed.sort((a, b) => parentOf(a) - parentOf(b));
  const facts: TreeFacts = {
    enter,
    leave,
    acsOffUp,
    branch,
    topmostAcsOff,
    byParent,
    parentEnter: byParent.map(parentOf),
    order: new Map(host.devices.map((device, i) => [device, i])),
  };
  factsOf.set(host, facts);
  return facts;
}

/** The ACS-off switch highest above the device in its host's PCIe tree, if any. */
export function topmostAcsOff(device: DeviceModel): SwitchModel | undefined {
  return treeFacts(device.host).topmostAcsOff.get(device);
}

/**
 * Devices whose traffic with `device` turns at an ACS-off switch: those
 * whose parent and `device`'s parent first meet, going up, at such a switch;
 * in the host's order of devices.
 */
export function acsOffPeers(device: DeviceModel): Array<{ peer: DeviceModel; via: string }> {
  const facts = treeFacts(device.host);
  const start = device.host.upstream.get(device)?.parent;
  if (start === undefined || !facts.enter.has(start)) return [];
  const found: Array<{ peer: DeviceModel; via: string; index: number }> = [];
  let node: LinkEnd | undefined = start;
  let below: LinkEnd | undefined;
  while (node !== undefined) {
    const turn = facts.acsOffUp.get(node);
    if (turn === undefined) break;
    // The part of the switch's subtree the walk came up through meets the device lower down.
    const skip = turn === node ? below : facts.branch.get(node);
    const from = lowerBound(facts.parentEnter, facts.enter.get(turn)!);
    const to = lowerBound(facts.parentEnter, facts.leave.get(turn)! + 1);
    const skipFrom = skip === undefined ? to : lowerBound(facts.parentEnter, facts.enter.get(skip)!);
    const skipTo = skip === undefined ? to : lowerBound(facts.parentEnter, facts.leave.get(skip)! + 1);
    for (let i = from; i < to; i++) {
      if (i === skipFrom) i = skipTo;
      if (i >= to) break;
      const peer = facts.byParent[i]!;
      if (peer !== device) found.push({ peer, via: turn.id, index: facts.order.get(peer)! });
    }
    below = turn;
    node = device.host.upstream.get(turn)?.parent;
  }
  return found.sort((a, b) => a.index - b.index).map(({ peer, via }) => ({ peer, via }));
}

/** The first index whose value is at least `value`, in an ascending array. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
