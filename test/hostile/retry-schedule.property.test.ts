// For any sequence of replies (429 with any form of Retry-After, 502/503/504, network errors, 401,
// success, other errors) and any retry options, the schedule stays within its bounds and every
// decision follows the documented rules. A fake fetch and an injected clock: nothing really waits.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import type { Runtime } from '../../src/core/runtime.js';
import { userValue } from '../support/hostile.js';

/** A Retry-After form: the headers it sends at `now`, and the delay it means (undefined: unreadable, so backoff). */
interface Asked {
  readonly label: string;
  headers(now: number): Record<string, string>;
  asked(now: number): number | undefined;
  [fc.toStringMethod](): string;
}
// Counterexamples print the label.
const fixed = (label: string, headers: Record<string, string>, asked: number | undefined): Asked => ({
  label,
  headers: () => headers,
  asked: () => asked,
  [fc.toStringMethod]: () => `Retry-After ${JSON.stringify(headers)}`,
});
const fromDate = (label: string, offsetMs: number): Asked => ({
  label,
  [fc.toStringMethod]: () => `Retry-After: now ${offsetMs >= 0 ? '+' : '-'} ${Math.abs(offsetMs)} ms as an HTTP date`,
  headers: (now) => ({ 'retry-after': new Date(now + offsetMs).toUTCString() }),
  asked: (now) => Math.max(0, Date.parse(new Date(now + offsetMs).toUTCString()) - now),
});

const retryAfter: fc.Arbitrary<Asked> = fc.oneof(
  fc.constant(fixed('none', {}, undefined)),
  fc.integer({ min: 0, max: 400 }).map((s) => fixed(`${s}`, { 'retry-after': `${s}` }, s * 1000)),
  fc
    .integer({ min: 0, max: 200_000 })
    // Whole milliseconds, without float noise: "1.1" seconds asks for 1100 ms.
    .map((ms) => fixed(`${ms / 1000}`, { 'retry-after': `${ms / 1000}` }, ms)),
  fc.integer({ min: 1, max: 10_000 }).map((s) => fixed(`-${s}`, { 'retry-after': `-${s}` }, undefined)),
  fc
    .constantFrom('soon', '', '1e3', 'NaN', 'Infinity', '0x1F', '5 s', 'Sunday', '2026-11-22T12:00:00Z')
    .map((t) => fixed(t, { 'retry-after': t }, undefined)),
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((s) => fromDate(`date ${s}s`, s * 1000)),
  fc
    .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }))
    .map(([a, b]) => fixed(`${a}, ${b}`, { 'retry-after': `${a}, ${b}` }, Math.max(a, b) * 1000)),
  fc.constantFrom('9'.repeat(30), '9'.repeat(400)).map((t) => fixed('huge', { 'retry-after': t }, Number.MAX_SAFE_INTEGER)),
  fc.integer({ min: 0, max: 200_000 }).map((ms) => fixed(`ms ${ms}`, { 'retry-after-ms': `${ms}`, 'retry-after': '1' }, ms)),
);

type Reply = { readonly latencyMs: number } & (
  | { readonly type: 'status'; readonly status: number; readonly retryAfter?: Asked }
  | { readonly type: 'network' }
  | { readonly type: 'ok' }
);
const latency = fc.integer({ min: 0, max: 3000 });
const reply: fc.Arbitrary<Reply> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('status' as const), status: fc.constant(429), retryAfter, latencyMs: latency }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('status' as const),
      status: fc.constantFrom(502, 503, 504),
      retryAfter,
      latencyMs: latency,
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('network' as const), latencyMs: latency }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ok' as const), latencyMs: latency }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('status' as const),
      status: fc.constantFrom(400, 401, 404, 500),
      latencyMs: latency,
    }),
  },
);

const options = fc.record({
  service: fc.constantFrom('looker', 'dx'),
  maxRetries: fc.integer({ min: 0, max: 8 }),
  maxDelayMs: fc.integer({ min: 0, max: 120_000 }),
  // Real timers never fire during a run (it takes well under a second); the deadline is enforced
  // on the injected clock, which moves only by latencies and waits.
  timeoutMs: fc.integer({ min: 1000, max: 300_000 }),
  retryServerErrors: fc.boolean(),
  retryNetworkErrors: fc.boolean(),
  random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

const EXPECTED_KIND: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 404: 'not_found', 429: 'rate_limited' };

test('attempts, each wait and the total wait stay within bounds; every decision follows the rules', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 12 }), options, async (replies, o) => {
      let now = Date.UTC(2026, 10, 22, 12, 0, 0);
      const start = now;
      const deadline = start + o.timeoutMs;
      // What the fake server did, in order: each request with the clock when its reply arrived.
      const sent: { reply: Reply; at: number }[] = [];
      const waits: { ms: number; at: number; after: number }[] = [];
      const runtime: Runtime = {
        now: () => now,
        random: () => o.random,
        sleep: async (ms, signal) => {
          signal.throwIfAborted();
          waits.push({ ms, at: now, after: sent.length });
          now += ms;
        },
      };
      const fetch = async () => {
        const next = replies[Math.min(sent.length, replies.length - 1)]!;
        now += next.latencyMs;
        sent.push({ reply: next, at: now });
        if (next.type === 'network') throw new TypeError('fetch failed');
        if (next.type === 'ok') {
          const body = o.service === 'dx' ? { ok: true, user: { id: 'u', email: 'jo@acme.com', attributes: [] } } : userValue();
          return Response.json(body);
        }
        return Response.json(
          { ok: false, error: 'some_code', message: 'nope' },
          { status: next.status, headers: next.retryAfter?.headers(now) },
        );
      };
      const common = {
        fetch,
        runtime,
        timeoutMs: o.timeoutMs,
        retry: {
          maxRetries: o.maxRetries,
          maxDelayMs: o.maxDelayMs,
          retryServerErrors: o.retryServerErrors,
          retryNetworkErrors: o.retryNetworkErrors,
        },
      };
      const result =
        o.service === 'dx'
          ? await createDxClient({ ...common, token: 'dx-token-123456' }).updateUserAttributes({
              email: 'jo@acme.com',
              attributes: { A: 'b' },
            })
          : await createLookerClient({
              ...common,
              baseUrl: 'https://looker.test',
              credentials: { getToken: () => 'looker-token-123456' },
            }).setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'v' });

      // A 401 is replayed (Looker, getToken) at most once per call, right away.
      const replays =
        o.service === 'looker'
          ? sent.filter(
            (s, i) =>
              s.reply.type === 'status' &&
                s.reply.status === 401 &&
                i + 1 < sent.length &&
                !waits.some((w) => w.after === i + 1),
          ).length
          : 0;
      expect(replays).toBeLessThanOrEqual(1);
      // Bounded attempts.
      expect(sent.length).toBeLessThanOrEqual(o.maxRetries + 1 + replays);
      expect(waits).toHaveLength(sent.length - 1 - replays);
      let total = 0;
      waits.forEach((wait, retryIndex) => {
        // Each wait is at most maxDelayMs and ends before the deadline; so does their sum.
        expect(wait.ms).toBeLessThanOrEqual(o.maxDelayMs);
        expect(wait.at + wait.ms).toBeLessThan(deadline);
        total += wait.ms;
        // Never sooner than asked; backoff (0.5 s doubling to 8 s, minus jitter) when nothing readable was asked.
        const { reply: before, at } = sent[wait.after - 1]!;
        const asked = before.type === 'status' ? before.retryAfter?.asked(at) : undefined;
        const backoff = Math.min(Math.round(Math.min(500 * 2 ** retryIndex, 8000) * (1 - o.random / 4)), o.maxDelayMs);
        expect(wait.ms).toBe(asked ?? backoff);
      });
      expect(total).toBeLessThan(o.timeoutMs);

      // The call ends with what the last reply said.
      const last = sent.at(-1)!;
      if (last.reply.type === 'ok') {
        expect(result.ok).toBe(true);
        return;
      }
      if (result.ok) throw new Error('a failed last reply gave success');
      expect(result.error.attempts).toBe(sent.length);
      if (last.reply.type === 'network') expect(result.error.kind).toBe('network');
      else {
        const { status } = last.reply;
        const kind = status >= 500 ? 'server' : o.service === 'dx' && status === 400 ? 'api_error' : EXPECTED_KIND[status];
        expect(result.error.kind).toBe(kind);
        if (status === 429)
          expect((result.error as { retryAfterMs?: number }).retryAfterMs).toBe(last.reply.retryAfter?.asked(last.at));
      }
      // It stopped for a reason: not retryable, out of retries, asked for longer than maxDelayMs,
      // or the wait would have ended at or after the deadline.
      const retryable =
        last.reply.type === 'network'
          ? o.retryNetworkErrors
          : last.reply.status === 429 || (o.retryServerErrors && last.reply.status >= 502 && last.reply.status <= 504);
      if (retryable && waits.length < o.maxRetries) {
        const asked = last.reply.type === 'status' ? last.reply.retryAfter?.asked(last.at) : undefined;
        const delay = asked ?? Math.min(Math.round(Math.min(500 * 2 ** waits.length, 8000) * (1 - o.random / 4)), o.maxDelayMs);
        expect(delay > o.maxDelayMs || last.at + delay >= deadline).toBe(true);
      }
    }),
    { numRuns: 1500 },
  );
  // 1500 runs take about 4 s on an idle machine: past vitest's 5 s default on a busy one.
}, 30_000);
