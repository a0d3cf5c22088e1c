// How fast the popup opens: loads popup.html RUNS times in Chromium (with
// Fairtime loaded, consent given and a few sites counted) and measures from
// the start of navigation to the popup's first complete render, which
// popup.js marks as `fairtime:rendered`. Prints the median and the 90th
// percentile. A benchmark, not a test: it reports, it does not judge.
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
} finally {
  await h.close();
}
