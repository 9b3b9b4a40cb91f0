// Name resolution: a bare name inside a host, a qualified `host.name` at top
// level. An unknown name is REF001 with the closest name as a suggestion, a
// name of the wrong kind REF003 naming what was found.
import type { QualifiedName, Word } from '../syntax/ast';
import { closestWord } from '../syntax/index';
import type { RefKind } from '../syntax/schema';
import type { DiagnosticSink } from './diagnostics';
import type { HostEntity, HostModel } from './types';

/** What an entity is called in messages: `gpu`, `nic`, `buffer`, `cpu`… */
export function kindName(entity: HostEntity): string {
  return entity.kind === 'device' ? entity.deviceKind : entity.kind;
}

export function matchesKind(entity: HostEntity, kinds: readonly RefKind[]): boolean {
  return kinds.some((kind) => {
    switch (kind) {
      case 'device':
        return entity.kind === 'device';
      case 'nic':
      case 'gpu':
        return entity.kind === 'device' && entity.deviceKind === kind;
      case 'endpoint':
        return entity.kind === 'device' || entity.kind === 'buffer';
      default:
        return entity.kind === kind;
    }
  });
}

export function describeKinds(kinds: readonly RefKind[]): string {
  const names = kinds.map((kind) => (kind === 'endpoint' ? 'buffer or device' : kind));
  return names.length === 1 ? `a ${names[0]}` : `a ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Resolves a bare name among one host's entities. */
export function resolveLocal<K extends HostEntity>(
  word: Word,
  kinds: readonly RefKind[],
  entities: ReadonlyMap<string, HostEntity>,
  where: string,
  sink: DiagnosticSink,
): K | undefined {
  const entity = entities.get(word.text);
  if (entity === undefined) {
    // One search among the names of the right kind, then one among all names: the budget pays for both up front.
    const searched = !sink.muted && sink.suggestions.spend(2 * entities.size);
    const ofKind = searched ? closestWord(word.text, [...entities.values()].filter((e) => matchesKind(e, kinds)).map((e) => e.name)) : undefined;
    const guess = ofKind ?? (searched ? closestWord(word.text, entities.keys()) : undefined);
    const hint = guess === undefined ? '' : `; did you mean '${guess}'?`;
    // Only a name of the right kind is offered as a replacement: the other would trade this error for REF003.
    sink.unknownName(`unknown name '${word.text}': ${where} has no ${describeKinds(kinds).slice(2)} of that name${hint}`, word.span, ofKind);
    return undefined;
  }
  // A name of the wrong kind (REF003) still names its declaration: go to definition and rename follow it.
  sink.use(word.span, entity.nameSpan);
  if (!matchesKind(entity, kinds)) {
    sink.error('REF003', `'${word.text}' is a ${kindName(entity)}, expected ${describeKinds(kinds)}`, word.span, [
      { span: entity.nameSpan, message: `'${word.text}' is declared here` },
    ]);
    return undefined;
  }
  return entity as K;
}

/** Resolves `host.name` from top level. */
export function resolveQualified<K extends HostEntity>(
  name: QualifiedName,
  kinds: readonly RefKind[],
  hosts: ReadonlyMap<string, HostModel>,
  sink: DiagnosticSink,
): K | undefined {
  if (name.recovered === true) return undefined;
  const [hostWord, itemWord] = name.parts;
  if (itemWord === undefined) {
    const holder = !sink.muted && sink.suggestions.spend(hosts.size) ? [...hosts.values()].find((h) => h.entities.has(hostWord!.text)) : undefined;
    const qualified = holder === undefined ? undefined : `${holder.name}.${hostWord!.text}`;
    const hint = qualified !== undefined ? `, such as '${qualified}'` : '';
    // Offered as a replacement of the name as written (not of a range endpoint's made-up host), when it names the right kind.
    const fits = holder !== undefined && name.span.end - name.span.start === hostWord!.text.length && matchesKind(holder.entities.get(hostWord!.text)!, kinds);
    sink.unknownName(`'${hostWord!.text}' must be qualified with its host at top level${hint}`, name.span, fits ? qualified : undefined);
    return undefined;
  }
  const host = hosts.get(hostWord!.text);
  if (host === undefined) {
    // A host left out past the file's limit was reported there (LIM001).
    if (sink.limits.omits(hostWord!.text)) return undefined;
    const guess = sink.muted ? undefined : sink.suggestions.closest(hostWord!.text, hosts.keys(), hosts.size);
    const hint = guess === undefined ? '' : `; did you mean '${guess}'?`;
    // A host of a range endpoint (`node[0..3].nic0`) is made up, `node0` at the span of `node`: no replacement for that span.
    const asWritten = hostWord!.span.end - hostWord!.span.start === hostWord!.text.length;
    sink.unknownName(`unknown host '${hostWord!.text}'${hint}`, hostWord!.span, asWritten ? guess : undefined);
    return undefined;
  }
  sink.use(hostWord!.span, host.nameSpan);
  return resolveLocal<K>(itemWord, kinds, host.entities, `host '${host.name}'`, sink);
}
