// What a diagnostic at the cursor is about, beyond its message (which the
// editor shows already): the rule's summary, its severity and whether it
// has a quick fix, and a link to its page; for the language's own codes,
// what triggers them and their section of docs/language.md.
import type { Diagnostic } from '../../model/index';
import { RULES } from '../../rules/index';
import { CONFIGURATION_CODES, docsOfCode, LANGUAGE_CODES } from '../codeDocs';
import { docsLink } from '../docsLinks';
import { code, escape, link } from '../markdown';

export { anchorOf, LANGUAGE_CODES } from '../codeDocs';

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
    return `${code(meta.code)} (${d.severity}): ${escape(sentence(meta.summary))}${fix} ${link(`${meta.code} documentation`, docsLink(d.docs ?? docsOfCode(meta.code)!))}`;
  }
  const language = LANGUAGE_CODES[d.code];
  if (language !== undefined) {
    const heading = `${d.code}: ${language.heading}`;
    return `${code(d.code)}: ${escape(sentence(language.triggers))} ${link(heading, docsLink(docsOfCode(d.code)!))}`;
  }
  const configuration = CONFIGURATION_CODES[d.code];
  if (configuration !== undefined) return `${code(d.code)}: ${escape(sentence(configuration))} ${link('Rule configuration', docsLink(d.docs ?? docsOfCode(d.code)!))}`;
  return undefined;
}

/** `text` as a sentence: capitalised, with a full stop. */
const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
