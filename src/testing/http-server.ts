// startFakeServer: the fake services over real HTTP (node:http) on loopback.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkOptionalPort, checkOptionalString } from './checks.js';
import { createFakeServices, type FakeServices } from './fake-services.js';

/** Settings for `startFakeServer`. */
export interface FakeServerOptions {
  /** The fake to serve. Default: a new, empty `createFakeServices()`. */
  fake?: FakeServices;
  /** An integer from 0 to 65535. Default 0: a free port chosen by the system. */
  port?: number;
  /** Default `127.0.0.1`: loopback only. */
  host?: string;
}

/** A running fake server. */
export interface FakeServer {
  /** e.g. `http://127.0.0.1:54321`: the `baseUrl` for both `createLookerClient` and `createDxClient`. */
  readonly url: string;
  /** The fake it serves. */
  readonly fake: FakeServices;
  /** Closes open connections and stops the server. */
  close(): Promise<void>;
}

/**
 * Serves a fake Looker and DX over real HTTP (node:http). Every request goes through the fake's
 * `handle`, the same function the msw handlers use, so both behave identically.
 */
export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  checkOptionalPort('port', options.port);
  checkOptionalString('host', options.host);
  const fake = options.fake ?? createFakeServices();
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  server.on('request', (incoming: IncomingMessage, outgoing: ServerResponse) => {
    serve(fake, origin, incoming, outgoing).catch(() => incoming.socket.destroy());
  });

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    fake,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function serve(fake: FakeServices, origin: string, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const abandoned = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) abandoned.abort();
  });
  const response = await fake.handle(await toRequest(origin, incoming, abandoned.signal));
  if (response.type === 'error') {
    incoming.socket.destroy();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (abandoned.signal.aborted) return;
  outgoing.statusCode = response.status;
  for (const [name, value] of response.headers) outgoing.setHeader(name, value);
  outgoing.end(body);
}

async function toRequest(origin: string, incoming: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i < incoming.rawHeaders.length; i += 2)
    headers.append(incoming.rawHeaders[i] as string, incoming.rawHeaders[i + 1] as string);
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(incoming.url ?? '/', origin), {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    signal,
  });
}
