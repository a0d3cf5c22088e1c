// Fairtime's service worker (Chromium) and background script (Firefox): it
// turns browser events into the core's inputs and writes what the core says
// to storage. No tracking logic lives here: the core decides what counts.
//
// Manifest V3 rules, kept here on purpose:
// - listeners are registered synchronously at the top level, so an event that
//   wakes the worker finds its handler;
// - the core is imported statically and instantiated once, as one shared
//   promise that handlers await (no top-level await, no dynamic import());
//   what only the options page asks for runs in the larger full core, also
//   imported statically but instantiated only when needed (full.js);
// - the worker may be stopped whenever it is idle, so nothing lives only in
//   memory: every change the core reports is written before the next input
//   is applied, and a restarted worker rebuilds the core from storage;
// - no keep-alive tricks: the accounting is built from timestamps, so the
//   worker may sleep between events.
import init, * as core from './core/fairtime.js';
import { api } from './api.js';
import { showStatus } from './badge.js';
import { pauseMinutes } from './commands.js';
import { clockMinutes } from './format.js';
import { isFull, runFull } from './full.js';
import { popupView, saveSnapshot } from './snapshot.js';
import { write } from './storage.js';
import { loadTracker, withHistory } from './history.js';
import { afterCommit, afterEdit, registerSync } from './sync.js';

/** The heartbeat: a sign of life every 30 s (Chromium's shortest period),
 * while something may be counted. */
const HEARTBEAT = 'heartbeat';
const HEARTBEAT_MINUTES = 0.5;
/** A one-off alarm at the next schedule boundary or end of a pause. */
const WAKE = 'wake';
const ONBOARDING = 'onboarding/onboarding.html';

/** When this worker started: before any event it will handle. */
const started = Date.now();
const SESSION = 'browserSession';

// Asked at once, while the core compiles: whether this worker is the session's first.
const session = api.storage.session.get(SESSION);
const ready = init({ module_or_path: api.runtime.getURL('core/fairtime_bg.wasm') }).then(load);
// Read by the benchmark (tests/bench/browser.js): when this worker can answer.
ready.then(() => performance.mark('fairtime:ready'), () => {});
// After what woke this worker (the popup waits for its answer), before
// anything later.
ready.then(() => serially(housekeep), () => {});

/** Builds the core's tracker from the state and the recent days (history.js). */
async function load() {
  // The core's messages (errors, the import preview) in the person's language.
  core.useMessages((key, substitutions) => api.i18n.getMessage(key, substitutions), clockMinutes);
  // Values the core cannot read are kept aside for the person, never lost.
  const tracker = await loadTracker(started);
  // storage.session is emptied when the browser (or Fairtime) starts, also
  // after a crash, when runtime.onStartup may not fire: the first worker of a
  // session tells the core, which then counts nothing before this instant.
  if (!(await session)[SESSION]) {
    await withHistory(tracker, async () => write(tracker.input({ type: 'startup', at: started })));
    await api.storage.session.set({ [SESSION]: started });
  }
  return tracker;
}

/** What each new worker does once it can answer. */
async function housekeep(tracker) {
  const at = Date.now();
  // Days older than the person's retention limit go as soon as a worker
  // starts (the core knows which, without reading them).
  await write(tracker.prune(at));
  await followSettings(tracker);
  // Alarms may not survive a browser restart or an update: each worker sets
  // the heartbeat (while it is wanted) and the next wake-up afresh.
  heartbeatOn = Boolean(await api.alarms.get(HEARTBEAT));
  // A worker stopped while it handled an event lost it (the stored front
  // would be counted on until the next tab event): each new worker asks
  // what is in front now.
  await commit(tracker, at, tracker.input({ ...(await front()), at }));
}

// One job at a time, in the order the events arrived: each job reads the
// tracker and writes its changes before the next one starts.
let queue = Promise.resolve();
/** The worker's tracker; rebuilt from storage after the full core wrote. */
let current = ready;
function enqueue(job) {
  const result = queue.then(() => current).then(job);
  queue = result.catch((error) => console.error('Fairtime:', error));
  return result;
}
// A job the core refuses for want of the older days runs again once they
// are loaded (history.js).
function serially(job) {
  return enqueue((tracker) => withHistory(tracker, () => job(tracker)));
}

/** Runs an options page's operation in the full core (full.js), in the queue. */
function inFullCore(message) {
  return enqueue(async (tracker) => {
    try {
      const { value, wrote } = await runFull(message);
      if (wrote) await afterEdit(await rebuild(tracker), message.type);
      return value;
    } catch (error) {
      if (error?.wrote) await rebuild(tracker);
      throw error;
    }
  });
}

/** The worker's tracker read again from what the full core wrote. */
async function rebuild(old) {
  current = loadTracker(Date.now());
  const tracker = await current;
  old.free();
  await followSettings(tracker);
  await settleOutward(tracker, Date.now());
  return tracker;
}

/** The wake-up alarm this worker last set; a new worker sets it again. */
let wakeSet = null;

/** Whether the heartbeat alarm exists, as this worker last saw or set it. */
let heartbeatOn = false;

/** The heartbeat runs only while something may be counted (the core says when). */
async function followHeartbeat(tracker, at) {
  const wanted = tracker.needsHeartbeat(at);
  if (wanted === heartbeatOn) return;
  heartbeatOn = wanted;
  if (wanted) {
    await api.alarms.create(HEARTBEAT, { periodInMinutes: HEARTBEAT_MINUTES });
  } else {
    await api.alarms.clear(HEARTBEAT);
  }
}

/** After any change: the badge, the popup's copy, the heartbeat, the next wake-up (only when it moved). */
async function settleOutward(tracker, at) {
  await showStatus(tracker.status(at));
  await saveSnapshot(tracker, at);
  await followHeartbeat(tracker, at);
  const wake = tracker.nextWake(at) ?? null;
  if (wake === wakeSet) return;
  wakeSet = wake;
  if (wake === null) {
    await api.alarms.clear(WAKE);
  } else {
    await api.alarms.create(WAKE, { when: Math.max(wake, Date.now() + 1000) });
  }
}

/** Writes what the core changed at `at`, then the badge and the next wake-up. */
async function commit(tracker, at, changes) {
  await write(changes);
  await settleOutward(tracker, at);
  await afterCommit(tracker, at);
}

/** The idle threshold follows the person's setting. */
async function followSettings(tracker) {
  api.idle.setDetectionInterval(tracker.settings().idle_seconds);
}

/** Applies one input from the browser. `at` is when the browser reported it. */
function report(input) {
  return serially(async (tracker) => {
    await commit(tracker, input.at, tracker.input(input));
  });
}

/**
 * What is in front now: the active tab of the focused window, or nothing if
 * the browser does not have focus. Private windows are invisible to Fairtime
 * ("incognito": "not_allowed"), so focusing one reads as the browser losing
 * focus.
 */
async function front() {
  const window = await api.windows.getLastFocused().catch(() => undefined);
  if (!window?.focused || window.incognito) return { type: 'unfocused' };
  const [tab] = await api.tabs.query({ active: true, windowId: window.id });
  if (!tab || tab.incognito) return { type: 'unfocused' };
  return { type: 'focus', url: tab.url ?? tab.pendingUrl };
}

/** Reports what is in front as of `at`. */
function sense(at) {
  return serially(async (tracker) => {
    const input = { ...(await front()), at };
    await commit(tracker, at, tracker.input(input));
  });
}

// --- browser events ------------------------------------------------------------

api.tabs.onActivated.addListener(() => sense(Date.now()));
api.tabs.onUpdated.addListener((_tabId, change, tab) => {
  if (change.url !== undefined && tab.active) sense(Date.now());
});
api.tabs.onRemoved.addListener(() => sense(Date.now()));

// WINDOW_ID_NONE may mean the browser lost focus, or be a blink between two
// of its windows (reported before or after the new window, by platform):
// asking which window has focus settles it, and the core counts a short
// unfocus between two focused states as if focus had never left.
api.windows.onFocusChanged.addListener(() => sense(Date.now()));

api.idle.onStateChanged.addListener((state) => {
  const at = Date.now();
  if (state === 'active') {
    report({ type: 'active', at }).then(() => sense(at));
  } else {
    report({ type: state === 'locked' ? 'locked' : 'idle', at });
  }
});

api.alarms.onAlarm.addListener((alarm) => {
  const at = Date.now();
  if (alarm.name === HEARTBEAT || alarm.name === WAKE) report({ type: 'heartbeat', at });
});

// The new session itself is detected when the worker loads (see load()).
api.runtime.onStartup.addListener(() => sense(Date.now()));

api.runtime.onInstalled.addListener(({ reason }) => {
  if (reason !== 'install') return;
  serially(async (tracker) => {
    if (tracker.status(Date.now()).state === 'no_consent') {
      await api.tabs.create({ url: api.runtime.getURL(ONBOARDING) });
    }
  });
});

api.commands.onCommand.addListener((command) => {
  const at = Date.now();
  serially(async (tracker) => {
    const paused = tracker.status(at).state === 'paused';
    const minutes = pauseMinutes(command);
    if (minutes === undefined) return;
    const input = paused && command === 'pause-toggle'
      ? { type: 'resume', at }
      : { type: 'pause', at, minutes: minutes ?? undefined };
    await commit(tracker, at, tracker.input(input));
  });
});

// --- messages from Fairtime's own pages ---------------------------------------

/** The tracker's state at `at`. */
function overview(tracker, at) {
  return { status: tracker.status(at), at };
}

const handlers = {
  status: (_message, tracker) => overview(tracker, Date.now()),
  popup: (_message, tracker) => popupView(tracker, Date.now()),
  today: (_message, tracker) => tracker.today(Date.now()),
  settings: (_message, tracker) => tracker.settings(),
  rules: (_message, tracker) => tracker.rules(),
  setAside: (_message, tracker) => tracker.setAside(),
  async pause({ minutes }, tracker) {
    const at = Date.now();
    await commit(tracker, at, tracker.input({ type: 'pause', at, minutes: minutes ?? undefined }));
    return tracker.status(at);
  },
  async resume(_message, tracker) {
    const at = Date.now();
    await commit(tracker, at, tracker.input({ type: 'resume', at }));
    return tracker.status(at);
  },
  async setSettings({ settings }, tracker) {
    const at = Date.now();
    await write(tracker.setSettings(settings, at));
    await followSettings(tracker);
    await settleOutward(tracker, at);
    return tracker.settings();
  },
  /** Consent, optionally with the working hours the person just chose. */
  async giveConsent({ settings }, tracker) {
    const at = Date.now();
    if (settings !== undefined) await write(tracker.setSettings(settings, at));
    await followSettings(tracker);
    await write(tracker.giveConsent(at));
    // Counting starts with whatever is in front right now.
    await commit(tracker, at, tracker.input({ ...(await front()), at }));
    return tracker.status(at);
  },
  async withdrawConsent(_message, tracker) {
    const at = Date.now();
    await commit(tracker, at, tracker.withdrawConsent(at));
    return tracker.status(at);
  },
};

// Sync's messages and listeners (sync.js), registered here at the top level.
registerSync({ serially, handlers });

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[message?.type];
  const full = isFull(message?.type);
  // Only Fairtime's own pages may ask; content scripts do not exist, and web
  // pages cannot reach runtime.onMessage.
  if ((!handler && !full) || sender.id !== api.runtime.id) return false;
  (full ? inFullCore(message) : serially((tracker) => handler(message, tracker))).then(
    (value) => sendResponse({ ok: true, value }),
    (error) => sendResponse({ ok: false, error: String(error?.message ?? error) }),
  );
  return true; // the answer comes asynchronously
});
