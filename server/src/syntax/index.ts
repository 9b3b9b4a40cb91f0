// The syntax layer's entry point: text in, a syntax tree with its SYN001
// diagnostics out. Never throws.
import type { IToken } from 'chevrotain';
import type { Comment, Declaration, SyntaxDiagnostic, SyntaxTree } from './ast';
import { parserInstance } from './parser';
import { lexer, retypeKeywords, BlockComment, UnterminatedComment } from './tokens';

export type * from './ast';
export { BODY_SCHEMAS, LINK_KINDS, bodyKindOfItem, type PropertySpec, type BodyKind } from './schema';
export { closestWord, SuggestionBudget } from './spelling';
export { nodeAt, type NodeAt, type Slot, type SyntaxNode, type TokenClass } from './nodeAt';

/** Parses a whole document. */
export function parseText(text: string): SyntaxTree {
  return parseSlice(text, 0, text.length);
}

/**
 * Parses `text[start, end)` on its own, with spans in the coordinates of the
 * whole text: the editor re-parses one top-level declaration after an edit
 * inside it and reuses the rest of the tree.
 */
export function parseSlice(text: string, start: number, end: number): SyntaxTree {
  const source = start === 0 && end === text.length ? text : text.slice(start, end);
  const lexed = lexer.tokenize(source);
  const diagnostics: SyntaxDiagnostic[] = [];
  for (const error of lexed.errors) {
    const found = source.slice(error.offset, error.offset + error.length);
    const shown = found.length > 20 ? `${found.slice(0, 20)}…` : found;
    diagnostics.push({
      code: 'SYN001',
      message: `unexpected character${error.length > 1 ? 's' : ''} '${shown}'`,
      span: { start: start + error.offset, end: start + error.offset + error.length },
    });
  }
  const tokens = lexed.tokens;
  if (start !== 0) shiftTokens(tokens, start);
  retypeKeywords(tokens);
  const comments: Comment[] = [];
  for (const token of lexed.groups['comments'] ?? []) {
    if (start !== 0) token.startOffset += start;
    const span = { start: token.startOffset, end: token.startOffset + token.image.length };
    const unterminated = token.tokenType === UnterminatedComment;
    if (unterminated) {
      diagnostics.push({
        code: 'SYN001',
        message: "unterminated comment: add '*/'",
        span: { start: span.start, end: span.start + 2 },
      });
    }
    comments.push({ text: token.image, span, block: token.tokenType === BlockComment || unterminated });
  }
  const parsed = parserInstance().parseTokens(tokens);
  diagnostics.push(...parsed.diagnostics);
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { declarations: parsed.declarations as Declaration[], comments, diagnostics, length: text.length };
}

function shiftTokens(tokens: IToken[], offset: number): void {
  for (const token of tokens) token.startOffset += offset;
}
