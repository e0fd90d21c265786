// The testing kit's fake Looker and DX served over real HTTP for each test, SDK clients pointed at
// it, a small seeded org and raw requests to check what the fake holds.
import { afterEach, beforeEach } from 'vitest';
import { createDxClient, type DxClientOptions } from '../../src/dx/index.js';
import { createLookerClient, type LookerClientOptions } from '../../src/looker/index.js';
import {
  createFakeServices,
  startFakeServer,
  type FakeServer,
  type FakeServices,
  type FakeServicesOptions,
} from '../../src/testing/index.js';
import { passLoopbackThrough } from './http-server.js';
import { testRuntime } from './runtime.js';

export { passLoopbackThrough };

/** What `useFakeServer` gives each test. */
export interface FakeServerContext {
  server: FakeServer;
  fake: FakeServices;
  /** The SDK's runtime; the fake reads the same clock, so SDK waits move the fake's time. */
  clock: ReturnType<typeof testRuntime>;
  looker(options?: Partial<LookerClientOptions>): ReturnType<typeof createLookerClient>;
  dx(options?: Partial<DxClientOptions>): ReturnType<typeof createDxClient>;
}

/** A fresh fake served over real HTTP for every test, and SDK clients pointed at it. */
export function useFakeServer(options: Omit<FakeServicesOptions, 'now'> = {}): FakeServerContext {
  const context = {} as FakeServerContext;
  beforeEach(async () => {
    context.clock = testRuntime();
    context.fake = createFakeServices({ ...options, now: context.clock.runtime.now });
    context.server = await startFakeServer({ fake: context.fake });
    context.looker = (overrides = {}) =>
      createLookerClient({
        baseUrl: context.server.url,
        credentials: context.fake.looker.createApiCredentials(),
        runtime: context.clock.runtime,
        ...overrides,
      });
    context.dx = (overrides = {}) =>
      createDxClient({
        baseUrl: context.server.url,
        token: context.fake.dx.createToken(),
        runtime: context.clock.runtime,
        ...overrides,
      });
    passLoopbackThrough();
  });
  afterEach(() => context.server.close());
  return context;
}

/** A small org: Sales and Support; ana in both, ben in Support, cai in none; a `region` attribute. */
export function seedOrg(fake: FakeServices) {
  const sales = fake.looker.addGroup({ name: 'Sales' });
  const support = fake.looker.addGroup({ name: 'Support' });
  const ana = fake.looker.addUser({ email: 'ana@example.com', groupIds: [sales.id, support.id] });
  const ben = fake.looker.addUser({ email: 'ben@example.com', groupIds: [support.id] });
  const cai = fake.looker.addUser({ email: 'cai@example.com' });
  const region = fake.looker.addUserAttribute({ name: 'region', label: 'Region', defaultValue: 'World' });
  return { sales, support, ana, ben, cai, region };
}

/** Reads a user's resolved value over HTTP (`GET /users/{id}/attribute_values`), as Looker reports it. */
export async function readUserValue(context: FakeServerContext, userId: string, userAttributeId: string) {
  const response = await fetch(
    `${context.server.url}/api/4.0/users/${userId}/attribute_values?user_attribute_ids=${userAttributeId}`,
    {
      headers: { authorization: `Bearer ${context.fake.looker.issueAccessToken()}` },
    },
  );
  const [value] = (await response.json()) as Record<string, unknown>[];
  return value;
}

/** Sends a raw request to the fake server with a valid Looker token. */
export function lookerFetch(context: FakeServerContext, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${context.server.url}/api/4.0${path}`, {
    method,
    headers: { authorization: `Bearer ${context.fake.looker.issueAccessToken()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A raw Looker GET with a valid token: the status and the parsed JSON body (undefined when empty). */
export async function lookerGet(context: FakeServerContext, path: string, query: Record<string, string | string[]> = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const item of [value].flat()) search.append(name, item);
  const response = await lookerFetch(context, 'GET', `${path}${search.size > 0 ? `?${search}` : ''}`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
