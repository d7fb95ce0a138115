import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNELS, CONTRACT, EVENT_NAMES } from '../../src-shared/contract';
import { _tempDataDir } from '../core/vault/_testSupport';
import { _writeFixtureRenderer } from './_harnessTestSupport';
import { startWebHarness, type WebHarness } from './harnessServer';
import { decodeWire, encodeWire } from './wireCodec';

// The page's client (client/casike-harness.js) run in a V8 context with just enough of a
// browser around it: the script tag's attributes as the harness serves them, location,
// history, sessionStorage, and a WebSocket that sends the page's Origin.

type Api = Record<string, unknown> & {
  subscribe: (event: unknown, listener: unknown) => () => void;
};
type Fn = (...args: unknown[]) => Promise<unknown>;

const source = readFileSync(new URL('./client/casike-harness.js', import.meta.url), 'utf8');
let harness: WebHarness;
let attributes: Record<string, string>;
const data = _tempDataDir();
const renderer = _tempDataDir();

beforeAll(async () => {
  _writeFixtureRenderer(renderer.dir);
  harness = await startWebHarness({ dataDir: data.dir, rendererDir: renderer.dir });
  // The attributes exactly as the served page carries them.
  const html = await (await fetch(`${harness.origin}/`)).text();
  const tag = /<script src="\/casike-harness\.js"([^>]*)>/.exec(html)?.[1] ?? '';
  attributes = {};
  for (const [, name = '', value = ''] of tag.matchAll(/(data-[a-z]+)="([^"]*)"/g)) {
    attributes[name] = value;
  }
});

afterAll(async () => {
  await harness.close();
  data.cleanup();
  renderer.cleanup();
});

interface Page {
  api: Api;
  window: Record<string, unknown>;
  storage: Map<string, string>;
  replacedUrls: string[];
  /** Creates a value inside the page's realm (e.g. a Uint8Array the client recognises). */
  evaluate: (code: string) => unknown;
}

function loadPage(
  options: { hash?: string; storage?: Map<string, string>; WebSocket?: unknown } = {},
): Page {
  const storage = options.storage ?? new Map<string, string>();
  const replacedUrls: string[] = [];
  const origin = harness.origin;
  class PageSocket extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
      // A browser reports a failed socket with an 'error' then a 'close' event; ws's
      // Node emitter would throw without a listener.
      this.on('error', () => undefined);
    }
  }
  const window: Record<string, unknown> = {};
  const context = vm.createContext({
    window,
    document: { currentScript: { getAttribute: (name: string) => attributes[name] ?? null } },
    location: { hash: options.hash ?? '', host: new URL(origin).host, pathname: '/', search: '' },
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, url: string) => replacedUrls.push(url),
    },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
    },
    WebSocket: options.WebSocket ?? PageSocket,
    btoa,
    atob,
    queueMicrotask,
  });
  vm.runInContext(source, context, { filename: 'casike-harness.js' });
  return {
    api: window.casike as Api,
    window,
    storage,
    replacedUrls,
    evaluate: (code) => vm.runInContext(code, context) as unknown,
  };
}

function method(api: Api, channel: string): Fn {
  const [domain = '', name = ''] = channel.split('.');
  return (api[domain] as Record<string, Fn>)[name] as Fn;
}

describe('harness client: shape', () => {
  it('exposes exactly the contract functions plus subscribe, like the preload', () => {
    const { api } = loadPage({ hash: `#token=${harness.token}` });
    const functions: string[] = [];
    for (const [domain, value] of Object.entries(api)) {
      if (domain === 'subscribe') continue;
      for (const [name, fn] of Object.entries(value as object)) {
        expect(typeof fn).toBe('function');
        functions.push(`${domain}.${name}`);
      }
    }
    expect(functions.sort()).toEqual([...CHANNELS].sort());
    expect(functions.sort()).toEqual(Object.keys(CONTRACT).sort());
    const domains = new Set(CHANNELS.map((c) => c.split('.')[0]));
    expect(Object.keys(api).sort()).toEqual([...domains, 'subscribe'].sort());
    expect(typeof api.subscribe).toBe('function');
  });

  it('freezes every level and cannot be replaced', () => {
    const { api, window } = loadPage({ hash: `#token=${harness.token}` });
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.subscribe)).toBe(true);
    for (const [key, value] of Object.entries(api)) {
      if (key === 'subscribe') continue;
      expect(Object.isFrozen(value)).toBe(true);
      for (const fn of Object.values(value as object)) expect(Object.isFrozen(fn)).toBe(true);
    }
    expect(() => {
      window.casike = {};
    }).toThrow(TypeError);
    expect(Object.getOwnPropertyDescriptor(window, 'casike')).toMatchObject({
      writable: false,
      configurable: false,
    });
  });
});

describe('harness client: token', () => {
  it('takes the token from the fragment, keeps it for reloads and removes it from the URL', async () => {
    const first = loadPage({ hash: `#token=${harness.token}` });
    expect(first.replacedUrls).toEqual(['/']);
    expect([...first.storage.values()]).toEqual([harness.token]);

    // A reload: no fragment any more, the token comes from sessionStorage.
    const reloaded = loadPage({ storage: first.storage });
    await expect(method(reloaded.api, 'vault.status')({})).resolves.toMatchObject({ ok: true });
  });

  it('keeps the rest of the fragment', () => {
    const page = loadPage({ hash: `#token=${harness.token}&view=budget` });
    expect(page.replacedUrls).toEqual(['/#view=budget']);
  });

  it('rejects calls when there is no token', async () => {
    const { api } = loadPage();
    await expect(method(api, 'vault.status')({})).rejects.toThrow(/no token/);
  });

  it('rejects calls when the token is wrong (the socket is refused)', async () => {
    const { api } = loadPage({ hash: `#token=${'A'.repeat(43)}` });
    await expect(method(api, 'vault.status')({})).rejects.toThrow(/connection closed/);
  });
});

describe('harness client: calls and events against the real harness', () => {
  it('round-trips calls, in any order', async () => {
    const { api } = loadPage({ hash: `#token=${harness.token}` });
    const results = await Promise.all([
      method(api, 'vault.status')({}),
      method(api, 'vault.status')({ bogus: 1 }),
      method(api, 'vault.status')(),
    ]);
    expect(results[0]).toMatchObject({ ok: true, value: { exists: false } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('rejects a call whose input cannot be sent, as IPC does for an uncloneable value', async () => {
    const page = loadPage({ hash: `#token=${harness.token}` });
    const input = page.evaluate('({ amount: 1n })');
    await expect(method(page.api, 'vault.status')(input)).rejects.toThrow(/BigInt/);
  });

  it('delivers contract events with the payload only, and refuses other names', async () => {
    const { api } = loadPage({ hash: `#token=${harness.token}` });
    for (const bad of ['vault.unlocked', 'vault.status', '', 7, null]) {
      // The page's own TypeError (another realm), so matched by message.
      expect(() => api.subscribe(bad, () => undefined)).toThrow(/unknown event/);
    }
    expect(() => api.subscribe(EVENT_NAMES[0], 'nope')).toThrow(/must be a function/);

    const received: unknown[][] = [];
    const locked = new Promise<void>((resolve) => {
      api.subscribe('vault.locked', (...args: unknown[]) => {
        received.push(args);
        resolve();
      });
    });
    const dropped = api.subscribe('vault.locked', () => {
      throw new Error('unsubscribed listener ran');
    });
    dropped();
    await expect(
      method(api, 'vault.create')({ passphrase: 'correct horse battery staple' }),
    ).resolves.toMatchObject({ ok: true });
    await expect(method(api, 'vault.lock')({})).resolves.toEqual({ ok: true, value: { ok: true } });
    await locked;
    expect(received).toEqual([[{ reason: 'user' }]]);
  });
});

describe('harness client: byte arrays', () => {
  it('sends Uint8Array as tagged base64 and turns tagged base64 back into bytes', async () => {
    const sent: string[] = [];
    class FakeSocket {
      readyState = 1;
      private readonly listeners = new Map<string, ((event: { data: unknown }) => void)[]>();
      addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
      }
      send(text: string): void {
        sent.push(text);
        const { id } = JSON.parse(text) as { id: number };
        const bytes = new Uint8Array([0, 255, 7]);
        const reply = encodeWire({ type: 'result', id, result: { ok: true, value: { bytes } } });
        queueMicrotask(() => {
          for (const listener of this.listeners.get('message') ?? []) listener({ data: reply });
        });
      }
    }
    const page = loadPage({ hash: `#token=${harness.token}`, WebSocket: FakeSocket });
    const input = { receipt: page.evaluate('new Uint8Array([1, 2, 3, 250])') };
    const result = (await method(page.api, 'vault.status')(input)) as {
      value: { bytes: Uint8Array };
    };

    const decoded = decodeWire(sent[0] ?? '') as { input: { receipt: Uint8Array } };
    expect(decoded.input.receipt).toBeInstanceOf(Uint8Array);
    expect([...decoded.input.receipt]).toEqual([1, 2, 3, 250]);
    expect(Object.prototype.toString.call(result.value.bytes)).toBe('[object Uint8Array]');
    expect([...result.value.bytes]).toEqual([0, 255, 7]);
  });
});
