// Fairtime's service worker (Chromium) and background script (Firefox).
//
// Manifest V3 rules, kept here on purpose:
// - listeners are registered synchronously at the top level, so an event that
//   wakes the worker finds its handler;
// - the core is imported statically and instantiated once, as one shared
//   promise that handlers await (no top-level await, no dynamic import());
// - the worker may be stopped whenever it is idle, so nothing lives only in
//   memory.
import init, * as core from './core/fairtime.js';
import { api } from './api.js';

const ready = init({ module_or_path: api.runtime.getURL('core/fairtime_bg.wasm') });

async function status() {
  await ready;
  return {
    coreVersion: core.coreVersion(),
    // A value only the core computes: shows the chain worker -> wasm -> page.
    sampleDuration: core.formatDuration(3900),
  };
}

const handlers = { status };

api.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  const handler = handlers[message?.type];
  if (!handler) return false;
  handler(message).then(
    (value) => sendResponse({ ok: true, value }),
    (error) => sendResponse({ ok: false, error: String(error?.message ?? error) }),
  );
  return true; // the answer comes asynchronously
});
