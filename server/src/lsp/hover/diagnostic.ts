// What a diagnostic at the cursor is about, beyond its message (which the
// editor shows already): the rule's summary, its severity and whether it
// has a quick fix, and a link to its page; for the language's own codes,
// what triggers them and their section of docs/language.md.
import type { Diagnostic } from '../../model/index';
import { docsPath, docsUrl, RULES } from '../../rules/index';
import { code, escape, link } from '../markdown';

/** The language's own codes: their heading in docs/language.md § Diagnostics, and what triggers them (its table). */
export const LANGUAGE_CODES: Readonly<Record<string, { readonly heading: string; readonly triggers: string }>> = {
  SYN001: { heading: 'syntax error', triggers: 'a syntax error: a stray or missing token, a word that is not a property of the body, a missing value, an unterminated string or comment, an unknown escape in a string' },
  REF001: { heading: 'unknown name', triggers: 'an unknown name' },
  REF002: { heading: 'duplicate name', triggers: 'a duplicate name' },
  REF003: { heading: 'wrong kind of reference', triggers: 'a name of the wrong kind' },
  UNIT001: { heading: 'wrong dimension or unknown unit', triggers: 'a quantity of the wrong family, a missing unit, an unknown unit, a unit on a hexadecimal number' },
  VAL001: { heading: 'value out of range or not allowed', triggers: 'a value out of range or not one of the allowed words' },
  VAL002: { heading: 'property repeated, or properties that exclude each other', triggers: 'a property set twice, or two properties that exclude each other' },
  REQ001: { heading: 'required property missing', triggers: 'a required property is missing' },
  TOP001: { heading: 'topology error', triggers: 'a PCIe cycle, a device or switch that reaches no cpu, a link that joins the wrong things' },
  LIM001: { heading: 'the file instantiates too much', triggers: 'the file instantiates more than 65,536 hosts, items and endpoints from templates and host ranges' },
  LIM002: { heading: 'too many diagnostics', triggers: 'the file has more than 1,000 diagnostics: the rest are counted here' },
  LIM003: { heading: 'document too large', triggers: 'the document is larger than 16 MiB and is not analysed (in the language server)' },
};

/** Codes that are not rules nor the language's: the configuration's. */
const CONFIGURATION_CODES: Readonly<Record<string, string>> = {
  CFG001: 'a dmatopo.json that applies to this document cannot be read or is not valid; the document is checked with the default rule settings',
  'unused-disable': 'a dmatopo-disable comment that silences nothing: no finding of its codes is where it applies',
};
const CONFIGURATION_DOCS = 'docs/rules/README.md#configuration';

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export const anchorOf = (heading: string): string => heading.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');

/** The explanations of the diagnostics whose range holds `offset` (its end included), one per code. */
export function diagnosticNotes(diagnostics: readonly Diagnostic[], offset: number): string[] {
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (offset < d.span.start || offset > d.span.end || seen.has(d.code)) continue;
    seen.add(d.code);
    const note = explanation(d);
    if (note !== undefined) notes.push(note);
  }
  return notes;
}

function explanation(d: Diagnostic): string | undefined {
  const rule = RULES.find((r) => r.meta.code === d.code);
  if (rule !== undefined) {
    const { meta } = rule;
    const fix = meta.fixable ? ' The rule offers a quick fix.' : '';
    return `${code(meta.code)} (${d.severity}): ${escape(sentence(meta.summary))}${fix} ${link(`${meta.code} documentation`, docsUrl(d.docs ?? docsPath(meta.code)))}`;
  }
  const language = LANGUAGE_CODES[d.code];
  if (language !== undefined) {
    const heading = `${d.code}: ${language.heading}`;
    return `${code(d.code)}: ${escape(sentence(language.triggers))} ${link(heading, docsUrl(`docs/language.md#${anchorOf(heading)}`))}`;
  }
  const configuration = CONFIGURATION_CODES[d.code];
  if (configuration !== undefined) return `${code(d.code)}: ${escape(sentence(configuration))} ${link('Rule configuration', docsUrl(d.docs ?? CONFIGURATION_DOCS))}`;
  return undefined;
}

/** `text` as a sentence: capitalised, with a full stop. */
const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
