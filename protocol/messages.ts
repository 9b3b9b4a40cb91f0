// Every custom message between the client and the language server, declared
// once and imported by both sides (as vscode-eslint's shared module does).
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

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

/** What the language server process holds in memory (rust-analyzer's "Memory Usage" is the model). */
export interface MemoryUsage {
  /** Resident set size of the whole process, analysis worker included, in bytes. */
  readonly rssBytes: number;
  /** The server thread's JavaScript heap in use, in bytes. */
  readonly heapUsedBytes: number;
  /** Whether a full garbage collection ran first (the server was started with `--expose-gc`), so that the heap holds only what is live. */
  readonly collected: boolean;
}

/** Client → server: the server's memory use now. */
export const MemoryUsageRequest = new RequestType0<MemoryUsage, void>('dmatopo/memoryUsage');
