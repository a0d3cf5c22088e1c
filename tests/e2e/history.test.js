// A worker that wakes with a year of history reads only the recent days
// (history.js): it answers the popup at once, and a report or an export
// after a cold start still holds every old day, loaded when asked for.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension } from './browser.js';
import { alwaysWorking } from './counted.js';

let h;
after(async () => { await h?.close(); });

const pad = (n) => String(n).padStart(2, '0');
const dateOf = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
function daysBack(back) {
  const d = new Date();
  d.setDate(d.getDate() - back);
  return dateOf(d);
}

/** A year before today in today's format: 6 categories of 8 sites a day. */
function year() {
  const categories = ['work', 'communication', 'research', 'development', 'social', 'news'];
  const items = {};
  for (let back = 1; back <= 365; back++) {
    const day = { ms: 0, categories: {} };
    categories.forEach((category, c) => {
      const domains = {};
      let ms = 0;
      for (let s = 0; s < 8; s++) {
        const spent = 60_000 * (1 + ((back + c + s) % 30));
        domains[`${category}-site${s}.example.com`] = spent;
        ms += spent;
      }
      day.categories[category] = { ms, domains };
      day.ms += ms;
    });
    items[`day:${daysBack(back)}`] = { v: 1, d: day };
  }
  return items;
}

test('a cold worker with a stored year answers the popup; reports and exports hold the old days', async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', {
    settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600, retention_days: 3660 },
  });
  const stored = year();
  // The index as Fairtime keeps it: no day before the oldest.
  stored.index = { v: 1, d: { first: daysBack(365), aside: [] } };
  // An old day Fairtime cannot read: set aside once history is loaded.
  const broken = `day:${daysBack(300)}`;
  stored[broken] = { v: 1, d: 'not a day' };
  const driver = await h.storagePage();
  await driver.evaluate((items) => chrome.storage.local.set(items), stored);

  await h.stopWorker();
  const popup = await h.ask('popup');
  assert.equal(popup.today.date, daysBack(0));
  assert.equal(popup.status.state !== undefined, true);
  // The old days were not read to answer it.
  assert.equal(popup.setAside, 0);
  assert.ok((await h.stored())[broken], 'the unread old day stays where it is');

  await h.stopWorker();
  const month = await h.ask('month', { monthsBack: 6 });
  const inMonth = Object.entries(stored)
    .filter(([key]) => key.slice(4, 11) === month.first.slice(0, 7) && key !== broken)
    .reduce((sum, [, value]) => sum + value.d.ms / 1000, 0);
  assert.ok(inMonth > 0);
  assert.equal(month.tracked_seconds, inMonth, `the month from ${month.first}`);
  // Loading the history set the unreadable day aside, as at any start.
  const aside = await h.ask('setAside');
  assert.deepEqual(aside.map((a) => a.was), [broken]);
  assert.equal((await h.stored())[broken], undefined);

  await h.stopWorker();
  const json = JSON.parse((await h.ask('exportJson')).text);
  const oldest = daysBack(365);
  assert.ok(json.days[oldest], `the export holds ${oldest}`);
  assert.equal(Object.keys(json.days).length, 364, 'every readable stored day');
  assert.equal(json.data_log.at(-1).kind, 'exported_json');

  await h.stopWorker();
  const csv = (await h.ask('exportCsv')).text;
  assert.ok(csv.includes(`\r\n${oldest},`), `the CSV holds ${oldest}`);

  // A re-filing after a cold start reaches the old days too.
  await h.stopWorker();
  await h.ask('editRules', { edit: { op: 'file_site', domain: 'news-site0.example.com', category: 'work' } });
  const after = await h.stored();
  const old = after[`day:${oldest}`].d.categories;
  const holding = Object.keys(old).filter((id) => old[id].domains?.['news-site0.example.com']);
  assert.deepEqual(holding, ['work'], 'the oldest day re-filed too');
});
