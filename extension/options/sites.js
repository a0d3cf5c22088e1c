// Sites as a person reads and types them, worded by the core: the options
// page runs its own copy of the full core for this (the worker's wake-up
// core lacks it), so that every list draws at once, without asking the
// background for each name.
import init, * as core from '../core/fairtime_full.js';
import { api } from '../api.js';
import { clockMinutes } from '../format.js';

/** Resolves once the core can answer; the page awaits it before drawing. */
export const ready = init({ module_or_path: api.runtime.getURL('core/fairtime_full_bg.wasm') }).then(() => {
  core.useMessages((key, substitutions) => api.i18n.getMessage(key, substitutions), clockMinutes);
});

/** A stored host or rule pattern as a person reads it: "*.bücher.de". */
export const site = (stored) => core.displaySite(String(stored));

/**
 * What was typed in a site field ('rule', 'exclusion' or 'test'), read as
 * the core reads it: `{site, display}`; throws with the core's message.
 */
export const readSite = (text, field) => core.readSite(String(text), field);
