// What every part of a hover reads: the snapshot, its index, and how to
// link to a place in the document.
import type { Snapshot } from '../../analysis/snapshot';
import type { HostModel } from '../../model/index';
import type { Span } from '../../syntax/ast';
import { lineStyle, type Citations, type SourceStyle } from '../figures';
import { escape } from '../markdown';
import { topologyIndex, type TopologyIndex } from './topologyIndex';

export interface HoverContext extends SourceStyle {
  readonly snapshot: Snapshot;
  readonly index: TopologyIndex;
  /** `text` (Markdown) linked to where `span` starts, with its line: the editor opens the document there. */
  place(span: Span, text: string): string;
  /** What the hover cites, listed once at its end. */
  readonly citations: Citations;
}

/**
 * A hover's context. With the document's `uri`, places are links to
 * `uri#Lline,column` (one-based), which VS Code opens at that position from
 * a hover; without one, the line is named in plain text.
 */
export function hoverContext(snapshot: Snapshot, uri: string | undefined): HoverContext {
  const { place, citations } = lineStyle(snapshot.lines, uri);
  return { snapshot, index: topologyIndex(snapshot), citations, place };
}

/** What a hover says of a figure it cannot give: the model left declarations out (LIM001), so nothing is simulated. */
export const NOT_SIMULATED = 'Not simulated: the file instantiates more than one file may (LIM001).';

/**
 * Host names as ranges where they run on: `node0`, `node1`, `node2`,
 * `node3`, `head` → `node[0..3]`, `head` (in the order given). Three or
 * more consecutive numbers make a range.
 */
export function hostRanges(hosts: readonly HostModel[] | readonly string[]): string[] {
  const names = hosts.map((h) => (typeof h === 'string' ? h : h.name));
  const out: string[] = [];
  let i = 0;
  while (i < names.length) {
    const first = numbered(names[i]!);
    let j = i + 1;
    if (first !== undefined) {
      while (j < names.length) {
        const next = numbered(names[j]!);
        if (next === undefined || next.prefix !== first.prefix || next.number !== first.number + (j - i)) break;
        j++;
      }
    }
    if (first !== undefined && j - i >= 3) out.push(`${first.prefix}[${first.number}..${first.number + (j - i - 1)}]`);
    else for (let k = i; k < j; k++) out.push(names[k]!);
    i = j;
  }
  return out;
}

/** `node12` → node, 12; a name without a trailing number (or with a leading zero) is not numbered. */
function numbered(name: string): { prefix: string; number: number } | undefined {
  const match = /^(.*?)(0|[1-9]\d*)$/.exec(name);
  return match === null ? undefined : { prefix: match[1]!, number: Number(match[2]) };
}

/** `hosts node[0..3] and head` (escaped), cut after ten runs. */
export function hostsText(hosts: readonly HostModel[]): string {
  const runs = hostRanges(hosts).map(escape);
  const shown = runs.length > 10 ? `${runs.slice(0, 10).join(', ')} and ${runs.length - 10} more` : runs.length === 1 ? runs[0]! : `${runs.slice(0, -1).join(', ')} and ${runs[runs.length - 1]}`;
  return `${hosts.length === 1 ? 'host' : 'hosts'} ${shown}`;
}
