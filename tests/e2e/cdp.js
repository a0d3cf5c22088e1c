// A minimal client of the Chrome DevTools Protocol at the browser level, for
// what Playwright does not offer: stopping the extension's service worker and
// watching the network of every extension target (worker and pages).
import WebSocket from 'ws';

export async function connectCdp(url) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  socket.on('message', (data) => {
    const message = JSON.parse(data);
    if (message.id && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(`${message.error.message} (${message.error.code})`));
      else resolve(message.result);
    } else if (message.method) {
      for (const listener of listeners) listener(message);
    }
  });
  return {
    send(method, params = {}, sessionId = undefined) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    on(listener) { listeners.add(listener); },
    close() { socket.close(); },
  };
}

/**
 * Records every network request made by targets whose URL starts with
 * `origin` (the extension's worker and pages), including targets that start
 * later, such as a restarted service worker.
 */
export async function watchNetwork(cdp, origin) {
  const requests = [];
  const watched = new Set();
  cdp.on(async (message) => {
    if (message.method === 'Target.attachedToTarget') {
      const { sessionId, targetInfo } = message.params;
      if (!targetInfo.url.startsWith(origin) || watched.has(sessionId)) return;
      watched.add(sessionId);
      await cdp.send('Network.enable', {}, sessionId).catch(() => {});
    } else if (message.method === 'Network.requestWillBeSent' && watched.has(message.sessionId)) {
      requests.push({ url: message.params.request.url, type: message.params.type });
    }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
  return requests;
}
