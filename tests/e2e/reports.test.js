// The options page's reports as a new user meets them: a few seconds
// counted on two sites today, then the month view and a custom range show
// exactly those sums (per category and per site), their CSV downloads with
// the same figures, a range is checked with a clear message, and the weeks
// before consent say that Fairtime was not counting yet, with "Earlier weeks"
// disabled and looking so; in German too. One browser for the file (then a
// German one): the tests are steps in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';
import { audit } from './audit.js';

let h;
let options;
let today;
before(async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  options = await h.backgroundPage('options/options.html');
  await options.locator('body[data-ready]').waitFor();
  // A few seconds on two sites, then an extension page in front: nothing more is counted.
  const docs = await h.open('https://docs.google.com/');
  await h.focus(docs);
  await sleep(2500);
  const code = await h.open('https://github.com/');
  await h.focus(code);
  await sleep(1500);
  await h.focus(options);
  for (let i = 0; i < 50 && (await h.ask('status')).status.state === 'tracking'; i++) await sleep(100);
  await docs.close();
  await code.close();
  today = await h.ask('today');
  assert.ok(today.categories.length >= 2 && today.top_domains.length >= 2, JSON.stringify(today));
});
after(async () => { await h?.close(); });

/** The ISO date `days` days before `iso`, in local time. */
function before_(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(y, m - 1, d - days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Category and site rows of a period shown on the page, as [id, seconds]. */
async function shown(period) {
  const categories = await period.locator('tbody tr[data-category]:not([data-site])').evaluateAll(
    (rows) => rows.map((r) => [r.dataset.category, Number(r.dataset.seconds)]));
  const sites = await period.locator('tbody tr[data-site]').evaluateAll(
    (rows) => rows.map((r) => [r.dataset.site, Number(r.dataset.seconds)]));
  return { categories, sites };
}

/** What the core counted today, as the page should show it for a period holding only today. */
function expected() {
  return {
    categories: today.categories.map((c) => [c.id, c.seconds]),
    sites: today.top_domains.map((d) => [d.domain, d.seconds]),
  };
}

async function csvOf(button) {
  const [download] = await Promise.all([options.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), lines: (await readFile(await download.path(), 'utf8')).trim().split('\r\n') };
}

function assertCsv(lines, first, last) {
  assert.equal(lines[0], 'first_day,last_day,row,category,name,counts_as_work,site,seconds');
  assert.ok(lines.includes(`${first},${last},counted,,,,,${today.tracked_seconds}`), lines.join('\n'));
  for (const c of today.categories) {
    assert.ok(lines.includes(`${first},${last},category,${c.id},${c.name},${c.work ? 'yes' : 'no'},,${c.seconds}`), `${c.id}: ${lines.join('\n')}`);
  }
  for (const d of today.top_domains) {
    assert.ok(lines.some((l) => l.startsWith(`${first},${last},site,${d.category},`) && l.endsWith(`,${d.domain},${d.seconds}`)), `${d.domain}: ${lines.join('\n')}`);
  }
  assert.equal(lines.filter((l) => l.split(',')[2] === 'site').length, today.top_domains.length, 'sums only: one row per site');
}

test('the month view sums what was counted, per category and per site, and downloads it as CSV', async () => {
  await h.focus(options);
  await options.getByRole('radio', { name: 'Month', exact: true }).check();
  const month = await h.ask('month', { monthsBack: 0 });
  assert.equal(month.tracked_seconds, today.tracked_seconds, 'the month holds only today');
  const period = options.locator(`#report-month .report-period[data-seconds="${today.tracked_seconds}"]`);
  await period.waitFor();
  assert.equal(await options.locator('#report-weeks-view').isHidden(), true, 'one view at a time');
  assert.deepEqual(await shown(period), expected());
  assert.match(await period.locator('svg[role="img"]').getAttribute('aria-label'), /counted\. .*Work tools/);
  assert.equal(await options.locator('#month-earlier').isDisabled(), true, 'no month before consent is offered');
  assert.equal(await options.locator('#month-later').isDisabled(), true);
  const { name, lines } = await csvOf(options.locator('#month-csv'));
  assert.equal(name, `fairtime-${month.first}-to-${month.last}.csv`);
  assertCsv(lines, month.first, month.last);
  await options.locator('#report-csv-status:has-text("downloads")').waitFor();
  for (const theme of ['light', 'dark']) {
    await options.emulateMedia({ colorScheme: theme });
    assert.deepEqual(await audit(options), [], `month view, ${theme} theme`);
  }
  await options.emulateMedia({ colorScheme: null });
});

test('a custom range is checked with a clear message, sums its days and downloads them', async () => {
  await options.getByRole('radio', { name: 'Custom range' }).check();
  const show = options.getByRole('button', { name: 'Show range' });
  const error = options.locator('#range-error');
  await show.click();
  await error.filter({ hasText: 'Choose the first and the last day of the range.' }).waitFor();
  assert.equal(await options.getByLabel('First day').getAttribute('aria-invalid'), 'true');
  const yesterday = before_(today.date, 1);
  await options.getByLabel('First day').fill(today.date);
  await options.getByLabel('Last day').fill(yesterday);
  await show.click();
  await error.filter({ hasText: 'before it begins' }).waitFor();
  await options.getByLabel('First day').fill('2001-01-01');
  await show.click();
  await error.filter({ hasText: 'keeps daily totals for' }).waitFor();
  assert.equal(await options.locator('#range-csv').isDisabled(), true, 'no CSV of a refused range');

  // Before consent: not counting yet, not "0 min".
  await options.getByLabel('First day').fill(before_(today.date, 9));
  await options.getByLabel('Last day').fill(yesterday);
  await show.click();
  const early = options.locator(`#report-range .report-period[data-last="${yesterday}"]`);
  await early.waitFor();
  assert.equal(await error.textContent(), '');
  assert.equal(await early.locator('.report-total').textContent(), 'Fairtime was not counting yet.');
  assert.equal(await early.locator('table').count(), 0);

  // By keyboard: Enter in a field shows the range.
  await options.getByLabel('Last day').fill(today.date);
  await options.getByLabel('Last day').press('Enter');
  const period = options.locator(`#report-range .report-period[data-last="${today.date}"]`);
  await period.waitFor();
  assert.equal(await period.getAttribute('data-seconds'), String(today.tracked_seconds));
  assert.deepEqual(await shown(period), expected());
  assert.match(await period.textContent(), /Fairtime began counting on/);
  const { lines } = await csvOf(options.locator('#range-csv'));
  assertCsv(lines, before_(today.date, 9), today.date);
  for (const theme of ['light', 'dark']) {
    await options.emulateMedia({ colorScheme: theme });
    assert.deepEqual(await audit(options), [], `range view, ${theme} theme`);
  }
  await options.emulateMedia({ colorScheme: null });
});

test('weeks before consent say Fairtime was not counting yet, and "Earlier weeks" is disabled and looks it', async () => {
  await options.getByRole('radio', { name: 'Weeks' }).check();
  const lastWeek = options.locator('.report-week[data-weeks-back="1"]');
  await lastWeek.waitFor();
  assert.equal(await lastWeek.locator('.report-total').textContent(), 'Fairtime was not counting yet.');
  assert.equal(await lastWeek.getAttribute('data-counting'), 'false');
  assert.equal(await lastWeek.locator('table').count(), 0, 'no "0 min of 45 h scheduled"');
  const thisWeek = options.locator('.report-week[data-weeks-back="0"]');
  assert.equal(await thisWeek.locator('tr.tracked td[data-total]').getAttribute('data-seconds'), String(today.tracked_seconds));
  const earlier = options.locator('#report-earlier');
  assert.equal(await earlier.isDisabled(), true, 'the oldest counted week is shown');
  for (const theme of ['light', 'dark']) {
    await options.emulateMedia({ colorScheme: theme });
    const [disabled, enabled] = await Promise.all([earlier, options.locator('#range-csv')]
      .map((button) => button.evaluate((b) => {
        const style = getComputedStyle(b);
        return { color: style.color, border: style.borderTopStyle, cursor: style.cursor };
      })));
    assert.equal(await options.locator('#range-csv').isDisabled(), false);
    assert.deepEqual({ border: disabled.border, cursor: disabled.cursor }, { border: 'dashed', cursor: 'not-allowed' }, theme);
    assert.notEqual(disabled.color, enabled.color, `${theme}: a disabled button is greyed`);
  }
  await options.emulateMedia({ colorScheme: null });
  // A week counted earlier makes it available.
  const monday = (await h.ask('week', { weeksBack: 2 })).days[0].date;
  const driver = await h.storagePage();
  await driver.evaluate((key) => chrome.storage.local.set({
    [key]: { v: 1, d: { ms: 60_000, categories: { work: { ms: 60_000, domains: { 'docs.google.com': 60_000 } } } } },
  }), `day:${monday}`);
  await h.stopWorker();
  await options.locator('#report-earlier:enabled').waitFor();
  assert.equal(await lastWeek.getAttribute('data-counting'), 'true', 'counted since the day stored');
});

test('in a German browser the reports and the range messages are German', async () => {
  // One browser at a time.
  await h.close();
  h = undefined;
  process.env.FAIRTIME_LANG = 'de';
  let german;
  try {
    german = await launchWithExtension();
  } finally {
    delete process.env.FAIRTIME_LANG;
  }
  try {
    const page = await german.open(german.url('options/options.html'));
    await page.locator('body[data-ready]').waitFor();
    // Before consent, no week was counted.
    await page.locator('.report-week[data-weeks-back="0"]').waitFor();
    assert.deepEqual(await page.locator('.report-week .report-total').allTextContents(),
      ['Fairtime hat noch nicht gezählt.', 'Fairtime hat noch nicht gezählt.']);
    await page.getByRole('radio', { name: 'Eigener Zeitraum' }).check();
    await page.getByRole('button', { name: 'Zeitraum zeigen' }).click();
    await page.locator('#range-error').filter({ hasText: 'Wählen Sie den ersten und den letzten Tag des Zeitraums.' }).waitFor();
    await page.getByLabel('Erster Tag').fill(today.date);
    await page.getByLabel('Letzter Tag').fill(before_(today.date, 1));
    await page.getByRole('button', { name: 'Zeitraum zeigen' }).click();
    // Its days as the page shows dates, not in the core's ISO form.
    const inGerman = (iso) => new Date(`${iso}T12:00`).toLocaleDateString('de', { day: 'numeric', month: 'long', year: 'numeric' });
    await page.locator('#range-error').filter({ hasText: `Der Zeitraum endet am ${inGerman(before_(today.date, 1))}, vor seinem Beginn am ${inGerman(today.date)}` }).waitFor();
  } finally {
    await german.close();
  }
});
