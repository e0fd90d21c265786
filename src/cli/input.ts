// The records to sync, from CSV (csv-parse), a JSON array or NDJSON, chosen by extension or content.
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { failure, type Failure, type Ok } from '../core/result.js';
import { displayName, parseJson, placeIn, readText, type Stdin } from './input-file.js';
import type { SyncRecord } from './sync.js';

/** The formats an input file can have. */
export type InputFormat = 'csv' | 'json' | 'ndjson';

/** Input that cannot be read as records; `message` names the file and, when known, the line. */
export interface InputError {
  readonly kind: 'invalid_input';
  readonly message: string;
  readonly line?: number;
}

/** The records, and for CSV the header's names (so that a mapped column it lacks is refused before any request). */
type Records = (Ok<SyncRecord[]> & { readonly columns?: string[] }) | Failure<InputError>;

/** Reads the records of `path` ("-" reads `stdin`). */
export async function readRecords(path: string, stdin: Stdin): Promise<Records> {
  const text = await readText(path, stdin);
  if (!text.ok) return { ok: false, error: { kind: 'invalid_input', message: text.error.message } };
  return parseRecords(text.data, detectFormat(path, text.data), displayName(path));
}

/** The format by extension (.csv, .json, .ndjson, .jsonl), else by the first character. */
export function detectFormat(path: string, text: string): InputFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  const first = text.trimStart()[0];
  return first === '[' ? 'json' : first === '{' ? 'ndjson' : 'csv';
}

/** Parses `text` in `format`; `name` is what messages call the file. */
export function parseRecords(text: string, format: InputFormat, name: string): Records {
  if (text.trim() === '') return invalid(`${name} is empty`);
  if (format === 'csv') return parseCsv(text, name);
  if (format === 'json') return parseJsonArray(text, name);
  return parseNdjson(text, name);
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

function parseCsv(text: string, name: string): Records {
  const { options, header } = csvOptions();
  try {
    const rows = parse(text, options) as Record<string, string>[];
    if (header.duplicate !== undefined) return duplicateColumn(name, header.duplicate);
    return { ok: true, data: rows, columns: header.columns };
  } catch (error) {
    return csvFailure(error, name);
  }
}

function parseJsonArray(text: string, name: string): Records {
  const parsed = parseJson(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) {
    const { reason, position } = parsed.error;
    return position ? invalid(`${placeIn(name, position)}: ${reason}`, position.line) : invalid(`${name}: ${reason}`);
  }
  if (!Array.isArray(parsed.data)) return invalid(`${name}: expected an array of records`);
  const records: SyncRecord[] = [];
  for (const [index, value] of parsed.data.entries()) {
    const record = toRecord(value);
    if (typeof record === 'string') return invalid(`${name} record ${index + 1}: ${record}`);
    records.push(record);
  }
  return { ok: true, data: records };
}

function parseNdjson(text: string, name: string): Records {
  const records: SyncRecord[] = [];
  for (const [index, line] of text.replace(/^\uFEFF/, '').split(/\r?\n/).entries()) {
    const read = ndjsonLine(line, index + 1, name);
    if (read === undefined) continue;
    if (!read.ok) return read;
    records.push(read.data);
  }
  return { ok: true, data: records };
}

/** The record of one NDJSON line (`number` from 1), undefined for a blank line, or the error naming the line. */
export function ndjsonLine(line: string, number: number, name: string): Ok<SyncRecord> | Failure<InputError> | undefined {
  if (line.trim() === '') return undefined;
  const parsed = parseJson(line);
  if (!parsed.ok) return invalid(`${placeIn(name, { line: number, column: parsed.error.position?.column })}: ${parsed.error.reason}`, number);
  const record = toRecord(parsed.data);
  return typeof record === 'string' ? invalid(`${placeIn(name, { line: number })}: ${record}`, number) : { ok: true, data: record };
}

// Fields become text as a CSV cell would hold them: numbers and true/false written out, null empty.
function toRecord(value: unknown): SyncRecord | string {
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
