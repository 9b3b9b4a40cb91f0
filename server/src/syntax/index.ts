// The syntax layer's entry point: text in, a syntax tree with its SYN001
// diagnostics out (parse.ts). Never throws.
export type * from './ast';
export { parseSlice, parseText } from './parse';
export { BODY_SCHEMAS, LINK_KINDS, bodyKindOfItem, type PropertySpec, type BodyKind } from './schema';
export { closestWord, SuggestionBudget } from './spelling';
