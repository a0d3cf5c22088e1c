// This browser's sync identity (extension/device.js): a random 16-hex id, and
// a default name in words the person knows, from the browser and the system.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const messages = { syncDefaultName: '$1 on $2', syncBrowserUnknown: 'Browser' };
const browser = { runtime: {}, i18n: { getMessage: (key, args = []) => messages[key].replace(/\$(\d)/g, (_, n) => args[n - 1]) } };
globalThis.chrome = browser;
const { defaultDeviceName, randomDeviceId } = await import('../../extension/device.js');

function as({ info, brands, os }) {
  browser.runtime.getBrowserInfo = info ? async () => info : undefined;
  browser.runtime.getPlatformInfo = async () => ({ os });
  Object.defineProperty(globalThis, 'navigator', { value: brands ? { userAgentData: { brands } } : {}, configurable: true });
}

test('Firefox names itself; Chromium-based browsers by their brand, not the placeholder brands', async () => {
  as({ info: { name: 'Firefox', version: '128.0' }, os: 'linux' });
  assert.equal(await defaultDeviceName(), 'Firefox on Linux');
  as({ brands: [{ brand: 'Not:A-Brand' }, { brand: 'Chromium' }], os: 'linux' });
  assert.equal(await defaultDeviceName(), 'Chromium on Linux');
  as({ brands: [{ brand: 'Chromium' }, { brand: 'Google Chrome' }, { brand: 'Not_A Brand' }], os: 'mac' });
  assert.equal(await defaultDeviceName(), 'Google Chrome on macOS');
  as({ brands: [{ brand: 'Microsoft Edge' }, { brand: 'Not)A;Brand' }, { brand: 'Chromium' }], os: 'win' });
  assert.equal(await defaultDeviceName(), 'Microsoft Edge on Windows');
  as({ os: 'something-new' });
  assert.equal(await defaultDeviceName(), 'Browser');
});

test('the device id is 16 hex characters, different each time', () => {
  const ids = new Set(Array.from({ length: 100 }, randomDeviceId));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.match(id, /^[0-9a-f]{16}$/);
});
