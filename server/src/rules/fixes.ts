// Quick-fix edits and message phrases several rules share: setting a
// written property's value, adding a property to a body or removing one,
// adding a map, making a buffer pinned, listing names.
import type { BufferModel, DeviceModel, IommuModel, MapAccess, MapModel, VmModel, WrittenProperties } from '../model/index';
import type { Property, Span } from '../syntax/ast';
import { BODY_SCHEMAS } from '../syntax/index';
import type { RuleContext } from './context';
import { listIn } from './indexes';
import type { Fix } from './rule';

/** Replace `pageable` with `pinned`, or add `pinned` to the buffer's body. */
export function pinnedFix(buffer: BufferModel): Fix {
  const pageable = buffer.written.property('pageable');
  if (pageable !== undefined) return { title: `Make '${buffer.name}' pinned`, edits: [{ span: pageable.key.span, newText: 'pinned' }] };
  return { title: `Make '${buffer.name}' pinned`, edits: [addFlag(buffer, Object.keys(BODY_SCHEMAS.buffer), 'pinned')] };
}

/**
 * An edit that adds a property (`pinned`, `sg`, `rdma`, `access …`) after
 * the body's last written one, or into an empty body. Shared by the DMA rules
 * whose quick fixes add a property.
 */
export function addFlag(item: { readonly span: Span; readonly written: { property(key: string): { readonly span: Span } | undefined } }, keys: readonly string[], text: string): { span: Span; newText: string } {
  let end: number | undefined;
  for (const key of keys) {
    const property = item.written.property(key);
    if (property !== undefined && (end === undefined || property.span.end > end)) end = property.span.end;
  }
  if (end !== undefined) return { span: { start: end, end }, newText: `, ${text}` };
  const at = item.span.end - 1;
  return { span: { start: at, end: at }, newText: ` ${text} ` };
}

/**
 * The span to delete to remove `property` from `item`'s body with one
 * separator: up to the next property when only a separator and a space lie
 * between them (`ats, rdma` → `rdma`), else from the previous property
 * (`iommu i, ats` → `iommu i`). A longer gap may hold a comment, which a
 * rule cannot see: then only the property goes. `keys` are the body's
 * property names.
 */
export function removal(item: { readonly written: WrittenProperties }, property: Property, keys: readonly string[]): Span {
  const others = keys
    .map((key) => item.written.property(key))
    .filter((p): p is Property => p !== undefined && p !== property);
  const next = others.filter((p) => p.span.start >= property.span.end).sort((a, b) => a.span.start - b.span.start)[0];
  const previous = others.filter((p) => p.span.end <= property.span.start).sort((a, b) => b.span.end - a.span.end)[0];
  if (next !== undefined && next.span.start - property.span.end <= 2) return { start: property.span.start, end: next.span.start };
  if (previous !== undefined && property.span.start - previous.span.end <= 2) return { start: previous.span.end, end: property.span.end };
  return property.span;
}

/**
 * An edit that adds `map DEVICE -> BUFFER ACCESS` on a line of its own after
 * the buffer's declaration, or after the device's when the buffer comes from
 * the host's template and the device from the host's own body: a map in the
 * template could not name the device, and would be a map for every host made
 * from it.
 */
export function addMap(device: DeviceModel, buffer: BufferModel, access: MapAccess): { span: Span; newText: string } {
  const body = device.host.span;
  const inHostBody = (item: { readonly span: Span }): boolean => item.span.start >= body.start && item.span.end <= body.end;
  const at = !inHostBody(buffer) && inHostBody(device) ? device.span.end : buffer.span.end;
  return { span: { start: at, end: at }, newText: `\n  map ${device.name} -> ${buffer.name} ${access}` };
}

/**
 * What `map`, which grants `given`, should grant so that its device may also
 * do `needed`, and the edit of its access word: rw when a flow uses what it
 * grants now, else only `needed` (a widened grant no flow uses would trade
 * the finding for SEC011's).
 */
export function regrant(context: RuleContext, map: MapModel, given: 'read' | 'write', needed: MapAccess): { access: MapAccess; edit: { span: Span; newText: string } } {
  const used = map.device !== undefined && map.buffer !== undefined &&
    context.indexes.dmaHopsBetween(map.device, map.buffer).some(({ hop }) => (given === 'read' ? hop.fromBuffer : hop.toBuffer) === map.buffer);
  const access: MapAccess = used ? 'rw' : needed;
  // The access is the map's last word.
  return { access, edit: { span: { start: map.span.end - given.length, end: map.span.end }, newText: access } };
}

/**
 * Sets the written value of property `key` to `value` on each of `owners`
 * (`mode identity` → `mode strict`), as the spread-in `fix` of a finding;
 * no fix when none of them wrote the property.
 */
export function setValue(owners: ReadonlyArray<{ readonly name: string; readonly written: WrittenProperties }>, key: string, value: string): { fix?: Fix } {
  const edits = owners.flatMap((owner) => {
    const written = owner.written.property(key)?.values[0];
    return written === undefined ? [] : [{ span: written.span, newText: value }];
  });
  return edits.length === 0 ? {} : { fix: { title: `Set ${key} ${value} on ${owners.map((o) => `'${o.name}'`).join(', ')}`, edits } };
}

/** The most items a message lists by name: one finding about 10,000 flows names the first ones. */
const LISTED = 10;

/** `a`, `a and b`, `a, b and c`; past ten, `a, b, … j and 9,990 more`. */
export function list(items: readonly string[]): string {
  if (items.length > LISTED) return `${items.slice(0, LISTED).join(', ')} and ${(items.length - LISTED).toLocaleString('en-US')} more`;
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `nic 'n' (external)`. */
export const describeUntrusted = (device: DeviceModel): string => `${device.deviceKind} '${device.name}' (${device.external ? 'external' : 'untrusted'})`;

/** Devices passed through to a vm, grouped by the IOMMU in front of them; only those `select` keeps. */
export function passedThroughByIommu(devices: readonly DeviceModel[], vmOf: (device: DeviceModel) => VmModel | undefined, select: (iommu: IommuModel) => boolean): Map<IommuModel, Array<{ device: DeviceModel; vm: VmModel }>> {
  const byIommu = new Map<IommuModel, Array<{ device: DeviceModel; vm: VmModel }>>();
  for (const device of devices) {
    const vm = vmOf(device);
    if (vm === undefined || device.iommu === undefined || !select(device.iommu)) continue;
    listIn(byIommu, device.iommu).push({ device, vm });
  }
  return byIommu;
}

/** `nic 'n' is passed through to vm 'v'`, or `nic 'a' (vm 'v') and gpu 'b' (vm 'w') are passed through`. */
export function passedThrough(assigned: ReadonlyArray<{ device: DeviceModel; vm: VmModel }>): string {
  const [first] = assigned;
  return assigned.length === 1
    ? `${first!.device.deviceKind} '${first!.device.name}' is passed through to vm '${first!.vm.name}'`
    : `${list(assigned.map(({ device, vm }) => `${device.deviceKind} '${device.name}' (vm '${vm.name}')`))} are passed through`;
}
