// Diagnostics as every layer below the LSP reports them: spans are character
// offsets; the LSP and the CLI turn them into line/character positions.
import type { Span } from '../syntax/ast';
import { SuggestionBudget } from '../syntax/index';
import { InstantiationLimit } from './limits';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The language's own codes (language.md § Diagnostics of the language itself). */
export type LanguageCode = 'SYN001' | 'REF001' | 'REF002' | 'REF003' | 'UNIT001' | 'VAL001' | 'VAL002' | 'REQ001' | 'TOP001' | 'LIM001';

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedLocation[];
  /** The rule's documentation page, relative to the repository (rules only). */
  readonly docs?: string;
  /** What a quick fix needs: a rule's `{ fix }`, a REF001's `NameSuggestions`. */
  readonly data?: unknown;
}

/**
 * The `data` of a REF001 whose name has a likely replacement: what to write
 * in place of the diagnostic's span, each a name that resolves there. The
 * editor offers each as a quick fix; the message already says it in words.
 */
export interface NameSuggestions {
  readonly suggestions: readonly string[];
}

/**
 * Collects one file's diagnostics; `muted` drops them (a template's second
 * instance, a host range's other hosts). Also holds the file's budgets, which
 * decide what is worth reporting: suggestions, and what may be instantiated;
 * and the uses of names as they are resolved (`use`).
 */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  /** What one file may spend on "did you mean" searches among its own names. */
  readonly suggestions = new SuggestionBudget();
  /** What one file may instantiate from templates and host ranges. */
  readonly limits = new InstantiationLimit();
  muted = false;
  /**
   * Every name resolved, as flat triples: the use's start and end, and the
   * start of the name of the declaration it names (`ReferenceList` pairs
   * them with the tree's declarations). Three numbers per use, not an object.
   */
  readonly uses: number[] = [];

  error(code: LanguageCode, message: string, span: Span, related?: readonly RelatedLocation[]): void {
    if (this.muted) return;
    this.diagnostics.push(related === undefined || related.length === 0
      ? { code, severity: 'error', message, span }
      : { code, severity: 'error', message, span, related });
  }

  /** REF001, an unknown name, with what to write in its place when there is a likely name of the right kind. */
  unknownName(message: string, span: Span, suggestion: string | undefined): void {
    if (this.muted) return;
    const data: NameSuggestions | undefined = suggestion === undefined ? undefined : { suggestions: [suggestion] };
    this.diagnostics.push(data === undefined ? { code: 'REF001', severity: 'error', message, span } : { code: 'REF001', severity: 'error', message, span, data });
  }

  /**
   * Records that the name written at `use` names the declaration whose name
   * is at `declared`. Not while muted: muted text (a template's items in each
   * of its hosts, a range's later hosts) was resolved, and recorded, before.
   */
  use(use: Span, declared: Span): void {
    if (!this.muted) this.uses.push(use.start, use.end, declared.start);
  }

  /** Runs `action` with reports muted when `mute` is true (reports stay muted if they already were). */
  mutedIf<T>(mute: boolean, action: () => T): T {
    const before = this.muted;
    this.muted = before || mute;
    try {
      return action();
    } finally {
      this.muted = before;
    }
  }
}
