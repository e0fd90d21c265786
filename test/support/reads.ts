// One fake Looker and DX per test, served over real HTTP or through msw, and SDK clients that
// record every request they send, so the read tests run the same cases over both transports.
import { afterEach, beforeEach } from 'vitest';
import { createDxClient, type DxClientOptions } from '../../src/dx/index.js';
import { createLookerClient, type LookerClientOptions } from '../../src/looker/index.js';
import { createFakeServices, startFakeServer, type FakeServer, type FakeServices, type FakeServicesOptions } from '../../src/testing/index.js';
import { createMswHandlers, FAKE_DX_URL, FAKE_LOOKER_URL } from '../../src/testing/msw.js';
import { testRuntime } from './runtime.js';
import { server } from './server.js';
import { passLoopbackThrough } from './fake.js';

/** How the fake is reached. */
export type Transport = 'http' | 'msw';

/** Both transports, for `describe.each`. */
export const TRANSPORTS: readonly Transport[] = ['http', 'msw'];

/** One request a client sent. */
export interface SentRequest {
  readonly method: string;
  readonly url: URL;
}

/** What `useFake` gives each test. */
export interface FakeContext {
  fake: FakeServices;
  clock: ReturnType<typeof testRuntime>;
  /** Every request the clients sent, retries included, in order. */
  sent: SentRequest[];
  looker(options?: Partial<LookerClientOptions>): ReturnType<typeof createLookerClient>;
  dx(options?: Partial<DxClientOptions>): ReturnType<typeof createDxClient>;
}

/** A fresh fake for every test, over `transport`, with clients on the fake's clock. */
export function useFake(transport: Transport, options: Omit<FakeServicesOptions, 'now'> = {}): FakeContext {
  const context = {} as FakeContext;
  let httpServer: FakeServer | undefined;
  beforeEach(async () => {
    context.clock = testRuntime();
    context.fake = createFakeServices({ ...options, now: context.clock.runtime.now });
    context.sent = [];
    let lookerUrl = FAKE_LOOKER_URL;
    let dxUrl = FAKE_DX_URL;
    if (transport === 'http') {
      httpServer = await startFakeServer({ fake: context.fake });
      lookerUrl = dxUrl = httpServer.url;
      passLoopbackThrough();
    } else {
      server.use(...createMswHandlers(context.fake));
    }
    const fetch = (url: string, init: RequestInit) => {
      context.sent.push({ method: init.method ?? 'GET', url: new URL(url) });
      return globalThis.fetch(url, init);
    };
    context.looker = (overrides = {}) =>
      createLookerClient({
        baseUrl: lookerUrl,
        credentials: context.fake.looker.createApiCredentials(),
        runtime: context.clock.runtime,
        fetch,
        ...overrides,
      });
    context.dx = (overrides = {}) =>
      createDxClient({ baseUrl: dxUrl, token: context.fake.dx.createToken(), runtime: context.clock.runtime, fetch, ...overrides });
  });
  afterEach(async () => {
    await httpServer?.close();
    httpServer = undefined;
  });
  return context;
}

/** The requests of one path (under `/api/4.0` for Looker), without the login. */
export const sentTo = (context: FakeContext, path: string) =>
  context.sent.filter((r) => r.url.pathname === path || r.url.pathname === `/api/4.0${path}`);
