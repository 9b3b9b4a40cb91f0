// The semantic tokens a client holds, for textDocument/semanticTokens/full/delta:
// the last result sent for each open document, and the edits from it to the
// tokens of the document now.
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit } from 'vscode-languageserver';

/**
 * The last tokens sent for each open document, for the delta request: the
 * client names the result it holds, and gets the edits from it to the new
 * tokens, or the whole tokens when that result is no longer the last.
 * Result ids count up, so that two results never share one.
 */
export class SemanticTokensResults {
  private readonly last = new Map<string, { readonly resultId: string; readonly data: readonly number[] }>();
  private count = 0;

  full(uri: string, data: number[]): SemanticTokens {
    const resultId = String(++this.count);
    this.last.set(uri, { resultId, data });
    return { resultId, data };
  }

  delta(uri: string, previousResultId: string, data: number[]): SemanticTokens | SemanticTokensDelta {
    const previous = this.last.get(uri);
    const result = this.full(uri, data);
    if (previous === undefined || previous.resultId !== previousResultId) return result;
    return { resultId: result.resultId, edits: tokenEdits(previous.data, data) };
  }

  /** The document was closed: its client holds no tokens any more. */
  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/**
 * One edit from `before` to `after`: what lies between their common start
 * and their common end. An edit moves the tokens after it by the same
 * amount, and the encoding is relative, so all but a few numbers around the
 * edit are common: linear, and small.
 */
function tokenEdits(before: readonly number[], after: readonly number[]): SemanticTokensEdit[] {
  let start = 0;
  const common = Math.min(before.length, after.length);
  while (start < common && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  if (start === endBefore && start === endAfter) return [];
  const edit: SemanticTokensEdit = { start, deleteCount: endBefore - start };
  return [endAfter > start ? { ...edit, data: after.slice(start, endAfter) } : edit];
}
