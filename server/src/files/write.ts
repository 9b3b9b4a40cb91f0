// Rewriting a file the user named without ever leaving it half-written: the
// new bytes go to a new file in the same folder, flushed to disk, then
// renamed over the original, so a full disk or a quota leaves the original
// as it was. A symbolic link keeps pointing where it did: the file it points
// to is the one replaced. The new file keeps the original's mode and, where
// the system permits, its owner and group; other names of a hard-linked file
// keep the old content.
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileProblem } from './read';

/** A file that could not be rewritten; the original is as it was. `reason` completes "cannot write 'path': …". */
export class UnwritableFile extends FileProblem {
  constructor(path: string, reason: string) {
    super('write', path, reason);
  }
}

/** Replaces the content of the regular file at `path` (or the one its symlinks lead to) with `bytes`, all or nothing. */
export function replaceFile(path: string, bytes: Uint8Array): void {
  let target: string;
  let mode: number;
  let uid: number;
  let gid: number;
  try {
    target = realpathSync(path);
    const stats = statSync(target);
    if (!stats.isFile()) throw new UnwritableFile(path, 'it is not a regular file');
    ({ mode, uid, gid } = stats);
  } catch (error) {
    if (error instanceof UnwritableFile) throw error;
    throw new UnwritableFile(path, failure(error as NodeJS.ErrnoException));
  }
  // A rename needs only the folder's permission: a file its owner made read-only is refused as a write in place would be.
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnwritableFile(path, code === 'EACCES' || code === 'EPERM' ? 'permission denied: the file is read-only' : failure(error as NodeJS.ErrnoException));
  }
  const folder = dirname(target);
  let temporary: string | undefined;
  let fd: number | undefined;
  try {
    try {
      ({ temporary, fd } = createTemporary(folder));
    } catch (error) {
      throw new UnwritableFile(path, `cannot create a temporary file in '${folder}' (${failure(error as NodeJS.ErrnoException)}), where the new text goes before it replaces the file; the file is unchanged`);
    }
    keepOwner(fd, uid, gid);
    // After the owner: changing the owner may clear set-user-ID and set-group-ID bits.
    fchmodSync(fd, mode & 0o7777);
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, target);
    temporary = undefined;
  } catch (error) {
    if (error instanceof UnwritableFile) throw error;
    throw new UnwritableFile(path, `${failure(error as NodeJS.ErrnoException)}; the file is unchanged`);
  } finally {
    if (fd !== undefined) closeQuietly(fd);
    if (temporary !== undefined) removeQuietly(temporary);
  }
  syncFolder(folder);
}

/** A new file in `folder` that no one else has opened: a unique name, created exclusively, readable by its owner only until it is ready. */
function createTemporary(folder: string): { temporary: string; fd: number } {
  for (let attempt = 1; ; attempt++) {
    // Short and fixed in length, so that a long original name cannot make it too long.
    const temporary = join(folder, `.dmatopo-${randomBytes(8).toString('hex')}.tmp`);
    try {
      return { temporary, fd: openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 5) throw error;
    }
  }
}

function keepOwner(fd: number, uid: number, gid: number): void {
  try {
    fchownSync(fd, uid, gid);
  } catch {
    // Only root may give a file away; a member of the file's group may still keep that.
    try {
      fchownSync(fd, -1, gid);
    } catch {
      // The new file stays ours: the system does not let us do more.
    }
  }
}

/** Makes the rename itself durable; a folder that cannot be synced (some filesystems, Windows) does not undo a written file. */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // The content is on disk and in place; only the rename's durability is left to the system.
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing: the first error is the one to report.
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already failing: the first error is the one to report.
  }
}

function failure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EFBIG':
      return 'the file would be larger than the system allows';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error.code === undefined ? error.message : `${error.code.toLowerCase()} (${error.message})`;
  }
}
