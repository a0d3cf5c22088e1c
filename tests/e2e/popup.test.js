// The chain from the Rust core to what a person sees: the service worker
// instantiates the wasm core, and the popup shows values only the core computes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';

let browser;
before(async () => { browser = await launchWithExtension(); });
after(async () => { await browser?.close(); });

test('the service worker is the one the manifest names', async () => {
  const worker = await browser.worker();
  assert.equal(worker.url(), browser.url('background.js'));
});

test('the popup shows the state the core worked out, and no developer rows', async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(browser.url('popup/popup.html'));
  await page.locator('body[data-rendered]').waitFor();
  // The worker -> wasm -> page chain: the state and its words come from the core's status.
  assert.equal((await browser.ask('status')).status.state, 'no_consent');
  assert.equal(await page.locator('#state').textContent(), 'waiting for your go-ahead, nothing is recorded');
  const text = await page.locator('body').innerText();
  for (const developer of ['Core', '0.1.0', '65 minutes', 'read as']) assert.ok(!text.includes(developer), `the popup says "${developer}": ${text}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the options page reaches the core, and names Fairtime's version in its footer", async () => {
  const manifest = JSON.parse(await readFile(new URL('../../manifest.json', import.meta.url), 'utf8'));
  const page = await browser.context.newPage();
  await page.goto(browser.url('options/options.html'));
  await page.locator('body[data-ready]').waitFor();
  assert.equal(await page.locator('footer #version').textContent(), `Fairtime ${manifest.version}`);
  // A value only the core computes: the rule that files a site.
  assert.equal(await page.locator('#rule-list tr[data-pattern="github.com"]').getAttribute('data-category'), 'development');
  await page.close();
});

// --- the popup as a person sees it -------------------------------------------

const SITES = [
  ['docs.google.com', 'work', 2500],
  ['github.com', 'development', 2000],
  ['www.youtube.com', 'entertainment', 1500],
];

/** Reads the legend: category id -> seconds, from the data attributes. */
async function legend(page) {
  return page.locator('#legend li').evaluateAll((rows) => Object.fromEntries(
    rows.map((row) => [row.dataset.category, Number(row.dataset.seconds)])));
}

test('before consent the popup shows no split, only the way to consent', async () => {
  const page = await browser.backgroundPage('popup/popup.html');
  await page.locator('body[data-rendered]').waitFor();
  assert.equal(await page.locator('#today').isHidden(), true);
  assert.equal(await page.locator('#consent-needed').isVisible(), true);
  assert.equal(await page.locator('#pause').isHidden(), true);
  await page.close();
});

test("after visiting sites the popup shows today's split, worked time and top sites from the core", async () => {
  const settings = await browser.ask('settings');
  await browser.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  const pages = [];
  for (const [host, , ms] of SITES) {
    const page = await browser.open(`https://${host}/`);
    await browser.focus(page);
    pages.push(page);
    await sleep(ms);
  }
  // The popup in front: an extension page, so nothing more is counted while we read.
  const popup = await browser.open(browser.url('popup/popup.html'));
  await popup.locator('body[data-rendered]').waitFor();
  const today = await browser.ask('today');
  assert.equal((await browser.ask('status')).status.state, 'untracked');

  const shown = await legend(popup);
  assert.deepEqual(shown, Object.fromEntries(today.categories.map((c) => [c.id, c.seconds])));
  for (const [, category] of SITES) assert.ok(shown[category] >= 1, `${category} has time: ${JSON.stringify(shown)}`);
  // Each row: name, time and share; the chart has a segment per category and says the same in words.
  const first = popup.locator('#legend li').first();
  assert.equal(await first.locator('.name').textContent(), today.categories[0].name);
  assert.match(await first.locator('.share').textContent(), /\d+\s?%/);
  const chart = popup.locator('#chart svg[role="img"]');
  assert.equal(await chart.locator('circle[data-category]').count(), today.categories.length);
  const label = await chart.getAttribute('aria-label');
  for (const category of today.categories) assert.ok(label.includes(category.name), label);

  assert.equal(Number(await popup.locator('#worked').getAttribute('data-seconds')), today.work_seconds);
  assert.equal(Number(await popup.locator('#worked').getAttribute('data-scheduled')), 24 * 3600);
  assert.equal(Number(await popup.locator('#worked-meter').evaluate((m) => m.value)), today.work_seconds);

  const domains = await popup.locator('#domain-list li').evaluateAll((rows) => rows.map((r) => [r.dataset.domain, Number(r.dataset.seconds)]));
  assert.deepEqual(domains, today.top_domains.map((d) => [d.domain, d.seconds]));
  for (const [host] of SITES) assert.ok(domains.some(([d]) => d === host), `${host} is among the top sites`);
  await popup.close();
  for (const page of pages) await page.close();
});

test('the popup says what is counted now, and pauses and resumes from the keyboard', async () => {
  const docs = await browser.open('https://docs.google.com/');
  await browser.focus(docs);
  const popup = await browser.backgroundPage('popup/popup.html');
  await popup.locator('#state[data-state="tracking"]').waitFor();
  assert.equal(await popup.locator('#state').textContent(), 'counting docs.google.com as Work tools');

  // Tab from the top: the settings link, the buttons filing the sites, then the first pause button.
  await popup.keyboard.press('Tab');
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'open-options');
  await popup.keyboard.press('Tab');
  assert.equal(await popup.evaluate(() => document.activeElement.dataset.filing), 'docs.google.com');
  for (let i = 0; i < 20 && (await popup.evaluate(() => document.activeElement.dataset.minutes)) !== '5'; i += 1) {
    await popup.keyboard.press('Tab');
  }
  assert.equal(await popup.evaluate(() => document.activeElement.dataset.minutes), '5');
  // The focus is visible: an outline of the accent colour around the button.
  const ring = await popup.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { visible: document.activeElement.matches(':focus-visible'), style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  assert.deepEqual(ring, { visible: true, style: 'solid', width: 2 });
  await popup.keyboard.press('Enter');
  await popup.locator('#state[data-state="paused"]').waitFor();
  const { status } = await browser.ask('status');
  // On the browser's clock, 12- or 24-hour (tests/e2e/words.test.js checks which).
  const until = new Date(status.until);
  const [h, m] = [until.getHours(), String(until.getMinutes()).padStart(2, '0')];
  assert.ok([`paused until ${String(h).padStart(2, '0')}:${m}`, `paused until ${h % 12 || 12}:${m}\u202f${h < 12 ? 'AM' : 'PM'}`,
    `paused until ${h % 12 || 12}:${m} ${h < 12 ? 'AM' : 'PM'}`].includes(await popup.locator('#state').textContent()));
  assert.equal(await popup.locator('#resume').isVisible(), true);

  await popup.locator('#resume').focus();
  await popup.keyboard.press('Enter');
  await popup.locator('#state[data-state="tracking"]').waitFor();
  assert.equal(await popup.locator('#resume').isHidden(), true);
  await popup.close();
  await docs.close();
});

test('the popup links to the options page', async () => {
  const popup = await browser.backgroundPage('popup/popup.html');
  const href = await popup.locator('#open-options').evaluate((a) => a.href);
  assert.equal(href, browser.url('options/options.html'));
  await popup.close();
});
