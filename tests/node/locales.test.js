// Fairtime's text: English is complete, German has every English key with
// the same placeholders, and every key the pages use exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';

const root = new URL('../../extension/', import.meta.url);
const read = async (locale) => JSON.parse(await readFile(new URL(`_locales/${locale}/messages.json`, root), 'utf8'));
const placeholders = (message) => (message.message.match(/\$[A-Za-z_]+\$/g) ?? []).map((p) => p.toLowerCase()).sort();

test('German has exactly the English keys, each translated with the same placeholders', async () => {
  const [en, de] = await Promise.all([read('en'), read('de')]);
  assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort());
  for (const [key, message] of Object.entries(en)) {
    assert.deepEqual(placeholders(de[key]), placeholders(message), key);
    assert.deepEqual(Object.keys(de[key].placeholders ?? {}).sort(), Object.keys(message.placeholders ?? {}).sort(), key);
    assert.ok(de[key].message.trim().length > 0, key);
  }
});

test('every message key the pages use is defined', async () => {
  const en = await read('en');
  const files = []; // i18n.js, whose comments show the syntax, is left out
  for (const dir of ['', 'popup/', 'options/', 'onboarding/', 'team/']) {
    for (const name of await readdir(new URL(dir, root))) {
      if (/\.(js|html)$/.test(name) && name !== 'i18n.js') files.push(new URL(dir + name, root));
    }
  }
  const used = new Set();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const [, key] of text.matchAll(/\bt\('([A-Za-z0-9]+)'/g)) used.add(key);
    for (const [, key] of text.matchAll(/data-i18n="([A-Za-z0-9]+)"/g)) used.add(key);
    for (const [, pairs] of text.matchAll(/data-i18n-attr="([^"]+)"/g)) {
      for (const pair of pairs.split(',')) used.add(pair.split(':')[1].trim());
    }
  }
  assert.ok(used.size > 50, `found ${used.size} keys`);
  assert.deepEqual([...used].filter((key) => !(key in en)), []);
});
