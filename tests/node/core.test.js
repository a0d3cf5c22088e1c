// The shipped core (dist/chromium/core) exercised under Node: its exports
// answer, and bad input throws a JavaScript Error with the core's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from './load-core.js';

const core = await loadCore();

test('reports the version of the crate it was built from', async () => {
  const { readFile } = await import('node:fs/promises');
  const cargo = await readFile(new URL('../../Cargo.toml', import.meta.url), 'utf8');
  const version = cargo.match(/^version = "(.+)"$/m)[1];
  assert.equal(core.coreVersion(), version);
});

test('formats durations in whole minutes, never rounding up', () => {
  assert.equal(core.formatDuration(0), '0 min');
  assert.equal(core.formatDuration(59.9), '0 min');
  assert.equal(core.formatDuration(3900), '1 h 05 min');
  assert.equal(core.formatDuration(10 * 3600 + 59), '10 h 00 min');
});

test('throws a JavaScript Error for impossible durations', () => {
  assert.throws(() => core.formatDuration(-5), {
    name: 'Error',
    message: 'a duration cannot be negative',
  });
  assert.throws(() => core.formatDuration(Number.NaN), {
    message: 'a duration must be a finite number of seconds',
  });
});
