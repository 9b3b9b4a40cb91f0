// The snippets completion offers for whole declarations and host items.
// Their one source is snippets/dmatopo.json, in VS Code's snippet format,
// bundled into the server at build time: the server offers each only where
// its declaration may stand (a host at top level, a gpu inside a host, none
// in a comment), which a snippet file contributed to the editor cannot do,
// and every LSP client gets them. The manifest no longer contributes the
// file, so VS Code does not show each snippet twice.
import snippetFile from '../../../snippets/dmatopo.json';

export interface Snippet {
  /** The snippet's name in the file: `host range`, `flow (rdma)`. */
  readonly name: string;
  /** The keyword it starts with, which filters it: `host`, `flow`. */
  readonly keyword: string;
  /** The body in LSP's snippet syntax (VS Code's, which LSP adopted). */
  readonly body: string;
  readonly description: string;
  /** Where the declaration it writes may stand. */
  readonly place: 'top' | 'host';
}

interface SnippetEntry {
  readonly body: readonly string[];
  readonly description: string;
}

/**
 * Where a snippet's declaration stands, from its first word: the top-level
 * keywords at top level, the items inside a host, and a link at top level
 * when its first end is qualified (`link alpha.nic0 -- …`), between hosts.
 */
export function placeOf(body: string): 'top' | 'host' {
  const keyword = /^\w+/.exec(body)?.[0];
  if (keyword === 'link') return /^link \$\{1:\w+\}\./.test(body) ? 'top' : 'host';
  return keyword === 'topology' || keyword === 'host' || keyword === 'template' || keyword === 'network' || keyword === 'flow' ? 'top' : 'host';
}

export const SNIPPETS: readonly Snippet[] = Object.entries(snippetFile as Record<string, SnippetEntry>).map(([name, entry]) => {
  const body = entry.body.join('\n');
  return { name, keyword: /^\w+/.exec(body)?.[0] ?? name, body, description: entry.description, place: placeOf(body) };
});

/** The snippet's text as its defaults write it (the first choice of each `${n|a,b|}`): a preview for its documentation. */
export function expandDefaults(body: string): string {
  return body
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\t/g, '  ');
}
