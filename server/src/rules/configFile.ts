// Finding a file's configuration, for both the command line and the
// language server: every dmatopo.json from the file's folder up to its
// project root, a nearer one overriding a farther one. A dmatopo.json above
// the project (in the folder that holds a checkout, say) never applies.
import { lstatSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { CONFIG_LIMIT_BYTES, readTextFile, UnreadableFile } from '../files/read';
import { cascade, parseConfig, type ConfigFile, type RuleConfig } from './config';

export const CONFIG_FILE = 'dmatopo.json';

/**
 * The folder where the search for dmatopo.json files ends: the nearest one
 * at or above `dir` that holds `.git` (a folder, or the file of a worktree or
 * submodule); without one, the innermost of `workspaceFolders` (the editor's)
 * that holds `dir`; without that, undefined: the search goes up to `/`.
 */
export function projectRoot(dir: string, workspaceFolders: readonly string[] = []): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (entryExists(join(at, '.git'))) return at;
    if (dirname(at) === at) break;
  }
  const holding = workspaceFolders.map((folder) => resolve(folder)).filter((folder) => dir === folder || dir.startsWith(folder.endsWith(sep) ? folder : folder + sep));
  return holding.sort((a, b) => b.length - a.length)[0];
}

/**
 * The configuration for `file`: its dmatopo.json files cascaded, stopping at
 * the project root or at one that says `"root": true`. Throws an Error with
 * one clear line, naming the file, when one of them cannot be read or is not
 * valid.
 */
export function loadConfigFor(file: string, workspaceFolders: readonly string[] = []): RuleConfig {
  const start = dirname(resolve(file));
  const stop = projectRoot(start, workspaceFolders);
  const found: ConfigFile[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    const config = readConfigIn(dir);
    if (config !== undefined) found.push(config);
    if (config?.root === true || dir === stop || dirname(dir) === dir) break;
  }
  return cascade(found.reverse());
}

/** The dmatopo.json of `dir`, or undefined if there is none. */
function readConfigIn(dir: string): ConfigFile | undefined {
  const path = join(dir, CONFIG_FILE);
  let text: string;
  try {
    // Read first and look why only on failure: no window between a check and the read.
    text = readTextFile(path, CONFIG_LIMIT_BYTES).text;
  } catch (error) {
    if (!(error instanceof UnreadableFile) || !entryExists(path)) return undefined;
    if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true && error.reason === 'no such file') throw new UnreadableFile(path, 'it is a symbolic link to nothing');
    throw error;
  }
  return parseConfig(text, path);
}

/** Whether `path` names anything at all, a dangling symbolic link included. */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
