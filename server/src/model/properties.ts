// Reads a body's properties against its schema: values to SI, units and
// ranges checked (UNIT001, VAL001), repeats and exclusions (VAL002), required
// properties (REQ001). What is invalid is reported and left out, so the
// caller's defaults apply and nothing downstream sees a bad value.
import type { Body, NumberValue, Property, QualifiedName, Span, Value } from '../syntax/ast';
import { BODY_SCHEMAS, closestWord, type BodyKind, type PropertySpec } from '../syntax/index';
import { BODY_SCHEMA_MAPS, type PropertyDefault } from '../syntax/schema';
import type { Dimension } from '../syntax/schema';
import type { DiagnosticSink } from './diagnostics';
import { describeKinds } from './references';
import { digitsValue, dimensionOf, DIMENSION_NAMES, toSI, UNITS } from './units';

/** Properties that exclude each other within one body (language.md: VAL002). */
export const EXCLUSIONS: ReadonlyArray<readonly [string, string]> = [
  ['pinned', 'pageable'],
  ['every', 'rate'],
];

export interface Quantity {
  /** The value in SI units (bytes, bytes/s, seconds, hertz, or a fraction for %). */
  readonly si: number;
  readonly dimension: Dimension;
}

type Evaluated = boolean | number | Quantity | string | readonly string[] | QualifiedName | readonly QualifiedName[] | Layout;

export interface Layout {
  readonly kind: 'contiguous' | 'scattered';
  readonly pageBytes: number | undefined;
}

/** The owner of a body: its kind and name make up messages (only when one is needed), its span is where REQ001 points. */
export interface Owner {
  readonly kind: string;
  readonly name: string;
  readonly span: Span;
}

export const ownerName = (owner: Owner): string => (owner.name === '' ? owner.kind : `${owner.kind} '${owner.name}'`);

/**
 * The checked properties of one body. Bodies hold a handful of properties,
 * so parallel arrays searched in order beat two maps per body.
 */
export class Properties {
  private readonly keys: string[] = [];
  private readonly written: Property[] = [];
  private readonly evaluated: Array<Evaluated | undefined> = [];

  add(key: string, property: Property): void {
    this.keys.push(key);
    this.written.push(property);
    this.evaluated.push(undefined);
  }

  setValue(key: string, value: Evaluated | undefined): void {
    const index = this.keys.indexOf(key);
    if (index >= 0) this.evaluated[index] = value;
  }

  /** The property as written, valid or not (for spans). */
  property(key: string): Property | undefined {
    const index = this.keys.indexOf(key);
    return index < 0 ? undefined : this.written[index];
  }

  /** The property whose value the model holds: written with a valid value. Undefined when the default applies. */
  valid(key: string): Property | undefined {
    const index = this.keys.indexOf(key);
    return index < 0 || this.evaluated[index] === undefined ? undefined : this.written[index];
  }

  private get(key: string): Evaluated | undefined {
    const index = this.keys.indexOf(key);
    return index < 0 ? undefined : this.evaluated[index];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  flag(key: string): boolean {
    return this.get(key) === true;
  }

  /** A whole number or a quantity in SI units. */
  number(key: string): number | undefined {
    const value = this.get(key);
    if (typeof value === 'number') return value;
    if (typeof value === 'object' && 'si' in value) return value.si;
    return undefined;
  }

  quantity(key: string): Quantity | undefined {
    const value = this.get(key);
    return typeof value === 'object' && 'si' in value ? value : undefined;
  }

  word<T extends string>(key: string): T | undefined {
    const value = this.get(key);
    return typeof value === 'string' ? (value as T) : undefined;
  }

  words<T extends string>(key: string): readonly T[] {
    const value = this.get(key);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as T[]) : [];
  }

  ref(key: string): QualifiedName | undefined {
    const value = this.get(key);
    return typeof value === 'object' && !Array.isArray(value) && 'parts' in value ? value : undefined;
  }

  refs(key: string): readonly QualifiedName[] {
    const value = this.get(key);
    return Array.isArray(value) ? (value as QualifiedName[]).filter((v) => typeof v === 'object') : [];
  }

  layout(): Layout | undefined {
    const value = this.get('layout');
    return typeof value === 'object' && !Array.isArray(value) && 'pageBytes' in value ? value : undefined;
  }
}

export function readProperties(
  properties: readonly Property[],
  bodyKind: BodyKind,
  owner: Owner,
  sink: DiagnosticSink,
): Properties {
  const schema = BODY_SCHEMA_MAPS[bodyKind];
  const props = new Properties();
  for (const property of properties) {
    const key = property.key.text;
    const spec = schema.get(key);
    if (spec === undefined) continue; // the parser reported it
    const first = props.property(key);
    if (first !== undefined) {
      sink.error('VAL002', `'${key}' is already set for this ${ownerName(owner)}; remove one`, property.key.span, [
        { span: first.key.span, message: `first '${key}'` },
      ]);
      continue;
    }
    props.add(key, property);
    if (!property.recovered) props.setValue(key, evaluate(key, spec, property, sink));
  }
  for (const [a, b] of EXCLUSIONS) {
    const first = props.property(a);
    const second = props.property(b);
    if (first === undefined || second === undefined) continue;
    const [earlier, later] = first.span.start < second.span.start ? [first, second] : [second, first];
    sink.error(
      'VAL002',
      `'${later.key.text}' and '${earlier.key.text}' exclude each other; keep one`,
      later.key.span,
      [{ span: earlier.key.span, message: `'${earlier.key.text}' set here` }],
    );
    props.setValue(later.key.text, undefined);
  }
  return props;
}

/** The schema's default of `key` in a `bodyKind` body; `kind` picks the technology's where the default depends on it. */
export function schemaDefault(bodyKind: BodyKind, key: string, kind?: string): PropertyDefault {
  const value = BODY_SCHEMAS[bodyKind][key]?.default;
  const found = value !== undefined && 'byKind' in value ? (kind === undefined ? undefined : value.byKind[kind]) : value;
  // The schema is a constant table: a missing default is a mistake in this code, which the tests find.
  if (found === undefined) throw new Error(`the schema has no default for ${bodyKind} ${key}${kind === undefined ? '' : ` (${kind})`}`);
  return found;
}

/** `schemaDefault` of a number (SI units). */
export const defaultNumber = (bodyKind: BodyKind, key: string, kind?: string): number => schemaDefault(bodyKind, key, kind).value as number;

/** `schemaDefault` of a word. */
export const defaultWord = <T extends string>(bodyKind: BodyKind, key: string): T => schemaDefault(bodyKind, key).value as T;

/** The required properties of each body kind, computed once. */
const REQUIRED: Readonly<Record<BodyKind, ReadonlyArray<readonly [string, PropertySpec]>>> = Object.fromEntries(
  Object.entries(BODY_SCHEMAS).map(([kind, schema]) => [kind, Object.entries(schema).filter(([, spec]) => spec.required === true)]),
) as unknown as Record<BodyKind, ReadonlyArray<readonly [string, PropertySpec]>>;

/** REQ001 for each required property of the schema that is absent. */
export function requireProperties(body: Body | undefined, props: Properties, bodyKind: BodyKind, owner: Owner, sink: DiagnosticSink): void {
  if (body === undefined) return;
  let missing: string[] | undefined;
  for (const [key, spec] of REQUIRED[bodyKind]) {
    if (props.property(key) === undefined) (missing ??= []).push(`'${key}' (${describeSpec(spec)})`);
  }
  if (missing !== undefined) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
    sink.error('REQ001', `${ownerName(owner)} needs ${list}`, owner.span);
  }
}

export function describeSpec(spec: PropertySpec): string {
  const value = spec.value;
  switch (value.type) {
    case 'quantity':
      return value.dimensions.map((d) => DIMENSION_NAMES[d]).join(' or ');
    case 'int':
      return 'a whole number';
    case 'enum':
      return value.values.join(', ');
    case 'ref':
      return value.list ? 'a list of names' : describeKinds(value.refKinds);
    case 'layout':
      return 'contiguous or scattered';
    case 'name':
      return 'a name';
    default:
      return 'a flag';
  }
}

function evaluate(key: string, spec: PropertySpec, property: Property, sink: DiagnosticSink): Evaluated | undefined {
  const value = spec.value;
  const first = property.values[0];
  switch (value.type) {
    case 'flag':
      return true;
    case 'int':
      return first?.kind === 'number' ? readInt(key, first, value.min, value.max, sink) : undefined;
    case 'quantity':
      return first?.kind === 'number'
        ? readQuantity(key, first, value.dimensions, value.positive === true, value.maxPercent, sink)
        : undefined;
    case 'enum':
      if (spec.shape === 'words') {
        const words = property.values.map((v) => readEnum(key, v, value.values, sink));
        return words.every((w) => w !== undefined) ? (words as string[]) : undefined;
      }
      return first === undefined ? undefined : readEnum(key, first, value.values, sink);
    case 'name':
      return first?.kind === 'name' ? readPlainName(key, first, sink) : undefined;
    case 'ref':
      if (value.list === true) return property.values.filter((v): v is QualifiedName => v.kind === 'name' && v.recovered !== true);
      return first?.kind === 'name' && first.recovered !== true ? checkRefShape(key, spec, first, sink) : undefined;
    case 'layout':
      return readLayout(property.values, value.scatterPage.value as number, sink);
  }
}

function readInt(key: string, number: NumberValue, min: number, max: number | undefined, sink: DiagnosticSink): number | undefined {
  if (number.unit !== undefined) {
    sink.error('UNIT001', `${key} expects a whole number, got ${show(number)}`, number.span);
    return undefined;
  }
  const value = digitsValue(number.digits, number.isHex);
  if (!Number.isFinite(value)) {
    sink.error('VAL001', `'${number.digits}' is not a number`, number.span);
    return undefined;
  }
  if (!Number.isInteger(value)) {
    sink.error('VAL001', `${key} expects a whole number, got ${number.digits}`, number.span);
    return undefined;
  }
  if (value < min || (max !== undefined && value > max)) {
    const bound = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
    sink.error('VAL001', `'${key}' must be ${bound}, got ${number.digits}`, number.span);
    return undefined;
  }
  return value;
}

/** Reads a number carrying a unit of one of `dimensions`. Also used for link specs. */
export function readQuantity(
  key: string,
  number: NumberValue,
  dimensions: readonly Dimension[],
  positive: boolean,
  maxPercent: number | undefined,
  sink: DiagnosticSink,
): Quantity | undefined {
  const expected = dimensions.map((d) => DIMENSION_NAMES[d]).join(' or ');
  if (number.isHex && number.unit !== undefined) {
    sink.error('UNIT001', `a hexadecimal number takes no unit: write '${key}' in decimal, such as 64 MiB`, number.unitSpan ?? number.span);
    return undefined;
  }
  if (number.unit !== undefined && !UNITS.has(number.unit)) {
    const guess = closestWord(number.unit, UNITS.keys());
    const hint = guess === undefined ? '' : `; did you mean '${guess}'?`;
    sink.error('UNIT001', `unknown unit '${number.unit}'${hint}`, number.unitSpan ?? number.span);
    return undefined;
  }
  const dimension = dimensionOf(number.unit)!;
  if (!dimensions.includes(dimension)) {
    const got = number.unit === undefined ? `a bare number ${number.digits}` : show(number);
    sink.error('UNIT001', `${key} expects ${expected}, got ${got}`, number.span);
    return undefined;
  }
  const digits = digitsValue(number.digits, number.isHex);
  if (!Number.isFinite(digits)) {
    sink.error('VAL001', `'${number.digits}' is not a number`, number.digitsSpan);
    return undefined;
  }
  if (digits < 0 || (positive && digits === 0)) {
    const what = digits < 0 ? 'must not be negative' : 'must be greater than zero';
    sink.error('VAL001', `'${key}' ${what}, got ${show(number)}`, number.span);
    return undefined;
  }
  if (maxPercent !== undefined && dimension === 'ratio' && digits > maxPercent) {
    sink.error('VAL001', `'${key}' is a share of at most ${maxPercent} %, got ${show(number)}`, number.span);
    return undefined;
  }
  return { si: toSI(digits, UNITS.get(number.unit!)!.factor), dimension };
}

function readEnum(key: string, value: Value, allowed: readonly string[], sink: DiagnosticSink): string | undefined {
  const word = value.kind === 'name' && value.parts.length === 1 && value.hostRange === undefined ? value.parts[0]!.text : undefined;
  if (word !== undefined && allowed.includes(word)) return word;
  if (value.kind === 'name' && value.recovered === true) return undefined;
  const written = value.kind === 'name' ? value.parts.map((p) => p.text).join('.') : show(value);
  const guess = word === undefined ? undefined : closestWord(word, allowed);
  const hint = guess === undefined ? '' : `; did you mean '${guess}'?`;
  sink.error('VAL001', `'${key}' is one of ${allowed.join(', ')}, not '${written}'${hint}`, value.span);
  return undefined;
}

function readPlainName(key: string, name: QualifiedName, sink: DiagnosticSink): string | undefined {
  if (name.parts.length === 1) return name.parts[0]!.text;
  if (name.recovered !== true) sink.error('VAL001', `'${key}' takes a plain name, not '${name.parts.map((p) => p.text).join('.')}'`, name.span);
  return undefined;
}

/** A reference inside a host is a bare name; flows (shape `qname`) take qualified ones, checked later. */
function checkRefShape(key: string, spec: PropertySpec, name: QualifiedName, sink: DiagnosticSink): QualifiedName | undefined {
  if (spec.shape === 'word' && name.parts.length > 1) {
    sink.unknownName(`'${key}' names something in this host: write '${name.parts[1]!.text}', not '${name.parts.map((p) => p.text).join('.')}'`, name.span, name.parts[1]!.text);
    return undefined;
  }
  return name;
}

function readLayout(values: readonly Value[], scatterPageBytes: number, sink: DiagnosticSink): Layout | undefined {
  const [kind, size] = values;
  if (kind === undefined) return undefined;
  const word = readEnum('layout', kind, ['contiguous', 'scattered'], sink);
  if (word === undefined) return undefined;
  if (size === undefined) return { kind: word as Layout['kind'], pageBytes: word === 'scattered' ? scatterPageBytes : undefined };
  if (word === 'contiguous' || size.kind !== 'number') {
    sink.error('VAL001', 'only a scattered layout takes a page size', size.span);
    return undefined;
  }
  const pageBytes = readQuantity('layout', size, ['size'], true, undefined, sink);
  return pageBytes === undefined ? undefined : { kind: 'scattered', pageBytes: pageBytes.si };
}

function show(value: Value): string {
  if (value.kind === 'name') return value.parts.map((p) => p.text).join('.');
  return value.unit === undefined ? value.digits : `${value.digits} ${value.unit}`;
}

