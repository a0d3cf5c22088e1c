// Across browser vendors, which cannot share storage.sync: a Fairtime export
// from Firefox merged into a Chromium profile through the Data section's
// "Merge another browser's export". The preview says what is added before
// anything is written; merging the same export again changes nothing; a bad
// file says why and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, popupSeconds, sleep, until } from './browser.js';
import { launchFirefox } from './firefox.js';
import { startSites } from './sites.js';
import { alwaysWorking, counted } from './counted.js';
import { audit } from './audit.js';

let firefox;
let sites;
let h;
let exported;
let firefoxMs;
let page;
let summed;

before(async () => {
  sites = await startSites();
  [firefox, h] = await Promise.all([launchFirefox({ localDomains: ['docs.google.com'] }), launchWithExtension()]);
});
after(async () => {
  await firefox?.close();
  await sites?.close();
  await h?.close();
});

/** storage.local without what changes with every event (the cursor) and the log of actions. */
async function kept() {
  const stored = await h.stored();
  delete stored.cursor;
  delete stored.datalog;
  return stored;
}

/** The person picks a file in the Data section's merge field. */
async function pick(page, name, text) {
  await page.locator('#merge-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('Firefox counts a site and exports everything as JSON', async () => {
  await firefox.goto(firefox.url('options/options.html'));
  const options = await firefox.session('GET', '/window');
  const settings = await firefox.ask('settings');
  await firefox.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  await firefox.newTab();
  await firefox.goto(`https://docs.google.com:${sites.port}/`);
  await sleep(2500);
  await firefox.switchTo(options);
  await sleep(300);
  // The Data section's export, as its button asks for it.
  const file = await firefox.ask('exportJson');
  exported = file.text;
  firefoxMs = counted(await firefox.run('done(await browser.storage.local.get(null));')).categories.work;
  assert.ok(firefoxMs >= 1000, `Firefox counted ${firefoxMs} ms`);
  assert.ok(JSON.parse(exported), 'the export is JSON');
});

test('Firefox turns sync on from its Sync section and names itself', async () => {
  await firefox.goto(firefox.url('options/options.html'));
  const result = await firefox.run(`
    const wait = async (probe) => { for (let i = 0; i < 200 && !probe(); i++) await new Promise((r) => setTimeout(r, 50)); return probe(); };
    await wait(() => document.body.dataset.ready);
    const before = await browser.storage.sync.get(null);
    document.getElementById('sync-on').click();
    await wait(() => !document.getElementById('sync-preview').hidden);
    const preview = document.getElementById('sync-preview-list').children.length;
    document.getElementById('sync-confirm').click();
    await wait(() => !document.getElementById('sync-details').hidden);
    await wait(() => document.querySelector('#sync-devices [data-this-device]'));
    let keys = [];
    for (let i = 0; i < 100 && keys.length === 0; i++) {
      keys = Object.keys(await browser.storage.sync.get(null)).filter((k) => k.startsWith('t:'));
      await new Promise((r) => setTimeout(r, 50));
    }
    done({ before: Object.keys(before).length, preview, keys: keys.length,
      name: document.querySelector('#sync-devices [data-this-device] th').textContent });`);
  assert.deepEqual(result, { before: 0, preview: result.preview, keys: result.keys, name: 'Firefox on Linux (this browser)' });
  assert.ok(result.preview >= 2 && result.keys >= 1, JSON.stringify(result));
});

test('a Firefox export merged into Chromium: previewed, then added to the totals, and merging it again changes nothing', async () => {
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  const site = await h.open('https://github.com/');
  await h.focus(site);
  await sleep(2000);
  page = await h.open(h.url('options/options.html'));
  await h.focus(page);
  await page.locator('body[data-ready]').waitFor();
  const ownMs = counted(await h.stored()).categories.development;
  assert.ok(ownMs >= 1000, `Chromium counted ${ownMs} ms`);
  const alone = await popupSeconds(h);
  assert.equal(alone.work, undefined);

  // Bad files: the reason in words, nothing changed.
  const untouched = await kept();
  await pick(page, 'notes.json', 'this is not JSON');
  await until('the refusal', async () => (await page.locator('#data-error').textContent()).trim().length > 0);
  assert.equal(await page.locator('#merge-preview').isHidden(), true);
  await pick(page, 'other.json', JSON.stringify({ hello: 'world' }));
  const refused = await until('the core\'s refusal', async () => {
    const text = await page.locator('#data-error').textContent();
    return text.includes('merged') && !text.includes('JSON') && text;
  });
  assert.match(refused, /not merged, nothing changed: \S/);
  assert.equal(await page.locator('#merge-preview').isHidden(), true);
  assert.deepEqual(await kept(), untouched);

  // The export: a preview of days, categories and hours first, nothing written yet.
  await pick(page, 'fairtime-firefox.json', exported);
  const preview = page.locator('#merge-preview');
  await preview.waitFor();
  assert.equal(await page.locator('#data-error').textContent(), '');
  assert.equal(await preview.getAttribute('data-days'), '1');
  assert.ok(Number(await preview.getAttribute('data-categories')) >= 1);
  const hours = Number(await preview.getAttribute('data-hours'));
  // In hundredths of an hour.
  assert.ok(Math.abs(hours * 3_600_000 - firefoxMs) <= 36_000, `${hours} h previewed, ${firefoxMs} ms counted`);
  assert.ok((await page.locator('#merge-changes li').count()) >= 1);
  assert.equal(await page.locator('#merge-apply').evaluate((button) => button === document.activeElement), true);
  for (const theme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: theme });
    assert.deepEqual(await audit(page), [], `the merge preview, ${theme} theme`);
  }
  assert.deepEqual(await kept(), untouched, 'the preview writes nothing');
  await page.locator('#merge-apply').click();
  await until('the merge to be done', async () => (await page.locator('#data-status').textContent()).length > 0);

  summed = await popupSeconds(h);
  assert.ok(Math.abs(summed.work - Math.floor(firefoxMs / 1000)) <= 1, `work: ${summed.work} s, Firefox counted ${firefoxMs} ms`);
  assert.ok(Math.abs(summed.development - Math.floor(ownMs / 1000)) <= 1, `development: ${summed.development} s`);
  assert.equal(counted(await h.stored()).categories.development, ownMs, 'this browser\'s own days are its own');

  // The same export again: the preview says nothing is new, and merging it changes nothing.
  const merged = await kept();
  await pick(page, 'fairtime-firefox.json', exported);
  await preview.waitFor();
  assert.equal(await preview.getAttribute('data-days'), '0');
  await page.locator('#merge-apply').click();
  await sleep(1000);
  assert.deepEqual(await kept(), merged);
  assert.deepEqual(await popupSeconds(h), summed);
});

test("this browser's own export merged after \"Delete everything\" brings its totals back", async () => {
  const backup = await h.ask('exportJson'); // what the Data section's export button saves
  await page.bringToFront();
  await page.locator('#delete-all').click();
  await page.locator('#confirm-ok').click();
  await page.locator('#delete-status').filter({ hasText: 'deleted' }).waitFor();
  assert.deepEqual(await popupSeconds(h), {});

  await pick(page, 'fairtime-backup.json', backup.text);
  const preview = page.locator('#merge-preview');
  await preview.waitFor();
  assert.ok(Number(await preview.getAttribute('data-days')) >= 1);
  await page.locator('#merge-apply').click();
  await until('the merge to be done', async () => (await page.locator('#data-status').textContent()).length > 0);
  assert.deepEqual(await popupSeconds(h), summed);
});
