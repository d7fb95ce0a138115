import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from '../_cliTestSupport';

const PASS = 'cli retention passphrase';
let dataDir: string;
let cleanup: () => void;

beforeEach(() => ({ dir: dataDir, cleanup } = _tempDataDir()));
afterEach(() => cleanup());

const casike = (args: string[]) => _runCasike(dataDir, PASS, args);

describe('casike audit retention', () => {
  it('shows the default, refuses the floor, audits a lowering, and the log still verifies', () => {
    expect(casike(['init']).code).toBe(0);
    expect(casike(['audit', 'retention']).stdout.trim()).toBe('Audit log retention: 400 days.');
    _expectOneLineError(casike(['audit', 'retention', '--days', '30']), 1, /below 90 days/);
    const lowered = casike(['audit', 'retention', '--days', '120', '--json']);
    expect(lowered.code).toBe(0);
    expect(JSON.parse(lowered.stdout)).toEqual({ days: 120 });
    const rows = JSON.parse(casike(['audit', 'list', '--json']).stdout) as {
      event: string;
      details: Record<string, unknown>;
    }[];
    expect(rows.find((row) => row.event === 'settings.changed')?.details).toMatchObject({
      setting: 'audit.retentionDays',
      fromDays: 400,
      toDays: 120,
      lowered: true,
    });
    expect(casike(['audit', 'verify']).code).toBe(0);
  });
});
