// The WebExtension API object: `browser` in Firefox, `chrome` in Chromium.
// Both return promises in Manifest V3, so callers use one style everywhere.
export const api = globalThis.browser ?? globalThis.chrome;

/** Ask the background for something; throws the background's error message. */
export async function ask(type, payload = {}) {
  const message = { type, ...payload };
  let answer;
  try {
    answer = await api.runtime.sendMessage(message);
  } catch (error) {
    // Sent while the worker was being stopped, the message reached no one
    // (so it did nothing): the next worker gets it.
    if (!/Receiving end does not exist/.test(String(error?.message))) throw error;
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await api.runtime.sendMessage(message);
  }
  return valueOf(type, answer);
}

/** The value in the background's answer to a `type` message, or its error thrown. */
export function valueOf(type, answer) {
  if (!answer) throw new Error(api.i18n.getMessage('noAnswer', [type]));
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}
