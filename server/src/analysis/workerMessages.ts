// What the language server and its analysis worker say to each other. Both
// sides import only these types; the messages are structured-cloned.
import type { Diagnostic } from '../model/index';
import type { RuleConfig } from '../rules/index';
import type { TextChange } from '../syntax/index';

export type ToWorker =
  /**
   * Check this version of a document; a newer one for the same document
   * stops an older one. `edits` made this text from the version sent
   * before, which the worker re-parses from where they touched it.
   */
  | { readonly kind: 'check'; readonly uri: string; readonly version: number; readonly text: string; readonly config: RuleConfig; readonly edits?: Edits }
  /** Nobody waits for the document's check any more: stop it. */
  | { readonly kind: 'cancel'; readonly uri: string }
  /** The document is closed: stop checking it and forget it. */
  | { readonly kind: 'forget'; readonly uri: string };

export interface Edits {
  readonly fromVersion: number;
  readonly changes: readonly TextChange[];
}

export type FromWorker =
  /** Every diagnostic of that version, rules included, as `Snapshot.diagnostics` gives them. */
  | { readonly kind: 'checked'; readonly uri: string; readonly version: number; readonly diagnostics: readonly Diagnostic[] }
  /** The check failed (a bug in the analysis): the server logs it and checks on its own thread. */
  | { readonly kind: 'failed'; readonly uri: string; readonly version: number; readonly error: string }
  /** One rule threw (a bug in the rule); the others ran. */
  | { readonly kind: 'ruleFailed'; readonly uri: string; readonly code: string; readonly error: string };
