// The sync scenarios' world over real HTTP: the SDK's own Looker and DX clients talking to the
// testing kit's fake on loopback, sharing one injected clock with it (nothing really sleeps).
// Writes are counted as the fake answers them; faults come from `fake.faults`; the simulated
// process death wraps the clients, so a dead process sends nothing more.
import { createDxClient } from '../../../src/dx/index.js';
import { createLookerClient } from '../../../src/looker/index.js';
import type { Runtime } from '../../../src/core/runtime.js';
import type { SyncService } from '../../../src/sync/model/ports.js';
import { createFakeServices, startFakeServer, type FakeServices, type FakeServicesOptions, type FakeUserAttributeType } from '../../../src/testing/index.js';
import { testRuntime } from '../runtime.js';
import { Killer } from './killer.js';
import type { FaultScript, SyncWorld } from './world.js';

// Node's own fetch, taken when this module loads, before the suite's msw server patches the global:
// the fake is a real loopback server, and msw's interception would only slow every request down.
const loopbackFetch = globalThis.fetch;

/**
 * Every method of `client`, called only while the process lives (see `Killer`). A request
 * handed to the client is sent and answered even when its caller aborts or dies, as a service
 * answers a request whose sender has gone: an aborted request could otherwise still reach the
 * fake after the next run's re-check, a race over loopback that no scenario could order.
 */
export function mortal<T extends object>(client: T, killer: Killer): T {
  return new Proxy(client, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      return (input: unknown, options?: { signal?: AbortSignal; timeoutMs?: number }) =>
        killer.step(() => member.call(target, input, options && { ...options, signal: undefined }));
    },
  });
}

/**
 * Keeps the shared clock honest over real HTTP. The injected sleep returns at once, so without
 * this a lane could move the clock on while its last request is still on its way, and the fake
 * would see that request later than it was sent. `sleep` first waits (on I/O, not on time) until
 * every request sent has reached the fake or failed.
 */
class InTransit {
  readonly #pending = new Set<string>();
  #next = 0;
  #waiters: (() => void)[] = [];

  /** A fetch that marks its requests, so that `arrived` can tell them apart. */
  fetch = (url: string, init: RequestInit): Promise<Response> => {
    const id = String(++this.#next);
    this.#pending.add(id);
    const headers = new Headers(init.headers);
    headers.set(TRANSIT_HEADER, id);
    return loopbackFetch(url, { ...init, headers }).finally(() => this.#done(id));
  };

  /** The fake received `request`. */
  arrived(request: Request): void {
    const id = request.headers.get(TRANSIT_HEADER);
    if (id !== null) this.#done(id);
  }

  /** Resolves once nothing is on its way. */
  settled(): Promise<void> {
    return this.#pending.size ? new Promise((resolve) => this.#waiters.push(resolve)) : Promise.resolve();
  }

  #done(id: string): void {
    this.#pending.delete(id);
    if (!this.#pending.size) for (const wake of this.#waiters.splice(0)) wake();
  }
}

const TRANSIT_HEADER = 'x-sync-world-request';

/** Counts the writes the fake accepted, per `service/user-or-email/attribute`, from the requests themselves. */
function countWrites(
  fake: FakeServices,
  token: string,
  attributeNames: ReadonlyMap<string, string>,
  writes: Map<string, number>,
  transit: InTransit,
) {
  const wrote = (key: string) => writes.set(key, (writes.get(key) ?? 0) + 1);
  return async (request: Request): Promise<Response> => {
    transit.arrived(request);
    const url = new URL(request.url);
    const dxBody = url.pathname === '/users.attributes.update' ? request.clone().json().catch(() => undefined) : undefined;
    const response = await fake.handle(request);
    if (!response.ok || response.type === 'error') return response;
    const looker = /^\/api\/4\.0\/users\/([^/]+)\/attribute_values\/([^/]+)$/.exec(url.pathname);
    if (looker && (request.method === 'PATCH' || request.method === 'DELETE'))
      wrote(`looker/${decodeURIComponent(looker[1] as string)}/${attributeNames.get(decodeURIComponent(looker[2] as string))}`);
    // Only the sync's client writes with this token; values set "by someone else" use another.
    if (dxBody && request.headers.get('authorization') === `Bearer ${token}`) {
      const { email, attributes } = (await dxBody) as { email: string; attributes: { name: string }[] };
      for (const { name } of attributes) wrote(`dx/${fake.dx.user(email).email}/${name}`);
    }
    return response;
  };
}

/** Faults of one service, as `fake.faults` specs. */
function faultScript(fake: FakeServices, service: SyncService, dxWindow: { requests: number; retryAfter: boolean }): FaultScript {
  return {
    rateLimitNext(count, retryAfterMs) {
      fake.faults.add({ service, times: count, rateLimit: retryAfterMs === undefined ? {} : { retryAfter: { milliseconds: retryAfterMs } } });
    },
    failNext(count, status = 503) {
      fake.faults.add({ service, times: count, serverError: status as 500 | 502 | 503 });
    },
    limitRate(requests, perMs, retryAfter) {
      // The fake DX always keeps its per-minute window; other spans are per-second faults.
      if (service === 'dx' && perMs === 60_000 && requests === dxWindow.requests && retryAfter === dxWindow.retryAfter) return;
      if (perMs !== 1000) throw new Error(`the HTTP world limits rates per second, or DX per minute as created (asked ${requests} per ${perMs} ms)`);
      fake.faults.add({ service, rateLimit: { perSecond: requests, ...(retryAfter && { retryAfter: { seconds: 1 } }) } });
    },
  };
}

/** What `createHttpWorld` takes: the fake's own settings (its clock is the world's). */
export type HttpWorldOptions = Omit<FakeServicesOptions, 'now'>;

/** The HTTP world, with its fake and a way to stop the server. */
export type HttpWorld = SyncWorld & { killer: Killer; fake: FakeServices; close(): Promise<void> };

/** Starts a fake server and points real clients at it. `close` stops the server. */
export async function createHttpWorld(options: HttpWorldOptions = {}): Promise<HttpWorld> {
  const clock = testRuntime();
  const transit = new InTransit();
  const runtime: Runtime = {
    ...clock.runtime,
    async sleep(ms, signal) {
      await transit.settled();
      return clock.runtime.sleep(ms, signal);
    },
  };
  const { sleeps } = clock;
  // Long-lived tokens: a login mid-run is a Looker call the scenarios do not count.
  const fake = createFakeServices({ ...options, now: runtime.now, looker: { tokenLifetimeSeconds: 30 * 86_400, ...options.looker } });
  const dxToken = fake.dx.createToken();
  const seedToken = fake.dx.createToken();
  const attributeNames = new Map<string, string>();
  const writes = new Map<string, number>();
  const server = await startFakeServer({ fake: { ...fake, handle: countWrites(fake, dxToken, attributeNames, writes, transit) } });
  const killer = new Killer();
  // Clients as anyone creates them: the sync's lanes take over retries and pacing call by call.
  const common = { baseUrl: server.url, runtime, fetch: transit.fetch } as const;
  const looker = createLookerClient({ ...common, credentials: fake.looker.createApiCredentials() });
  const dx = createDxClient({ ...common, token: dxToken });
  const login = await looker.login();
  if (!login.ok) throw new Error(login.error.message);
  fake.calls.reset();
  const dxWindow = { requests: options.dx?.requestsPerMinute ?? 1000, retryAfter: options.dx?.retryAfter ?? false };

  return {
    duplicateEmails: false,
    dxPerMinute: dxWindow.requests,
    killer,
    fake,
    looker: mortal(looker, killer),
    dx: mortal(dx, killer),
    runtime,
    sleeps,
    close: () => server.close(),
    addGroup: (name) => fake.looker.addGroup({ name }).id,
    addLookerUser: ({ email, disabled = false, groups = [] }) => fake.looker.addUser({ email, isDisabled: disabled, groupIds: groups }).id,
    addAttribute({ name, type = 'string', defaultValue = null, hidden = false, userCanEdit = false }) {
      const { id } = fake.looker.addUserAttribute({
        name, type: type as FakeUserAttributeType, defaultValue, valueIsHidden: hidden, userCanView: !hidden, userCanEdit,
      });
      attributeNames.set(id, name);
      return id;
    },
    setGroupValue: (groupId, attributeId, value) => void fake.looker.updateGroupValue(groupId, attributeId, value),
    setLookerValue(userId, attributeId, value) {
      if (value === null) fake.looker.deleteUserValue(userId, attributeId);
      else fake.looker.setUserValue(userId, attributeId, value);
    },
    lookerOwnValue(userId, attributeId) {
      const resolved = fake.looker.resolve(userId, attributeId);
      return resolved.source === 'user' ? (resolved.value ?? undefined) : undefined;
    },
    // A user that is not to be listed gets neither role nor attribute; the fake then leaves it out.
    addDxUser: ({ email, listed = true, attributes = {} }) => void fake.dx.addUser({ email, attributes, ...(listed && { listed: true }) }),
    async setDxValue(email, name, value) {
      const response = await loopbackFetch(`${server.url}/users.attributes.update`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seedToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email, attributes: [{ name, value }] }),
      });
      if (!response.ok) throw new Error(`setting ${email}'s ${name} failed: ${response.status}`);
    },
    dxValues: (email) => ({ ...fake.dx.user(email).attributes }),
    calls: (service) => ({ ...(fake.calls.byOperation(service as 'looker') as Record<string, number>) }),
    writes: () => new Map(writes),
    faults: (service) => faultScript(fake, service, dxWindow),
  };
}
