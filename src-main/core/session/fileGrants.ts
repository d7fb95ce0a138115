import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { notFound } from '../coreError';

/**
 * The renderer never names a path. The main process picks a file (an open dialog the
 * user answered) and hands the UI an opaque token for it; calls then refer to the
 * token. A compromised renderer therefore cannot ask the core to read ~/.ssh.
 */
export class FileGrants {
  private readonly grants = new Map<string, string>();

  grant(path: string): { fileToken: string; name: string } {
    const fileToken = randomBytes(18).toString('base64url');
    this.grants.set(fileToken, path);
    // Bounded: a long session picking many files forgets the oldest.
    if (this.grants.size > 50) this.grants.delete(this.grants.keys().next().value ?? '');
    return { fileToken, name: basename(path) };
  }

  resolve(fileToken: string): string {
    const path = this.grants.get(fileToken);
    if (!path) throw notFound('file (choose it again)');
    return path;
  }

  clear(): void {
    this.grants.clear();
  }
}
