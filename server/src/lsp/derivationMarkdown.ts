// A derivation (`sim/derivation.ts`) as a short markdown summary for the
// editor's tooltips: the figure, its formula, what limited it, and each term
// with where its value comes from. One level deep: a tooltip summarises;
// `dmatopo simulate --json --explain` gives the whole tree.
import { formatBytes, formatRate, formatSeconds, formatShare, significant } from '../model/human';
import type { Derivation, Source } from '../sim/derivation';

/** A value in its unit, in human units where the unit has them. */
export function formatQuantity(value: number, unit: string): string {
  switch (unit) {
    case 'B/s':
      return formatRate(value);
    case 'B':
      return formatBytes(value);
    case 's':
      return formatSeconds(value);
    case 'ratio':
      return formatShare(value);
    default:
      return Number.isFinite(value) ? `${significant(value)} ${unit}` : `unbounded ${unit}`;
  }
}

/** `**throughput of f**: 9.49 GB/s = formula, limited by X`, then one line per term. */
export function derivationMarkdown(derivation: Derivation): string[] {
  const limit = derivation.limitedBy === undefined ? '' : `; limited by \`${derivation.limitedBy}\``;
  const head = `**${derivation.quantity}**: ${formatQuantity(derivation.value, derivation.unit)} = ${derivation.formula}${limit}`;
  return [head, ...derivation.terms.map((term) => `- ${term.name}: ${formatQuantity(term.value, term.unit)} (${sourceText(term.source)})`)];
}

function sourceText(source: Source): string {
  switch (source.kind) {
    case 'input':
      return `written: ${source.what}`;
    case 'default':
      return `default: ${source.what}`;
    case 'cited':
      return `cited: ${source.citation}`;
    case 'assumed':
      return `assumed: ${source.why}`;
    case 'derived':
      return 'derived';
  }
}
