// What each format of records shares between its passes: the format by name or content, CSV's
// options and errors (csv-parse), an NDJSON line or a JSON object as a record, and the errors naming the line.
import { extname } from 'node:path';
import { failure, type Failure, type Ok } from '../core/result.js';
import { parseJson, placeIn } from './input-file.js';
import type { SyncRecord } from './sync.js';

/** The formats an input file can have. */
export type InputFormat = 'csv' | 'json' | 'ndjson';

/** Input that cannot be read as records; `message` names the file and, when known, the line. */
export interface InputError {
  readonly kind: 'invalid_input';
  readonly message: string;
  readonly line?: number;
}

/** A failure met while reading records, carrying the input error to report. */
export class InputFailure extends Error {
  /** `ofText`: the file could not be read as text (reported before its being empty). */
  constructor(readonly failure: Failure<InputError>, readonly ofText = false) {
    super(failure.error.message);
  }
}

/** The format by extension (.csv, .json, .ndjson, .jsonl); undefined for any other name. */
export function formatByName(path: string): InputFormat | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  return undefined;
}

/** The format of a file whose name does not tell, by its first character but white space. */
export function formatByContent(first: string | undefined): InputFormat {
  return first === '[' ? 'json' : first === '{' ? 'ndjson' : 'csv';
}

/** csv-parse's options, and the header's names as they are read (a name twice noted as `duplicate`). */
export function csvOptions() {
  const seen = new Set<string>();
  const header = { columns: [] as string[], duplicate: undefined as string | undefined };
  const options = {
    bom: true,
    // The first row names the fields; a nameless column (a trailing comma) is left out.
    columns: (names: string[]) =>
      names.map((column) => {
        if (seen.has(column)) header.duplicate ??= column;
        seen.add(column);
        if (column !== '') header.columns.push(column);
        return column === '' ? false : column;
      }),
    skip_empty_lines: true,
  };
  return { options, header };
}

/** The error of a header naming a column twice. */
export const duplicateColumn = (name: string, column: string) => invalid(`${placeIn(name, { line: 1 })}: the column "${column}" appears twice`, 1);

/** What csv-parse threw, as the input error naming the file and the line (or the record). */
export function csvFailure(error: unknown, name: string): Failure<InputError> {
  const { code, lines, records, column, message } = error as { code?: string; lines?: number; records?: number; column?: unknown; message: string };
  // An unclosed quote runs to the end of the file, so its line says nothing: name the record.
  if (code === 'CSV_QUOTE_NOT_CLOSED' && typeof records === 'number') {
    const where = typeof column === 'string' ? ` in the column "${column}"` : '';
    return invalid(`${name} record ${records + 1}: a quote opened${where} is not closed`);
  }
  if (typeof lines !== 'number') return invalid(`${name}: ${message}`);
  return invalid(`${placeIn(name, { line: lines })}: ${message.replace(/ (?:on|at) line \d+/, '')}`, lines);
}

/** The record of one NDJSON line (`number` from 1), undefined for a blank line, or the error naming the line. */
export function ndjsonLine(line: string, number: number, name: string): Ok<SyncRecord> | Failure<InputError> | undefined {
  if (line.trim() === '') return undefined;
  const parsed = parseJson(line);
  if (!parsed.ok) return invalid(`${placeIn(name, { line: number, column: parsed.error.position?.column })}: ${parsed.error.reason}`, number);
  const record = toRecord(parsed.data);
  return typeof record === 'string' ? invalid(`${placeIn(name, { line: number })}: ${record}`, number) : { ok: true, data: record };
}

/** A JSON object as a record: fields become text as a CSV cell would hold them (numbers and true/false written out, null empty); else what is wrong. */
export function toRecord(value: unknown): SyncRecord | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object of fields';
  const record: Record<string, string> = {};
  for (const [field, cell] of Object.entries(value)) {
    if (cell === null) record[field] = '';
    else if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') record[field] = String(cell);
    else return `the field "${field}" holds ${Array.isArray(cell) ? 'a list' : 'an object'}; a field holds text, a number, true, false or null`;
  }
  return record;
}

function invalid(message: string, line?: number): Failure<InputError> {
  return failure(line === undefined ? { kind: 'invalid_input', message } : { kind: 'invalid_input', message, line });
}
