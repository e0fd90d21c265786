import type { InputCheck } from './failures.js';
import { checkMillis, type CallOptions } from './settings.js';
import { describe, isRecord } from './validate.js';

/** Checks per-call options; problems are reported with the input's. */
export function checkCallOptions(check: InputCheck, options: CallOptions | undefined): void {
  if (options === undefined) return;
  if (!isRecord(options)) return check.add('options', `must be an object, got ${describe(options)}`);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    check.add('options.signal', 'must be an AbortSignal');
  }
  try {
    checkMillis('options.timeoutMs', options.timeoutMs);
  } catch (error) {
    check.add('options.timeoutMs', 'must be a finite number of milliseconds >= 0');
  }
}

/** Checks a client's base URL and returns it without a trailing slash. */
export function checkBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new TypeError('baseUrl must be an absolute http(s) URL without credentials, query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}
