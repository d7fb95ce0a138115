import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatOutcome, interpretAudit } from './audit';
import { describeSbom, writeSbom } from './sbom';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SBOM', () => {
  it('writes a CycloneDX document of the production dependencies from the lockfile', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casike-sbom-'));
    dirs.push(dir);
    const manifest = {
      name: 'fixture-app',
      version: '1.0.0',
      dependencies: { shipped: '^1.0.0' },
      devDependencies: { tooling: '^2.0.0' },
    };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    fs.writeFileSync(
      path.join(dir, 'package-lock.json'),
      JSON.stringify({
        name: 'fixture-app',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': manifest,
          'node_modules/shipped': {
            version: '1.0.0',
            resolved: 'https://registry.npmjs.org/shipped/-/shipped-1.0.0.tgz',
            license: 'MIT',
          },
          'node_modules/tooling': {
            version: '2.0.0',
            resolved: 'https://registry.npmjs.org/tooling/-/tooling-2.0.0.tgz',
            license: 'MIT',
            dev: true,
          },
        },
      }),
    );
    const out = path.join(dir, 'artifacts', 'sbom.cdx.json');
    expect(writeSbom(dir, out)).toMatch(/^CycloneDX 1\.\d+, 1 components$/);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      components: Array<{ name: string; version: string; purl: string }>;
    };
    expect(doc.components.map((c) => [c.name, c.version, c.purl])).toEqual([
      ['shipped', '1.0.0', 'pkg:npm/shipped@1.0.0'],
    ]);
  });

  it('refuses output that is not CycloneDX', () => {
    expect(() => describeSbom('{"spdxVersion":"SPDX-2.3"}')).toThrow(/CycloneDX/);
    expect(() => describeSbom('npm error')).toThrow();
  });
});

describe('npm audit', () => {
  it('reports the counts when the registry answers', () => {
    const report = JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: {
        'old-lib': { name: 'old-lib', severity: 'high' },
        'other-lib': { name: 'other-lib', severity: 'moderate' },
      },
      metadata: {
        vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 0, total: 2 },
      },
    });
    const outcome = interpretAudit(report);
    expect(formatOutcome('.', outcome)).toEqual([
      'npm audit: .: 1 high, 1 moderate (see docs/operations.md, monthly patch routine)',
      '  old-lib (high)',
      '  other-lib (moderate)',
    ]);
    const clean = JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: {},
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0 } },
    });
    expect(formatOutcome('sync-server', interpretAudit(clean))).toEqual([
      'npm audit: sync-server: no known vulnerabilities',
    ]);
  });

  it('skips with a clear message when the registry does not answer', () => {
    const offline = JSON.stringify({
      error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed' },
    });
    const mirror = JSON.stringify({ message: '405 Method Not Allowed', statusCode: 405 });
    expect(formatOutcome('.', interpretAudit(offline))).toEqual([
      'npm audit: .: skipped: the registry gave no audit report (ENOTFOUND)',
    ]);
    expect(formatOutcome('.', interpretAudit(mirror))).toEqual([
      'npm audit: .: skipped: the registry gave no audit report (HTTP 405 from the audit endpoint)',
    ]);
    expect(interpretAudit('', true)).toEqual({
      answered: false,
      reason: 'the registry did not answer in time',
    });
    expect(interpretAudit('')).toMatchObject({ answered: false });
  });
});
