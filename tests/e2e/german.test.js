// Fairtime in a German browser: its own text from _locales/de, weekday names
// in the same language.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension } from './browser.js';

let h;
after(async () => { await h?.close(); });

test('the onboarding page speaks German in a German browser', async () => {
  process.env.FAIRTIME_LANG = 'de';
  try {
    h = await launchWithExtension();
  } finally {
    delete process.env.FAIRTIME_LANG;
  }
  const page = await h.context.newPage();
  await page.goto(h.url('onboarding/onboarding.html'));
  await page.locator('#week tbody tr').first().waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Willkommen bei Fairtime');
  assert.equal(await page.locator('#consent').textContent(), 'Meine Arbeitszeit zählen');
  assert.equal(await page.locator('#week tbody tr').first().locator('span').textContent(), 'Montag');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
});
