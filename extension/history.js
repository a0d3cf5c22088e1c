// The stored days, read as they are needed: a worker that wakes reads the
// state and the days counting may reach now, keys the core names from the
// clock and its index (never a list of every key), so a wake-up costs the
// same after three years as on the first day. What reads or rewrites every
// day (reports, exports, re-filing, excluding a site, imports, deleting
// everything) is refused by the core until the rest is loaded;
// `withHistory` then loads it and runs the job once more.
import * as core from './core/fairtime.js';
import { api } from './api.js';
import { write } from './storage.js';

let written = 0;
/** How many times reading has written to storage (extension/full.js asks). */
export const writesSoFar = () => written;

/** Moves what the core could not read in `stored` aside, kept for the person,
 * then writes the data log and the index if the load changed them. */
async function afterRead(tracker, stored) {
  const problems = tracker.problems();
  if (problems.length > 0) {
    const aside = {};
    for (const problem of problems) {
      // The shape storage.rs documents under DAMAGED_PREFIX.
      aside[problem.moved_to] = { reason: problem.message, value: stored[problem.key] };
      console.warn(`Fairtime: ${problem.key}: ${problem.message}`);
    }
    await api.storage.local.set(aside);
    await api.storage.local.remove(problems.map((problem) => problem.key));
    written++;
  }
  if (await write(tracker.loadChanges())) written++;
}

/**
 * Reads what the core names for `at` (storage.rs `wake_keys`) until it
 * names nothing more; whether it named anything.
 */
async function readRecent(tracker, at) {
  let read = false;
  for (let keys = tracker.wakeKeys(at); keys.length > 0; keys = tracker.wakeKeys(at)) {
    const stored = await api.storage.local.get(keys);
    tracker.read(stored, at);
    await afterRead(tracker, stored);
    read = true;
  }
  return read;
}

/**
 * The core's tracker from the state and the days counting may reach at
 * `now`; `Tracker` is the class of the core to build it in (the full core's
 * for extension/full.js).
 */
export async function loadTracker(now, Tracker = core.Tracker) {
  const tracker = Tracker.waking();
  await readRecent(tracker, now);
  // Storage from before the index: every day once, which writes the index.
  if (tracker.historyNeeded()) await loadHistory(tracker);
  return tracker;
}

/** Reads every stored day into `tracker`, once. */
export async function loadHistory(tracker) {
  if (tracker.historyLoaded()) return;
  const now = Date.now();
  const stored = await api.storage.local.get(null);
  tracker.loadHistory(stored, now);
  await afterRead(tracker, stored);
}

/**
 * Runs `job`; if the core refused it for want of days not read (it then
 * changed nothing), reads the days counting reaches now (a worker awake
 * past midnight) and runs it again, and if that was not enough, loads
 * every day and runs it once more.
 */
export async function withHistory(tracker, job) {
  try {
    return await job();
  } catch (error) {
    if (tracker.historyLoaded()) throw error;
    if (await readRecent(tracker, Date.now())) {
      try {
        return await job();
      } catch (again) {
        if (tracker.historyLoaded()) throw again;
      }
    }
    await loadHistory(tracker);
    return job();
  }
}
