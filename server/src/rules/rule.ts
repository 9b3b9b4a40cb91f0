// What a rule is (the way ESLint's rules are built): a `meta` that
// describes it and a `check` that reports. Rules read the resolved model and
// the simulation's flow plans through a RuleContext; they never see text.
import type { RelatedLocation, Severity } from '../model/index';
import type { Span } from '../syntax/ast';
import { repository } from '../../../package.json';
import type { RuleContext } from './context';

export interface RuleMeta {
  /** The contract's code: SEC0xx or DMA0xx (security-rules.md). */
  readonly code: string;
  /** Default severity; rules with two severities report each finding's own. */
  readonly severity: Severity;
  /** One line: what it catches. */
  readonly summary: string;
  /** Whether a finding carries the data of a quick fix (`fix`). */
  readonly fixable: boolean;
}

/** A quick fix as data: replace a span's text, or insert text at an offset. */
export interface Fix {
  readonly title: string;
  readonly edits: ReadonlyArray<{ readonly span: Span; readonly newText: string }>;
}

export interface Finding {
  /** The declaration that causes it. */
  readonly span: Span;
  /** Names the device, the memory at risk and the fix, in one sentence. */
  readonly message: string;
  /** The other parties: the IOMMU, the vm, the buffer, the flow. */
  readonly related?: readonly RelatedLocation[];
  /** When the rule has two severities. */
  readonly severity?: Severity;
  readonly fix?: Fix;
  /** The host the finding is about, for findings on template items reported once. */
  readonly host?: string;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(context: RuleContext, report: (finding: Finding) => void): void;
}

/** Where each rule's page lives, relative to the repository. */
export const docsPath = (code: string): string => `docs/rules/${code}.md`;

/** A page of the repository on the project's site (the manifest's repository). */
export const docsUrl = (path: string): string => `${repository.url.replace(/\.git$/, '')}/blob/main/${path}`;
