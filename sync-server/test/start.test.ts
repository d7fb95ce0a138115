import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The real entry point (`npm run server` runs `tsx src/main.ts`): production refuses to
 * start without its secrets, naming them; development starts with nothing configured.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casike-server-start-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...extra };
}

describe('server start-up', () => {
  it('production without configuration exits 1 naming every missing variable', async () => {
    const child = spawn(tsx, ['src/main.ts'], {
      cwd: root,
      env: cleanEnv({ NODE_ENV: 'production' }),
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    for (const name of [
      'PUBLIC_URL',
      'DATABASE_URL',
      'SMTP_URL',
      'TOKEN_ENCRYPTION_KEYS',
      'PLAID_SECRET',
      'STRIPE_SECRET_KEY',
    ]) {
      expect(stderr).toContain(`${name} is required`);
    }
  });

  it('development starts on embedded PGlite with no setup and answers /readyz', async () => {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    const child = spawn(tsx, ['src/main.ts'], {
      cwd: root,
      env: cleanEnv({ CASIKE_SERVER_DATA_DIR: dataDir, PORT: String(port) }),
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const deadline = Date.now() + 90_000;
      while (!out.includes('casike sync server ready')) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`server did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(out).toContain('TOKEN_ENCRYPTION_KEYS is not set');
      expect(fs.existsSync(path.join(dataDir, 'dev-secrets.json'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
  });
});
