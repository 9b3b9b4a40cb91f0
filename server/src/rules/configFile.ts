// Finding a file's dmatopo.json: the nearest one in its folder or above,
// read by both the command line and the language server.
import { existsSync } from 'node:fs';
import { CONFIG_LIMIT_BYTES, readTextFile } from '../files/read';
import { dirname, join, resolve } from 'node:path';
import { EMPTY_CONFIG, parseConfig, type RuleConfig } from './config';

export const CONFIG_FILE = 'dmatopo.json';

/** The path of the dmatopo.json that governs `file`, if any. */
export function findConfigFile(file: string): string | undefined {
  let dir = dirname(resolve(file));
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The configuration for `file`; throws an Error with one clear line when its dmatopo.json is invalid. */
export function loadConfigFor(file: string): RuleConfig {
  const path = findConfigFile(file);
  return path === undefined ? EMPTY_CONFIG : parseConfig(readTextFile(path, CONFIG_LIMIT_BYTES).text, path);
}
