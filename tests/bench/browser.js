// Fairtime in Chromium, measured: how fast a stopped service worker is ready
// and answers the popup with 0, 365 and 1,095 days of stored history; how
// fast the real toolbar popup renders, against an empty extension page
// opened the same way (the floor); and the memory of the extension's
// processes with the popup open. A benchmark, not a test: it reports, it
// does not judge. Writes its figures as JSON to the file named by its
// argument; run by `./build.sh bench` on an Xvfb display. The test sites
// are served on 127.0.0.1 (tests/e2e/sites.js): nothing reaches the network.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, sleep, until } from '../e2e/browser.js';
import { alwaysWorking } from '../e2e/counted.js';

const out = process.argv[2];
const dev = process.env.BENCH_RUNS !== undefined;
/** Toolbar popup openings per case (issue 11: a median of 30). */
const POPUPS = Number(process.env.BENCH_RUNS ?? 30);
/** Cold worker starts per history (issue 11: at least 20). */
const COLD = Number(process.env.BENCH_COLD ?? (dev ? POPUPS : 20));
const WARMUP = 2;
const POPUP = 'popup/popup.html';
const FLOOR = 'bench/floor.html';

const log = (text) => process.stderr.write(`bench: ${text}\n`);
const median = (values) => {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n === 0 ? null : n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
};
const p90 = (values) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.9 * values.length) - 1)] ?? null;
const summary = (values) => ({ median: median(values), p90: p90(values), n: values.length });

/** dist/chromium and the floor: a page holding one module that only marks its render. */
async function extensionWithFloor() {
  const dir = await mkdtemp(join(tmpdir(), 'fairtime-bench-'));
  await cp(fileURLToPath(new URL('../../dist/chromium', import.meta.url)), dir, { recursive: true });
  await mkdir(join(dir, 'bench'), { recursive: true });
  await writeFile(join(dir, 'bench/floor.html'),
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Floor</title>'
    + '<script type="module" src="floor.js"></script></head><body></body></html>\n');
  await writeFile(join(dir, 'bench/floor.js'), "performance.mark('fairtime:rendered');\n");
  return dir;
}

const extension = await extensionWithFloor();
const h = await launchWithExtension({ extension });
const results = { runs: { popups: POPUPS, coldStarts: COLD } };

async function workerTarget() {
  const { targetInfos } = await h.cdp.send('Target.getTargets');
  return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(h.origin));
}

/** Evaluates `expression` in a target through its own DevTools session. */
async function evaluateIn(targetId, expression) {
  const { sessionId } = await h.cdp.send('Target.attachToTarget', { targetId, flatten: true });
  try {
    const { result } = await h.cdp.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId);
    return result.value;
  } finally {
    await h.cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }
}

/**
 * Opens the toolbar popup with `chrome.action.openPopup()`, called from
 * the worker (or, with `{ stopped: true }`, from an extension page after
 * stopping the worker), and returns the popup page's render mark in ms
 * since its navigation start, leaving the popup open if `keep`.
 */
async function openToolbarPopup(path, front, { stopped = false, keep = false } = {}) {
  await h.focus(front);
  await sleep(150);
  if (stopped) {
    await h.stopWorker();
    const driver = await h.storagePage();
    await driver.evaluate(() => chrome.action.openPopup());
  } else {
    const worker = await h.worker();
    await worker.evaluate(() => chrome.action.openPopup());
  }
  const target = await until(`the popup ${path}`, async () => {
    const { targetInfos } = await h.cdp.send('Target.getTargets');
    return targetInfos.find((t) => t.url === h.url(path) && t.type === 'page');
  }, 10_000);
  const { sessionId } = await h.cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
  // The first drawing, and (the real popup) the worker's answer drawn,
  // which comes later when the first drawing was the worker's last copy
  // (extension/snapshot.js).
  const expression = `(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const rendered = at('fairtime:rendered');
    const answered = ${path === POPUP ? "at('fairtime:answered')" : 'rendered'};
    return rendered === null || answered === null ? null : { rendered, answered };
  })()`;
  let marks = null;
  const end = Date.now() + 10_000;
  while (marks === null && Date.now() < end) {
    const { result } = await h.cdp.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId);
    marks = result.value;
    if (marks === null) await sleep(10);
  }
  await h.cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  if (marks === null) throw new Error(`${path} never marked its render`);
  if (!keep) {
    await h.cdp.send('Target.closeTarget', { targetId: target.targetId });
    await sleep(200);
  }
  return { ms: marks.rendered, answered: marks.answered, targetId: target.targetId };
}

async function setPopup(path) {
  const worker = await h.worker();
  await worker.evaluate((popup) => chrome.action.setPopup({ popup }), path);
}

/** The toolbar popup and the floor, opened in turn `POPUPS` times each. */
async function popupAgainstFloor(front) {
  const popup = [];
  const floor = [];
  for (let i = 0; i < WARMUP + POPUPS; i++) {
    for (const [path, into] of [[POPUP, popup], [FLOOR, floor]]) {
      await setPopup(path);
      const { ms } = await openToolbarPopup(path, front);
      if (i >= WARMUP) into.push(ms);
    }
  }
  await setPopup(POPUP);
  return { popup, floor };
}

/** The toolbar popup opened `POPUPS` times, each time with the worker stopped. */
async function stoppedPopups(front) {
  const times = [];
  const answers = [];
  let copies = 0;
  for (let i = 0; i < WARMUP + POPUPS; i++) {
    const { ms, answered } = await openToolbarPopup(POPUP, front, { stopped: true });
    if (i < WARMUP) continue;
    times.push(ms);
    answers.push(answered);
    if (ms < answered) copies++;
  }
  return { times, answers, copies };
}

/**
 * A stopped worker woken by the popup's message from an extension page:
 * from sending the message to the worker being ready (its
 * `fairtime:ready` mark) and to the popup's answer. Wake-ups that started
 * before the message (an alarm, a focus event) are not cold starts of this
 * message and are taken again.
 */
async function coldStarts() {
  const driver = await h.storagePage();
  const ready = [];
  const answer = [];
  const script = [];
  let taken = 0;
  let skipped = 0;
  while (taken < WARMUP + COLD && skipped < 3 * COLD) {
    await h.stopWorker();
    const [sent, answered, ok] = await driver.evaluate(async () => {
      const now = () => performance.timeOrigin + performance.now();
      const start = now();
      const reply = await chrome.runtime.sendMessage({ type: 'popup' });
      return [start, now(), reply?.ok === true];
    });
    if (!ok) throw new Error('the worker did not answer the popup');
    const target = await workerTarget();
    const [origin, mark] = await evaluateIn(target.targetId,
      "[performance.timeOrigin, performance.getEntriesByName('fairtime:ready')[0]?.startTime ?? null]");
    if (origin < sent || mark === null) {
      skipped += 1;
      continue;
    }
    if (taken >= WARMUP) {
      answer.push(answered - sent);
      ready.push(origin + mark - sent);
      script.push(origin - sent);
    }
    taken += 1;
  }
  return { ready: summary(ready), answer: summary(answer), scriptStart: summary(script), skipped };
}

/** A stored day of history: 6 categories of 8 sites each, domain detail on. */
async function storeHistory(fromDaysBack, toDaysBack) {
  const driver = await h.storagePage();
  return driver.evaluate(async ({ from, to }) => {
    const categories = ['work', 'communication', 'research', 'development', 'social', 'news'];
    const pad = (n) => String(n).padStart(2, '0');
    const items = {};
    for (let back = from; back <= to; back++) {
      const date = new Date();
      date.setDate(date.getDate() - back);
      const key = `day:${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
      const day = { ms: 0, categories: {} };
      categories.forEach((category, c) => {
        const domains = {};
        let ms = 0;
        for (let s = 0; s < 8; s++) {
          const spent = 60_000 * (5 + ((back * 7 + c * 13 + s * 29) % 90));
          domains[`${category}-site${s}.example.com`] = spent;
          ms += spent;
        }
        day.categories[category] = { ms, domains };
        day.ms += ms;
      });
      items[key] = { v: 1, d: day };
    }
    await chrome.storage.local.set(items);
    return chrome.storage.local.getBytesInUse(null);
  }, { from: fromDaysBack, to: toDaysBack });
}

/** PSS of this browser's extension processes (`--extension-process`) and of all its processes, in kB. */
async function memory() {
  const { processInfo } = await h.cdp.send('SystemInfo.getProcessInfo');
  let extensionKb = 0;
  let totalKb = 0;
  let extensionProcesses = 0;
  for (const { id } of processInfo) {
    const [cmdline, rollup] = await Promise.all([
      readFile(`/proc/${id}/cmdline`, 'utf8').catch(() => ''),
      readFile(`/proc/${id}/smaps_rollup`, 'utf8').catch(() => ''),
    ]);
    const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    totalKb += pss;
    // Chromium rewrites its children's command lines as one spaced string.
    if (/(^|[\s\0])--extension-process([\s\0]|$)/.test(cmdline)) {
      extensionKb += pss;
      extensionProcesses += 1;
    }
  }
  return { extensionKb, extensionProcesses, totalKb, processes: processInfo.length };
}

try {
  log(`${POPUPS} popup openings per case, ${COLD} cold starts per history`);
  const settings = await h.ask('settings');
  await h.ask('giveConsent', {
    settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600, retention_days: 3660 },
  });
  for (const host of ['docs.google.com', 'github.com', 'slack.com', 'en.wikipedia.org', 'www.youtube.com']) {
    const page = await h.open(`https://${host}/`);
    await h.focus(page);
    await sleep(300);
  }
  const front = await h.open('https://docs.google.com/');

  log('toolbar popup and floor, 0 days of history');
  const at0 = await popupAgainstFloor(front);
  log('toolbar popup with the worker stopped, 0 days');
  const stopped0 = await stoppedPopups(front);
  log('cold starts, 0 days');
  const cold0 = await coldStarts();

  log('storing 365 days');
  const bytes365 = await storeHistory(1, 365);
  log('cold starts, 365 days');
  const cold365 = await coldStarts();
  log('toolbar popup and floor, 365 days');
  const at365 = await popupAgainstFloor(front);
  log('toolbar popup with the worker stopped, 365 days');
  const stopped365 = await stoppedPopups(front);
  log('memory with the popup open, 365 days');
  const open = await openToolbarPopup(POPUP, front, { keep: true });
  await sleep(500);
  const mem = await memory();
  await h.cdp.send('Target.closeTarget', { targetId: open.targetId });

  log('storing 1,095 days');
  const bytes1095 = await storeHistory(366, 1095);
  log('cold starts, 1,095 days');
  const cold1095 = await coldStarts();

  const floor = [...at0.floor, ...at365.floor];
  Object.assign(results, {
    chromium: (await h.browser.version()),
    popup: {
      days0: summary(at0.popup),
      days365: summary(at365.popup),
      floor: summary(floor),
      stoppedWorker: { ...summary(stopped0.times), answer: summary(stopped0.answers), copies: stopped0.copies },
      stoppedWorker365: { ...summary(stopped365.times), answer: summary(stopped365.answers), copies: stopped365.copies },
    },
    coldStart: { days0: cold0, days365: cold365, days1095: cold1095 },
    storageBytes: { days365: bytes365, days1095: bytes1095 },
    memory: mem,
  });
  const outside = h.network.filter(({ url }) => !url.startsWith(h.origin) && !url.startsWith('data:'));
  if (outside.length > 0) log(`the extension made network requests: ${JSON.stringify(outside)}`);
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`written to ${out}`);
} finally {
  await h.close();
  await rm(extension, { recursive: true, force: true });
}
