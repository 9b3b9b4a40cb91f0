// Reading a file the user named, without trusting what it is: only regular
// files, never more than a limit, decoded as UTF-8 with a note of whether the
// decoding was exact. A FIFO must not block us and /dev/zero must not fill
// memory, so the file is opened non-blocking and judged by fstat on the open
// descriptor (no race between a check and the open).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** The most a topology file may hold. */
export const TOPOLOGY_LIMIT_BYTES = 16 * 1024 * 1024;
/** The most a dmatopo.json may hold. */
export const CONFIG_LIMIT_BYTES = 1024 * 1024;

export interface SourceText {
  /** The decoded text, without a byte-order mark. */
  readonly text: string;
  /** The file began with a UTF-8 byte-order mark (EF BB BF). */
  readonly bom: boolean;
  /**
   * The bytes are valid UTF-8, so encoding `text` (after the mark, if any)
   * gives them back. When false, `text` holds U+FFFD for each invalid
   * sequence and must never be written back over the file.
   */
  readonly exact: boolean;
}

/** A file dmatopo could not read or write: one line, "cannot VERB 'path': reason". */
export class FileProblem extends Error {
  constructor(
    verb: 'read' | 'write',
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot ${verb} '${path}': ${reason}`);
    this.name = new.target.name;
  }
}

/** A file that could not be read; `reason` completes "cannot read 'path': …". */
export class UnreadableFile extends FileProblem {
  constructor(path: string, reason: string) {
    super('read', path, reason);
  }
}

const UTF8_EXACT = new TextDecoder('utf-8', { fatal: true });
const UTF8_LENIENT = new TextDecoder('utf-8');

/** Reads `path` if it is a regular file of at most `limitBytes`; throws UnreadableFile saying why not. */
export function readTextFile(path: string, limitBytes: number): SourceText {
  const bytes = readRegularFile(path, limitBytes);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    // TextDecoder drops a leading byte-order mark by default.
    return { text: UTF8_EXACT.decode(bytes), bom, exact: true };
  } catch {
    return { text: UTF8_LENIENT.decode(bytes), bom, exact: false };
  }
}

/** The bytes of `path` if it is a regular file of at most `limitBytes`; throws UnreadableFile saying why not. */
export function readRegularFile(path: string, limitBytes: number): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO that no one writes to returns at once (Windows has no such flag, nor FIFOs).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UnreadableFile(path, openFailure(error as NodeJS.ErrnoException));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UnreadableFile(path, `it is ${kindOf(stats)}, not a regular file`);
    if (stats.size > limitBytes) throw new UnreadableFile(path, tooLarge(limitBytes));
    // The size fstat gives may be stale (a growing log): read until the end, but never past the limit.
    let buffer = new Uint8Array(Math.min(stats.size, limitBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limitBytes) throw new UnreadableFile(path, tooLarge(limitBytes));
        const larger = new Uint8Array(Math.min(buffer.length * 2, limitBytes + 1));
        larger.set(buffer);
        buffer = larger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > limitBytes) throw new UnreadableFile(path, tooLarge(limitBytes));
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile(path, openFailure(error as NodeJS.ErrnoException));
  } finally {
    closeSync(fd);
  }
}

function openFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a regular file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENXIO':
      // Linux refuses to open a socket file at all.
      return 'it is a socket, not a regular file';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return error.code === undefined ? error.message : `${error.code.toLowerCase()} (${error.message})`;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'something other than a file';
}

function tooLarge(limitBytes: number): string {
  return `it is larger than ${limitBytes / (1024 * 1024)} MiB, the most dmatopo reads`;
}
