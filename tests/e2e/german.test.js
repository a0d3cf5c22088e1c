// Fairtime in a German browser: the pages' text from _locales/de, weekday
// names in the same language, and the core's own sentences (its errors, the
// import preview, the default categories and lunch break) in German too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension } from './browser.js';
import { audit } from './audit.js';

let h;
before(async () => {
  process.env.FAIRTIME_LANG = 'de';
  try {
    h = await launchWithExtension();
  } finally {
    delete process.env.FAIRTIME_LANG;
  }
});
after(async () => { await h?.close(); });

test('the onboarding page speaks German in a German browser', async () => {
  const page = await h.context.newPage();
  await page.goto(h.url('onboarding/onboarding.html'));
  await page.locator('#week tbody tr').first().waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Willkommen bei Fairtime');
  assert.equal(await page.locator('#consent').textContent(), 'Meine Arbeitszeit zählen');
  assert.equal(await page.locator('#week tbody tr').first().locator('span').textContent(), 'Montag');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  // The default lunch break, named by the core, is the one the page offers.
  assert.equal(await page.locator('#lunch').isChecked(), true);
  await page.close();
});

test("the core's errors, preview and default names are German", async () => {
  const rules = await h.ask('rules');
  assert.equal(rules.categories.find((c) => c.id === 'work').name, 'Arbeitswerkzeuge');
  assert.equal((await h.ask('settings')).schedule.breaks[0].name, 'Mittagspause');

  const options = await h.context.newPage();
  await options.goto(h.url('options/options.html'));
  await options.locator('body[data-ready]').waitFor();
  const monday = options.locator('#week tr[data-day="mon"]');
  await monday.locator('input.from').last().fill('17:30');
  await monday.locator('input.to').last().fill('08:00');
  await options.locator('#save-schedule').click();
  const error = options.locator('#schedule-error');
  await error.filter({ hasText: 'endet' }).waitFor();
  assert.match(await error.textContent(), /^Nichts wurde gespeichert: Montag: 17:30–08:00 endet, bevor es beginnt; /);

  const file = (body) => ({ name: 'import.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(body)) });
  await options.locator('#import-file').setInputFiles(file({ settings: { idle_secnds: 60 } }));
  await options.locator('#data-error').filter({ hasText: 'idle_secnds' }).waitFor();
  assert.equal(await options.locator('#data-error').textContent(),
    'Die Datei wurde nicht importiert, nichts wurde geändert: diese Datei kann nicht importiert werden: sie enthält einen Eintrag, den Fairtime nicht kennt: „idle_secnds“ in „settings“');

  await options.locator('#import-file').setInputFiles(file({ settings: { ...(await h.ask('settings')), idle_seconds: 300 } }));
  await options.locator('#import-preview').waitFor();
  assert.deepEqual(await options.locator('#import-changes li').allTextContents(), ['Abwesend nach 3 Min. ohne Eingabe → 5 Min.']);
  // Longer German labels still name every control, in the page's language.
  assert.deepEqual(await audit(options), []);
});
