import { describe, expect, it } from 'vitest';
import { _openTempVault } from '../../vault/_testSupport';
import { evaluateLocalPlusAi } from './_localPlusAi';

describe('local model + AI helper, end to end', () => {
  it('the AI helper lifts accuracy on what the local model is unsure about', async () => {
    const temp = await _openTempVault();
    try {
      const result = await evaluateLocalPlusAi(temp.vault, 200);
      expect(result.aiRequests).toBeGreaterThan(0);
      expect(result.localAccuracy).toBeGreaterThan(0.6);
      expect(result.combinedAccuracy).toBeGreaterThan(result.localAccuracy + 0.1);
    } finally {
      temp.close();
    }
  }, 120_000);
});
