// An accessibility audit (axe-core, WCAG 2.1 A and AA rules) of every page
// a person sees, with real data, in the light and the dark theme: labelled
// controls, names for buttons and charts, valid ARIA, headings, language,
// and colour contrast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';

const AXE = await readFile(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

let h;
before(async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  for (const host of ['docs.google.com', 'www.youtube.com']) {
    const page = await h.open(`https://${host}/`);
    await h.focus(page);
    await sleep(1200);
  }
});
after(async () => { await h?.close(); });

/** The audit's violations, as "rule: target" lines a person can act on. */
async function audit(page) {
  // Through DevTools, which the pages' script-src 'self' does not restrict.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim()})`));
}

for (const [name, path, ready] of [
  ['popup', 'popup/popup.html', 'body[data-rendered]'],
  ['options', 'options/options.html', 'body[data-ready]'],
  ['onboarding', 'onboarding/onboarding.html', '#week tbody tr'],
]) {
  test(`the ${name} page passes the audit in both themes`, async () => {
    const page = await h.open(h.url(path));
    await page.locator(ready).first().waitFor();
    for (const theme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: theme });
      assert.deepEqual(await audit(page), [], `${name}, ${theme} theme`);
    }
    await page.close();
  });
}
