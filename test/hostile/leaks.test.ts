// Long runs: many calls with retries must leave no timer, listener or socket behind, and never make
// Node warn, including when every call gets the same AbortSignal.
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { sleep } from '../../src/core/abortable.js';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { testRuntime } from '../support/runtime.js';
import { startLoopbackServer, type LoopbackServer } from '../support/http-server.js';
import { activeResources, expectNoLeaks, json, nodeFetch, SECRETS, userValue, watchProcess } from '../support/hostile.js';

const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };

let watch: ReturnType<typeof watchProcess>;
beforeEach(() => {
  watch = watchProcess();
});
afterEach(() => {
  watch.stop();
  expect(watch.warnings).toEqual([]);
  expect(watch.rejections).toEqual([]);
});

/**
 * Answers every other request badly, in turn: 429, 503 or a reset connection, so that each call
 * needs exactly one retry. Logs in too.
 */
function flakyServer(): Promise<LoopbackServer> {
  let requests = 0;
  let failures = 0;
  return startLoopbackServer((req, res) => {
    if (req.url?.endsWith('/login'))
      return json(res, 200, { access_token: SECRETS.token, token_type: 'Bearer', expires_in: 3600, refresh_token: null });
    if (requests++ % 2)
      return req.url?.includes('users.attributes')
        ? json(res, 200, { ok: true, user: { id: 'u', email: 'jo@acme.com', attributes: [] } })
        : json(res, 200, userValue());
    const failure = failures++ % 3;
    if (failure === 0) json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '1' });
    else if (failure === 1) json(res, 503, { message: 'Unavailable' });
    else req.socket.destroy();
  });
}

test('1,000 sequential calls with retries, one shared AbortSignal: no timer, listener, socket or warning left', async () => {
  const before = activeResources();
  const server = await flakyServer();
  const clock = testRuntime();
  const looker = createLookerClient({
    baseUrl: server.url,
    credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
    fetch: nodeFetch,
    runtime: clock.runtime,
  });
  const shutdown = new AbortController();
  let ok = 0;
  for (let i = 0; i < 1000; i++) {
    const result = await looker.setUserAttributeUserValue(setValue, { signal: shutdown.signal });
    if (result.ok) ok++;
    else throw new Error(`call ${i} failed: ${result.error.message}`);
  }
  expect(ok).toBe(1000);
  expect(server.seen).toHaveLength(1 + 2000); // one login, then two attempts a call
  expect(clock.sleeps).toHaveLength(1000);
  expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
  // Replies were read or cancelled, so connections were reused: only resets forced new ones.
  expect(server.connections).toBeLessThan(400);
  await server.close();
  await expectNoLeaks(before);
}, 30_000); // 2,000 real requests: seconds on a busy 2-core machine

test('200 concurrent calls sharing one AbortSignal add one listener to it, and none is left', async () => {
  const before = activeResources();
  const server = await startLoopbackServer((_, res) =>
    json(res, 200, { ok: true, user: { id: 'u', email: 'jo@acme.com', attributes: [] } }),
  );
  const dx = createDxClient({ baseUrl: server.url, token: SECRETS.dxToken, fetch: nodeFetch });
  const shutdown = new AbortController();
  const calls = Array.from({ length: 200 }, () =>
    dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { Region: 'EMEA' } }, { signal: shutdown.signal }),
  );
  expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
  const results = await Promise.all(calls);
  expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.message)).toEqual([]);
  expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
  await server.close();
  await expectNoLeaks(before);
});

test('aborting a signal shared by 200 calls in flight ends them all as aborted, at once', async () => {
  const before = activeResources();
  const server = await startLoopbackServer(() => {}); // never answers
  const looker = createLookerClient({ baseUrl: server.url, credentials: { accessToken: SECRETS.token }, fetch: nodeFetch });
  const shutdown = new AbortController();
  const calls = Array.from({ length: 200 }, () => looker.setUserAttributeUserValue(setValue, { signal: shutdown.signal }));
  while (server.seen.length < 200) await new Promise((resolve) => setTimeout(resolve, 5));
  shutdown.abort(new Error('SIGTERM'));
  const results = await Promise.all(calls);
  expect(results.every((r) => !r.ok && r.error.kind === 'aborted')).toBe(true);
  expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
  await server.close();
  await expectNoLeaks(before);
});

test('1,000 calls refused before sending, or given an aborted signal, hold nothing either', async () => {
  const before = activeResources();
  const looker = createLookerClient({
    baseUrl: 'http://127.0.0.1:9',
    credentials: { accessToken: SECRETS.token },
    fetch: nodeFetch,
  });
  const aborted = AbortSignal.abort();
  for (let i = 0; i < 500; i++) {
    expect((await looker.setUserAttributeUserValue({ userId: '../x', userAttributeId: '7', value: 'v' })).ok).toBe(false);
    expect((await looker.setUserAttributeUserValue(setValue, { signal: aborted })).ok).toBe(false);
  }
  await expectNoLeaks(before);
});

test('the default sleep removes its abort listener when it ends, and ends at once on abort', async () => {
  const controller = new AbortController();
  for (let i = 0; i < 20; i++) await sleep(0, controller.signal);
  expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
  const waiting = sleep(60_000, controller.signal);
  controller.abort(new Error('stop'));
  await expect(waiting).rejects.toThrow('stop');
});
