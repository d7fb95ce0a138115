import type { Session, WebContents } from 'electron';

// The renderer is untrusted (DESIGN.md, principle 3). Even if an attacker gets script
// running in it, it must not be able to leave our `app://` page, open new windows, embed
// a <webview> (which could carry its own, weaker webPreferences), or be granted camera,
// microphone, geolocation, notifications, HID/USB/serial or any other browser permission.
// The app is a single page, so it needs none of these. Links to the outside world, when
// we add them, go through a validated IPC call to `shell.openExternal`, never navigation.

/** Applied to every WebContents the app creates (see index.ts, 'web-contents-created'). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  // Sub-frames as well; the CSP already forbids frames, this is the second lock.
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Refuses every permission request and check on `session`. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
