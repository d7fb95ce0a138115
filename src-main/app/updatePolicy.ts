// How Casike updates itself (electron-updater), as logic that runs without Electron:
// updater.ts hands it the real `autoUpdater`, a dialog and the real timers, and
// updatePolicy.test.ts drives it with fakes and a manual clock.
//
// The promise: look for an update when the app starts and every 6 hours, download it in
// the background, and install it only after the user says yes. Until then nothing is
// installed, not even on quit. Updates are verified by electron-updater before they are
// offered: the code signature on macOS (Squirrel.Mac) and the Authenticode publisher on
// Windows (`publisherName` in electron-builder.config.ts), plus the sha512 in the feed.

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Set on the updater before anything else; every value is deliberate. */
export const UPDATER_SETTINGS = {
  autoDownload: true, // fetch in the background as soon as a check finds an update
  autoInstallOnAppQuit: false, // no install without consent, not even on quit
  allowPrerelease: false,
  allowDowngrade: false, // a feed that offers an older version is not followed
  forceDevUpdateConfig: false, // unpackaged builds never update themselves
} as const;

/** The part of electron-updater's `AppUpdater` this flow uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  forceDevUpdateConfig: boolean;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The timers the flow uses; the app passes Node's, tests pass a manual clock. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface UpdateFlowOptions {
  updater: UpdaterLike;
  timers: IntervalTimers;
  /** Shows the question; resolves true only on an explicit "restart now". */
  askToRestart(version: string): Promise<boolean>;
  /** Runs just before the app quits to install (locks the vault). */
  beforeInstall(): void;
  /** One line, no URL and no stack: network errors are normal for a local-first app. */
  log(message: string): void;
}

export interface UpdateFlow {
  /** Resolves when the check (or the renewed question) of this tick has finished. */
  tick(): Promise<void>;
  stop(): void;
}

/** Versions we show in the dialog; anything else is shown as "a new version". */
const DISPLAYABLE_VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,40})?$/;

export function displayVersion(version: unknown): string {
  return typeof version === 'string' && DISPLAYABLE_VERSION.test(version)
    ? `version ${version}`
    : 'a new version';
}

/**
 * Starts the update flow: applies UPDATER_SETTINGS, checks now and every
 * UPDATE_CHECK_INTERVAL_MS (never two checks at once). When an update has been
 * downloaded it asks once; if the user says "later", the next tick asks again instead of
 * checking, and nothing is installed meanwhile.
 */
export function startUpdateFlow(options: UpdateFlowOptions): UpdateFlow {
  const { updater, timers } = options;
  const log = (message: string): void => options.log(message);
  Object.assign(updater, UPDATER_SETTINGS);

  let checking = false;
  let asking = false;
  let installing = false;
  let downloaded: string | null = null;

  async function ask(): Promise<void> {
    if (asking || installing || downloaded === null) return;
    asking = true;
    try {
      if (await options.askToRestart(downloaded)) {
        installing = true;
        options.beforeInstall();
        updater.quitAndInstall(false, true);
      }
    } catch {
      log('casike: could not ask about the update; will ask again later');
    } finally {
      asking = false;
    }
  }

  async function check(): Promise<void> {
    if (checking || installing) return;
    checking = true;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      log(`casike: update check failed (${error instanceof Error ? error.name : 'error'})`);
    } finally {
      checking = false;
    }
  }

  updater.on('update-downloaded', (info) => {
    downloaded = typeof info?.version === 'string' ? info.version : '';
    void ask();
  });
  updater.on('error', (error) => {
    log(`casike: updater error (${error instanceof Error ? error.name : 'error'})`);
  });

  const tick = (): Promise<void> => (downloaded !== null ? ask() : check());
  const handle = timers.setInterval(() => void tick(), UPDATE_CHECK_INTERVAL_MS);
  void tick();

  return {
    tick,
    stop: () => timers.clearInterval(handle),
  };
}
