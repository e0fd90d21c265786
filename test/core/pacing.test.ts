// The clients' rateLimit option: a loop of ordinary calls paces itself to the service's window
// instead of failing. Against the fake DX's 1000-requests-per-minute sliding window, on one
// injected clock shared by the SDK and the fake, so nothing really waits.
import { describe, expect, test } from 'vitest';
import { createRateLimiter } from '../../src/core/rate-limiter.js';
import { createDxClient, type DxClient } from '../../src/dx/index.js';
import { testRuntime } from '../support/runtime.js';
import { useFakeServer } from '../support/fake.js';

const USERS = 1100;
const CONCURRENCY = 32;

/** Updates `USERS` users, `CONCURRENCY` at a time, as an integration's loop would; counts what failed. */
async function updateAll(dx: DxClient, users = USERS): Promise<{ failed: number; kinds: Set<string> }> {
  const emails = Array.from({ length: users }, (_, i) => `user${i}@example.com`);
  let failed = 0;
  const kinds = new Set<string>();
  const worker = async () => {
    for (let email = emails.pop(); email; email = emails.pop()) {
      const result = await dx.updateUserAttributes({ email, attributes: { Region: 'EMEA' } });
      if (!result.ok) {
        failed++;
        kinds.add(result.error.kind);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { failed, kinds };
}

describe('a DX client against the 1000-per-minute window', () => {
  const context = useFakeServer();
  const seed = () => {
    for (let i = 0; i < USERS; i++) context.fake.dx.addUser({ email: `user${i}@example.com` });
  };

  test('paces itself by default: 1,100 updates at concurrency 32, none fails and no request is refused', async () => {
    seed();
    const { failed } = await updateAll(context.dx());
    expect(failed).toBe(0);
    expect(context.fake.calls.total('dx')).toBe(USERS);
    expect(context.fake.requests.filter((r) => r.status === 429)).toHaveLength(0);
    // 1,100 requests in a 60 s window take just over one window of the shared clock.
    expect(context.clock.runtime.now() - Date.UTC(2026, 10, 22, 12)).toBeGreaterThanOrEqual(60_000);
  }, 30_000);

  test('without pacing (rateLimit: false) the same loop loses writes once the window is full', async () => {
    seed();
    const { failed, kinds } = await updateAll(context.dx({ rateLimit: false }));
    expect(failed).toBeGreaterThan(0);
    expect([...kinds]).toEqual(['rate_limited']);
  }, 30_000);

  test('a bad rateLimit option is refused when the client is created, named', () => {
    expect(() => context.dx({ rateLimit: { requests: 0, perMs: 1000 } })).toThrow(/createDxClient: rateLimit/);
    expect(() => context.dx({ rateLimit: 'fast' as never })).toThrow(/createDxClient: rateLimit must be/);
  });
});

describe('a limiter shared by two clients of one account', () => {
  test('paces them together: no window of the lane ever holds more than its requests', async () => {
    // A clock that moves only once every request already granted has reached fetch, so the time
    // each one is sent is the time it was granted.
    const clock = testRuntime();
    const instant = clock.runtime.sleep;
    clock.runtime.sleep = async (ms, signal) => {
      await new Promise((resolve) => setImmediate(resolve));
      return instant(ms, signal);
    };
    const sentAt: number[] = [];
    const fetch = async (_url: string, init: RequestInit) => {
      sentAt.push(clock.runtime.now());
      const { email } = JSON.parse(String(init.body)) as { email: string };
      return Response.json({ ok: true, user: { id: '1', email, attributes: [], failures: [] } });
    };
    const shared = createRateLimiter({ requests: 60, perMs: 60_000, runtime: clock.runtime });
    const client = () => createDxClient({ baseUrl: 'https://dx.test', token: 'dx-token-123456', fetch, runtime: clock.runtime, rateLimit: shared });
    const runs = await Promise.all([updateAll(client(), 100), updateAll(client(), 100)]);
    expect(runs.map((run) => run.failed)).toEqual([0, 0]);
    expect(shared.stats().granted).toBe(200);
    const crowded = sentAt.filter((at) => sentAt.filter((other) => other > at - 60_000 && other <= at).length > 60);
    expect(crowded).toEqual([]);
  });
});
