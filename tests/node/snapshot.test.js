// The popup's copy of its view (extension/snapshot.js): drawn only while the
// core says it holds, grown by the time passed on what is being counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viewAt } from '../../extension/snapshot.js';

const at = Date.UTC(2026, 5, 10, 8, 0);
const work = { id: 'work', name: 'Work', colour: '#0f766e', work: true, seconds: 100 };
const fun = { id: 'fun', name: 'Fun', colour: '#b42318', work: false, seconds: 90 };
function snapshot(status, { until = at + 60_000, categoryOnly = false } = {}) {
  return {
    until,
    view: {
      status, at, categoryOnly, setAside: 0,
      today: {
        date: '2026-06-10', tracked_seconds: 190, work_seconds: 100, scheduled_seconds: 28_800,
        categories: [{ ...work }, { ...fun }],
        top_domains: [
          { domain: 'github.com', display: 'github.com', category: 'work', seconds: 100 },
          { domain: 'youtube.com', display: 'youtube.com', category: 'fun', seconds: 90 },
        ],
      },
    },
  };
}
const tracking = (category, domain) => ({ state: 'tracking', category: { ...category, seconds: 0 }, domain, display: domain });

test('a copy grows by the seconds passed on the category and site counted, and is ordered again', () => {
  const view = viewAt(snapshot(tracking(fun, 'youtube.com')), at + 20_700);
  assert.equal(view.at, at + 20_700);
  assert.equal(view.today.tracked_seconds, 210);
  assert.equal(view.today.work_seconds, 100);
  assert.deepEqual(view.today.categories.map((c) => [c.id, c.seconds]), [['fun', 110], ['work', 100]]);
  assert.deepEqual(view.today.top_domains.map((d) => [d.domain, d.seconds]), [['youtube.com', 110], ['github.com', 100]]);
  const working = viewAt(snapshot(tracking(work, 'github.com')), at + 5_000);
  assert.equal(working.today.work_seconds, 105);
});

test('a copy is not drawn past its end, before it was made, or when it cannot say', () => {
  const copy = snapshot(tracking(work, 'github.com'));
  assert.equal(viewAt(copy, at + 60_001), null);
  assert.equal(viewAt(copy, at - 1), null);
  assert.equal(viewAt(undefined, at), null);
  // Counting into a site the copy does not list: the worker's answer will.
  assert.equal(viewAt(snapshot(tracking(work, 'gitlab.com')), at + 1000), null);
  assert.equal(viewAt(snapshot(tracking({ ...work, id: 'new' }, 'github.com')), at + 1000), null);
  // Without site names, the site does not matter.
  const categoryOnly = snapshot(tracking(work, null), { categoryOnly: true });
  assert.equal(viewAt(categoryOnly, at + 3000).today.tracked_seconds, 193);
});

test('a copy that counts nothing is drawn as it is, and the stored one is left alone', () => {
  const copy = snapshot({ state: 'paused', until: at + 300_000 }, { until: at + 300_000 });
  const view = viewAt(copy, at + 200_000);
  assert.deepEqual(view.today, copy.view.today);
  view.today.tracked_seconds = 0;
  assert.equal(copy.view.today.tracked_seconds, 190);
});
