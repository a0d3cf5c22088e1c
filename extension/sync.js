// Sync over the browser's own account sync (storage.sync): the worker side.
// The core decides what is written, when, and what a received item means
// (syncOutbox, syncReceive); this module only moves strings between
// storage.sync and the core, and keeps the `sync` alarm at the time the core
// names. Nothing here runs on an ordinary wake-up beyond asking the core, in
// memory, whether a write is due: storage.sync is read only when the browser
// starts, when sync is turned on, and when the sync service changes it.
//
// background.js calls `registerSync` at its top level, so that the listeners
// below are registered synchronously as Manifest V3 requires, and `afterCommit`
// after it wrote what an input changed.
import { api } from './api.js';
import { defaultDeviceName, randomDeviceId } from './device.js';
import { withHistory } from './history.js';
import { write } from './storage.js';

const ALARM = 'sync';

let deps = null;
/** The sync alarm this worker last set; a new worker clears none it did not
 * set (an old alarm that fires finds nothing due), so a wake-up costs nothing. */
let alarmSet = null;

// States in which a working block is under way. In any other (off hours, a
// break, a pause, idle, no consent) the block has ended: what it counted is
// written at once, and nothing is counted after it, so the core has nothing
// more to write until the next block.
const WORKING = new Set(['tracking', 'unfocused', 'untracked']);


/** Keeps the `sync` alarm at the time the core wants the outbox asked again. */
async function followAlarm(tracker, at) {
  const when = tracker.syncNextAttempt(at) ?? null;
  if (when === alarmSet) return;
  alarmSet = when;
  if (when === null) await api.alarms.clear(ALARM);
  else await api.alarms.create(ALARM, { when: Math.max(when, Date.now() + 1000) });
}

/**
 * Writes what the core has due for storage.sync, and tells it how that went;
 * a refused write (a quota, the write rate) loses nothing local: the core
 * keeps the error for the Sync section and names when to try again.
 */
async function flush(tracker, at, reason) {
  const out = await withHistory(tracker, async () => tracker.syncOutbox(at, reason));
  if (out) {
    let failure = null;
    try {
      if (Object.keys(out.set).length > 0) await api.storage.sync.set(out.set);
      if (out.remove.length > 0) await api.storage.sync.remove(out.remove);
    } catch (error) {
      failure = String(error?.message ?? error);
    }
    await write(failure === null ? tracker.syncWritten(Date.now()) : tracker.syncFailed(failure, Date.now()));
  }
  await followAlarm(tracker, Date.now());
}

/** Merges storage.sync items (key → string, or null for a removed key) into this browser's copy. */
async function receive(tracker, items) {
  if (Object.keys(items).length === 0) return;
  const at = Date.now();
  await withHistory(tracker, async () => write(tracker.syncReceive(items, at)));
}

/** storage.sync's keys, without their values where the browser can list them. */
async function syncedKeys() {
  const area = api.storage.sync;
  if (typeof area.getKeys === 'function') {
    try {
      return await area.getKeys();
    } catch {
      // Listed below from the values.
    }
  }
  return Object.keys(await area.get(null));
}

/** Everything in storage.sync, merged: when the browser starts and when sync is turned on. */
async function receiveAll(tracker) {
  if (!tracker.syncView(Date.now()).on) return;
  await receive(tracker, await api.storage.sync.get(null));
}

/**
 * After the worker wrote what an input changed: a debounced write while
 * counting ("tick"), one at once when a working block ended ("blockEnd").
 */
export async function afterCommit(tracker, at) {
  await flush(tracker, at, WORKING.has(tracker.status(at).state) ? 'tick' : 'blockEnd');
}

/** Removes from storage.sync this browser's keys, or (all) every Fairtime key. */
async function removeSynced(tracker, all) {
  const keys = tracker.syncRemoval(all, await syncedKeys());
  if (keys.length > 0) await api.storage.sync.remove(keys);
  return keys.length;
}

/** The Sync section's messages (its preview and the merge run in the full core, full.js). */
const syncHandlers = {
  syncView: (_message, tracker) => tracker.syncView(Date.now()),
  /** Turns sync on or off, names this browser, keeps its own hours or not. */
  async setSync({ prefs }, tracker) {
    const was = tracker.syncView(Date.now()).on;
    const at = Date.now();
    const next = {
      on: Boolean(prefs?.on),
      domains: Boolean(prefs?.domains),
      ownHours: Boolean(prefs?.ownHours),
      name: String(prefs?.name ?? '').trim(),
    };
    await write(tracker.setSync(next, randomDeviceId(), await defaultDeviceName(), at));
    if (next.on && !was) await receiveAll(tracker);
    await flush(tracker, Date.now(), 'now');
    return tracker.syncView(Date.now());
  },
  /** How many of storage.sync's keys are this browser's, and Fairtime's in all. */
  async syncStored(_message, tracker) {
    const keys = await syncedKeys();
    return { own: tracker.syncRemoval(false, keys).length, all: tracker.syncRemoval(true, keys).length };
  },
  /** Removes this browser's synced copy, or every browser's (all). */
  async syncRemove({ all }, tracker) {
    const removed = await removeSynced(tracker, Boolean(all));
    return { removed, view: tracker.syncView(Date.now()) };
  },
};

/** After the full core ran `type` and the worker read its writes: edits go to sync at once. */
export async function afterEdit(tracker, type) {
  // A merge of this browser's own export restores its days: they sync again.
  if (EDITS.includes(type) || type === 'applyMerge') await flush(tracker, Date.now(), 'now');
}

// After these, settings or rules may have changed: written to sync at once.
const EDITS = ['setSettings', 'editRules', 'applyImport', 'giveConsent', 'withdrawConsent', 'forgetEverything'];

/**
 * Registers sync's listeners and adds its messages to background.js's
 * `handlers`. `serially` runs a job on the tracker in turn with the others.
 */
export function registerSync({ serially, handlers }) {
  deps = { serially };
  for (const name of EDITS) {
    const edit = handlers[name];
    // The others run in the full core (full.js): afterEdit follows them.
    if (!edit) continue;
    handlers[name] = async (message, tracker) => {
      const value = await edit(message, tracker);
      await flush(tracker, Date.now(), 'now');
      return value;
    };
  }
  Object.assign(handlers, syncHandlers);

  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== ALARM) return;
    alarmSet = null;
    deps.serially((tracker) => flush(tracker, Date.now(), 'now'));
  });
  // What the sync service brought, and this browser's own writes: removed
  // keys come as null. storage.sync's own event where the browser has it, so
  // that writes to storage.local are not passed to this listener.
  const changed = (changes) => {
    const items = {};
    for (const [key, change] of Object.entries(changes)) items[key] = change.newValue ?? null;
    deps.serially(async (tracker) => {
      if (tracker.syncView(Date.now()).on) await receive(tracker, items);
    });
  };
  if (api.storage.sync.onChanged) api.storage.sync.onChanged.addListener(changed);
  else api.storage.onChanged.addListener((changes, area) => { if (area === 'sync') changed(changes); });
  api.runtime.onStartup.addListener(() => deps.serially(receiveAll));
}
