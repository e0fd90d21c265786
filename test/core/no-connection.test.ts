// Telling a connection that was never made (refused, no such host) from one that broke off, in
// the forms each runtime's fetch reports it.
import { expect, test } from 'vitest';
import { isNoConnection } from '../../src/core/no-connection.js';

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const cycle = () => {
  const error = new Error('x', { cause: undefined });
  error.cause = error;
  return error;
};

test.each([
  ['Node: refused', failed(coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'))],
  ['Node: no such host', failed(coded('ENOTFOUND', 'getaddrinfo ENOTFOUND x.invalid'))],
  ['Node: every address refused', failed(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], ''))],
  ['Bun', coded('ConnectionRefused', 'Unable to connect. Is the computer able to access the url?')],
  ['Deno', failed(new Error('client error (Connect): tcp connect error: Connection refused (os error 111)'))],
])('no connection: %s', (_, thrown) => {
  expect(isNoConnection(thrown)).toBe(true);
});

test.each([
  ['a reset', failed(coded('ECONNRESET', 'read ECONNRESET'))],
  ['a closed socket', failed(coded('UND_ERR_SOCKET', 'other side closed'))],
  ['a bare TypeError whose own message says refused', new TypeError('connection refused')],
  ['nothing', undefined],
  ['a string', 'ECONNREFUSED'],
  ['a revoked Proxy', failed(revoked())],
  ['a cycle', cycle()],
])('a connection, or nothing to tell: %s', (_, thrown) => {
  expect(isNoConnection(thrown)).toBe(false);
});
