// An accessibility audit (axe-core, WCAG 2.1 A and AA rules) of every page
// a person sees, with real data, in the light and the dark theme: labelled
// controls, names for buttons and charts, valid ARIA, headings, language,
// and colour contrast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';
import { audit } from './audit.js';

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

for (const [name, path, ready] of [
  ['popup', 'popup/popup.html', 'body[data-rendered]'],
  ['options', 'options/options.html', 'body[data-ready]'],
  ['onboarding', 'onboarding/onboarding.html', '#week tbody tr'],
  ['team report', 'team/report.html', 'body[data-ready]'],
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
