// The same build in Firefox: the background script runs the wasm core, and a
// site in front is counted by host name only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox } from './firefox.js';
import { startSites, SECRET_TITLE } from './sites.js';
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

test('Firefox runs the core and counts the site in front', async () => {
  await firefox.goto(firefox.url('popup/popup.html'));
  const popup = await firefox.session('GET', '/window');
  const status = await ask('status');
  assert.equal(status.status.state, 'no_consent');
  // Values only the wasm core computes: which rule files a site, and today's date in the browser's time zone.
  const explained = await ask('explain', { input: 'https://github.com/some/path' });
  assert.deepEqual([explained.host, explained.rule, explained.category.id], ['github.com', 'github.com', 'development']);
  const now = new Date();
  const iso = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  assert.equal((await ask('today')).date, iso);

  const settings = await ask('settings');
  await ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  await firefox.newTab();
  await firefox.goto(`https://${DOCS}:${sites.port}/secret-path-9f?q=private`);
  const t0 = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 2500));
  await firefox.switchTo(popup); // an extension page in front: nothing more is counted
  const t1 = Date.now();

  const stored = await firefox.run('done(await browser.storage.local.get(null));');
  const figures = counted(stored, Date.now());
  assert.ok(figures.domains[DOCS] >= (t1 - t0) - 1500 && figures.domains[DOCS] <= (t1 - t0) + 1000,
    `counted ${figures.domains[DOCS]} ms on ${DOCS}; it was in front for about ${t1 - t0} ms`);
  const text = JSON.stringify(stored);
  for (const secret of ['secret-path-9f', 'private', SECRET_TITLE]) {
    assert.ok(!text.includes(secret), `storage holds "${secret}"`);
  }
});

test("Firefox words the core's messages from _locales and draws the popup and the options page", async () => {
  // Without the browser's i18n lookup the core would answer with a bare key.
  await assert.rejects(ask('editRules', { edit: { op: 'add_rule', pattern: 'no site here', category: 'work' } }),
    { message: '“no site here” is not a site: type one such as example.com, paste its address, or type *.example.com for its subdomains.' });
  assert.equal((await ask('rules')).categories.find((c) => c.id === 'work').name, 'Work tools');

  await firefox.goto(firefox.url('popup/popup.html'));
  const drawn = await firefox.run(`
    for (let i = 0; i < 100 && !document.body.dataset.rendered; i++) await new Promise((r) => setTimeout(r, 50));
    done({
      rendered: document.body.dataset.rendered,
      rows: [...document.querySelectorAll('#legend [data-category]')].map((row) => [row.dataset.category, Number(row.dataset.seconds)]),
      chart: Boolean(document.querySelector('#chart svg[role="img"]')),
      state: document.getElementById('state').textContent,
    });`);
  assert.equal(drawn.rendered, 'true');
  assert.equal(drawn.chart, true);
  assert.ok(drawn.rows.some(([id, seconds]) => id === 'work' && seconds >= 1), JSON.stringify(drawn));
  assert.ok(drawn.state.length > 0);

  await firefox.goto(firefox.url('options/options.html'));
  const options = await firefox.run(`
    const drawn = () => document.querySelector('#report-weeks svg') && document.body.dataset.ready;
    for (let i = 0; i < 200 && !drawn(); i++) await new Promise((r) => setTimeout(r, 50));
    done({
      ready: document.body.dataset.ready,
      days: document.querySelectorAll('#week tr[data-day]').length,
      rules: document.querySelectorAll('#rule-list tr[data-pattern]').length,
      report: Boolean(document.querySelector('#report-weeks svg')),
      // The team's own module loads in Firefox too.
      team: document.getElementById('team').dataset.state,
      teamError: document.getElementById('team-error').textContent,
    });`);
  assert.deepEqual({ ...options, rules: options.rules > 100 },
    { ready: 'true', days: 7, rules: true, report: true, team: 'out', teamError: '' });

  await firefox.goto(firefox.url('team/report.html'));
  const report = await firefox.run(`
    for (let i = 0; i < 100 && !document.body.dataset.ready; i++) await new Promise((r) => setTimeout(r, 50));
    document.getElementById('report-team').value = 'fairtime-team-1:AAAA';
    document.getElementById('report-codes').value = 'x';
    document.getElementById('report-add').click();
    done({ ready: document.body.dataset.ready, error: document.getElementById('report-error').textContent });`);
  assert.equal(report.ready, 'true');
  assert.match(report.error, /damaged|missing/, report.error);
});
