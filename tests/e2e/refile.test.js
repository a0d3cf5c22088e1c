// Filing a site as a person would: from the popup, move a top site or the
// site in front to another category (its earlier time moves with it, and
// the site is listed once), or never count it again; from the options page,
// test a site and add a rule for it. One browser for the file: the tests are
// steps in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, sleep, until } from './browser.js';
import { alwaysWorking, counted } from './counted.js';
import { audit } from './audit.js';

let h;
before(async () => {
  h = await launchWithExtension();
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
});
after(async () => { await h?.close(); });

const CODE = 'github.com'; // Development, by the default rules
const DOCS = 'docs.google.com'; // Work tools
const VIDEO = 'www.youtube.com'; // Entertainment

/** Reads a list's rows: data-* of each, seconds as numbers. */
const rows = (page, selector) => page.locator(selector).evaluateAll((all) => all.map((row) => ({
  domain: row.dataset.domain, category: row.dataset.category, seconds: Number(row.dataset.seconds),
})));

async function visit(host, ms) {
  const page = await h.open(`https://${host}/private/path?q=1`);
  await h.focus(page);
  await sleep(ms);
  return page;
}

test('a top site moved from the popup takes all its time to the new category and is listed once', async () => {
  const code = await visit(CODE, 2500);
  const docs = await visit(DOCS, 1500);
  // The popup in front: an extension page, so nothing more is counted while we file.
  const popup = await h.open(h.url('popup/popup.html'));
  await popup.locator('body[data-rendered]').waitFor();
  const before_ = counted(await h.stored());
  const shown = await rows(popup, '#domain-list li');
  const row = shown.find((r) => r.domain === CODE);
  assert.equal(row.category, 'development');
  assert.ok(row.seconds >= 2, JSON.stringify(shown));
  assert.ok((await rows(popup, '#legend li')).some((c) => c.category === 'development'));

  // From the keyboard: the row's button opens a labelled dialog on the category list; Escape goes back.
  const opener = popup.getByRole('button', { name: `Move or stop counting ${CODE}` });
  await opener.focus();
  await popup.keyboard.press('Enter');
  await popup.locator('#filing[open]').waitFor();
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'filing-category');
  assert.equal(await popup.getByRole('dialog', { name: CODE }).count(), 1);
  await until('the categories in the list', async () => (await popup.locator('#filing-category option').count()) > 2);
  assert.equal(await popup.locator('#filing-category').inputValue(), 'development');
  for (const theme of ['light', 'dark']) {
    await popup.emulateMedia({ colorScheme: theme });
    assert.deepEqual(await audit(popup), [], `the open dialog, ${theme} theme`);
  }
  await popup.keyboard.press('Escape');
  await popup.locator('#filing').waitFor({ state: 'hidden' });
  assert.equal(await popup.evaluate(() => document.activeElement.dataset.filing), CODE);

  await opener.click();
  await popup.getByLabel('Category', { exact: true }).selectOption({ label: 'Research and docs' });
  await popup.getByRole('button', { name: 'Move', exact: true }).click();
  await popup.locator('#filing-status').filter({ hasText: `${CODE} now counts as Research and docs` }).waitFor();
  await popup.locator(`#domain-list li[data-domain="${CODE}"][data-category="research"]`).waitFor();

  // Once, with all its time, in the new colour; the split changed with it.
  const moved = await rows(popup, '#domain-list li');
  assert.equal(moved.filter((r) => r.domain === CODE).length, 1, JSON.stringify(moved));
  assert.ok(moved.find((r) => r.domain === CODE).seconds >= row.seconds);
  const legend = await rows(popup, '#legend li');
  assert.ok(!legend.some((c) => c.category === 'development'), JSON.stringify(legend));
  assert.ok(legend.find((c) => c.category === 'research').seconds >= row.seconds);
  const swatch = (category) => popup.locator(`#legend li[data-category="${category}"] .swatch`)
    .evaluate((s) => s.style.getPropertyValue('--swatch'));
  assert.equal(await popup.locator(`#domain-list li[data-domain="${CODE}"] .swatch`)
    .evaluate((s) => s.style.getPropertyValue('--swatch')), await swatch('research'));
  // In storage: the same time, none of it left in Development.
  const after_ = counted(await h.stored());
  assert.equal(after_.domains[CODE], before_.domains[CODE]);
  assert.equal(after_.categories.development ?? 0, 0);
  assert.equal(after_.total, before_.total);
  assert.deepEqual((await h.ask('rules')).rules.find((r) => r.pattern === CODE), { pattern: CODE, category: 'research' });
  await popup.close();
  await code.close();
  await docs.close();
});

test('the site in front, moved from the popup, counts in its new category from then on', async () => {
  const video = await visit(VIDEO, 1500);
  // In a background tab: the video stays in front and counted.
  const popup = await h.backgroundPage('popup/popup.html');
  await popup.locator('#state[data-state="tracking"]').waitFor();
  assert.equal(await popup.locator('#front-site .name').textContent(), `In front: ${VIDEO}`);
  await popup.locator('#front-site').getByRole('button', { name: 'Move to category…' }).click();
  await popup.locator('#filing[open]').waitFor();
  await until('the categories in the list', async () => (await popup.locator('#filing-category option').count()) > 2);
  assert.equal(await popup.locator('#filing-category').inputValue(), 'entertainment');
  await popup.locator('#filing-category').selectOption('work');
  await popup.getByRole('button', { name: 'Move', exact: true }).click();
  await popup.locator('#state:has-text("as Work tools")').waitFor();
  assert.equal(await popup.evaluate(() => document.activeElement.dataset.filing), VIDEO, 'focus is back on the opener');
  const moved = counted(await h.stored());
  await sleep(1500);
  const later = counted(await h.stored());
  assert.equal(later.categories.entertainment ?? 0, 0);
  assert.ok(later.categories.work - moved.categories.work >= 1000, 'counting goes on, in Work tools');
  assert.equal(later.domains[VIDEO] - moved.domains[VIDEO], later.categories.work - moved.categories.work);
  await popup.close();
  await video.close();
});

test('"Never count this site" from the popup removes the site and stops counting it', async () => {
  const video = await visit(VIDEO, 1000);
  const popup = await h.backgroundPage('popup/popup.html');
  await popup.locator('#state[data-state="tracking"]').waitFor();
  assert.ok(counted(await h.stored()).domains[VIDEO] > 0);
  await popup.locator('#front-site').getByRole('button', { name: 'Never count this site' }).click();
  // The dialog says what it does before it is done.
  await popup.locator('#filing[open]').waitFor();
  assert.equal(await popup.evaluate(() => document.activeElement.id), 'filing-never');
  assert.match(await popup.locator('#filing-never-help').textContent(), /deletes its time from every day/);
  await popup.keyboard.press('Enter');
  await popup.locator('#filing-status').filter({ hasText: `${VIDEO} is no longer counted` }).waitFor();
  assert.ok((await h.ask('settings')).excluded.includes(VIDEO));
  await popup.locator(`#domain-list li[data-domain="${VIDEO}"]`).waitFor({ state: 'detached' });
  assert.equal(await popup.locator('#front-site').isHidden(), true);
  assert.equal((await h.ask('status')).status.state, 'untracked');
  const total = counted(await h.stored()).total;
  await sleep(1500);
  const later = counted(await h.stored());
  assert.equal(later.domains[VIDEO], undefined);
  assert.equal(later.total, total, 'nothing is counted while it is in front');
  const kept = Object.entries(await h.stored()).filter(([key]) => key.startsWith('day:') || key === 'cursor');
  assert.ok(!JSON.stringify(kept).includes(VIDEO), 'no day and not the cursor names it');
  await popup.close();
  await video.close();
});

test('options: "Test a site" adds a rule for it, shown filtered and focused, and tests again', async () => {
  const options = await h.backgroundPage('options/options.html');
  await options.locator('body[data-ready]').waitFor();
  await h.focus(options);
  const section = options.locator('#rules');
  assert.equal(await section.locator('#test-add').isHidden(), true);
  await section.getByLabel('Site or address').fill('https://app.tracker.example/some/page');
  await section.getByRole('button', { name: 'Test', exact: true }).click();
  await section.locator('#test-result[data-category="uncategorized"]').waitFor();
  await section.getByLabel('Category of the new rule').selectOption({ label: 'Work tools' });
  await section.getByRole('button', { name: 'Add a rule for this site' }).click();

  await section.locator('#test-result[data-category="work"]').waitFor();
  assert.equal(await section.locator('#test-result').getAttribute('data-rule'), 'app.tracker.example');
  assert.equal(await section.locator('#rule-filter').inputValue(), 'app.tracker.example');
  const listed = await section.locator('#rule-list tbody tr').evaluateAll((all) => all.map((r) => r.dataset.pattern));
  assert.deepEqual(listed, ['app.tracker.example']);
  assert.equal(await options.evaluate(() => document.activeElement.dataset.pattern), 'app.tracker.example');
  // No day keeps time without site names: the status says nothing about it.
  assert.equal(await section.locator('#rules-status').textContent(), 'Rule app.tracker.example added: Work tools.');
  assert.deepEqual((await h.ask('rules')).rules.find((r) => r.pattern === 'app.tracker.example'),
    { pattern: 'app.tracker.example', category: 'work' });

  // Time kept in category-only mode stays where it is, and the page says so.
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, category_only: true } });
  const docs = await visit(DOCS, 1200);
  await h.ask('setSettings', { settings: { ...(await h.ask('settings')), category_only: false } });
  await h.focus(options);
  await section.getByLabel('Site or address').fill(DOCS);
  await section.getByRole('button', { name: 'Test', exact: true }).click();
  await section.locator('#test-result[data-category="work"]').waitFor();
  await section.getByLabel("Category of this site's rule").selectOption({ label: 'Research and docs' });
  await section.getByRole('button', { name: "Change this site's rule" }).click();
  await section.locator('#test-result[data-category="research"]').waitFor();
  assert.match(await section.locator('#rules-status').textContent(),
    /^Rule docs\.google\.com changed: Research and docs\. .*Earlier time kept without site names stays in its category\.$/);
  await docs.close();
  await options.close();
});
