// Onboarding as a person meets it, first and again after withdrawing: it
// says after how long they count as away and how to pin the button, and
// consenting again keeps the saved schedule exactly (split days, a midnight
// end) unless the person changes it there. Category-only mode warns before
// it erases site names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension } from './browser.js';

let h;
before(async () => { h = await launchWithExtension(); });
after(async () => { await h?.close(); });

// Each opened afresh (the hash tells it from the tab the install opened).
let opened = 0;
async function onboarding() {
  opened += 1;
  const page = await h.open(h.url(`onboarding/onboarding.html#${opened}`));
  await page.locator('#away:not(:empty)').waitFor();
  return page;
}

async function consent(page) {
  await page.locator('#consent').click();
  await page.locator('#started:not([hidden])').waitFor();
  assert.notEqual((await h.ask('status')).status.state, 'no_consent');
  await page.close();
}

test('the first onboarding says when you count as away and how to pin the button', async () => {
  const page = await onboarding();
  assert.equal(await page.locator('#away').textContent(),
    'After 3 minutes without keyboard or mouse input, Fairtime counts you as away and counts nothing until you are back. You can change this in the settings.');
  // A fresh Chromium keeps a new extension's button in the Extensions menu.
  assert.equal(await page.evaluate(async () => (await chrome.action.getUserSettings()).isOnToolbar), false);
  await page.locator('#pin').filter({ hasText: 'click the pin beside Fairtime' }).waitFor();
  assert.equal(await page.locator('#detailed').isHidden(), true);
  const defaults = (await h.ask('settings')).schedule;
  await consent(page);
  assert.deepEqual((await h.ask('settings')).schedule, defaults, 'an untouched form changes nothing');
});

test('the away time onboarding names is the one in the settings', async () => {
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, idle_seconds: 600 } });
  await h.ask('withdrawConsent');
  const page = await onboarding();
  assert.match(await page.locator('#away').textContent(), /^After 10 minutes without/);
  await consent(page);
});

test('consenting again keeps a detailed schedule exactly and says where to change it', async () => {
  const settings = await h.ask('settings');
  const schedule = {
    ...settings.schedule,
    hours: { mon: ['09:00-12:00', '13:00-17:00'], tue: ['13:00-24:00'], fri: ['08:00-12:00'] },
  };
  await h.ask('setSettings', { settings: { ...settings, schedule } });
  const saved = (await h.ask('settings')).schedule;
  await h.ask('withdrawConsent');
  const page = await onboarding();
  const detailed = page.locator('#detailed');
  await detailed.waitFor();
  assert.match(await detailed.textContent(), /You have a detailed schedule.*change it in the settings/s);
  assert.equal(await page.locator('#week').isHidden(), true, 'the simple form would rewrite it');
  assert.equal(await detailed.getByRole('link', { name: 'Open the settings' }).getAttribute('href'), '../options/options.html#schedule');
  await consent(page);
  assert.deepEqual((await h.ask('settings')).schedule, saved);
});

test('a break on some days only is a detailed schedule too, kept as it is', async () => {
  const settings = await h.ask('settings');
  const schedule = { ...settings.schedule, breaks: [{ name: 'Coffee', days: ['tue'], time: '10:00-10:15' }] };
  await h.ask('setSettings', { settings: { ...settings, schedule } });
  const saved = (await h.ask('settings')).schedule;
  await h.ask('withdrawConsent');
  const page = await onboarding();
  await page.locator('#detailed').waitFor();
  await consent(page);
  assert.deepEqual((await h.ask('settings')).schedule, saved);
});

test('consenting again through the simple form keeps every day the person did not change', async () => {
  const settings = await h.ask('settings');
  const schedule = {
    ...settings.schedule,
    hours: { mon: ['09:00-24:00'], tue: ['10:00-16:00'] },
    breaks: [{ name: 'Lunch', time: '12:30-13:15' }],
  };
  await h.ask('setSettings', { settings: { ...settings, schedule } });
  const saved = (await h.ask('settings')).schedule;
  await h.ask('withdrawConsent');

  let page = await onboarding();
  assert.equal(await page.locator('#detailed').isHidden(), true);
  const monday = page.locator('#week tr[data-day="mon"]');
  assert.equal(await monday.locator('.to').inputValue(), '23:59', 'a time field cannot show 24:00');
  assert.equal(await page.locator('#lunch-from').inputValue(), '12:30', 'the saved lunch break is shown');
  await consent(page);
  assert.deepEqual((await h.ask('settings')).schedule, saved, 'the midnight end stays');

  // Changing Tuesday changes Tuesday only.
  await h.ask('withdrawConsent');
  page = await onboarding();
  await page.locator('#week tr[data-day="tue"] .to').fill('17:00');
  await consent(page);
  const now = (await h.ask('settings')).schedule;
  assert.deepEqual(now.hours, { ...saved.hours, tue: ['10:00-17:00'] });
  assert.deepEqual(now.breaks, saved.breaks);
});

test('category-only mode warns that site names go now and do not come back', async () => {
  const options = await h.open(h.url('options/options.html'));
  await options.locator('body[data-ready]').waitFor();
  const box = options.getByLabel('Category only: keep no site names at all');
  await box.check();
  await options.locator('#confirm[open]').waitFor();
  assert.equal(await options.locator('#confirm-text').textContent(),
    'Keep categories only? The site names of today and of every stored day are erased now. Turning this off later does not bring them back; site names are kept again only from then on.');
  await options.locator('#confirm-cancel').click();
  assert.equal(await box.isChecked(), false);
  assert.equal((await h.ask('settings')).category_only, false, 'changing one’s mind changes nothing');
  await box.check();
  await options.getByRole('button', { name: 'Erase site names' }).click();
  await options.locator('#privacy-status:has-text("no site names")').waitFor();
  assert.equal((await h.ask('settings')).category_only, true);
  await options.close();
});
