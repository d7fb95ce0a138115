// Enforces DESIGN.md's import rules ("Layout (top level)"): which folder may import which,
// where `electron` and Node built-ins may appear, and which npm packages each folder uses.
// Run it with `npx tsx scripts/importRules.ts [root]`; `scripts/importRules.test.ts` runs it
// over the repository as part of `npm test`, so a layering mistake fails the build.
//
// The shape follows VS Code's layering lint: every source file must belong to exactly one
// area, each area says which other areas it may reach, and packages are denied unless the
// area's allow-list names them. Imports are read with TypeScript's own parser, so every form
// counts: `import`, `import type`, `export … from`, `import x = require()`, `import()`,
// `require()`, `typeof import('x')` in a type, and `/// <reference types|path>`.
//
// Type-only imports are checked exactly like value imports. A type is a dependency too: a
// core that imports even `import type { BrowserWindow } from 'electron'` no longer compiles
// without Electron, and a renderer that imports Node types is one refactor away from
// calling Node. Types that several layers need belong in src-shared. (If a package ever
// ships its types separately under another name, list that name too, with a comment.)

import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface Violation {
  /** Repository-relative path with forward slashes. */
  file: string;
  /** 1-based line of the import. */
  line: number;
  /** The module specifier as written (or the expression, when it is not a literal). */
  specifier: string;
  /** Stable rule id, one of `RuleId`. */
  rule: RuleId;
  /** Human-readable explanation. */
  message: string;
}

export type RuleId =
  | 'outside-areas' // the file belongs to no area
  | 'electron' // `electron` outside ELECTRON_AREAS
  | 'node-builtin' // a Node built-in in an area that runs without Node
  | 'layer' // a relative import into an area this one may not reach
  | 'package' // an npm package not on the area's allow-list
  | 'specifier' // a specifier that cannot be checked (computed, absolute, `#…`, URL)
  | 'test-only'; // shipped code importing a test-only `_helper`

export type AreaId =
  | 'src-shared/domain'
  | 'src-shared/contract'
  | 'src-main/core'
  | 'src-main/ipc'
  | 'src-main/app'
  | 'src-main/cli'
  | 'src-main/webHarness'
  | 'src-main/index.ts'
  | 'src-preload'
  | 'src-renderer'
  | 'sync-server/src';

export interface AreaPolicy {
  /** Other areas whose files this area may import. Its own files are always allowed. */
  mayImport: readonly AreaId[];
  /** npm packages (by package name; subpaths such as `react-dom/client` included). */
  packages: readonly string[];
}

// The design's hard rules. These are checked before the allow-lists below, so no edit to a
// list can quietly relax them; changing them means changing DESIGN.md first.

/** The only places that may import `electron` (STYLE.md, DESIGN.md "Layout"). */
export const ELECTRON_AREAS: readonly AreaId[] = [
  'src-main/app',
  'src-main/ipc',
  'src-main/index.ts',
  'src-preload',
];

/** Areas that run without Node (shared code, the sandboxed preload, the renderer). */
export const NO_NODE_AREAS: readonly AreaId[] = [
  'src-shared/domain',
  'src-shared/contract',
  'src-preload',
  'src-renderer',
];

const SHARED: readonly AreaId[] = ['src-shared/domain', 'src-shared/contract'];

// Per-area policy. Every entry in a `packages` list is a deliberate design decision: a new
// package widens what that layer can do (and, for the renderer and preload, what an attacker
// who controls the UI can reach). Add one in the same change that says why, and prefer
// putting shared logic in src-shared over widening several lists.
export const AREAS: Readonly<Record<AreaId, AreaPolicy>> = {
  // Pure values and calculations: money, dates, ids, categories. Below everything else.
  'src-shared/domain': { mayImport: [], packages: ['zod'] },
  // The IPC contract: zod schemas built on the domain types. The domain never imports it.
  'src-shared/contract': { mayImport: ['src-shared/domain'], packages: ['zod'] },
  // Pure Node: the vault and all business logic.
  'src-main/core': {
    mayImport: SHARED,
    packages: [
      'better-sqlite3-multiple-ciphers',
      '@node-rs/argon2',
      '@napi-rs/keyring',
      'zod',
      'openai',
      // PDF exports (core/exports/pdf): real text, pure JS, no browser or native code.
      'pdfkit',
      // Receipt thumbnails (core/receipts), decoded in memory and stored in the vault.
      'sharp',
    ],
  },
  // Validates IPC calls and hands them to core. A sibling of app: index.ts wires them.
  'src-main/ipc': { mayImport: ['src-main/core', ...SHARED], packages: ['electron', 'zod'] },
  // Windows, hardening, protocol, menu, updater. May call down into core. zod validates
  // `casike://` deep links (deepLinks.ts); electron-updater is the updater (updater.ts).
  'src-main/app': {
    mayImport: ['src-main/core', ...SHARED],
    packages: ['electron', 'electron-updater', 'zod'],
  },
  // The headless `casike` command: the same core, no Electron.
  'src-main/cli': { mayImport: ['src-main/core', ...SHARED], packages: ['commander', 'zod'] },
  // `npm run web` (development and e2e only, never bundled or shipped): serves the built
  // renderer and forwards the contract's calls over a loopback WebSocket to the same core.
  // `ws` is its transport and zod checks the socket's messages. It may import src-main/app
  // for one reason: contentSecurityPolicy.ts, so the page under test gets exactly the app's
  // policy (plus its own ws:// origin) instead of a copy that could drift. `electron`
  // itself stays forbidden here (ELECTRON_AREAS), and the harness runs under plain Node, so
  // pulling in an app file that loads Electron would fail at once.
  'src-main/webHarness': {
    mayImport: ['src-main/core', 'src-main/app', ...SHARED],
    packages: ['ws', 'zod'],
  },
  // The Electron entry point wires app + ipc + core.
  'src-main/index.ts': {
    mayImport: ['src-main/app', 'src-main/ipc', 'src-main/core', ...SHARED],
    packages: ['electron'],
  },
  // contextBridge only: the contract's schemas and `electron`. Bundled, so zod arrives
  // through the contract; the preload itself needs no other package.
  'src-preload': { mayImport: ['src-shared/contract'], packages: ['electron'] },
  // The untrusted UI: talks to data only through `window.casike`.
  'src-renderer': { mayImport: SHARED, packages: ['react', 'react-dom', 'zod'] },
  // The cloud service. Packages are the ones DESIGN.md "Sync server" and STYLE.md name, plus
  // the chosen Postgres driver (pg), metrics (prom-client) and SMTP client (nodemailer).
  'sync-server/src': {
    mayImport: SHARED,
    packages: [
      '@electric-sql/pglite',
      'fastify',
      'fastify-plugin',
      'jose',
      'nodemailer',
      'openai',
      // OIDC sign-in (routes/auth/oidc.ts) and TOTP enrolment's QR code (routes/account/mfa.ts).
      'openid-client',
      'qrcode',
      'otplib',
      'pg',
      'pino',
      'plaid',
      'prom-client',
      'stripe',
      'zod',
    ],
  },
};

/**
 * Extra packages that test-only files in any area may import: tests (`*.test.ts(x)`) and
 * test-only helpers, which STYLE.md names with a leading underscore (`_testSupport.ts`).
 * Shipped code may not import a `_` helper, so tooling never reaches the app's graph.
 */
export const TEST_TOOLING: readonly string[] = [
  'vitest',
  'fast-check',
  '@journeyapps/sqlcipher',
  // Parses our own sources in static checks (src-main/ipc/ipcRegistrations.test.ts).
  'typescript',
];

/**
 * Fake third-party servers that tests in any area may start in-process: the desktop's
 * bank end-to-end test runs the real sync server against the same fake Plaid and Stripe
 * the server's own tests use, so there is one faithful fake of each, not two.
 */
export const SHARED_TEST_FAKES: readonly string[] = [
  'sync-server/test/fakes/',
  // The real oidc-provider the server's OIDC tests use; the desktop's OIDC sign-in test too.
  'sync-server/test/_support/fakeOidc',
];

/** Folders that are walked; everything under them must belong to an area. */
export const SOURCE_ROOTS: readonly string[] = [
  'src-shared',
  'src-main',
  'src-preload',
  'src-renderer',
  'sync-server/src',
];

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
const TEST_FILE = /\.test\.tsx?$/;

/** Tests and `_`-prefixed test-only helpers. */
export function isTestOnly(file: string): boolean {
  return TEST_FILE.test(file) || path.posix.basename(file).startsWith('_');
}

/** Which area a repository-relative path (a file, or an import target) belongs to. */
export function areaOf(relPath: string): AreaId | undefined {
  const p = relPath.replace(/\\/g, '/');
  // `src-main/index.ts` is a single file; an import may name it as `./index`, `./index.js`
  // or the folder itself.
  if (p === 'src-main' || /^src-main\/index(\.[cm]?[jt]sx?)?$/.test(p)) return 'src-main/index.ts';
  for (const id of Object.keys(AREAS) as AreaId[]) {
    if (id === 'src-main/index.ts') continue;
    if (p === id || p.startsWith(`${id}/`)) return id;
  }
  return undefined;
}

/** One module reference found in a file. */
export interface ImportRef {
  specifier: string;
  line: number;
  /** True for references erased at compile time (`import type`, `typeof import()`, …). */
  typeOnly: boolean;
  /** False when the specifier is a computed expression rather than a string literal. */
  literal: boolean;
}

/** Every module reference in one TypeScript source, read with the TypeScript parser. */
export function collectImports(fileName: string, text: string): ImportRef[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const refs: ImportRef[] = [];
  const lineAt = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line + 1;

  const add = (spec: ts.Node | undefined, typeOnly: boolean): void => {
    if (spec === undefined) return;
    const line = lineAt(spec.getStart(sf));
    if (ts.isStringLiteral(spec) || ts.isNoSubstitutionTemplateLiteral(spec)) {
      refs.push({ specifier: spec.text, line, typeOnly, literal: true });
    } else {
      refs.push({ specifier: spec.getText(sf), line, typeOnly, literal: false });
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      // `typeof import('x')` / `import('x').T` in a type position.
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) add(arg.literal, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      // `require.resolve('x')` and `import.meta.resolve('x')` still depend on 'x' existing.
      const isResolve =
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === 'resolve' &&
        ((ts.isIdentifier(callee.expression) && callee.expression.text === 'require') ||
          ts.isMetaProperty(callee.expression));
      if (isDynamicImport || isRequire || isResolve) add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);

  // Triple-slash references. `/// <reference types="node" />` pulls Node's types in.
  for (const ref of sf.typeReferenceDirectives) {
    refs.push({ specifier: ref.fileName, line: lineAt(ref.pos), typeOnly: true, literal: true });
  }
  for (const ref of sf.referencedFiles) {
    const spec = ref.fileName.startsWith('.') ? ref.fileName : `./${ref.fileName}`;
    refs.push({ specifier: spec, line: lineAt(ref.pos), typeOnly: true, literal: true });
  }
  return refs.sort((a, b) => a.line - b.line);
}

const BUILTINS = new Set(builtinModules);

function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || BUILTINS.has(spec);
}

/** `react-dom/client` → `react-dom`; `@scope/pkg/sub` → `@scope/pkg`. */
export function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

/** All source files under SOURCE_ROOTS, repository-relative, sorted. */
export function listSourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(child);
      } else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
        out.push(child);
      }
    }
  };
  for (const r of SOURCE_ROOTS) {
    if (fs.existsSync(path.join(root, r))) walk(r);
  }
  return out.sort();
}

type Finding = Pick<Violation, 'rule' | 'message'>;

/** Decides one reference from a file in `area`; undefined when it is allowed. */
function judge(area: AreaId, file: string, ref: ImportRef): Finding | undefined {
  const spec = ref.specifier;
  const policy = AREAS[area];

  if (!ref.literal) {
    return {
      rule: 'specifier',
      message: 'module specifier must be a string literal so its layer can be checked',
    };
  }

  if (spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    const targetArea = target.startsWith('../') ? undefined : areaOf(target);
    if (path.posix.basename(target).startsWith('_') && !isTestOnly(file)) {
      return {
        rule: 'test-only',
        message: `'${target}' is a test-only helper; only tests and other helpers may import it`,
      };
    }
    if (targetArea === area) return undefined;
    if (isTestOnly(file) && SHARED_TEST_FAKES.some((dir) => target.startsWith(dir)))
      return undefined;
    if (targetArea === undefined) {
      return {
        rule: 'layer',
        message: `${area} may not import '${target}', which is in no area`,
      };
    }
    if (policy.mayImport.includes(targetArea)) return undefined;
    return {
      rule: 'layer',
      message: `${area} may not import ${targetArea} (allowed: ${
        [area, ...policy.mayImport].join(', ') || 'nothing'
      })`,
    };
  }

  if (spec.startsWith('/') || spec.startsWith('#') || /^[a-zA-Z][\w+.-]*:/.test(spec)) {
    if (!spec.startsWith('node:')) {
      return {
        rule: 'specifier',
        message: 'absolute paths, subpath imports and URLs cannot be layer-checked',
      };
    }
  }

  // `/// <reference types="node" />` is Node's type surface.
  if (isNodeBuiltin(spec) || (ref.typeOnly && spec === 'node')) {
    if (NO_NODE_AREAS.includes(area)) {
      return { rule: 'node-builtin', message: `${area} runs without Node: no Node built-ins` };
    }
    return undefined;
  }

  const pkg = packageName(spec);
  if (pkg === 'electron' && !ELECTRON_AREAS.includes(area)) {
    return {
      rule: 'electron',
      message: `electron may be imported only in ${ELECTRON_AREAS.join(', ')}`,
    };
  }
  if (policy.packages.includes(pkg)) return undefined;
  if (isTestOnly(file) && TEST_TOOLING.includes(pkg)) return undefined;
  return {
    rule: 'package',
    message: `package '${pkg}' is not on the allow-list for ${area} (scripts/importRules.ts)`,
  };
}

/** Checks every source file under `root` against the import rules. */
export function checkImportRules(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of listSourceFiles(root)) {
    const area = areaOf(file);
    if (area === undefined) {
      violations.push({
        file,
        line: 1,
        specifier: '',
        rule: 'outside-areas',
        message: 'file belongs to no area; move it into one or add an area to AREAS',
      });
      continue;
    }
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const ref of collectImports(file, text)) {
      const finding = judge(area, file, ref);
      if (finding) violations.push({ file, line: ref.line, specifier: ref.specifier, ...finding });
    }
  }
  return violations;
}

export function formatViolation(v: Violation): string {
  const spec = v.specifier === '' ? '' : ` '${v.specifier}'`;
  return `${v.file}:${v.line}:${spec} [${v.rule}] ${v.message}`;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function main(): void {
  const root = path.resolve(process.argv[2] ?? REPO_ROOT);
  const violations = checkImportRules(root);
  for (const v of violations) console.log(formatViolation(v));
  const files = listSourceFiles(root).length;
  if (violations.length > 0) {
    console.error(`import rules: ${violations.length} violation(s) in ${files} files`);
    process.exitCode = 1;
  } else {
    console.log(`import rules: ${files} files checked, no violations`);
  }
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main();
}
