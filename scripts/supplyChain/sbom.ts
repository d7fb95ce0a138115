// CI step "SBOM": a CycloneDX software bill of materials for the app (repository root)
// and for the sync server, written to artifacts/ for the CI run to keep. Built with
// `npm sbom` from package-lock.json (`--package-lock-only`): the exact versions `npm ci`
// installs, including optional packages for other platforms, without touching the
// network. Production dependencies only (`--omit=dev`): what ships.
//
//   npx tsx scripts/supplyChain/sbom.ts [OUT_DIR]
//
// A failure here is reported but does not fail CI: an SBOM is evidence, not a gate.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SBOM_TARGETS = [
  { project: '.', file: 'sbom.cdx.json' },
  { project: 'sync-server', file: 'sbom-sync-server.cdx.json' },
] as const;

/** Checks that `text` is a CycloneDX document; returns its summary line parts. */
export function describeSbom(text: string): { specVersion: string; components: number } {
  const doc = JSON.parse(text) as {
    bomFormat?: unknown;
    specVersion?: unknown;
    components?: unknown;
  };
  if (doc.bomFormat !== 'CycloneDX' || !Array.isArray(doc.components)) {
    throw new Error('npm sbom did not produce a CycloneDX document');
  }
  return { specVersion: String(doc.specVersion), components: doc.components.length };
}

export function writeSbom(projectDir: string, outFile: string): string {
  const result = spawnSync(
    'npm',
    ['sbom', '--sbom-format', 'cyclonedx', '--omit=dev', '--package-lock-only'],
    { cwd: projectDir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    const reason = /npm error (.*)/.exec(result.stderr)?.[1] ?? `exit ${String(result.status)}`;
    throw new Error(`npm sbom failed: ${reason}`);
  }
  const { specVersion, components } = describeSbom(result.stdout);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, result.stdout);
  return `CycloneDX ${specVersion}, ${components} components`;
}

function main(argv: string[]): number {
  const outDir = path.resolve(argv[0] ?? path.join(REPO_ROOT, 'artifacts'));
  for (const { project, file } of SBOM_TARGETS) {
    const outFile = path.join(outDir, file);
    try {
      const summary = writeSbom(path.join(REPO_ROOT, project), outFile);
      console.log(`sbom: ${path.relative(REPO_ROOT, outFile)} (${summary})`);
    } catch (error) {
      console.log(
        `sbom: ${project}: not written: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return 0;
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(process.argv.slice(2));
}
