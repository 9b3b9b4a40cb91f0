// Disable comments (`// dmatopo-disable CODE…`, `// dmatopo-disable-next-line
// CODE…`) are recognised here, once, because two layers read them: the rules
// apply them, and the formatter must keep each one applying to the same code.
import type { Comment } from './ast';

export interface DisableDirective {
  /** The rule codes it names, as written. */
  readonly codes: readonly string[];
  /** True for `dmatopo-disable-next-line` (the line after the comment's end), false for the whole file. */
  readonly nextLine: boolean;
}

const DIRECTIVE = /^\/[/*]\s*dmatopo-disable(-next-line)?\s+([A-Z0-9,\s]+?)\s*(\*\/)?$/;

/** The directive a comment holds, or undefined for an ordinary comment. */
export function disableDirective(comment: Comment): DisableDirective | undefined {
  const match = DIRECTIVE.exec(comment.text);
  if (match === null) return undefined;
  return { codes: match[2]!.split(/[\s,]+/).filter((c) => c.length > 0), nextLine: match[1] !== undefined };
}
