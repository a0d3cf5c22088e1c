// Firefox through geckodriver (WebDriver classic over HTTP): Debian's
// firefox-esr with dist/firefox installed as a temporary add-on, on the same
// X display as the Chromium tests. Test sites are reached through
// network.dns.localDomains, which resolves their names to 127.0.0.1.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

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

export async function launchFirefox({ localDomains }) {
  const port = await freePort();
  const driver = spawn(GECKODRIVER, ['--port', String(port), '--allow-system-access'], { stdio: 'ignore' });
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
  const { sessionId } = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
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
  return {
    session,
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
      await session('DELETE', '').catch(() => {});
      driver.kill();
    },
  };
}
