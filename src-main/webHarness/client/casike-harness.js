// Casike web harness client: development and e2e only, never shipped.
//
// The harness's index.html loads this file before the app's own module script. It
// defines `window.casike` with the same shape as the Electron preload
// (src-preload/buildApi.ts): one frozen function per contract call, grouped by domain,
// plus `subscribe` for the contract's events only, handing listeners the payload alone.
// Calls travel over a loopback WebSocket to the harness, which gives them to the same
// core `dispatch` the desktop app uses.
//
// Nothing here lists the contract: the channel and event names come from this script
// tag's data attributes, which the harness writes from src-shared/contract/channels.ts.
// The per-run token comes from the URL fragment (`#token=…`), which browsers never send
// to a server; it is kept in sessionStorage so a reload still works, and removed from the
// address bar. Byte arrays travel as `{"$casike:bytes": base64}` (see ../wireCodec.ts).
/* global window, document, location, history, sessionStorage, WebSocket */
(() => {
  'use strict';

  const SOCKET_PATH = '/casike-ws';
  const PROTOCOL = 'casike.v1';
  const TOKEN_PROTOCOL_PREFIX = 'casike.token.';
  const BYTES_TAG = '$casike:bytes';
  const TOKEN_KEY = 'casike-harness-token';
  const CHANNEL_NAME = /^([a-z]+)\.([a-zA-Z]+)$/;
  const OPEN = 1; // WebSocket.OPEN

  const script = document.currentScript;
  const namesFrom = (attribute) =>
    ((script && script.getAttribute(attribute)) || '').split(' ').filter((name) => name !== '');
  const channels = namesFrom('data-channels');
  const eventNames = new Set(namesFrom('data-events'));

  function takeToken() {
    const hash = location.hash.slice(1);
    const match = /(?:^|&)token=([A-Za-z0-9_-]+)(?:&|$)/.exec(hash);
    if (match) {
      sessionStorage.setItem(TOKEN_KEY, match[1]);
      const rest = hash
        .split('&')
        .filter((part) => !part.startsWith('token='))
        .join('&');
      const url = location.pathname + location.search + (rest ? `#${rest}` : '');
      history.replaceState(history.state, '', url);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function toBase64(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  function fromBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function encode(value) {
    return JSON.stringify(value, function (key, replaced) {
      const original = this[key];
      return original instanceof Uint8Array ? { [BYTES_TAG]: toBase64(original) } : replaced;
    });
  }

  function decode(text) {
    return JSON.parse(text, (_key, value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const keys = Object.keys(value);
      const encoded = value[BYTES_TAG];
      if (keys.length !== 1 || typeof encoded !== 'string') return value;
      try {
        return fromBase64(encoded);
      } catch {
        return value;
      }
    });
  }

  const token = takeToken();
  const pending = new Map(); // call id -> { resolve, reject }
  const listeners = new Map(); // event name -> Set of listeners
  let socket = null;
  let queue = []; // messages written before the socket opened
  let nextId = 1;

  function connect() {
    if (socket !== null) return socket;
    if (!token) {
      throw new Error('casike web harness: no token; open the URL printed by `npm run web`');
    }
    const ws = new WebSocket(`ws://${location.host}${SOCKET_PATH}`, [
      PROTOCOL,
      TOKEN_PROTOCOL_PREFIX + token,
    ]);
    socket = ws;
    ws.addEventListener('open', () => {
      for (const text of queue) ws.send(text);
      queue = [];
    });
    ws.addEventListener('message', (message) => receive(message.data));
    ws.addEventListener('close', () => {
      if (socket === ws) socket = null;
      queue = [];
      // Like ipcRenderer.invoke when the main side is gone: the call rejects. The next
      // call opens a new connection.
      const error = new Error('casike web harness: connection closed');
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    });
    return ws;
  }

  function deliver(listener, payload) {
    try {
      listener(payload);
    } catch (error) {
      // One failing listener must not starve the others; the error still surfaces.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  function receive(data) {
    if (typeof data !== 'string') return;
    let message;
    try {
      message = decode(data);
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object') return;
    if (message.type === 'result') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      call.resolve(message.result);
    } else if (message.type === 'event' && eventNames.has(message.event)) {
      for (const listener of [...(listeners.get(message.event) || [])]) {
        deliver(listener, message.payload);
      }
    } else if (message.type === 'error' && pending.has(message.id)) {
      // The harness could not read our message as a call; fail it rather than hang.
      const call = pending.get(message.id);
      pending.delete(message.id);
      const reason = message.error && message.error.message;
      call.reject(new Error(`casike web harness: message refused (${reason})`));
    }
  }

  function invoke(channel, input) {
    return new Promise((resolve, reject) => {
      const id = nextId;
      nextId += 1;
      try {
        const text = encode({ type: 'call', id, channel, input });
        const ws = connect();
        pending.set(id, { resolve, reject });
        if (ws.readyState === OPEN) ws.send(text);
        else queue.push(text);
      } catch (error) {
        pending.delete(id);
        reject(error);
      }
    });
  }

  // The desktop app's `imports.chooseFile` opens an OS dialog in the main process. A page
  // cannot hand a file to Node, so here the client asks the user with an
  // <input type=file>, posts the chosen file to the harness (same Origin, the token in a
  // header), and then makes the ordinary call, which takes the upload and answers with
  // an opaque file token, or null when the user cancelled.
  const UPLOAD_PATH = '/casike-upload';
  const FILE_PICKING_CHANNELS = new Set(['imports.chooseFile']);

  function pickFile() {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.hidden = true;
      let settled = false;
      const finish = (file) => {
        if (settled) return;
        settled = true;
        input.remove();
        resolve(file);
      };
      input.addEventListener('change', () => finish(input.files && input.files[0]));
      input.addEventListener('cancel', () => finish(null));
      document.body.append(input);
      input.click();
    });
  }

  async function uploadThenInvoke(channel, input) {
    const file = await pickFile();
    if (file) {
      const response = await fetch(UPLOAD_PATH, {
        method: 'POST',
        headers: {
          'X-Casike-Token': token || '',
          'X-Casike-File-Name': encodeURIComponent(file.name),
        },
        body: file,
      });
      if (!response.ok) throw new Error(`casike web harness: upload refused (${response.status})`);
    }
    return invoke(channel, input);
  }

  function subscribe(event, listener) {
    if (typeof event !== 'string' || !eventNames.has(event)) {
      throw new TypeError('casike.subscribe: unknown event');
    }
    if (typeof listener !== 'function') {
      throw new TypeError('casike.subscribe: listener must be a function');
    }
    // A fresh wrapper per subscription, so subscribing one function twice gives two
    // independent subscriptions, as with ipcRenderer.on.
    const wrapper = (payload) => listener(payload);
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(wrapper);
    let subscribed = true;
    return Object.freeze(() => {
      if (!subscribed) return;
      subscribed = false;
      set.delete(wrapper);
    });
  }

  const domains = new Map();
  for (const channel of channels) {
    const match = CHANNEL_NAME.exec(channel);
    if (!match || match[1] === 'subscribe') {
      throw new Error(`casike web harness: bad channel name ${channel}`);
    }
    const methods = domains.get(match[1]) || {};
    methods[match[2]] = Object.freeze(
      FILE_PICKING_CHANNELS.has(channel)
        ? (input) => uploadThenInvoke(channel, input)
        : (input) => invoke(channel, input),
    );
    domains.set(match[1], methods);
  }
  const api = {};
  for (const [domain, methods] of domains) api[domain] = Object.freeze(methods);
  api.subscribe = Object.freeze(subscribe);

  // Read-only, like a contextBridge global: the page cannot swap the bridge out.
  Object.defineProperty(window, 'casike', {
    value: Object.freeze(api),
    enumerable: true,
    writable: false,
    configurable: false,
  });

  // Connect now, so events reach subscribers before the first call.
  if (token) connect();
})();
