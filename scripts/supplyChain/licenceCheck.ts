// CI step "licence check": every production dependency of the app (repository root) and
// of the sync server must declare a licence on the allow-list (licences.ts) or be a
// reviewed exception (licenceExceptions.json). Installed packages are read through
// `npm ls --omit=dev --all --json --long` (their own package.json), and production
// packages for other platforms from package-lock.json. Offline; a few seconds.
//
//   npx tsx scripts/supplyChain/licenceCheck.ts [PROJECT_DIR ...]
//
// Exit 0 when everything is allowed, 1 with the list of packages that are not, 2 when
// the dependency tree could not be read.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  ALLOWED_LICENCES,
  findLicenceProblems,
  mergePackages,
  packagesFromLockfile,
  packagesFromNpmLs,
  type LicenceException,
  type LicenceProblem,
} from './licences';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXCEPTIONS_FILE = path.join(REPO_ROOT, 'scripts/supplyChain/licenceExceptions.json');

const exceptionsSchema = z.object({
  exceptions: z.array(
    z.strictObject({
      name: z.string().min(1),
      licence: z.string().min(1).nullable(),
      version: z.string().min(1).optional(),
      reason: z.string().min(10),
    }),
  ),
});

export function loadExceptions(file: string = EXCEPTIONS_FILE): LicenceException[] {
  const parsed = exceptionsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${path.basename(file)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data.exceptions;
}

/** `npm ls` JSON for `dir`. npm exits non-zero for problems like extraneous packages but
 * still prints the tree, so only unreadable output is an error. */
export function readInstalledTree(dir: string): unknown {
  const result = spawnSync('npm', ['ls', '--omit=dev', '--all', '--json', '--long'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  try {
    return JSON.parse(result.stdout) as unknown;
  } catch {
    throw new Error(`could not read the dependency tree of ${dir} (npm ls)`);
  }
}

export interface ProjectResult {
  dir: string;
  checked: number;
  problems: LicenceProblem[];
}

export function checkProject(dir: string, exceptions: readonly LicenceException[]): ProjectResult {
  const installed = packagesFromNpmLs(readInstalledTree(dir));
  const lockPath = path.join(dir, 'package-lock.json');
  const locked = fs.existsSync(lockPath)
    ? packagesFromLockfile(JSON.parse(fs.readFileSync(lockPath, 'utf8')))
    : [];
  const packages = mergePackages(installed, locked);
  return { dir, checked: packages.length, problems: findLicenceProblems(packages, exceptions) };
}

export function formatResult(result: ProjectResult, root: string = REPO_ROOT): string[] {
  const name = path.relative(root, result.dir) || '.';
  if (result.problems.length === 0) {
    return [`licence check: ${name}: ${result.checked} production packages, all allowed`];
  }
  return [
    `licence check: ${name}: ${result.problems.length} of ${result.checked} production packages are not allowed:`,
    ...result.problems.map(({ pkg, why }) =>
      why === 'none-declared'
        ? `  ${pkg.name}@${pkg.version}: declares no licence (${pkg.source})`
        : `  ${pkg.name}@${pkg.version}: "${pkg.licence}" is not on the allow-list (${pkg.source})`,
    ),
    `  Allowed: ${[...ALLOWED_LICENCES].join(', ')}.`,
    '  Replace the package, or review it and add it to scripts/supplyChain/licenceExceptions.json with the reason.',
  ];
}

function main(argv: string[]): number {
  const dirs =
    argv.length > 0
      ? argv.map((d) => path.resolve(d))
      : [REPO_ROOT, path.join(REPO_ROOT, 'sync-server')];
  try {
    const exceptions = loadExceptions();
    let failed = false;
    for (const dir of dirs) {
      const result = checkProject(dir, exceptions);
      for (const line of formatResult(result)) console.log(line);
      failed ||= result.problems.length > 0;
    }
    return failed ? 1 : 0;
  } catch (error) {
    console.error(`licence check: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(process.argv.slice(2));
}
