// `npm run web`: starts the web harness and prints the URL to open (development and
// e2e only). CASIKE_DATA_DIR picks the vault folder; by default a fresh temporary one,
// removed on exit, so no run ever touches real data. CASIKE_WEB_PORT fixes the port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHarness } from './harnessServer';
import { RendererMissingError } from './staticSite';

function fail(message: string, code: number): never {
  process.stderr.write(`casike web: ${message}\n`);
  process.exit(code);
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`CASIKE_WEB_PORT must be a port number (1-65535), not ${JSON.stringify(text)}`, 2);
  }
  return port;
}

/** CASIKE_DATA_DIR if set; else a fresh temporary folder, which `tempDir` names for removal. */
function chooseDataDir(fromEnv: string | undefined): { dataDir: string; tempDir?: string } {
  if (fromEnv) return { dataDir: fromEnv };
  const tempDir = mkdtempSync(join(tmpdir(), 'casike-web-'));
  return { dataDir: tempDir, tempDir };
}

const port = parsePort(process.env.CASIKE_WEB_PORT);
const { dataDir, tempDir } = chooseDataDir(process.env.CASIKE_DATA_DIR);
const removeTemp = (): void => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
};

const harness = await startWebHarness({ dataDir, port }).catch((error: unknown) => {
  removeTemp();
  if (error instanceof RendererMissingError) fail(error.message, 1);
  if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    fail(`port ${port} is already in use`, 1);
  }
  throw error;
});

process.stdout.write(
  [
    'Casike web harness (development and e2e only)',
    `  data dir: ${dataDir}${tempDir ? ' (temporary, removed on exit)' : ''}`,
    `  open: ${harness.url}`,
    '',
  ].join('\n'),
);

const stop = (): void => {
  void harness.close().finally(() => {
    removeTemp();
    process.exit(0);
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
