// A browser that crashes while counting: after the restart, the time it was
// dead is not counted, and counting goes on from the restart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { launchWithExtension, sleep, until } from './browser.js';
import { counted, alwaysWorking } from './counted.js';

const DOCS = 'docs.google.com';
let h;
after(async () => {
  await h?.close();
  if (h) await rm(h.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

test('a crash counts nothing past the last sign of life', async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  await h.ask('giveConsent');
  await h.open(`https://${DOCS}/before-the-crash`);
  const t0 = Date.now();
  await sleep(2000);
  await h.crash();
  const killed = Date.now();
  await sleep(5000); // dead: none of this may be counted

  h = await launchWithExtension({ profile: h.profile });
  const restarted = Date.now();
  await h.storagePage(); // the tests' own extension tab, opened before the site
  const page = await h.open(`https://${DOCS}/after-the-crash`, { window: true });
  // The person clicks into the site in the browser they restarted (on a
  // display without a window manager, focus after a restart is not
  // guaranteed), and a browser back from a crash may take a while to start
  // the worker.
  let seen;
  await until('the restarted worker to count the page', async () => {
    seen = (await h.ask('status')).status.state;
    if (seen !== 'tracking') await h.focus(page);
    return seen === 'tracking';
  }).catch((error) => { throw new Error(`${error.message}; the state stayed ${seen}`); });
  const counting = Date.now();
  await sleep(2000);
  const now = Date.now();
  const stored = await h.stored();
  const figures = counted(stored, now);
  const alive = (killed - t0) + (now - restarted);
  const state = `cursor ${JSON.stringify(stored.cursor?.d)}, consent ${stored.settings?.d?.consent}`;
  assert.ok(figures.domains[DOCS] <= alive + 1000,
    `counted ${figures.domains[DOCS]} ms; the browser was alive for ${alive} ms (${state})`);
  assert.ok(figures.domains[DOCS] >= (now - counting) - 1500,
    `counted ${figures.domains[DOCS]} ms; counting goes on after the restart (${now - counting} ms; ${state})`);
});
