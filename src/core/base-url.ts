// The base URL check every client makes: http(s), nothing but an origin and a path, and plain
// http only to loopback unless the caller allows it.
import { describe } from './input-checks.js';
import { refuseOption } from './refuse-option.js';

// Loopback hosts, where plain http never leaves the machine.
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Checks a client's base URL and returns it without a trailing slash. */
export function checkBaseUrl(who: string, value: unknown, allowInsecureHttp: unknown = false): string {
  if (typeof allowInsecureHttp !== 'boolean') refuseOption(who, 'allowInsecureHttp', `must be a boolean, got ${describe(allowInsecureHttp)}`);
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  // Nothing but the origin and a path: no credentials, query or fragment, not even an empty one.
  if (!url || !/^https?:$/.test(url.protocol) || url.href !== url.origin + url.pathname) {
    refuseOption(who, 'baseUrl', 'must be an http(s) URL without credentials, query or fragment');
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !LOOPBACK.test(url.hostname)) {
    refuseOption(who, 'baseUrl', `is plain http to ${url.hostname}: use https, or set allowInsecureHttp: true`);
  }
  return url.href.replace(/\/+$/, '');
}
