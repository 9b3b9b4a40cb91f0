// The names completion may offer where a reference is written, each of the
// kind the language accepts there (model/references.ts's `matchesKind`):
// inside a host, the items of that host or template (its template's items
// included), read from the syntax tree so that a template's body, which
// makes no host, gets them too; at top level, hosts, then after `host.`
// the items of that host, read from the model's maps by name. Nothing here
// scans the file for a request: a host's items are its own, the hosts are
// listed only until a cap, and the templates and groups are listed once per
// version.
import type { Snapshot } from '../analysis/snapshot';
import type { HostEntity, HostModel, TopologyModel } from '../model/index';
import { matchesKind } from '../model/references';
import type { HostDecl, HostItem, Span, SyntaxTree, TemplateDecl } from '../syntax/ast';
import type { RefKind } from '../syntax/schema';
import { DEVICE_KINDS } from '../syntax/tokens';

/** A name that may be written at the cursor. */
export interface NameCandidate {
  readonly name: string;
  /** What it is: `gpu`, `buffer`, `host`, `template`, `group`. */
  readonly kind: string;
  /** Where it is declared, for its one-line preview. */
  readonly span: Span | undefined;
  /** The template that gave it to the host, if any. */
  readonly fromTemplate?: string;
}

/** At most this many hosts are listed at once; a longer list is incomplete, and the editor asks again as the name is typed. */
export const MAX_HOSTS = 100;

/** Whether an item declared with `keyword` (`gpu`, `buffer`) is of one of `kinds`. */
function itemMatches(keyword: string, kinds: readonly RefKind[]): boolean {
  const device = (DEVICE_KINDS as readonly string[]).includes(keyword);
  return kinds.some((kind) => {
    switch (kind) {
      case 'device':
        return device;
      case 'endpoint':
        return device || keyword === 'buffer';
      default:
        return keyword === kind;
    }
  });
}

/**
 * The items of `kinds` that a bare name inside `container` may name: its
 * own, and for a host made from a template, the template's (a host may not
 * redeclare them, so the first of a name is the one).
 */
export function localNames(snapshot: Snapshot, container: HostDecl | TemplateDecl, kinds: readonly RefKind[]): NameCandidate[] {
  const found = new Map<string, NameCandidate>();
  const add = (items: readonly HostItem[], fromTemplate: string | undefined) => {
    for (const item of items) {
      if (item.kind !== 'item' || item.name === undefined || found.has(item.name.text) || !itemMatches(item.itemKind.text, kinds)) continue;
      const candidate = { name: item.name.text, kind: item.itemKind.text, span: item.span };
      found.set(item.name.text, fromTemplate === undefined ? candidate : { ...candidate, fromTemplate });
    }
  };
  const template = container.kind === 'host' ? templateOf(snapshot, container) : undefined;
  if (template !== undefined) add(template.items, template.name?.text);
  add(container.items, undefined);
  return [...found.values()];
}

/** The template `host h : t` names, through the references (a binary search), when it resolves. */
function templateOf(snapshot: Snapshot, host: HostDecl): TemplateDecl | undefined {
  if (host.template === undefined) return undefined;
  const node = snapshot.references.at(host.template.span.start)?.declarations[0]?.node;
  return node?.kind === 'template' ? node : undefined;
}

/**
 * The hosts a qualified name may start with: those with at least one item
 * of `kinds`, whose name starts with `prefix` (ignoring case), at most
 * `MAX_HOSTS` of them. `incomplete` when more would match.
 */
export function hostNames(model: TopologyModel, kinds: readonly RefKind[], prefix: string, except?: string): { hosts: NameCandidate[]; incomplete: boolean } {
  const hosts: NameCandidate[] = [];
  const lower = prefix.toLowerCase();
  for (const host of model.hosts.values()) {
    if (host.name === except || !host.name.toLowerCase().startsWith(lower) || !holdsAny(host, kinds)) continue;
    if (hosts.length === MAX_HOSTS) return { hosts, incomplete: true };
    hosts.push({ name: host.name, kind: 'host', span: host.nameSpan, ...(host.template === undefined ? {} : { fromTemplate: host.template }) });
  }
  return { hosts, incomplete: false };
}

/** Whether the host has an item of `kinds`; a few lists' lengths, at worst its devices. */
function holdsAny(host: HostModel, kinds: readonly RefKind[]): boolean {
  return kinds.some((kind) => {
    switch (kind) {
      case 'cpu':
        return host.cpus.length > 0;
      case 'memory':
        return host.memories.length > 0;
      case 'iommu':
        return host.iommus.length > 0;
      case 'switch':
        return host.switches.length > 0;
      case 'buffer':
        return host.buffers.length > 0;
      case 'device':
        return host.devices.length > 0;
      case 'endpoint':
        return host.devices.length > 0 || host.buffers.length > 0;
      case 'nic':
      case 'gpu':
        return host.devices.some((device) => device.deviceKind === kind);
    }
  });
}

/** The items of `kinds` in host `hostName`, for what follows `host.`; none when there is no such host. */
export function qualifiedNames(model: TopologyModel, hostName: string, kinds: readonly RefKind[]): NameCandidate[] {
  const host = model.hosts.get(hostName);
  if (host === undefined) return [];
  const names: NameCandidate[] = [];
  for (const entity of host.entities.values()) {
    if (!matchesKind(entity, kinds)) continue;
    const fromTemplate = host.template !== undefined && !within(entity.nameSpan, host.span) ? host.template : undefined;
    names.push({ name: entity.name, kind: kindOf(entity), span: entity.span, ...(fromTemplate === undefined ? {} : { fromTemplate }) });
  }
  return names;
}

const kindOf = (entity: HostEntity): string => (entity.kind === 'device' ? entity.deviceKind : entity.kind);
const within = (inner: Span, outer: Span): boolean => outer.start <= inner.start && inner.end <= outer.end;

const templatesOfTree = new WeakMap<SyntaxTree, NameCandidate[]>();

/** Every template of the file, for `host h : …`; listed once per version of the tree. */
export function templateNames(tree: SyntaxTree): NameCandidate[] {
  let templates = templatesOfTree.get(tree);
  if (templates === undefined) {
    templates = [];
    for (const decl of tree.declarations) {
      if (decl.kind === 'template' && decl.name !== undefined) templates.push({ name: decl.name.text, kind: 'template', span: decl.span });
    }
    templatesOfTree.set(tree, templates);
  }
  return templates;
}

const groupsOfModel = new WeakMap<TopologyModel, NameCandidate[]>();

/** The groups the file's flows name (`default` among them when a flow names none), for a flow's `group`; listed once per version. */
export function groupNames(model: TopologyModel): NameCandidate[] {
  let groups = groupsOfModel.get(model);
  if (groups === undefined) {
    const seen = new Set<string>();
    for (const flow of model.flows.values()) seen.add(flow.group);
    groups = [...seen].map((name) => ({ name, kind: 'group', span: undefined }));
    groupsOfModel.set(model, groups);
  }
  return groups;
}
