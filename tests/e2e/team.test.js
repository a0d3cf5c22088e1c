// A team of five: two Chromium profiles (Ana forms the team, Ben declines
// once, then joins) and three members with the same team core under Node.
// Each browser holds a finished week of known totals; on the options page
// each person makes a join code, reads the team code, checks the roster and
// what is shared, agrees, sees the week's plain numbers (the seeded seconds
// rounded to 15 minutes per category) and confirms; asked again, the same
// code. The team report in Ana's browser says only how many codes are
// missing until the last one is in (that one from a file), refuses a code
// pasted twice, a stranger's and another team's with their reasons, then
// shows the exact total and mean per category. The secret key is in no page and no export;
// leaving deletes it; no network request is made.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchWithExtension, until } from './browser.js';
import { alwaysWorking } from './counted.js';
import { loadTeamCore } from '../node/load-core.js';
import { bytes, withSender } from '../node/team-codes.js';

const core = await loadTeamCore();

// --- dates: the last finished ISO week of the local calendar ------------------------

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** The Monday of the week `back` weeks before this one. */
function monday(back) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7) - 7 * back);
  return d;
}
const plusDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n, 12);
/** `2026-W48` of a date. */
function weekName(d) {
  const thursday = plusDays(d, 3 - ((d.getDay() + 6) % 7));
  const days = Math.round((thursday - new Date(thursday.getFullYear(), 0, 1, 12)) / 86_400_000);
  return `${thursday.getFullYear()}-W${pad(1 + Math.floor(days / 7))}`;
}
const WEEK_MONDAY = monday(1); // the last finished week
const WEEK = weekName(WEEK_MONDAY);
const FIRST_WEEK = weekName(monday(2));
const day = (n) => iso(plusDays(WEEK_MONDAY, n)); // 0 = Monday .. 6 = Sunday

// --- what each browser counted: days of the finished week, and one on each side -----

const H = 3_600_000;
const M = 60_000;
const S = 1000;
/** A stored day of `{ category: ms }`, each category's time on one site. */
function stored(categories) {
  const d = { ms: 0, categories: {} };
  for (const [id, ms] of Object.entries(categories)) {
    d.categories[id] = { ms, domains: { [`${id}.example.com`]: ms } };
    d.ms += ms;
  }
  return { v: 1, d };
}
const ANA_DAYS = {
  [day(-1)]: { work: 5 * H }, // the Sunday before: another week
  [day(0)]: { work: 2 * H, communication: 1 * H },
  [day(2)]: { work: 3 * H + 7 * M + 29 * S, communication: 1 * H + 7 * M + 30 * S },
  [day(6)]: { social: 20 * M },
  [day(7)]: { work: 1 * H }, // this week's Monday
};
const BEN_DAYS = {
  [day(1)]: { development: 5 * H, uncategorized: 10 * M },
  [day(4)]: { development: 5 * H + 22 * M + 30 * S, uncategorized: 10 * M, social: 52 * M + 29 * S },
  [day(5)]: { research: 7 * M + 29 * S },
};
// The plain numbers each browser must show for WEEK: seconds summed per category, rounded to 15 minutes.
const ANA_MINUTES = { work: 300, communication: 135, social: 15 }; // 5:07:29 → 5:00, 2:07:30 → 2:15, 0:20 → 0:15
const BEN_MINUTES = { development: 630, other: 15, social: 45, research: 0 }; // 10:22:30 → 10:30, Uncategorized 0:20 → Other 0:15, 0:52:29 → 0:45, 0:07:29 → 0

test('the seeded weeks, rounded per category, are the numbers written above', () => {
  for (const [days, minutes] of [[ANA_DAYS, ANA_MINUTES], [BEN_DAYS, BEN_MINUTES]]) {
    const seconds = {};
    for (const [date, categories] of Object.entries(days)) {
      if (date < day(0) || date > day(6)) continue;
      for (const [id, ms] of Object.entries(categories)) {
        const to = id === 'uncategorized' ? 'other' : id;
        seconds[to] = (seconds[to] ?? 0) + ms / 1000;
      }
    }
    assert.deepEqual(Object.fromEntries(Object.entries(seconds).map(([id, s]) => [id, Math.floor((s + 450) / 900) * 15])), minutes);
  }
});

// The three members under Node: their secrets, names and the week's seconds per category.
const NODE = [
  { name: 'Cem', week: [{ id: 'work', seconds: 10 * 3600 }, { id: 'communication', seconds: 4.5 * 3600 }] },
  { name: 'Dana', week: [{ id: 'research', seconds: 6 * 3600 + 899 }, { id: 'social', seconds: 1800 }] },
  { name: 'Eli', week: [{ id: 'development', seconds: 30 * 3600 }, { id: 'uncategorized', seconds: 3600 }] },
].map((m, i) => {
  const secret = core.newSecret(bytes(`e2e node member ${i}`, 32));
  return { ...m, secret, join: core.joinCode(secret, m.name) };
});

let ana;
let ben;
let anaOptions;
let benOptions;
const joins = {};
let teamCode;
const given = {};

async function seed(h, days) {
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  const items = Object.fromEntries(Object.entries(days).map(([date, categories]) => [`day:${date}`, stored(categories)]));
  const driver = await h.storagePage();
  await driver.evaluate(async (items) => {
    const { index } = await chrome.storage.local.get('index');
    await chrome.storage.local.set({ ...items, index: { v: 1, d: { ...index?.d, aside: index?.d?.aside ?? [], first: Object.keys(items).sort()[0].slice(4) } } });
  }, items);
  await h.stopWorker(); // the next worker reads the index with the seeded days
}

async function optionsPage(h) {
  const page = await h.open(h.url('options/options.html'));
  await h.focus(page);
  await page.locator('body[data-ready]').waitFor();
  await page.locator('a[href="#team"]').click();
  return page;
}

before(async () => {
  [ana, ben] = await Promise.all([launchWithExtension(), launchWithExtension()]);
  await Promise.all([seed(ana, ANA_DAYS), seed(ben, BEN_DAYS)]);
  [anaOptions, benOptions] = await Promise.all([optionsPage(ana), optionsPage(ben)]);
});
after(async () => { await Promise.all([ana?.close(), ben?.close()]); });

/** The person types a name and makes a join code; the key is made now, in this browser. */
async function makeJoin(h, page, name) {
  await page.locator('#team[data-state="out"]').waitFor();
  assert.equal((await h.stored())['team:key'], undefined, 'no key before the person asks for one');
  await page.locator('#team-name').fill(name);
  await page.locator('#team-make-join').click();
  const code = await until(`${name}'s join code`, async () => {
    const value = await page.locator('#team-join-code').inputValue();
    return value.startsWith('fairtime-join-1:') && value;
  });
  const read = core.readJoin(code);
  assert.equal(read.name, name);
  assert.equal(await page.locator('#team-fingerprint').getAttribute('data-fingerprint'), read.fingerprint);
  assert.match(await page.locator('#team-fingerprint').textContent(), new RegExp(read.fingerprint));
  const stored_ = await h.stored();
  assert.match(stored_['team:key'], /^[A-Za-z0-9_-]{43}$/);
  assert.equal(core.joinCode(stored_['team:key'], name), code, 'the code holds the public half of the stored key');
  assert.equal(stored_.team, undefined, 'no membership before agreeing');
  return code;
}

test('both people make their join codes in the options page', async () => {
  const [a, b] = await Promise.all([makeJoin(ana, anaOptions, 'Ana'), makeJoin(ben, benOptions, 'Ben')]);
  joins.ana = a;
  joins.ben = b;
  assert.notEqual(a, b);
});

test('Ana forms the team of five from the join codes, pasted as a chat would wrap them', async () => {
  const page = anaOptions;
  await page.locator('#team-form-name').fill('Platform');
  const weeks = await page.locator('#team-form-week option').evaluateAll((options) => options.map((o) => o.value));
  assert.equal(weeks.length, 13, 'this week and the 12 before');
  assert.ok(weeks.includes(FIRST_WEEK) && weeks.includes(WEEK), weeks.join(' '));
  await page.locator('#team-form-week').selectOption(FIRST_WEEK);
  const categories = await page.locator('#team-form-categories tr[data-category]').evaluateAll((rows) => rows.map((r) => r.dataset.category));
  assert.deepEqual(categories, core.defaultCategories().map((c) => c.id), 'Fairtime\'s built-in categories by default');
  const all = [joins.ana, joins.ben, ...NODE.map((m) => m.join)];
  const wrapped = (code) => code.match(/.{1,40}/g).join('\n');
  await page.locator('#team-form-joins').fill(`${wrapped(all[0])}\n\n${all[1]}\n${wrapped(all[2])}\n\n  ${all[3]}  ${all[4]}\n`);
  await page.locator('#team-form-make').click();
  teamCode = await until('the team code', async () => {
    const value = await page.locator('#team-code-out').inputValue();
    return value.startsWith('fairtime-team-1:') && value;
  });
  const team = core.readTeam(teamCode);
  assert.equal(team.name, 'Platform');
  assert.equal(team.first_week, FIRST_WEEK);
  assert.deepEqual(team.members.map((m) => m.name), ['Ana', 'Ben', 'Cem', 'Dana', 'Eli']);
  assert.deepEqual(team.categories.map((c) => c.id), [...categories, 'other']);
  assert.equal((await ana.stored()).team, undefined, 'forming a team is not joining it');
});

/** Pastes the team code and checks the roster, the person's own line, what is shared and the mapping. */
async function readOffer(h, page, own) {
  await page.locator('#team-paste').fill(teamCode.match(/.{1,50}/g).join('\n'));
  await page.locator('#team-read').click();
  await page.locator('#team-offer:visible').waitFor();
  const team = core.readTeam(teamCode);
  assert.equal(await page.locator('#team-offer-name').textContent(), 'Join Platform?');
  const roster = page.locator('#team-offer-roster tr[data-fingerprint]');
  assert.deepEqual(await roster.evaluateAll((rows) => rows.map((r) => r.dataset.fingerprint)), team.members.map((m) => m.fingerprint));
  assert.deepEqual((await roster.allTextContents()).map((t) => t.match(/Ana|Ben|Cem|Dana|Eli/)?.[0]), ['Ana', 'Ben', 'Cem', 'Dana', 'Eli']);
  assert.equal(await page.locator('#team-offer-roster tr[data-you="true"]').getAttribute('data-fingerprint'), core.readJoin(own).fingerprint);
  assert.equal(await page.locator('#team-offer-roster tr[data-you="true"]').count(), 1);
  const shared = await page.locator('#team-offer-shared').textContent();
  assert.match(shared, /minutes per category/);
  assert.match(shared, /15 minutes/);
  assert.match(shared, /nothing else/);
  const mapping = Object.fromEntries(await page.locator('#team-offer-mapping select[data-category]').evaluateAll(
    (selects) => selects.map((s) => [s.dataset.category, s.value])));
  for (const c of core.defaultCategories()) assert.equal(mapping[c.id], c.id);
  assert.equal(mapping.uncategorized, 'other');
  assert.equal((await h.stored()).team, undefined, 'reading the code stores nothing');
}

test('Ben reads the team code, sees the roster and what is shared, and declines: nothing is stored', async () => {
  await readOffer(ben, benOptions, joins.ben);
  const before_ = await ben.stored();
  await benOptions.locator('#team-decline').click();
  await benOptions.locator('#team-offer').waitFor({ state: 'hidden' });
  const after_ = await ben.stored();
  assert.deepEqual(Object.keys(after_).sort(), Object.keys(before_).sort(), 'declining stores nothing');
  assert.equal(after_.team, undefined);
  assert.equal(after_['team:key'], before_['team:key']);
  assert.equal(await benOptions.locator('#team').getAttribute('data-state'), 'out');
});

async function agree(h, page, own) {
  await readOffer(h, page, own);
  await page.locator('#team-agree').click();
  await page.locator('#team[data-state="in"]').waitFor();
  assert.equal(await page.locator('#team-error').textContent(), '', 'no error');
  const state = (await h.stored()).team;
  assert.equal(state.v, 1);
  assert.equal(state.code.replace(/\s+/g, ''), teamCode);
  assert.deepEqual(state.given, {});
  assert.equal(await page.locator('#team-in-name').textContent(), 'Your team: Platform');
  assert.equal(await page.locator('#team-roster tr[data-fingerprint]').count(), 5);
  assert.equal(await page.locator('#team-roster tr[data-you="true"]').getAttribute('data-fingerprint'), core.readJoin(own).fingerprint);
}

test('both agree and join', async () => {
  await agree(ana, anaOptions, joins.ana);
  await agree(ben, benOptions, joins.ben);
});

/** Makes the week's code: the plain numbers first, then the code on Confirm. */
async function contribute(h, page, expected) {
  const weeks = page.locator('#team-weeks li[data-week]');
  await until('the weeks', async () => (await page.locator('#team-error').textContent()) || (await weeks.count()) > 0);
  assert.equal(await page.locator('#team-error').textContent(), '', 'no error');
  assert.deepEqual(await weeks.evaluateAll((items) => items.map((li) => [li.dataset.week, li.dataset.given])),
    [[WEEK, 'false'], [FIRST_WEEK, 'false']], 'the finished weeks from the team\'s first, newest first');
  assert.equal(await page.locator(`#team-weeks input[name="team-week"][value="${WEEK}"]`).isChecked(), true);
  await page.locator('#team-make-code').click();
  await page.locator(`#team-contribution[data-week="${WEEK}"]`).waitFor();
  const shown = Object.fromEntries(await page.locator('#team-plain tr[data-category]').evaluateAll(
    (rows) => rows.map((r) => [r.dataset.category, Number(r.dataset.minutes)])));
  const ids = core.readTeam(teamCode).categories.map((c) => c.id);
  assert.deepEqual(Object.keys(shown), ids, 'every team category, Other last');
  assert.deepEqual(shown, Object.fromEntries(ids.map((id) => [id, expected[id] ?? 0])), 'the seeded seconds, rounded to 15 minutes per category');
  assert.equal((await h.stored()).team.given[WEEK], undefined, 'nothing given before Confirm');
  assert.equal(await page.locator('#team-contribution-code').isVisible(), false);
  await page.locator('#team-confirm').click();
  const code = await until('the contribution code', async () => {
    const value = await page.locator('#team-contribution-code').inputValue();
    return value.startsWith('fairtime-week-1:') && value;
  });
  assert.equal((await h.stored()).team.given[WEEK], code);
  return { code, shown };
}

test('each makes the finished week\'s code after seeing the plain numbers; asked again, the same code', async () => {
  given.ana = await contribute(ana, anaOptions, ANA_MINUTES);
  given.ben = await contribute(ben, benOptions, BEN_MINUTES);

  // Saved as a file: the same code.
  const [download] = await Promise.all([anaOptions.waitForEvent('download'), anaOptions.locator('#team-save-contribution').click()]);
  assert.match(download.suggestedFilename(), new RegExp(`^fairtime-team-.*${WEEK}\\.txt$`));
  assert.equal((await readFile(await download.path(), 'utf8')).trim(), given.ana.code);

  // Another visit: the week is marked given, and asking again shows the same code, no new numbers.
  await anaOptions.reload();
  await anaOptions.locator('#team[data-state="in"]').waitFor();
  const week = anaOptions.locator(`#team-weeks li[data-week="${WEEK}"]`);
  await week.waitFor();
  assert.equal(await week.getAttribute('data-given'), 'true');
  await anaOptions.locator(`#team-weeks input[name="team-week"][value="${WEEK}"]`).check();
  await anaOptions.locator('#team-make-code').click();
  await anaOptions.locator('#team-again:visible').waitFor();
  assert.equal(await until('the same code', async () => anaOptions.locator('#team-contribution-code').inputValue()), given.ana.code);
  assert.equal(await anaOptions.locator('#team-plain').isVisible(), false);
  assert.deepEqual(Object.keys((await ana.stored()).team.given), [WEEK]);
});

let nodeCodes;
let otherTeamCode;
test('the three members under Node contribute the same week', () => {
  nodeCodes = NODE.map((m) => {
    const value = core.newState(teamCode, core.defaultMapping(teamCode, core.defaultCategories()));
    return core.contribute(value, m.secret, WEEK, m.week).code;
  });
  // Another team of the same five people: its codes are not this team's.
  const other = core.formTeam({ name: 'Platform', first_week: FIRST_WEEK, categories: core.defaultCategories(),
    joins: [joins.ana, joins.ben, ...NODE.map((m) => m.join)], nonce: bytes('another team', 16) });
  otherTeamCode = core.contribute(core.newState(other, core.defaultMapping(other, core.defaultCategories())), NODE[1].secret, WEEK, NODE[1].week).code;
});

test('the team report: only how many are missing until the last code; refusals with reasons; then the exact total and mean', async () => {
  const page = await ana.open(ana.url('team/report.html'));
  await ana.focus(page);
  await page.locator('body[data-ready]').waitFor();
  assert.equal((await page.locator('#report-team').inputValue()).replace(/\s+/g, ''), teamCode, 'prefilled in a browser that joined');
  const status = page.locator('#report-status');
  const counts = async () => [await status.getAttribute('data-received'), await status.getAttribute('data-missing')].map(Number);

  await page.locator('#report-codes').fill([given.ana.code, given.ben.code, nodeCodes[0], nodeCodes[1]].join('\n\n'));
  await page.locator('#report-add').click();
  await until('4 of 5 codes in', async () => (await counts()).join() === '4,1');
  assert.equal(await status.getAttribute('data-members'), '5');
  assert.match(await status.textContent(), /4 of 5 codes in; 1 still missing/);
  assert.equal(await page.locator('#report-result').isVisible(), false, 'no figure before the last code');
  assert.equal(await page.locator('#report-table tr[data-category]:visible').count(), 0);

  // A code pasted twice, a stranger's (a sixth key, not on the roster) and another team's.
  const stranger = withSender(nodeCodes[2], core.newSecret(bytes('e2e stranger', 32)));
  await page.locator('#report-codes').fill([given.ben.code, stranger, otherTeamCode].join('\n'));
  await page.locator('#report-add').click();
  const refused = page.locator('#report-refused li[data-index]');
  await until('three refusals', async () => (await refused.count()) === 3);
  const reasons = Object.fromEntries(await refused.evaluateAll((items) => items.map((li) => [li.dataset.index, li.querySelector('.reason').textContent])));
  assert.deepEqual(Object.keys(reasons), ['0', '1', '2']);
  assert.match(reasons[0], /twice/);
  assert.match(reasons[1], /roster/);
  assert.match(reasons[2], /another team/);
  assert.deepEqual(await counts(), [4, 1], 'the refused codes count for nothing');
  assert.equal(await page.locator('#report-result').isVisible(), false);

  assert.equal(await page.locator('#report-figure').evaluate((e) => e.children.length), 0, 'nothing drawn');

  // The last code comes as the file Eli saved.
  await page.locator('#report-files').setInputFiles({ name: `fairtime-team-platform-${WEEK}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`${nodeCodes[2]}\n`) });
  const result = page.locator(`#report-result[data-week="${WEEK}"]`);
  await result.waitFor();
  assert.deepEqual(await counts(), [5, 0]);
  assert.equal(await result.getAttribute('data-members'), '5');
  assert.equal(await page.locator('#report-refused li').count(), 0, 'the last Add refused nothing');
  assert.equal(await result.locator('svg.chart.bars').count(), 1);

  const ids = core.readTeam(teamCode).categories.map((c) => c.id);
  const plains = [given.ana.shown, given.ben.shown,
    ...NODE.map((m) => Object.fromEntries(core.plain(core.newState(teamCode, core.defaultMapping(teamCode, core.defaultCategories())), WEEK, m.week)
      .map((c) => [c.id, c.minutes])))];
  const total = Object.fromEntries(ids.map((id) => [id, plains.reduce((sum, p) => sum + p[id], 0)]));
  assert.equal(total.work, 300 + 600);
  assert.equal(total.development, 630 + 1800);
  assert.equal(total.other, 15 + 60);
  const rows = await page.locator('#report-table tr[data-category]').evaluateAll((trs) => trs.map((r) => [r.dataset.category, Number(r.dataset.totalMinutes), Number(r.dataset.meanMinutes)]));
  assert.deepEqual(rows.map((r) => r[0]), ids);
  assert.deepEqual(rows, ids.map((id) => [id, total[id], total[id] / 5]), 'the exact total and mean per category');
  const sum = Object.values(total).reduce((a, b) => a + b, 0);
  assert.equal(Number(await page.locator('#report-table tr.total').getAttribute('data-total-minutes')), sum);
});

test('the key is shown only as the secret\'s label, is in no page and no export; leaving deletes it', async () => {
  const secret = (await ana.stored())['team:key'];
  const page = anaOptions;
  await page.locator('a[href="#privacy"]').click();
  const block = page.locator('#stored details[data-key="team:key"]');
  await block.waitFor();
  assert.equal((await block.locator('summary').textContent()).trim(), 'team key (secret, never exported)');
  await block.locator('summary').click();
  assert.equal(await block.locator('pre').count(), 0, 'no value shown as stored');
  assert.equal(await page.locator('#stored details[data-key="team"] summary').textContent(), 'Team membership');
  const inPage = await page.evaluate((secret) => document.documentElement.outerHTML.includes(secret)
    || [...document.querySelectorAll('input, textarea')].some((e) => e.value.includes(secret)), secret);
  assert.equal(inPage, false, 'the secret is nowhere in the options page');

  // The Data section's export, as the person saves it.
  await page.locator('a[href="#data"]').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  const exported = await readFile(await download.path(), 'utf8');
  assert.ok(JSON.parse(exported).days, 'a real export');
  assert.equal(exported.includes(secret), false, 'the export holds no secret');
  assert.equal(exported.includes('team:key'), false);

  // Ben leaves: one button, confirmed; the key and the membership are gone.
  await benOptions.locator('a[href="#team"]').click();
  await benOptions.locator('#team-leave').click();
  await benOptions.locator('#confirm-ok').click();
  await benOptions.locator('#team[data-state="out"]').waitFor();
  const left = await ben.stored();
  assert.equal(left.team, undefined);
  assert.equal(left['team:key'], undefined);
});

test('no network request was made by either browser', () => {
  for (const h of [ana, ben]) {
    const own = (url) => url.startsWith(h.origin) || url.startsWith('data:') || url.startsWith('blob:');
    assert.deepEqual(h.network.filter((r) => !own(r.url)), []);
  }
});
