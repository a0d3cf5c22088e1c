// What only the options page asks for runs in the full core
// (core/fairtime_full.js): reports, CSV, export and import, explaining a
// rule, the data log, set-aside values, rule edits that re-file days,
// deleting everything, sync's preview and merging another browser's export. A wake-up compiles only the small core; the full one
// is instantiated the first time one of these messages arrives (once per
// worker life). Each operation gets a tracker built from all of storage,
// history loaded, and writes its changes; the worker (background.js), which
// runs it in its serial queue, then rebuilds its own tracker if anything
// was written.
import initFull, * as full from './core/fairtime_full.js';
import { api } from './api.js';
import { clockMinutes } from './format.js';
import { loadHistory, loadTracker, writesSoFar } from './history.js';
import { write } from './storage.js';

let instantiated = null;
function fullCore() {
  instantiated ??= initFull({ module_or_path: api.runtime.getURL('core/fairtime_full_bg.wasm') }).then(() => {
    full.useMessages((key, substitutions) => api.i18n.getMessage(key, substitutions), clockMinutes);
    // Read by tests/e2e/split.test.js: a wake-up never gets here.
    performance.mark('fairtime:full');
  });
  return instantiated;
}

/** A file's text as JSON, or an error a person understands. */
function parseFile(text) {
  try {
    return JSON.parse(String(text));
  } catch {
    throw new Error(api.i18n.getMessage('importNotJson'));
  }
}

/** The message kinds the full core answers, each `(message, tracker, write)`. */
const operations = {
  week: ({ weeksBack = 0 }, tracker) => tracker.week(Date.now(), weeksBack),
  month: ({ monthsBack = 0 }, tracker) => tracker.month(Date.now(), monthsBack),
  range: ({ first, last }, tracker) => tracker.range(String(first ?? ''), String(last ?? ''), Date.now()),
  monthCsv: ({ monthsBack = 0 }, tracker) => tracker.monthCsv(Date.now(), monthsBack),
  rangeCsv: ({ first, last }, tracker) => tracker.rangeCsv(String(first ?? ''), String(last ?? ''), Date.now()),
  explain: ({ input }, tracker) => tracker.explain(String(input ?? '')),
  dataLog: (_message, tracker) => tracker.dataLog(),
  async discardSetAside({ key }, tracker, write) {
    await write(tracker.discardSetAside(String(key), Date.now()));
    return tracker.setAside();
  },
  async editRules({ edit }, tracker, write) {
    const at = Date.now();
    await write(tracker.editRules(edit, at));
    // Days kept without site names, whose time a rule change cannot move.
    return { ...tracker.rules(), unnamed_days: tracker.unnamedDays() };
  },
  async exportJson(_message, tracker, write) {
    const at = Date.now();
    // The export's own entry is in the log it exports.
    await write(tracker.recordExport('json', at));
    const doc = tracker.exportDocument(at);
    // Values set aside are exported as they were stored (never imported).
    const keys = tracker.setAside().map((entry) => entry.key);
    if (keys.length > 0) doc.set_aside = await api.storage.local.get(keys);
    return { filename: `fairtime-${tracker.today(at).date}.json`, text: `${JSON.stringify(doc, null, 2)}\n` };
  },
  async exportCsv(_message, tracker, write) {
    const at = Date.now();
    await write(tracker.recordExport('csv', at));
    return { filename: `fairtime-daily-${tracker.today(at).date}.csv`, text: tracker.exportCsv() };
  },
  previewImport: ({ text }, tracker) => ({ changes: tracker.previewImport(parseFile(text)) }),
  async applyImport({ text }, tracker, write) {
    await write(tracker.applyImport(parseFile(text), Date.now()));
    return { settings: tracker.settings(), rules: tracker.rules() };
  },
  syncPreview: ({ domains }, tracker) => tracker.syncPreview(Boolean(domains), Date.now()),
  previewMerge: ({ text }, tracker) => tracker.previewMerge(parseFile(text)),
  async applyMerge({ text }, tracker, write) {
    await write(tracker.applyMerge(parseFile(text), Date.now()));
    return tracker.today(Date.now());
  },
  async forgetEverything(_message, tracker, write) {
    const at = Date.now();
    await write(tracker.forgetEverything(at));
    return tracker.status(at);
  },
};

/** Whether the full core answers messages of `type`. */
export const isFull = (type) => Object.hasOwn(operations, type);

/**
 * Runs `message` in the full core: `{value, wrote}`, `wrote` telling whether
 * anything in storage changed (the operation's changes, or what loading
 * moved aside or indexed), so the worker's tracker must be rebuilt.
 */
export async function runFull(message) {
  await fullCore();
  const before = writesSoFar();
  let wrote = false;
  const store = async (changes) => {
    wrote = (await write(changes)) || wrote;
  };
  const tracker = await loadTracker(Date.now(), full.Tracker);
  try {
    await loadHistory(tracker);
    const value = await operations[message.type](message, tracker, store);
    return { value, wrote: wrote || writesSoFar() !== before };
  } catch (error) {
    // Refused operations change nothing, but the load may have written.
    error.wrote = wrote || writesSoFar() !== before;
    throw error;
  } finally {
    tracker.free();
  }
}
