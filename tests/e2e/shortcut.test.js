// The pause shortcut exists after install: Chromium and Firefox both assign
// the suggested key (a browser leaves it unset when it is one of its own),
// and onboarding and the popup say it as the browser reports it, with the
// way to the browser's shortcut page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { launchWithExtension, until } from './browser.js';
import { launchFirefox } from './firefox.js';
import { alwaysWorking } from './counted.js';

const manifest = JSON.parse(await readFile(new URL('../../manifest.json', import.meta.url), 'utf8'));
const suggested = manifest.commands['pause-toggle'].suggested_key.default;

/** Presses the keys as a person would: X input to the focused window. */
const press = (keys) => execFileSync('xdotool', ['key', '--clearmodifiers', keys.toLowerCase()]);

test('Chromium assigns the pause shortcut on install, it pauses and resumes, and onboarding and the popup say it', async () => {
  const h = await launchWithExtension();
  try {
    const page = await h.storagePage();
    const commands = await page.evaluate(() => chrome.commands.getAll());
    assert.equal(commands.find((c) => c.name === 'pause-toggle')?.shortcut, suggested, JSON.stringify(commands));

    const onboarding = await h.open(h.url('onboarding/onboarding.html'));
    const line = onboarding.locator('#shortcut');
    await line.filter({ hasText: suggested }).waitFor();
    assert.equal(await line.locator('span').textContent(), `Pause or resume with ${suggested}.`);
    // The button opens Chromium's shortcut page, which a link could not.
    await line.getByRole('button', { name: 'Change shortcuts' }).click();
    await until('the shortcut page', async () => h.context.pages().some((p) => p.url() === 'chrome://extensions/shortcuts'));

    // The popup shows it beside the pause buttons, once counting is on.
    const settings = await h.ask('settings');
    await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking() } });
    const popup = await h.backgroundPage('popup/popup.html');
    await popup.locator('#shortcut').filter({ hasText: suggested }).waitFor();

    // Pressed on a site, it pauses; pressed again, it resumes.
    const docs = await h.open('https://docs.google.com/');
    await h.focus(docs);
    await until('counting', async () => (await h.ask('status')).status.state === 'tracking');
    press(suggested);
    await until('the pause', async () => (await h.ask('status')).status.state === 'paused');
    press(suggested);
    await until('counting again', async () => (await h.ask('status')).status.state === 'tracking');

    await popup.close();
  } finally {
    await h.close();
  }
});

test('Firefox assigns the same pause shortcut on install, and it pauses and resumes', async () => {
  const firefox = await launchFirefox({ localDomains: [] });
  try {
    await firefox.goto(firefox.url('onboarding/onboarding.html'));
    const commands = await firefox.run('done(await browser.commands.getAll());');
    assert.equal(commands.find((c) => c.name === 'pause-toggle')?.shortcut, suggested, JSON.stringify(commands));
    const text = await firefox.run(`
      for (let i = 0; i < 100 && !document.getElementById('shortcut').dataset.shortcut; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      done(document.getElementById('shortcut').textContent);`);
    assert.equal(text, `Pause or resume with ${suggested}.`, 'no Chromium button in Firefox');
    assert.equal(await firefox.run("done(document.getElementById('pin').hidden);"), true, 'pinning is worded for Chromium');

    // Pressed, it pauses and resumes in Firefox too.
    const ask = (type, payload) => firefox.ask(type, payload);
    const settings = await ask('settings');
    await ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking() } });
    const state = async () => (await ask('status')).status.state;
    press(suggested);
    await until('the pause in Firefox', async () => (await state()) === 'paused');
    press(suggested);
    await until('no pause in Firefox', async () => (await state()) !== 'paused');

    // Removed by the person: the page says so, and the way to set one in words.
    await firefox.run(`await browser.commands.update({ name: 'pause-toggle', shortcut: '' }); done(true);`);
    await firefox.goto(firefox.url('onboarding/onboarding.html'));
    const none = await firefox.run(`
      for (let i = 0; i < 100 && !document.getElementById('shortcut').textContent; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      done(document.getElementById('shortcut').textContent);`);
    assert.match(none, /^No keyboard shortcut is set for pausing\. .*about:addons.*Manage Extension Shortcuts/);
  } finally {
    await firefox.close();
  }
});
