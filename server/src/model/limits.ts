// What one file may make the model build beyond what it spells out. A host
// range or a template multiplies a few bytes of text into many objects
// (eight `host r_[0..4095] : t {}` lines once took a minute and a gigabyte),
// so the hosts and items instantiated from templates and host ranges, and
// the endpoints expanded from range references, share one cap per file
// (language.md § Limits). Past it, declarations are left out, references to
// their hosts stay silent, and the model is marked incomplete so that no
// rule or simulation judges a topology it only partly holds.
import type { Span } from '../syntax/ast';
import type { Diagnostic, Severity } from './diagnostics';

/** The most a file may instantiate from templates and host ranges: hosts, their items, range endpoints. */
export const MAX_INSTANTIATED = 65_536;

interface OmittedRange {
  readonly low: number;
  readonly high: number;
}

export type LimitReport = (message: string, span: Span) => void;

export class InstantiationLimit {
  private used = 0;
  private exceeded = false;
  /** Hosts left out, by name; ranges by their name prefix, so that no name is ever expanded for them. */
  private readonly omittedNames = new Set<string>();
  private readonly omittedRanges = new Map<string, OmittedRange[]>();

  /** Whether something was left out: the model does not hold the whole file. */
  get incomplete(): boolean {
    return this.exceeded;
  }

  /**
   * Takes `count` units for what the declaration at `span` instantiates
   * (`what` describes it, for the message).
   * The first time the cap would be passed, `report` is called with a
   * message naming the cap; from then on every request is refused, so what
   * is left out does not depend on which later declarations happen to fit.
   */
  take(count: number, what: () => string, span: Span, report: LimitReport): boolean {
    if (!this.exceeded && this.used + count <= MAX_INSTANTIATED) {
      this.used += count;
      return true;
    }
    if (!this.exceeded) {
      this.exceeded = true;
      report(
        `${what()} would bring what this file instantiates from templates and host ranges to ${grouped(this.used + count)}, ` +
          `more than the ${grouped(MAX_INSTANTIATED)} one file may; it and every later such declaration are left out, ` +
          'and the rules and the simulation do not run on this file',
        span,
      );
    }
    return false;
  }

  /** Remembers the hosts of a declaration that was left out: `name`, or `prefix` + low..high. */
  omit(name: string, range?: { readonly low: number; readonly high: number }): void {
    if (range === undefined) {
      this.omittedNames.add(name);
      return;
    }
    const ranges = this.omittedRanges.get(name);
    if (ranges === undefined) this.omittedRanges.set(name, [range]);
    else ranges.push(range);
  }

  /** Whether `host` names a host that was left out (a reference to it is not a mistake of its own). */
  omits(host: string): boolean {
    if (!this.exceeded) return false;
    if (this.omittedNames.has(host)) return true;
    // `r1[0..15]` makes r10 … r115: try every split of the trailing digits into prefix and index.
    for (let cut = host.length - 1; cut >= 0 && isDigit(host.charCodeAt(cut)); cut--) {
      const digits = host.slice(cut);
      if (digits.length > 1 && digits.startsWith('0')) continue;
      const index = Number(digits);
      if (this.omittedRanges.get(host.slice(0, cut))?.some((r) => r.low <= index && index <= r.high) === true) return true;
    }
    return false;
  }
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** 65536 as `65,536`: limits are read by people. */
export function grouped(count: number): string {
  return count.toLocaleString('en-US');
}

/** The most diagnostics one file reports: past it, the rest are counted in one LIM002 (editors choke on 80,000). */
export const MAX_DIAGNOSTICS = 1_000;
/** The most related locations one diagnostic carries: one finding about 10,000 flows names the first ones. */
export const MAX_RELATED = 20;
/** The longest message, in UTF-16 units: a 1 MB name quoted in a message is cut. */
export const MAX_MESSAGE = 2_000;

type Counts = Record<Severity, number>;

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * A file's diagnostics as it reports them, in document order: each with at
 * most MAX_RELATED related locations and a message of at most MAX_MESSAGE,
 * and at most MAX_DIAGNOSTICS of them, the rest counted by severity in one
 * LIM002 of the gravest omitted severity (so that an exit code or a count of
 * errors still sees them; `severityCounts` reads it).
 */
export function limitDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS).map(limitOne);
  if (diagnostics.length <= MAX_DIAGNOSTICS) return shown;
  const omitted: Counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (let i = MAX_DIAGNOSTICS; i < diagnostics.length; i++) omitted[diagnostics[i]!.severity]++;
  const gravest = (Object.keys(RANK) as Severity[]).find((severity) => omitted[severity] > 0)!;
  const counts = (Object.keys(RANK) as Severity[]).filter((s) => omitted[s] > 0).map((s) => `${grouped(omitted[s])} ${s === 'error' || s === 'warning' ? `${s}s` : s}`);
  shown.push({
    code: 'LIM002',
    severity: gravest,
    message: `${grouped(diagnostics.length - MAX_DIAGNOSTICS)} more problems from here on are not listed (${counts.join(', ')}): one file reports at most ${grouped(MAX_DIAGNOSTICS)}; fix the first ones`,
    span: diagnostics[MAX_DIAGNOSTICS]!.span,
    data: { omitted },
  });
  return shown;
}

function limitOne(diagnostic: Diagnostic): Diagnostic {
  const related = diagnostic.related;
  const cutRelated = related !== undefined && related.length > MAX_RELATED;
  const longRelated = related !== undefined && related.some((r) => r.message.length > MAX_MESSAGE);
  if (!cutRelated && !longRelated && diagnostic.message.length <= MAX_MESSAGE) return diagnostic;
  let message = shorter(diagnostic.message);
  if (cutRelated) message += ` (and ${grouped(related.length - MAX_RELATED)} more related locations)`;
  const kept = related?.slice(0, MAX_RELATED).map((r) => (r.message.length > MAX_MESSAGE ? { ...r, message: shorter(r.message) } : r));
  return { ...diagnostic, message, ...(kept === undefined ? {} : { related: kept }) };
}

/** `text`, cut to MAX_MESSAGE with an ellipsis when longer (never inside a surrogate pair). */
function shorter(text: string): string {
  if (text.length <= MAX_MESSAGE) return text;
  const code = text.charCodeAt(MAX_MESSAGE - 1);
  return `${text.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_MESSAGE - 1 : MAX_MESSAGE)}…`;
}

/** Diagnostics per severity, counting those a LIM002 stands for. */
export function severityCounts(diagnostics: readonly Diagnostic[]): Counts {
  const counts: Counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of diagnostics) {
    const omitted = d.code === 'LIM002' ? (d.data as { omitted?: Counts } | undefined)?.omitted : undefined;
    if (omitted === undefined) counts[d.severity]++;
    else for (const severity of Object.keys(counts) as Severity[]) counts[severity] += omitted[severity];
  }
  return counts;
}
