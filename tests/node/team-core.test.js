// The team module (core/fairtime_team.js, issue 14) as it ships, under
// Node: every export of the JavaScript API, values in the shape the team
// pages read, and errors as Error objects with the person's sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { messagesOf } from './load-core.js';

const coreDir = new URL('../../target/web/', import.meta.url);

async function loadTeam(language = 'en') {
  const glue = await readFile(new URL('fairtime_team.js', coreDir), 'utf8');
  const team = await import(`data:text/javascript;base64,${Buffer.from(glue).toString('base64')}#${language}`);
  team.initSync({ module: await readFile(new URL('fairtime_team_bg.wasm', coreDir)) });
  team.useMessages(await messagesOf(language));
  return team;
}

const t = await loadTeam();
const bytes = (n, seed) => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 255);

/** Five members, a team of them from 2026-W44, each agreed with the default mapping. */
function fiveMembers() {
  const secrets = [1, 2, 3, 4, 5].map((i) => t.newSecret(bytes(32, i)));
  const joins = secrets.map((s, i) => t.joinCode(s, `Person ${i + 1}`));
  const code = t.formTeam({
    name: 'Support', first_week: '2026-W44', categories: t.defaultCategories(), joins, nonce: bytes(16, 9),
  });
  const mine = [{ id: 'work', name: 'Work tools' }, { id: 'chat', name: 'communication' }, { id: 'uncategorized', name: 'Uncategorized' }];
  const values = secrets.map(() => t.newState(code, t.defaultMapping(code, mine)));
  return { secrets, joins, code, values };
}

test('keys, join codes and a team read back with names and fingerprints', () => {
  const { secrets, joins, code } = fiveMembers();
  assert.match(secrets[0], /^[A-Za-z0-9_-]{43}$/);
  assert.match(joins[0], /^fairtime-join-1:[A-Za-z0-9_-]+$/);
  const join = t.readJoin(`  ${joins[0].slice(0, 20)}\n${joins[0].slice(20)} `);
  assert.equal(join.name, 'Person 1');
  assert.match(join.fingerprint, /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
  const team = t.readTeam(code, secrets[2]);
  assert.equal(team.name, 'Support');
  assert.equal(team.first_week, '2026-W44');
  assert.equal(team.first_monday, '2026-10-26');
  assert.match(team.id, /^[0-9a-f]{32}$/);
  assert.equal(team.you, 2);
  assert.equal(t.readTeam(code).you, null);
  assert.deepEqual(team.members.map((m) => m.name), ['Person 1', 'Person 2', 'Person 3', 'Person 4', 'Person 5']);
  assert.equal(team.members[0].fingerprint, join.fingerprint);
  assert.deepEqual(team.categories.at(-1), { id: 'other', name: 'Other', colour: '#9e9e9e' });
  assert.equal(team.categories.length, t.defaultCategories().length + 1);
});

test('the default mapping, the stored value and the weeks offered', () => {
  const { secrets, code, values } = fiveMembers();
  assert.deepEqual(t.defaultMapping(code, [{ id: 'chat', name: 'Communication' }, { id: 'uncategorized', name: 'x' }, { id: 'misc', name: 'Misc' }]),
    { chat: 'communication', uncategorized: 'other', misc: 'other' });
  assert.deepEqual(Object.keys(values[0]).sort(), ['code', 'given', 'mapping', 'v']);
  const state = t.readState(values[0]);
  assert.equal(state.team.name, 'Support');
  assert.deepEqual(state.given, {});
  const weeks = t.weeks(values[0], secrets[0], '2026-11-11', 0);
  assert.deepEqual(weeks.map((w) => w.week), ['2026-W45', '2026-W44']);
  assert.deepEqual(weeks[0], { week: '2026-W45', first: '2026-11-02', last: '2026-11-08', given: false });
});

test('contributions add up to the exact sum, the same code comes back, refusals say why', () => {
  const { secrets, code, values } = fiveMembers();
  const codes = [];
  let expectedWork = 0;
  for (const [i, value] of values.entries()) {
    const seconds = [{ id: 'work', seconds: 3600 * (i + 1) + 400 }, { id: 'chat', seconds: 900 }];
    const plain = t.plain(value, '2026-W45', seconds);
    assert.deepEqual(plain[0], { id: 'work', name: 'Work tools', colour: '#2563eb', minutes: 60 * (i + 1) });
    expectedWork += plain[0].minutes;
    const made = t.contribute(value, secrets[i], '2026-W45', seconds);
    assert.equal(made.again, false);
    assert.match(made.code, /^fairtime-week-1:/);
    assert.equal(made.value.given['2026-W45'], made.code);
    const again = t.contribute(made.value, secrets[i], '2026-W45', [{ id: 'work', seconds: 99999 }]);
    assert.deepEqual(again, { code: made.code, value: made.value, again: true });
    codes.push(made.code);
  }
  const partial = t.teamReport(code, [codes[0], '', codes[0], 'hello', codes[1]]);
  assert.equal(partial.week, '2026-W45');
  assert.deepEqual([partial.members, partial.received, partial.missing], [5, 2, 3]);
  assert.equal(partial.result, null);
  assert.deepEqual(partial.refused, [
    { index: 2, reason: 'This code was pasted twice.' },
    { index: 3, reason: 'This is not a Fairtime contribution code.' },
  ]);
  const report = t.teamReport(code, codes);
  assert.equal(report.missing, 0);
  const work = report.result.categories[0];
  assert.equal(work.total_minutes, expectedWork);
  assert.equal(work.mean_minutes, expectedWork / 5);
  assert.equal(report.result.categories[1].total_minutes, 75);
  assert.equal(report.result.total_minutes, expectedWork + 75);
  assert.equal(report.result.members, 5);
});

test('errors are Error objects with a sentence, in German too', async () => {
  const { joins, code } = fiveMembers();
  assert.throws(() => t.readJoin('hello'), { name: 'Error', message: 'This is not a Fairtime join code.' });
  assert.throws(() => t.readTeam(joins[0]), { message: 'This is a join code, not a team code.' });
  assert.throws(() => t.newSecret(new Uint8Array(8)), { message: '32 random bytes are needed.' });
  assert.throws(() => t.formTeam({ name: 'x', first_week: '2026-W44', categories: t.defaultCategories(), joins: joins.slice(0, 4), nonce: bytes(16, 1) }),
    { message: /needs 5 to 100 members.*has 4/ });
  assert.throws(() => t.formTeam({ name: 'x', first_week: '2026-W44', categories: t.defaultCategories(), joins }), { message: '16 random bytes are needed.' });
  assert.throws(() => t.readState({ v: 1, code, mapping: {} }), { message: /stored team membership is damaged/ });
  const damaged = code.slice(0, -1) + (code.at(-1) === 'A' ? 'B' : 'A');
  assert.throws(() => t.readTeam(damaged), { message: /damaged \(a character changed or missing\)/ });
  const de = await loadTeam('de');
  assert.throws(() => de.readTeam(joins[0]), { message: 'Das ist ein Beitrittscode, kein Teamcode.' });
  assert.equal(de.readTeam(code).categories.at(-1).name, 'Sonstiges');
});
