// The fonts the first screens draw are laid out before a file arrives
// (src/ui/font-specimens.ts, decision 0041): every family, size and weight
// of the text drawn for one profile and for a comparison is among the
// page's specimens, which are there, hidden, once the page is idle.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT } from './build';
import { cardStatus, pageSession } from './harness';

const EXAMPLES = join(ROOT, 'public/examples');
const session = pageSession();

/** "family | size | weight | style" of each text drawn on the page, outside the specimens, with where it was seen first. */
function drawnFonts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const key = (cs: CSSStyleDeclaration) => [cs.fontFamily, cs.fontSize, cs.fontWeight, cs.fontStyle].join(' | ');
    const out: Record<string, string> = {};
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || el.closest('.font-specimens, option')) continue;
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      out[key(getComputedStyle(el))] ??= `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`;
    }
    return out;
  });
}

function specimenFonts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.font-specimens > span'), (el) => {
      const cs = getComputedStyle(el);
      return [cs.fontFamily, cs.fontSize, cs.fontWeight, cs.fontStyle].join(' | ');
    }),
  );
}

/** Drawn fonts that no specimen has. */
async function missing(page: Page): Promise<string[]> {
  const have = new Set(await specimenFonts(page));
  return Object.entries(await drawnFonts(page))
    .filter(([k]) => !have.has(k))
    .map(([k, where]) => `${k} (${where})`);
}

describe('font specimens', () => {
  it('are laid out, hidden, before any file is given', async () => {
    const page = await session.open();
    const block = page.getByTestId('font-specimens');
    await block.waitFor({ state: 'attached', timeout: 5000 });
    expect((await specimenFonts(page)).length).toBeGreaterThan(10);
    expect(await block.getAttribute('aria-hidden')).toBe('true');
    expect(await block.evaluate((el) => ({ visibility: getComputedStyle(el).visibility, width: el.getBoundingClientRect().width }))).toEqual({ visibility: 'hidden', width: 1 });
    // Nothing the page draws before a file is missing either (the empty state, the header).
    expect(await missing(page)).toEqual([]);
  });

  for (const [query, where] of [
    ['', 'the page'],
    ['?embed=1', 'the page embedded (compact cards)'],
  ]) {
    it(`cover one profile's card, its table, and a comparison's cards as lines, the timeline, the options and the table: ${where}`, async () => {
      const page = await session.open(query);
      await page.getByTestId('font-specimens').waitFor({ state: 'attached', timeout: 5000 });
      await page.getByLabel('Open profiles').setInputFiles(join(EXAMPLES, 'gzipleak.current.heap'));
      await cardStatus(page, 'gzipleak.current.heap', 'ready');
      await page.getByTestId('top-row').first().waitFor();
      const alone = await missing(page);
      await page.getByLabel('Open profiles').setInputFiles(join(EXAMPLES, 'gzipleak.base.heap'));
      await page.locator('[data-testid="top-row"][data-base]').first().waitFor();
      const compared = await missing(page);
      // A line's details, opened.
      await page.getByTestId('card-expand').first().click();
      await page.getByTestId('card-details').first().waitFor({ state: 'visible' });
      expect({ alone, compared, details: await missing(page) }).toEqual({ alone: [], compared: [], details: [] });
    });
  }
});
