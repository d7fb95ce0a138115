// Licence policy for production dependencies (the code we ship in the app, and run on the
// server). Pure functions over npm's own data, so licences.test.ts can feed them fixtures;
// licenceCheck.ts gathers the data and prints the verdict.

/**
 * Permissive licences whose terms a closed-source app meets with a notice. Anything else
 * needs a reviewed entry in licenceExceptions.json.
 */
export const ALLOWED_LICENCES: ReadonlySet<string> = new Set([
  '0BSD',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'ISC',
  'MIT',
  'MIT-0',
  'Python-2.0',
  'Unlicense',
  'Zlib',
]);

/**
 * True when the SPDX expression can be satisfied with allowed licences only: `A OR B`
 * needs one side, `A AND B` both, `A WITH exception` counts as A, `A+` as A. Anything
 * that does not parse is not satisfied.
 */
export function satisfiesPolicy(expression: string, allowed: ReadonlySet<string>): boolean {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];

  // or := and ('OR' and)* ; and := atom ('AND' atom)* ; atom := '(' or ')' | id ['WITH' id]
  function parseOr(): boolean {
    let value = parseAnd();
    while (peek()?.toUpperCase() === 'OR') {
      pos++;
      const right = parseAnd();
      value = value || right;
    }
    return value;
  }
  function parseAnd(): boolean {
    let value = parseAtom();
    while (peek()?.toUpperCase() === 'AND') {
      pos++;
      const right = parseAtom();
      value = value && right;
    }
    return value;
  }
  function parseAtom(): boolean {
    const token = tokens[pos++];
    if (token === undefined) throw new Error('unexpected end');
    if (token === '(') {
      const value = parseOr();
      if (tokens[pos++] !== ')') throw new Error('missing )');
      return value;
    }
    if (token === ')' || /^(AND|OR|WITH)$/i.test(token)) throw new Error('unexpected token');
    if (peek()?.toUpperCase() === 'WITH') {
      pos++;
      if (tokens[pos++] === undefined) throw new Error('missing exception');
    }
    return allowed.has(token.replace(/\+$/, ''));
  }

  try {
    const value = parseOr();
    return pos === tokens.length && value;
  } catch {
    return false;
  }
}

/** The licence a package.json (or lockfile entry) declares, as one SPDX-like string. */
export function declaredLicence(manifest: unknown): string | null {
  if (typeof manifest !== 'object' || manifest === null) return null;
  const { license, licenses } = manifest as { license?: unknown; licenses?: unknown };
  const one = (value: unknown): string | null => {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'object' && value !== null && 'type' in value) {
      return one(value.type);
    }
    return null;
  };
  const direct = one(license);
  if (direct !== null) return direct;
  // The old `licenses: [{type}]` form lists alternatives.
  if (Array.isArray(licenses)) {
    const names = licenses.map(one).filter((n): n is string => n !== null);
    if (names.length === 1) return names[0]!;
    if (names.length > 1) return `(${names.join(' OR ')})`;
  }
  return one(licenses);
}

export interface PackageLicence {
  name: string;
  version: string;
  licence: string | null;
  /** Where it was found: an install path, or `package-lock.json`. */
  source: string;
}

interface NpmLsNode {
  name?: string;
  version?: string;
  path?: string;
  license?: unknown;
  licenses?: unknown;
  dependencies?: Record<string, NpmLsNode>;
}

/**
 * Every installed package in `npm ls --omit=dev --all --json --long` output, once per
 * name@version. Entries without a version are optional packages for other platforms
 * that were not installed; the lockfile pass covers them.
 */
export function packagesFromNpmLs(tree: unknown): PackageLicence[] {
  const found = new Map<string, PackageLicence>();
  const walk = (node: NpmLsNode): void => {
    for (const [key, child] of Object.entries(node.dependencies ?? {})) {
      if (typeof child !== 'object' || child === null || typeof child.version !== 'string') {
        continue;
      }
      const name = child.name ?? key;
      const id = `${name}@${child.version}`;
      if (found.has(id)) continue;
      found.set(id, {
        name,
        version: child.version,
        licence: declaredLicence(child),
        source: child.path ?? key,
      });
      walk(child);
    }
  };
  if (typeof tree === 'object' && tree !== null) walk(tree);
  return [...found.values()];
}

interface LockEntry {
  name?: string;
  version?: string;
  dev?: boolean;
  link?: boolean;
  license?: unknown;
}

/**
 * Production packages in a lockfile (v2/v3 `packages`), including optional ones for other
 * platforms (say, macOS builds of a native module) that this machine did not install but
 * the app ships on that platform.
 */
export function packagesFromLockfile(lock: unknown): PackageLicence[] {
  const packages = (lock as { packages?: Record<string, LockEntry> } | null)?.packages ?? {};
  const found = new Map<string, PackageLicence>();
  for (const [location, entry] of Object.entries(packages)) {
    if (location === '' || entry.dev === true || entry.link === true) continue;
    if (typeof entry.version !== 'string') continue;
    const name = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 13);
    const id = `${name}@${entry.version}`;
    if (!found.has(id)) {
      found.set(id, {
        name,
        version: entry.version,
        licence: declaredLicence(entry),
        source: 'package-lock.json',
      });
    }
  }
  return [...found.values()];
}

/** A reviewed package whose licence is outside the allow-list. */
export interface LicenceException {
  /** Package name; `*` matches any run of characters (`@img/sharp-libvips-*`). */
  name: string;
  /** The licence exactly as declared (`null` for none); a change needs a new review. */
  licence: string | null;
  /** Optional: only this version (for a licence read from a LICENSE file by hand). */
  version?: string;
  reason: string;
}

function nameMatches(pattern: string, name: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^${source.join('.*')}$`).test(name);
}

export interface LicenceProblem {
  pkg: PackageLicence;
  why: 'not-allowed' | 'none-declared';
}

/** Packages that are neither allowed by their declared licence nor reviewed exceptions. */
export function findLicenceProblems(
  packages: readonly PackageLicence[],
  exceptions: readonly LicenceException[],
  allowed: ReadonlySet<string> = ALLOWED_LICENCES,
): LicenceProblem[] {
  const problems: LicenceProblem[] = [];
  for (const pkg of packages) {
    if (pkg.licence !== null && satisfiesPolicy(pkg.licence, allowed)) continue;
    const excepted = exceptions.some(
      (e) =>
        nameMatches(e.name, pkg.name) &&
        e.licence === pkg.licence &&
        (e.version === undefined || e.version === pkg.version),
    );
    if (!excepted)
      problems.push({ pkg, why: pkg.licence === null ? 'none-declared' : 'not-allowed' });
  }
  return problems.sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/** Installed packages first (what actually ships here), then lockfile-only ones. */
export function mergePackages(
  installed: readonly PackageLicence[],
  locked: readonly PackageLicence[],
): PackageLicence[] {
  const seen = new Set(installed.map((p) => `${p.name}@${p.version}`));
  return [...installed, ...locked.filter((p) => !seen.has(`${p.name}@${p.version}`))];
}
