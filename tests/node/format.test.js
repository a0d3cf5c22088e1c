// The pages' wording of numbers (extension/format.js) under Node: shares
// that add up to 100 %, and times of day in the hour cycle asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentages } from '../../extension/format.js';

const sum = (values) => values.reduce((a, b) => a + b, 0);

test('shares add up to 100 by largest remainder, where rounding each would not', () => {
  // Each rounded on its own: 33 + 33 + 33 = 99.
  assert.deepEqual(percentages([1, 1, 1]), [34, 33, 33]);
  // Each rounded on its own: 13 + 13 + 75 = 101 (12.5 rounds up twice).
  assert.deepEqual(percentages([125, 125, 750]), [13, 12, 75]);
  assert.deepEqual(percentages([2500, 2000, 1500]), [42, 33, 25]);
  assert.deepEqual(percentages([5, 0]), [100, 0]);
  assert.deepEqual(percentages([]), []);
  assert.deepEqual(percentages([0, 0]), [0, 0]);
});

test('any split adds up to exactly 100, and no share moves by a point or more', () => {
  let seed = 7;
  const random = () => { seed = (seed * 48271) % 2147483647; return seed; };
  for (let round = 0; round < 2000; round++) {
    const parts = Array.from({ length: 1 + (random() % 9) }, () => random() % 5000);
    if (sum(parts) === 0) continue;
    const shares = percentages(parts);
    assert.equal(sum(shares), 100, JSON.stringify(parts));
    parts.forEach((part, i) => {
      assert.ok(Math.abs(shares[i] - (100 * part) / sum(parts)) < 1, `${JSON.stringify(parts)} -> ${shares}`);
    });
  }
});
