// Words and numbers a person reads: international sites in Unicode wherever
// a site is shown (storage keeps the ASCII form), the three site fields
// reading the same inputs, shares adding up to 100 %, one duration style in
// the popup, a day off said as such, times on the browser's clock (in the
// core's errors too),
// and the live storage view in words with the stored form a click away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';

const IDN = 'xn--bcher-kva.de';
const SHOWN = 'bücher.de';

let h;
const sites = [];
before(async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  // Three sites, about a third of the time each (so each share rounded alone would add up to 99 %).
  // Opened by its A-label, as the browser reports the URL of a page at bücher.de.
  for (const url of [`https://${IDN}/kasse`, 'https://docs.google.com/', 'https://github.com/']) {
    const page = await h.open(url);
    await h.focus(page);
    sites.push(page);
    await sleep(2000);
  }
  await h.focus(sites[0]); // bücher.de in front again
});
after(async () => {
  for (const page of sites) await page.close().catch(() => {});
  await h?.close();
});

test('the popup shows an international site in Unicode, in the state and the top sites; storage keeps its ASCII form', async () => {
  const popup = await h.backgroundPage('popup/popup.html');
  await popup.locator('#state[data-state="tracking"]').waitFor();
  assert.match(await popup.locator('#state').textContent(), new RegExp(`^counting ${SHOWN} as `));
  const row = popup.locator(`#domain-list li[data-domain="${IDN}"]`);
  await row.waitFor();
  assert.equal(await row.locator('.name').textContent(), SHOWN);
  const stored = JSON.stringify(await h.stored());
  assert.ok(stored.includes(IDN) && !stored.includes(SHOWN), 'storage holds the A-label only');
  await popup.close();
});

test("the popup's shares add up to 100 % and its durations share one style", async () => {
  const popup = await h.backgroundPage('popup/popup.html');
  await popup.locator('body[data-rendered]').waitFor();
  const shares = await popup.locator('#legend .share').allTextContents();
  assert.ok(shares.length >= 3, shares.join());
  assert.equal(shares.reduce((sum, text) => sum + Number(text.replace(/\D/g, '')), 0), 100, shares.join());
  // Every duration (legend, top sites, the ring's centre) in the same narrow style as the ring's centre.
  const times = [
    ...await popup.locator('#legend .time, #domain-list .time').allTextContents(),
    await popup.locator('#chart .ring-centre').textContent(),
  ];
  const narrow = await popup.evaluate(() => new Intl.DurationFormat(chrome.i18n.getMessage('locale'), { style: 'narrow' })
    .format({ seconds: 7 }));
  assert.match(narrow, /^7\s?s$/);
  for (const text of times) assert.match(text, /^(\d+\s?(h|m|s)\s?)+$/, `"${text}" is not narrow like the rest: ${times.join(' | ')}`);
  await popup.close();
});

test('the site fields read a host, an address and (for rules) *.site alike, show Unicode and keep ASCII', async () => {
  const options = await h.backgroundPage('options/options.html');
  await options.locator('body[data-ready]').waitFor();
  await h.focus(options); // in front, the page draws at full speed
  const section = options.locator('#rules');
  // A rule typed in Unicode, as a wildcard.
  await section.getByLabel('Site pattern', { exact: true }).fill(`*.BÜCHER.de`);
  await section.locator('#new-rule-category').selectOption('research');
  await section.getByRole('button', { name: 'Add rule' }).click();
  const rule = section.locator(`#rule-list tr[data-pattern="*.${IDN}"]`);
  await section.locator('#rule-filter').fill(SHOWN);
  await rule.waitFor();
  assert.equal(await rule.locator('.pattern').textContent(), `*.${SHOWN}`);
  assert.equal(await section.locator('#rules-status').textContent(), `Rule *.${SHOWN} added: Research and docs.`);
  assert.ok((await h.ask('rules')).rules.some((r) => r.pattern === `*.${IDN}` && r.category === 'research'));

  // Test a site: an address in Unicode; the answer names it in Unicode.
  await section.getByLabel('Site or address').fill(`https://www.${SHOWN}/kasse?x=1`);
  await section.getByRole('button', { name: 'Test', exact: true }).click();
  const result = section.locator('#test-result[data-category="research"]');
  await result.waitFor();
  assert.equal(await result.textContent(), `www.${SHOWN} matches the rule *.${SHOWN}, so it counts as Research and docs.`);

  // The same wrong input gets the same kind of message in each field.
  await section.getByLabel('Site or address').fill('no site here');
  await section.getByRole('button', { name: 'Test', exact: true }).click();
  await section.locator('#test-result.error').waitFor();
  assert.match(await section.locator('#test-result').textContent(), /^“no site here” is not a site: type one such as example\.com/);
  await section.getByLabel('Site pattern', { exact: true }).fill('no site here');
  await section.getByRole('button', { name: 'Add rule' }).click();
  await section.locator('#rules-error').filter({ hasText: '“no site here” is not a site' }).waitFor();
  await options.getByLabel('Site to exclude').fill('no site here');
  await options.getByRole('button', { name: 'Exclude', exact: true }).click();
  await options.locator('#privacy-error').filter({ hasText: '“no site here” is not a site' }).waitFor();
  await options.getByLabel('Site to exclude').fill(`*.${SHOWN}`);
  await options.getByRole('button', { name: 'Exclude', exact: true }).click();
  await options.locator('#privacy-error').filter({ hasText: 'always includes its subdomains' }).waitFor();
  for (const text of await options.locator('#rules-error, #privacy-error, #test-result').allTextContents()) {
    assert.ok(!/[`]|U\+|\bat line\b|\bcolumn\b/.test(text), text);
  }
  await options.close();
});

test('the live view of storage is in words: dates, category names, sites, "1 day"; the stored form is a click away', async () => {
  const options = await h.backgroundPage('options/options.html');
  await options.locator('body[data-ready]').waitFor();
  await h.focus(options);
  const today = (await h.ask('today')).date;
  const day = options.locator(`#stored details[data-key="day:${today}"]`);
  await day.waitFor();
  assert.match(await options.locator('#stored-summary').textContent(), /entries, of them 1 day with totals; [\d,.]+ bytes in this browser\.$/);
  await day.locator('summary').click();
  const text = await day.locator('ul').first().textContent();
  assert.ok(text.includes(`${SHOWN}: `) && !text.includes(IDN), text);
  assert.ok(text.includes('Work tools: ') && text.includes('Development: '), `category names: ${text}`);
  const when = new Date(`${today}T12:00`).toLocaleDateString('en', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  assert.ok((await day.locator('summary').textContent()).startsWith(when), await day.locator('summary').textContent());

  // Settings in words; the stored JSON one click away, exactly as stored.
  const settings = options.locator('#stored details[data-key="settings"]');
  await settings.locator('summary').click();
  const words = await settings.locator('ul').textContent();
  assert.match(words, /You agreed to be counted on /);
  assert.match(words, /Daily totals kept for 366 days/);
  // A day's work to midnight: its end is not its start ("12:00 AM–12:00 AM").
  assert.match(words, /Monday: working (12:00\sAM–midnight|00:00–24:00)/);
  assert.ok(!words.includes('"consent"') && !words.includes('retention_days'), words);
  const raw = settings.locator('pre');
  assert.equal(await raw.isHidden(), true);
  await settings.getByRole('button', { name: 'Show as stored' }).click();
  assert.deepEqual(JSON.parse(await raw.textContent()), (await h.stored()).settings);
  assert.equal(await settings.getByRole('button', { name: 'Hide the stored form' }).getAttribute('aria-expanded'), 'true');

  // One day, not "1 days".
  await options.getByLabel('Keep daily totals for this many days').fill('1');
  await options.locator('#retention-form button').click();
  await options.locator('#privacy-status').filter({ hasText: 'Daily totals are kept for 1 day.' }).waitFor();
  await options.locator('#stored details[data-key="settings"] li').filter({ hasText: 'Daily totals kept for 1 day' }).waitFor();
  // Drawn again after the change, the stored form the person opened stays open, and is the new one.
  assert.equal(await raw.isVisible(), true);
  assert.equal(JSON.parse(await raw.textContent()).d.retention_days, 1);
  const settingsNow = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settingsNow, retention_days: 366 } });

  // An exclusion typed as an address: kept in ASCII, shown in Unicode.
  await options.getByLabel('Site to exclude').fill(`https://${SHOWN}/kasse`);
  await options.getByRole('button', { name: 'Exclude', exact: true }).click();
  const chip = options.locator(`#excluded li[data-host="${IDN}"]`);
  await chip.waitFor();
  assert.equal(await chip.locator('span').textContent(), SHOWN);
  assert.deepEqual((await h.ask('settings')).excluded, [IDN]);
  await options.getByRole('button', { name: `Record ${SHOWN} again` }).click();
  await chip.waitFor({ state: 'detached' });
  await options.close();
});

test("times are on the browser's clock, in the core's errors too, with no advice to type 24:00", async () => {
  const options = await h.backgroundPage('options/options.html');
  await options.locator('body[data-ready]').waitFor();
  // The browser's English (en-US here: 12-hour; en-GB would be 24-hour).
  const cycle = await options.evaluate(() => new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { hour: 'numeric' })
    .resolvedOptions().hourCycle);
  assert.equal(await options.evaluate(() => chrome.i18n.getMessage('locale')), 'en');
  const settings = await h.ask('settings');
  const error = await h.ask('setSettings', { settings: { ...settings, schedule: { hours: { mon: ['17:30-08:00'] } } } })
    .then(() => '', (e) => e.message);
  const [start, end] = /h1[12]/.test(cycle) ? [/5:30\s?PM/, /8:00\s?AM/] : [/17:30/, /08:00/];
  assert.match(error, new RegExp(`^Monday: ${start.source}–${end.source} ends before it starts`), `${cycle}: ${error}`);
  assert.ok(!error.includes('24:00'), error);
  assert.deepEqual(await h.ask('settings'), settings, 'nothing saved');
  await options.close();
});

test('a day without working hours says "day off today" and when work starts next', async () => {
  // Work only on the weekday after today, 09:00–17:00.
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, schedule: { hours: { [days[tomorrow.getDay()]]: ['09:00-17:00'] } } } });
  const popup = await h.backgroundPage('popup/popup.html');
  await popup.locator('#state[data-state="off_hours"]').waitFor();
  const weekday = tomorrow.toLocaleDateString('en', { weekday: 'long' });
  assert.match(await popup.locator('#state').textContent(),
    new RegExp(`^day off today; next working time ${weekday},? (09:00|9:00\\s?AM)$`));
  await popup.close();
  await h.ask('setSettings', { settings: { ...settings, schedule: alwaysWorking() } });
});
