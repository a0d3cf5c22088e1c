// A copy of the toolbar popup's view in storage.session (memory only,
// emptied when the browser closes), written by the worker after every
// change, so that the popup can draw at once while a stopped worker wakes;
// the worker's own answer is drawn over it when it comes. The core says
// until when a copy stays true (`steadyUntil`): before it, the view only
// grows by the time passing on what is being counted.
import { api } from './api.js';

const KEY = 'popupView';

/** All the popup shows, in one answer: the popup opens in one round trip. */
export function popupView(tracker, at) {
  return {
    status: tracker.status(at),
    at,
    today: tracker.today(at),
    categoryOnly: tracker.settings().category_only,
    setAside: tracker.setAside().length,
  };
}

/** Keeps the copy in step with the tracker (the worker, after a change). */
export async function saveSnapshot(tracker, at) {
  const snapshot = { view: popupView(tracker, at), until: tracker.steadyUntil(at) };
  await api.storage.session.set({ [KEY]: snapshot }).catch((error) => console.error('Fairtime:', error));
}

/** The stored copy, asked for as the popup starts (popup/early.js). */
export const readSnapshot = () => api.storage.session.get(KEY).then((stored) => stored[KEY]);

// Most time first, ties by name, as the core orders them.
const bySeconds = (a, b, name) => b.seconds - a.seconds || (a[name] < b[name] ? -1 : a[name] > b[name] ? 1 : 0);

/**
 * The view as the copy says it is at `now`, or null when the copy cannot
 * say: none, from before `now` can be told (a clock that went back), past
 * its `until`, or counting into a category or site the copy does not list
 * yet (the worker's answer will).
 */
export function viewAt(snapshot, now) {
  if (!snapshot?.view || !(now >= snapshot.view.at && now <= snapshot.until)) return null;
  const view = structuredClone(snapshot.view);
  view.at = now;
  const { status, today } = view;
  if (status.state !== 'tracking') return view;
  const seconds = Math.floor((now - snapshot.view.at) / 1000);
  const category = today.categories.find((c) => c.id === status.category.id);
  const site = view.categoryOnly || !status.domain ? null : today.top_domains.find((d) => d.domain === status.domain);
  if (!category || site === undefined) return null;
  category.seconds += seconds;
  if (site) site.seconds += seconds;
  today.tracked_seconds += seconds;
  if (category.work) today.work_seconds += seconds;
  today.categories.sort((a, b) => bySeconds(a, b, 'name'));
  today.top_domains.sort((a, b) => bySeconds(a, b, 'domain'));
  return view;
}
