// The Sync section in a German browser: its own text, the core's preview and
// errors, and this browser's default name, all in German; the audit in both
// themes with sync on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension } from './browser.js';
import { alwaysWorking } from './counted.js';
import { audit } from './audit.js';

let h;
before(async () => {
  process.env.FAIRTIME_LANG = 'de';
  try {
    h = await launchWithExtension();
  } finally {
    delete process.env.FAIRTIME_LANG;
  }
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
});
after(async () => { await h?.close(); });

test('the Sync section speaks German, the core\'s preview too, and names this browser in German', async () => {
  const page = await h.open(h.url('options/options.html'));
  await page.locator('body[data-ready]').waitFor();
  assert.equal(await page.locator('#sync-heading').textContent(), 'Synchronisieren');
  await page.getByLabel('Mit meinen anderen Browsern synchronisieren').click();
  await page.locator('#sync-preview:not([hidden])').waitFor();
  const preview = (await page.locator('#sync-preview-list').textContent()).toLowerCase();
  for (const word of ['einstellungen', 'regeln', 'tage']) assert.ok(preview.includes(word), preview);
  await page.getByRole('button', { name: 'Synchronisierung einschalten' }).click();
  await page.locator('#sync-details:not([hidden])').waitFor();
  assert.equal(await page.locator('#sync-devices [data-this-device] th').textContent(), 'Chromium unter Linux (dieser Browser)');
  assert.equal(await page.locator('#sync-name').getAttribute('placeholder'), 'Chromium unter Linux');
  assert.match(await page.locator('#sync-usage').textContent(), /^Belegt: .* von 102\.400 Bytes/);
  for (const theme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: theme });
    assert.deepEqual(await audit(page), [], `the Sync section on, ${theme} theme`);
  }
});
