// The one real HTTP server on loopback the tests use, for what msw cannot show (stalls, resets,
// broken bodies, sockets left open): it records each request and lets the handler answer as it likes.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, passthrough } from 'msw';
import { onTestFinished } from 'vitest';
import { server as msw } from './server.js';

/** What a loopback server saw of one request. */
export interface Seen {
  readonly method: string;
  /** As sent on the request line, not decoded. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Answers one request; it may answer in any broken way it likes (or never). */
export type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void | Promise<void>;

/** A running loopback server. */
export interface LoopbackServer {
  readonly url: string;
  readonly seen: Seen[];
  /** Connections accepted so far. */
  readonly connections: number;
  /** Replies not finished and whose connection is still open: a client that let go closed them. */
  readonly busy: number;
  close(): Promise<void>;
}

/** Lets requests to any loopback HTTP server through msw (the suite's msw server refuses unhandled ones). */
export function passLoopbackThrough(): void {
  msw.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
}

/**
 * A node:http server on 127.0.0.1 that reads each request body, records the request and hands it to
 * `handler`. Requests through the msw-patched global fetch are let through to it too.
 */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  passLoopbackThrough();
  const seen: Seen[] = [];
  const busy = new Set<ServerResponse>();
  let connections = 0;
  const server = createServer(async (req, res) => {
    busy.add(res);
    res.on('close', () => busy.delete(res));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
    seen.push(entry);
    await handler(req, res, entry);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get connections() {
      return connections;
    },
    get busy() {
      return busy.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `startLoopbackServer`, closed when the current test finishes. */
export async function serve(handler: Handler): Promise<LoopbackServer> {
  const server = await startLoopbackServer(handler);
  onTestFinished(() => server.close());
  return server;
}
