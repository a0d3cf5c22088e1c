// Changing the person's settings from any section: read the current ones,
// change a copy, and let the core check and store them (it refuses an
// impossible schedule with a readable message, and then nothing is saved).
import { ask } from '../api.js';

export async function changeSettings(change) {
  const settings = await ask('settings');
  const next = structuredClone(settings);
  change(next);
  const saved = await ask('setSettings', { settings: next });
  document.dispatchEvent(new CustomEvent('fairtime:settings', { detail: saved }));
  return saved;
}

/** Shows a message in a live region for a while. */
export function say(element, text) {
  element.textContent = text;
  clearTimeout(element.fairtimeTimer);
  element.fairtimeTimer = setTimeout(() => { element.textContent = ''; }, 6000);
}
