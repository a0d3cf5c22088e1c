// The core ships as two modules (issue 11): the one every wake-up compiles
// lacks what only the options page asks for, yet the worker still answers
// every message a page sends, each kind either from the wake-up core
// (background.js) or from the full one (full.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { loadCore } from './load-core.js';

const wake = await loadCore('en', { wake: true });
const full = await loadCore('en');
const extension = new URL('../../extension/', import.meta.url);
const source = (path) => readFile(new URL(path, extension), 'utf8');

const OPTIONS_ONLY = ['week', 'month', 'range', 'monthCsv', 'rangeCsv', 'exportDocument', 'exportCsv',
  'previewImport', 'applyImport', 'explain', 'dataLog', 'editRules', 'unnamedDays', 'discardSetAside',
  'recordExport', 'forgetEverything', 'syncPreview', 'previewMerge', 'applyMerge'];

/** Whether `core`'s Tracker answers `name` (a method or a static function). */
const has = (core, name) => typeof core.Tracker.prototype[name] === 'function' || typeof core.Tracker[name] === 'function';

/** The methods `text` calls on a variable named `tracker`. */
const calledOnTracker = (text) => new Set([...text.matchAll(/\btracker\.(\w+)\(/g)].map((m) => m[1]));

/** The keys of the object literal `const NAME = { ... };` in `text`. */
function keysOf(text, name) {
  const start = text.indexOf(`const ${name} = {`);
  assert.ok(start >= 0, `no ${name} object`);
  const body = text.slice(start, text.indexOf('\n};', start));
  return new Set([...body.matchAll(/^ {2}(?:async )?(\w+)\s*[(:]/gm)].map((m) => m[1]));
}

test('the wake-up module lacks the options-only operations; the full one has them', () => {
  for (const name of OPTIONS_ONLY) {
    assert.equal(has(wake, name), false, `the wake-up module has ${name}`);
    assert.equal(has(full, name), true, `the full module lacks ${name}`);
  }
  assert.equal(typeof wake.displaySite, 'undefined');
  assert.equal(typeof full.displaySite, 'function');
});

test('the worker calls on its own tracker only what the wake-up module has', async () => {
  for (const file of ['background.js', 'history.js', 'sync.js', 'snapshot.js']) {
    for (const name of calledOnTracker(await source(file))) {
      assert.ok(has(wake, name), `${file} calls tracker.${name}, which the wake-up module lacks`);
    }
  }
  for (const name of calledOnTracker(await source('full.js'))) {
    assert.ok(has(full, name), `full.js calls tracker.${name}, which the full module lacks`);
  }
});

test('every message a page sends is answered by exactly one of the two cores', async () => {
  // sync.js adds its own to background.js's handlers.
  const handlers = new Set([...keysOf(await source('background.js'), 'handlers'), ...keysOf(await source('sync.js'), 'syncHandlers')]);
  const operations = keysOf(await source('full.js'), 'operations');
  assert.ok(operations.has('week') && operations.has('editRules') && handlers.has('popup'));
  for (const name of handlers) assert.ok(!operations.has(name), `${name} is answered twice`);
  const sent = new Set();
  for (const dir of ['popup', 'options', 'onboarding']) {
    for (const file of await readdir(new URL(`${dir}/`, extension))) {
      if (!file.endsWith('.js')) continue;
      const text = await source(`${dir}/${file}`);
      // ask('kind', …), sendMessage({ type: 'kind' }), and the helpers that ask for their first argument.
      for (const m of text.matchAll(/\b(?:ask|act|saveCsv)\('(\w+)'|sendMessage\(\{ type: '(\w+)'/g)) sent.add(m[1] ?? m[2]);
    }
  }
  assert.ok(sent.size > 15, [...sent].join());
  for (const type of sent) {
    assert.ok(handlers.has(type) || operations.has(type), `nothing answers '${type}'`);
  }
});

test('a wake-up core counts, shows today and takes consent on its own', () => {
  // A Wednesday at 10:00 in the machine's zone: inside the default working hours.
  const at = new Date(2026, 10, 25, 10, 0, 0).getTime();
  const data = {};
  const apply = ({ set, remove }) => {
    Object.assign(data, set);
    for (const key of remove) delete data[key];
  };
  const tracker = wake.Tracker.waking();
  for (let keys = tracker.wakeKeys(at); keys.length > 0; keys = tracker.wakeKeys(at)) tracker.read({}, at);
  apply(tracker.loadChanges());
  apply(tracker.setSettings(tracker.settings(), at));
  apply(tracker.giveConsent(at));
  apply(tracker.input({ type: 'focus', at, url: 'https://docs.google.com/' }));
  apply(tracker.settle(at + 60_000));
  assert.equal(tracker.status(at + 60_000).state, 'tracking');
  assert.equal(tracker.today(at + 60_000).tracked_seconds, 60);

  // The full core reads the same storage and sees the same minute.
  const again = new full.Tracker(data, at + 60_000);
  assert.equal(again.week(at + 60_000, 0).tracked_seconds, 60);
});
