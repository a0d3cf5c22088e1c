// The two cores (issue 11): a wake-up (events, the popup's question, a
// stopped worker woken by the popup) never instantiates the full core; an
// options report does, once per worker life, and after a rule edit the
// worker's own tracker reads what the full core wrote.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';

let h;
after(async () => { await h?.close(); });

/** How often this worker instantiated the full core (extension/full.js marks it). */
async function fullLoads() {
  const worker = await h.worker();
  return worker.evaluate(() => performance.getEntriesByName('fairtime:full').length);
}

test('wake-ups run in the small core; options reports and edits in the full one', async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  const docs = await h.open('https://docs.google.com/');
  await h.focus(docs);
  await sleep(1500);
  const github = await h.open('https://github.com/');
  await h.focus(github);
  await sleep(1500);
  const popup = await h.ask('popup');
  assert.equal(popup.status.state, 'tracking');
  await h.ask('pause', { minutes: 5 });
  await h.ask('resume');
  assert.equal(await fullLoads(), 0, 'counting, the popup and a pause loaded the full core');

  // A stopped worker woken by the popup's question and a tab switch.
  await h.stopWorker();
  assert.ok((await h.ask('popup')).today.tracked_seconds >= 2);
  await h.focus(docs);
  await sleep(500);
  assert.equal(await fullLoads(), 0, 'a wake-up loaded the full core');

  // An options report: the full core, once for this worker however often asked.
  const week = await h.ask('week', { weeksBack: 0 });
  const month = await h.ask('month', { monthsBack: 0 });
  assert.ok(week.tracked_seconds >= 2 && month.tracked_seconds >= week.tracked_seconds, JSON.stringify(week));
  assert.equal(await fullLoads(), 1);

  // A rule edit in the full core: the worker's own tracker sees it at once,
  // and counting goes on.
  const filed = (book) => book.rules.some((r) => r.pattern.endsWith('github.com') && r.category === 'research');
  assert.ok(filed(await h.ask('editRules', { edit: { op: 'file_site', domain: 'github.com', category: 'research' } })));
  assert.ok(filed(await h.ask('rules')), 'the worker kept the old rules');
  await h.focus(github);
  await sleep(1500);
  const today = await h.ask('today');
  assert.ok(today.top_domains.some((d) => d.domain === 'github.com' && d.category === 'research'), JSON.stringify(today.top_domains));
  assert.equal(await fullLoads(), 1);
});
