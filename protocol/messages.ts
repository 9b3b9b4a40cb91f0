// Every custom message between the client and the language server, declared
// once and imported by both sides (as vscode-eslint's shared module does).
import { NotificationType } from 'vscode-languageserver-protocol';

/** After each analysis of a document: how long it took and what it found. */
export interface StatusParams {
  readonly uri: string;
  /** The document version analyzed. */
  readonly version: number;
  /** Parse + model time in milliseconds. */
  readonly validationTimeMs: number;
  readonly errors: number;
  readonly warnings: number;
}

/** Server → client, after each analysis; the client shows it as a language status item. */
export const StatusNotification = new NotificationType<StatusParams>('dmatopo/status');
