// This browser as sync knows it: a random id, and the name it has until the
// person gives it one ("Firefox on Linux"), in the person's language.
import { api } from './api.js';

/** 16 hex characters from the browser's random source. */
export function randomDeviceId() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const OS_NAMES = {
  mac: 'macOS', win: 'Windows', linux: 'Linux', cros: 'ChromeOS', android: 'Android', openbsd: 'OpenBSD', fuchsia: 'Fuchsia',
};

/** The browser's own name: Firefox says it; Chromium's brands name it beside placeholders. */
async function browserName() {
  if (typeof api.runtime.getBrowserInfo === 'function') {
    const info = await api.runtime.getBrowserInfo().catch(() => undefined);
    if (info?.name) return info.name;
  }
  const brands = (globalThis.navigator?.userAgentData?.brands ?? [])
    .map((entry) => entry.brand)
    .filter((brand) => !/not.?a.?brand/i.test(brand));
  return brands.find((brand) => brand !== 'Chromium') ?? brands[0] ?? api.i18n.getMessage('syncBrowserUnknown');
}

/** "Firefox on Linux": the browser and the system, as the person knows them. */
export async function defaultDeviceName() {
  const browser = await browserName();
  const platform = await api.runtime.getPlatformInfo().catch(() => undefined);
  const os = OS_NAMES[platform?.os];
  return os ? api.i18n.getMessage('syncDefaultName', [browser, os]) : browser;
}
