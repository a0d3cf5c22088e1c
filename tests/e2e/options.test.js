// The options page driven as a person would: the schedule editor, categories
// and rules, privacy (retention, exclusions, category-only, the live view of
// storage, deleting everything) and the reports. One browser for the file:
// the tests are steps in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';

let h;
let options;
before(async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  // In a background tab: the sites the tests visit keep the focus.
  options = await h.backgroundPage('options/options.html');
  await options.locator('body[data-ready]').waitFor();
});
after(async () => { await h?.close(); });

const monday = () => options.locator('#week tr[data-day="mon"]');

test('the schedule editor saves working intervals, a break and a day off', async () => {
  await h.focus(options); // in front, the page draws (and Playwright clicks) at full speed
  // Monday: two intervals instead of the whole day.
  await monday().getByRole('button', { name: /Remove this interval on Monday/ }).click();
  assert.equal(await monday().locator('.interval').count(), 0);
  assert.equal(await monday().locator('.day-off-note').isVisible(), true);
  await monday().getByRole('button', { name: 'Add interval on Monday' }).click();
  await monday().getByLabel('Monday: starts').last().fill('09:00');
  await monday().getByLabel('Monday: ends').last().fill('12:00');
  await monday().getByRole('button', { name: 'Add interval on Monday' }).click();
  await monday().getByLabel('Monday: starts').last().fill('13:00');
  await monday().getByLabel('Monday: ends').last().fill('17:30');
  // Sunday off.
  await options.locator('#week tr[data-day="sun"]').getByRole('button', { name: /Remove this interval/ }).click();
  // A coffee break on Tuesdays and a day off.
  await options.locator('#add-break').click();
  const coffee = options.locator('#breaks li').last();
  await coffee.getByLabel('Name of the break').fill('Coffee');
  await coffee.getByLabel('Break starts').fill('10:00');
  await coffee.getByLabel('Break ends').fill('10:15');
  for (const day of ['Monday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
    await coffee.getByRole('checkbox', { name: day, exact: true }).uncheck();
  }
  await options.locator('#day-off-date').fill('2026-12-24');
  await options.locator('#add-day-off').click();
  await options.locator('#idle-minutes').fill('5');
  await options.locator('#save-schedule').click();
  await options.locator('#schedule-status:has-text("Schedule saved")').waitFor();

  const { schedule, idle_seconds } = await h.ask('settings');
  assert.deepEqual(schedule.hours.mon, ['09:00-12:00', '13:00-17:30']);
  assert.deepEqual(schedule.hours.tue, ['00:00-24:00'], 'a day to midnight stays one');
  assert.equal(schedule.hours.sun, undefined, 'Sunday is not a working day');
  assert.deepEqual(schedule.breaks, [{ name: 'Coffee', days: ['tue'], time: '10:00-10:15' }]);
  assert.deepEqual(schedule.days_off, ['2026-12-24']);
  assert.equal(idle_seconds, 300);
  assert.equal(await options.locator('#days-off li[data-date="2026-12-24"]').count(), 1);
});

test("an impossible interval shows the core's reason and saves nothing", async () => {
  const before_ = await h.ask('settings');
  await monday().getByLabel('Monday: starts').last().fill('17:30');
  await monday().getByLabel('Monday: ends').last().fill('08:00');
  await options.locator('#save-schedule').click();
  const error = options.locator('#schedule-error');
  await error.filter({ hasText: 'ends before it starts' }).waitFor();
  // The times as the browser's clock writes them (tests/e2e/words.test.js checks which).
  assert.match(await error.textContent(), /^Nothing was saved: .*Monday.*(17:30|5:30 PM).*(08:00|8:00 AM) ends before it starts/);
  assert.deepEqual(await h.ask('settings'), before_);
  // Undo brings back what is saved.
  await options.locator('#reset-schedule').click();
  assert.equal(await monday().getByLabel('Monday: ends').last().inputValue(), '17:30');
  assert.equal(await error.textContent(), '');
  await h.ask('setSettings', { settings: { ...before_, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
});

test('categories and rules: add, test a domain, rename, edit, delete, restore', async () => {
  const section = options.locator('#rules');
  await section.getByLabel('New category').fill('Deep work');
  await section.locator('#new-category-colour').fill('#112233');
  await section.getByRole('button', { name: 'Add category' }).click();
  const row = section.locator('#categories tr[data-category="deep-work"]');
  await row.waitFor();
  let book = await h.ask('rules');
  assert.deepEqual(book.categories.find((c) => c.id === 'deep-work'), { id: 'deep-work', name: 'Deep work', colour: '#112233', work: true });

  await section.getByLabel('Site pattern', { exact: true }).fill('tracker.example');
  await section.locator('#new-rule-category').selectOption({ label: 'Deep work' });
  await section.getByRole('button', { name: 'Add rule' }).click();
  await section.locator('#rule-list tr[data-pattern="tracker.example"]').waitFor();
  book = await h.ask('rules');
  assert.deepEqual(book.rules.find((r) => r.pattern === 'tracker.example'), { pattern: 'tracker.example', category: 'deep-work' });

  // Test a domain: which rule wins and why.
  await section.getByLabel('Site or address').fill('https://app.tracker.example/some/page');
  await section.getByRole('button', { name: 'Test', exact: true }).click();
  const result = section.locator('#test-result[data-category="deep-work"]');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-rule'), 'tracker.example');
  assert.equal(await result.textContent(), 'app.tracker.example matches the rule tracker.example, so it counts as Deep work.');
  await section.getByLabel('Site or address').fill('unknown-site.example');
  await section.getByRole('button', { name: 'Test', exact: true }).click();
  await section.locator('#test-result[data-category="uncategorized"]').waitFor();

  // A pattern the core refuses: its reason, and no rule added.
  const count = book.rules.length;
  await section.getByLabel('Site pattern', { exact: true }).fill('not a pattern!');
  await section.getByRole('button', { name: 'Add rule' }).click();
  await section.locator('#rules-error').filter({ hasText: 'Nothing was saved' }).waitFor();
  assert.equal((await h.ask('rules')).rules.length, count);

  // Rename by typing.
  await row.getByLabel('Name of Deep work').fill('Focus');
  await row.getByLabel('Name of Deep work').press('Enter');
  await section.locator('#rules-status:has-text("renamed to Focus")').waitFor();
  assert.equal((await h.ask('rules')).categories.find((c) => c.id === 'deep-work').name, 'Focus');

  // Edit the rule: a new pattern and category.
  await section.locator('#rule-filter').fill('tracker.example');
  assert.equal(await section.locator('#rule-list tbody tr').count(), 1);
  await section.getByRole('button', { name: 'Edit the rule tracker.example' }).click();
  await section.getByLabel('Pattern of the rule tracker.example').fill('*.tracker.example');
  await section.getByLabel('Category of the rule tracker.example').selectOption({ label: 'Research and docs' });
  await section.getByRole('button', { name: 'Save the rule tracker.example' }).click();
  await section.locator('#rule-list tr[data-pattern="*.tracker.example"][data-category="research"]').waitFor();
  book = await h.ask('rules');
  assert.ok(!book.rules.some((r) => r.pattern === 'tracker.example'));
  assert.deepEqual(book.rules.find((r) => r.pattern === '*.tracker.example'), { pattern: '*.tracker.example', category: 'research' });

  // Delete the rule, then the category (after confirming).
  await section.getByRole('button', { name: 'Delete the rule *.tracker.example' }).click();
  await section.locator('#rule-list tr[data-pattern="*.tracker.example"]').waitFor({ state: 'detached' });
  await row.getByRole('button', { name: 'Delete the category Focus' }).click();
  await options.locator('#confirm[open]').waitFor();
  await options.locator('#confirm-ok').click();
  await row.waitFor({ state: 'detached' });
  book = await h.ask('rules');
  assert.ok(!book.categories.some((c) => c.id === 'deep-work'));
  assert.ok(!book.rules.some((r) => r.pattern.includes('tracker.example')));

  // Restore the defaults after a change.
  await section.locator('#categories tr[data-category="news"]').getByRole('button', { name: /Delete/ }).click();
  await options.locator('#move-rules-to').selectOption('uncategorized');
  await options.locator('#confirm-ok').click();
  await section.locator('#categories tr[data-category="news"]').waitFor({ state: 'detached' });
  await section.locator('#restore-defaults').click();
  await options.locator('#confirm-ok').click();
  await section.locator('#categories tr[data-category="news"]').waitFor();
  assert.ok((await h.ask('rules')).categories.some((c) => c.id === 'news'));
});

test("this week's report shows the counted seconds by day and category", async () => {
  const docs = await h.open('https://docs.google.com/');
  await h.focus(docs);
  await sleep(2500);
  const code = await h.open('https://github.com/');
  await h.focus(code);
  await sleep(1500);
  await h.focus(options); // an extension page in front: nothing more is counted
  for (let i = 0; i < 50 && (await h.ask('status')).status.state === 'tracking'; i++) await sleep(100);
  const week = await h.ask('week', { weeksBack: 0 });
  const today = (await h.ask('today')).date;
  const day = week.days.find((d) => d.date === today);
  assert.ok(day.categories.work >= 2 && day.categories.development >= 1, JSON.stringify(day));
  const report = options.locator('.report-week[data-weeks-back="0"]');
  await report.locator(`tr[data-category="work"] td[data-date="${today}"][data-seconds="${day.categories.work}"]`).waitFor();
  await report.locator(`tr[data-category="development"] td[data-date="${today}"][data-seconds="${day.categories.development}"]`).waitFor();
  await report.locator(`tr.tracked td[data-total][data-seconds="${week.tracked_seconds}"]`).waitFor();
  const bars = await report.locator('svg[role="img"] rect').evaluateAll((all) => all.map((r) => [r.dataset.category, Number(r.dataset.seconds)]));
  const cells = await report.locator('tbody td[data-date]').evaluateAll((all) => all.filter((c) => c.dataset.seconds !== '0').map((c) => [c.parentElement.dataset.category, Number(c.dataset.seconds)]));
  assert.deepEqual(bars, cells, 'the chart and its table show the same figures');
  assert.deepEqual(bars.find(([c]) => c === 'work'), ['work', day.categories.work]);
  assert.match(await report.locator('svg[role="img"]').getAttribute('aria-label'), /^This week .*Work tools/);
  assert.equal(await options.locator('.report-week[data-weeks-back="1"]').count(), 1, 'last week is shown too');
  await docs.close();
  await code.close();
});

test('reports go back to earlier weeks, as far as days are kept, and forward again', async () => {
  await h.focus(options);
  const monday = (await h.ask('week', { weeksBack: 2 })).days[0].date;
  const driver = await h.storagePage();
  await driver.evaluate((key) => chrome.storage.local.set({
    [key]: { v: 1, d: { ms: 3_600_000, categories: { work: { ms: 3_600_000, domains: { 'docs.google.com': 3_600_000 } } } } },
  }), `day:${monday}`);
  await h.stopWorker(); // the next worker reads the day from storage
  const later = options.locator('#report-later');
  assert.equal(await later.isDisabled(), true, 'nothing is later than this week');
  await options.locator('#report-earlier').click();
  const week = options.locator('.report-week[data-weeks-back="2"]');
  await week.locator(`tr[data-category="work"] td[data-date="${monday}"][data-seconds="3600"]`).waitFor();
  assert.match(await week.locator('h3').textContent(), /^2 weeks ago \(/);
  assert.equal(await options.locator('.report-week[data-weeks-back="3"]').count(), 1);
  assert.equal(await later.isDisabled(), false);
  assert.match(await options.locator('#report-status').textContent(), /^2 weeks ago/, 'screen readers hear the move');
  await later.click();
  await options.locator('.report-week[data-weeks-back="0"]').waitFor();
  assert.equal(await later.isDisabled(), true);
  assert.equal(await options.locator('#report-earlier').isDisabled(), false);
  // Keeping a week only: no earlier week holds anything, so none is offered.
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, retention_days: 7 } });
  await options.locator('#report-earlier:disabled').waitFor();
});

test('privacy: retention and excluded sites are saved from the form', async () => {
  await options.getByLabel('Keep daily totals for this many days').fill('30');
  await options.locator('#retention-form button').click();
  await options.locator('#privacy-status:has-text("30 days")').waitFor();
  assert.equal((await h.ask('settings')).retention_days, 30);

  await options.getByLabel('Site to exclude').fill('Bank.Example');
  await options.getByRole('button', { name: 'Exclude', exact: true }).click();
  await options.locator('#excluded li[data-host="bank.example"]').waitFor();
  assert.deepEqual((await h.ask('settings')).excluded, ['bank.example']);
  await options.getByRole('button', { name: 'Record bank.example again' }).click();
  await options.locator('#excluded li').first().waitFor({ state: 'detached' });
  assert.deepEqual((await h.ask('settings')).excluded, []);
});

test('the live view shows everything stored in readable form', async () => {
  const stored = await h.stored();
  const today = (await h.ask('today')).date;
  await options.locator(`#stored details[data-key="day:${today}"]`).waitFor();
  const keys = await options.locator('#stored details').evaluateAll((all) => all.map((d) => d.dataset.key));
  assert.deepEqual([...keys].sort(), Object.keys(stored).sort());
  const day = options.locator(`#stored details[data-key="day:${today}"]`);
  await day.locator('summary').click();
  assert.match(await day.textContent(), /Work tools: .*docs\.google\.com: /s);
});

test('category-only mode hides the top sites from the popup', async () => {
  const popup = await h.backgroundPage('popup/popup.html');
  await popup.locator('body[data-rendered]').waitFor();
  assert.equal(await popup.locator('#domains').isVisible(), true);
  assert.ok(await popup.locator('#domain-list li[data-domain="docs.google.com"]').count() === 1);
  await popup.close();

  await options.getByLabel('Category only: keep no site names at all').check();
  // It warns first: site names go now, and turning it off does not bring them back.
  await options.locator('#confirm[open]').waitFor();
  assert.match(await options.locator('#confirm-text').textContent(), /erased now.*does not bring them back/s);
  await options.locator('#confirm-ok').click();
  await options.locator('#privacy-status:has-text("no site names")').waitFor();
  assert.equal((await h.ask('settings')).category_only, true);
  const after_ = await h.backgroundPage('popup/popup.html');
  await after_.locator('body[data-rendered]').waitFor();
  assert.equal(await after_.locator('#domains').isHidden(), true);
  assert.equal(await after_.locator('#domain-list li').count(), 0);
  assert.ok(await after_.locator('#legend li').count() >= 2, 'the categories are still shown');
  await after_.close();
  await options.getByLabel('Category only: keep no site names at all').uncheck();
  await options.locator('#privacy-status:has-text("stored again")').waitFor();
});

test('delete all data, after confirming, leaves only the data log saying so', async () => {
  await options.locator('#delete-all').click();
  await options.locator('#confirm[open]').waitFor();
  await options.locator('#confirm-cancel').click(); // changing one's mind deletes nothing
  assert.ok(Object.keys(await h.stored()).length > 0);
  await options.locator('#delete-all').click();
  await options.locator('#confirm-ok').click();
  await options.locator('#delete-status:has-text("Everything was deleted")').waitFor();
  const left = await h.stored();
  assert.deepEqual(Object.keys(left), ['datalog']);
  assert.deepEqual(left.datalog.d.map((entry) => entry.kind), ['everything_deleted']);
  await options.locator('#datalog li[data-kind="everything_deleted"]').waitFor();
  assert.equal(await options.locator('#datalog li').count(), 1);
  assert.equal(await options.locator('#consent-state').getAttribute('data-consent'), 'none');
  assert.equal((await h.ask('status')).status.state, 'no_consent');
});

test('data: export JSON and CSV, read them back; a bad import changes nothing; a good one previews then applies', async () => {
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  const docs = await h.open('https://docs.google.com/');
  await h.focus(docs);
  await sleep(1500);
  await h.focus(options);
  const [json] = await Promise.all([options.waitForEvent('download'), options.locator('#export-json').click()]);
  assert.match(json.suggestedFilename(), /^fairtime-.*\.json$/);
  const exported = JSON.parse(await readDownload(json));
  assert.equal(exported.format, 'fairtime-export');
  assert.deepEqual(exported.settings, await h.ask('settings'));
  assert.deepEqual(exported.rules, await h.ask('rules'));
  const today = (await h.ask('today')).date;
  assert.ok(exported.days[today].categories.work.ms >= 1000, 'the export holds the counted day');
  await options.locator('#data-status:has-text("downloads")').waitFor();
  const [csv] = await Promise.all([options.waitForEvent('download'), options.locator('#export-csv').click()]);
  const lines = (await readDownload(csv)).trim().split('\n');
  assert.match(lines[0], /date/i);
  assert.ok(lines.some((line) => line.startsWith(today)), `the CSV has a row for ${today}`);

  const before_ = await h.stored();
  await options.locator('#import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"not": "fairtime"') });
  await options.locator('#data-error').filter({ hasText: 'nothing changed' }).waitFor();
  assert.equal(await options.locator('#import-preview').isHidden(), true);
  assert.deepEqual(await h.stored(), before_);

  exported.settings.retention_days = 7;
  await options.locator('#import-file').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await options.locator('#import-preview').waitFor();
  assert.ok(await options.locator('#import-changes li').count() >= 1);
  await options.locator('#import-apply').click();
  await options.locator('#data-status:has-text("imported")').waitFor();
  assert.equal((await h.ask('settings')).retention_days, 7);
  // Every section shows the imported settings.
  await options.waitForFunction(() => document.getElementById('retention-days').value === '7');
  await docs.close();
});

async function readDownload(download) {
  const { readFile } = await import('node:fs/promises');
  return readFile(await download.path(), 'utf8');
}
