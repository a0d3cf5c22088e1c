// The shipped core (target/web, as in dist/*/core) exercised under Node: its exports
// answer, and bad input throws a JavaScript Error with the core's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from './load-core.js';

const core = await loadCore();

test('throws a JavaScript Error for an impossible point in time', () => {
  assert.throws(() => new core.Tracker(undefined, Number.NaN), {
    name: 'Error',
    message: 'not a point in time: expected milliseconds since 1970',
  });
});

test('shows a stored site in Unicode and reads what is typed in a site field', () => {
  assert.equal(core.displaySite('xn--bcher-kva.de'), 'bücher.de');
  assert.equal(core.displaySite('*.xn--bcher-kva.de'), '*.bücher.de');
  assert.equal(core.displaySite('docs.google.com'), 'docs.google.com');
  for (const field of ['rule', 'exclusion', 'test']) {
    assert.deepEqual({ ...core.readSite('https://Bücher.de/kasse?x=1', field) }, { site: 'xn--bcher-kva.de', display: 'bücher.de' });
    assert.throws(() => core.readSite('no site', field), { name: 'Error', message: /^“no site” is not a site: type one such as example\.com/ });
  }
  assert.deepEqual({ ...core.readSite('*.bücher.de', 'rule') }, { site: '*.xn--bcher-kva.de', display: '*.bücher.de' });
  assert.throws(() => core.readSite('*.bücher.de', 'exclusion'), { message: /always includes its subdomains/ });
});

test("words times of day in messages as the browser's clock does", async () => {
  const { messagesOf } = await import('./load-core.js');
  const twelve = (minutes) => new Date(2024, 0, 1, 0, minutes % 1440)
    .toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
  // The last test of this file: the clock stays.
  core.useMessages(await messagesOf('en'), twelve);
  const tracker = new core.Tracker(undefined, Date.now());
  const settings = tracker.settings();
  assert.throws(() => tracker.setSettings({ ...settings, schedule: { hours: { mon: ['17:30-08:00'] } } }, Date.now()),
    { message: /^Monday: 5:30 PM–8:00 AM ends before it starts; .*from 5:30 PM until midnight, and from midnight until 8:00 AM/ });
});
