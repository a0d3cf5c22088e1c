// Firefox through geckodriver (WebDriver classic over HTTP, and WebDriver
// BiDi for Fairtime's pages in background tabs): Debian's firefox-esr with
// dist/firefox installed as a temporary add-on, on the same X display as the
// Chromium tests. Test sites are reached through network.dns.localDomains,
// which resolves their names to 127.0.0.1.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export const ADDON_ID = 'fairtime@fairtime-extension';
export const UUID = '0f7e5a52-3c1d-4e0a-9b7e-2f1a6c9d4e11';
const ADDON = fileURLToPath(new URL('../../dist/firefox', import.meta.url));
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER ?? 'geckodriver';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A WebDriver BiDi connection: `send(method, params)` answers the command's result. */
async function connectBidi(url) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  let nextId = 1;
  const pending = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(data);
    if (!pending.has(message.id)) return;
    const { resolve, reject } = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'error') reject(new Error(`${message.error}: ${message.message}`));
    else resolve(message.result);
  });
  return {
    send(method, params) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    close: () => socket.close(),
  };
}

export async function launchFirefox({ localDomains }) {
  const [port, bidiPort] = [await freePort(), await freePort()];
  const driver = spawn(GECKODRIVER, ['--port', String(port), '--websocket-port', String(bidiPort), '--allow-system-access'],
    { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  async function call(method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json();
    // WebDriver errors come with an HTTP error status; a script's own value may hold `error`.
    if (!response.ok) throw new Error(`${answer.value?.error}: ${answer.value?.message}`);
    return answer.value;
  }
  for (let i = 0; ; i++) {
    try { await call('GET', '/status'); break; } catch (error) {
      if (i > 100) throw new Error(`geckodriver did not start: ${error.message}`);
      await sleep(100);
    }
  }
  const { sessionId, capabilities } = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        webSocketUrl: true,
        acceptInsecureCerts: true,
        'moz:firefoxOptions': {
          binary: FIREFOX,
          prefs: {
            'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
            'network.dns.localDomains': localDomains.join(','),
            'app.update.enabled': false,
            'browser.shell.checkDefaultBrowser': false,
            'datareporting.policy.dataSubmissionEnabled': false,
          },
        },
      },
    },
  });
  const session = (method, path, body) => call(method, `/session/${sessionId}${path}`, body);
  await session('POST', '/moz/addon/install', { path: ADDON, temporary: true });
  const bidi = connectBidi(capabilities.webSocketUrl);
  bidi.catch(() => {}); // a test that uses it sees the error
  let backgroundPages = 0;
  return {
    session,
    /**
     * A Fairtime page in a background tab, reached through WebDriver BiDi:
     * the tab in front keeps the focus while the test reads and clicks here.
     */
    async backgroundPage(path) {
      const { send } = await bidi;
      const { context } = await send('browsingContext.create', { type: 'tab', background: true });
      backgroundPages += 1;
      await send('browsingContext.navigate', { context, url: `${this.url(path)}#${backgroundPages}`, wait: 'complete' });
      const run = async (body, ...args) => {
        const result = await send('script.callFunction', {
          functionDeclaration: `async (...args) => JSON.stringify(await (async () => { ${body} })())`,
          arguments: args.map((value) => ({ type: 'string', value: JSON.stringify(value) })),
          awaitPromise: true,
          target: { context },
        });
        if (result.type === 'exception') throw new Error(result.exceptionDetails.text);
        return result.result.value === undefined ? undefined : JSON.parse(result.result.value);
      };
      return {
        context,
        /** Runs an async function body in the page; `args` holds the arguments, `return` answers. */
        run: (body, ...args) => run(`args = args.map((a) => JSON.parse(a)); ${body}`, ...args),
        async ask(type, payload = {}) {
          const answer = await this.run('return browser.runtime.sendMessage(args[0]);', { type, ...payload });
          if (!answer?.ok) throw new Error(answer?.error ?? `no answer to ${type}`);
          return answer.value;
        },
        /** storage.local, read without waking the background script. */
        stored() { return this.run('return browser.storage.local.get(null);'); },
        reload: () => send('browsingContext.reload', { context, wait: 'complete' }),
        close: () => send('browsingContext.close', { context }),
      };
    },
    /** Runs an async function body in the browser's parent process; `done(value)` answers. */
    async chrome(body, ...args) {
      await session('POST', '/moz/context', { context: 'chrome' });
      try {
        return await session('POST', '/execute/async', {
          script: `const done = arguments[arguments.length - 1]; (async () => { ${body} })().catch((e) => done({ error: String(e) }));`,
          args,
        });
      } finally {
        await session('POST', '/moz/context', { context: 'content' });
      }
    },
    /**
     * Ends Fairtime's background script as Firefox does after its idle
     * timeout; its next event starts it again. Answers its state after.
     */
    terminateBackground() {
      return this.chrome(`const extension = WebExtensionPolicy.getByID(arguments[0]).extension;
        await extension.terminateBackground();
        done(extension.backgroundState);`, ADDON_ID);
    },
    backgroundState() {
      return this.chrome('done(WebExtensionPolicy.getByID(arguments[0]).extension.backgroundState);', ADDON_ID);
    },
    url: (path) => `moz-extension://${UUID}/${path}`,
    goto: (url) => session('POST', '/url', { url }),
    async newTab() {
      const { handle } = await session('POST', '/window/new', { type: 'tab' });
      await session('POST', '/window', { handle });
      return handle;
    },
    switchTo: (handle) => session('POST', '/window', { handle }),
    /** Runs an async function body in the current page; `done(value)` answers. */
    run: (body, ...args) => session('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1]; (async () => { ${body} })().then(done, (e) => done({ error: String(e) }));`,
      args,
    }),
    /** Asks Fairtime's background from the current Fairtime page, as the popup does. */
    async ask(type, payload = {}) {
      const answer = await this.run('done(await browser.runtime.sendMessage(arguments[0]));', { type, ...payload });
      if (!answer?.ok) throw new Error(answer?.error ?? `no answer to ${type}`);
      return answer.value;
    },
    async close() {
      (await bidi.catch(() => undefined))?.close();
      await session('DELETE', '').catch(() => {});
      driver.kill();
    },
  };
}
