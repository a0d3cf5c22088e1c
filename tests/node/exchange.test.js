// Export and import through the shipped core: the export reads back, the CSV
// holds daily totals per category, an import shows its changes before it
// applies them, and a bad file changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from './load-core.js';

const core = await loadCore();
const MIN = 60_000;
const start = new Date(2026, 10, 25, 10, 0, 0).getTime(); // a Wednesday, 10:00 local

function trackedDay() {
  const tracker = new core.Tracker(undefined, start);
  tracker.giveConsent(start);
  tracker.input({ type: 'focus', at: start, url: 'https://docs.google.com/document/d/1' });
  tracker.input({ type: 'focus', at: start + MIN, url: 'https://www.youtube.com/watch?v=2' });
  tracker.input({ type: 'heartbeat', at: start + 2 * MIN }); // a sign of life each minute
  tracker.input({ type: 'unfocused', at: start + 3 * MIN });
  return tracker;
}

test('the export holds settings, rules and totals, and imports back unchanged', () => {
  const tracker = trackedDay();
  const doc = JSON.parse(JSON.stringify(tracker.exportDocument(start + 5 * MIN)));
  assert.equal(doc.format, 'fairtime-export');
  assert.equal(doc.version, 2);
  assert.equal(doc.days['2026-11-25'].ms, 3 * MIN);
  assert.equal(doc.days['2026-11-25'].categories.entertainment.domains['www.youtube.com'], 2 * MIN);
  assert.ok(doc.rules.rules.length >= 200);
  assert.deepEqual(tracker.previewImport(doc), []);
});

test('the CSV has a row per day and category', () => {
  const csv = trackedDay().exportCsv();
  assert.equal(csv, 'date,category,name,counts_as_work,seconds\r\n'
    + '2026-11-25,entertainment,Entertainment,no,120\r\n'
    + '2026-11-25,work,Work tools,yes,60\r\n');
});

test('an import is previewed, then applied; consent and totals stay', () => {
  const tracker = trackedDay();
  const file = {
    settings: { ...tracker.settings(), idle_seconds: 300, consent: null },
    rules: { ...tracker.rules(), rules: [...tracker.rules().rules, { pattern: 'intranet.example', category: 'work' }] },
  };
  assert.deepEqual(tracker.previewImport(file), [
    'Away after 3 min without input → 5 min',
    'New rule intranet.example → Work tools',
  ]);
  const changes = tracker.applyImport(file, start + 5 * MIN);
  assert.equal(changes.set.settings.d.idle_seconds, 300);
  assert.equal(changes.set.settings.d.consent, start, 'consent is the person\'s, never imported');
  assert.ok(changes.set.rules.d.rules.some((r) => r.pattern === 'intranet.example'));
  assert.equal(tracker.explain('intranet.example').category.id, 'work');
  assert.equal(tracker.today(start + 5 * MIN).tracked_seconds, 180);
});

test('a bad file is refused with the reason and changes nothing', () => {
  const tracker = trackedDay();
  const before = JSON.stringify([tracker.settings(), tracker.rules()]);
  const refused = [
    [{ settings: { schedule: { hours: { mon: ['17:00-09:00'] } } } }, /Monday: 17:00–09:00 ends before it starts/],
    [{ format: 'other-app', entries: [1, 2] }, /not a Fairtime export/],
    [[1, 2], /it holds no object of settings or rules/],
    [{ version: 3, settings: tracker.settings() }, /newer Fairtime/],
    [{ hello: 1 }, /an entry Fairtime does not know, “hello”$/],
    [{ settings: { ...tracker.settings(), idle_secnds: 30 } }, /an entry Fairtime does not know, “idle_secnds” in “settings”$/],
    [{}, /neither settings nor rules/],
    [{ settings: { ...tracker.settings(), retention_days: 0 } }, /1 to 3660 days/],
  ];
  for (const [file, reason] of refused) {
    assert.throws(() => tracker.previewImport(file), reason);
    assert.throws(() => tracker.applyImport(file, start + 5 * MIN), reason);
  }
  assert.equal(JSON.stringify([tracker.settings(), tracker.rules()]), before);
});
