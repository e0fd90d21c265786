// The only module of the testing kit that imports msw, so msw stays an optional peer dependency:
// import it from 'user-attributes-sdk/testing/msw'.
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FakeServices } from './fake-services.js';

/** Default origin of the fake Looker in msw handlers (`.test` never resolves, so nothing leaks out). */
export const FAKE_LOOKER_URL = 'https://looker.fake.test';
/** Default origin of the fake DX in msw handlers. */
export const FAKE_DX_URL = 'https://dx.fake.test';

/** Where the msw handlers answer. Origins only: the fake serves Looker at `/api/4.0` and DX at `/`. */
export interface FakeHandlerOrigins {
  /** Default `FAKE_LOOKER_URL`; use it as `createLookerClient`'s `baseUrl`. */
  lookerUrl?: string;
  /** Default `FAKE_DX_URL`; use it as `createDxClient`'s `baseUrl`. */
  dxUrl?: string;
}

/**
 * msw request handlers that answer from the fake, through the same `handle` function as
 * `startFakeServer`. Use them with `server.use(...createMswHandlers(fake))`.
 */
export function createMswHandlers(fake: FakeServices, origins: FakeHandlerOrigins = {}): HttpHandler[] {
  const lookerOrigin = checkOrigin('lookerUrl', origins.lookerUrl ?? FAKE_LOOKER_URL);
  const dxOrigin = checkOrigin('dxUrl', origins.dxUrl ?? FAKE_DX_URL);
  const answer = async ({ request }: { request: Request }) => {
    const response = await fake.handle(request);
    return response.type === 'error' ? HttpResponse.error() : response;
  };
  return [http.all(`${lookerOrigin}/api/4.0/*`, answer), http.all(`${dxOrigin}/*`, answer)];
}

function checkOrigin(name: string, value: string): string {
  const url = new URL(value);
  if (url.pathname !== '/' || url.search || url.hash)
    throw new TypeError(`${name} must be an origin such as https://looker.fake.test, without a path`);
  return url.origin;
}
