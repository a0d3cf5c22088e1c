// The shipped core (dist/chromium/core) exercised under Node: its exports
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
