import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  blockNavigation,
  blockWebviewAttach,
  denyAllPermissions,
  denyDevicePermission,
  denyDisplayMedia,
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  hardenWebContents,
  type HardenableContents,
} from './hardening';

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

/** A WebContents stand-in: real listeners, and the window-open handler it was given. */
class FakeContents extends EventEmitter implements HardenableContents {
  windowOpenHandler: Parameters<HardenableContents['setWindowOpenHandler']>[0] | undefined;
  setWindowOpenHandler(handler: NonNullable<FakeContents['windowOpenHandler']>): void {
    this.windowOpenHandler = handler;
  }
}

const windowOpen = (url: string) => ({
  url,
  frameName: '',
  features: '',
  disposition: 'new-window' as const,
  referrer: { url: '', policy: 'no-referrer' as const },
});

describe('navigation', () => {
  it('cancels every navigation, including to our own origin', () => {
    const open = vi.fn();
    const handler = blockNavigation(open);
    for (const url of ['app://casike/other.html', 'https://evil.example/', 'file:///etc/passwd']) {
      const event = navigationEvent(url);
      handler(event);
      expect(event.preventDefault).toHaveBeenCalledOnce();
    }
    expect(open).not.toHaveBeenCalled();
  });

  it('sends an allowlisted https link to the system browser, still cancelling it in the app', () => {
    const open = vi.fn();
    const event = navigationEvent('https://casike.app/help');
    blockNavigation(open)(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(open).toHaveBeenCalledWith('https://casike.app/help');
  });
});

describe('window.open', () => {
  it('denies every new window, and opens only allowlisted links externally', () => {
    const open = vi.fn();
    const handler = denyWindowOpen(open);
    expect(handler(windowOpen('https://evil.example/'))).toEqual({ action: 'deny' });
    expect(handler(windowOpen('http://casike.app/'))).toEqual({ action: 'deny' });
    expect(handler(windowOpen('app://casike/index.html'))).toEqual({ action: 'deny' });
    expect(open).not.toHaveBeenCalled();
    expect(handler(windowOpen('https://www.casike.app/pricing'))).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledExactlyOnceWith('https://www.casike.app/pricing');
  });
});

describe('permissions', () => {
  it('refuses every permission request and check, device permission and screen capture', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid']) {
      const callback = vi.fn();
      denyPermissionRequest({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    expect(denyPermissionCheck()).toBe(false);
    expect(denyDevicePermission()).toBe(false);
    const streams = vi.fn();
    denyDisplayMedia({}, streams);
    expect(streams).toHaveBeenCalledExactlyOnceWith(null);
  });

  it('installs the deny handlers on the session', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      setDisplayMediaRequestHandler: vi.fn(),
    };
    denyAllPermissions(session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(denyPermissionRequest);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(denyPermissionCheck);
    expect(session.setDevicePermissionHandler).toHaveBeenCalledWith(denyDevicePermission);
    expect(session.setDisplayMediaRequestHandler).toHaveBeenCalledWith(denyDisplayMedia);
  });
});

describe('hardenWebContents', () => {
  it('blocks navigation, frame navigation, webview attachment and window.open on a WebContents', () => {
    const contents = new FakeContents();
    const open = vi.fn();
    hardenWebContents(contents, open);

    for (const name of ['will-navigate', 'will-frame-navigate']) {
      const event = navigationEvent('https://evil.example/');
      contents.emit(name, event);
      expect(event.preventDefault, name).toHaveBeenCalledOnce();
    }
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalledOnce();
    expect(contents.listeners('will-attach-webview')).toEqual([blockWebviewAttach]);

    expect(contents.windowOpenHandler?.(windowOpen('https://evil.example/'))).toEqual({
      action: 'deny',
    });
    expect(open).not.toHaveBeenCalled();

    // Electron fires both events for a main-frame link; the browser opens once.
    const link = navigationEvent('https://casike.app/privacy');
    contents.emit('will-navigate', link);
    contents.emit('will-frame-navigate', link);
    expect(link.preventDefault).toHaveBeenCalledTimes(2);
    expect(open).toHaveBeenCalledExactlyOnceWith('https://casike.app/privacy');
  });
});
