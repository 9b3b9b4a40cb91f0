// Links to the project's documentation that open offline: the pages ship
// in the extension beside the server (docs/ in the .vsix), so a link is a
// file: URI of the bundled copy, which the editor opens in a tab. A link to
// a section names its heading's line (`#L12`), the fragment VS Code's
// opener reveals, since an editor ignores a Markdown anchor.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl } from '../rules/index';

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export const anchorOf = (heading: string): string => heading.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');

/**
 * The folder that holds the bundled docs/: the nearest one above this
 * module's (dist/server.js in the extension, out/test/… in the tests).
 * Undefined when the server runs without them.
 */
function findRoot(): string | undefined {
  for (let folder = __dirname; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'docs', 'language.md'))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

let root: string | undefined | null = null;
const links = new Map<string, string>();

/**
 * The page `path` (`docs/….md`, with an optional `#anchor`: the GitHub
 * anchor of one of its headings) as a link: the bundled copy at the
 * heading's line, or, when the server runs without the pages, the page on
 * the project's site. Each link is worked out once.
 */
export function docsLink(path: string): string {
  let href = links.get(path);
  if (href === undefined) links.set(path, (href = resolve(path)));
  return href;
}

function resolve(path: string): string {
  if (root === null) root = findRoot();
  const [page, anchor] = path.split('#', 2) as [string, string | undefined];
  const file = root === undefined ? undefined : join(root, page);
  if (file === undefined || !existsSync(file)) return docsUrl(path);
  const uri = pathToFileURL(file).href;
  if (anchor === undefined) return uri;
  const line = headingLines(readFileSync(file, 'utf8')).get(anchor);
  return line === undefined ? uri : `${uri}#L${line}`;
}

/** Each heading's anchor and its one-based line (the first heading of an anchor wins), outside code blocks. */
export function headingLines(markdown: string): Map<string, number> {
  const lines = new Map<string, number>();
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (text.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.*)$/.exec(text);
    if (heading === null) return;
    const anchor = anchorOf(heading[1]!.trim());
    if (!lines.has(anchor)) lines.set(anchor, index + 1);
  });
  return lines;
}
