// The shipped team module (core/fairtime_team.js) under Node: five members
// make keys and join codes, one forms the team, each agrees and contributes
// a finished week, and the report sums exactly; the refusals say why. The
// codes are also taken apart here and checked against the contract
// (helpers/TEAM_SPEC.md, docs/TEAM.md) with Node's own X25519, SHA-256 and
// HKDF, so that the masking the wasm layer ships is the one documented, not
// only the one the Rust tests know.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTeamCore } from './load-core.js';
import { bytes, decode, encode, masked, publicOf, readJoinBytes, readTeamBytes, readWeekBytes, sha256, withSender } from './team-codes.js';

const team = await loadTeamCore();

const roundMinutes = (seconds) => Math.floor((seconds + 450) / 900) * 15;

// --- five members ---------------------------------------------------------------

const NAMES = ['Ana', 'Ben', 'Cem', 'Dana', 'Eli'];
const members = NAMES.map((name, i) => {
  const secret = team.newSecret(bytes(`secret ${i}`, 32));
  return { name, secret, join: team.joinCode(secret, name) };
});
const WEEK = '2026-W48'; // Monday 2026-11-23 .. Sunday 2026-11-29
const TODAY = '2026-12-02';

// Each member's own categories and seconds in that week (as the options page reads them from the week's report).
const HOUR = 3600;
const weekOf = [
  [{ id: 'work', seconds: 12 * HOUR + 449 }, { id: 'communication', seconds: 5 * HOUR + 450 }, { id: 'social', seconds: 1799 }],
  [{ id: 'work', seconds: 20 * HOUR }, { id: 'development', seconds: 10 * HOUR + 1349 }, { id: 'uncategorized', seconds: 900 }],
  [{ id: 'research', seconds: 7 * HOUR + 1350 }, { id: 'meetings', seconds: 450 }, { id: 'calls', seconds: 450 }],
  [{ id: 'communication', seconds: 3 * HOUR }, { id: 'news', seconds: 30 * 60 }],
  [],
];
// Cem has two categories of his own, "Meetings" and "Calls", both counted as Communication.
const ownCategories = [
  [], [], [{ id: 'research', name: 'Research' }, { id: 'meetings', name: 'Meetings' }, { id: 'calls', name: 'communication' }],
  [], [],
];

let teamCode;
let parsed;
let categories;

test('a secret is 32 bytes as base64url; a join code holds its X25519 public key and the name', () => {
  for (const m of members) {
    assert.match(m.secret, /^[A-Za-z0-9_-]{43}$/);
    assert.match(m.join, /^fairtime-join-1:[A-Za-z0-9_-]+$/);
    const { key, name } = readJoinBytes(m.join);
    assert.equal(name, m.name);
    assert.deepEqual(key, publicOf(m.secret), 'the public key is X25519 of the secret');
    const read = team.readJoin(m.join);
    assert.equal(read.name, m.name);
    const fp = sha256(key).subarray(0, 8).toString('hex');
    assert.equal(read.fingerprint, fp.match(/.{4}/g).join(' '));
  }
  assert.equal(team.newSecret(bytes('secret 0', 32)), members[0].secret, 'the same bytes make the same key');
  assert.equal(new Set(members.map((m) => m.secret)).size, 5);
  assert.throws(() => team.newSecret(new Uint8Array(16)));
});

test('a join code pasted from a chat, wrapped and indented, reads the same', () => {
  const wrapped = `  ${members[1].join.match(/.{1,20}/g).join('\n   ')}\n`;
  assert.equal(team.readJoin(wrapped).name, 'Ben');
});

test('join codes and names that cannot be used are refused with their reason', () => {
  const code = members[0].join;
  const at = code.length - 10;
  const damaged = code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1);
  assert.throws(() => team.readJoin(damaged), /damaged/);
  assert.throws(() => team.readJoin(code.slice(0, -3)), /damaged/);
  assert.throws(() => team.readJoin(code.replace('fairtime-join-1:', 'fairtime-join-2:')), /newer Fairtime/);
  assert.throws(() => team.readJoin('hello, here is my code'), /not a Fairtime/);
  assert.throws(() => team.readJoin(members[0].join.replace('join', 'week')), (e) => !/^$/.test(e.message));
  assert.throws(() => team.joinCode(members[0].secret, ''), /name/i);
  assert.throws(() => team.joinCode(members[0].secret, 'x'.repeat(41)), /40/);
  assert.equal(team.readJoin(team.joinCode(members[0].secret, 'é'.repeat(40))).name, 'é'.repeat(40), '40 characters, not bytes');
  const cleaned = (() => { try { return team.readJoin(team.joinCode(members[0].secret, 'Ana\u0007\n')).name; } catch (e) { return e; } })();
  assert.ok(cleaned instanceof Error ? cleaned.message.length > 0 : !/[\u0000-\u001f]/.test(cleaned), 'control characters are cleaned or refused');
  assert.throws(() => team.joinCode('not a key', 'Ana'));
});

test('the built-in categories are offered in the person\'s language, without Other', () => {
  categories = team.defaultCategories();
  assert.ok(categories.length >= 8 && categories.length <= 12);
  assert.equal(categories[0].id, 'work');
  assert.equal(categories[0].name, 'Work tools');
  for (const c of categories) assert.match(c.colour, /^#[0-9a-f]{6}$/);
  assert.ok(!categories.some((c) => c.id === 'other' || c.id === 'uncategorized'));
});

test('a team of five is formed from five join codes; the team code binds the roster, categories and week', () => {
  const nonce = bytes('nonce 1', 16);
  teamCode = team.formTeam({ name: 'Platform', first_week: '2026-W46', categories, joins: members.map((m) => m.join), nonce });
  assert.match(teamCode, /^fairtime-team-1:/);
  parsed = readTeamBytes(teamCode);
  assert.deepEqual(parsed.payload.subarray(0, 16), Buffer.from(nonce));
  assert.equal(parsed.name, 'Platform');
  assert.deepEqual([parsed.year, parsed.week], [2026, 46]);
  assert.deepEqual(parsed.categories, categories, 'the categories as given; Other is not stored');
  assert.deepEqual(parsed.roster.map((r) => r.name), NAMES, 'the roster in the order of the join codes');
  assert.deepEqual(parsed.roster.map((r) => r.key), members.map((m) => publicOf(m.secret)));

  const read = team.readTeam(teamCode, members[2].secret);
  assert.equal(read.id, parsed.id.toString('hex'));
  assert.equal(read.name, 'Platform');
  assert.equal(read.first_week, '2026-W46');
  assert.equal(read.first_monday, '2026-11-09');
  assert.deepEqual(read.categories.slice(0, -1), categories);
  assert.deepEqual({ ...read.categories.at(-1), name: undefined }, { id: 'other', name: undefined, colour: '#9e9e9e' });
  assert.equal(read.categories.at(-1).name, 'Other');
  assert.deepEqual(read.members, members.map((m) => team.readJoin(m.join)));
  assert.equal(read.you, 2);
  assert.equal(team.readTeam(teamCode).you, null, 'anyone can read a team code');
  assert.equal(team.readTeam(teamCode, team.newSecret(bytes('stranger', 32))).you, null);
  assert.equal(team.readTeam(teamCode.match(/.{1,30}/g).join('\n')).id, read.id);
  const again = team.formTeam({ name: 'Platform', first_week: '2026-W46', categories, joins: members.map((m) => m.join), nonce: bytes('nonce 2', 16) });
  assert.notEqual(team.readTeam(again).id, read.id, 'another nonce, another team');
});

test('a team that cannot be formed is refused with its reason', () => {
  const base = { name: 'Platform', first_week: '2026-W46', categories, joins: members.map((m) => m.join), nonce: bytes('nonce 1', 16) };
  const refused = (change, pattern) => assert.throws(() => team.formTeam({ ...base, ...change }), pattern);
  refused({ joins: members.slice(0, 4).map((m) => m.join) }, /5/);
  refused({ joins: [...members.slice(0, 4).map((m) => m.join), members[0].join] }, (e) => e.message.length > 0);
  refused({ joins: [...members.slice(0, 4).map((m) => m.join), team.joinCode(members[0].secret, 'Ana again')] }, (e) => e.message.length > 0);
  refused({ joins: [...members.slice(0, 4).map((m) => m.join), 'garbage'] }, /not a Fairtime/);
  refused({ name: '' }, (e) => e.message.length > 0);
  refused({ categories: [] }, (e) => e.message.length > 0);
  refused({ categories: [...categories, { id: 'other', name: 'Misc', colour: '#000000' }] }, (e) => e.message.length > 0);
  refused({ categories: Array.from({ length: 13 }, (_, i) => ({ id: `c${i}`, name: `C ${i}`, colour: '#123456' })) }, /12/);
  refused({ first_week: '2026-W60' }, (e) => e.message.length > 0);
  refused({ nonce: new Uint8Array(3) }, (e) => e.message.length > 0);
});

test('a roster under 5 is refused when read, even in a well-formed code', () => {
  // Four of the five members, re-encoded with a correct checksum: only the core's rule can refuse it.
  const { payload } = decode(teamCode);
  let at = payload.length;
  const tail = [];
  for (const r of parsed.roster) tail.push(Buffer.concat([r.key, Buffer.from([Buffer.byteLength(r.name)]), Buffer.from(r.name)]));
  at -= tail.reduce((n, t) => n + t.length, 0) + 1;
  const four = Buffer.concat([payload.subarray(0, at), Buffer.from([4]), ...tail.slice(0, 4)]);
  assert.throws(() => team.readTeam(encode('fairtime-team-1', four)), /5/);
  const well = Buffer.concat([payload.subarray(0, at), Buffer.from([5]), ...tail]);
  assert.equal(team.readTeam(encode('fairtime-team-1', well)).members.length, 5, 'the re-encoding itself is sound');
});

const states = [];
const plains = [];
const codes = [];

test('each member maps their own categories, agrees, and sees the weeks offered', () => {
  for (const [i, m] of members.entries()) {
    const mine = ownCategories[i].length > 0 ? ownCategories[i] : [...categories.map(({ id, name }) => ({ id, name })), { id: 'uncategorized', name: 'Uncategorized' }];
    const mapping = team.defaultMapping(teamCode, mine);
    if (i === 2) assert.deepEqual(mapping, { research: 'research', meetings: 'other', calls: 'communication' }, 'same id, else same name ignoring case, else Other');
    else {
      assert.equal(mapping.uncategorized, 'other');
      for (const c of categories) assert.equal(mapping[c.id], c.id);
    }
    if (i === 2) mapping.meetings = 'communication'; // Cem files his meetings as Communication
    const value = team.newState(teamCode, mapping);
    const state = team.readState(value);
    assert.equal(state.team.id, parsed.id.toString('hex'));
    assert.equal(state.team.you, null, 'readState needs no secret');
    assert.deepEqual(state.mapping, mapping);
    assert.deepEqual(state.given, {});
    states.push(value);
  }
  assert.throws(() => team.newState(teamCode, { work: 'no-such-team-category' }), (e) => e.message.length > 0);
  assert.throws(() => team.readState({ v: 1, code: 'nonsense', mapping: {}, given: {} }), (e) => e.message.length > 0);
  assert.throws(() => team.readState('nonsense'), (e) => e.message.length > 0);

  const weeks = team.weeks(states[0], members[0].secret, TODAY, 0);
  assert.deepEqual(weeks.map((w) => [w.week, w.first, w.last, w.given]), [
    ['2026-W48', '2026-11-23', '2026-11-29', false],
    ['2026-W47', '2026-11-16', '2026-11-22', false],
    ['2026-W46', '2026-11-09', '2026-11-15', false],
  ], 'finished weeks from the team\'s first, newest first');
  assert.deepEqual(team.weeks(states[0], members[0].secret, '2026-11-29', 0).map((w) => w.week), ['2026-W47', '2026-W46'], 'a week is finished after its Sunday');
  assert.deepEqual(team.weeks(states[0], members[0].secret, TODAY, 10).map((w) => w.week), ['2026-W48'], 'kept from 2026-11-23');
  assert.deepEqual(team.weeks(states[0], members[0].secret, TODAY, 9).map((w) => w.week), [], 'Monday 2026-11-23 no longer kept');
});

test('the plain numbers: the week\'s minutes per team category, mapped, summed, then rounded to 15', () => {
  const ids = [...categories.map((c) => c.id), 'other'];
  for (const [i, value] of states.entries()) {
    const shown = team.plain(value, WEEK, weekOf[i]);
    assert.deepEqual(shown.map((c) => c.id), ids, 'every team category, in team order, Other last');
    const mapping = team.readState(value).mapping;
    const seconds = Object.fromEntries(ids.map((id) => [id, 0]));
    for (const { id, seconds: s } of weekOf[i]) seconds[mapping[id] ?? 'other'] += s;
    assert.deepEqual(shown.map((c) => c.minutes), ids.map((id) => roundMinutes(seconds[id])), `${NAMES[i]}'s minutes`);
    plains.push(shown.map((c) => c.minutes));
  }
  const ana = Object.fromEntries(team.plain(states[0], WEEK, weekOf[0]).map((c) => [c.id, c.minutes]));
  assert.equal(ana.work, 12 * 60, '449 s round down');
  assert.equal(ana.communication, 5 * 60 + 15, '450 s round up');
  assert.equal(ana.social, 30);
  const cem = Object.fromEntries(team.plain(states[2], WEEK, weekOf[2]).map((c) => [c.id, c.minutes]));
  assert.equal(cem.communication, 15, '450 s + 450 s counted as one category make 15 minutes, not 30');
  assert.equal(cem.research, 7 * 60 + 30);
  assert.ok(plains[4].every((m) => m === 0), 'a member with nothing counted contributes zeros');
});

test('each contribution is the plain numbers masked exactly as documented, and is made once per week', () => {
  for (const [i, m] of members.entries()) {
    const made = team.contribute(states[i], m.secret, WEEK, weekOf[i]);
    assert.equal(made.again, false);
    assert.match(made.code, /^fairtime-week-1:/);
    const read = readWeekBytes(made.code);
    assert.deepEqual(read.id, parsed.id);
    assert.deepEqual([read.year, read.week], [2026, 48]);
    assert.deepEqual(read.key, publicOf(m.secret));
    assert.deepEqual(read.values, masked(m.secret, plains[i], parsed, 2026, 48), `${m.name}'s masked values`);
    assert.notDeepEqual(read.values, plains[i]);
    assert.deepEqual(team.readState(made.value).given, { [WEEK]: made.code });
    // Asked again, with other numbers even: the same code, the stored value unchanged.
    const again = team.contribute(made.value, m.secret, WEEK, [{ id: 'work', seconds: 99 * HOUR }]);
    assert.deepEqual(again, { code: made.code, value: made.value, again: true });
    assert.deepEqual(team.weeks(made.value, m.secret, TODAY, 0).map((w) => w.given), [true, false, false]);
    states[i] = made.value;
    codes.push(made.code);
  }
  const sums = plains[0].map((_, c) => codes.reduce((s, code) => (s + readWeekBytes(code).values[c]) % 2 ** 32, 0));
  assert.deepEqual(sums, plains[0].map((_, c) => plains.reduce((s, p) => s + p[c], 0)), 'the masks cancel in the sum');
  assert.throws(() => team.contribute(states[0], team.newSecret(bytes('stranger', 32)), '2026-W47', weekOf[0]), (e) => e.message.length > 0,
    'a key not on the roster cannot contribute');
  assert.throws(() => team.contribute(states[0], members[0].secret, '2026-W45', weekOf[0]), (e) => e.message.length > 0,
    'no code for a week before the team\'s first');
});

test('the report: only how many are missing until the last code, then the exact total and mean', () => {
  const ids = [...categories.map((c) => c.id), 'other'];
  for (let n = 0; n < 5; n++) {
    const report = team.teamReport(teamCode, codes.slice(0, n));
    assert.equal(report.members, 5);
    assert.equal(report.received, n);
    assert.equal(report.missing, 5 - n);
    assert.equal(report.result, null, `${n} of 5: no figures`);
    assert.deepEqual(report.refused, []);
    assert.equal(report.week, n === 0 ? null : WEEK);
    assert.equal(report.team.id, parsed.id.toString('hex'));
  }
  const report = team.teamReport(teamCode, [...codes].reverse());
  assert.equal(report.missing, 0);
  const { result } = report;
  assert.equal(result.week, WEEK);
  assert.equal(result.members, 5);
  const totals = ids.map((_, c) => plains.reduce((s, p) => s + p[c], 0));
  assert.deepEqual(result.categories.map((c) => c.id), ids);
  assert.deepEqual(result.categories.map((c) => c.total_minutes), totals);
  assert.deepEqual(result.categories.map((c) => c.mean_minutes), totals.map((t) => t / 5));
  assert.equal(result.total_minutes, totals.reduce((a, b) => a + b, 0));
  assert.equal(result.mean_minutes, result.total_minutes / 5);
  assert.equal(result.categories.find((c) => c.id === 'work').total_minutes, 12 * 60 + 20 * 60);
  assert.equal(result.categories.at(-1).name, 'Other');
  assert.deepEqual(team.teamReport(teamCode, [codes.join('\n\n')]).result ?? team.teamReport(teamCode, codes).result, result);
});

test('refused codes: pasted twice, a second code from one member, a stranger, another team, another week, damaged', () => {
  // A sixth key not on the roster, its code well formed: the stranger's key in Ana's code.
  const stranger = team.newSecret(bytes('stranger', 32));
  const strangers = withSender(codes[0], stranger);
  // Another team of the same five people.
  const otherTeam = team.formTeam({ name: 'Platform', first_week: '2026-W46', categories, joins: members.map((m) => m.join), nonce: bytes('nonce 2', 16) });
  const otherCode = team.contribute(team.newState(otherTeam, team.readState(states[1]).mapping), members[1].secret, WEEK, weekOf[1]).code;
  // Ben's code for the week before; and a second, different code from Cem for this week (a fresh membership forgot the first).
  const earlier = team.contribute(states[1], members[1].secret, '2026-W47', weekOf[1]).code;
  const second = team.contribute(team.newState(teamCode, team.readState(states[2]).mapping), members[2].secret, WEEK, [{ id: 'research', seconds: HOUR }]).code;
  assert.notEqual(second, codes[2]);
  const at = codes[3].length - 12;
  const damaged = codes[3].slice(0, at) + (codes[3][at] === 'x' ? 'y' : 'x') + codes[3].slice(at + 1);

  const pasted = [codes[0], codes[1], codes[0], strangers, otherCode, earlier, codes[2], damaged, second, codes[3], codes[4], 'hello'];
  const report = team.teamReport(teamCode, pasted);
  const reasons = Object.fromEntries(report.refused.map((r) => [r.index, r.reason]));
  assert.deepEqual(Object.keys(reasons).map(Number), [2, 3, 4, 5, 7, 8, 11], JSON.stringify(report.refused));
  assert.match(reasons[2], /twice/);
  assert.match(reasons[3], /roster/);
  assert.match(reasons[4], /another team/);
  assert.match(reasons[5], /for 2026-W47, the others for 2026-W48/);
  assert.match(reasons[7], /damaged/);
  assert.match(reasons[8], /second code from Cem/);
  assert.match(reasons[11], /not a Fairtime/);
  assert.equal(new Set(Object.values(reasons)).size, 7, 'each refusal says its own reason');
  assert.equal(report.week, WEEK);
  assert.equal(report.received, 5);
  assert.equal(report.missing, 0);
  assert.deepEqual(report.result, team.teamReport(teamCode, codes).result, 'the refused codes change nothing');

  // The first acceptable code fixes the week; a second code from one member is refused, not added.
  const w47 = team.teamReport(teamCode, [earlier, ...codes]);
  assert.equal(w47.week, '2026-W47');
  assert.equal(w47.received, 1);
  assert.equal(w47.refused.length, 5);
  const secondFirst = team.teamReport(teamCode, [second, ...codes]);
  assert.equal(secondFirst.received, 5);
  assert.notDeepEqual(secondFirst.result, report.result, 'whichever of a member\'s two codes comes first is counted, once');
  assert.equal(secondFirst.refused.length, 1);
});

test('the refusals are worded in German too', async () => {
  // The same module instance, now worded in German: the last test of the file.
  const de = await loadTeamCore('de');
  assert.throws(() => de.readJoin('hallo'), { message: 'Das ist kein Fairtime-Beitrittscode.' });
  assert.throws(() => de.formTeam({ name: 'Team', first_week: '2026-W46', categories, joins: members.slice(0, 4).map((m) => m.join), nonce: bytes('n', 16) }),
    (e) => /Mitglieder/.test(e.message));
  assert.equal(de.defaultCategories().find((c) => c.id === 'work').name, 'Arbeitswerkzeuge');
  assert.equal(de.readTeam(teamCode).categories.at(-1).name, 'Sonstiges');
});
