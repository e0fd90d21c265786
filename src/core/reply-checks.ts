// Checks that a reply's fields have the types the spec declares, naming the first that does not.
import { isRecord } from './input-checks.js';

/** A field's declared type; `?` also allows null or absence. */
export type FieldType = 'string' | 'string?' | 'boolean?' | 'number?' | 'integer?' | 'array' | 'array?';

/** The declared type of each field to check. */
export type Shape = Readonly<Record<string, FieldType>>;

const fits = (value: unknown, type: FieldType): boolean => {
  if (type.endsWith('?') && (value === null || value === undefined)) return true;
  switch (type) {
    case 'string':
    case 'string?':
      return typeof value === 'string';
    case 'boolean?':
      return typeof value === 'boolean';
    case 'number?':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer?':
      return Number.isSafeInteger(value);
    case 'array':
    case 'array?':
      return Array.isArray(value);
  }
};

/** The first field of `record` (at `path`) that does not fit `shape`, as "`path.field` is not a …". */
export function shapeProblem(record: unknown, shape: Shape, path: string): string | undefined {
  if (!isRecord(record)) return `${path} is not an object`;
  for (const [field, type] of Object.entries(shape)) {
    if (!fits(record[field], type)) return `${path}.${field} is not ${type.replace('?', '')}${type.endsWith('?') ? ' or null' : ''}`;
  }
  return undefined;
}

/** A check of a body that must be one object of `shape`. */
export const objectOf =
  (shape: Shape) =>
    (body: unknown): string | undefined =>
      shapeProblem(body, shape, 'body');

/** A check of a body that must be an array of objects of `shape`. */
export const arrayOf =
  (shape: Shape) =>
    (body: unknown): string | undefined => {
      if (!Array.isArray(body)) return 'body is not an array';
      for (let i = 0; i < body.length; i++) {
        const problem = shapeProblem(body[i], shape, `body[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    };
