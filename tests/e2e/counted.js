// Reads what Fairtime counted, from a copy of its storage, with the same core
// under Node: the open segment is settled up to `at` so that the figures are
// exact to the millisecond.
import { loadCore } from '../node/load-core.js';

const core = await loadCore();

export function counted(stored, at = Date.now()) {
  const tracker = new core.Tracker(stored, at);
  const { set } = tracker.settle(at);
  const all = { ...stored, ...set };
  const result = { total: 0, categories: {}, domains: {} };
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith('day:')) continue;
    result.total += value.d.ms;
    for (const [category, totals] of Object.entries(value.d.categories)) {
      result.categories[category] = (result.categories[category] ?? 0) + totals.ms;
      for (const [domain, ms] of Object.entries(totals.domains ?? {})) {
        result.domains[domain] = (result.domains[domain] ?? 0) + ms;
      }
    }
  }
  return result;
}

/** A schedule that works every minute of every day except the listed breaks. */
export function alwaysWorking(breaks = []) {
  const all = ['00:00-24:00'];
  return {
    hours: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all },
    breaks,
  };
}
