import type { Client } from 'openapi-fetch';
import { startCall, type Send } from './call.js';
import type { Settings } from './settings.js';

/** What a client's raw openapi-fetch client is made of. */
export interface RawParts {
  readonly baseUrl: string;
  readonly headers?: Record<string, string>;
  readonly settings: Settings;
  /** How the client sends an attempt: with its token, for instance. */
  readonly send: Send;
}

// Kept beside the client rather than on it, so that only apps that ask for a raw client bundle openapi-fetch.
const partsOf = new WeakMap<object, RawParts>();

/** Returns `client`, remembering what `createRawClient` needs to build its raw client. */
export function withRawParts<C extends object>(client: C, parts: RawParts): C {
  partsOf.set(client, parts);
  return client;
}

/**
 * An openapi-fetch client sending through `client`: its auth, retries and timeout, never following
 * a redirect. Rejects with a TypeError for anything but a client this SDK made.
 */
export async function createRawClient<Paths extends object>(client: object): Promise<Client<Paths>> {
  const parts = partsOf.get(Object(client));
  if (!parts) throw new TypeError('client must be made by createLookerClient or createDxClient');
  // Loaded here, not when the SDK is imported: most apps never need it.
  const { default: createClient } = await import('openapi-fetch');
  const { baseUrl, headers, settings, send } = parts;
  return createClient<Paths>({ baseUrl, headers, redirect: 'manual', fetch: rawFetch(settings, send) });
}

/** A fetch for a raw client: each request is a call with retries and the deadline. */
const rawFetch =
  (settings: Settings, send: Send) =>
    async (request: Request): Promise<Response> => {
      const { url, method, headers, redirect } = request;
      const call = startCall('request', settings, send);
      try {
        // A Request's body is a stream that can be read once: read it once, send the bytes each time.
        const body = request.body && (await request.arrayBuffer());
        return await call.send({ url, method, headers, body, redirect });
      } finally {
        call.done();
      }
    };
