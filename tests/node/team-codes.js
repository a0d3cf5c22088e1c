// The team codes taken apart as the contract writes them (TEAM_SPEC.md,
// docs/TEAM.md), with Node's own X25519, SHA-256 and HKDF and no help from
// the core: the tests check the shipped module against these, and build
// well-formed codes the core must refuse for what they say.
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, diffieHellman, hkdfSync } from 'node:crypto';

export const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();
/** Deterministic "random" bytes, as crypto.getRandomValues would give them. */
export const bytes = (seed, n) => new Uint8Array(sha256(`fairtime test ${seed}`).subarray(0, n));

/** A code taken apart: its prefix (with version, no colon) and its payload; the checksum checked. */
export function decode(code) {
  const text = code.replace(/\s+/g, '');
  const colon = text.indexOf(':');
  const prefix = text.slice(0, colon);
  const body = Buffer.from(text.slice(colon + 1), 'base64url');
  const payload = body.subarray(0, body.length - 4);
  assert.deepEqual(body.subarray(-4), checksum(prefix, payload), `the checksum of ${prefix}`);
  return { prefix, payload };
}
/** First 4 bytes of SHA-256(prefix with version ++ payload). */
const checksum = (prefix, payload) => sha256(`${prefix}:`, payload).subarray(0, 4);
export const encode = (prefix, payload) => `${prefix}:${Buffer.concat([payload, checksum(prefix, payload)]).toString('base64url')}`;

/** Reads a u8-length-prefixed UTF-8 string at `at`: [text, next offset]. */
function short(buf, at) {
  const n = buf[at];
  return [buf.subarray(at + 1, at + 1 + n).toString('utf8'), at + 1 + n];
}

export function readJoinBytes(code) {
  const { prefix, payload } = decode(code);
  assert.equal(prefix, 'fairtime-join-1');
  const [name, end] = short(payload, 32);
  assert.equal(end, payload.length);
  return { key: payload.subarray(0, 32), name };
}

export function readTeamBytes(code) {
  const { prefix, payload } = decode(code);
  assert.equal(prefix, 'fairtime-team-1');
  let at = 16;
  let name;
  [name, at] = short(payload, at);
  const year = payload.readUInt16BE(at);
  const week = payload[at + 2];
  at += 3;
  const categories = [];
  for (let n = payload[at++], i = 0; i < n; i++) {
    let id; let cname;
    [id, at] = short(payload, at);
    [cname, at] = short(payload, at);
    categories.push({ id, name: cname, colour: `#${payload.subarray(at, at + 3).toString('hex')}` });
    at += 3;
  }
  const roster = [];
  for (let n = payload[at++], i = 0; i < n; i++) {
    const key = payload.subarray(at, at + 32);
    let mname;
    [mname, at] = short(payload, at + 32);
    roster.push({ key, name: mname });
  }
  assert.equal(at, payload.length, 'nothing after the roster');
  return { payload, id: sha256('fairtime team id 1', payload).subarray(0, 16), name, year, week, categories, roster };
}

export function readWeekBytes(code) {
  const { prefix, payload } = decode(code);
  assert.equal(prefix, 'fairtime-week-1');
  const n = payload[16 + 3 + 32];
  assert.equal(payload.length, 16 + 3 + 32 + 1 + 4 * n);
  const values = [];
  for (let c = 0; c < n; c++) values.push(payload.readUInt32LE(52 + 4 * c));
  return { id: payload.subarray(0, 16), year: payload.readUInt16BE(16), week: payload[18], key: payload.subarray(19, 51), values };
}

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const privateKey = (secret) => createPrivateKey({ key: Buffer.concat([PKCS8_X25519, Buffer.from(secret, 'base64url')]), format: 'der', type: 'pkcs8' });
export const publicOf = (secret) => Buffer.from(createPublicKey(privateKey(secret)).export({ format: 'jwk' }).x, 'base64url');
const publicKey = (key) => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(key).toString('base64url') }, format: 'jwk' });

/** y_i = x_i + Σ_{pub_j > pub_i} m_ij − Σ_{pub_j < pub_i} m_ij (mod 2^32), computed here with Node's crypto. */
export function masked(secret, minutes, parsed, year, week) {
  const own = publicOf(secret);
  const info = Buffer.concat([Buffer.from('fairtime team mask 1'), Buffer.from([year >> 8, year & 0xff, week])]);
  const y = [...minutes];
  for (const { key } of parsed.roster) {
    const order = Buffer.compare(key, own);
    if (order === 0) continue;
    const shared = diffieHellman({ privateKey: privateKey(secret), publicKey: publicKey(key) });
    const mask = Buffer.from(hkdfSync('sha256', shared, parsed.id, info, 4 * minutes.length));
    for (let c = 0; c < y.length; c++) {
      const m = mask.readUInt32LE(4 * c);
      y[c] = (order > 0 ? y[c] + m : y[c] - m + 2 ** 32) % 2 ** 32;
    }
  }
  return y;
}


/** `code` (a contribution) as if sent by the holder of `secret`: well formed, with its checksum, for a key the roster may not hold. */
export function withSender(code, secret) {
  const { payload } = decode(code);
  return encode('fairtime-week-1', Buffer.concat([payload.subarray(0, 19), publicOf(secret), payload.subarray(51)]));
}
