import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../core/vault/_testSupport';
import { _call, _opened, _socketFor, _writeFixtureRenderer } from './_harnessTestSupport';
import { UPLOAD_PATH, safeFileName } from './fileUpload';
import { startWebHarness, type WebHarness } from './harnessServer';

let harness: WebHarness;
const data = _tempDataDir();
const renderer = _tempDataDir();

beforeAll(async () => {
  _writeFixtureRenderer(renderer.dir);
  harness = await startWebHarness({ dataDir: data.dir, rendererDir: renderer.dir });
});

afterAll(async () => {
  await harness.close();
  data.cleanup();
  renderer.cleanup();
});

/** A raw POST with full control of the headers (fetch will not let us set Host or Origin). */
function post(body: string, headers: Record<string, string>) {
  const { port } = new URL(harness.origin);
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: UPLOAD_PATH,
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const good = () => ({
  origin: harness.origin,
  'x-casike-token': harness.token,
  'x-casike-file-name': encodeURIComponent('bank export.csv'),
});

describe('web harness: file upload for imports.chooseFile', () => {
  it('refuses a wrong token, a foreign Origin and a missing name, and grants nothing', async () => {
    expect(await post('a', { ...good(), 'x-casike-token': 'x'.repeat(43) })).toBe(403);
    expect(await post('a', { ...good(), origin: 'http://evil.example' })).toBe(403);
    const { origin: _origin, ...noOrigin } = good();
    expect(await post('a', noOrigin)).toBe(403);
    const { 'x-casike-file-name': _name, ...noName } = good();
    expect(await post('a', noName)).toBe(400);
    const ws = await _opened(_socketFor(harness));
    await expect(_call(ws, 'imports.chooseFile', {})).resolves.toEqual({ ok: true, value: null });
    ws.close();
  });

  it('hands an accepted upload to the next chooseFile call once, as an opaque token', async () => {
    expect(await post('Date,Amount\n2026-01-02,-1.00\n', good())).toBe(204);
    const ws = await _opened(_socketFor(harness));
    const picked = (await _call(ws, 'imports.chooseFile', {})) as {
      ok: boolean;
      value: { fileToken: string; name: string } | null;
    };
    expect(picked.ok).toBe(true);
    expect(picked.value?.name).toBe('bank export.csv');
    expect(picked.value?.fileToken).not.toContain('/');
    // Taken once: the next call without an upload is a cancel.
    await expect(_call(ws, 'imports.chooseFile', {})).resolves.toEqual({ ok: true, value: null });
    ws.close();
  });

  it('keeps only a plain file name', () => {
    expect(safeFileName(encodeURIComponent('../../etc/passwd'))).toBe('_.._etc_passwd');
    expect(safeFileName(encodeURIComponent('a\\b:c.csv'))).toBe('a_b_c.csv');
    expect(safeFileName('%E0%A4%A')).toBeNull();
    expect(safeFileName('')).toBeNull();
  });
});
