import { describe, expect, it } from 'vitest';
import { CHANNELS, CONTRACT, EVENT_NAMES, EVENTS } from './index';

describe('contract', () => {
  it('lists exactly the contract calls in channels.ts', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(CONTRACT).sort());
  });

  it('lists exactly the contract events in channels.ts', () => {
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('names every call domain.method', () => {
    for (const channel of CHANNELS) expect(channel).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });
});
