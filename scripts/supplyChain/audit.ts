// CI step "npm audit": known vulnerabilities in production dependencies, for the app and
// the sync server. The registry may not answer (no network, or a mirror without the
// audit endpoint); then the step says so in one line and moves on. It never fails CI:
// findings are printed for the monthly patch routine (docs/operations.md) and Dependabot
// opens the fixes.
//
//   npx tsx scripts/supplyChain/audit.ts

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TIMEOUT_MS = 45_000;
const SEVERITIES = ['critical', 'high', 'moderate', 'low', 'info'] as const;

export type AuditOutcome =
  | { answered: true; counts: Record<(typeof SEVERITIES)[number], number>; packages: string[] }
  | { answered: false; reason: string };

interface AuditJson {
  auditReportVersion?: unknown;
  vulnerabilities?: Record<string, { severity?: unknown }>;
  metadata?: { vulnerabilities?: Record<string, unknown> };
  error?: { code?: unknown; summary?: unknown };
  message?: unknown;
  statusCode?: unknown;
  code?: unknown;
}

/** Reads `npm audit --json` output: a report, or why the registry gave none. */
export function interpretAudit(stdout: string, timedOut = false): AuditOutcome {
  if (timedOut) return { answered: false, reason: 'the registry did not answer in time' };
  let json: AuditJson;
  try {
    json = JSON.parse(stdout) as AuditJson;
  } catch {
    return { answered: false, reason: 'npm audit printed no report' };
  }
  const totals = json.metadata?.vulnerabilities;
  if (json.vulnerabilities && totals && typeof totals === 'object') {
    const counts = Object.fromEntries(
      SEVERITIES.map((s) => [s, typeof totals[s] === 'number' ? totals[s] : 0]),
    ) as Record<(typeof SEVERITIES)[number], number>;
    const packages = Object.entries(json.vulnerabilities)
      .map(([name, v]) => `${name} (${String(v.severity)})`)
      .sort();
    return { answered: true, counts, packages };
  }
  const code = json.error?.code ?? json.code;
  const status = json.statusCode;
  const detail =
    typeof code === 'string'
      ? code
      : typeof status === 'number'
        ? `HTTP ${status} from the audit endpoint`
        : 'no report';
  return { answered: false, reason: `the registry gave no audit report (${detail})` };
}

export function formatOutcome(project: string, outcome: AuditOutcome): string[] {
  if (!outcome.answered) return [`npm audit: ${project}: skipped: ${outcome.reason}`];
  const total = SEVERITIES.reduce((sum, s) => sum + outcome.counts[s], 0);
  if (total === 0) return [`npm audit: ${project}: no known vulnerabilities`];
  const bySeverity = SEVERITIES.filter((s) => outcome.counts[s] > 0)
    .map((s) => `${outcome.counts[s]} ${s}`)
    .join(', ');
  return [
    `npm audit: ${project}: ${bySeverity} (see docs/operations.md, monthly patch routine)`,
    ...outcome.packages.map((p) => `  ${p}`),
  ];
}

function main(): number {
  for (const project of ['.', 'sync-server']) {
    const result = spawnSync('npm', ['audit', '--omit=dev', '--json', '--fetch-retries=1'], {
      cwd: path.join(REPO_ROOT, project),
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    const timedOut = result.error !== undefined || result.signal !== null;
    for (const line of formatOutcome(project, interpretAudit(result.stdout ?? '', timedOut))) {
      console.log(line);
    }
  }
  return 0;
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main();
}
