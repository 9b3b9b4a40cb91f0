// Figures in human units and derivations as Markdown, for every editor
// feature that shows a simulated number: a hover shows how it was reached,
// an inlay hint or a code lens the figure alone, in the same units.
import { formatBytes, formatRate, formatSeconds, formatShare, significant } from '../model/human';
import type { Derivation, Source, Term } from '../sim/derivation';
import type { LineIndex } from '../model/index';
import type { Span } from '../syntax/ast';
import { escape, link } from './markdown';

export { formatBytes, formatRate, formatSeconds, formatShare, significant };

/** A figure by its unit: bytes, rates, times and ratios in human units; anything else (`GT/s`, `lanes`, `TLPs`) as a number and the unit. */
export function formatFigure(value: number, unit: string): string {
  switch (unit) {
    case 'B/s':
      return formatRate(value);
    case 'B':
      return value === 0 ? '0 B' : formatBytes(value);
    case 's':
      return value === 0 ? '0 s' : formatSeconds(value);
    case 'ratio':
      return value === 0 ? '0 %' : formatShare(value);
    case 'Hz':
      return formatFrequency(value);
    default:
      return `${Number.isInteger(value) ? value.toLocaleString('en-US') : significant(value)} ${value === 1 ? singular(unit) : unit}`;
  }
}

/** A counted unit for one: `TLPs` → TLP, `symbol times` → symbol time; a unit like `GT/s` stays. */
const singular = (unit: string): string => (/^[a-z ]*[a-z]s$/i.test(unit) && !unit.includes('/') ? unit.slice(0, -1) : unit);

/** A frequency with a decimal prefix: `100 kHz`, `60 Hz`. */
export function formatFrequency(hertz: number): string {
  const units = ['Hz', 'kHz', 'MHz', 'GHz'];
  let value = hertz;
  let index = 0;
  while (value >= 1000 && index < units.length - 1) {
    value /= 1000;
    index++;
  }
  return `${significant(value)} ${units[index]}`;
}

/** A figure's value in SI, in full: `68,719,476,736`, `0.00025`. */
export function siNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(12)));
}

/** How a derivation's sources are shown: places linked in the document, and citations numbered once for the whole text. */
export interface SourceStyle {
  /** `text` (Markdown) linking to where `span` starts. */
  place(span: Span, text: string): string;
  readonly citations: Citations;
}

/**
 * How places are shown: `text (line N)`, and with the document's `uri` a
 * link to `uri#Lline,column` (one-based), which VS Code opens at that
 * position from a hover or a tooltip.
 */
export function lineStyle(lines: LineIndex, uri?: string): SourceStyle {
  return {
    place(span, text) {
      const { line, character } = lines.position(span.start);
      const label = `${text} (line ${line + 1})`;
      return uri === undefined ? label : link(label, `${uri}#L${line + 1},${character + 1}`);
    },
    citations: new Citations(),
  };
}

/** `blocks` with the style's numbered sources after them, when there are any. */
export function withCitations(blocks: readonly string[], style: SourceStyle): string {
  const sources = style.citations.markdown();
  return (sources === undefined ? blocks : [...blocks, sources]).join('\n\n');
}

/**
 * The citations of one text, numbered in order of first use and listed
 * once at its end: a PCIe capacity cites the same model a dozen times.
 */
export class Citations {
  private readonly texts: string[] = [];

  /** The number of `citation`, given one on first use. */
  number(citation: string): number {
    const index = this.texts.indexOf(citation);
    if (index >= 0) return index + 1;
    this.texts.push(citation);
    return this.texts.length;
  }

  /** The numbered list, or undefined when nothing was cited. */
  markdown(): string | undefined {
    return this.texts.length === 0 ? undefined : ['Sources:', '', ...this.texts.map((text, i) => `${i + 1}. ${escape(text)}`)].join('\n');
  }
}

/** Where a term comes from, in Markdown: written (linked to where), a default, cited (its number in the list of sources), assumed (and why), or derived. */
export function sourceMarkdown(source: Source, style: SourceStyle): string {
  switch (source.kind) {
    case 'input':
      return `written: ${style.place(source.span, escape(source.what))}`;
    case 'default':
      return `default: ${escape(source.what)}`;
    case 'cited':
      return `cited [${style.citations.number(source.citation)}]`;
    case 'assumed':
      return `assumed: ${escape(source.why)}`;
    case 'derived':
      return 'derived';
  }
}

/**
 * A derivation as a nested Markdown list: the figure and its formula, then
 * each term with its value and source, derived terms opened up to `depth`
 * levels. Consecutive terms from one citation or assumption share a line
 * (a packet's four headers, a PCIe generation's rate and encoding).
 */
export function derivationMarkdown(derivation: Derivation, style: SourceStyle, depth = 3, label?: string): string[] {
  const lines: string[] = [];
  const head = `**${escape(label ?? capitalised(derivation.quantity))}: ${formatFigure(derivation.value, derivation.unit)}** = ${escape(formulaOf(derivation))}`;
  lines.push(`- ${head}${limited(derivation)}`);
  lines.push(...termLines(derivation.terms, style, depth - 1, '  '));
  return lines;
}

function termLines(terms: readonly Term[], style: SourceStyle, depth: number, indent: string): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < terms.length) {
    const term = terms[i]!;
    if (term.derivation !== undefined) {
      const figure = `${escape(term.name)}: ${formatFigure(term.value, term.unit)}`;
      if (depth > 0) {
        lines.push(`${indent}- ${figure} = ${escape(formulaOf(term.derivation))}${limited(term.derivation)}`);
        lines.push(...termLines(term.derivation.terms, style, depth - 1, `${indent}  `));
      } else {
        lines.push(`${indent}- ${figure} (derived: ${escape(formulaOf(term.derivation))})`);
      }
      i++;
      continue;
    }
    // A run of plain terms with one source: one line.
    const key = shared(term.source);
    let j = i + 1;
    while (key !== undefined && j < terms.length && terms[j]!.derivation === undefined && shared(terms[j]!.source) === key) j++;
    const figures = terms.slice(i, j).map((t) => `${escape(t.name)} ${formatFigure(t.value, t.unit)}`).join(', ');
    lines.push(`${indent}- ${figures} — ${sourceMarkdown(term.source, style)}`);
    i = j;
  }
  return lines;
}

/** Sources several terms may share a line for: the same citation, assumption or default. */
function shared(source: Source): string | undefined {
  switch (source.kind) {
    case 'cited':
      return `c${source.citation}`;
    case 'assumed':
      return `a${source.why}`;
    default:
      return undefined;
  }
}

/** The formula without the name it computes (`data rate = lanes × …` → `lanes × …`): the line names it already. */
const formulaOf = (derivation: Derivation): string => derivation.formula.replace(/^[A-Za-z][A-Za-z /]{0,30} = /, '');

const limited = (derivation: Derivation): string => (derivation.limitedBy === undefined ? '' : `; limited by ${escape(derivation.limitedBy)}`);

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
