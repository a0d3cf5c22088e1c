// Filing a site from the popup in Firefox: the same dialog (a modal
// <dialog>, the options page's settings module) moves a counted site with
// its time, and excludes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox } from './firefox.js';
import { startSites } from './sites.js';
import { counted, alwaysWorking } from './counted.js';

const DOCS = 'docs.google.com';
let firefox;
let sites;
before(async () => {
  sites = await startSites();
  firefox = await launchFirefox({ localDomains: [DOCS] });
});
after(async () => {
  await firefox?.close();
  await sites?.close();
});

const ask = (type, payload) => firefox.ask(type, payload);

const stored = () => firefox.run('done(await browser.storage.local.get(null));');

/** In the popup: opens the filing dialog of `domain`'s row, then runs `then` (page code) in it. */
const inDialog = (domain, then) => firefox.run(`
  const wait = async (ok) => { for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50)); };
  await wait(() => document.body.dataset.rendered);
  document.querySelector('#domain-list [data-filing="${domain}"]').click();
  await wait(() => document.querySelectorAll('#filing-category option').length > 2);
  const open = document.getElementById('filing').open;
  const focused = document.activeElement.id;
  ${then}
  await wait(() => document.getElementById('filing-status').textContent);
  await new Promise((r) => setTimeout(r, 300));
  done({
    open, focused,
    said: document.getElementById('filing-status').textContent,
    rows: [...document.querySelectorAll('#domain-list li')].map((li) => [li.dataset.domain, li.dataset.category]),
  });`);

test('Firefox: a site moved from the popup takes its time along, and can be excluded', async () => {
  await firefox.goto(firefox.url('popup/popup.html'));
  const settings = await ask('settings');
  await ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  const popup = await firefox.session('GET', '/window');
  await firefox.newTab();
  await firefox.goto(`https://${DOCS}:${sites.port}/page`);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await firefox.switchTo(popup);
  await firefox.goto(firefox.url('popup/popup.html'));
  const before_ = counted(await stored());
  assert.ok(before_.categories.work >= 1000, JSON.stringify(before_));

  const moved = await inDialog(DOCS, `
    document.getElementById('filing-category').value = 'research';
    document.querySelector('#filing form').requestSubmit();`);
  assert.equal(moved.open, true);
  assert.equal(moved.focused, 'filing-category');
  assert.equal(moved.said, `${DOCS} now counts as Research and docs, earlier time included.`);
  assert.deepEqual(moved.rows.filter(([d]) => d === DOCS), [[DOCS, 'research']]);
  const after_ = counted(await stored());
  assert.equal(after_.categories.work ?? 0, 0);
  assert.equal(after_.categories.research, before_.domains[DOCS]);

  const excluded = await inDialog(DOCS, "document.getElementById('filing-never').click();");
  assert.equal(excluded.said, `${DOCS} is no longer counted; its time was deleted.`);
  assert.deepEqual(excluded.rows.filter(([d]) => d === DOCS), []);
  assert.ok((await ask('settings')).excluded.includes(DOCS));
  assert.equal(counted(await stored()).domains[DOCS], undefined);
});
