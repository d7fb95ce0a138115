// Secret scanner for CI (`.ci/run`, step "secret scan"). It scans
//   1. the tree: every file git tracks, as it is on disk, and
//   2. the diff: every line added by the commits between a base branch and HEAD, so a key
//      committed and then deleted on a branch is still caught (it stays in history).
// A finding fails the run. Values are printed masked. Deliberately fake fixtures are
// either marked on their line (`secret-scan: allow`) or listed, with a reason, in
// secretAllowlist.txt. No packages: git, Node and the rules in secretRules.ts.
//
//   npx tsx scripts/supplyChain/secretScan.ts [--root DIR] [--base REF]
//
// The base is --base, else $CASIKE_SECRET_SCAN_BASE, else origin/main, else main.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INLINE_ALLOW_MARKER, SECRET_RULES, looksReal, maskSecret } from './secretRules';

export interface Finding {
  /** Repository-relative path. */
  file: string;
  line: number;
  rule: string;
  /** Masked value (maskSecret). */
  masked: string;
  /** Set for findings in the diff: the commit that added the line. */
  commit?: string;
}

export interface AllowEntry {
  glob: string;
  rule: string; // a rule id or '*'
  reason: string;
  matcher: RegExp;
}

/** `**` crosses folders, `*` does not; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Parses the allowlist: one `<path glob> <rule id or *> -- <reason>` per line, `#`
 * comments. A line without a reason is an error: every exception must say why.
 */
export function parseAllowlist(text: string): AllowEntry[] {
  const entries: AllowEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(\S+)\s+(\S+)\s+--\s+(\S.*)$/.exec(line);
    if (!match) {
      throw new Error(
        `secret allowlist line ${index + 1}: expected "<path glob> <rule id|*> -- <reason>"`,
      );
    }
    const [, glob, rule, reason] = match as unknown as [string, string, string, string];
    if (rule !== '*' && !SECRET_RULES.some((r) => r.id === rule)) {
      throw new Error(`secret allowlist line ${index + 1}: unknown rule "${rule}"`);
    }
    entries.push({ glob, rule, reason, matcher: globToRegExp(glob) });
  });
  return entries;
}

function allowed(allowlist: readonly AllowEntry[], file: string, rule: string): boolean {
  return allowlist.some((e) => (e.rule === '*' || e.rule === rule) && e.matcher.test(file));
}

/** Findings in one text. `firstLine` numbers lines (1 for a file). */
export function scanText(
  file: string,
  text: string,
  allowlist: readonly AllowEntry[] = [],
): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.includes(INLINE_ALLOW_MARKER)) return;
    for (const rule of SECRET_RULES) {
      for (const match of line.matchAll(rule.pattern)) {
        const value = match[1] ?? match[0];
        if (!looksReal(rule, value) || allowed(allowlist, file, rule.id)) continue;
        findings.push({ file, line: index + 1, rule: rule.id, masked: maskSecret(value) });
      }
    }
  });
  return findings;
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;

function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Every tracked file as it is on disk; binary and very large files are skipped. */
export function scanTree(
  root: string,
  allowlist: readonly AllowEntry[],
): {
  findings: Finding[];
  files: number;
} {
  const files = git(root, ['ls-files', '-z']).split('\0').filter(Boolean);
  const findings: Finding[] = [];
  let scanned = 0;
  for (const file of files) {
    const abs = path.join(root, file);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(abs);
    } catch {
      continue; // deleted in the working tree
    }
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) continue;
    const bytes = fs.readFileSync(abs);
    if (bytes.subarray(0, 8000).includes(0)) continue; // binary
    scanned++;
    findings.push(...scanText(file, bytes.toString('utf8'), allowlist));
  }
  return { findings, files: scanned };
}

/** The base to diff against, or null when there is none (or it is HEAD itself). */
export function resolveBase(root: string, requested: string | undefined): string | null {
  const candidates = requested ? [requested] : ['origin/main', 'main'];
  const head = git(root, ['rev-parse', 'HEAD']).trim();
  for (const ref of candidates) {
    try {
      const commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
      if (commit !== '' && commit !== head) return ref;
      if (commit === head) return null;
    } catch {
      // not a ref here; try the next one
    }
  }
  if (requested) throw new Error(`secret scan: base "${requested}" is not a commit`);
  return null;
}

/** Lines added by the commits in `base..HEAD`, each scanned with its file's rules. */
export function scanDiff(
  root: string,
  base: string,
  allowlist: readonly AllowEntry[],
): { findings: Finding[]; commits: number } {
  const log = git(root, [
    'log',
    '-p',
    '-U0',
    '--no-color',
    '--no-ext-diff',
    '--no-renames',
    '--format=commit %H',
    `${base}..HEAD`,
  ]);
  const findings: Finding[] = [];
  let commit = '';
  let commits = 0;
  let file: string | null = null;
  let newLine = 0;
  for (const line of log.split('\n')) {
    if (line.startsWith('commit ')) {
      commit = line.slice(7, 19);
      commits++;
      file = null;
    } else if (line.startsWith('+++ ')) {
      file = line === '+++ /dev/null' ? null : line.replace(/^\+\+\+ b\//, '');
    } else if (line.startsWith('@@')) {
      newLine = Number(/\+(\d+)/.exec(line)?.[1] ?? 0);
    } else if (line.startsWith('+') && file !== null) {
      for (const finding of scanText(file, line.slice(1), allowlist)) {
        findings.push({ ...finding, line: newLine, commit });
      }
      newLine++;
    }
  }
  return { findings, commits };
}

export function formatFinding(f: Finding): string {
  const where = f.commit ? `${f.file}:${f.line} (added in ${f.commit})` : `${f.file}:${f.line}`;
  const rule = SECRET_RULES.find((r) => r.id === f.rule);
  return `  ${where}: ${rule?.description ?? f.rule} [${f.rule}] ${f.masked}`;
}

export const ALLOWLIST_FILE = 'scripts/supplyChain/secretAllowlist.txt';

export interface ScanReport {
  findings: Finding[];
  lines: string[];
}

/** Runs both scans and returns what to print; findings non-empty means fail. */
export function runSecretScan(root: string, requestedBase?: string): ScanReport {
  const allowPath = path.join(root, ALLOWLIST_FILE);
  const allowlist = fs.existsSync(allowPath)
    ? parseAllowlist(fs.readFileSync(allowPath, 'utf8'))
    : [];
  const tree = scanTree(root, allowlist);
  const lines = [`secret scan: tree: ${tree.files} tracked files`];
  const findings = [...tree.findings];

  const base = resolveBase(root, requestedBase);
  if (base === null) {
    lines.push('secret scan: diff: no base branch to compare with; the tree scan covers HEAD');
  } else {
    let diff: { findings: Finding[]; commits: number } = { findings: [], commits: 0 };
    try {
      diff = scanDiff(root, base, allowlist);
      lines.push(`secret scan: diff: ${diff.commits} commit(s) in ${base}..HEAD`);
    } catch {
      // A shallow clone may lack the commits between base and HEAD; the tree still counts.
      lines.push(`secret scan: diff: could not read ${base}..HEAD (shallow clone?); tree only`);
    }
    // A secret still in the tree is already reported once; list history-only ones too.
    const inTree = new Set(tree.findings.map((f) => `${f.file}\0${f.rule}\0${f.masked}`));
    findings.push(...diff.findings.filter((f) => !inTree.has(`${f.file}\0${f.rule}\0${f.masked}`)));
  }

  if (findings.length === 0) {
    lines.push('secret scan: no secrets found');
  } else {
    lines.push(`secret scan: ${findings.length} possible secret(s):`);
    lines.push(...findings.map(formatFinding));
    lines.push(
      'secret scan: revoke and rotate a real secret (removing it from the tree is not enough:',
      '  it stays in git history). A deliberately fake test value: add the comment',
      `  "${INLINE_ALLOW_MARKER}" on its line, or list it in ${ALLOWLIST_FILE} with a reason.`,
    );
  }
  return { findings, lines };
}

function main(argv: string[]): number {
  let root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  let base = process.env.CASIKE_SECRET_SCAN_BASE || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === '--root' || arg === '--base') && value !== undefined) {
      if (arg === '--root') root = path.resolve(value);
      else base = value;
      i++;
    } else {
      console.error('usage: secretScan.ts [--root DIR] [--base REF]');
      return 2;
    }
  }
  try {
    const report = runSecretScan(root, base);
    for (const line of report.lines) console.log(line);
    return report.findings.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(process.argv.slice(2));
}
