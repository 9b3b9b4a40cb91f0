// What a keyword, a property or a word value means: the schema's `doc` of
// each property with its value, default and whether it is required, and the
// keyword and value texts of syntax/keywordDocs.ts.
import { DIMENSION_NAMES, type BodyKind, type PropertySpec, type ValueSpec } from '../../syntax/schema';
import { BODY_SCHEMA_MAPS } from '../../syntax/schema';
import { KEYWORD_DOCS, VALUE_DOCS } from '../../syntax/keywordDocs';
import { code, escape } from '../markdown';

/** What a body of each kind is called in a sentence. */
const BODY_NAMES: Readonly<Record<BodyKind, string>> = {
  cpu: 'a cpu',
  memory: 'a memory',
  iommu: 'an iommu',
  switch: 'a switch',
  device: 'a device (gpu, nic, nvme, camera, dma, fpga)',
  buffer: 'a buffer',
  mr: 'an mr',
  vm: 'a vm',
  network: 'a network',
  flow: 'a flow',
  linkSpec: 'a link',
};

/** A keyword's hover: the word and what it declares or means; undefined for a word that is not one. */
export function keywordDoc(word: string): string[] | undefined {
  const doc = KEYWORD_DOCS[word];
  return doc === undefined ? undefined : [`**${code(word)}** keyword`, escapeProse(doc)];
}

/** A property's hover: what it means, what it takes, its default, whether it is required. */
export function propertyDoc(bodyKind: BodyKind, key: string, itemKeyword?: string): string[] | undefined {
  const spec = BODY_SCHEMA_MAPS[bodyKind].get(key);
  if (spec === undefined) return undefined;
  const owner = itemKeyword !== undefined && bodyKind === 'device' ? `a ${itemKeyword}` : BODY_NAMES[bodyKind];
  const facts = [`Value: ${valueText(spec.value, spec.shape)}.`];
  const fallback = defaultText(spec);
  if (fallback !== undefined) facts.push(`Default: ${fallback}.`);
  return [`**${code(key)}**: property of ${escape(owner)}${spec.required === true ? ', required' : ''}`, `${escape(sentence(spec.doc))}`, facts.join(' ')];
}

/** What a number is the value of, in Markdown: `The value of \`size\`: bytes per buffer.` */
export function valueOf(bodyKind: BodyKind, key: string): string | undefined {
  const spec = BODY_SCHEMA_MAPS[bodyKind].get(key);
  return spec === undefined ? undefined : `The value of ${code(key)}: ${escape(spec.doc)}.`;
}

/** A word value's hover (`strict` of `mode`): its meaning when the language gives one, and the property it is a value of. */
export function valueDoc(bodyKind: BodyKind, key: string, word: string): string[] | undefined {
  const spec = BODY_SCHEMA_MAPS[bodyKind].get(key);
  if (spec === undefined || spec.value.type !== 'enum') return undefined;
  const meaning = VALUE_DOCS[bodyKind]?.[key]?.[word];
  const known = spec.value.values.includes(word);
  const head = known ? `**${code(word)}**: value of ${code(key)}${meaning === undefined ? '' : ` — ${escape(meaning)}`}` : `${code(word)} is not a value of ${code(key)}`;
  return [head, `${code(key)}: ${escape(spec.doc)}. Value: ${valueText(spec.value, spec.shape)}.${defaultText(spec) === undefined ? '' : ` Default: ${defaultText(spec)!}.`}`];
}

/** What a value takes, in words: `a size such as 64 MiB`, `one of strict, lazy, identity, off`. */
export function valueText(value: ValueSpec, shape: PropertySpec['shape']): string {
  switch (value.type) {
    case 'flag':
      return 'none: writing it turns it on';
    case 'int':
      return value.max === undefined ? `a whole number, at least ${value.min.toLocaleString('en-US')}` : `a whole number, ${value.min.toLocaleString('en-US')} to ${value.max.toLocaleString('en-US')}`;
    case 'quantity': {
      const dimensions = value.dimensions.map((d) => DIMENSION_NAMES[d]).join(', or ');
      return value.maxPercent === undefined ? dimensions : `${dimensions}, at most ${value.maxPercent} %`;
    }
    case 'enum': {
      const words = value.values.map(code).join(', ');
      return shape === 'words' ? `a list of ${words}` : `one of ${words}`;
    }
    case 'name':
      return 'a plain name';
    case 'ref': {
      const kinds = value.refKinds.map((k) => (k === 'endpoint' ? 'buffer or device' : k));
      const what = kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]!}`;
      if (shape === 'qname' || shape === 'qnames') return `${value.list === true || shape === 'qnames' ? 'a list of names' : 'a name'} \`host.name\` of a ${what}`;
      if (shape === 'endpoints') return `a list of ${what}s, \`host.name\`, with host ranges (\`node[0..3].nic0\`)`;
      return `${value.list === true ? 'a list of names' : 'the name'} of a ${what} of this host`;
    }
    case 'layout':
      return `${code('contiguous')}, or ${code('scattered')} with a page size (${escape(value.scatterPage.text)} when none follows)`;
  }
}

/** The default as the reference writes it; by technology for a network's MTU. */
function defaultText(spec: PropertySpec): string | undefined {
  const fallback = spec.default;
  if (fallback === undefined) return undefined;
  if ('byKind' in fallback) return Object.entries(fallback.byKind).map(([kind, d]) => `${escape(d.text)} (${kind})`).join(', ');
  return escape(fallback.text);
}

/** Keyword prose keeps its code spans (`link A -- B : SPEC`) and escapes the rest. */
function escapeProse(text: string): string {
  return text.split(/(`[^`]*`)/).map((part, i) => (i % 2 === 1 ? part : escape(part))).join('');
}

const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
