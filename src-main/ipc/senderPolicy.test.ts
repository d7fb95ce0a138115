import { describe, expect, it } from 'vitest';
import { isAllowedSender } from './senderPolicy';
import { createTrustedSenderCheck, type SenderFrame } from './trustedSender';

const APP_ORIGIN = 'app://casike';

describe('isAllowedSender', () => {
  it('accepts the main frame of our app:// origin', () => {
    for (const frameUrl of [
      'app://casike/index.html',
      'app://casike/',
      'app://casike',
      'app://casike/index.html?x=1#/settings',
    ]) {
      expect(isAllowedSender({ frameUrl, isMainFrame: true }, APP_ORIGIN)).toBe(true);
    }
  });

  it('refuses our origin in a sub-frame', () => {
    expect(
      isAllowedSender({ frameUrl: 'app://casike/index.html', isMainFrame: false }, APP_ORIGIN),
    ).toBe(false);
  });

  it.each([
    'file:///app/out/renderer/index.html',
    'http://localhost:5173/',
    'http://127.0.0.1/',
    'https://casike.app/',
    'app://other/index.html',
    'app://casike.evil/index.html',
    'app://evil.casike/index.html',
    'app://casike:8080/index.html',
    'app://user:pw@casike/index.html',
    'app:casike/index.html',
    'APP://CASIKE/index.html',
    'casike://casike/index.html',
    'data:text/html,<script>1</script>',
    'blob:app://casike/0b5e0c2e-1234-4bcd-9abc-1234567890ab',
    'about:blank',
    'about:srcdoc',
    'javascript:alert(1)',
    'chrome-error://chromewebdata/',
    'devtools://devtools/bundled/index.html',
    '',
    'not a url',
    'app://',
  ])('refuses %j', (frameUrl) => {
    expect(isAllowedSender({ frameUrl, isMainFrame: true }, APP_ORIGIN)).toBe(false);
  });

  it('refuses values that are not what the type says (defence in depth)', () => {
    const bogus = [
      { frameUrl: null, isMainFrame: true },
      { frameUrl: 'app://casike/', isMainFrame: 'yes' },
      { frameUrl: new URL('app://casike/'), isMainFrame: true },
    ] as unknown as Parameters<typeof isAllowedSender>[0][];
    for (const facts of bogus) expect(isAllowedSender(facts, APP_ORIGIN)).toBe(false);
  });
});

describe('createTrustedSenderCheck', () => {
  const ours = { id: 1 };
  const foreign = { id: 2 };
  const check = createTrustedSenderCheck<{ id: number }>({
    appOrigin: APP_ORIGIN,
    isOurContents: (contents) => contents === ours,
  });
  const frame = (overrides: Partial<SenderFrame> = {}): SenderFrame => ({
    url: 'app://casike/index.html',
    parent: null,
    detached: false,
    isDestroyed: () => false,
    ...overrides,
  });

  it('accepts our window main frame on our origin', () => {
    expect(check({ sender: ours, senderFrame: frame() })).toBe(true);
  });

  it('refuses a null frame (navigated away or destroyed)', () => {
    expect(check({ sender: ours, senderFrame: null })).toBe(false);
  });

  it('refuses destroyed and detached frames', () => {
    expect(check({ sender: ours, senderFrame: frame({ isDestroyed: () => true }) })).toBe(false);
    expect(check({ sender: ours, senderFrame: frame({ detached: true }) })).toBe(false);
  });

  it('refuses sub-frames, even on our origin', () => {
    expect(check({ sender: ours, senderFrame: frame({ parent: frame() }) })).toBe(false);
  });

  it('refuses WebContents that are not our window', () => {
    expect(check({ sender: foreign, senderFrame: frame() })).toBe(false);
  });

  it('refuses other origins', () => {
    expect(check({ sender: ours, senderFrame: frame({ url: 'file:///index.html' }) })).toBe(false);
  });

  it('refuses when reading the frame throws', () => {
    const throwing = {
      sender: ours,
      get senderFrame(): SenderFrame {
        throw new Error('Render frame was disposed');
      },
    };
    expect(check(throwing)).toBe(false);
  });
});
