// Stored data Fairtime cannot read (here: settings from a newer Fairtime)
// is set aside unchanged, never lost: the popup says so, the options page
// lists it with the reason, the export carries it, and the person deletes it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, until } from './browser.js';
import { audit } from './audit.js';

let h;
after(async () => { await h?.close(); });

const NEWER = { v: 99, d: { from: 'a newer Fairtime' } };

test('unreadable settings are set aside, shown with the reason, exported and deletable', async () => {
  h = await launchWithExtension();
  await h.ask('giveConsent');
  const driver = await h.storagePage();
  await driver.evaluate((value) => chrome.storage.local.set({ settings: value }), NEWER);
  // A new worker reads storage afresh.
  await h.stopWorker();
  await h.wake();
  const aside = await until('the settings to be set aside', async () => {
    const stored = await h.stored();
    const key = Object.keys(stored).find((k) => /^damaged:\d+:settings$/.test(k));
    return key && { key, value: stored[key], stored };
  });
  assert.deepEqual(aside.value.value, NEWER, 'kept exactly as it was stored');
  assert.match(aside.value.reason, /^A newer Fairtime wrote the stored settings \(format 99; this one reads up to 2\)/);
  assert.equal(aside.stored.settings, undefined, 'the unreadable value is no longer where it was read from');

  const popup = await h.backgroundPage('popup/popup.html');
  await popup.locator('body[data-rendered]').waitFor();
  assert.equal(await popup.locator('#set-aside-notice').isVisible(), true);
  assert.match(await popup.locator('#set-aside-notice a').getAttribute('href'), /options\.html#set-aside-heading$/);

  const options = await h.backgroundPage('options/options.html');
  await options.locator('body[data-ready]').waitFor();
  const item = options.locator(`#set-aside-list li[data-key="${aside.key}"]`);
  await item.waitFor();
  assert.equal(await item.locator('strong').textContent(), 'Settings');
  assert.equal(await item.locator('.reason').textContent(), aside.value.reason);
  assert.deepEqual(await audit(options), [], 'the list passes the accessibility audit');
  assert.deepEqual(await audit(popup), [], 'the notice passes the accessibility audit');

  const exported = JSON.parse((await h.ask('exportJson')).text);
  assert.deepEqual(exported.set_aside, { [aside.key]: aside.value });
  // An export with values set aside still imports (they are left out).
  assert.ok(Array.isArray((await h.ask('previewImport', { text: JSON.stringify(exported) })).changes));

  await item.getByRole('button', { name: 'Delete the set-aside Settings' }).click();
  await options.locator('#confirm[open]').waitFor();
  await options.locator('#confirm-ok').click();
  await options.locator('#set-aside').waitFor({ state: 'hidden' });
  const stored = await h.stored();
  assert.equal(stored[aside.key], undefined);
  assert.equal(Object.keys(stored).some((k) => k.startsWith('damaged:')), false);
  await popup.reload();
  await popup.locator('body[data-rendered]').waitFor();
  assert.equal(await popup.locator('#set-aside-notice').isVisible(), false);
});
