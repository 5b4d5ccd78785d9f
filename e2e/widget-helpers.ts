/** Helpers shared by the widget's end-to-end specs (e2e/widget-*.spec.ts). */
import type { Locator, Page } from '@playwright/test';

/** Adds `<inpage-rec>` with `attrs` to the widget test page's #slot. */
export function addWidget(page: Page, attrs: Record<string, string>): Promise<void> {
  return page.evaluate((a) => {
    const el = document.createElement('inpage-rec');
    for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
    document.querySelector('#slot')!.append(el);
  }, attrs);
}

/** What has keyboard focus, looking through shadow roots: its class, the card's item id, the widget's id. */
export function focused(page: Page): Promise<{ cls: string; tag: string; id: string | null; widget: string | null } | null> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    let host: Element | null = null;
    while (a?.shadowRoot?.activeElement) {
      host = a;
      a = a.shadowRoot.activeElement;
    }
    if (!a || a === document.body) return null;
    return {
      cls: a.className,
      tag: a.localName,
      id: a.closest('li')?.getAttribute('data-id') ?? null,
      widget: (host ?? a.closest('section'))?.id ?? null,
    };
  });
}

/** Presses Tab until `match` holds for the focused control (at most `max` presses). */
export async function tabTo(page: Page, match: (f: NonNullable<Awaited<ReturnType<typeof focused>>>) => boolean, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && match(f)) return;
  }
  throw new Error('tabTo: never reached the wanted control');
}

/**
 * The focused control's outline as the visitor sees it: its computed style, and whether the whole
 * outline box lies inside every ancestor that clips (overflow other than visible), across shadow
 * boundaries. A clipped outline is an invisible one.
 */
export function focusOutline(page: Page): Promise<{ style: string; width: number; color: string; clippedBy: string | null; cls: string }> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const el = a as HTMLElement;
    const cs = getComputedStyle(el);
    const width = Number.parseFloat(cs.outlineWidth);
    const reach = width + Math.max(0, Number.parseFloat(cs.outlineOffset));
    const r = el.getBoundingClientRect();
    const box = { top: r.top - reach, left: r.left - reach, bottom: r.bottom + reach, right: r.right + reach };
    let clippedBy: string | null = null;
    for (let p: Node | null = el.parentNode; p; p = p instanceof ShadowRoot ? p.host : p.parentNode) {
      if (!(p instanceof Element)) continue;
      const s = getComputedStyle(p);
      const clipsX = s.overflowX !== 'visible';
      const clipsY = s.overflowY !== 'visible';
      if (!clipsX && !clipsY) continue;
      const c = p.getBoundingClientRect();
      const out =
        (clipsX && (box.left < c.left - 0.5 || box.right > c.right + 0.5)) ||
        (clipsY && (box.top < c.top - 0.5 || box.bottom > c.bottom + 0.5));
      if (out) {
        clippedBy = `${p.localName}.${p.className}`;
        break;
      }
    }
    return { style: cs.outlineStyle, width, color: cs.outlineColor, clippedBy, cls: el.className };
  });
}

/**
 * The cards in `items` (list items) where the dismiss button covers text matched by `text`, as
 * `<data-id> <class>`: the text's own line boxes are compared, not its padding box.
 */
export function textUnderDismiss(items: Locator, text: string): Promise<string[]> {
  return items.evaluateAll(
    (lis, selector) =>
      lis.flatMap((li) => {
        const d = li.querySelector('.inpage-rec-dismiss')!.getBoundingClientRect();
        return [...li.querySelectorAll(selector)]
          .filter((t) => {
            const range = document.createRange();
            range.selectNodeContents(t);
            return [...range.getClientRects()].some((r) => r.left < d.right && r.right > d.left && r.top < d.bottom && r.bottom > d.top);
          })
          .map((t) => `${li.getAttribute('data-id')} ${t.localName}.${t.className}`);
      }),
    text,
  );
}
