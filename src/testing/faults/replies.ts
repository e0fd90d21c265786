import type { RetryAfter } from './types.js';

const STATUS_TEXT: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** The header a `retryAfter` option asks for. */
export function retryAfterHeaders(retryAfter: RetryAfter | undefined): Record<string, string> {
  if (retryAfter === undefined) return {};
  if ('seconds' in retryAfter) return { 'retry-after': String(retryAfter.seconds) };
  if ('httpDate' in retryAfter) return { 'retry-after': retryAfter.httpDate.toUTCString() };
  return { 'retry-after-ms': String(retryAfter.milliseconds) };
}

/** A 5xx page as a load balancer or proxy sends it: HTML, not the service's JSON. */
export function serverErrorReply(status: number): Response {
  const title = `${status} ${STATUS_TEXT[status] ?? 'Server Error'}`;
  const html = `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** A 200 whose JSON body breaks off. */
export function malformedJsonReply(): Response {
  return new Response('{"ok":true,"value":"unterminated', { status: 200, headers: { 'content-type': 'application/json' } });
}

/**
 * No reply at all. `Response.error()` is the Fetch API's network error; each transport turns it
 * into its own form of a broken connection.
 */
export function droppedConnection(): Response {
  return Response.error();
}
