// Every custom message between the client and the language server, declared
// once and imported by both sides (as vscode-eslint's shared module does).
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ReportView } from './reportView';

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

export interface SimulationReportParams {
  readonly uri: string;
  /** One group's flows; every group's when absent. */
  readonly group?: string;
}

/** A document's simulation, as the client shows it. */
export interface SimulationReport {
  /** The document version simulated. */
  readonly version: number;
  /** Every group of the document, in order of their first flow. */
  readonly groups: readonly string[];
  /** The flows simulated (those of `group` when one was asked for). */
  readonly flows: number;
  readonly errors: number;
  readonly warnings: number;
  /** The report as a Markdown document. */
  readonly markdown: string;
}

/** Client → server: simulate an open document (one group of it, or all) and report. Fails with a message when the group does not exist. */
export const SimulationReportRequest = new RequestType<SimulationReportParams, SimulationReport, void>('dmatopo/simulationReport');

/** Client → server: the groups of an open document, in order of their first flow (for the client's group pick). */
export const GroupsRequest = new RequestType<{ readonly uri: string }, readonly string[], void>('dmatopo/groups');

/** The formats "Export Report" writes. */
export type ExportFormat = 'json' | 'markdown';

export interface ExportReportParams {
  readonly uri: string;
  readonly format: ExportFormat;
  /** The file as the report names it (its `file` field, its heading): the path relative to the workspace, as `dmatopo simulate` run at its root would. */
  readonly file: string;
  /** One group's flows; every group's when absent. */
  readonly group?: string;
}

/** Client → server: an open document's report as a file's text: `simulate --json`'s object (pretty-printed) or the Markdown report. */
export const ExportReportRequest = new RequestType<ExportReportParams, { readonly text: string }, void>('dmatopo/exportReport');

/** Client → server: `dmatopo reach` of an open document, as a Markdown document. */
export const ReachabilityRequest = new RequestType<{ readonly uri: string; /** The file as the heading names it. */ readonly file: string }, { readonly markdown: string }, void>('dmatopo/reachability');

/** What "Check Workspace" learned of one file. */
export interface CheckFileResult {
  /** Whether the file could be read and checked; when not, `reason` says why. */
  readonly checked: boolean;
  readonly reason?: string;
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Client → server: check a `.dmatopo` file of the workspace. A file open in
 * the editor is checked as it is there (its diagnostics are already
 * published); a closed one is read from disk and its diagnostics published
 * until it is opened, or checked again.
 */
export const CheckFileRequest = new RequestType<{ readonly uri: string }, CheckFileResult, void>('dmatopo/checkFile');
/** Client → server: what the report panel shows of an open document, every group's (protocol/reportView.ts). */
export const ReportViewRequest = new RequestType<{ readonly uri: string }, ReportView, void>('dmatopo/reportView');
