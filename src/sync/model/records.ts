// Reading input records one at a time: the email normalised, each mapped field turned into the
// text to write (or empty), and every record that cannot be used turned into a numbered problem.
import { EmailTable, NumberColumn } from './email-table.js';
import { describe } from '../../core/input-checks.js';
import { isEmailAddress } from '../../dx/input.js';
import type { MissingFieldsError } from './errors.js';
import { FieldPresence } from './input-fields.js';
import type { SyncMapping } from './mapping.js';
import type { SyncService } from './ports.js';

/** One input record: the email field and the mapped fields (other fields are ignored). */
export type SyncRecord = Readonly<Record<string, unknown>>;

/** Records from an array or any iterable or async iterable, read one at a time. */
export type RecordSource = Iterable<SyncRecord> | AsyncIterable<SyncRecord>;

/** Why a record (or one of its fields) was left out of the plan. */
export type ProblemKind =
  | 'invalid_record'
  | 'missing_email'
  | 'invalid_email'
  | 'duplicate_record'
  | 'invalid_value'
  | 'transform_failed'
  | 'user_not_found'
  | 'ambiguous_user'
  | 'disabled_user'
  | 'deleted_user'
  | 'read_failed';

/** A per-record problem, as listed in the plan. */
export interface SyncProblem {
  /** The normalised email, when the record had a usable one. */
  readonly email?: string;
  /** Position of the record in the input, from 0. */
  readonly record?: number;
  readonly service?: SyncService;
  /** The attribute concerned, when the problem is one field's. */
  readonly attribute?: string;
  readonly kind: ProblemKind;
  readonly message: string;
}

/** A usable record. */
export interface ReadRecord {
  /** Position in the input, from 0. */
  readonly index: number;
  /** Trimmed and lowercased. */
  readonly email: string;
  /** Mapped field → text to write, or null for empty. Fields whose value was refused are absent. */
  readonly values: ReadonlyMap<string, string | null>;
}

/** Trimmed, lowercased email, or undefined when it is not one. */
export function normalizeEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();
  // As the DX client checks it, so no record is planned that DX would refuse.
  return isEmailAddress(email) ? email : undefined;
}

/** The text of a field: trimmed strings and finite numbers; null for empty; undefined when unusable. */
function fieldText(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  return undefined;
}

/**
 * Reads records one at a time. Emails seen twice are problems for every record carrying them:
 * `duplicates` holds them so that whoever planned the first one can drop it at the end.
 */
export class RecordReader {
  /** Emails found in more than one record. */
  readonly duplicates = new Set<string>();
  /** The index of the first record naming each email, on the email's slot (-1: none yet). */
  readonly #firstIndex = new NumberColumn('int32', -1);
  readonly #fields: readonly [string, SyncMapping['fields'][string]][];
  readonly #presence: FieldPresence;

  /** `emails`: the plan's table, shared with its directories so that each email is held once. */
  constructor(private readonly mapping: SyncMapping, private readonly emails = new EmailTable()) {
    this.#fields = Object.entries(mapping.fields);
    this.#presence = new FieldPresence(mapping);
  }

  /** After reading: the error when records were read and none held one of the mapping's fields. */
  missingFields(): MissingFieldsError | undefined {
    return this.#presence.error(this.mapping);
  }

  /** The index of the first record carrying `email`. */
  firstIndexOf(email: string): number | undefined {
    const slot = this.emails.find(email);
    const first = slot === undefined ? -1 : this.#firstIndex.get(slot);
    return first === -1 ? undefined : first;
  }

  /** Yields each usable record, or a problem for each record (and each field) that is not. */
  async* read(source: RecordSource): AsyncGenerator<{ record: ReadRecord; problems: SyncProblem[] } | { problem: SyncProblem }> {
    let index = 0;
    for await (const raw of source) {
      const result = this.#readOne(raw, index);
      index++;
      yield result;
    }
  }

  #readOne(raw: unknown, index: number): { record: ReadRecord; problems: SyncProblem[] } | { problem: SyncProblem } {
    const record = index;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return { problem: { record, kind: 'invalid_record', message: `record ${index} is ${describe(raw)}, not an object` } };
    const fields = raw as Record<string, unknown>;
    this.#presence.see(fields);
    const given = fields[this.mapping.email];
    if (fieldText(given) === null)
      return { problem: { record, kind: 'missing_email', message: `record ${index} has no "${this.mapping.email}"` } };
    const normalized = normalizeEmail(given);
    if (!normalized) {
      const message = `record ${index}: "${this.mapping.email}" is not an email address (name@domain.example, with nothing around it)`;
      return { problem: { record, kind: 'invalid_email', message } };
    }
    const slot = this.emails.slotOf(normalized);
    // The table's string, so that a record held on holds no copy of its own.
    const email = this.emails.emailAt(slot);
    const first = this.#firstIndex.get(slot);
    if (first !== -1) {
      this.duplicates.add(email);
      return { problem: { email, record, kind: 'duplicate_record', message: `${email} appears in records ${first} and ${index}: neither is applied` } };
    }
    this.#firstIndex.set(slot, index);
    const values = new Map<string, string | null>();
    const problems: SyncProblem[] = [];
    for (const [name, target] of this.#fields) {
      const attribute = target.looker ?? target.dx;
      const text = fieldText(fields[name]);
      if (text === undefined) {
        problems.push({ email, record, attribute, kind: 'invalid_value', message: `"${name}" is ${describe(fields[name])}, not text or a number` });
        continue;
      }
      if (text === null || !target.transform) {
        values.set(name, text);
        continue;
      }
      try {
        const transformed = target.transform(text);
        if (transformed !== null && typeof transformed !== 'string') throw new TypeError(`returned ${describe(transformed)}`);
        values.set(name, transformed === null || transformed.trim() === '' ? null : transformed);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        problems.push({ email, record, attribute, kind: 'transform_failed', message: `the transform of "${name}" failed: ${why}` });
      }
    }
    return { record: { index, email, values }, problems };
  }
}
