// The websites of the end-to-end tests: one local HTTPS server answering for
// every host name. Chromium's --host-resolver-rules sends every name to it,
// so tests browse "docs.google.com" without any network. Each page carries a
// secret path, query and title that must never reach Fairtime's storage.
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SECRET_TITLE = 'Secret page title 7d3f';

/** A throwaway self-signed certificate (Chromium runs with --ignore-certificate-errors). */
async function certificate() {
  const dir = await mkdtemp(join(tmpdir(), 'fairtime-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/CN=fairtime-test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { stdio: 'ignore' });
    return { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function startSites() {
  const requests = [];
  const server = createServer(await certificate(), (request, response) => {
    requests.push({ host: request.headers.host, path: request.url, headers: request.headers });
    if (request.url === '/favicon.ico') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>${SECRET_TITLE}</title><h1>${request.headers.host}</h1>`
      + '<p>A page of the end-to-end tests.</p><input id="box" aria-label="type here">');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
