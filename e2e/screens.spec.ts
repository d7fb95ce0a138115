import { overflowsHorizontally, unnamedControls } from './support/accessibility';
import { goTo, PASSPHRASE, unlock } from './support/flows';
import { expect, screenshot, test } from './support/harness';
import { copySeededVault } from './support/seedVault';

// Every main screen with ten years of data, at 1280×800, in the OS's light and dark
// themes: each control has an accessible name, nothing scrolls sideways, no error shows,
// and a screenshot of each is kept.
test.use({
  dataDir: async ({ dataDir }, use) => {
    await copySeededVault(dataDir, PASSPHRASE, 10_000);
    await use(dataDir);
  },
});
test.setTimeout(240_000);

const SCREENS = [
  'Dashboard',
  'Transactions',
  'Accounts',
  'Banks',
  'Budgets',
  'Reports',
  'Rules',
  'Import',
  'Settings',
] as const;

for (const scheme of ['light', 'dark'] as const) {
  test(`every main screen, ${scheme} theme: named controls, no sideways scroll, no errors`, async ({
    app,
  }, testInfo) => {
    await app.emulateMedia({ colorScheme: scheme });
    await unlock(app);
    for (const screen of SCREENS) {
      await goTo(app, screen);
      await expect(app.locator('.state-loading')).toHaveCount(0);
      await expect(app.getByRole('alert')).toHaveCount(0);
      expect(await unnamedControls(app), `${screen}: controls without an accessible name`).toEqual(
        [],
      );
      expect(await overflowsHorizontally(app), `${screen} scrolls sideways`).toBe(false);
      await screenshot(app, testInfo, `${scheme}-${screen.toLowerCase()}`);
    }
  });
}

test('keyboard: Tab reaches the navigation and the focused control is visibly outlined', async ({
  app,
}) => {
  await unlock(app);
  await app.keyboard.press('Tab');
  const focused = app.locator(':focus');
  await expect(focused).toHaveAccessibleName('Dashboard');
  const outline = await focused.evaluate((el) => {
    const style = (
      globalThis as unknown as {
        getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string };
      }
    ).getComputedStyle(el);
    return { outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth };
  });
  expect(outline.outlineStyle).toBe('solid');
  expect(parseFloat(outline.outlineWidth)).toBeGreaterThanOrEqual(2);
  // The accessible-name check itself catches a control without a name.
  await app.evaluate(() => {
    const { document } = globalThis as unknown as {
      document: { createElement(tag: string): object; body: { append(node: object): void } };
    };
    document.body.append(document.createElement('button'));
  });
  expect(await unnamedControls(app)).toHaveLength(1);
  // Enter on a navigation item opens that screen.
  await app.keyboard.press('Tab');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { name: 'Transactions', level: 1 })).toBeVisible();
});
