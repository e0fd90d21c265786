// Checks of the kit's own options and seeds: a mistake in a test's setup fails at once with a
// TypeError that names the option, instead of surfacing later as a puzzling reply.

/** Throws unless `value` is undefined or a non-empty string. */
export function checkOptionalId(option: string, value: unknown): asserts value is string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value === ''))
    throw new TypeError(`${option} must be a non-empty string (got ${describe(value)})`);
}

/** Throws unless `value` is undefined or a string (or null, when `nullable`). */
export function checkOptionalString(option: string, value: unknown, nullable = false): void {
  if (value === undefined || typeof value === 'string' || (nullable && value === null)) return;
  throw new TypeError(`${option} must be a string${nullable ? ' or null' : ''} (got ${describe(value)})`);
}

/** Throws unless `value` is undefined or a boolean. */
export function checkOptionalBoolean(option: string, value: unknown): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${option} must be a boolean (got ${describe(value)})`);
}

/** Throws unless `value` is undefined or a finite number above 0. */
export function checkOptionalPositive(option: string, value: unknown): asserts value is number | undefined {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0))
    throw new TypeError(`${option} must be a positive number (got ${describe(value)})`);
}

/** Throws unless `value` is undefined or an integer port number, 0 to 65535. */
export function checkOptionalPort(option: string, value: unknown): asserts value is number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535))
    throw new TypeError(`${option} must be an integer from 0 to 65535 (got ${describe(value)})`);
}

/** Throws unless `value` is undefined or an array of non-empty strings. */
export function checkOptionalIdList(option: string, value: unknown): asserts value is readonly string[] | undefined {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new TypeError(`${option} must be an array of ids (got ${describe(value)})`);
  value.forEach((item: unknown, i) => checkOptionalId(`${option}[${i}]`, item ?? null));
}

/** A short, secret-free rendering of a bad value for an error message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
