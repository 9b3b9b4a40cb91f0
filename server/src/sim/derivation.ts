// Every figure the simulation reports carries its derivation as data: the
// formula, the terms that went into it with their sources, and the factor
// that limited it. Hovers and the report render it; nothing here formats.
import { schemaDefault, type BodyKind, type Span, type WrittenProperties } from '../model/index';

/** Where a term's value comes from. */
export type Source =
  /**
   * Written in the .dmatopo file: `span` is the written property (or the
   * link spec's argument: a rate, a lane count), for a hover to link to.
   */
  | { readonly kind: 'input'; readonly what: string; readonly span: Span }
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

export const input = (what: string, span: Span): Source => ({ kind: 'input', what, span });
export const byDefault = (what: string): Source => ({ kind: 'default', what });
export const cited = (citation: string): Source => ({ kind: 'cited', citation });
export const assumed = (why: string): Source => ({ kind: 'assumed', why });
export const derived: Source = { kind: 'derived' };

/** The schema's default of `key` as a source: `chunk 1 MiB`. */
export const schemaSource = (bodyKind: BodyKind, key: string, kind?: string): Source => byDefault(`${key} ${schemaDefault(bodyKind, key, kind).text}`);

/**
 * The source of a property's value: `input` at the property when it was
 * written with a valid value (the model holds what was written), else
 * `otherwise` (its default, or what the model takes without one). Whether a
 * value is a default is decided by whether it was written, never by the value.
 */
export function sourceOf(written: WrittenProperties, key: string, what: string, otherwise: () => Source = () => missing(key)): Source {
  const property = written.valid(key);
  return property === undefined ? otherwise() : input(what, property.span);
}

/** A property with no default that is not written: a required one, whose absence REQ001 reports, taken as 0. */
export const missing = (key: string): Source => assumed(`'${key}' is not written (REQ001): taken as 0`);
