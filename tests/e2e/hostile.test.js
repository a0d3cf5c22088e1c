// Hostile input end to end (issue 13): what a file, a page or a damaged
// profile may hold and no person types, met as a person meets it in
// Chromium. Each gets a short message in the person's language, and storage
// stays byte for byte as it was wherever nothing should change. The same
// inputs are timed under Node by `./build.sh bench` (tests/bench/hostile.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, until } from './browser.js';
import { alwaysWorking, counted } from './counted.js';
import { loadCore } from '../node/load-core.js';
import { dateBack, rulesFile, tenYearExport } from '../bench/hostile.js';

const core = await loadCore();
const DEEP = 100_000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;

let h;
let options;
before(async () => {
  h = await launchWithExtension();
  await h.ask('giveConsent');
  const settings = await h.ask('settings');
  await h.ask('setSettings', { settings: { ...settings, schedule: alwaysWorking(), idle_seconds: 4 * 3600 } });
  // Days of history, read as a worker started on old storage reads them.
  const driver = await h.storagePage();
  await driver.evaluate(async (days) => {
    const items = {};
    for (const [back, date] of days) {
      const ms = 60_000 * back;
      items[`day:${date}`] = { v: 1, d: { ms, categories: { work: { ms, domains: { 'docs.google.com': ms } } } } };
    }
    await chrome.storage.local.set(items);
    await chrome.storage.local.remove('index');
  }, [2, 3, 40].map((back) => [back, dateBack(back)]));
  await h.stopWorker();
  await h.wake();
  options = await h.open(h.url('options/options.html'));
  await options.locator('body[data-ready]').waitFor();
});
after(async () => {
  await h?.close();
});

/**
 * All of storage.local as text, keys in order: equal means byte for byte,
 * but for the two instants of the cursor that the worker's sign of life
 * moves on with the clock whatever the person does.
 */
async function bytes() {
  const stored = await h.stored();
  if (stored.cursor?.d) stored.cursor = { ...stored.cursor, d: { ...stored.cursor.d, floor: 0, last: 0 } };
  return JSON.stringify(Object.keys(stored).sort().map((key) => [key, stored[key]]));
}

/**
 * The person picks a file in the Data section's field `input`: `content`
 * (text, or `{ spaces: n }` for n bytes made in the page) becomes the
 * field's file, as the file chooser leaves it, and the field says it
 * changed.
 */
async function pick(page, input, content) {
  await page.evaluate((content) => { window.picked = content; }, content);
  const start = Date.now();
  await page.evaluate((input) => {
    const content = window.picked;
    delete window.picked;
    const body = typeof content === 'string' ? content : new Uint8Array(content.spaces).fill(32);
    const transfer = new DataTransfer();
    transfer.items.add(new File([body], 'fairtime.json', { type: 'application/json' }));
    const field = document.querySelector(input);
    field.files = transfer.files;
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }, input);
  return start;
}

/** Picks `content` in `input`; the message shown in `#data-error`, and how long it took to appear. */
async function refused(page, input, content) {
  await page.evaluate(() => { document.getElementById('data-error').textContent = ''; });
  const start = await pick(page, input, content);
  const error = page.locator('#data-error');
  await until(`a message for ${input}`, async () => (await error.textContent()) !== '', 20_000);
  return { message: await error.textContent(), ms: Date.now() - start };
}

/** Runs `act`, then requires storage.local to be exactly as it was. */
async function unchanged(what, act) {
  const before = await bytes();
  const result = await act();
  assert.equal(await bytes(), before, `${what}: storage.local changed`);
  return result;
}

test('a 50 MB file is refused before it is read, for import and merge alike', async (t) => {
  const path = { spaces: 50_000_000 };
  await unchanged('50 MB', async () => {
    const imported = await refused(options, '#import-file', path);
    assert.equal(imported.message, 'The file was not imported, nothing changed: '
      + 'this file is 50 MB, larger than any Fairtime export can be (at most 32 MB).');
    const merged = await refused(options, '#merge-file', path);
    assert.equal(merged.message, 'The file was not merged, nothing changed: '
      + 'this file is 50 MB, larger than any Fairtime export can be (at most 32 MB).');
    t.diagnostic(`refused in ${imported.ms} ms (import), ${merged.ms} ms (merge)`);
    // Refused by its size: never read into the page, never sent to the worker.
    assert.ok(imported.ms < 2000 && merged.ms < 2000, `${imported.ms} ms, ${merged.ms} ms`);
  });
});

test('JSON nested 100,000 deep is refused at once with a clear message', async (t) => {
  const array = deepArray;
  const inSettings = `{"format":"fairtime-export","version":2,"settings":${deepObject}}`;
  await unchanged('100,000 deep', async () => {
    const imported = await refused(options, '#import-file', array);
    assert.equal(imported.message, 'The file was not imported, nothing changed: '
      + 'this file cannot be imported: it holds no object of settings or rules');
    const merged = await refused(options, '#merge-file', array);
    assert.equal(merged.message, 'The file was not merged, nothing changed: '
      + 'this file cannot be imported: it holds no object of settings or rules');
    const nested = await refused(options, '#import-file', inSettings);
    assert.equal(nested.message, 'The file was not imported, nothing changed: '
      + 'this file cannot be imported: it holds an entry Fairtime does not know, “a” in “settings”');
    t.diagnostic(`refused in ${imported.ms} ms (import), ${merged.ms} ms (merge), ${nested.ms} ms (deep in settings)`);
  });
});

test('a valid export of 10 years of days previews in full, and cancelling changes nothing', async (t) => {
  const text = tenYearExport(core);
  await unchanged('10 years', async () => {
    let start = await pick(options, '#import-file', text);
    await options.locator('#import-preview').waitFor();
    const importMs = Date.now() - start;
    // The file's settings keep 10 years: the preview says so, in words.
    const changes = await options.locator('#import-changes li').allTextContents();
    assert.ok(changes.some((line) => /3,?660 days/.test(line)), changes.join(' | '));
    await options.locator('#import-cancel').click();
    await options.locator('#import-preview').waitFor({ state: 'hidden' });

    start = await pick(options, '#merge-file', text);
    await options.locator('#merge-preview').waitFor();
    const mergeMs = Date.now() - start;
    assert.equal(await options.locator('#merge-preview').getAttribute('data-days'), '3650');
    await options.locator('#merge-cancel').click();
    await options.locator('#merge-preview').waitFor({ state: 'hidden' });
    assert.equal(await options.locator('#data-error').textContent(), '');
    t.diagnostic(`${(text.length / 1e6).toFixed(1)} MB: import preview in ${importMs} ms, merge preview in ${mergeMs} ms`);
  });
});

test('a rules file of 100,000 rules is refused with the limit', async (t) => {
  await unchanged('100,000 rules', async () => {
    const { message, ms } = await refused(options, '#import-file', rulesFile(100_000));
    assert.match(message, /^The file was not imported, nothing changed: this file cannot be imported: .*at most 10,000 rules/);
    assert.ok(message.length < 200, message);
    t.diagnostic(`refused in ${ms} ms`);
  });
});

/** "Which category?": the person types `input` and presses Enter; the answer shown. */
async function explain(input) {
  const result = options.locator('#test-result');
  await options.evaluate(() => { document.getElementById('test-result').textContent = ''; });
  await options.locator('#test-input').fill(input);
  await options.locator('#test-input').press('Enter');
  await until('an answer', async () => (await result.textContent()) !== '');
  return { text: await result.textContent(), error: await result.evaluate((e) => e.classList.contains('error')) };
}

test('an address of 100,000 characters typed into "which category" is quoted by its start only', async () => {
  await unchanged('explain', async () => {
    const answer = await explain(`https://${'a'.repeat(100_000 - 13)}.com/`);
    assert.equal(answer.error, true);
    assert.equal(answer.text, `“https://${'a'.repeat(52)}…” is not a site: type one such as example.com, or paste its address.`);
  });
});

test('a tab with a 100,000-character address counts its site, and stores nothing of the rest', async () => {
  // In the fragment, which the test sites' server never receives (its
  // request line holds at most 16 KB).
  const url = `https://docs.google.com/#${'x'.repeat(100_000 - 25)}`;
  assert.equal(url.length, 100_000);
  await h.cdp.send('Target.createTarget', { url });
  const page = await until('the long address', async () => h.context.pages().find((p) => p.url().startsWith('https://docs.google.com/#')));
  await page.waitForLoadState('load');
  assert.equal(page.url().length, 100_000, 'the tab has the whole address');
  await h.focus(page);
  const domains = await until('time on docs.google.com', async () => {
    const { domains } = counted(await h.stored());
    return domains['docs.google.com'] > 60_000 * 45 + 1000 && domains;
  });
  assert.ok(domains['docs.google.com'] > 0);
  assert.equal((await bytes()).includes('xxxxxxxx'), false, 'nothing of the path or query is stored');
  await h.focus(options);
  await page.close();
});

test('an IDN homograph host is tracked and explained without harm', async () => {
  // аpple.com with a Cyrillic "а", as Chromium hands it to extensions.
  const page = await h.open('https://xn--pple-43d.com/');
  await h.focus(page);
  await until('time on the homograph host', async () => counted(await h.stored()).domains['xn--pple-43d.com'] > 0);
  await h.focus(options);
  await page.close();
  const answer = await unchanged('explain', () => explain('https://аpple.com/'));
  assert.equal(answer.error, false);
  assert.equal(await options.locator('#test-result').getAttribute('data-category'), 'uncategorized');
  // A lookalike of apple.com must not pass for it: shown in its ASCII form
  // (crate/src/domain.rs), never as "аpple.com".
  assert.ok(answer.text.includes('xn--pple-43d.com'), answer.text);
  assert.ok(!answer.text.includes('аpple.com'), answer.text);
});

/** A value of the wrong type for every key the core reads. */
function wrongTypes(peerDate) {
  return {
    settings: 42,
    rules: 'my rules',
    cursor: [1, 2, 3],
    datalog: true,
    index: { v: 1, d: 'not an index' },
    sync: 7,
    [`day:${dateBack(0)}`]: 'three hours',
    [`day:${dateBack(3)}`]: { v: 1, d: [] },
    [`peer:0123456789abcdef:${peerDate}`]: 12,
  };
}

test('stored values of the wrong type for every key are set aside with a reason, and nothing else is lost', async () => {
  await h.focus(options);
  const wrong = wrongTypes(dateBack(2));
  const driver = await h.storagePage();
  const kept = await h.stored();
  for (const key of Object.keys(wrong)) delete kept[key];
  await driver.evaluate((values) => chrome.storage.local.set(values), wrong);
  await h.stopWorker();
  await h.wake();
  // A page of its own (h.open finds an open page by its address).
  const page = await h.open(h.url('options/options.html#set-aside-heading'));
  await page.locator('body[data-ready]').waitFor();
  const items = page.locator('#set-aside-list li');
  await until('every value to be set aside', async () => (await items.count()) === Object.keys(wrong).length)
    .catch(async (error) => {
      const keys = await items.evaluateAll((list) => list.map((li) => li.dataset.key));
      throw new Error(`${error.message}: listed ${keys.join(', ')}; stored ${Object.keys(await h.stored()).join(', ')}`);
    });

  const stored = await h.stored();
  const reasons = [];
  for (const [key, value] of Object.entries(wrong)) {
    const aside = Object.keys(stored).find((k) => k.startsWith('damaged:') && k.endsWith(`:${key}`));
    assert.ok(aside, `${key} is set aside`);
    assert.deepEqual(stored[aside].value, value, `${key} is kept as it was stored`);
    const reason = await page.locator(`#set-aside-list li[data-key="${aside}"] .reason`).textContent();
    assert.equal(reason, stored[aside].reason);
    reasons.push(reason);
  }
  for (const reason of reasons) {
    assert.match(reason, /^Fairtime could not read the stored .* and kept what was stored as it was\.$/);
    assert.ok(reason.length < 220, reason);
    assert.doesNotMatch(reason, /struct|VersionOnly|Index\b|u32|i64|sequence/, 'no word of the code');
  }
  assert.ok(reasons.includes('Fairtime could not read the stored settings (no format version: '
    + 'it holds the number 42 where Fairtime expects an object) and kept what was stored as it was.'), reasons.join('\n'));
  // What was readable is where it was, as it was: the other days.
  for (const [key, value] of Object.entries(kept)) {
    if (!key.startsWith('day:')) continue;
    assert.deepEqual(stored[key], value, `${key} is unchanged`);
  }
  assert.ok(Object.keys(kept).filter((key) => key.startsWith('day:')).length >= 2);
  await page.close();
});

test('in German, a file too large and a stored value of the wrong type are said in German', async () => {
  process.env.FAIRTIME_LANG = 'de';
  let de;
  try {
    de = await launchWithExtension();
  } finally {
    delete process.env.FAIRTIME_LANG;
  }
  try {
    const driver = await de.storagePage();
    await driver.evaluate(() => chrome.storage.local.set({ settings: 42 }));
    await de.stopWorker();
    await de.wake();
    const page = await de.open(de.url('options/options.html'));
    await page.locator('body[data-ready], #load-error:not(:empty)').first().waitFor();
    assert.equal(await page.locator('#load-error').textContent(), '');
    const { message } = await refused(page, '#import-file', { spaces: 50_000_000 });
    assert.equal(message, 'Die Datei wurde nicht importiert, nichts wurde geändert: '
      + 'diese Datei ist 50 MB groß, größer als jeder Fairtime-Export sein kann (höchstens 32 MB).');
    const reason = page.locator('#set-aside-list li .reason');
    await reason.waitFor();
    assert.match(await reason.textContent(), /sie enthält die Zahl 42, wo Fairtime ein Objekt erwartet/);
  } finally {
    await de.close();
  }
});
