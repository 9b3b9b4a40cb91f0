// What a property is, in words, for completion (and for any other feature
// that explains a property): its meaning, how its value is written, its
// default and whether it is required. Everything comes from the schema
// (syntax/schema.ts), the one table the parser and the model read, so the
// explanation cannot drift from what the checker accepts; this module only
// words it. The page of the language reference that holds the property's
// table is linked for the rest (`test/completion.test.ts` holds each anchor
// to a heading of docs/language.md).
import { BODY_SCHEMA_MAPS, DIMENSION_NAMES, type BodyKind, type Dimension, type PropertyDefault, type PropertySpec, type RefKind } from '../syntax/schema';
import { docsLink } from './docsLinks';

/** The heading of docs/language.md that holds each body's property table, as GitHub anchors it. */
export const REFERENCE_ANCHORS: Readonly<Record<BodyKind, string>> = {
  cpu: 'cpu-name--',
  memory: 'memory-name--',
  iommu: 'iommu-name--',
  switch: 'switch-name--',
  device: 'devices-gpu-nic-nvme-camera-dma-fpga',
  buffer: 'buffer-name--',
  mr: 'mr-name--',
  vm: 'vm-name--',
  network: 'networks',
  flow: 'flows',
  linkSpec: 'link-specifications',
};

/** How each dimension's value is named in a property's signature. */
const DIMENSION_WORDS: Readonly<Record<Dimension, string>> = {
  size: 'SIZE',
  byteRate: 'RATE',
  time: 'TIME',
  frequency: 'FREQUENCY',
  ratio: 'PERCENT',
  count: 'N',
};

/** The property `key` of a body of `bodyKind`, or undefined when the body has none of that name. */
export function propertySpec(bodyKind: BodyKind, key: string): PropertySpec | undefined {
  return BODY_SCHEMA_MAPS[bodyKind].get(key);
}

/** How the property is written, its value in capitals or as its words: `size SIZE`, `mode strict|lazy|identity|off`, `pinned`. */
export function propertySignature(bodyKind: BodyKind, key: string): string | undefined {
  const spec = propertySpec(bodyKind, key);
  if (spec === undefined) return undefined;
  const shape = valueShape(spec);
  return shape === '' ? key : `${key} ${shape}`;
}

/** The value's shape alone: `SIZE`, `strict|lazy|identity|off`, `HOST.BUFFER|HOST.DEVICE`, `DEVICE, …`; empty for a flag. */
export function valueShape(spec: PropertySpec): string {
  const value = spec.value;
  const qualified = spec.shape === 'qname' || spec.shape === 'qnames' || spec.shape === 'endpoints';
  const list = spec.shape === 'words' || spec.shape === 'qnames' || spec.shape === 'endpoints';
  let one: string;
  switch (value.type) {
    case 'flag':
      return '';
    case 'int':
      one = 'N';
      break;
    case 'quantity':
      one = value.dimensions.map((d) => DIMENSION_WORDS[d]).join('|');
      break;
    case 'enum':
      one = value.values.join('|');
      break;
    case 'name':
      one = 'NAME';
      break;
    case 'ref':
      one = value.refKinds.flatMap(refWords).map((word) => (qualified ? `HOST.${word}` : word)).join('|');
      break;
    case 'layout':
      one = 'contiguous|scattered [SIZE]';
      break;
  }
  return list ? `${one}, …` : one;
}

/**
 * The property's documentation in Markdown: its signature, what it means,
 * what its value may be, its default or that it is required, and a link to
 * its table in the language reference. Undefined for a key the body does
 * not have.
 */
export function propertyDoc(bodyKind: BodyKind, key: string): string | undefined {
  const spec = propertySpec(bodyKind, key);
  if (spec === undefined) return undefined;
  const lines = [`\`${propertySignature(bodyKind, key)}\``, '', `${sentence(spec.doc)}`];
  const values = valueSentence(spec);
  if (values !== undefined) lines.push('', values);
  lines.push('', defaultSentence(spec));
  lines.push('', `[Language reference](${docsLink(`docs/language.md#${REFERENCE_ANCHORS[bodyKind]}`)})`);
  return lines.join('\n');
}

/** What the value may be, when the signature does not say it all. */
function valueSentence(spec: PropertySpec): string | undefined {
  const value = spec.value;
  switch (value.type) {
    case 'flag':
      return 'A flag: writing it turns it on.';
    case 'int':
      return value.max === undefined ? `A whole number, at least ${grouped(value.min)}.` : `A whole number from ${grouped(value.min)} to ${grouped(value.max)}.`;
    case 'quantity': {
      const kinds = value.dimensions.map((d) => DIMENSION_NAMES[d]).join(', or ');
      const bound = value.maxPercent !== undefined ? `, from 0 to ${value.maxPercent} %` : value.positive === true ? ', more than zero' : ', zero or more';
      return `${capital(kinds)}${bound}.`;
    }
    case 'enum':
      return spec.shape === 'words' ? `A list of ${words(value.values)}, separated by commas.` : `One of ${words(value.values)}.`;
    case 'name':
      return 'A plain name.';
    case 'ref': {
      const kinds = value.refKinds.flatMap(refWords).map((w) => PROSE_KINDS[w] ?? w.toLowerCase());
      if (spec.shape === 'word') return `${article(kinds[0]!)} ${either(kinds)} of this host, by its name.`;
      if (spec.shape === 'qname') return `${article(kinds[0]!)} ${either(kinds)} in a host, written \`host.name\`.`;
      const many = either(kinds.map(plural));
      if (spec.shape === 'words') return `A list of ${many} of this host, separated by commas.`;
      const range = spec.shape === 'endpoints' ? '; `node[0..7].nic0` names one in each host of a range' : '';
      return `A list of ${many} in hosts, each written \`host.name\`, separated by commas${range}.`;
    }
    case 'layout':
      return `\`contiguous\`, or \`scattered\` with the page size (${value.scatterPage.text} unless a size follows).`;
  }
}

function defaultSentence(spec: PropertySpec): string {
  if (spec.required === true) return '**Required.**';
  const fallback = spec.default;
  if (fallback === undefined) return spec.value.type === 'flag' ? 'Off unless written.' : 'Not set unless written.';
  if ('byKind' in fallback) {
    const each = Object.entries(fallback.byKind).map(([kind, d]: [string, PropertyDefault]) => `\`${d.text}\` (${kind})`);
    return `Default: ${each.join(', ')}.`;
  }
  return `Default: \`${fallback.text}\`.`;
}

/** A reference kind as the signature writes it. */
function refWords(kind: RefKind): string[] {
  return kind === 'endpoint' ? ['BUFFER', 'DEVICE'] : [kind.toUpperCase()];
}

const either = (kinds: readonly string[]): string => (kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`);
const article = (word: string): string => (/^[aeiouAEIOU]/.test(word) ? 'An' : 'A');
const plural = (word: string): string => (word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`);
const words = (values: readonly string[]): string => values.map((v) => `\`${v}\``).join(', ');

/** How prose names the kinds written as abbreviations. */
const PROSE_KINDS: Readonly<Record<string, string>> = { NIC: 'NIC', GPU: 'GPU', IOMMU: 'IOMMU' };

const capital = (phrase: string): string => phrase.charAt(0).toUpperCase() + phrase.slice(1);

/** The schema's phrase as a sentence: a capital first and a full stop last. */
function sentence(phrase: string): string {
  return /[.!?]$/.test(phrase) ? capital(phrase) : `${capital(phrase)}.`;
}

const GROUPED = new Intl.NumberFormat('en-US');
const grouped = (n: number): string => GROUPED.format(n);
