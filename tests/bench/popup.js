// How fast the popup opens: loads popup.html RUNS times in Chromium (with
// Fairtime loaded, consent given and a few sites counted) and measures from
// the start of navigation to the popup's first complete render, which
// popup.js marks as `fairtime:rendered`. Prints the median and the 90th
// percentile; then the real toolbar popup, and how fast a stopped service
// worker answers. A benchmark, not a test: it reports, it does not judge.
// Run through `./build.sh bench` (Chromium on an Xvfb display).
import { launchWithExtension, sleep } from '../e2e/browser.js';
import { alwaysWorking } from '../e2e/counted.js';

const RUNS = Number(process.env.POPUP_RUNS ?? 30);
const WARMUP = 3;

const h = await launchWithExtension();
try {
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  for (const host of ['docs.google.com', 'github.com', 'slack.com', 'en.wikipedia.org', 'www.youtube.com']) {
    const page = await h.open(`https://${host}/`);
    await h.focus(page);
    await sleep(300);
  }
  const times = [];
  const split = {};
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const page = await h.context.newPage();
    await page.goto(h.url('popup/popup.html'));
    await page.waitForFunction(() => performance.getEntriesByName('fairtime:rendered').length > 0);
    // Milliseconds since navigation start (the page's time origin).
    const ms = await page.evaluate(() => performance.getEntriesByName('fairtime:rendered')[0].startTime);
    const phases = await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name)[0].startTime;
      return { script: at('fairtime:asked'), worker: at('fairtime:answered') - at('fairtime:asked'), render: at('fairtime:rendered') - at('fairtime:answered') };
    });
    if (i >= WARMUP) {
      times.push(ms);
      for (const [name, value] of Object.entries(phases)) (split[name] ??= []).push(value);
    }
    await page.close();
  }
  const middle = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  console.log(`popup: opened ${RUNS} times, navigation start to first render: `
    + `median ${median.toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms`);
  console.log(`popup: medians of the parts: page and modules loaded ${middle(split.script).toFixed(1)} ms, `
    + `worker's answer ${middle(split.worker).toFixed(1)} ms, drawing ${middle(split.render).toFixed(1)} ms`);

  // The real toolbar popup, opened by chrome.action.openPopup() from the
  // worker (Chrome 127+): its page's navigation start to first render, and
  // the whole time from the call, which includes Chromium building the
  // popup's bubble before the page starts.
  const front = await h.open('https://docs.google.com/');
  const page = [];
  const whole = [];
  const worker = await h.worker();
  for (let i = 0; i < WARMUP + RUNS; i++) {
    await h.focus(front);
    await sleep(150);
    const called = await worker.evaluate(async () => {
      const at = performance.timeOrigin + performance.now();
      await chrome.action.openPopup();
      return at;
    });
    let target;
    while (!target) {
      const { targetInfos } = await h.cdp.send('Target.getTargets');
      target = targetInfos.find((t) => t.url === h.url('popup/popup.html') && t.type === 'page');
      if (!target) await sleep(10);
    }
    const { sessionId } = await h.cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    let mark = null;
    while (mark === null) {
      const { result } = await h.cdp.send('Runtime.evaluate', {
        expression: `(() => { const m = performance.getEntriesByName('fairtime:rendered')[0];
          return m ? [performance.timeOrigin, m.startTime] : null; })()`,
        returnByValue: true,
      }, sessionId);
      mark = result.value;
      if (mark === null) await sleep(10);
    }
    if (i >= WARMUP) {
      page.push(mark[1]);
      whole.push(mark[0] + mark[1] - called);
    }
    await h.cdp.send('Target.closeTarget', { targetId: target.targetId });
    await sleep(200);
  }
  console.log(`toolbar popup: opened ${RUNS} times, its navigation start to first render: `
    + `median ${middle(page).toFixed(1)} ms, p90 ${[...page].sort((a, b) => a - b)[Math.ceil(0.9 * page.length) - 1].toFixed(1)} ms; `
    + `from the openPopup() call: median ${middle(whole).toFixed(1)} ms`);

  // A stopped worker woken by a page's message: it loads the wasm core,
  // reads storage and builds the tracker before it answers. Warm: the same
  // message to a running worker.
  const driver = await h.storagePage();
  const ask = () => driver.evaluate(async () => {
    const start = performance.now();
    await chrome.runtime.sendMessage({ type: 'status' });
    return performance.now() - start;
  });
  const cold = [];
  const warm = [];
  await sleep(1000); // the last popup's closing wakes the worker with focus events
  for (let i = 0; i < WARMUP + RUNS / 2; i++) {
    await h.stopWorker();
    const first = await ask();
    const again = await ask();
    if (i >= WARMUP) {
      cold.push(first);
      warm.push(again);
    }
  }
  console.log(`worker: woken from stopped, answers in a median of ${middle(cold).toFixed(1)} ms `
    + `(p90 ${[...cold].sort((a, b) => a - b)[Math.ceil(0.9 * cold.length) - 1].toFixed(1)} ms); `
    + `running, ${middle(warm).toFixed(1)} ms (${cold.length} wake-ups)`);
} finally {
  await h.close();
}
