// Fairtime tracking for real in Chromium: consent, tabs and windows, a
// service worker stopped mid-session, pauses, breaks, private windows, and
// what storage and the network may (not) see. One browser for the whole
// file: the tests are steps of one person's day, in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, sleep } from './browser.js';
import { counted, alwaysWorking } from './counted.js';
import { SECRET_TITLE } from './sites.js';

const SECRET_PATH = 'quarterly-plan-7f2c';
const SECRET_QUERY = 'q=salary-review';
const site = (host) => `https://${host}/${SECRET_PATH}?${SECRET_QUERY}`;
const DOCS = 'docs.google.com'; // Work tools, by the default rules
const CODE = 'github.com'; // Development
const VIDEO = 'www.youtube.com'; // Entertainment
const NEWS = 'www.bbc.co.uk'; // News
const TOLERANCE = 1000; // ms, per the issue

let h;
before(async () => { h = await launchWithExtension(); });
after(async () => { await h?.close(); });

const now = () => Date.now();
const badge = async () => (await h.storagePage()).evaluate(() => chrome.action.getBadgeText({}));
const snapshot = async () => counted(await h.stored(), now());

function assertNear(actual, expected, what) {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE,
    `${what}: counted ${actual} ms, expected ${expected} ms (± ${TOLERANCE})`);
}

/** Milliseconds counted per domain between two snapshots. */
function delta(before_, after_, domain) {
  return (after_.domains[domain] ?? 0) - (before_.domains[domain] ?? 0);
}

/** Brings a page to the front as a person would: its window gets focus, its tab is shown. */
async function front(page) {
  await h.focus(page);
  return now();
}

test('the onboarding page opens on install, and nothing is recorded before consent', async () => {
  const onboarding = await (async () => {
    for (let i = 0; i < 100; i++) {
      const page = h.context.pages().find((p) => p.url() === h.url('onboarding/onboarding.html'));
      if (page) return page;
      await sleep(100);
    }
    throw new Error('the onboarding page did not open');
  })();
  await onboarding.locator('#consent').waitFor();
  assert.match(await onboarding.locator('body').textContent(), /never recorded/i);

  const docs = await h.open(site(DOCS));
  await sleep(1500);
  const stored = await h.stored();
  assert.deepEqual(Object.keys(stored).filter((k) => k === 'cursor' || k.startsWith('day:')), [],
    'nothing about browsing is stored before consent');
  assert.equal((await h.ask('status')).status.state, 'no_consent');
  assert.equal(await badge(), '!');
  await docs.close();
});

test('pressing start with working hours gives consent, and counting begins', async () => {
  const onboarding = h.context.pages().find((p) => p.url() === h.url('onboarding/onboarding.html'));
  await onboarding.bringToFront();
  for (const row of await onboarding.locator('#week tbody tr').all()) {
    await row.locator('.works').check();
    await row.locator('.from').fill('00:00');
    await row.locator('.to').fill('23:59');
  }
  await onboarding.locator('#lunch').uncheck();
  await onboarding.locator('#consent').click();
  await onboarding.locator('#started').waitFor({ state: 'visible' });

  const settings = await h.ask('settings');
  assert.ok(settings.consent > now() - 60_000, 'consent is stored with its time');
  assert.deepEqual(settings.schedule.hours.wed, ['00:00-23:59']);
  assert.deepEqual(settings.schedule.breaks ?? [], []);
  // Every minute of the day, so that the test may run at 23:59 too.
  await h.ask('setSettings', { settings: { ...settings, schedule: alwaysWorking() } });

  const start = await snapshot();
  const docs = await h.open(site(DOCS));
  const t0 = now();
  await sleep(2000);
  const end = await snapshot();
  assertNear(delta(start, end, DOCS), now() - t0, DOCS);
  assert.equal(await badge(), 'on');
  const { status } = await h.ask('status');
  assert.deepEqual([status.state, status.domain, status.category.id], ['tracking', DOCS, 'work']);
  await docs.close();
});

test('switching tabs and windows splits the time between sites', async () => {
  const start = await snapshot();
  const docs = await h.open(site(DOCS));
  const t0 = now();
  await sleep(2500);
  const code = await h.open(site(CODE)); // a new tab, in front
  const t1 = now();
  await sleep(1500);
  const video = await h.open(site(VIDEO), { window: true }); // a second window
  const t2 = now();
  await sleep(1500);
  const t3 = await front(docs); // back to the first window's first tab
  await sleep(1500);
  const t4 = await front(code);
  await sleep(1000);
  const end = await snapshot();
  const t5 = now();
  assertNear(delta(start, end, DOCS), (t1 - t0) + (t4 - t3), DOCS);
  assertNear(delta(start, end, CODE), (t2 - t1) + (t5 - t4), CODE);
  assertNear(delta(start, end, VIDEO), t3 - t2, VIDEO);
  assertNear(end.total - start.total, t5 - t0, 'all sites');
  for (const page of [docs, code, video]) await page.close();
});

test('a service worker stopped several times mid-session loses no time and counts none twice', async () => {
  const start = await snapshot();
  const docs = await h.open(site(DOCS));
  const t0 = now();
  await sleep(1000);
  await h.stopWorker();
  await sleep(1500);
  const news = await h.open(site(NEWS)); // wakes the worker with a tab event
  const t1 = now();
  await sleep(1000);
  await h.stopWorker();
  await sleep(1000);
  await h.stopWorker(); // stopping a stopped worker changes nothing
  const t2 = await front(docs);
  await sleep(1000);
  await h.stopWorker();
  await sleep(1000);
  const end = await snapshot();
  const t3 = now();
  assert.equal(await h.isWorkerRunning(), false, 'the figures were read with the worker stopped');
  assertNear(delta(start, end, DOCS), (t1 - t0) + (t3 - t2), DOCS);
  assertNear(delta(start, end, NEWS), t2 - t1, NEWS);
  assertNear(end.total - start.total, t3 - t0, 'all sites');
  await news.close();
  await docs.close();
});
