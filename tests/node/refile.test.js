// Filing a site through the shipped core's JavaScript face: the `file_site`
// edit the popup sends, the days it re-files, and `unnamedDays()`, which the
// options page reads to say that time kept without names stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from './load-core.js';

const core = await loadCore();
const MIN = 60_000;
const start = new Date(2026, 10, 25, 10, 0, 0).getTime();

test('file_site moves a site with its stored time, and unnamedDays counts days kept without names', () => {
  const week = '2026-11-18';
  const data = {
    [`day:${week}`]: { v: 1, d: { ms: 30 * MIN, categories: {
      entertainment: { ms: 30 * MIN, domains: { 'www.youtube.com': 20 * MIN } },
    } } },
  };
  const tracker = new core.Tracker(data, start);
  assert.equal(tracker.unnamedDays(), 1);
  const apply = (changes) => {
    Object.assign(data, changes.set);
    for (const key of changes.remove) delete data[key];
  };
  apply(tracker.giveConsent(start));
  apply(tracker.input({ type: 'focus', at: start, url: 'https://www.youtube.com/watch?v=1' }));
  apply(tracker.input({ type: 'heartbeat', at: start + MIN }));

  const changes = tracker.editRules({ op: 'file_site', domain: 'www.youtube.com', category: 'research' }, start + MIN);
  assert.ok(changes.set[`day:${week}`], 'the earlier day is written again');
  apply(changes);
  const earlier = data[`day:${week}`].d;
  assert.deepEqual(earlier.categories, {
    entertainment: { ms: 10 * MIN },
    research: { ms: 20 * MIN, domains: { 'www.youtube.com': 20 * MIN } },
  });
  assert.equal(earlier.ms, 30 * MIN);
  const today = tracker.today(start + MIN);
  assert.deepEqual(today.top_domains.map((d) => [d.domain, d.category, d.seconds]), [['www.youtube.com', 'research', 60]]);
  assert.equal(tracker.unnamedDays(), 1);
  assert.equal(new core.Tracker(data, start + MIN).today(start + MIN).top_domains[0].category, 'research');

  assert.throws(() => tracker.editRules({ op: 'file_site', domain: 'www.youtube.com' }, start), /needs `category`/);
  assert.throws(() => tracker.editRules({ op: 'file_site', domain: 'a b', category: 'work' }, start), Error);
});
