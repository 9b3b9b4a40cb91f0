// Where each code the server reports is documented: a rule's own page
// (docs/rules/CODE.md), the language's codes' sections of docs/language.md,
// and the configuration's codes' section of docs/rules/README.md. The
// diagnostics' links and the hover's notes read it; a test holds every code
// to a page and heading that exist.
import { docsPath, RULES } from '../rules/index';
import { anchorOf } from './docsLinks';

export { anchorOf } from './docsLinks';

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
export const CONFIGURATION_CODES: Readonly<Record<string, string>> = {
  CFG001: 'a dmatopo.json that applies to this document cannot be read or is not valid; the document is checked with the default rule settings',
  'unused-disable': 'a dmatopo-disable comment that silences nothing: no finding of its codes is where it applies',
};
export const CONFIGURATION_DOCS = 'docs/rules/README.md#configuration';

const RULE_CODES = new Set(RULES.map((rule) => rule.meta.code));

/** The page (and section: `#anchor`) documenting `code`, relative to the repository; undefined for a code the server never reports. */
export function docsOfCode(code: string): string | undefined {
  if (RULE_CODES.has(code)) return docsPath(code);
  const language = LANGUAGE_CODES[code];
  if (language !== undefined) return `docs/language.md#${anchorOf(`${code}: ${language.heading}`)}`;
  if (CONFIGURATION_CODES[code] !== undefined) return CONFIGURATION_DOCS;
  return undefined;
}
