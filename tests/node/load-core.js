// Loads the core exactly as it ships in dist/chromium/core, for tests under Node.
import { readFile } from 'node:fs/promises';

const coreDir = new URL('../../dist/chromium/core/', import.meta.url);

export async function loadCore() {
  // The glue is an ES module with a .js name outside any package.json that
  // says so; its source is imported through a data: URL as a module.
  const glue = await readFile(new URL('fairtime.js', coreDir), 'utf8');
  const core = await import(`data:text/javascript;base64,${Buffer.from(glue).toString('base64')}`);
  core.initSync({ module: await readFile(new URL('fairtime_bg.wasm', coreDir)) });
  return core;
}
