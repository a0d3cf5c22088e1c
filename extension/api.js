// The WebExtension API object: `browser` in Firefox, `chrome` in Chromium.
// Both return promises in Manifest V3, so callers use one style everywhere.
export const api = globalThis.browser ?? globalThis.chrome;

/** Ask the background for something; throws the background's error message. */
export async function ask(type, payload = {}) {
  return valueOf(type, await api.runtime.sendMessage({ type, ...payload }));
}

/** The value in the background's answer to a `type` message, or its error thrown. */
export function valueOf(type, answer) {
  if (!answer) throw new Error(api.i18n.getMessage('noAnswer', [type]));
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}
