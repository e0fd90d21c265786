// Keeps secrets out of everything an error can show: its message, body, headers and cause.

const REDACTED = '[redacted]';
// Deeper than any reply of these APIs; past it a value is dropped rather than walked.
const MAX_DEPTH = 32;

/**
 * Replaces each secret with "[redacted]", in each form it may be echoed in: as sent, form-encoded,
 * URL-encoded or JSON-escaped. Secrets under 8 characters are left alone: too short to be secret,
 * and replacing them would garble every message.
 */
export function secretRemover(secrets: readonly string[]): ((text: string) => string) | undefined {
  const forms = secrets
    .filter((secret) => secret.length >= 8)
    .flatMap((secret) => [
      secret,
      new URLSearchParams({ s: secret }).toString().slice(2),
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ]);
  return forms.length ? (text) => forms.reduce((clean, form) => clean.replaceAll(form, REDACTED), text) : undefined;
}

/**
 * Text from a server or the caller made safe for a log line: secrets removed (before cutting, so no
 * part of one is left), no line breaks or control characters, at most `max` characters.
 */
export const oneLine = (text: string, secrets: readonly string[], max: number): string =>
  (secretRemover(secrets)?.(text) ?? text).replace(/[\0-\x1f\x7f-\x9f\u2028\u2029]+/g, ' ').slice(0, max);

/**
 * A copy of an Error (its class kept, so `instanceof` still holds) with `scrub` applied to its
 * message, stack, cause, an AggregateError's `errors` and every own enumerable field (keys too). Other own
 * properties (hidden ones, symbols) are left out: they could hold anything.
 */
function scrubError(error: Error, copy: Error, scrub: (value: unknown) => unknown): Error {
  for (const key of ['name', 'message', 'stack', 'cause', 'errors'] as const) {
    if (key in error) Object.defineProperty(copy, key, { value: scrub((error as AggregateError)[key]), writable: true, configurable: true });
  }
  for (const [key, value] of Object.entries(error)) (copy as unknown as Record<string, unknown>)[scrub(key) as string] = scrub(value);
  return copy;
}

/**
 * The error with every secret removed wherever a server or the caller's code could have put one:
 * the message, the body (text or JSON, keys included), the headers, any field taken from the body,
 * and `cause` with everything reachable from it (an Error's message, stack and own fields).
 */
export function redact<E extends object>(error: E, secrets: readonly string[]): E {
  const remove = secretRemover(secrets);
  if (!remove) return error;
  const seen = new Map<object, unknown>();
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return remove(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth > MAX_DEPTH) return REDACTED;
    if (seen.has(value)) return seen.get(value);
    try {
      return scrubObject(value, (item: unknown) => scrub(item, depth + 1));
    } catch {
      // A revoked Proxy or a throwing getter (from the caller's hooks): nothing of it can be shown safely.
      return REDACTED;
    }
  };
  const scrubObject = (value: object, next: (item: unknown) => unknown): unknown => {
    if (value instanceof Date || value instanceof RegExp) return value;
    if (value instanceof Headers) return new Headers([...value].map(([name, text]): [string, string] => [name, remove(text)]));
    if (Array.isArray(value)) return value.map(next);
    // Copies are registered before their fields are walked, so a cycle (an error its own cause) ends.
    if (value instanceof Error) {
      const copy = Object.create(Object.getPrototypeOf(value) as object) as Error;
      seen.set(value, copy);
      return scrubError(value, copy, next);
    }
    // Any other object becomes a plain copy of its own fields: a class's getters may need internal
    // state a copy lacks, and what matters is that no field keeps a secret.
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) copy[remove(key)] = next(item);
    return copy;
  };
  return scrub(error, 0) as E;
}
