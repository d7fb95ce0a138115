import { spawn } from 'node:child_process';
import type { BrowserOpener } from './oidcSignIn';

/*
 * The OS's own way to open a web page, for the CLI (the app uses Electron's
 * shell.openExternal instead). `$BROWSER`, the convention xdg-utils and many tools
 * honour, names a program to run with the URL instead. No shell is ever involved: the URL
 * is one argument, so characters like & in it cannot become commands (which is why
 * Windows goes through url.dll rather than `cmd /c start`).
 */
/** A BrowserOpener for the CLI: `$BROWSER`, else the platform's own opener. */
export function systemBrowserOpener(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): BrowserOpener {
  return (url) =>
    new Promise<void>((resolve, reject) => {
      const chosen = env.BROWSER?.trim();
      const [command, args]: [string, string[]] =
        chosen !== undefined && chosen !== ''
          ? [chosen, [url]]
          : platform === 'darwin'
            ? ['open', [url]]
            : platform === 'win32'
              ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
              : ['xdg-open', [url]];
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
}
