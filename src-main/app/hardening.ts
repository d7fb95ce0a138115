import type { HandlerDetails, Session, WindowOpenHandlerResponse } from 'electron';
import { allowedExternalUrl } from './externalLinks';

// The renderer is untrusted (DESIGN.md, principle 3). Even if an attacker gets script
// running in it, it must not be able to leave our `app://` page, open new windows, embed
// a <webview> (which could carry its own, weaker webPreferences), or be granted camera,
// microphone, geolocation, notifications, HID/USB/serial or any other browser permission.
// The app is a single page, so it needs none of these. A link to one of our own https
// pages (externalLinks.ts) opens in the system browser; everything else is dropped.
//
// The handlers are plain functions over the few fields they read, so hardening.test.ts
// checks each one without Electron; the two functions at the bottom attach them.

/** Hands an allowed https URL to the OS browser (`shell.openExternal` in the app). */
export type OpenExternal = (url: string) => void;

/** What a navigation event handler needs: Electron's `Event` has both. */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/**
 * For 'will-navigate' and 'will-frame-navigate': the page never leaves `app://casike`.
 * Every navigation is cancelled; an allowlisted https link is opened in the browser.
 */
export function blockNavigation(openExternal: OpenExternal): (event: NavigationEvent) => void {
  return (event) => {
    event.preventDefault();
    const external = allowedExternalUrl(event.url);
    if (external !== null) openExternal(external);
  };
}

/**
 * For 'will-frame-navigate': cancelled, and never opened externally. The event fires for
 * the main frame as well as sub-frames, so opening links here too would open every
 * allowed link twice; 'will-navigate' does that once.
 */
export function blockFrameNavigation(event: NavigationEvent): void {
  event.preventDefault();
}

/** For `setWindowOpenHandler`: never a new window; an allowlisted link goes to the browser. */
export function denyWindowOpen(
  openExternal: OpenExternal,
): (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse {
  return (details) => {
    const external = allowedExternalUrl(details.url);
    if (external !== null) openExternal(external);
    return { action: 'deny' };
  };
}

/** For 'will-attach-webview': no <webview> is ever attached. */
export function blockWebviewAttach(event: { preventDefault(): void }): void {
  event.preventDefault();
}

/** Permission requests (camera, notifications, …): always refused. */
export function denyPermissionRequest(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** Synchronous permission checks: always false. */
export function denyPermissionCheck(): boolean {
  return false;
}

/** Device (HID, USB, serial) permission: always false. */
export function denyDevicePermission(): boolean {
  return false;
}

/** Screen capture (`getDisplayMedia`): answered with no stream, which refuses it. */
export function denyDisplayMedia(_request: unknown, callback: (streams: null) => void): void {
  callback(null);
}

/** The parts of a `WebContents` the hardening touches. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

/** Applied to every WebContents the app creates (see index.ts, 'web-contents-created'). */
export function hardenWebContents(contents: HardenableContents, openExternal: OpenExternal): void {
  contents.on('will-navigate', blockNavigation(openExternal));
  // Every frame as well; the CSP already forbids frames, this is the second lock.
  contents.on('will-frame-navigate', blockFrameNavigation);
  contents.on('will-attach-webview', blockWebviewAttach);
  contents.setWindowOpenHandler(denyWindowOpen(openExternal));
}

/** The parts of a `Session` the permission lock touches. */
export type PermissionSession = Pick<
  Session,
  | 'setPermissionRequestHandler'
  | 'setPermissionCheckHandler'
  | 'setDevicePermissionHandler'
  | 'setDisplayMediaRequestHandler'
>;

/** Refuses every permission request and check on `session`. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(denyDevicePermission);
  session.setDisplayMediaRequestHandler(denyDisplayMedia);
}
