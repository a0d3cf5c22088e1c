// Hostile input through the shipped full core (issue 13): what the worker
// is handed is refused at once, in the person's words, at the limits the
// core keeps (tests/e2e/hostile.test.js drives the same through the pages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from './load-core.js';
import { dateBack, rulesFile, wrongTypes } from '../bench/hostile.js';

const now = Date.now();

test('an array is no file to import or merge, however deep', async () => {
  const core = await loadCore();
  const tracker = new core.Tracker(undefined, now);
  const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  for (const file of [[], [{ settings: {} }], deep]) {
    assert.throws(() => tracker.previewImport(file), { message: 'this file cannot be imported: it holds no object of settings or rules' });
    assert.throws(() => tracker.previewMerge(file), { message: 'this file cannot be imported: it holds no object of settings or rules' });
  }
});

test('more rules than a rule book holds are refused before they are read; the limit itself is read', async () => {
  const core = await loadCore();
  const tracker = new core.Tracker(undefined, now);
  const [huge, over] = [rulesFile(100_000, core), rulesFile(10_001, core)].map((text) => JSON.parse(text));
  const start = performance.now();
  assert.throws(() => tracker.previewImport(huge), /at most 10,000 rules/);
  const ms = performance.now() - start;
  assert.throws(() => tracker.previewImport(over), /at most 10,000 rules/);
  // Reading the 100,000 patterns first took 480 ms here.
  assert.ok(ms < 100, `${ms} ms`);
  assert.ok(Array.isArray(tracker.previewImport(JSON.parse(rulesFile(10_000, core)))));
});

test('a stored value of the wrong type is named in the words of the person, not of the code', async () => {
  for (const [language, object, number] of [['en', 'an object', 'the number 42'], ['de', 'ein Objekt', 'die Zahl 42']]) {
    const core = await loadCore(language, { wake: true });
    const stored = wrongTypes();
    // As a waking worker reads them (extension/history.js).
    const tracker = core.Tracker.waking();
    tracker.read(stored, now);
    const problems = tracker.problems();
    assert.deepEqual(problems.map((p) => p.key).sort(), Object.keys(stored).sort());
    for (const { message } of problems) {
      assert.doesNotMatch(message, /struct|VersionOnly|\bIndex\b|u32|i64|sequence|a string|a boolean/, message);
    }
    const settings = problems.find((p) => p.key === 'settings').message;
    assert.ok(settings.includes(number) && settings.includes(object), settings);
  }
});

test('what serde names is said in words: text, a number, yes or no, an array', async () => {
  const core = await loadCore();
  const tracker = new core.Tracker(undefined, now);
  const settings = tracker.settings();
  const refused = (file) => {
    try {
      tracker.previewImport(file);
    } catch (error) {
      return error.message;
    }
    return null;
  };
  assert.match(refused({ settings: { ...settings, idle_seconds: 'soon' } }), /where Fairtime expects a number$/);
  assert.match(refused({ settings: { ...settings, category_only: 'no' } }), /where Fairtime expects yes or no$/);
  assert.match(refused({ settings: { ...settings, excluded: 'bank.example' } }), /where Fairtime expects an array$/);
  assert.match(refused({ format: 7 }), /where Fairtime expects text$/);
});

test("a stored text of sync's that cannot be read is quoted by its start only", async () => {
  const core = await loadCore();
  const long = 'x'.repeat(100_000);
  const peer = `peer:0123456789abcdef:${dateBack(3)}`;
  const tracker = new core.Tracker({ sync: { v: 1, d: long }, [peer]: { v: 1, d: long } }, now);
  const problems = tracker.problems();
  assert.deepEqual(problems.map((p) => p.key).sort(), [peer, 'sync']);
  for (const { message } of problems) {
    assert.ok(message.length < 250, `${message.length} characters`);
    assert.ok(message.includes(`its text does not read as Fairtime writes it: “${'x'.repeat(60)}…”`), message);
  }
});
