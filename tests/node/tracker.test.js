// The Tracker API of the shipped core under Node: values in and out as plain
// objects, storage changes as {set, remove}, errors as JavaScript Errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from './load-core.js';

const core = await loadCore();
const MIN = 60_000;
// A Wednesday at 10:00 in the machine's zone: inside the default working hours.
const start = new Date(2026, 10, 25, 10, 0, 0).getTime();

/** A storage.local stand-in that applies the tracker's changes. */
function storage(initial = {}) {
  const data = structuredClone(initial);
  return {
    data,
    apply(changes) {
      Object.assign(data, changes.set);
      for (const key of changes.remove) delete data[key];
    },
  };
}

test('nothing is recorded before consent', () => {
  const tracker = new core.Tracker(undefined, start);
  assert.deepEqual(tracker.status(start), { state: 'no_consent' });
  const changes = tracker.input({ type: 'focus', at: start, url: 'https://docs.google.com/d/1' });
  assert.deepEqual(changes, { set: {}, remove: [] });
  assert.equal(tracker.today(start + 5 * MIN).tracked_seconds, 0);
});

test('counts focused time by category and keeps only hosts in storage', () => {
  const store = storage();
  const tracker = new core.Tracker(store.data, start);
  store.apply(tracker.giveConsent(start));
  store.apply(tracker.input({ type: 'focus', at: start, url: 'https://docs.google.com/document/d/secret?x=1#h' }));
  store.apply(tracker.input({ type: 'heartbeat', at: start + MIN }));
  store.apply(tracker.input({ type: 'focus', at: start + 2 * MIN, url: 'https://www.youtube.com/watch?v=q7Zx9' }));
  store.apply(tracker.input({ type: 'unfocused', at: start + 3 * MIN }));

  const today = tracker.today(start + 10 * MIN);
  assert.equal(today.tracked_seconds, 180);
  assert.deepEqual(
    today.categories.map((c) => [c.id, c.seconds]),
    [['work', 120], ['entertainment', 60]],
  );
  assert.deepEqual(today.top_domains.map((d) => d.domain), ['docs.google.com', 'www.youtube.com']);
  assert.equal(tracker.status(start + 3 * MIN + 1000).state, 'unfocused');

  const stored = JSON.stringify(store.data);
  for (const secret of ['document', 'secret', 'x=1', 'watch', 'q7Zx9']) {
    assert.ok(!stored.includes(secret), `storage holds "${secret}"`);
  }
  // A tracker loaded from storage continues where the first one stopped.
  const again = new core.Tracker(store.data, start + 10 * MIN);
  assert.deepEqual(again.problems(), []);
  assert.deepEqual(again.today(start + 10 * MIN), today);
});

test('pauses stop the clock and end by themselves', () => {
  const tracker = new core.Tracker(undefined, start);
  tracker.giveConsent(start);
  tracker.input({ type: 'focus', at: start, url: 'https://github.com/' });
  tracker.input({ type: 'pause', at: start + MIN, minutes: 5 });
  assert.deepEqual(tracker.status(start + 2 * MIN), { state: 'paused', until: start + 6 * MIN });
  assert.equal(tracker.nextWake(start + 2 * MIN), start + 6 * MIN);
  tracker.input({ type: 'heartbeat', at: start + 6 * MIN });
  tracker.input({ type: 'heartbeat', at: start + 7 * MIN });
  assert.equal(tracker.today(start + 7 * MIN).tracked_seconds, 120);
});

test('rules can be edited and explained', () => {
  const tracker = new core.Tracker(undefined, start);
  const changes = tracker.editRules({ op: 'add_rule', pattern: '*.intranet.example', category: 'work' }, start);
  assert.ok(changes.set.rules.d.rules.some((r) => r.pattern === '*.intranet.example'));
  const why = tracker.explain('https://wiki.intranet.example/page');
  assert.equal(why.category.id, 'work');
  assert.equal(why.sentence, 'wiki.intranet.example matches the rule *.intranet.example: Work tools');
  assert.throws(() => tracker.editRules({ op: 'add_rule', pattern: 'http://x .example/a', category: 'work' }, start), Error);
  assert.throws(() => tracker.editRules({ op: 'add_rule', pattern: 'x.example', category: 'nope' }, start), /nope/);
  assert.throws(() => tracker.explain('chrome://settings'), Error);
  assert.throws(() => tracker.editRules({ op: 'add_rule', pattern: 'x.example' }, start), /needs `category`/);
  assert.throws(() => tracker.editRules({ op: 'merge_all' }, start), /unknown edit `merge_all`/);
  tracker.editRules({ op: 'add_category', name: 'Deep work', colour: '#123456', work: true }, start);
  assert.ok(tracker.rules().categories.some((c) => c.id === 'deep-work' && c.work));
});

test('invalid settings are refused with the reason', () => {
  const tracker = new core.Tracker(undefined, start);
  const settings = tracker.settings();
  assert.equal(settings.idle_seconds, 180);
  assert.throws(
    () => tracker.setSettings({ ...settings, schedule: { hours: { tue: ['13:00-12:00'] } } }, start),
    /Tuesday: 13:00–12:00 ends before it starts/,
  );
  const changes = tracker.setSettings({ ...settings, idle_seconds: 300 }, start);
  assert.equal(changes.set.settings.d.idle_seconds, 300);
});

test('damaged storage is reported, never thrown, and the rest still loads', () => {
  const tracker = new core.Tracker(
    { settings: { v: 99, d: {} }, cursor: 'garbage', 'day:2026-11-24': { v: 1, d: { ms: 60000, categories: { work: { ms: 60000 } } } }, other: 1 },
    start,
  );
  const problems = tracker.problems();
  assert.deepEqual(problems.map((p) => p.key).sort(), ['cursor', 'settings']);
  assert.match(problems.find((p) => p.key === 'settings').message, /newer Fairtime/);
  assert.match(problems[0].moved_to, /^damaged:\d+:/);
  assert.equal(tracker.week(start, 0).tracked_seconds, 60);
  assert.throws(() => new core.Tracker('not an object', start), /must be an object/);
  assert.throws(() => tracker.input({ type: 'teleport', at: start }), /unknown input type `teleport`/);
  assert.throws(() => tracker.today(Number.NaN), /not a point in time/);
  assert.throws(() => tracker.input({ type: 'pause', at: start, minutes: 0 }), /at least one minute/);
});
