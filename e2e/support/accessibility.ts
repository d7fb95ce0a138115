import type { Page } from '@playwright/test';

// The bits of the page the check touches (the e2e program has no DOM types).
interface Node {
  tagName: string;
  id: string;
  type?: string;
  hidden?: boolean;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): Node | null;
  getClientRects(): ArrayLike<unknown>;
  outerHTML: string;
}
interface Doc {
  querySelectorAll(selector: string): ArrayLike<Node>;
  getElementById(id: string): Node | null;
  querySelector(selector: string): Node | null;
}

/**
 * Every visible control on the page that has no accessible name, described briefly.
 * Follows the accessible-name sources that matter here: aria-labelledby, aria-label,
 * a <label> (for= or wrapping), the element's own text (buttons, links), alt and title.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const document = (globalThis as unknown as { document: Doc }).document;
    const text = (node: Node | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const nameOf = (el: Node): string => {
      const labelledBy = el.getAttribute('aria-labelledby');
      if (labelledBy) {
        return labelledBy
          .split(/\s+/)
          .map((id) => text(document.getElementById(id)))
          .join(' ')
          .trim();
      }
      const aria = el.getAttribute('aria-label');
      if (aria?.trim()) return aria.trim();
      if (el.id) {
        const label = document.querySelector(`label[for="${el.id}"]`);
        if (label && text(label)) return text(label);
      }
      const wrapping = el.closest('label');
      if (wrapping && text(wrapping)) return text(wrapping);
      const tag = el.tagName.toLowerCase();
      if (tag === 'button' || tag === 'a' || el.getAttribute('role') === 'button') {
        if (text(el)) return text(el);
      }
      return (el.getAttribute('title') ?? '').trim();
    };
    const controls = Array.from(
      document.querySelectorAll(
        'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="grid"], [tabindex="0"]',
      ),
    );
    return controls
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => nameOf(el) === '')
      .map((el) => el.outerHTML.slice(0, 160));
  });
}

/** Whether the page scrolls sideways (it must not at 1280 px and wider). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollWidth: number; clientWidth: number } };
      }
    ).document.documentElement;
    return root.scrollWidth > root.clientWidth + 1;
  });
}
