// Firefox parity: the core tracking behaviour of the Chromium tests, in
// Firefox ESR. Tab switches split the time, a terminated background script
// (as after Firefox's idle timeout) loses nothing and counts nothing twice,
// pause and resume from the popup stop and restart the clock, idle stops it,
// the popup shows the split, and the options page saves a schedule. Fairtime's
// pages are read and clicked in background tabs through WebDriver BiDi, so
// the site in front keeps the focus. One browser for the file: the tests are
// steps in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchFirefox } from './firefox.js';
import { startSites } from './sites.js';
import { counted, alwaysWorking } from './counted.js';

const DOCS = 'docs.google.com'; // Work tools
const CODE = 'github.com'; // Development
const VIDEO = 'www.youtube.com'; // Entertainment
const TOLERANCE = 1000; // ms, as in the Chromium tests
const SLACK = 500; // ms, around the bounds of a switch (below)

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => Date.now();

let firefox;
let sites;
/** The tests' own Fairtime page, in a background tab. */
let driver;
/** Window handles of the sites' tabs. */
const tabs = {};
before(async () => {
  sites = await startSites();
  firefox = await launchFirefox({ localDomains: [DOCS, CODE, VIDEO] });
  driver = await firefox.backgroundPage('popup/popup.html');
  const settings = await driver.ask('settings');
  await driver.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
});
after(async () => {
  await firefox?.close();
  await sites?.close();
});

const snapshot = async () => {
  const stored = await driver.stored();
  const at = now();
  return { ...counted(stored, at), at };
};
const delta = (from, to, domain) => (to.domains[domain] ?? 0) - (from.domains[domain] ?? 0);
function assertNear(actual, expected, what) {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE,
    `${what}: counted ${actual} ms, expected ${expected} ms (± ${TOLERANCE})`);
}

/** The site in front now (the last `front`). */
let inFront = null;

/**
 * Brings the site's tab to the front (opening it the first time) and waits
 * until Fairtime counts it: the switch happened, for Fairtime, between
 * `before` and `after`. On a loaded machine the browser may take a while to
 * report it; the bounds widen by that much, and no more.
 */
async function front(host) {
  const before = now();
  if (tabs[host]) {
    await firefox.switchTo(tabs[host]);
  } else {
    tabs[host] = await firefox.newTab();
    await firefox.goto(`https://${host}:${sites.port}/parity`);
  }
  let status;
  for (let i = 0; i < 200; i++) {
    ({ status } = await driver.ask('status'));
    if (status.state === 'tracking' && status.domain === host) break;
    await sleep(25);
  }
  assert.deepEqual([status.state, status.domain], ['tracking', host]);
  inFront = host;
  return { before, after: now() };
}

/** What was in front from a snapshot on: each site's least and most time. */
class Timeline {
  constructor(start) { this.start = start.at; this.spans = [{ host: inFront, before: start.at, after: start.at }]; }
  async front(host) { this.spans.push({ host, ...(await front(host)) }); }
  bounds(end) {
    const spans = [...this.spans, { before: end.at, after: end.at }];
    const out = {};
    for (let i = 0; i + 1 < spans.length; i++) {
      if (!spans[i].host) continue;
      const b = (out[spans[i].host] ??= { min: 0, max: 0 });
      b.min += Math.max(0, spans[i + 1].before - spans[i].after);
      b.max += spans[i + 1].after - spans[i].before;
    }
    return out;
  }
  /** Each site counted within its bounds, and all of them no more than the time that passed. */
  check(from, to) {
    const bounds = this.bounds(to);
    const said = JSON.stringify({ bounds, counted: to.domains });
    let least = 0;
    for (const [host, { min, max }] of Object.entries(bounds)) {
      const got = delta(from, to, host);
      assert.ok(got >= min - SLACK, `${host}: counted ${got} ms, at least ${min} ms were in front (${said})`);
      assert.ok(got <= max + SLACK, `${host}: counted ${got} ms, at most ${max} ms were in front (${said})`);
      least += min;
    }
    const total = to.total - from.total;
    assert.ok(total >= least - SLACK && total <= (to.at - this.start) + SLACK,
      `all sites: counted ${total} ms in ${to.at - this.start} ms (${said})`);
  }
}

/** Waits for the popup's state (in its background tab) to be `state`; answers its text. */
const popupState = (popup, state) => popup.run(`
  for (let i = 0; i < 200 && document.getElementById('state').dataset.state !== args[0]; i++) await new Promise((r) => setTimeout(r, 50));
  return { state: document.getElementById('state').dataset.state, text: document.getElementById('state').textContent };`, state);

test('Firefox: switching tabs splits the time between categories', async () => {
  const start = await snapshot();
  const timeline = new Timeline(start);
  await timeline.front(DOCS);
  await sleep(2000);
  await timeline.front(CODE);
  await sleep(1500);
  await timeline.front(VIDEO);
  await sleep(1500);
  await timeline.front(DOCS);
  await sleep(1500);
  timeline.check(start, await snapshot());
});

test('Firefox: a terminated background script loses no time and counts none twice', async () => {
  const start = await snapshot();
  const timeline = new Timeline(start);
  await timeline.front(CODE);
  await sleep(1000);
  assert.equal(await firefox.terminateBackground(), 'stopped');
  await sleep(1500); // counting on while it is stopped: the core works from timestamps
  await timeline.front(DOCS); // a tab event wakes it
  await sleep(1000);
  assert.equal(await firefox.terminateBackground(), 'stopped');
  await sleep(1000);
  assert.equal(await firefox.terminateBackground(), 'stopped', 'terminating a stopped background changes nothing');
  await timeline.front(CODE);
  await sleep(1500);
  assert.equal(await firefox.terminateBackground(), 'stopped');
  const end = await snapshot(); // read without waking it
  assert.equal(await firefox.backgroundState(), 'stopped', 'reading storage does not wake the background');
  timeline.check(start, end);
  // Woken by a message, it goes on from its stored cursor, nothing more.
  const { status } = await driver.ask('status');
  assert.deepEqual([status.state, status.domain], ['tracking', CODE]);
  timeline.check(start, await snapshot());
});

test('Firefox: pause in the popup stops the clock, resume starts it again', async () => {
  await front(DOCS);
  const popup = await firefox.backgroundPage('popup/popup.html');
  const tracking = await popupState(popup, 'tracking');
  assert.equal(tracking.text, `counting ${DOCS} as Work tools`);
  const said = await popup.run(`
    document.querySelector('#pause [data-minutes="5"]').click();
    for (let i = 0; i < 200 && document.getElementById('state').dataset.state !== 'paused'; i++) await new Promise((r) => setTimeout(r, 50));
    return { state: document.getElementById('state').dataset.state, resume: !document.getElementById('resume').hidden };`);
  assert.deepEqual(said, { state: 'paused', resume: true });
  const { status } = await driver.ask('status');
  assert.equal(status.state, 'paused');
  assert.ok(Math.abs(status.until - (now() + 5 * 60_000)) < 10_000, `paused until ${new Date(status.until).toISOString()}`);
  const paused = await snapshot();
  await sleep(2000);
  assert.equal((await snapshot()).total, paused.total, 'nothing is counted while paused');

  const resumed = await popup.run(`
    document.getElementById('resume').click();
    for (let i = 0; i < 200 && document.getElementById('state').dataset.state !== 'tracking'; i++) await new Promise((r) => setTimeout(r, 50));
    return { state: document.getElementById('state').dataset.state, resume: !document.getElementById('resume').hidden };`);
  assert.deepEqual(resumed, { state: 'tracking', resume: false });
  const back = await snapshot();
  const t0 = now();
  await sleep(1500);
  assertNear(delta(back, await snapshot(), DOCS), now() - t0, 'counting again after resume');
  await popup.close();
});

test("Firefox: the popup shows today's split, worked time and top sites from the core", async () => {
  await front(CODE);
  await sleep(500);
  const popup = await firefox.backgroundPage('popup/popup.html');
  // The site in front is still counted while the popup draws: read the core
  // just before and just after it.
  const before_ = await driver.ask('today');
  const shown = await popup.run(`
    for (let i = 0; i < 200 && !document.body.dataset.rendered; i++) await new Promise((r) => setTimeout(r, 50));
    return {
      legend: Object.fromEntries([...document.querySelectorAll('#legend li')].map((li) => [li.dataset.category, Number(li.dataset.seconds)])),
      segments: document.querySelectorAll('#chart svg[role="img"] circle[data-category]').length,
      worked: Number(document.getElementById('worked').dataset.seconds),
      domains: Object.fromEntries([...document.querySelectorAll('#domain-list li')].map((li) => [li.dataset.domain, Number(li.dataset.seconds)])),
    };`);
  const after_ = await driver.ask('today');
  const seconds = (today, id) => today.categories.find((c) => c.id === id)?.seconds ?? 0;
  for (const category of ['work', 'development', 'entertainment']) {
    assert.ok(shown.legend[category] >= 1, `${category} has time: ${JSON.stringify(shown)}`);
    assert.ok(shown.legend[category] >= seconds(before_, category) && shown.legend[category] <= seconds(after_, category),
      `${category}: the popup shows ${shown.legend[category]} s, the core ${seconds(before_, category)}..${seconds(after_, category)} s`);
  }
  assert.equal(shown.segments, after_.categories.length);
  assert.ok(shown.worked >= before_.work_seconds && shown.worked <= after_.work_seconds);
  for (const host of [DOCS, CODE, VIDEO]) assert.ok(shown.domains[host] >= 1, `${host} is among the top sites`);
  // And it agrees with what is stored, to the second.
  const stored = await snapshot();
  assert.ok(Math.abs(stored.categories.work / 1000 - shown.legend.work) <= 1, `${stored.categories.work} ms stored, ${shown.legend.work} s shown`);
  await popup.close();
});

test("Firefox: idle stops the clock, and the person's input starts it again", async () => {
  // Firefox reads idle time from the X server (the XScreenSaver extension;
  // its minimum threshold is 15 s): the test display has had no input since
  // the last xdotool move, and a pointer move anywhere on it is input again.
  const xInput = (x) => execFileSync('xdotool', ['mousemove', String(x), String(x)]);
  await front(DOCS);
  const settings = await driver.ask('settings');
  await driver.ask('setSettings', { settings: { ...settings, idle_seconds: 15 } });
  const waited = now();
  let state;
  for (;;) {
    state = (await driver.ask('status')).status.state;
    if (state === 'idle' || now() - waited > 60_000) break;
    await sleep(250);
  }
  assert.equal(state, 'idle', 'Firefox reports the person idle after 15 s without input');
  const idle = await snapshot();
  await sleep(2000);
  assert.equal((await snapshot()).total, idle.total, 'nothing is counted while idle');

  xInput(300);
  xInput(400);
  for (const end = now() + 15_000; now() < end;) {
    state = (await driver.ask('status')).status.state;
    if (state === 'tracking') break;
    await sleep(100);
  }
  assert.equal(state, 'tracking', 'input makes the person active again');
  const back = await snapshot();
  const t0 = now();
  await sleep(1500);
  assertNear((await snapshot()).total - back.total, now() - t0, 'counting again after input');
  await driver.ask('setSettings', { settings: { ...settings, idle_seconds: 4 * 3600 } });
});

test('Firefox: the options page saves the schedule from its form', async () => {
  const options = await firefox.backgroundPage('options/options.html');
  const saved = await options.run(`
    const wait = async (ok) => { for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 50)); return ok(); };
    const set = (input, value) => { input.value = value; input.dispatchEvent(new Event('input', { bubbles: true })); input.dispatchEvent(new Event('change', { bubbles: true })); };
    const byLabel = (root, label) => [...root.querySelectorAll('[aria-label]')].filter((e) => e.getAttribute('aria-label').includes(label));
    await wait(() => document.body.dataset.ready);
    const monday = document.querySelector('#week tr[data-day="mon"]');
    // Monday: two intervals instead of the whole day.
    monday.querySelector('.interval button').click();
    const off = !monday.querySelector('.day-off-note').hidden;
    monday.querySelector('button.add').click();
    set(byLabel(monday, 'Monday: starts').at(-1), '09:00');
    set(byLabel(monday, 'Monday: ends').at(-1), '12:00');
    monday.querySelector('button.add').click();
    set(byLabel(monday, 'Monday: starts').at(-1), '13:00');
    set(byLabel(monday, 'Monday: ends').at(-1), '17:30');
    // Sunday off, a coffee break on Tuesdays, a day off, away after 5 minutes.
    document.querySelector('#week tr[data-day="sun"] .interval button').click();
    document.getElementById('add-break').click();
    const coffee = document.querySelector('#breaks li:last-child');
    set(byLabel(coffee, 'Name of the break')[0], 'Coffee');
    set(byLabel(coffee, 'Break starts')[0], '10:00');
    set(byLabel(coffee, 'Break ends')[0], '10:15');
    for (const box of coffee.querySelectorAll('.days input')) if (box.value !== 'tue') box.click();
    set(document.getElementById('day-off-date'), '2026-12-24');
    document.getElementById('add-day-off').click();
    set(document.getElementById('idle-minutes'), '5');
    document.getElementById('save-schedule').click();
    await wait(() => document.getElementById('schedule-status').textContent.includes('Schedule saved'));
    return {
      off,
      status: document.getElementById('schedule-status').textContent,
      error: document.getElementById('schedule-error').textContent,
      chip: document.querySelectorAll('#days-off li[data-date="2026-12-24"]').length,
    };`);
  assert.deepEqual({ ...saved, status: saved.status.includes('Schedule saved') }, { off: true, status: true, error: '', chip: 1 });
  const { schedule, idle_seconds } = await driver.ask('settings');
  assert.deepEqual(schedule.hours.mon, ['09:00-12:00', '13:00-17:30']);
  assert.deepEqual(schedule.hours.tue, ['00:00-24:00'], 'a day to midnight stays one');
  assert.equal(schedule.hours.sun, undefined, 'Sunday is not a working day');
  assert.deepEqual(schedule.breaks, [{ name: 'Coffee', days: ['tue'], time: '10:00-10:15' }]);
  assert.deepEqual(schedule.days_off, ['2026-12-24']);
  assert.equal(idle_seconds, 300);
  await options.close();
});
