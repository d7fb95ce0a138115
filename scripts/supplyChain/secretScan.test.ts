import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALLOWLIST_FILE, parseAllowlist, runSecretScan, scanText } from './secretScan';

// Fake secrets are assembled at run time so this file itself never holds one the scanner
// (run over this repository by CI) would report.
const join = (...parts: string[]) => parts.join('');
const AWS_KEY_ID = join('AKIA', 'Q3EG', 'RIUJ', 'K7WN', 'ZT5P');
const STRIPE_KEY = join('sk_', 'live_', '51Hq8mZ', 'Tp4Rv2Nx', 'Lw9Kd3Ys');
const OPENAI_KEY = join('sk-', 'proj-', 'Zq7Wm2Lp9Xv4Tk8Rn3Hs6Jd1', 'Fb5Gc0Ny4Qe7Ua2Mi9Ko3Pt8');
const PEM_HEADER = join('-----BEGIN ', 'RSA PRIVATE', ' KEY-----');
const PLAID_TOKEN = join('access-', 'production-', '7f3c9a1e-4b2d-', '4e8f-9c6a-2d5b8e1f0a3c');
const GENERIC = join('api', 'Secret = "', 'q9Z2mW7xLp4Tk8Rv3NsY"');

const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-C', dir, '-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** A fresh repository on branch `main` with one clean commit. */
function tempRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casike-secrets-'));
  repos.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'README.md'), '# clean\n');
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(
    path.join(dir, 'src', 'config.ts'),
    'export const token = process.env.API_TOKEN;\nexport const password = "";\n',
  );
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'clean');
  return dir;
}

function commit(dir: string, file: string, text: string, message: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

describe('secret scanner', () => {
  it('passes a clean repository', () => {
    const dir = tempRepo();
    const report = runSecretScan(dir);
    expect(report.findings).toEqual([]);
    expect(report.lines.join('\n')).toMatch(/no secrets found/);
  });

  it('catches a fake AWS key planted in the tree, and prints it only masked', () => {
    const dir = tempRepo();
    commit(dir, 'src/deploy.ts', `export const id = '${AWS_KEY_ID}';\n`, 'oops');
    const report = runSecretScan(dir);
    expect(report.findings).toEqual([
      expect.objectContaining({ file: 'src/deploy.ts', line: 1, rule: 'aws-access-key-id' }),
    ]);
    const printed = report.lines.join('\n');
    expect(printed).toContain('src/deploy.ts:1');
    expect(printed).not.toContain(AWS_KEY_ID);
  });

  it('catches a key committed on a branch and deleted again, through the diff against main', () => {
    const dir = tempRepo();
    git(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, 'src/pay.ts', `const key = "${STRIPE_KEY}";\n`, 'add key');
    fs.rmSync(path.join(dir, 'src', 'pay.ts'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'remove key');

    const report = runSecretScan(dir);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ file: 'src/pay.ts', rule: 'stripe-key', line: 1 });
    expect(report.findings[0]?.commit).toMatch(/^[0-9a-f]{12}$/);
    expect(report.lines.join('\n')).toMatch(/diff: 2 commit\(s\) in main\.\.HEAD/);
  });

  it('recognises each kind of secret it promises', () => {
    const text = [
      PEM_HEADER,
      `OPENAI_API_KEY=${OPENAI_KEY}`,
      `const item = '${PLAID_TOKEN}';`,
      GENERIC,
      `aws_secret_access_key = ${join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYzQ8Lm3Tw9V')}`,
    ].join('\n');
    expect(scanText('x.env', text).map((f) => f.rule)).toEqual([
      'private-key',
      'openai-key',
      'plaid-access-token',
      'generic-secret',
      'aws-secret-access-key',
    ]);
  });

  it('ignores deliberately fake values, environment lookups and marked lines', () => {
    const text = [
      `STRIPE_SECRET_KEY: '${join('sk_test_', '1234567890abcd')}',`,
      `const secret = '${join('fake-', 'webhook-secret-9Zq')}';`,
      'const token = `${prefix}-${process.env.TOKEN_SUFFIX}`;',
      'password: "correct horse battery staple",',
      `const id = '${AWS_KEY_ID}'; // secret-scan: allow (fixture for the scanner)`,
    ].join('\n');
    expect(scanText('test/fixture.ts', text)).toEqual([]);
  });

  it('honours the allowlist file by path and rule, and refuses entries without a reason', () => {
    const dir = tempRepo();
    commit(dir, 'test/fixtures/keys.ts', `export const k = '${STRIPE_KEY}';\n`, 'fixture');
    expect(runSecretScan(dir).findings).toHaveLength(1);

    commit(
      dir,
      ALLOWLIST_FILE,
      'test/fixtures/** aws-access-key-id -- wrong rule, must not hide a Stripe key\n',
      'allow (wrong rule)',
    );
    expect(runSecretScan(dir).findings).toHaveLength(1);

    commit(
      dir,
      ALLOWLIST_FILE,
      'test/fixtures/** stripe-key -- fake key for the fake Stripe server\n',
      'allow',
    );
    expect(runSecretScan(dir).findings).toEqual([]);

    expect(() => parseAllowlist('test/** stripe-key\n')).toThrow(/line 1/);
    expect(() => parseAllowlist('test/** no-such-rule -- why\n')).toThrow(/unknown rule/);
  });
});
