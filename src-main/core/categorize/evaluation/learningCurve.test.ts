import { describe, expect, it } from 'vitest';
import { defaultTestSet, learningCurve } from './learningCurve';

describe('the local model on the labelled evaluation set', () => {
  const curve = learningCurve([10, 50, 200, 1000], defaultTestSet(1000));

  it('gets better with every size of labelled history', () => {
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]?.accuracy ?? 0).toBeGreaterThan(curve[i - 1]?.accuracy ?? 1);
    }
  });

  it('is accurate once the user has filed a thousand transactions', () => {
    const last = curve.at(-1);
    expect(last?.seenAccuracy).toBeGreaterThan(0.9);
    expect(last?.accuracy).toBeGreaterThan(0.8);
  });

  it('is right almost every time it is at least 90% sure (what auto-apply uses)', () => {
    for (const point of curve) {
      if (point.autoShare > 0) expect(point.autoPrecision).toBeGreaterThan(0.95);
    }
    expect(curve.at(-1)?.autoShare).toBeGreaterThan(0.3);
  });
});
