// Telling, from what a fetch failed with, that no connection was made at all: the address refused
// it, or the host name does not resolve (a wrong base URL, nothing listening), as opposed to a
// connection that broke off.

// Node (undici) and Deno name the failure in a code; Bun in its own code; some only in the message.
const CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ConnectionRefused']);
const MESSAGES = /connection refused|ECONNREFUSED|ENOTFOUND|failed to lookup address|dns error/i;
// fetch's TypeError → the socket's error → an AggregateError of each address tried: no deeper.
const MAX_DEPTH = 4;

/**
 * Whether `failure` (fetch's TypeError, as a `network` error's `cause` holds it) says that no
 * connection could be made: refused, or no such host. Looks through its causes and an
 * AggregateError's errors. Never throws, whatever it is given.
 */
export function isNoConnection(failure: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || typeof failure !== 'object' || failure === null) return false;
  try {
    const { code, message, cause, errors } = failure as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && CODES.has(code)) return true;
    if (depth > 0 && typeof message === 'string' && MESSAGES.test(message)) return true;
    if (Array.isArray(errors) && errors.some((error) => isNoConnection(error, depth + 1))) return true;
    return isNoConnection(cause, depth + 1);
  } catch {
    return false;
  }
}
