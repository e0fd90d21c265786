// Rate: writes through the sync against the fake limiting Looker to 50 requests a second and DX
// to its 1000-a-minute sliding window (with and without Retry-After), and a plain loop of DX
// client calls at concurrency 32 against that window, unpaced and paced by a shared limiter.
import { createDxClient } from 'user-attributes-sdk/dx';
import { createSync, type SyncProgress } from 'user-attributes-sdk/sync';
import { createFakeServices, startFakeServer } from 'user-attributes-sdk/testing';
import { emailOf, mapping, matchesRecords, previousRecord, rateLimitedReplies, records, startWorld } from './fixture.js';

/** Allowed rates of the fake, per second. */
export const LOOKER_PER_SECOND = 50;
export const DX_PER_MINUTE = 1000;

export interface LaneRate {
  readonly writes: number;
  readonly failed: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly allowedPerSecond: number;
  readonly shareOfAllowed: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly rateLimitedShare: number;
}

export interface SyncRateResult {
  readonly retryAfter: boolean;
  readonly looker: LaneRate;
  readonly dx: LaneRate;
  readonly stateMatches: boolean;
}

/**
 * `lookerUsers` users get 3 new Looker values each; `dxUsers` users one DX call each (3 values).
 * Only apply is timed; the plan before it uses the same lanes, so the window already holds its reads.
 */
export async function measureSyncRate(retryAfter: boolean, lookerUsers: number, dxUsers: number): Promise<SyncRateResult> {
  const users = Math.max(lookerUsers, dxUsers);
  const fresh = (i: number) => ({ email: emailOf(i), Department: `Dept ${i}`, Region: `Region ${i}`, Level: String(i) });
  // Users from `lookerUsers` on already hold tonight's Looker values, from `dxUsers` on their DX values.
  const seed = {
    looker: (i: number) => (i < lookerUsers ? previousRecord(i) : fresh(i)),
    dx: (i: number) => (i < dxUsers ? previousRecord(i) : fresh(i)),
  };
  const limits = { looker: { requestsPerSecond: LOOKER_PER_SECOND, retryAfter }, dx: { requestsPerMinute: DX_PER_MINUTE, retryAfter } };
  const world = await startWorld(users, limits, seed);
  const sync = createSync({
    looker: world.looker,
    dx: world.dx,
    mapping: mapping(),
    rateLimit: {
      looker: { requests: LOOKER_PER_SECOND, perMs: 1000, maxConcurrency: 8 },
      dx: { requests: DX_PER_MINUTE, perMs: 60_000, maxConcurrency: 8 },
    },
  });
  try {
    const plan = await sync.plan(records(users, fresh));
    if (!plan.ok) throw new Error(plan.error.message);
    const since = world.fake.requests.length;
    const started = performance.now();
    const last = { looker: started, dx: started };
    const onProgress = (progress: SyncProgress) => void (last[progress.service] = performance.now());
    const report = await sync.apply(plan.data, { dryRun: false, maxRemovals: 0, onProgress });
    if (!report.ok) throw new Error(report.error.message);
    const lane = (service: 'looker' | 'dx', allowedPerSecond: number): LaneRate => {
      const outcomes = report.data.outcomes.filter((o) => o.service === service);
      const writes = service === 'looker' ? outcomes.filter((o) => o.outcome === 'applied').length : plan.data.forecast.dx;
      const seconds = (last[service] - started) / 1000;
      const requests = world.fake.requests.slice(since).filter((r) => r.service === service).length;
      const rateLimited = rateLimitedReplies(world.fake, service, since);
      return {
        writes, failed: outcomes.filter((o) => o.outcome === 'failed').length, seconds, perSecond: writes / seconds, allowedPerSecond,
        shareOfAllowed: writes / seconds / allowedPerSecond, requests, rateLimited, rateLimitedShare: rateLimited / requests,
      };
    };
    const stateMatches = matchesRecords(world, users, fresh);
    return { retryAfter, looker: lane('looker', LOOKER_PER_SECOND), dx: lane('dx', DX_PER_MINUTE / 60), stateMatches };
  } finally {
    await world.close();
  }
}

export interface LoopResult {
  readonly paced: boolean;
  readonly updates: number;
  readonly concurrency: number;
  readonly failed: number;
  readonly failedShare: number;
  readonly seconds: number;
  readonly failureKinds: Record<string, number>;
}

/** `updates` DX updates by a plain loop of client calls, `concurrency` at once: paced as the client is by default, or with `rateLimit: false`. */
export async function measureLoop(paced: boolean, updates: number, concurrency: number): Promise<LoopResult> {
  const fake = createFakeServices({ dx: { requestsPerMinute: DX_PER_MINUTE } });
  for (let i = 0; i < updates; i++) fake.dx.addUser({ email: emailOf(i) });
  const server = await startFakeServer({ fake });
  const dx = createDxClient({ baseUrl: server.url, token: fake.dx.createToken(), ...(paced ? {} : { rateLimit: false }) });
  const failureKinds: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < updates) {
      const i = next++;
      const result = await dx.updateUserAttributes({ email: emailOf(i), attributes: [{ name: 'Department', value: `Dept ${i}` }] });
      if (!result.ok) failureKinds[result.error.kind] = (failureKinds[result.error.kind] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await server.close();
  }
  const failed = Object.values(failureKinds).reduce((a, b) => a + b, 0);
  return { paced, updates, concurrency, failed, failedShare: failed / updates, seconds: (performance.now() - started) / 1000, failureKinds };
}
