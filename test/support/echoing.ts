// Replies of a hostile server that echoes what it received (the Authorization header, the login
// form) into every part of its answer, and the check that none of it reaches anything a log shows.
import type { ServerResponse } from 'node:http';
import { expect } from 'vitest';
import { unwrap, UserAttributesError } from '../../src/looker/index.js';
import type { Seen } from './http-server.js';
import { expectNoSecret, json, renderings, SECRETS } from './hostile.js';

/** Answers a request, given the echo of what it carried. */
export type Reply = (res: ServerResponse, echo: string, seen: Seen) => void;

/** What the request carried: its bearer token and its body (the login form). */
export const echoOf = (seen: Seen) => `auth=${seen.headers.authorization ?? ''} form=${seen.body}`;

/** An error reply with the echo everywhere: message, fields, a key, headers. */
export const echoing =
  (status: number, extra: object = {}): Reply =>
    (res, echo) =>
      json(
        res,
        status,
        {
          message: `denied: ${echo}`,
          documentation_url: echo,
          errors: [{ field: 'value', code: 'bad', message: echo }],
          [echo]: echo,
          ...extra,
        },
        {
          'x-echo': echo,
          'www-authenticate': `Bearer error="${echo}"`,
        },
      );

/** A page of text (HTML by default) with the echo in it, plain and JSON-escaped. */
export const text =
  (status: number, type = 'text/html'): Reply =>
    (res, echo) => {
      res.writeHead(status, { 'content-type': type, 'x-echo': echo });
      res.end(`<html>${echo} ${JSON.stringify(echo)}</html>`);
    };

/** A redirect to another origin carrying the echo. */
export const redirect: Reply = (res, echo) => {
  res.writeHead(307, { location: `http://127.0.0.1:9/steal?${new URLSearchParams({ echo })}`, 'x-echo': echo });
  res.end();
};

/** No reply: the connection is reset. */
export const reset: Reply = (res) => res.socket?.destroy();
/** No reply at all. */
export const stall: Reply = () => {};

/** A good login reply. */
export const grant = { access_token: SECRETS.token, token_type: 'Bearer', expires_in: 3600, refresh_token: null };

/** Checks a failed result, and the error `unwrap` throws for it, for secrets; returns the result's renderings. */
export function expectNoSecretAnywhere(result: { ok: boolean }, kind: string): string {
  expect(result.ok).toBe(false);
  expect((result as unknown as { error: { kind: string } }).error.kind).toBe(kind);
  expectNoSecret(result);
  let thrown: unknown;
  try {
    unwrap(result as never);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UserAttributesError);
  expectNoSecret(thrown);
  return renderings(result).join('\n');
}

/** A 200 JSON reply built around the echo. */
export const withEcho =
  (body: (echo: string) => unknown): Reply =>
    (res, echo) =>
      json(res, 200, body(echo), { 'x-echo': echo });
