// The data log as a person sees it: consent through onboarding, a changed
// schedule and an export are listed in the Privacy section, newest first,
// dated in the browser's locale and naming no site, and the export holds
// the same entries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchWithExtension, sleep, until } from './browser.js';

let h;
before(async () => { h = await launchWithExtension(); });
after(async () => { await h?.close(); });

test('consent, a schedule change and an export appear in the Privacy section', async () => {
  const start = Date.now();
  const onboarding = await h.open(h.url('onboarding/onboarding.html#datalog'));
  await onboarding.locator('#week tbody tr').first().waitFor();
  await onboarding.locator('#consent').click();
  await onboarding.locator('#started:not([hidden])').waitFor();
  await onboarding.close();
  // A site in front: its name must not reach the log.
  const docs = await h.open('https://docs.google.com/');
  await h.focus(docs);
  await sleep(1200);

  const options = await h.open(h.url('options/options.html'));
  await options.locator('body[data-ready]').waitFor();
  await options.locator('#datalog li[data-kind="consent_given"]').waitFor();
  const monday = options.locator('#week tr[data-day="mon"]');
  await monday.getByLabel('Monday: ends').last().fill('16:00');
  await options.locator('#save-schedule').click();
  await options.locator('#schedule-status:has-text("Schedule saved")').waitFor();
  const [download] = await Promise.all([options.waitForEvent('download'), options.locator('#export-json').click()]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));

  await until('three entries', async () => (await options.locator('#datalog li').count()) === 3);
  const items = await options.locator('#datalog li').evaluateAll((all) => all.map((li) => ({
    kind: li.dataset.kind,
    text: li.textContent,
    at: Date.parse(li.querySelector('time').dateTime),
    shown: li.querySelector('time').textContent,
    expected: new Intl.DateTimeFormat(chrome.i18n.getMessage('locale'), { dateStyle: 'medium', timeStyle: 'short' })
      .format(Date.parse(li.querySelector('time').dateTime)),
  })));
  assert.deepEqual(items.map((i) => i.kind), ['exported_json', 'schedule_changed', 'consent_given'], 'newest first');
  assert.match(items[0].text, /Everything exported \(JSON\)$/);
  assert.match(items[1].text, /Working hours changed$/);
  assert.match(items[2].text, /Consent given: counting started$/);
  for (const item of items) {
    assert.equal(item.shown, item.expected, 'dated in the browser’s locale');
    assert.ok(item.at >= start - 60_000 && item.at <= Date.now(), `${item.kind} at ${item.at}`);
  }
  assert.ok(!(await options.locator('#datalog').textContent()).includes('docs.google'));
  assert.deepEqual(exported.data_log.map((e) => e.kind), ['consent_given', 'schedule_changed', 'exported_json']);
  assert.ok(!JSON.stringify(exported.data_log).includes('docs.google'));
  await docs.close();
  await options.close();
});

test('in a German browser the log is German, dated the German way', async () => {
  process.env.FAIRTIME_LANG = 'de';
  let de;
  try {
    de = await launchWithExtension();
  } finally {
    delete process.env.FAIRTIME_LANG;
  }
  try {
    await de.ask('giveConsent');
    const options = await de.open(de.url('options/options.html'));
    await options.locator('body[data-ready]').waitFor();
    const item = options.locator('#datalog li[data-kind="consent_given"]');
    await item.waitFor();
    const at = Date.parse(await item.locator('time').getAttribute('datetime'));
    const expected = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short' }).format(at);
    assert.equal(await item.textContent(), `${expected} – Zustimmung gegeben: Zählen begonnen`);
    assert.equal(await options.locator('#datalog-heading').textContent(), 'Was mit Ihren Daten geschah');
  } finally {
    await de.close();
  }
});
