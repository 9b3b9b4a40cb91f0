// The syntax layer's entry point: text in, a syntax tree with its SYN001
// diagnostics out (parse.ts), and the keystroke re-parse that reuses the
// previous tree (incremental.ts). Never throws.
export type * from './ast';
export { parseSlice, parseText } from './parse';
export { reparse, type TextChange } from './incremental';
export { BODY_SCHEMAS, LINK_KINDS, bodyKindOfItem, type PropertySpec, type BodyKind } from './schema';
export { closestWord, SuggestionBudget } from './spelling';
export { nodeAt, type NodeAt, type Slot, type SyntaxNode, type TokenClass } from './nodeAt';
