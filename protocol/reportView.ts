// What the report panel shows of a document: its figures per group, its
// topology for the diagram, what each device reaches and its diagnostics.
// The server builds it (server/src/report/view.ts); the client lays out the
// diagram and renders the HTML. Figures are the contract's (`simulate
// --json`, SI units) with their human-unit text beside them, so that the
// client needs no unit formatting of its own.
import type { Range } from 'vscode-languageserver-protocol';

/** The figures a table cell shows, in human units (`13 GB/s`, `1.62 ms`). */
export interface ShownFlow {
  readonly throughput: string;
  readonly transferTime: string;
  readonly latency: string;
  readonly cpuBytes: string;
  readonly dropRate: string;
}

/** A flow's result: `simulate --json`'s fields, its text in human units, and what it crosses. */
export interface ReportFlow {
  readonly name: string;
  readonly group: string;
  readonly via: string | null;
  readonly viaReason: string;
  /** Bytes per second; null when unbounded. */
  readonly throughput: number | null;
  /** Seconds; null when the path carries nothing. */
  readonly transferTime: number | null;
  readonly latency: number;
  readonly copies: number;
  readonly cpuBytes: number;
  readonly bottleneck: string;
  readonly path: readonly string[];
  readonly pathClass: string | null;
  readonly dropRate: number;
  readonly shown: ShownFlow;
  /** Every node and link id the flow crosses (link ids as the results name them), for highlighting. */
  readonly crosses: readonly string[];
  /** The flow's declaration. */
  readonly range: Range | null;
}

/** A link direction's or memory's load in one group. */
export interface ReportLoad {
  readonly id: string;
  readonly capacity: number;
  readonly load: number;
  readonly utilization: number;
  /** Capacity and load in human units. */
  readonly shownCapacity: string;
  readonly shownLoad: string;
}

export interface ReportGroup {
  readonly name: string;
  readonly flows: readonly ReportFlow[];
  /** The links and memories the group's flows cross. */
  readonly loads: readonly ReportLoad[];
}

export type ReportNodeKind = 'cpu' | 'switch' | 'device' | 'memory' | 'network';

export interface ReportNode {
  readonly id: string;
  readonly name: string;
  readonly kind: ReportNodeKind;
  /** For a device, its kind (`gpu`, `nic`…); for a network, `infiniband` or `ethernet`. */
  readonly detail: string;
  /** Its host's id; null for a network. */
  readonly host: string | null;
  readonly range: Range | null;
}

export interface ReportLink {
  /** The results' link id: `a--b`, `alpha.nic0--ib` for a network port. */
  readonly id: string;
  readonly a: string;
  readonly b: string;
  readonly kind: string;
  /** Its declaration; null for a socket interconnect or a network port, which are not written as links. */
  readonly range: Range | null;
}

export interface ReportHost {
  readonly id: string;
  readonly range: Range | null;
}

export interface ReportTopology {
  readonly hosts: readonly ReportHost[];
  readonly nodes: readonly ReportNode[];
  readonly links: readonly ReportLink[];
  /** Memory → the cpu that owns it: drawn as an attachment, not a link. */
  readonly attachments: ReadonlyArray<{ readonly memory: string; readonly cpu: string }>;
}

export interface ReportReach {
  readonly device: string;
  readonly kind: string;
  readonly protection: string;
  readonly reach: ReadonlyArray<{ readonly target: string; readonly kind: string; readonly read: boolean; readonly write: boolean; readonly why: string }>;
}

export interface ReportDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly message: string;
  readonly range: Range;
}

export interface ReportView {
  /** The document version it was built from. */
  readonly version: number;
  /** The file's `topology "…"` title, or its file name. */
  readonly title: string;
  readonly file: string;
  readonly groups: readonly ReportGroup[];
  readonly topology: ReportTopology;
  /** Null when the model is incomplete (LIM001): what a device reaches depends on the whole topology. */
  readonly reach: readonly ReportReach[] | null;
  readonly diagnostics: readonly ReportDiagnostic[];
}
