/**
 * What the sender check needs to know about the frame that made an IPC call. Kept to
 * plain values so the policy below is a pure function, testable without Electron.
 */
export interface SenderFacts {
  /** The sending frame's current URL (empty when it has none yet). */
  frameUrl: string;
  /** True only for a window's top-level frame, never for an iframe. */
  isMainFrame: boolean;
}

/**
 * True only when a call comes from the top-level frame of a page whose origin is exactly
 * `appOrigin` (`app://casike`). Everything else is refused: sub-frames, `file://`,
 * `http(s)://` (including localhost), `data:`, `blob:`, `about:blank`, other `app://`
 * hosts, URLs carrying credentials or a port, and anything that does not parse.
 */
export function isAllowedSender(
  { frameUrl, isMainFrame }: SenderFacts,
  appOrigin: string,
): boolean {
  if (isMainFrame !== true || typeof frameUrl !== 'string' || frameUrl === '') return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  // The WHATWG URL parser gives non-special schemes such as `app:` an opaque origin
  // ("null"), so `url.origin` cannot be compared; the origin is rebuilt from the scheme
  // and the host (which includes any port, so `app://casike:1` does not match).
  const origin = `${url.protocol}//${url.host}`;
  return url.host !== '' && origin === appOrigin;
}
