// Every figure the simulation reports carries its derivation as data: the
// formula, the terms that went into it with their sources, and the factor
// that limited it. Hovers and the report render it; nothing here formats.

/** Where a term's value comes from. */
export type Source =
  /** Written in the .dmatopo file (the span tells where). */
  | { readonly kind: 'input'; readonly what: string }
  /** A default of the language contract. */
  | { readonly kind: 'default'; readonly what: string }
  /** A published constant: spec, paper or code, cited. */
  | { readonly kind: 'cited'; readonly citation: string }
  /** A constant chosen without a source; shown as such to the user. */
  | { readonly kind: 'assumed'; readonly why: string }
  /** Computed by another derivation. */
  | { readonly kind: 'derived' };

export interface Term {
  readonly name: string;
  readonly value: number;
  /** SI unit or a plain word: 'B', 'B/s', 's', 'GT/s', 'ratio', 'lanes'… */
  readonly unit: string;
  readonly source: Source;
  /** The derivation of a derived term. */
  readonly derivation?: Derivation;
}

export interface Derivation {
  /** What is computed: 'usable capacity of alpha.sw0--alpha.gpu0'. */
  readonly quantity: string;
  readonly value: number;
  readonly unit: string;
  /** The formula in words and symbols, naming the terms. */
  readonly formula: string;
  readonly terms: readonly Term[];
  /** What bounded the result, when one of several limits won. */
  readonly limitedBy?: string;
}

export const input = (what: string): Source => ({ kind: 'input', what });
export const byDefault = (what: string): Source => ({ kind: 'default', what });
export const cited = (citation: string): Source => ({ kind: 'cited', citation });
export const assumed = (why: string): Source => ({ kind: 'assumed', why });
export const derived: Source = { kind: 'derived' };
