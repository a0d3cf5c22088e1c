// Starts Debian's Chromium with dist/chromium loaded into a fresh
// profile, the test sites behind every host name, and a DevTools connection
// that can stop the extension's service worker and watch its network.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectCdp, watchNetwork } from './cdp.js';
import { startSites } from './sites.js';

const EXTENSION = fileURLToPath(new URL('../../dist/chromium', import.meta.url));
const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The popup's categories as the person sees them, in `h`'s browser: id → seconds. */
export async function popupSeconds(h) {
  const popup = await h.open(h.url('popup/popup.html'));
  await popup.locator('body[data-rendered]').waitFor();
  const rows = await popup.locator('#legend [data-category]').evaluateAll((items) =>
    items.map((item) => [item.dataset.category, Number(item.dataset.seconds)]));
  await popup.close();
  return Object.fromEntries(rows);
}

export async function until(what, probe, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// Headed, on the X display that ./build.sh test starts with Xvfb: headless
// Chromium neither moves window focus nor reports idle, and both are what
// Fairtime listens to.
// `profile` reuses a profile directory (to restart after `crash()`);
// `extension` loads another unpacked copy (the benchmark adds a page to one).
export async function launchWithExtension({ profile: reuse, extension = EXTENSION } = {}) {
  if (!process.env.DISPLAY) {
    throw new Error('no X display: run the end-to-end tests through ./build.sh test, or under xvfb-run -a');
  }
  const sites = await startSites();
  const profile = reuse ?? await mkdtemp(join(tmpdir(), 'fairtime-e2e-'));
  await rm(join(profile, 'DevToolsActivePort'), { force: true });
  const stderr = [];
  const process_ = spawn(EXECUTABLE, [
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--disable-features=DisableLoadExtensionCommandLineSwitch',
    `--host-resolver-rules=MAP * 127.0.0.1:${sites.port}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    ...(process.env.FAIRTIME_LANG ? [`--lang=${process.env.FAIRTIME_LANG}`] : []),
    'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  process_.stderr.on('data', (chunk) => stderr.push(chunk));
  const active = await until('Chromium to open its DevTools port',
    () => readFile(join(profile, 'DevToolsActivePort'), 'utf8').then((text) => text.split('\n')));
  const [port, path] = active;
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0];
  const cdp = await connectCdp(`ws://127.0.0.1:${port}${path}`);

  const firstWorker = context.serviceWorkers()[0]
    ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(firstWorker.url()).host;
  const origin = `chrome-extension://${extensionId}/`;
  const network = await watchNetwork(cdp, origin);

  async function workerTarget() {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(origin));
  }

  let backgroundPages = 0;
  const harness = {
    browser,
    context,
    cdp,
    sites,
    extensionId,
    origin,
    /** Requests made by the extension's worker and pages, other than its own files. */
    network,
    url: (path) => `${origin}${path}`,
    /** The running service worker, started by waking it if it was stopped. */
    async worker() {
      await until('the service worker', async () => (await workerTarget()) !== undefined || (await harness.wake(), false));
      return until('Playwright to see the worker', async () => context.serviceWorkers().find((w) => w.url().startsWith(origin)));
    },
    /** Stops the service worker, as Chromium does after 30 s idle. */
    async stopWorker() {
      // Asked again every 0.5 s while it runs: a worker still starting up
      // can outlive a single request.
      let asked = 0;
      await until('the service worker to stop', async () => {
        const target = await workerTarget();
        if (target === undefined) return true;
        if (Date.now() - asked > 500) {
          asked = Date.now();
          await cdp.send('Target.closeTarget', { targetId: target.targetId }).catch(() => {});
        }
        return false;
      });
    },
    async isWorkerRunning() {
      return (await workerTarget()) !== undefined;
    },
    /** A page of the extension, opened in a background tab so that it changes no focus. */
    async backgroundPage(path) {
      backgroundPages += 1;
      const url = `${harness.url(path)}#${backgroundPages}`; // tells this page from others
      await cdp.send('Target.createTarget', { url, background: true });
      return until(`the page ${path}`, async () => context.pages().find((p) => p.url() === url));
    },
    /** Wakes the worker by sending it a message from an extension page. */
    async wake() {
      const page = await harness.storagePage();
      await page.evaluate(() => chrome.runtime.sendMessage({ type: 'status' })).catch(() => {});
    },
    storagePage: (() => {
      let page;
      return async () => {
        if (!page || page.isClosed()) page = await harness.backgroundPage('popup/popup.html');
        return page;
      };
    })(),
    /** Everything in storage.local, read without waking the worker. */
    async stored() {
      const page = await harness.storagePage();
      return page.evaluate(() => chrome.storage.local.get(null));
    },
    /** Asks the background like Fairtime's pages do. */
    async ask(type, payload = {}) {
      const page = await harness.storagePage();
      const answer = await page.evaluate((message) => chrome.runtime.sendMessage(message), { type, ...payload });
      if (!answer?.ok) throw new Error(answer?.error ?? `no answer to ${type}`);
      return answer.value;
    },
    /**
     * Focuses the page's window and activates its tab through the browser's
     * own API (Playwright's bringToFront does not move window focus when
     * headless).
     */
    async focus(page) {
      const url = page.url();
      const driver = await harness.storagePage();
      await driver.evaluate(async (url) => {
        const [tab] = (await chrome.tabs.query({})).filter((t) => t.url === url);
        await chrome.windows.update(tab.windowId, { focused: true });
        await chrome.tabs.update(tab.id, { active: true });
      }, url);
    },
    /** Opens `url` in a new foreground tab, or a new window with `{ window: true }`. */
    async open(url, { window = false } = {}) {
      const { targetId } = await cdp.send('Target.createTarget', { url, newWindow: window });
      const page = await until(`the page ${url}`, async () => context.pages().find((p) => p.url() === url && !p.isClosed()));
      await page.waitForLoadState('load');
      page.targetId = targetId;
      return page;
    },
    profile,
    /** The browser's main process (its renderers and helpers are its descendants). */
    pid: process_.pid,
    /** Kills Chromium as a crash would, keeping its profile for a restart. */
    async crash() {
      cdp.close();
      const exited = new Promise((resolve) => process_.once('exit', resolve));
      process_.kill('SIGKILL');
      await exited;
      await sites.close();
    },
    async close() {
      cdp.close();
      await browser.close().catch(() => {});
      if (process_.exitCode === null && process_.signalCode === null) {
        const exited = new Promise((resolve) => process_.once('exit', resolve));
        process_.kill();
        await exited;
      }
      await sites.close().catch(() => {});
      await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
    stderr: () => Buffer.concat(stderr).toString(),
  };
  return harness;
}
