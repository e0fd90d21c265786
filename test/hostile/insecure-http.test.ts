// Plain http:// base URLs: refused for every host but loopback unless the caller opts in, so a typo
// cannot send a client secret or a token in clear text before any redirect to https.
import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { SECRETS } from '../support/hostile.js';

const credentials = { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret };

const REFUSED = [
  'http://acme.looker.com',
  'http://acme.looker.com:19999',
  'http://127.0.0.1.evil.com',
  'http://localhost.evil.com',
  'http://evil.com/127.0.0.1',
  'http://localhost.',
  'http://10.0.0.1',
  'http://192.168.1.10:8080',
  'http://0.0.0.0',
  'http://128.0.0.1',
  'http://[::2]',
  'http://[fe80::1]',
  'http://[::ffff:127.0.0.1]',
  'HTTP://ACME.LOOKER.COM',
];
const LOOPBACK = [
  'http://localhost',
  'http://localhost:8080',
  'http://LOCALHOST:8080',
  'http://127.0.0.1',
  'http://127.0.0.1:9999/api/4.0',
  'http://127.1.2.3',
  'http://127.255.255.254:80',
  'http://127.1', // the URL parser reads it as 127.0.0.1
  'http://[::1]',
  'http://[::1]:8080',
  'http://[0:0:0:0:0:0:0:1]',
];

describe('refused without the opt-in', () => {
  test.each(REFUSED)('%s', (url) => {
    expect(() => createLookerClient({ baseUrl: url, credentials })).toThrow(
      /^createLookerClient: baseUrl is plain http to .+: use https, or set allowInsecureHttp: true$/,
    );
    expect(() => createDxClient({ baseUrl: url, token: SECRETS.dxToken })).toThrow(/^createDxClient: baseUrl is plain http to /);
    expect(() => createLookerClient({ baseUrl: url, credentials, allowInsecureHttp: false })).toThrow(TypeError);
  });
});

describe('loopback is allowed: plain http there never leaves the machine', () => {
  test.each(LOOPBACK)('%s', (url) => {
    expect(() => createLookerClient({ baseUrl: url, credentials })).not.toThrow();
    expect(() => createDxClient({ baseUrl: url, token: SECRETS.dxToken })).not.toThrow();
  });
});

describe('allowed with allowInsecureHttp: true, and then really sent there', () => {
  test.each(REFUSED)('%s', async (url) => {
    const seen: string[] = [];
    const fetch = async (to: string) => {
      seen.push(new URL(to).protocol);
      return new Response(JSON.stringify({ ok: true, user: { email: 'jo@acme.com', attributes: [], failures: [] } }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    const dx = createDxClient({ baseUrl: url, token: SECRETS.dxToken, allowInsecureHttp: true, fetch });
    expect((await dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { A: 'b' } })).ok).toBe(true);
    expect(seen).toEqual(['http:']);
    expect(() => createLookerClient({ baseUrl: url, credentials, allowInsecureHttp: true })).not.toThrow();
  });
});

test('https is always allowed, and the opt-in changes nothing for it', () => {
  for (const allowInsecureHttp of [undefined, false, true]) {
    expect(() => createLookerClient({ baseUrl: 'https://acme.looker.com', credentials, allowInsecureHttp })).not.toThrow();
    expect(() => createDxClient({ token: SECRETS.dxToken, allowInsecureHttp })).not.toThrow();
  }
});
