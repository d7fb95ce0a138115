import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject, formatResult, loadExceptions } from './licenceCheck';
import {
  ALLOWED_LICENCES,
  declaredLicence,
  findLicenceProblems,
  packagesFromLockfile,
  satisfiesPolicy,
  type PackageLicence,
} from './licences';

describe('SPDX expressions', () => {
  it.each([
    ['MIT', true],
    ['(MIT OR WTFPL)', true],
    ['(GPL-3.0-only OR Apache-2.0)', true],
    ['Apache-2.0 WITH LLVM-exception', true],
    ['(BSD-2-Clause OR MIT OR Apache-2.0)', true],
    ['MIT AND ISC', true],
    ['GPL-3.0-only', false],
    ['MIT AND GPL-2.0-or-later', false],
    ['AGPL-3.0-or-later', false],
    ['SEE LICENSE IN LICENSE.md', false],
    ['UNLICENSED', false],
    ['(MIT', false],
    ['MIT OR', false],
    ['', false],
  ])('%j satisfies the policy: %s', (expression, expected) => {
    expect(satisfiesPolicy(expression, ALLOWED_LICENCES)).toBe(expected);
  });

  it('reads every form a package.json uses', () => {
    expect(declaredLicence({ license: 'MIT' })).toBe('MIT');
    expect(declaredLicence({ license: { type: 'ISC' } })).toBe('ISC');
    expect(declaredLicence({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] })).toBe(
      '(MIT OR Apache-2.0)',
    );
    expect(declaredLicence({ license: '  ' })).toBeNull();
    expect(declaredLicence({})).toBeNull();
  });
});

describe('licence policy', () => {
  const pkg = (name: string, licence: string | null, version = '1.0.0'): PackageLicence => ({
    name,
    version,
    licence,
    source: `node_modules/${name}`,
  });

  it('lets exceptions through only for the licence and version they reviewed', () => {
    const exceptions = [
      { name: '@img/sharp-libvips-*', licence: 'LGPL-3.0-or-later', reason: 'reviewed' },
      { name: 'png-js', licence: null, version: '2.0.0', reason: 'LICENSE file is MIT' },
    ];
    const problems = findLicenceProblems(
      [
        pkg('@img/sharp-libvips-linux-x64', 'LGPL-3.0-or-later'),
        pkg('@img/sharp-libvips-darwin-arm64', 'GPL-3.0-only'), // licence changed: review again
        pkg('png-js', null, '2.0.0'),
        pkg('png-js', null, '3.0.0'), // a new version: review again
        pkg('left-pad', 'WTFPL'),
      ],
      exceptions,
    );
    expect(problems.map((p) => [p.pkg.name, p.pkg.version, p.why])).toEqual([
      ['@img/sharp-libvips-darwin-arm64', '1.0.0', 'not-allowed'],
      ['left-pad', '1.0.0', 'not-allowed'],
      ['png-js', '3.0.0', 'none-declared'],
    ]);
  });

  it('takes production packages from the lockfile, dev ones never', () => {
    const lock = {
      packages: {
        '': { name: 'app', license: 'UNLICENSED' },
        'node_modules/a': { version: '1.0.0', license: 'MIT' },
        'node_modules/b': { version: '1.0.0', license: 'GPL-3.0-only', dev: true },
        'node_modules/@x/c-darwin': { version: '2.0.0', license: 'Apache-2.0', optional: true },
        'node_modules/a/node_modules/d': { version: '3.0.0' },
        'node_modules/e': { version: '1.0.0', license: 'MIT', devOptional: true },
        '../linked': { link: true },
      },
    };
    expect(packagesFromLockfile(lock).map((p) => `${p.name}@${p.version}:${p.licence}`)).toEqual([
      'a@1.0.0:MIT',
      '@x/c-darwin@2.0.0:Apache-2.0',
      'd@3.0.0:null',
      'e@1.0.0:MIT',
    ]);
  });

  it('the committed exceptions file is valid and every entry says why', () => {
    const exceptions = loadExceptions();
    expect(exceptions.length).toBeGreaterThan(0);
    for (const e of exceptions) expect(e.reason.length).toBeGreaterThan(20);
  });
});

describe('licence check on a fixture project', () => {
  let dir: string;

  function addPackage(at: string, manifest: Record<string, unknown>): void {
    fs.mkdirSync(path.join(dir, at), { recursive: true });
    fs.writeFileSync(path.join(dir, at, 'package.json'), JSON.stringify(manifest));
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casike-licences-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'fixture-app',
        version: '1.0.0',
        license: 'UNLICENSED',
        dependencies: { good: '1.0.0', dual: '1.0.0', unlabelled: '1.0.0' },
        devDependencies: { 'dev-tool': '1.0.0' },
      }),
    );
    addPackage('node_modules/good', {
      name: 'good',
      version: '1.0.0',
      license: 'MIT',
      dependencies: { copyleft: '1.0.0' },
    });
    addPackage('node_modules/copyleft', {
      name: 'copyleft',
      version: '1.0.0',
      license: 'GPL-3.0-only',
    });
    addPackage('node_modules/dual', {
      name: 'dual',
      version: '1.0.0',
      license: '(GPL-2.0-only OR MIT)',
    });
    addPackage('node_modules/unlabelled', { name: 'unlabelled', version: '1.0.0' });
    addPackage('node_modules/dev-tool', {
      name: 'dev-tool',
      version: '1.0.0',
      license: 'AGPL-3.0-only',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails on a disallowed licence deep in the production tree and on a missing one, naming both', () => {
    const result = checkProject(dir, []);
    expect(result.checked).toBe(4); // good, copyleft, dual, unlabelled; never dev-tool
    expect(result.problems.map((p) => [p.pkg.name, p.why])).toEqual([
      ['copyleft', 'not-allowed'],
      ['unlabelled', 'none-declared'],
    ]);
    const text = formatResult(result, dir).join('\n');
    expect(text).toContain('copyleft@1.0.0: "GPL-3.0-only" is not on the allow-list');
    expect(text).toContain('unlabelled@1.0.0: declares no licence');
    expect(text).toContain('licenceExceptions.json');
  });

  it('passes once the remaining packages are reviewed exceptions', () => {
    const result = checkProject(dir, [
      { name: 'copyleft', licence: 'GPL-3.0-only', reason: 'fixture: reviewed' },
      { name: 'unlabelled', licence: null, version: '1.0.0', reason: 'fixture: reviewed' },
    ]);
    expect(result.problems).toEqual([]);
    expect(formatResult(result, dir)).toEqual([
      'licence check: .: 4 production packages, all allowed',
    ]);
  });
});
