// The chain from the Rust core to what a person sees: the service worker
// instantiates the wasm core, and the popup shows values only the core computes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchWithExtension } from './browser.js';

let browser;
before(async () => { browser = await launchWithExtension(); });
after(async () => { await browser?.close(); });

test('the service worker is the one the manifest names', async () => {
  const worker = await browser.worker();
  assert.equal(worker.url(), browser.url('background.js'));
});

test('the popup shows the core version and a duration the core formatted', async () => {
  const cargo = await readFile(new URL('../../Cargo.toml', import.meta.url), 'utf8');
  const version = cargo.match(/^version = "(.+)"$/m)[1];
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(browser.url('popup/popup.html'));
  await page.locator('#core').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#core-version').textContent(), version);
  assert.equal(await page.locator('#sample-duration').textContent(), '1 h 05 min');
  assert.equal(await page.locator('#state').textContent(), 'waiting for your go-ahead, nothing is recorded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the options page reaches the core too', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.url('options/options.html'));
  await page.waitForFunction(() => document.getElementById('core-version').textContent !== '…');
  assert.match(await page.locator('#core-version').textContent(), /^\d+\.\d+\.\d+$/);
  await page.close();
});
