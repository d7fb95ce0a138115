import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test-only: every regular file under `roots` whose bytes contain `marker`, found by
 * reading each file in blocks (with an overlap, so a marker across two blocks is seen).
 * Symlinks are not followed; files that vanish or cannot be read while we walk (other
 * processes share the temp folder) are skipped. `exclude` names files to leave out,
 * such as the user's own original that a test attached. With `changedSince` (ms since
 * the epoch) only files written or changed since then are read: anything a test leaks
 * is that new, and a shared temp folder of gigabytes is then walked in about a second.
 */
export function _filesContaining(
  roots: readonly string[],
  marker: Buffer,
  options: { exclude?: ReadonlySet<string>; changedSince?: number } = {},
): string[] {
  const exclude = options.exclude ?? new Set<string>();
  const since = options.changedSince ?? 0;
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (path: string): void => {
    if (seen.has(path) || exclude.has(path)) return;
    seen.add(path);
    let info;
    try {
      info = lstatSync(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path);
      } catch {
        return;
      }
      for (const name of names) walk(join(path, name));
    } else if (
      info.isFile() &&
      info.size >= marker.length &&
      Math.max(info.mtimeMs, info.ctimeMs) >= since &&
      fileContains(path, marker)
    ) {
      found.push(path);
    }
  };
  for (const root of roots) walk(root);
  return found;
}

const BLOCK = 4 * 1024 * 1024;

function fileContains(path: string, marker: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const buffer = Buffer.alloc(BLOCK + marker.length);
    let carried = 0;
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, carried, BLOCK, null);
      } catch {
        return false;
      }
      if (read === 0) return false;
      const filled = carried + read;
      if (buffer.subarray(0, filled).includes(marker)) return true;
      carried = Math.min(marker.length - 1, filled);
      buffer.copy(buffer, 0, filled - carried, filled);
    }
  } finally {
    closeSync(fd);
  }
}
