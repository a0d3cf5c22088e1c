// Sync between two Chromium profiles (two browsers with their own user data
// directories). The test plays the browser's sync service: it copies one
// profile's storage.sync contents into the other's, which the receiving
// worker hears through storage.sync's change event, as it would from Chrome
// Sync. Everything the person does is done on Fairtime's own pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, popupSeconds, sleep, until } from './browser.js';
import { alwaysWorking, counted } from './counted.js';
import { audit } from './audit.js';

let a;
let b;
const QUOTA_BYTES = 102_400;

before(async () => {
  [a, b] = await Promise.all([launchWithExtension(), launchWithExtension()]);
  for (const h of [a, b]) {
    const settings = await h.ask('settings');
    await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  }
});
after(async () => { await Promise.all([a?.close(), b?.close()]); });

/** Everything in the profile's storage.sync. */
async function synced(h) {
  return (await h.storagePage()).evaluate(() => chrome.storage.sync.get(null));
}

/** What Chrome Sync would do: the other profile's items written into this one's storage.sync. */
async function deliver(from, to) {
  const items = await synced(from);
  await (await to.storagePage()).evaluate((values) => chrome.storage.sync.set(values), items);
  return items;
}

/** Counts `host` in front for about `ms`, then puts the options page in front (nothing more counts). */
async function visit(h, host, ms) {
  const page = await h.open(`https://${host}/`);
  await h.focus(page);
  await sleep(ms);
  const options = await h.open(h.url('options/options.html'));
  await h.focus(options);
  await options.locator('body[data-ready]').waitFor();
  return options;
}

/** The person turns sync on in the Sync section: the preview first, then the confirmation. */
async function turnOn(options, { domains = false } = {}) {
  await options.locator('#sync-on').click();
  await options.locator('#sync-preview:not([hidden])').waitFor();
  if (domains) await options.getByLabel(/Also sync site names/).check();
  await options.locator('#sync-confirm').click();
  await options.locator('#sync-details:not([hidden])').waitFor();
}

const own = (figures) => figures.categories;
let first;
let second;

test('sync is off by default, and nothing is written to storage.sync before the person confirms', async () => {
  first = await visit(a, 'docs.google.com', 2000);
  assert.equal(await first.locator('#sync-on').isChecked(), false);
  assert.equal(await first.locator('#sync-details').isHidden(), true);
  assert.deepEqual(await synced(a), {}, 'nothing synced while sync is off');

  await first.locator('#sync-on').click();
  const preview = first.locator('#sync-preview');
  await preview.waitFor();
  const sentences = await first.locator('#sync-preview-list li').allTextContents();
  assert.ok(sentences.length >= 2 && sentences.every((s) => s.trim().length > 10), JSON.stringify(sentences));
  assert.ok(Number(await preview.getAttribute('data-bytes')) > 0, 'the preview says about how many bytes');
  assert.equal(await first.locator('#sync-on').isChecked(), false, 'not on before the confirmation');
  assert.equal(await first.locator('#sync-confirm').evaluate((button) => button === document.activeElement), true);
  for (const theme of ['light', 'dark']) {
    await first.emulateMedia({ colorScheme: theme });
    assert.deepEqual(await audit(first), [], `the Sync preview, ${theme} theme`);
  }
  await first.emulateMedia({ colorScheme: 'light' });
  await sleep(500);
  assert.deepEqual(await synced(a), {}, 'the preview writes nothing');

  await first.locator('#sync-cancel').click();
  assert.equal(await preview.isHidden(), true);
  assert.deepEqual(await synced(a), {}, 'cancelling writes nothing');
  assert.equal((await a.ask('syncView')).on, false);

  await turnOn(first);
  const items = await until('the first write to storage.sync', async () => {
    const now = await synced(a);
    return Object.keys(now).some((key) => key.startsWith('t')) && now;
  });
  for (const [key, value] of Object.entries(items)) {
    assert.equal(typeof value, 'string', `${key} is stored as a string`);
    assert.ok(key.startsWith('t') || key.startsWith('s:'), `${key} is one of Fairtime's keys`);
  }
  assert.ok(!JSON.stringify(items).includes('google'), 'no site names without "also sync site names"');
  const view = await a.ask('syncView');
  assert.equal(view.on, true);
  assert.ok(view.device.id.match(/^[0-9a-f]{16}$/), view.device.id);
  assert.ok(view.bytesInUse > 0 && view.bytesInUse < view.quotaBytes, JSON.stringify(view));
  assert.match(await first.locator('#sync-devices [data-this-device]').textContent(), /Chromium on Linux/);
});

test('the second browser shows the summed totals, without counting anything twice', async () => {
  second = await visit(b, 'www.youtube.com', 2000);
  await turnOn(second, { domains: true });
  await until('the second browser to write', async () => Object.keys(await synced(b)).some((key) => key.startsWith('t')));
  const [ownA, ownB] = [counted(await a.stored()), counted(await b.stored())];
  assert.ok(ownA.categories.work >= 1000 && ownB.categories.entertainment >= 1000, JSON.stringify([ownA, ownB]));
  assert.equal(ownA.categories.entertainment, undefined);
  assert.equal(ownB.categories.work, undefined);

  await deliver(a, b);
  const expected = { work: Math.floor(ownA.categories.work / 1000), entertainment: Math.floor(ownB.categories.entertainment / 1000) };
  const summed = await until('the first browser\'s time in the second\'s popup', async () => {
    const seconds = await popupSeconds(b);
    return seconds.work !== undefined && seconds;
  });
  for (const [category, seconds] of Object.entries(expected)) {
    assert.ok(Math.abs(summed[category] - seconds) <= 1, `${category}: ${summed[category]} s, expected ${seconds} s`);
  }
  // Its own days are its own: the other browser's time is kept apart, not counted into them.
  assert.deepEqual(own(counted(await b.stored())), own(ownB));
  // Kept in this browser too, and shown in words in the list of everything stored.
  await second.locator('#stored summary', { hasText: "Another browser's totals of" }).first().waitFor();

  // The sync service may deliver the same data again: nothing changes.
  await deliver(a, b);
  await sleep(1000);
  assert.deepEqual(await popupSeconds(b), summed);
  assert.deepEqual(own(counted(await b.stored())), own(ownB));

  // And the other way round.
  await deliver(b, a);
  const back = await until('the second browser\'s time in the first\'s popup', async () => {
    const seconds = await popupSeconds(a);
    return seconds.entertainment !== undefined && seconds;
  });
  assert.deepEqual(back, summed);
  await deliver(b, a);
  await sleep(1000);
  assert.deepEqual(await popupSeconds(a), summed);

  // Both browsers are listed in each, this one marked.
  await until('both browsers in the list', async () => (await second.locator('#sync-devices tbody tr').count()) === 2);
  assert.match(await second.locator('#sync-devices [data-this-device]').textContent(), /this browser/);
});

test('a rule added on the second browser flows back to the first', async () => {
  const earlier = JSON.stringify(await synced(b));
  await second.locator('#new-rule-pattern').fill('intranet.example.org');
  await second.locator('#new-rule-category').selectOption('work');
  await second.locator('#add-rule button[type=submit]').click();
  await second.locator('#rule-list tr[data-pattern="intranet.example.org"]').waitFor();
  await until('the rules written to storage.sync', async () => {
    const now = await synced(b);
    return JSON.stringify(now) !== earlier && Object.keys(now).some((key) => key.startsWith('s:'));
  });

  await deliver(b, a);
  await until('the rule on the first browser', async () =>
    (await a.ask('rules')).rules.some((rule) => rule.pattern === 'intranet.example.org' && rule.category === 'work'));
  // The person opens the settings again: the rule is listed.
  await first.reload();
  await first.locator('body[data-ready]').waitFor();
  await first.locator('#rule-list tr[data-pattern="intranet.example.org"]').waitFor();
});

test('"this device keeps its own hours": the other browser\'s hours are not applied, its other settings are', async () => {
  await second.bringToFront();
  await second.getByLabel('This device keeps its own hours').check();
  await second.locator('#sync-status').filter({ hasText: 'own working hours' }).waitFor();
  assert.equal((await b.ask('syncView')).ownHours, true);
  const hoursBefore = (await b.ask('settings')).schedule.hours;

  // On the first browser the person takes a day off the week (not today) and sets the away time.
  const day = new Date().getDay() === 0 ? 'sat' : 'sun';
  const earlier = JSON.stringify(await synced(a));
  await first.bringToFront();
  await first.locator(`#week tr[data-day="${day}"]`).getByRole('button', { name: /Remove this interval/ }).click();
  await first.locator('#idle-minutes').fill('7');
  await first.locator('#save-schedule').click();
  await first.locator('#schedule-status:has-text("Schedule saved")').waitFor();
  assert.equal((await a.ask('settings')).schedule.hours[day], undefined);
  await until('the settings written to storage.sync', async () => JSON.stringify(await synced(a)) !== earlier);

  await deliver(a, b);
  await until('the away time on the second browser', async () => (await b.ask('settings')).idle_seconds === 420);
  assert.deepEqual((await b.ask('settings')).schedule.hours, hoursBefore, 'this browser keeps its own hours');
});

test('a quota error is shown in words in the Sync section, and nothing stored locally is lost', async () => {
  const before = await a.stored();
  const days = Object.fromEntries(Object.entries(before).filter(([key]) => key.startsWith('day:')));
  // Someone else's data fills the browser's sync storage almost to its quota.
  const used = await (await a.storagePage()).evaluate(() => chrome.storage.sync.getBytesInUse(null));
  // Each item costs its key's length and its value's as JSON, as the browser counts.
  const filler = {};
  let room = QUOTA_BYTES - used - 2;
  for (let i = 0; room > 0; i++) {
    const key = `other-extension-${String(i).padStart(2, '0')}`;
    const size = Math.min(8000, room - key.length - 2);
    if (size <= 0) break;
    filler[key] = 'x'.repeat(size);
    room -= key.length + size + 2;
  }
  await (await a.storagePage()).evaluate((values) => chrome.storage.sync.set(values), filler);

  // The person renames this browser: the new name is due in storage.sync at once.
  await first.bringToFront();
  await first.locator('#sync-name').fill('Work laptop in the office upstairs');
  await first.locator('#sync-name-form button[type=submit]').click();
  // Written at once, or (if the last write was seconds ago) when the sync alarm fires.
  const error = await until('the error in the Sync section', async () => {
    const text = await first.locator('#sync-error').textContent();
    return text.trim().length > 0 && text;
  }, 90_000);
  assert.doesNotMatch(error, /kQuota|Resource::|QUOTA_BYTES/, 'said in words, not in the browser\'s code');
  const view = await a.ask('syncView');
  assert.ok(view.error && view.error.retryAt > Date.now(), JSON.stringify(view.error));
  assert.match(error, /sync storage is full.*kept on this device.*tries again/, 'what happened, that nothing is lost, and when it retries');
  assert.equal(view.device.name, 'Work laptop in the office upstairs', 'the name is kept in this browser');

  const after = await a.stored();
  for (const [key, value] of Object.entries(days)) assert.deepEqual(after[key], value, `${key} is untouched`);
  assert.deepEqual(own(counted(after)), own(counted(before)));
  assert.equal(await first.locator('#sync-error').getAttribute('role'), 'alert');
  for (const theme of ['light', 'dark']) {
    await first.emulateMedia({ colorScheme: theme });
    assert.deepEqual(await audit(first), [], `the Sync section with an error, ${theme} theme`);
  }
  await (await a.storagePage()).evaluate((keys) => chrome.storage.sync.remove(keys), Object.keys(filler));
});

test('withdrawing consent stops sync writes', async () => {
  await second.bringToFront();
  await second.locator('#withdraw').click();
  await second.locator('#consent-state[data-consent="none"]').waitFor();
  const kept = JSON.stringify(await synced(b));
  await second.locator('#new-rule-pattern').fill('unconsented.example.org');
  await second.locator('#new-rule-category').selectOption('work');
  await second.locator('#add-rule button[type=submit]').click();
  await second.locator('#rule-list tr[data-pattern="unconsented.example.org"]').waitFor();
  await second.locator('#sync-name').fill('Desk');
  await second.locator('#sync-name-form button[type=submit]').click();
  await second.locator('#sync-status').filter({ hasText: 'Desk' }).waitFor();
  await sleep(1500);
  assert.equal(JSON.stringify(await synced(b)), kept, 'nothing written without consent');
  const settings = await b.ask('settings');
  await b.ask('giveConsent', { settings });
});

test('turning sync off stops writing at once and offers to remove this browser\'s synced copy', async () => {
  await second.bringToFront();
  await second.locator('#sync-on').click();
  await second.locator('#sync-offer:not([hidden])').waitFor();
  assert.equal((await b.ask('syncView')).on, false);
  const kept = await synced(b);
  // A rule edited after sync is off stays in this browser.
  await second.locator('#new-rule-pattern').fill('offline.example.org');
  await second.locator('#new-rule-category').selectOption('work');
  await second.locator('#add-rule button[type=submit]').click();
  await second.locator('#rule-list tr[data-pattern="offline.example.org"]').waitFor();
  await sleep(1000);
  assert.deepEqual(await synced(b), kept, 'nothing written after sync was turned off');

  await second.locator('#sync-remove').click();
  await second.locator('#sync-offer[hidden]').waitFor({ state: 'attached' });
  const left = await synced(b);
  const { id } = (await b.ask('syncView')).device;
  assert.ok(Object.keys(left).every((key) => !key.includes(id)), `this browser's keys are gone: ${Object.keys(left)}`);
  assert.ok(Object.keys(left).some((key) => key.startsWith('t')), 'the first browser\'s copy stays');
});

test('"Delete everything" removes this browser\'s synced keys, and every browser\'s if the person ticks it', async () => {
  const { id } = (await a.ask('syncView')).device;
  const fairtime = (items) => Object.keys(items).filter((key) => key.startsWith('t') || key.startsWith('s:'));
  const others = fairtime(await synced(a)).filter((key) => !key.includes(id));
  assert.ok(others.length > 0 && fairtime(await synced(a)).some((key) => key.includes(id)));
  await first.bringToFront();
  await first.locator('#delete-all').click();
  const choice = first.getByLabel(/Also remove the synced data of all my other browsers/);
  await choice.waitFor();
  assert.equal(await choice.isChecked(), false);
  assert.match(await first.locator('#confirm-text').textContent(), /synced copy is removed/);
  await first.locator('#confirm-ok').click();
  await first.locator('#delete-status').filter({ hasText: 'deleted' }).waitFor();
  assert.deepEqual(fairtime(await synced(a)).sort(), others.sort(), 'only this browser\'s keys are gone');
  assert.equal((await a.ask('syncView')).on, false);
  assert.equal(await first.locator('#sync-on').isChecked(), false);

  await first.locator('#delete-all').click();
  await choice.check();
  await first.locator('#confirm-ok').click();
  await until('every Fairtime key to be gone', async () => fairtime(await synced(a)).length === 0);
});
