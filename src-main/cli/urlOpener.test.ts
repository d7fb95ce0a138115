import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserCommand, systemUrlOpener } from './urlOpener';

const URL_WITH_SHELL_CHARACTERS = 'https://checkout.stripe.com/c/pay/cs_1?a=1&b=$(id);x="y"';

describe('browserCommand', () => {
  it('uses each platform’s opener, the URL as one argument, never a shell', () => {
    const url = URL_WITH_SHELL_CHARACTERS;
    expect(browserCommand(url, 'linux', {})).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand(url, 'freebsd', {})).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(browserCommand(url, 'win32', {})).toEqual({
      command: 'rundll32',
      args: ['url.dll,FileProtocolHandler', url],
    });
  });

  it('follows BROWSER: first entry, its arguments, %s or the URL appended', () => {
    const url = 'https://hosted.plaid.com/link/x';
    expect(browserCommand(url, 'linux', { BROWSER: 'firefox --new-window' })).toEqual({
      command: 'firefox',
      args: ['--new-window', url],
    });
    expect(browserCommand(url, 'darwin', { BROWSER: 'w3m %s:lynx' })).toEqual({
      command: 'w3m',
      args: [url],
    });
    expect(browserCommand(url, 'linux', { BROWSER: '  ' })).toEqual({
      command: 'xdg-open',
      args: [url],
    });
  });
});

describe('systemUrlOpener', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the browser command with the exact URL', async () => {
    dir = mkdtempSync(join(tmpdir(), 'casike-opener-'));
    const log = join(dir, 'opened.txt');
    const script = join(dir, 'browser.sh');
    writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > '${log}'\n`);
    chmodSync(script, 0o755);
    const open = systemUrlOpener('linux', { BROWSER: script });
    await expect(open(URL_WITH_SHELL_CHARACTERS)).resolves.toEqual({ opened: true });
    let written = '';
    for (let i = 0; i < 100 && written === ''; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        written = readFileSync(log, 'utf8');
      } catch {
        // not written yet
      }
    }
    expect(written).toBe(URL_WITH_SHELL_CHARACTERS);
  });

  it('says why when no browser can be started', async () => {
    dir = mkdtempSync(join(tmpdir(), 'casike-opener-'));
    const open = systemUrlOpener('linux', { BROWSER: join(dir, 'no-such-browser') });
    await expect(open('https://billing.stripe.com/p/session/x')).resolves.toEqual({
      opened: false,
      reason: `${join(dir, 'no-such-browser')} is not installed`,
    });
  });
});
