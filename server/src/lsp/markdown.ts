// Markdown for hovers: escaped text, code spans, links to a place in the
// document, small tables and lists cut short. Names cannot hold Markdown's
// characters, but a topology title, a message or a formula can, and every
// piece of text is escaped where it is put in.

/**
 * `text` with Markdown's punctuation escaped, so that it shows as written
 * (and `|` does not end a table cell). `>` is left: it quotes only at the
 * start of a line, where escaped text is never put, and `<` is escaped.
 */
export function escape(text: string): string {
  return text.replace(/[\\`*_[\]<#|~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** `name` as code. A code span cannot escape a backtick: a run of them is fenced with a longer one. */
export function code(name: string): string {
  const longest = Math.max(0, ...[...name.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${name.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A link; the target's characters that would end a Markdown link destination are percent-encoded. */
export function link(text: string, target: string): string {
  return `[${text}](${target.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

/** A table: a header and rows of cells already in Markdown. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** At most `max` of `items`, and how many were left out. */
export function cut<T>(items: readonly T[], max: number): { shown: readonly T[]; more: number } {
  return items.length <= max ? { shown: items, more: 0 } : { shown: items.slice(0, max), more: items.length - max };
}

/** `and 12 more`, or nothing. */
export const andMore = (more: number, what = 'more'): string => (more > 0 ? `and ${more.toLocaleString('en-US')} ${what}` : '');

/** A count with its noun: `1 flow`, `3 flows`. */
export const plural = (count: number, noun: string, nouns = `${noun}s`): string => `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;

/** A list of names in prose: `a, b and c`, cut at `max` (`a, b and 12 more`). */
export function listed(names: readonly string[], max = 10): string {
  const { shown, more } = cut(names, max);
  if (more > 0) return `${shown.join(', ')} ${andMore(more)}`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
