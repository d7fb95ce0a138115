import type { Configuration } from 'electron-builder';
import { afterSign, isReleaseBuild } from './build/afterSign';

// Packaging for `npm run dist` (electron-builder 26, which loads this file through jiti).
// Typed against electron-builder's own `Configuration`, so a misspelt key fails
// `npm run typecheck`; build/electronBuilderConfig.test.ts also validates it against
// app-builder-lib's JSON schema and checks each security setting.

const config: Configuration = {
  appId: 'com.casike.app',
  productName: 'Casike',

  directories: {
    buildResources: 'build', // icons, entitlements, the afterSign hook; never build output
    output: 'dist',
  },

  // Ship only the built bundles. `node_modules/**` is still needed: electron-builder 26
  // applies these patterns to dependencies too, and without it the production
  // dependencies the main bundle leaves external (zod, electron-updater, the native
  // SQLCipher/keychain/Argon2 modules) would be dropped. Only production dependencies are
  // ever copied; devDependencies and our sources (src-*, configs, tests) stay out.
  files: ['out/**', 'package.json', 'node_modules/**'],

  // A release build (CASIKE_RELEASE=1, set by the release job) must be code-signed:
  // without a certificate electron-builder stops instead of shipping an unsigned app,
  // which neither Gatekeeper nor the Windows updater's publisher check would accept.
  forceCodeSigning: isReleaseBuild(process.env),

  asar: true,
  // Native addons cannot be loaded from inside the archive.
  asarUnpack: [
    '**/*.node',
    // sharp's addon loads libvips, a shared library beside it in @img/sharp-libvips-*.
    '**/node_modules/sharp/**/*',
    '**/node_modules/@img/**/*',
  ],

  // Fuses are flipped in the Electron binary itself, so they hold even if someone edits
  // the app's files or launches it with hostile flags or environment.
  electronFuses: {
    runAsNode: false, // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node
    enableNodeOptionsEnvironmentVariable: false, // no NODE_OPTIONS code injection
    enableNodeCliInspectArguments: false, // no --inspect debugger on the main process
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true, // refuse a modified app.asar
    onlyLoadAppFromAsar: true, // never load app code from a loose folder
    grantFileProtocolExtraPrivileges: false, // we serve app://, never file://
  },

  // The OS sends `casike://` links to the app (deep links, src-main/app/deepLinks.ts):
  // Info.plist on macOS, the .desktop file on Linux; Windows registers it at run time.
  protocols: [{ name: 'Casike', schemes: ['casike'] }],

  mac: {
    category: 'public.app-category.finance',
    target: ['dmg', 'zip'], // the zip is what the auto-updater downloads
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // electron-builder's notarization (@electron/notarize) runs right after signing,
    // with credentials from the environment only (APPLE_API_KEY, APPLE_API_KEY_ID,
    // APPLE_API_ISSUER preferred). Without them it skips silently, so the afterSign hook
    // below refuses to let a release build go on un-notarized.
    notarize: true,
  },
  afterSign,

  win: {
    target: ['nsis'],
    signtoolOptions: {
      // Must equal the subject CN of the Windows code-signing certificate exactly: it is
      // written into app-update.yml, and the updater refuses an update signed by anyone
      // else. Placeholder until the certificate exists.
      publisherName: ['Casike'],
    },
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    deleteAppDataOnUninstall: false, // the encrypted vault lives there; never delete it
  },

  linux: {
    target: ['AppImage', 'deb'],
    // Finance is a freedesktop "additional" category; it is listed under its main one.
    category: 'Office;Finance',
    maintainer: 'Casike <support@casike.app>', // placeholder contact
  },

  // Placeholder: the real update feed URL is set at release time. https only: the
  // updater fetches the feed and the installers from here.
  publish: { provider: 'generic', url: 'https://updates.casike.app/' },
};

export default config;
