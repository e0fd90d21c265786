// Servers that answer badly: stall, reset, lie about the body, or send far too much of it. Every
// call must end as a typed error within its timeout, leaving no timer, socket or rejection behind.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/core/body.js';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { testRuntime } from '../support/runtime.js';
import { serve, type Handler } from '../support/http-server.js';
import { activeResources, collectGarbage, eventually, expectNoLeaks, json, nodeFetch, SECRETS, timed, userValue, watchProcess } from '../support/hostile.js';

const TIMEOUT_MS = 100;
const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };

const watch = watchProcess();
beforeAll(() => watch.warnings.splice(0));
afterAll(() => {
  watch.stop();
  expect(watch.rejections).toEqual([]);
  expect(watch.warnings).toEqual([]);
});

const looker = (url: string) =>
  createLookerClient({
    baseUrl: url,
    credentials: { accessToken: SECRETS.token },
    fetch: nodeFetch,
    timeoutMs: TIMEOUT_MS,
    runtime: testRuntime().runtime,
  });

/** Writes 50 MB of a JSON string value in 1 MB chunks, respecting backpressure, then ends. */
function fiftyMegabytes(res: ServerResponse, headers: Record<string, string | number> = {}) {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  const chunk = Buffer.alloc(2 ** 20, 'a');
  let sent = 0;
  const write = () => {
    if (sent === 0) res.write('{"value":"');
    while (sent < 50 && !res.destroyed) {
      sent++;
      if (!res.write(chunk)) return void res.once('drain', write);
    }
    if (!res.destroyed) res.end('"}');
  };
  write();
  res.on('error', () => {});
}

type Case = [name: string, kind: string, handler: Handler, detail?: RegExp];

const cases: Case[] = [
  ['sends nothing at all', 'timeout', () => {}],
  [
    'sends headers, then stalls',
    'timeout',
    (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
    },
  ],
  [
    'sends half a body, then stalls',
    'timeout',
    (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"value":');
    },
  ],
  [
    'trickles a body that never ends',
    'timeout',
    (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 5);
      res.on('close', () => clearInterval(timer));
    },
  ],
  [
    'sends an error status, then stalls the body',
    'timeout',
    (_, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.write('<html>');
    },
  ],
  [
    'resets the connection mid-body',
    'network',
    (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"value":"EM');
      setTimeout(() => res.socket?.destroy(), 5);
    },
  ],
  [
    'answers 200 with HTML',
    'unexpected_response',
    (_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome</body></html>');
    },
    /an HTML page, not JSON/,
  ],
  [
    'answers 200 with invalid JSON',
    'unexpected_response',
    (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"value": EMEA}');
    },
    /invalid JSON/,
  ],
  [
    'answers 200 with an empty body',
    'unexpected_response',
    (_, res) => {
      res.writeHead(200, { 'content-length': 0 });
      res.end();
    },
    /not as specified/,
  ],
  [
    'answers 200 with an empty chunked body',
    'unexpected_response',
    (_, res) => {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.end();
    },
    /not as specified/,
  ],
  ['answers 200 with JSON of the wrong shape', 'unexpected_response', (_, res) => json(res, 200, ['EMEA']), /not as specified/],
  ['sends a 50 MB body without a length', 'unexpected_response', (_, res) => fiftyMegabytes(res), /body over 10485760 bytes/],
  [
    'declares a 50 MB body',
    'unexpected_response',
    (_, res) => fiftyMegabytes(res, { 'content-length': 50 * 2 ** 20 + 12 }),
    /body over 10485760 bytes/,
  ],
];

describe('a Looker call to a server that', () => {
  test.each(cases)('%s: %s within the timeout, leaking nothing', async (_, kind, handler, detail) => {
    const before = activeResources();
    const server = await serve(handler);
    const cutOff = detail?.source.includes('body over') ?? false;
    // Reading 10 MiB may take longer than the stall timeout on a slow machine.
    const timeoutMs = cutOff ? 5000 : TIMEOUT_MS;
    const { value: result, ms } = await timed(() => looker(server.url).setUserAttributeUserValue(setValue, { timeoutMs }));
    expect(ms).toBeLessThan(timeoutMs + 400);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe(kind);
    if (detail) expect(result.error.message).toMatch(detail);
    if (kind === 'timeout' || kind === 'network' || cutOff) {
      // The SDK let go of a reply it did not finish reading: the socket is closed, not left busy.
      await eventually(() => server.busy === 0);
    }
    await server.close();
    await expectNoLeaks(before);
  });
});

test('the body limit is generous: a 9 MB reply is read', async () => {
  const big = 'x'.repeat(9 * 2 ** 20);
  const server = await serve((_, res) => json(res, 200, userValue(big)));
  const result = await looker(server.url).setUserAttributeUserValue(setValue, { timeoutMs: 5000 });
  expect(result.ok && result.data.value?.length).toBe(big.length);
  expect(MAX_BODY_BYTES).toBe(10 * 2 ** 20);
});

test('a 50 MB error body is cut off too, and a 50 MB login reply', async () => {
  const server = await serve((req, res) => (req.url?.endsWith('/login') ? fiftyMegabytes(res) : json(res, 200, {})));
  const client = createLookerClient({
    baseUrl: server.url,
    credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
    fetch: nodeFetch,
    runtime: testRuntime().runtime,
  });
  const login = await client.setUserAttributeUserValue(setValue);
  expect(!login.ok && [login.error.kind, login.error.operation]).toEqual(['unexpected_response', 'login']);

  const errors = await serve((_, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end(Buffer.alloc(50 * 2 ** 20, '<'));
  });
  // Time enough to read 10 MiB on a slow machine: this is about the cap, not the timeout.
  const result = await looker(errors.url).setUserAttributeUserValue(setValue, { timeoutMs: 5000 });
  expect(!result.ok && result.error.message).toMatch(/HTTP 500 unexpected_response: body over/);
});

describe('DX, on the same broken servers', () => {
  test.each(cases.filter(([name]) => /stalls|resets|HTML|50 MB/.test(name)))('%s: %s', async (_, kind, handler, detail) => {
    const server = await serve(handler);
    // As for Looker: reading 10 MiB may take longer than the stall timeout on a slow machine.
    const timeoutMs = detail?.source.includes('body over') ? 5000 : TIMEOUT_MS;
    const dx = createDxClient({
      baseUrl: server.url,
      token: SECRETS.dxToken,
      fetch: nodeFetch,
      timeoutMs,
      runtime: testRuntime().runtime,
    });
    const { value: result, ms } = await timed(() =>
      dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { Region: 'EMEA' } }),
    );
    expect(ms).toBeLessThan(timeoutMs + 400);
    expect(!result.ok && result.error.kind).toBe(kind);
  });
});

test('a connection reset before any reply is retried as a network error, then reported', async () => {
  const server = await serve((req) => void req.socket.destroy());
  // Backoff waits (fake time) of 438, 875 and 1750 ms fit in 10 s.
  const result = await looker(server.url).setUserAttributeUserValue(setValue, { timeoutMs: 10_000 });
  expect(!result.ok && [result.error.kind, result.error.attempts]).toEqual(['network', 4]);
  expect(server.seen).toHaveLength(4);
});

describe('after a garbage collection (a Request signal stops following its parent in Node: nodejs/undici#4068)', () => {
  const stall: Handler = (_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
  };

  test.each([
    ['the timeout aborts a Looker call', 'timeout', async (url: string) => looker(url).setUserAttributeUserValue(setValue)],
    [
      'the timeout aborts a login',
      'timeout',
      async (url: string) =>
        createLookerClient({
          baseUrl: url,
          credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
          fetch: nodeFetch,
          timeoutMs: TIMEOUT_MS,
        }).login(),
    ],
    [
      'the timeout aborts a DX call',
      'timeout',
      async (url: string) =>
        createDxClient({ baseUrl: url, token: SECRETS.dxToken, fetch: nodeFetch, timeoutMs: TIMEOUT_MS }).updateUserAttributes({
          email: 'jo@acme.com',
          attributes: { A: 'b' },
        }),
    ],
    [
      'the caller\'s signal aborts a call',
      'aborted',
      async (url: string) =>
        looker(url).setUserAttributeUserValue(setValue, { signal: AbortSignal.timeout(TIMEOUT_MS), timeoutMs: 60_000 }),
    ],
  ])('%s: %s', async (_, kind, run) => {
    const server = await serve(stall);
    const pending = run(server.url);
    await eventually(() => server.seen.length === 1);
    collectGarbage();
    const result = await Promise.race([pending, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 2000))]);
    expect(result !== 'hung' && !result.ok && result.error.kind).toBe(kind);
  });
});
