// Records streamed from a CSV, JSON array or NDJSON file, read twice: once through to check every
// record before any request (the error names the line, or the record), then into the plan, a record
// at a time, so that memory does not grow with the file's size. Standard input is first copied to a
// file of its own (stdin-file.ts) and then read the same way.
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { PlainResult } from '../core/result.js';
import { displayName, streamText, UnreadableText, type Stdin } from './input-file.js';
import { csvFailure, csvOptions, duplicateColumn, formatByContent, formatByName, InputFailure, ndjsonLine, type InputError, type InputFormat } from './input.js';
import { jsonArrayRecords } from './json-array-records.js';
import { copyStdin } from './stdin-file.js';
import type { SyncRecord } from './sync.js';

/** The records, as a source the plan reads once, and for CSV the header's names. */
export type RecordStream = PlainResult<AsyncIterable<SyncRecord> | SyncRecord[], InputError> & {
  readonly columns?: string[];
  /** The records the file holds, counted by its check. */
  readonly count?: number;
  /** Removes what reading standard input left behind; call it once the plan is made. */
  readonly close?: () => Promise<void>;
};

/** The file's text, chunk by chunk (streamText); what cannot be read as text, an input failure. */
async function* textOf(path: string, name: string): AsyncGenerator<string> {
  try {
    yield* streamText(path, name);
  } catch (error) {
    if (!(error instanceof UnreadableText)) throw error;
    throw new InputFailure({ ok: false, error: { kind: 'invalid_input', message: error.message } }, true);
  }
}

/** Whether any text but white space went by, and its first such character, as the text passes through. */
function watching(text: AsyncIterable<string>): { text: AsyncGenerator<string>; first: () => string | undefined } {
  let first: string | undefined;
  async function* pass() {
    for await (const chunk of text) {
      first ??= chunk.trimStart()[0];
      yield chunk;
    }
  }
  return { text: pass(), first: () => first };
}

/** Each NDJSON line's record (a blank line skipped), numbered from 1. */
async function* ndjsonRecords(text: AsyncIterable<string>, name: string): AsyncGenerator<SyncRecord> {
  let rest = '';
  let number = 0;
  const take = (line: string) => {
    const read = ndjsonLine(line.endsWith('\r') ? line.slice(0, -1) : line, ++number, name);
    if (read && !read.ok) throw new InputFailure(read);
    return read?.data;
  };
  for await (const chunk of text) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() as string;
    for (const line of lines) {
      const record = take(line);
      if (record) yield record;
    }
  }
  const last = take(rest);
  if (last) yield last;
}

/** Each CSV row as a record, through csv-parse's stream parser; `header` fills in as the first row is read. */
async function* csvRecords(text: AsyncIterable<string>, name: string, parser = csvOptions()): AsyncGenerator<SyncRecord> {
  // pipeline, not pipe: a failure of the text reaches the rows, and a plan that stops early closes the file.
  const rows = pipeline(Readable.from(text), parse(parser.options), () => {});
  try {
    for await (const row of rows) yield row as SyncRecord;
  } catch (error) {
    throw error instanceof InputFailure ? error : new InputFailure(csvFailure(error, name));
  }
}

/** The records of `text`, the file at `path`'s, in `format`; `csv` fills in the header's names. */
function recordsIn(text: AsyncIterable<string>, path: string, name: string, format: InputFormat, csv = csvOptions()): AsyncGenerator<SyncRecord> {
  if (format === 'csv') return csvRecords(text, name, csv);
  if (format === 'ndjson') return ndjsonRecords(text, name);
  return jsonArrayRecords(text, name, () => textOf(path, name));
}

/** The first character of the file but white space (its format when its name does not tell). */
async function firstCharacter(path: string, name: string): Promise<PlainResult<string | undefined, InputError>> {
  try {
    for await (const chunk of textOf(path, name)) {
      const first = chunk.trimStart()[0];
      if (first !== undefined) return { ok: true, data: first };
    }
    return { ok: true, data: undefined };
  } catch (error) {
    if (error instanceof InputFailure) return error.failure;
    throw error;
  }
}

/** Reads the file through once: the first error it holds, or the count of its records and the CSV header's names. */
async function check(path: string, name: string, format: InputFormat): Promise<PlainResult<{ columns?: string[]; count: number }, InputError>> {
  const watched = watching(textOf(path, name));
  const csv = csvOptions();
  const empty = () => ({ ok: false, error: { kind: 'invalid_input', message: `${name} is empty` } }) as const;
  let count = 0;
  try {
    for await (const record of recordsIn(watched.text, path, name, format, csv)) if (record) count++;
  } catch (error) {
    if (!(error instanceof InputFailure)) throw error;
    return watched.first() === undefined && !error.ofText ? empty() : error.failure;
  }
  if (watched.first() === undefined) return empty();
  if (format === 'csv' && csv.header.duplicate !== undefined) return duplicateColumn(name, csv.header.duplicate);
  return { ok: true, data: { count, ...(format === 'csv' && { columns: csv.header.columns }) } };
}

/** The records of the file at `path`, checked through, then streamed; `name` is what messages call it. */
async function openFile(path: string, name: string, named: InputFormat | undefined): Promise<RecordStream> {
  let format = named;
  if (format === undefined) {
    const first = await firstCharacter(path, name);
    if (!first.ok) return first;
    format = formatByContent(first.data);
  }
  const checked = await check(path, name, format);
  if (!checked.ok) return checked;
  // The file read again: a change made to it since the check fails the plan with the message.
  const { count, columns } = checked.data;
  return { ok: true, data: recordsIn(textOf(path, name), path, name, format), count, ...(columns && { columns }) };
}

/**
 * The records of `path`, a CSV, JSON array or NDJSON file (by its extension, else by its first
 * character), or "-": standard input, copied to a file first (by its first character).
 */
export async function openRecords(path: string, stdin: Stdin): Promise<RecordStream> {
  if (path !== '-') return openFile(path, path, formatByName(path));
  const copied = await copyStdin(stdin);
  if (!copied.ok) return { ok: false, error: { kind: 'invalid_input', message: copied.error.message } };
  const opened = await openFile(copied.data.path, displayName(path), undefined);
  if (!opened.ok) await copied.data.remove();
  return opened.ok ? { ...opened, close: copied.data.remove } : opened;
}
