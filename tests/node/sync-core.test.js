// The sync contract of the shipped core (wasm.rs): two trackers exchange
// storage.sync items as the extension does, see the summed totals, and an
// export of one merges into the other once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from './load-core.js';

const core = await loadCore();
const MIN = 60_000;
const start = new Date(2026, 10, 25, 10, 0, 0).getTime(); // a Wednesday, 10:00 local

function browser(id, url) {
  const tracker = new core.Tracker(undefined, start);
  tracker.giveConsent(start);
  tracker.setSync({ on: true, domains: true, ownHours: false, name: '' }, id, `Browser ${id}`, start);
  tracker.input({ type: 'focus', at: start, url });
  tracker.input({ type: 'heartbeat', at: start + MIN });
  tracker.input({ type: 'unfocused', at: start + 2 * MIN });
  return tracker;
}

test('two browsers see each other’s totals once, through storage.sync items', () => {
  const a = browser('aaaa000000000000', 'https://docs.google.com/document/d/1');
  const b = browser('bbbb000000000000', 'https://www.youtube.com/watch?v=2');
  const sync = {};
  for (const t of [a, b]) {
    const out = t.syncOutbox(start + 3 * MIN, 'now');
    assert.ok(out && typeof out.set === 'object' && Array.isArray(out.remove));
    for (const [key, value] of Object.entries(out.set)) {
      assert.equal(typeof value, 'string');
      assert.ok(key.length + JSON.stringify(value).length <= 8192);
      sync[key] = value;
    }
    t.syncWritten(start + 3 * MIN);
    assert.equal(t.syncOutbox(start + 4 * MIN, 'now'), null);
  }
  a.syncReceive(sync, start + 4 * MIN);
  a.syncReceive(sync, start + 4 * MIN);
  b.syncReceive({ ...sync, 'unrelated': 'x', 't:aaaa000000000000:9': null }, start + 4 * MIN);
  for (const t of [a, b]) assert.equal(t.today(start + 5 * MIN).tracked_seconds, 4 * 60);
  const view = b.syncView(start + 5 * MIN);
  assert.equal(view.on, true);
  assert.equal(view.device.id, 'bbbb000000000000');
  assert.deepEqual(view.devices.map((d) => [d.name, d.thisDevice]),
    [['Browser bbbb000000000000', true], ['Browser aaaa000000000000', false]]);
  assert.ok(view.bytesInUse > 0 && view.quotaBytes === 102400 && view.windowDays === 31);
  assert.equal(view.error, null);
  assert.deepEqual(b.syncRemoval(false, Object.keys(sync)).sort(),
    Object.keys(sync).filter((k) => k.startsWith('t:bbbb')).sort());
  const preview = a.syncPreview(false, start + 5 * MIN);
  assert.equal(preview.windowDays, 62);
  assert.ok(preview.sentences.length >= 4 && preview.bytes > 0);
});

test('a quota error is said in words and backs off; local data stays', () => {
  const a = browser('aaaa000000000000', 'https://docs.google.com/document/d/1');
  assert.ok(a.syncOutbox(start + 3 * MIN, 'now'));
  const changes = a.syncFailed('QUOTA_BYTES quota exceeded', start + 3 * MIN);
  assert.deepEqual(Object.keys(changes.set), ['sync']);
  const error = a.syncView(start + 3 * MIN).error;
  assert.match(error.message, /full/);
  assert.equal(a.syncNextAttempt(start + 3 * MIN), error.retryAt);
  assert.equal(a.syncOutbox(start + 3 * MIN + 1, 'now'), null);
  assert.equal(a.today(start + 5 * MIN).tracked_seconds, 2 * 60);
});

test('another browser’s export merges once; a bad one says why', () => {
  const a = browser('aaaa000000000000', 'https://docs.google.com/document/d/1');
  const b = browser('bbbb000000000000', 'https://www.youtube.com/watch?v=2');
  a.recordExport('json', start + 3 * MIN);
  const file = JSON.parse(JSON.stringify(a.exportDocument(start + 3 * MIN)));
  const preview = b.previewMerge(file);
  assert.equal(preview.days, 1);
  assert.equal(preview.hours, '0.0');
  assert.match(preview.sentences[0], /Browser aaaa/);
  b.applyMerge(file, start + 4 * MIN);
  b.applyMerge(file, start + 4 * MIN);
  assert.equal(b.today(start + 5 * MIN).tracked_seconds, 4 * 60);
  assert.throws(() => b.previewMerge({ format: 'fairtime-export', version: 1, settings: {} }), /older Fairtime/);
  assert.throws(() => b.previewMerge({ format: 'other' }), /not a Fairtime export/);
  assert.throws(() => b.applyMerge({ totals: { cccc: ['zz'] } }, start), /cannot be read/);
  assert.equal(b.today(start + 5 * MIN).tracked_seconds, 4 * 60);
});
