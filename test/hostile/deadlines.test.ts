// A custom fetch that ignores the signal, never settles, settles too late, or returns a body that
// never ends: every call still ends at its own deadline (timeout) or at the caller's abort (aborted),
// for Looker, DX and both raw clients, because the SDK races its own deadline.
import { afterAll, describe, expect, test } from 'vitest';
import type { FetchLike } from '../../src/core/options.js';
import { UserAttributesError } from '../../src/looker/index.js';
import { CALL_KINDS, type Ended } from '../support/clients.js';
import { activeResources, expectNoLeaks, watchProcess } from '../support/hostile.js';

const process = watchProcess();
afterAll(() => {
  process.stop();
  expect(process.rejections).toEqual([]);
  expect(process.warnings).toEqual([]);
});

const json = { 'content-type': 'application/json' };
/** A stream whose reads never end and whose cancel never settles either. */
const endless = (onRead: () => void) =>
  new ReadableStream<Uint8Array>({
    pull: () => {
      onRead();
      return new Promise(() => {});
    },
    cancel: () => new Promise(() => {}),
  });
/** A stream giving one space every 2 ms, for ever (until cancelled). */
const trickle = (onRead: () => void) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    pull: (controller) =>
      new Promise<void>((resolve) => {
        onRead();
        timer = setTimeout(() => {
          controller.enqueue(new Uint8Array([32]));
          resolve();
        }, 2);
      }),
    cancel: () => clearTimeout(timer),
  });
};

/**
 * Each way a fetch can hang: given `stalled` (called once the hang has begun: the abort tests abort
 * there), the fetch, and what to check once the call ended.
 */
type Hang = [name: string, make: (stalled: () => void) => { fetch: FetchLike; after?: () => Promise<void> }, retries?: boolean];
const HANGS: Hang[] = [
  [
    'never settles and ignores the signal',
    (stalled) => ({
      fetch: () => {
        stalled();
        return new Promise(() => {});
      },
    }),
  ],
  [
    'resolves only after the call ended (the late body is cancelled)',
    (stalled) => {
      let resolve: (response: Response) => void = () => {};
      let cancelled = false;
      const body = new ReadableStream({ cancel: () => void (cancelled = true) });
      return {
        fetch: () =>
          new Promise<Response>((r) => {
            resolve = r;
            stalled();
          }),
        async after() {
          resolve(new Response(body, { status: 200, headers: json }));
          await new Promise((r) => setImmediate(r));
          expect(cancelled).toBe(true);
        },
      };
    },
  ],
  [
    'rejects only after the call ended',
    (stalled) => {
      let reject: (error: unknown) => void = () => {};
      return {
        fetch: () =>
          new Promise<Response>((_, r) => {
            reject = r;
            stalled();
          }),
        async after() {
          reject(new Error('too late'));
          await new Promise((r) => setImmediate(r));
        },
      };
    },
  ],
  ['returns a body that never ends and ignores cancel', (stalled) => ({ fetch: async () => new Response(endless(stalled), { headers: json }) })],
  ['returns a body that trickles for ever', (stalled) => ({ fetch: async () => new Response(trickle(stalled), { headers: json }) })],
  ['returns a 500 whose body never ends', (stalled) => ({ fetch: async () => new Response(endless(stalled), { status: 500, headers: json }) })],
  [
    'answers 429 (Retry-After: 0), then never settles',
    (stalled) => {
      let sent = 0;
      return {
        fetch: async () => {
          if (sent++ === 0) return new Response('{}', { status: 429, headers: { ...json, 'retry-after': '0' } });
          stalled();
          return new Promise(() => {});
        },
      };
    },
    true,
  ],
];

/** Checks a call ended as `kind`; a raw call by rejecting with a UserAttributesError. */
function expectEnded(ended: Ended, kind: string, name: string) {
  expect(ended.ok).toBe(false);
  if (name.endsWith('.raw')) expect(ended.thrown).toBeInstanceOf(UserAttributesError);
  expect(ended.error?.kind).toBe(kind);
}

describe.each(CALL_KINDS)('%s', (name, make) => {
  // A login is shared by every waiting call, so it runs on its own deadline (the client's), and may
  // still be reading when the waiting call ends: what it does with a late reply is its own affair.
  const logsIn = name === 'Looker logging in';
  const afterwards = async (after: (() => Promise<void>) | undefined) => (logsIn ? after?.().catch(() => {}) : after?.());

  test.each(HANGS)('a fetch that %s: timeout, by timeoutMs', async (_, hang, retries) => {
    const before = activeResources();
    const { fetch, after } = hang(() => {});
    const ended = await make({ fetch, timeoutMs: 30, retry: retries ? { maxRetries: 2 } : false })();
    expectEnded(ended, 'timeout', name);
    expect(ended.error?.message).toMatch(/timed out after 30 ms/);
    await afterwards(after);
    await expectNoLeaks(before);
  });

  test.each(HANGS)('a fetch that %s: aborted, when the caller aborts', async (_, hang, retries) => {
    const before = activeResources();
    const caller = new AbortController();
    const { fetch, after } = hang(() => setImmediate(() => caller.abort(new Error('stop'))));
    // One caller's abort ends only its own wait for a login, which runs on to the client's deadline
    // (100 ms here). Otherwise only the caller's abort can end these.
    const ended = await make({ fetch, timeoutMs: logsIn ? 100 : 60_000, retry: retries ? { maxRetries: 2 } : false })(caller.signal);
    expectEnded(ended, 'aborted', name);
    await afterwards(after);
    await expectNoLeaks(before);
  });
});
