// The core's own memory allocator (crate/src/heap.rs) under the shipped
// full .wasm (it has displaySite): values of every size come back whole,
// and memory freed is used again rather than the module growing with each
// call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const coreDir = new URL('../../target/web/', import.meta.url);
const glue = await readFile(new URL('fairtime_full.js', coreDir), 'utf8');
const core = await import(`data:text/javascript;base64,${Buffer.from(glue).toString('base64')}`);
const wasm = core.initSync({ module: await readFile(new URL('fairtime_full_bg.wasm', coreDir)) });

test('strings of every size pass through the core unchanged', () => {
  for (let n = 1; n <= 1 << 20; n *= 3) {
    const site = `${'ab'.repeat(n).slice(0, n)}.example`;
    assert.equal(core.displaySite(site), site);
  }
});

test('memory freed by one call is used by the next', () => {
  const round = () => {
    for (let i = 0; i < 2000; i++) {
      const site = `${'x'.repeat(i % 300)}site${i}.example`;
      assert.equal(core.displaySite(site), site);
      new core.Tracker(undefined, 1764000000000 + i).free();
    }
  };
  round();
  const after = wasm.memory.buffer.byteLength;
  round();
  round();
  assert.equal(wasm.memory.buffer.byteLength, after);
});
