// Fairtime tracking for real in Chromium: consent, tabs and windows, a
// service worker stopped mid-session, pauses, breaks, private windows, and
// what storage and the network may (not) see. One browser for the whole
// file: the tests are steps of one person's day, in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  // Every minute of the day, so that the test may run at 23:59 too; idle only
  // in its own test (the X display sees no input from Playwright).
  await h.ask('setSettings', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });

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
  await h.stopWorker(); // in case the heartbeat alarm woke it meanwhile
  const end = await snapshot();
  const t3 = now();
  assert.equal(await h.isWorkerRunning(), false, 'the figures were read with the worker stopped');
  assertNear(delta(start, end, DOCS), (t1 - t0) + (t3 - t2), DOCS);
  assertNear(delta(start, end, NEWS), t2 - t1, NEWS);
  assertNear(end.total - start.total, t3 - t0, 'all sites');
  await news.close();
  await docs.close();
});

/** Waits until `probe()` is truthy, polling. */
async function until(what, probe, timeout = 60_000) {
  const end = now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** An alarm of Fairtime's, read from one of its pages. */
async function alarm(name) {
  const page = await h.storagePage();
  return page.evaluate((name) => chrome.alarms.get(name), name);
}
const heartbeat = () => alarm('heartbeat');

test('a pause from the popup stops the clock until resumed', async () => {
  const docs = await h.open(site(DOCS));
  const popup = await h.backgroundPage('popup/popup.html');
  await popup.locator('#pause [data-minutes="15"]').click();
  const paused = await snapshot();
  await popup.locator('#state[data-state="paused"]').waitFor();
  const { status } = await h.ask('status');
  assert.equal(status.state, 'paused');
  assertNear(status.until - now(), 15 * 60_000, 'the pause ends in 15 minutes');
  assert.equal(await badge(), '❚❚');
  await sleep(2000);
  const still = await snapshot();
  assert.equal(still.total, paused.total, 'nothing is counted while paused');
  assert.equal(await heartbeat(), undefined, 'no heartbeat wakes the worker during a pause');
  assert.ok((await alarm('wake'))?.scheduledTime <= status.until + 1000, 'a wake-up is due by the end of the pause');

  await popup.locator('#resume').click();
  await popup.locator('#state[data-state="tracking"]').waitFor();
  const t0 = now();
  const resumed = await snapshot();
  await sleep(1500);
  const end = await snapshot();
  assertNear(end.total - resumed.total, now() - t0, 'counting again after resuming');
  assert.equal(await badge(), 'on');
  assert.equal((await heartbeat())?.periodInMinutes, 0.5, 'the heartbeat runs again');
  await popup.close();
  await docs.close();
});

test('an excluded domain is never recorded, not even its name', async () => {
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, excluded: ['bank.example'] } });
  const bank = await h.open(site('www.bank.example'));
  await sleep(300);
  const start = await snapshot();
  await sleep(1500);
  const end = await snapshot();
  assert.equal(end.total, start.total, 'no time is counted on an excluded domain');
  assert.ok(!JSON.stringify(await h.stored()).replace('"bank.example"', '').includes('bank.example'),
    'the excluded name appears only in the settings that exclude it');
  await bank.close();
});

test('private windows leave no trace', async () => {
  const docs = await h.open(site(DOCS));
  await sleep(300);
  const start = await snapshot();
  const incognito = await h.browser.newContext(); // an off-the-record profile: a private window
  const diary = await incognito.newPage();
  await diary.goto(site('private-diary.example'));
  await sleep(1500);
  const end = await snapshot();
  assert.ok(end.total - start.total <= 500, `time counted while a private window was in front: ${end.total - start.total} ms`);
  const windows = await (await h.storagePage()).evaluate(() => chrome.windows.getAll());
  assert.ok(windows.every((w) => !w.incognito), 'Fairtime cannot even see private windows');
  await incognito.close();
  assert.ok(!JSON.stringify(await h.stored()).includes('private-diary'));
  await docs.close();
});

/** The next local minute at least `margin` ms away, as "HH:MM-HH:MM" for one minute. */
function nextMinute(margin = 4000) {
  const at = new Date(now() + margin);
  at.setSeconds(60, 0);
  const end = new Date(at.getTime() + 60_000);
  const hhmm = (d, midnight) => (midnight && d.getHours() === 0 && d.getMinutes() === 0 ? '24:00'
    : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`);
  return { starts: at.getTime(), time: `${hhmm(at, false)}-${hhmm(end, true)}` };
}

test('a break that starts during the session is not counted', async () => {
  const settings = await h.ask('settings');
  const coffee = nextMinute();
  await h.ask('setSettings', { settings: { ...settings, schedule: alwaysWorking([{ name: 'Coffee', time: coffee.time }]) } });
  const start = await snapshot();
  const docs = await h.open(site(DOCS));
  const t0 = now();
  await until('the break', async () => now() > coffee.starts + 3000, 70_000);
  const end = await snapshot();
  assertNear(delta(start, end, DOCS), coffee.starts - t0, 'time up to the break');
  const { status } = await h.ask('status');
  assert.deepEqual([status.state, status.name], ['on_break', 'Coffee']);
  assert.equal(status.until, coffee.starts + 60_000);
  await until('the badge to show the break', async () => (await badge()) === 'brk', 5000);
  await sleep(1000);
  assert.equal((await snapshot()).total, end.total, 'nothing is counted in the break');
  await h.ask('setSettings', { settings: { ...settings, schedule: alwaysWorking() } });
  await docs.close();
});

test('idle stops the clock, and activity starts it again', async () => {
  const xInput = (x) => execFileSync('xdotool', ['mousemove', String(x), String(x)]);
  xInput(10);
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, idle_seconds: 15 } });
  const docs = await h.open(site(DOCS));
  xInput(20);
  await until('Fairtime to see the person idle', async () => (await h.ask('status')).status.state === 'idle', 60_000);
  assert.equal(await badge(), 'zz');
  const idle = await snapshot();
  await sleep(2000);
  assert.equal((await snapshot()).total, idle.total, 'nothing is counted while idle');

  xInput(30);
  xInput(40);
  await until('Fairtime to see the person back', async () => (await h.ask('status')).status.state === 'tracking', 10_000);
  const back = await snapshot();
  const t0 = now();
  await sleep(1500);
  assertNear((await snapshot()).total - back.total, now() - t0, 'counting again after activity');
  await h.ask('setSettings', { settings: { ...settings, idle_seconds: 4 * 3600 } });
  await docs.close();
});

test('withdrawing consent in the options page stops recording at once', async () => {
  const docs = await h.open(site(DOCS));
  const options = await h.backgroundPage('options/options.html');
  await options.locator('#withdraw').click();
  await options.locator('#consent-state[data-consent="none"]').waitFor();
  const withdrawn = await snapshot();
  assert.equal((await h.ask('status')).status.state, 'no_consent');
  assert.equal(await badge(), '!');
  await h.focus(docs);
  await sleep(1500);
  assert.equal((await snapshot()).total, withdrawn.total, 'nothing is counted after withdrawing');
  await options.close();
  await docs.close();
});

test('days older than the retention limit are deleted when the worker starts', async () => {
  const page = await h.storagePage();
  const old = { v: 1, d: { ms: 60_000, categories: { work: { ms: 60_000 } } } };
  // With the index as Fairtime keeps it (no day before its first): the
  // waking worker deletes the expired day without reading it.
  await page.evaluate(async (old) => {
    const { index } = await chrome.storage.local.get('index');
    await chrome.storage.local.set({ 'day:2020-01-06': old, index: { v: 1, d: { ...index.d, first: '2020-01-06' } } });
  }, old);
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, retention_days: 30 } });
  await h.stopWorker();
  await h.worker(); // a new worker reads storage and prunes
  await until('the old day to go', async () => !('day:2020-01-06' in (await h.stored())), 5000);
  const days = Object.keys(await h.stored()).filter((k) => k.startsWith('day:'));
  assert.ok(days.length >= 1, 'today is kept');
});

test('storage never holds a path, a query or a title', async () => {
  const stored = JSON.stringify(await h.stored());
  assert.ok(stored.includes(DOCS), 'the check reads real data');
  for (const secret of [SECRET_PATH, 'salary-review', SECRET_TITLE, 'https://']) {
    assert.ok(!stored.includes(secret), `storage holds "${secret}"`);
  }
});

test('the extension made no network request', async () => {
  const own = (url) => url.startsWith(h.origin) || url.startsWith('data:');
  assert.deepEqual(h.network.filter((r) => !own(r.url)), []);
  assert.ok(h.network.some((r) => own(r.url)), 'the watch saw the extension load its own files');
  // The watch itself works: a request from the worker would be seen.
  const worker = await h.worker();
  await worker.evaluate(() => fetch('https://canary.example/').catch(() => {}));
  await until('the watch to see the canary', async () => h.network.some((r) => r.url === 'https://canary.example/'), 5000);
});
