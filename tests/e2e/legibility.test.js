// Text a person can read: Chromium's style for extension pages shrinks the
// body to 75 %; every page sets its text to at least 14 px (the popup, short
// of room, to at least 13 px), measured by computed style on each page with
// real data in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';

let h;
before(async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  for (const host of ['docs.google.com', 'github.com']) {
    const page = await h.open(`https://${host}/`);
    await h.focus(page);
    await sleep(1200);
  }
});
after(async () => { await h?.close(); });

/** The computed font size of the body, of each selector's first match, and the smallest of any text shown. */
function sizes(page, selectors) {
  return page.evaluate((selectors) => {
    const px = (element) => parseFloat(getComputedStyle(element).fontSize);
    const named = Object.fromEntries(selectors.map((s) => {
      const element = document.querySelector(s);
      return [s, element ? px(element) : null];
    }));
    let smallest = { px: Infinity, text: '' };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      // Shown text only: not in a chart (its own drawing scale), not for screen readers only.
      if (!node.textContent.trim() || element.closest('svg, .visually-hidden') || element.getClientRects().length === 0) continue;
      if (px(element) < smallest.px) smallest = { px: px(element), text: node.textContent.trim().slice(0, 40) };
    }
    return { body: px(document.body), named, smallest };
  }, selectors);
}

for (const [name, path, ready, least, selectors] of [
  ['popup', 'popup/popup.html', 'body[data-rendered]', 13,
    ['#state', '#legend .name', '#legend .share', '#domain-list .name', '#worked-text', '#pause button']],
  ['options', 'options/options.html', 'body[data-ready]', 14,
    ['main p', '.week td input', '.table td', '.table thead th', '#rules label', 'button', '#version', '#stored summary']],
  ['onboarding', 'onboarding/onboarding.html', '#week tbody tr', 14,
    ['.lead', 'main p', '#week th', '#week input', 'button']],
  ['team report', 'team/report.html', 'body[data-ready]', 14,
    ['main p', 'label', 'textarea', 'button']],
]) {
  test(`the ${name} page's text is at least ${least} px`, async () => {
    const page = await h.open(h.url(path));
    await page.locator(ready).first().waitFor();
    const measured = await sizes(page, selectors);
    assert.ok(measured.body >= 14, `${name}: body text is ${measured.body} px`);
    for (const [selector, px] of Object.entries(measured.named)) {
      assert.notEqual(px, null, `${name}: nothing matches ${selector}`);
      assert.ok(px >= least, `${name}: ${selector} is ${px} px`);
    }
    assert.ok(measured.smallest.px >= least, `${name}: "${measured.smallest.text}" is ${measured.smallest.px} px`);
    await page.close();
  });
}
