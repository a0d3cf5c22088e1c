// The stored days, read as they are needed: a worker that wakes reads the
// state and the days counting may reach now, not the whole history, so a
// wake-up costs the same after three years as on the first day. What reads
// or rewrites every day (reports, exports, re-filing, excluding a site,
// imports) is refused by the core until the rest is loaded; `withHistory`
// then loads it and runs the job once more.
import * as core from './core/fairtime.js';
import { api } from './api.js';

/** Every stored key without its value, where the browser can list them. */
async function storedKeys() {
  const local = api.storage.local;
  if (typeof local.getKeys !== 'function') return undefined;
  try {
    return await local.getKeys();
  } catch {
    return undefined;
  }
}

/** Moves what the core could not read in `stored` aside, kept for the person. */
async function setAsideProblems(tracker, stored) {
  const problems = tracker.problems();
  if (problems.length === 0) return;
  const aside = {};
  for (const problem of problems) {
    // The shape storage.rs documents under DAMAGED_PREFIX.
    aside[problem.moved_to] = { reason: problem.message, value: stored[problem.key] };
    console.warn(`Fairtime: ${problem.key}: ${problem.message}`);
  }
  await api.storage.local.set(aside);
  await api.storage.local.remove(problems.map((problem) => problem.key));
  // The data log notes each value set aside.
  const { set, remove } = tracker.loadChanges();
  if (Object.keys(set).length > 0) await api.storage.local.set(set);
  if (remove.length > 0) await api.storage.local.remove(remove);
}

/** The core's tracker from the state and the days counting may reach at `now`. */
export async function loadTracker(now) {
  const keys = await storedKeys();
  if (keys === undefined) {
    const stored = await api.storage.local.get(null);
    const tracker = new core.Tracker(stored, now);
    await setAsideProblems(tracker, stored);
    return tracker;
  }
  // The state and the latest days (storage.rs `wake_keys`); the core
  // refuses what would need the others until withHistory loads them. The
  // keys cross into the core as one string: an array of a thousand
  // strings costs a thousand crossings.
  const listed = keys.join('\n');
  const stored = await api.storage.local.get(core.wakeKeys(listed));
  const tracker = new core.Tracker(stored, now, listed);
  await setAsideProblems(tracker, stored);
  return tracker;
}

/** Reads every stored day into `tracker`, once. */
export async function loadHistory(tracker) {
  if (tracker.historyLoaded()) return;
  const now = Date.now();
  const stored = await api.storage.local.get(null);
  tracker.loadHistory(stored, now);
  await setAsideProblems(tracker, stored);
}

/**
 * Runs `job`; if the core refused it for want of the days not loaded
 * (it then changed nothing), loads them and runs it again.
 */
export async function withHistory(tracker, job) {
  try {
    return await job();
  } catch (error) {
    if (tracker.historyLoaded()) throw error;
    await loadHistory(tracker);
    return job();
  }
}
