// The hover of a name, declared or used (a use hovers as its declaration):
// what it is, its properties in human units (written ones linked to where,
// defaults marked), and what the topology does with it — a device's reach
// and the flows through it, a memory's load, a buffer's maps and flows, a
// network's ports. An item of a template or a host range is one per host:
// its hosts are named once (`node[0..3]`) and its figures said once, hosts
// that differ getting rows of their own.
import type { BufferModel, DeviceModel, HostEntity, HostModel, NetworkModel, WrittenProperties } from '../../model/index';
import type { NameDeclaration } from '../../model/referenceList';
import { reachOf } from '../../rules/reach';
import type { BodyDecl, HostDecl, NumberValue, TemplateDecl } from '../../syntax/ast';
import { BODY_SCHEMAS, bodyKindOfItem, type BodyKind } from '../../syntax/schema';
import { KEYWORD_DOCS } from '../../syntax/keywordDocs';
import { digitsValue, toSI, UNITS } from '../../model/units';
import { derivationMarkdown, formatBytes, formatRate, formatSeconds } from '../figures';
import { code, escape, listed, plural, table } from '../markdown';
import { hostRanges, hostsText, NOT_SIMULATED, type HoverContext } from './context';
import { declaredFlow, flowHover, flowTable } from './flow';
import { loadTable } from './link';

/** The hover of the declaration `decl` (a name's, or a use's). */
export function declarationHover(ctx: HoverContext, decl: NameDeclaration): string[] {
  const { model } = ctx.snapshot;
  switch (decl.kind) {
    case 'flow': {
      const flow = declaredFlow(model, decl.node as BodyDecl);
      return flow !== undefined ? flowHover(ctx, flow) : [`**flow ${code(decl.name)}**: left out of the model (see its diagnostics)`];
    }
    case 'network': {
      const network = model.networks.get(decl.name);
      return network !== undefined && network.nameSpan.start === decl.span.start ? networkHover(ctx, network) : [`**network ${code(decl.name)}**: left out of the model (see its diagnostics)`];
    }
    case 'host':
      return hostHover(ctx, decl.node as HostDecl);
    case 'template':
      return templateHover(ctx, decl.node as TemplateDecl);
    default:
      return itemHover(ctx, decl);
  }
}

function hostHover(ctx: HoverContext, decl: HostDecl): string[] {
  const hosts = ctx.index.hostsOf(decl);
  const name = decl.name?.text ?? '?';
  const template = decl.template === undefined ? '' : ` from template ${code(decl.template.text)}`;
  if (hosts.length === 0) return [`**host ${code(name)}**${template}: left out of the model (see its diagnostics)`];
  const title = decl.range === undefined ? `**host ${code(name)}**${template}` : `**${plural(hosts.length, 'host')}** ${escape(hostRanges(hosts).join(', '))}${template}`;
  return [title, `${hosts.length === 1 ? 'It' : 'Each'} has ${contents(hosts[0]!)}.`];
}

function templateHover(ctx: HoverContext, decl: TemplateDecl): string[] {
  const hosts = ctx.index.hostsOf(decl);
  const name = code(decl.name?.text ?? '?');
  return [`**template ${name}**: ${plural(decl.items.length, 'item')}`, hosts.length === 0 ? 'No host is made from it.' : `Made into ${hostsText(hosts)}.`];
}

/** What a host holds, counted: `2 cpus, 1 memory, 3 devices, 4 links`. */
function contents(host: HostModel): string {
  const counts: Array<[number, string, string?]> = [
    [host.cpus.length, 'cpu'],
    [host.memories.length, 'memory', 'memories'],
    [host.iommus.length, 'iommu'],
    [host.switches.length, 'switch', 'switches'],
    [host.devices.length, 'device'],
    [host.buffers.length, 'buffer'],
    [host.maps.length, 'map'],
    [host.links.length, 'link'],
    [host.mrs.length, 'mr'],
    [host.vms.length, 'vm'],
  ];
  const shown = counts.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many));
  return shown.length === 0 ? 'no items' : listed(shown, 20);
}

/** A cpu, memory, iommu, switch, device, buffer, mr or vm: each host's entity of that declaration. */
function itemHover(ctx: HoverContext, decl: NameDeclaration): string[] {
  const container = decl.container!;
  const hosts = ctx.index.hostsOf(container);
  const entities: HostEntity[] = [];
  for (const host of hosts) {
    const entity = host.entities.get(decl.name);
    if (entity !== undefined && entity.nameSpan.start === decl.span.start) entities.push(entity);
  }
  const shared = container.kind === 'template' || container.range !== undefined;
  const first = entities[0];
  const label = shared ? code(decl.name) : code(first?.id ?? decl.name);
  const where = !shared ? '' : entities.length === 0 ? ` in ${container.kind} ${code(container.name?.text ?? '?')}, which makes no host` : `, in ${hostsText(entities.map((e) => e.host))}`;
  if (first === undefined) return [`**${decl.kind} ${label}**${where}`, escape(KEYWORD_DOCS[decl.kind] ?? '')];
  if (first.kind === 'device') return deviceHover(ctx, entities as DeviceModel[], label, where);
  const blocks = [`**${decl.kind} ${label}**${where}`, propertyTable(ctx, bodyKindOfItem(decl.kind), first.written)];
  switch (first.kind) {
    case 'cpu':
    case 'switch':
      blocks.push(flowsThrough(ctx, entities, first.kind === 'cpu' ? 'its root complex' : 'it'));
      break;
    case 'memory':
      blocks.push(ctx.snapshot.model.incomplete === true ? NOT_SIMULATED : `Load in each group (a CPU copy counts twice):\n\n${loadTable(ctx, entities.map((e) => ({ id: e.id, host: e.host.name })))}`);
      break;
    case 'iommu': {
      const behind = first.host.devices.filter((d) => d.iommu === first).map((d) => code(d.name));
      blocks.push(`${first.mode === 'strict' || first.mode === 'lazy' ? 'Translates' : 'Does not translate'} the DMA of ${behind.length === 0 ? 'no device' : listed(behind)}.`);
      break;
    }
    case 'buffer':
      blocks.push(...bufferFacts(ctx, entities as BufferModel[]));
      break;
  }
  return blocks;
}

/** A device: how its DMA is checked, its properties, what it can reach and why, the flows through it. */
function deviceHover(ctx: HoverContext, devices: readonly DeviceModel[], label: string, where: string): string[] {
  const first = devices[0]!;
  const { protection } = reachOf(first);
  // The bandwidth of on-device memory means nothing for a device without memory.
  const skip = first.memoryBytes === undefined ? ['bandwidth'] : [];
  const blocks = [`**${first.deviceKind} ${label}**${where} — ${escape(protection)}`, propertyTable(ctx, 'device', first.written, undefined, skip)];
  // Hosts whose device reaches the same (by local names) share one table.
  const byReach = new Map<string, { hosts: HostModel[]; rows: string[][] }>();
  for (const device of devices) {
    const prefix = `${device.host.name}.`;
    const local = (id: string) => (devices.length > 1 && id.startsWith(prefix) ? id.slice(prefix.length) : id);
    const rows = reachOf(device).reach.map((r) => [r.read && r.write ? 'read/write' : r.read ? 'read' : 'write', code(local(r.target)), escape(r.why)]);
    const key = rows.map((row) => row.join('\0')).join('\n');
    const entry = byReach.get(key);
    if (entry === undefined) byReach.set(key, { hosts: [device.host], rows });
    else entry.hosts.push(device.host);
  }
  for (const { hosts, rows } of byReach.values()) {
    const lead = byReach.size > 1 ? `In ${hostsText(hosts)}, it` : 'It';
    blocks.push(rows.length === 0 ? `${lead} reaches no memory or buffer outside itself.` : [`${lead} can reach:`, '', ...table(['access', 'memory or buffer', 'why'], rows)].join('\n'));
  }
  blocks.push(flowsThrough(ctx, devices, 'it'));
  return blocks;
}

function flowsThrough(ctx: HoverContext, entities: readonly HostEntity[], what: string): string {
  if (ctx.snapshot.model.incomplete === true) return NOT_SIMULATED;
  const flows = [...new Set(entities.flatMap((e) => ctx.index.flowsThrough(e.id)))];
  if (flows.length === 0) return `No flow goes through ${what}.`;
  return `${plural(flows.length, 'flow goes', 'flows go')} through ${what}:\n\n${flowTable(ctx, flows)}`;
}

function bufferFacts(ctx: HoverContext, buffers: readonly BufferModel[]): string[] {
  const first = buffers[0]!;
  const facts = [`${first.count > 1 ? `${first.count.toLocaleString('en-US')} × ${formatBytes(first.sizeBytes)} = ${formatBytes(first.sizeBytes * first.count)}` : formatBytes(first.sizeBytes)}, ${first.pinned ? 'pinned' : 'pageable'}, in ${first.location === undefined ? '?' : code(first.location.name)}.`];
  const maps = first.host.maps.filter((m) => m.buffer === first && m.device !== undefined).map((m) => `${code(m.device!.name)} ${m.access ?? '?'}`);
  facts.push(maps.length === 0 ? 'No device has a map to it.' : `Mapped for ${listed(maps)}.`);
  const flows = [...new Set(buffers.flatMap((b) => ctx.index.flowsAt(b.id)))];
  facts.push(flows.length === 0 ? 'No flow starts, ends or stages in it.' : `${plural(flows.length, 'flow starts, ends or stages', 'flows start, end or stage')} in it:\n\n${flowTable(ctx, flows)}`);
  return facts;
}

function networkHover(ctx: HoverContext, network: NetworkModel): string[] {
  const ports = network.ports;
  const blocks = [`**network ${code(network.name)}**: ${network.networkKind}, ${plural(ports.length, 'port')}`, propertyTable(ctx, 'network', network.written, network.networkKind)];
  if (ports.length > 0) {
    // One NIC name on every host (the usual network of alike hosts) reads as host ranges: `node[0..7].nic0`.
    const oneName = new Set(ports.map((p) => p.name)).size === 1;
    const attached = oneName ? hostRanges(ports.map((p) => p.host.name)).map((h) => `${h}.${ports[0]!.name}`) : ports.map((p) => p.id);
    blocks.push(`Attached: ${escape(listed(attached))}.`);
  }
  if (ports.length === 0 || ctx.snapshot.model.incomplete === true) return blocks;
  const port = ctx.index.fabricLink(`${ports[0]!.id}--${network.name}`);
  if (port !== undefined) blocks.push(derivationMarkdown(port.derivation, ctx, 2, 'Usable capacity of each port, each direction').join('\n'));
  blocks.push(`Load of its ports in each group:\n\n${loadTable(ctx, ports.map((p) => ({ id: `${p.id}--${network.name}`, host: p.host.name })))}`);
  return blocks;
}

/**
 * The properties of a body as the model holds them: each one written with
 * a valid value, linked to where, and each default the body takes. Flags
 * that are not written are off and left out.
 */
export function propertyTable(ctx: HoverContext, bodyKind: BodyKind, written: WrittenProperties, technology?: string, skipDefaults: readonly string[] = []): string {
  const rows: string[][] = [];
  for (const [key, spec] of Object.entries(BODY_SCHEMAS[bodyKind])) {
    const property = written.valid(key);
    if (property !== undefined) {
      const first = property.values[0];
      const last = property.values[property.values.length - 1];
      const text = first === undefined ? 'on' : ctx.snapshot.text.slice(first.span.start, last!.span.end).replace(/\s+/g, ' ');
      const human = first !== undefined && property.values.length === 1 && first.kind === 'number' ? humanForm(first) : undefined;
      rows.push([code(key), `${ctx.place(property.span, escape(text))}${human === undefined ? '' : ` = ${human}`}`]);
      continue;
    }
    const fallback = spec.default;
    if (fallback === undefined || skipDefaults.includes(key)) continue;
    const value = 'byKind' in fallback ? (technology === undefined ? undefined : fallback.byKind[technology]) : fallback;
    if (value !== undefined) rows.push([code(key), `${escape(value.text)} (default)`]);
  }
  return rows.length === 0 ? 'No properties.' : table(['property', 'value'], rows).join('\n');
}

/** A written quantity in the units figures are shown in, when that reads differently: `200 Gb/s` → 25 GB/s. */
function humanForm(value: NumberValue): string | undefined {
  const unit = value.unit === undefined ? undefined : UNITS.get(value.unit);
  if (unit === undefined) return undefined;
  const si = toSI(digitsValue(value.digits, value.isHex), unit.factor);
  const shown = unit.dimension === 'byteRate' ? formatRate(si) : unit.dimension === 'size' ? formatBytes(si) : unit.dimension === 'time' ? formatSeconds(si) : undefined;
  const written = `${value.digits} ${value.unit}`.replace(/\bus$/, 'µs');
  return shown === undefined || shown === written || si === 0 ? undefined : shown;
}
