import path from 'node:path';
import { DebugLogger } from 'builder-util';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config from '../electron-builder.config';
import { afterSign, afterSignDecision, notarizationCredentials } from './afterSign';

const root = path.resolve(import.meta.dirname, '..');

/** The target names of a platform section, whatever form they are written in. */
function targetNames(section: { target?: unknown } | null | undefined): string[] {
  const targets = section?.target;
  const list = Array.isArray(targets) ? (targets as unknown[]) : [targets];
  return list.map((t) =>
    typeof t === 'string' ? t : String((t as { target?: unknown } | undefined)?.target),
  );
}

describe('electron-builder configuration', () => {
  it('is what electron-builder itself loads, and passes its JSON schema', async () => {
    const loaded = await getConfig(root, path.join(root, 'electron-builder.config.ts'), null);
    expect(loaded.electronFuses).toEqual(config.electronFuses);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();

    // The schema check is real: a misspelt fuse is refused.
    const misspelt = {
      ...loaded,
      electronFuses: { ...loaded.electronFuses, runAsNod: false },
    } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /electronFuses/,
    );
  });

  it('flips the Electron fuses: no RunAsNode, NODE_OPTIONS or inspector; cookie encryption, asar integrity, asar only', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('builds dmg + zip with hardened runtime, entitlements and notarization on macOS', () => {
    expect(targetNames(config.mac)).toEqual(['dmg', 'zip']);
    expect(config.mac).toMatchObject({
      hardenedRuntime: true,
      notarize: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    });
    expect(config.afterSign).toBe(afterSign);
  });

  it('builds NSIS on Windows with publisherName set, and AppImage + deb on Linux', () => {
    expect(targetNames(config.win)).toEqual(['nsis']);
    const publisher = config.win?.signtoolOptions?.publisherName;
    const names = Array.isArray(publisher) ? publisher : [publisher];
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/\S/);
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
    expect(targetNames(config.linux)).toEqual(['AppImage', 'deb']);
  });

  it('ships only built bundles, registers casike://, and updates over https', () => {
    expect(config.files).toEqual(['out/**', 'package.json', 'node_modules/**']);
    expect(config.protocols).toEqual([{ name: 'Casike', schemes: ['casike'] }]);
    const publish = config.publish as { provider: string; url: string };
    expect(publish.provider).toBe('generic');
    expect(publish.url).toMatch(/^https:\/\//);
  });
});

describe('afterSign notarization gate', () => {
  const apiKey = { APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'ID', APPLE_API_ISSUER: 'iss' };

  it('knows the credential sets electron-builder accepts', () => {
    expect(notarizationCredentials(apiKey)).toBe('api-key');
    expect(
      notarizationCredentials({
        APPLE_ID: 'a',
        APPLE_APP_SPECIFIC_PASSWORD: 'b',
        APPLE_TEAM_ID: 'c',
      }),
    ).toBe('apple-id');
    expect(notarizationCredentials({ APPLE_KEYCHAIN: 'a', APPLE_KEYCHAIN_PROFILE: 'b' })).toBe(
      'keychain',
    );
    expect(notarizationCredentials({ ...apiKey, APPLE_API_ISSUER: ' ' })).toBeNull();
  });

  it('stops a macOS release without credentials, and verifies the staple when notarized', () => {
    expect(afterSignDecision('darwin', { CASIKE_RELEASE: '1' })).toMatchObject({ action: 'fail' });
    expect(afterSignDecision('darwin', {})).toMatchObject({ action: 'skip' });
    expect(afterSignDecision('darwin', { ...apiKey, CASIKE_RELEASE: '1' })).toEqual({
      action: 'verify-staple',
    });
    expect(afterSignDecision('win32', { CASIKE_RELEASE: '1' })).toMatchObject({ action: 'skip' });
    expect(afterSignDecision('linux', {})).toMatchObject({ action: 'skip' });
  });
});
