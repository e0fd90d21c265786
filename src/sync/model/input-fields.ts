// Whether the input has the fields the mapping reads: a mapped field (or the email field) that the
// header or every record lacks is an error naming it, never a column of empty values (which would
// plan the removal of everyone's value).
import type { MissingFieldsError } from './errors.js';
import type { SyncMapping } from './mapping.js';

/** Field names the records' own fields are listed up to, for the message. */
const MAX_LISTED_FIELDS = 100;

/** The fields the mapping reads: the email field first, then the mapped ones in mapping order. */
export const fieldsRead = (mapping: SyncMapping): string[] => [mapping.email, ...Object.keys(mapping.fields)];

/** Which of the mapping's fields the records seen so far hold (the key present, whatever its value). */
export class FieldPresence {
  readonly #unseen: Set<string>;
  readonly #seen = new Set<string>();
  #records = 0;

  constructor(mapping: SyncMapping) {
    this.#unseen = new Set(fieldsRead(mapping));
  }

  /** Notes one record's fields; once every field has been seen, costs nothing more. */
  see(record: Readonly<Record<string, unknown>>): void {
    this.#records++;
    if (!this.#unseen.size) return;
    for (const name of this.#unseen) if (Object.hasOwn(record, name)) this.#unseen.delete(name);
    for (const key in record) {
      if (this.#seen.size >= MAX_LISTED_FIELDS) break;
      if (Object.hasOwn(record, key)) this.#seen.add(key);
    }
  }

  /** The error when records were read and one of the fields was in none of them. */
  error(mapping: SyncMapping): MissingFieldsError | undefined {
    if (!this.#records || !this.#unseen.size) return undefined;
    const missing = fieldsRead(mapping).filter((name) => this.#unseen.has(name));
    return missingFieldsError(mapping, missing, [...this.#seen], 'records');
  }
}

/** The error when `columns` (a CSV header) lacks one of the fields the mapping reads. */
export function checkColumns(mapping: SyncMapping, columns: readonly string[]): MissingFieldsError | undefined {
  const given = new Set(columns);
  const missing = fieldsRead(mapping).filter((name) => !given.has(name));
  return missing.length ? missingFieldsError(mapping, missing, [...columns], 'header') : undefined;
}

const quote = (name: string) => JSON.stringify(name);
const loose = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();

/** What a field is for, as the message says it. */
function purpose(mapping: SyncMapping, name: string): string {
  if (name === mapping.email) return 'the email field';
  const { looker, dx } = mapping.fields[name] ?? {};
  return `mapped to ${[looker && `Looker ${looker}`, dx && `DX ${dx}`].filter(Boolean).join(', ')}`;
}

function missingFieldsError(mapping: SyncMapping, missing: readonly string[], columns: readonly string[], from: 'header' | 'records'): MissingFieldsError {
  const named = missing.map((name) => `${quote(name)} (${purpose(mapping, name)})`).join(' or ');
  const parts = [
    from === 'header'
      ? `the input has no column ${named}, so every record would read ${missing.length > 1 ? 'them' : 'it'} as empty.`
      : `no record has the field ${named}, so every record would read ${missing.length > 1 ? 'them' : 'it'} as empty.`,
  ];
  const list = columns.map(quote).join(', ');
  if (from === 'header') parts.push(columns.length === 1 ? `Its only column is ${list}` : `Its columns are ${list}`);
  else parts.push(columns.length ? `The records' fields are ${list}` : 'The records have no fields');
  const [only] = columns;
  if (columns.length === 1 && only !== undefined && /[;\t]/.test(only)) {
    parts[1] += `: the header looks ${only.includes(';') ? 'semicolon' : 'tab'}-delimited: save the file with commas between the fields`;
  }
  const nearMisses = missing.flatMap((name) => columns.filter((column) => loose(column) === loose(name)).map((column) => `${quote(column)} differs from ${quote(name)}`));
  if (nearMisses.length) parts[1] += `. Field names match exactly: ${nearMisses.join(', ')} only in case or spaces`;
  return { kind: 'missing_fields', message: parts.join(' '), fields: missing, columns };
}
