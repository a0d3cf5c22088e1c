// What a person sees on every page, as a new user walks through Fairtime:
// no date in the core's ISO form ("2026-06-10") where a person reads, a
// range refused with its days as the page shows them, reports that say
// Fairtime was not counting while consent was withdrawn, no full bar for a
// day without working hours, and in a German browser no English sentence
// left on the onboarding, popup and options pages; the schedule says what
// a 12:00 AM end and an added day off mean; focus is not lost when the
// button pressed goes away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';

const ISO = /\b\d{4}-\d{2}-\d{2}\b/;
const messages = async (lang) => JSON.parse(await readFile(new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), 'utf8'));

/** `YYYY-MM-DD` of the local day `offset` days from today. */
function day(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}

/** The text a person sees on the page (closed details, hidden parts and field values left out). */
const visible = (page) => page.evaluate(() => document.body.innerText);

async function options(h) {
  const page = await h.backgroundPage('options/options.html');
  await page.setViewportSize({ width: 1000, height: 800 });
  await page.locator('body[data-ready]').waitFor();
  await page.locator('.report-week[data-weeks-back="0"]').waitFor();
  return page;
}

async function showView(page, view) {
  await page.locator(`input[name=report-view][value=${view}]`).check();
  await page.locator(`#report-${view === 'weeks' ? 'weeks' : view}-view`).waitFor();
}

async function showRange(page, first, last) {
  await showView(page, 'range');
  await page.locator('#range-first').fill(first);
  await page.locator('#range-last').fill(last);
  await page.locator('#range-form button[type=submit]').click();
}

async function counted(h) {
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  const site = await h.open('https://github.com/');
  await h.focus(site);
  await sleep(1500);
  return site;
}

test('in English: no ISO dates, a refused range names its days as the page does, withdrawn consent reads as not counting', async () => {
  const h = await launchWithExtension();
  try {
    await counted(h);
    const page = await options(h);
    for (const view of ['weeks', 'month']) {
      await showView(page, view);
      await sleep(300);
      assert.doesNotMatch(await visible(page), ISO, `the options page with the ${view} report`);
    }

    await showRange(page, day(0), day(-3));
    const error = page.locator('#range-error');
    await error.filter({ hasText: 'before it begins' }).waitFor();
    const long = (iso) => new Date(`${iso}T12:00`).toLocaleDateString('en', { day: 'numeric', month: 'long', year: 'numeric' });
    assert.equal(await error.textContent(),
      `The range ends on ${long(day(-3))}, before it begins on ${long(day(0))}: choose a last day on or after the first.`);

    await h.ask('withdrawConsent');
    // The days still to come fall wholly inside the withdrawal.
    await showRange(page, day(1), day(3));
    const future = page.locator('#report-range .report-period');
    await future.waitFor();
    assert.equal(await future.getAttribute('data-counting'), 'false');
    assert.equal(await future.locator('.report-total').textContent(), 'Fairtime was not counting: your consent was withdrawn.');
    // Today, the day of the withdrawal, was counted until then.
    await showRange(page, day(0), day(1));
    await page.locator(`#report-range .report-period[data-last="${day(1)}"]`).waitFor();
    assert.match(await page.locator('#report-range .report-total').textContent(), /counted/);
    assert.match(await page.locator('#report-range').textContent(), /Fairtime counted nothing on the days your consent was withdrawn\./);
    assert.doesNotMatch(await visible(page), ISO, 'the options page with consent withdrawn');
    await page.close();
  } finally {
    await h.close();
  }
});

test('in English: a day without working hours shows no full bar in the popup', async () => {
  const h = await launchWithExtension();
  try {
    await counted(h);
    const settings = await h.ask('settings');
    const today = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date().getDay()];
    const hours = { ...alwaysWorking().hours, [today]: [] };
    await h.ask('setSettings', { settings: { ...settings, schedule: { ...settings.schedule, hours, breaks: [] } } });
    const popup = await h.backgroundPage('popup/popup.html');
    await popup.locator('#state[data-state="off_hours"], #state[data-state="day_off"], #state:not([data-state="tracking"])').first().waitFor();
    await popup.locator('#today:not([hidden])').waitFor();
    assert.match(await popup.locator('#worked-text').textContent(), /no working hours today/);
    assert.equal(await popup.locator('#worked-meter').isVisible(), false, 'nothing scheduled: no bar that looks full');
    await popup.close();
  } finally {
    await h.close();
  }
});

test('in English: the schedule says a 12:00 AM end is midnight, and what became of an added day off', async () => {
  const h = await launchWithExtension();
  try {
    const settings = await h.ask('settings');
    await h.ask('setSettings', { settings: { ...settings, schedule: { hours: { mon: ['13:00-24:00'], tue: ['09:00-17:00'] }, breaks: [] } } });
    const page = await options(h);
    const note = (day) => page.locator(`#week tr[data-day="${day}"] .until-midnight`);
    assert.equal(await note('mon').isVisible(), true);
    assert.equal(await note('mon').textContent(), '(midnight, end of day)');
    assert.equal(await note('tue').isVisible(), false);
    await page.locator('#week tr[data-day="tue"] input.to').fill('00:00');
    assert.equal(await note('tue').isVisible(), true, 'shown as the end is typed');

    await page.locator('#add-day-off').click();
    assert.equal(await page.locator('#schedule-error').textContent(), 'Choose a day first, then add it.');
    await page.locator('#day-off-date').fill('2026-12-24');
    await page.locator('#add-day-off').click();
    assert.equal(await page.locator('#schedule-status').textContent(), 'December 24, 2026 added; press “Save schedule” to keep it.');
    await page.locator('#day-off-date').fill('2026-12-24');
    await page.locator('#add-day-off').click();
    assert.equal(await page.locator('#schedule-status').textContent(), 'December 24, 2026 is already a day off.');
    assert.equal(await page.locator('#days-off li').count(), 1);
    await page.close();
  } finally {
    await h.close();
  }
});

test('in English: focus stays where the person was after resuming and after deleting a rule or a category', async () => {
  const h = await launchWithExtension();
  const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
  try {
    await counted(h);
    const popup = await h.backgroundPage('popup/popup.html');
    await popup.locator('#state[data-state="tracking"]').waitFor();
    await popup.locator('#pause [data-minutes="5"]').click();
    await popup.locator('#state[data-state="paused"]').waitFor();
    await popup.locator('#resume').focus();
    await popup.keyboard.press('Enter');
    await popup.locator('#resume').waitFor({ state: 'hidden' });
    assert.equal(await focused(popup), '5 min', 'not lost on the body when the Resume button goes');
    await popup.close();

    const page = await options(h);
    await page.locator('#rule-filter').fill('google.com');
    const rows = page.locator('#rule-list tbody tr');
    const [, second] = await rows.evaluateAll((all) => all.map((r) => r.dataset.pattern));
    await rows.first().getByRole('button', { name: /^Delete/ }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#rules-status:not(:empty)').waitFor();
    assert.equal(await focused(page), `Delete the rule ${second}`);
    await page.locator('#categories tbody tr[data-category="news"]').getByRole('button', { name: /^Delete/ }).click();
    await page.locator('#confirm-ok').click();
    await page.locator('#categories tbody tr[data-category="news"]').waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'Delete the category Shopping', 'the row that took its place');
    await page.close();
  } finally {
    await h.close();
  }
});

test('in German: no English sentence left and no ISO date on the onboarding, popup and options pages', async () => {
  const [en, de] = [await messages('en'), await messages('de')];
  // English sentences whose German differs, long enough to be told apart from names and numbers.
  const english = Object.entries(en)
    .filter(([key, { message }]) => de[key]?.message !== message && !message.includes('$') && message.length >= 12)
    .map(([key, { message }]) => [key, message]);
  process.env.FAIRTIME_LANG = 'de';
  let h;
  try {
    h = await launchWithExtension();
  } finally {
    delete process.env.FAIRTIME_LANG;
  }
  try {
    const seen = [];
    const look = async (page, where) => {
      const text = await visible(page);
      assert.doesNotMatch(text, ISO, where);
      const left = english.filter(([, message]) => text.includes(message)).map(([key]) => key);
      assert.deepEqual(left, [], `${where}: English left in the German page`);
      seen.push(where);
    };
    const onboarding = await h.context.newPage();
    await onboarding.goto(h.url('onboarding/onboarding.html'));
    await onboarding.locator('#week tbody tr').first().waitFor();
    await look(onboarding, 'onboarding');
    await onboarding.close();

    await counted(h);
    const popup = await h.backgroundPage('popup/popup.html');
    await popup.locator('#state[data-state="tracking"]').waitFor();
    await popup.locator('#domain-list li').first().waitFor();
    await look(popup, 'popup, counting');
    await popup.locator('#domain-list [data-filing]').first().click();
    await popup.locator('#filing[open]').waitFor();
    await look(popup, 'popup, filing dialog');
    await popup.keyboard.press('Escape');
    await popup.locator('#pause button').first().click();
    await popup.locator('#state[data-state="paused"]').waitFor();
    await look(popup, 'popup, paused');
    await popup.close();
    await h.ask('resume');

    const page = await options(h);
    await page.locator('#test-input').fill('https://www.bücher.de/kasse');
    await page.locator('#test-domain button[type=submit]').click();
    await page.locator('#test-result:not(:empty)').waitFor();
    for (const view of ['weeks', 'month']) {
      await showView(page, view);
      await sleep(300);
      await look(page, `options, ${view} report`);
    }
    await showRange(page, day(-6), day(0));
    await page.locator(`#report-range .report-period[data-last="${day(0)}"]`).waitFor();
    await look(page, 'options, range report');
    await showRange(page, day(0), day(-1));
    await page.locator('#range-error:not(:empty)').waitFor();
    await look(page, 'options, range refused');
    await h.ask('withdrawConsent');
    await page.reload();
    await page.locator('body[data-ready]').waitFor();
    await look(page, 'options, consent withdrawn');
    await page.close();
    assert.equal(seen.length, 9);
  } finally {
    await h.close();
  }
});
