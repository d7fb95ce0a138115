import { spawn } from 'node:child_process';

/*
 * Opening a link in the user's browser from the CLI (Plaid Hosted Link, Stripe Checkout
 * and Customer Portal). The link has been checked first (core/bank checkServiceUrl: https,
 * or loopback http in development). The command never goes through a shell, so nothing in
 * a URL (`&`, `;`, quotes) can be read as another command:
 *   - `BROWSER` when set (the convention xdg-open and many tools follow; tests point it
 *     at a fake that records the URL): its first `:`-separated entry, split on spaces, with
 *     `%s` replaced by the URL or the URL appended;
 *   - macOS `open`; Linux and the BSDs `xdg-open`;
 *   - Windows `rundll32 url.dll,FileProtocolHandler`, not `cmd /c start`, because cmd would
 *     parse the URL's `&`.
 */

/** Opens `url`; resolves false (with the reason) when no browser could be started. */
export type UrlOpener = (
  url: string,
) => Promise<{ opened: true } | { opened: false; reason: string }>;

export interface BrowserCommand {
  command: string;
  args: string[];
}

export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): BrowserCommand {
  const configured = (env.BROWSER ?? '').split(':')[0]?.trim() ?? '';
  if (configured !== '') {
    const [command = '', ...rest] = configured.split(/\s+/);
    const withUrl = rest.some((arg) => arg.includes('%s'));
    return {
      command,
      args: withUrl ? rest.map((arg) => arg.replaceAll('%s', url)) : [...rest, url],
    };
  }
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32')
    return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/** The system's opener: starts the browser command detached and does not wait for it. */
export function systemUrlOpener(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): UrlOpener {
  return (url) => {
    const { command, args } = browserCommand(url, platform, env);
    return new Promise((resolve) => {
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
      } catch (error) {
        resolve({ opened: false, reason: error instanceof Error ? error.message : String(error) });
        return;
      }
      child.once('error', (error: NodeJS.ErrnoException) =>
        resolve({
          opened: false,
          reason: error.code === 'ENOENT' ? `${command} is not installed` : error.message,
        }),
      );
      child.once('spawn', () => {
        child.unref();
        resolve({ opened: true });
      });
    });
  };
}
