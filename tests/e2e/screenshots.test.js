// Screenshots of the popup and the options page in the light and the dark
// theme, with real data: consent given and a few test sites visited. Saved
// to tests/artifacts/screenshots/; `./build.sh screenshots` retakes the ones
// in docs/screenshots/ that the README shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, sleep } from './browser.js';
import { alwaysWorking } from './counted.js';

const OUT = fileURLToPath(new URL(
  process.env.FAIRTIME_SCREENSHOTS === 'docs' ? '../../docs/screenshots/' : '../artifacts/screenshots/',
  import.meta.url,
));
const THEMES = { light: 'rgb(255, 255, 255)', dark: 'rgb(27, 31, 34)' };
// Sites of different categories, visited for different times.
const VISITS = [
  ['docs.google.com', 5000], // Work tools
  ['github.com', 3500], // Development
  ['slack.com', 2500], // Communication
  ['en.wikipedia.org', 2000], // Research and docs
  ['www.youtube.com', 1200], // Entertainment
];

let h;
before(async () => {
  h = await launchWithExtension();
  await mkdir(OUT, { recursive: true });
});
after(async () => { await h?.close(); });

async function shoot(page, name) {
  for (const [theme, background] of Object.entries(THEMES)) {
    await page.emulateMedia({ colorScheme: theme });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), background,
      `the ${theme} theme follows the system`);
    const path = `${OUT}${name}-${theme}.png`;
    await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    assert.ok((await stat(path)).size > 10_000, `${path} holds a picture`);
  }
}

test('the popup, in both themes, after a morning of sites', async () => {
  const settings = await h.ask('settings');
  await h.ask('giveConsent', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  let last;
  for (const [host, ms] of VISITS) {
    last = await h.open(`https://${host}/`);
    await h.focus(last);
    await sleep(ms);
  }
  const docs = await h.open('https://docs.google.com/');
  await h.focus(docs);
  // A background tab: docs.google.com stays in front and is being counted.
  const popup = await h.backgroundPage('popup/popup.html');
  await popup.setViewportSize({ width: 360, height: 480 });
  await popup.locator('#state[data-state="tracking"]').waitFor();
  assert.ok(await popup.locator('#legend li').count() >= VISITS.length);
  await shoot(popup, 'popup');
  await popup.close();
});

test('the options page, in both themes', async () => {
  // A realistic week for the schedule editor; the totals stay as counted.
  const settings = await h.ask('settings');
  const day = ['09:00-12:30', '13:30-17:30'];
  await h.ask('setSettings', {
    settings: {
      ...settings,
      schedule: {
        hours: { mon: day, tue: day, wed: day, thu: day, fri: ['09:00-13:00'] },
        breaks: [{ name: 'Coffee', days: ['mon', 'wed'], time: '10:30-10:45' }],
        days_off: ['2026-12-24', '2026-12-31'],
      },
      excluded: ['bank.example'],
    },
  });
  const options = await h.backgroundPage('options/options.html');
  await options.setViewportSize({ width: 1000, height: 800 });
  await h.focus(options); // a tall page is captured reliably only in front
  await options.locator('body[data-ready]').waitFor();
  await options.locator('.report-week[data-weeks-back="0"] svg').waitFor();
  await shoot(options, 'options');
  await options.close();
});
