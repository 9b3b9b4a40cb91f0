// Whether a new name clashes in the scope of the declaration being renamed
// (language.md § File structure): top-level names (hosts, templates,
// networks, flows) are unique in the file, a host range declaring one host
// per index (`node[0..3]` is node0 … node3); an item's name is unique in its
// host together with the items its template gives it, so a template's item
// clashes with what any host made from it adds.
import type { Snapshot } from '../analysis/snapshot';
import type { NameDeclaration } from '../model/index';
import { MAX_RANGE_HOSTS } from '../model/ranges';
import { digitsValue } from '../model/units';
import type { HostDecl, RangeBounds, SyntaxTree, TemplateDecl } from '../syntax/ast';

/** The declaration that already holds a name, and how to speak of it. */
export interface Clash {
  readonly declaration: NameDeclaration;
  /** `the flow 'f'`, `host 'node2' of the range 'node[0..3]'`, `the nic 'nic0' of host 'head'`. */
  readonly what: string;
}

/** What already declares `name` where `declaration` would be renamed to it; undefined when nothing does. */
export function clashOf(snapshot: Snapshot, declaration: NameDeclaration, name: string): Clash | undefined {
  if (declaration.container === undefined) return topLevelClash(snapshot, declaration, name);
  for (const { container, via } of itemScopes(snapshot, declaration.container)) {
    for (const item of container.items) {
      if (item.kind !== 'item' || item.name?.text !== name || item === declaration.node) continue;
      const found = snapshot.references.at(item.name.span.start)?.declarations[0];
      if (found === undefined) continue;
      const holder = `${container.kind} '${container.name?.text ?? ''}'`;
      return { declaration: found, what: `the ${item.itemKind.text} '${name}' of ${holder}${via}` };
    }
  }
  return undefined;
}

/** The hosts and templates whose items share a scope with those of `container`. */
function itemScopes(snapshot: Snapshot, container: HostDecl | TemplateDecl): Array<{ container: HostDecl | TemplateDecl; via: string }> {
  const scopes: Array<{ container: HostDecl | TemplateDecl; via: string }> = [{ container, via: '' }];
  const references = snapshot.references;
  if (container.kind === 'host' && container.template !== undefined) {
    // The template the model gave the host: the one its template word names.
    const template = references.at(container.template.span.start)?.declarations[0]?.node;
    if (template?.kind === 'template') scopes.push({ container: template, via: `, which host '${container.name?.text ?? ''}' is made from` });
  } else if (container.kind === 'template' && container.name !== undefined) {
    const declared = references.at(container.name.span.start)?.declarations[0];
    for (const use of declared === undefined ? [] : references.referencesTo(declared)) {
      const host = snapshot.nodeAt(use.span.start).declaration;
      if (host?.kind === 'host' && host.template?.span.start === use.span.start) scopes.push({ container: host, via: ', a host made from this template' });
    }
  }
  return scopes;
}

function topLevelClash(snapshot: Snapshot, declaration: NameDeclaration, name: string): Clash | undefined {
  const names = topLevelNames(snapshot.references.declarations, snapshot.tree);
  const bounds = declaration.range === undefined ? undefined : boundsOf(declaration.range);
  if (declaration.range !== undefined) {
    // A range whose bounds are not valid declares no host (VAL001), and so clashes with nothing.
    if (bounds === undefined) return undefined;
    for (let i = bounds.low; i <= bounds.high; i++) {
      const clash = names.holder(`${name}${i}`, declaration);
      if (clash !== undefined) return clash;
    }
    return undefined;
  }
  return names.holder(name, declaration);
}

const built = new WeakMap<SyntaxTree, TopLevelNames>();

/** The top-level names of a tree, built once per tree on the first rename that needs them. */
function topLevelNames(declarations: readonly NameDeclaration[], tree: SyntaxTree): TopLevelNames {
  let names = built.get(tree);
  if (names === undefined) built.set(tree, (names = new TopLevelNames(declarations)));
  return names;
}

interface RangeHost {
  readonly declaration: NameDeclaration;
  readonly low: number;
  readonly high: number;
}

/** Every top-level name: by name, and each host range by its prefix with its bounds (never expanded: a range may hold 4,096 hosts). */
class TopLevelNames {
  private readonly plain = new Map<string, NameDeclaration[]>();
  private readonly ranges = new Map<string, RangeHost[]>();

  constructor(declarations: readonly NameDeclaration[]) {
    for (const declaration of declarations) {
      if (declaration.container !== undefined) continue;
      if (declaration.range === undefined) {
        push(this.plain, declaration.name, declaration);
        continue;
      }
      const bounds = boundsOf(declaration.range);
      if (bounds !== undefined) push(this.ranges, declaration.name, { declaration, ...bounds });
    }
  }

  /** A declaration other than `self` that declares `name`, as a name or as a host of a range. */
  holder(name: string, self: NameDeclaration): Clash | undefined {
    const plain = this.plain.get(name)?.find((d) => d !== self);
    if (plain !== undefined) return { declaration: plain, what: `the ${plain.kind} '${name}'` };
    // `node12` is host 12 of `node[…]` or host 2 of `node1[…]`: try each split into a prefix and an index written without leading zeros.
    for (let cut = name.length - 1; cut > 0 && isDigit(name.charCodeAt(cut)); cut--) {
      const digits = name.slice(cut);
      if (digits.length > 1 && digits.startsWith('0')) continue;
      const index = Number(digits);
      const range = this.ranges.get(name.slice(0, cut))?.find((r) => r.declaration !== self && r.low <= index && index <= r.high);
      if (range !== undefined) return { declaration: range.declaration, what: `host '${name}' of the range '${range.declaration.name}[${range.low}..${range.high}]'` };
    }
    return undefined;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The bounds of a range as the model takes them (model/ranges.ts), or undefined when the model declares no host for it. */
function boundsOf(range: RangeBounds): { low: number; high: number } | undefined {
  if (range.low.unit !== undefined || range.high.unit !== undefined) return undefined;
  const low = digitsValue(range.low.digits, range.low.isHex);
  const high = digitsValue(range.high.digits, range.high.isHex);
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 0 || high < low || high - low + 1 > MAX_RANGE_HOSTS) return undefined;
  return { low, high };
}
