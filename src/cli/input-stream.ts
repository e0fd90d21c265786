// Records streamed from a CSV or NDJSON file, read twice: once through to check every line before
// any request (the same messages, with their lines, as a file read whole), then into the plan, a
// record at a time, so that memory does not grow with the file's size.
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import type { Failure, PlainResult } from '../core/result.js';
import { displayName, type Stdin } from './input-file.js';
import { csvFailure, csvOptions, duplicateColumn, ndjsonLine, readRecords, type InputError } from './input.js';
import type { SyncRecord } from './sync.js';

/** The records, as a source the plan reads once, and for CSV the header's names. */
export type RecordStream = PlainResult<AsyncIterable<SyncRecord> | SyncRecord[], InputError> & {
  readonly columns?: string[];
  /** The records a streamed file holds, counted by its check. */
  readonly count?: number;
};

/** A failure met while streaming, carrying the input error to report. */
class StreamFailure extends Error {
  /** `ofText`: the file could not be read as text (reported before its being empty, as when read whole). */
  constructor(readonly failure: Failure<InputError>, readonly ofText = false) {
    super(failure.error.message);
  }
}

const unreadable = (message: string) => new StreamFailure({ ok: false, error: { kind: 'invalid_input', message } }, true);

/** The file's text, chunk by chunk, checked as UTF-8 as it comes (as `readText` checks it whole). */
async function* textOf(path: string): AsyncGenerator<string> {
  const name = displayName(path);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (bytes?: Buffer) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw unreadable(`${name} is not UTF-8 text (save it as "CSV UTF-8")`);
    }
  };
  try {
    for await (const chunk of createReadStream(path)) yield decode(chunk as Buffer);
  } catch (error) {
    if (error instanceof StreamFailure) throw error;
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw unreadable(`cannot read ${name}: ${reason}`);
  }
  yield decode();
}

/** Whether any text but white space went by, as the text passes through. */
function watching(text: AsyncIterable<string>): { text: AsyncGenerator<string>; seen: () => boolean } {
  let seen = false;
  async function* pass() {
    for await (const chunk of text) {
      if (!seen && chunk.trim() !== '') seen = true;
      yield chunk;
    }
  }
  return { text: pass(), seen: () => seen };
}

/** Each NDJSON line's record (a blank line skipped), numbered as `parseRecords` numbers them. */
async function* ndjsonRecords(text: AsyncIterable<string>, name: string): AsyncGenerator<SyncRecord> {
  let rest = '';
  let number = 0;
  let first = true;
  const take = (line: string) => {
    const read = ndjsonLine(line.endsWith('\r') ? line.slice(0, -1) : line, ++number, name);
    if (read && !read.ok) throw new StreamFailure(read);
    return read?.data;
  };
  for await (const chunk of text) {
    const lines = (rest + (first && chunk !== '' ? chunk.replace(/^\uFEFF/, '') : chunk)).split('\n');
    if (chunk !== '') first = false;
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
    throw error instanceof StreamFailure ? error : new StreamFailure(csvFailure(error, name));
  }
}

/** Reads the file through once: the error `parseRecords` would give it, or the CSV header's names. */
async function check(path: string, csv: boolean): Promise<PlainResult<{ columns?: string[]; count: number }, InputError>> {
  const name = displayName(path);
  const watched = watching(textOf(path));
  const parser = csvOptions();
  const empty = () => ({ ok: false, error: { kind: 'invalid_input', message: `${name} is empty` } }) as const;
  let count = 0;
  try {
    for await (const record of csv ? csvRecords(watched.text, name, parser) : ndjsonRecords(watched.text, name)) if (record) count++;
  } catch (error) {
    if (!(error instanceof StreamFailure)) throw error;
    return !watched.seen() && !error.ofText ? empty() : error.failure;
  }
  if (!watched.seen()) return empty();
  if (csv && parser.header.duplicate !== undefined) return duplicateColumn(name, parser.header.duplicate);
  return { ok: true, data: { count, ...(csv && { columns: parser.header.columns }) } };
}

/**
 * The records of `path`: a CSV or NDJSON file (by its extension) checked through, then streamed
 * into the plan; standard input and any other file read whole (`readRecords`).
 */
export async function openRecords(path: string, stdin: Stdin): Promise<RecordStream> {
  const extension = extname(path).toLowerCase();
  const csv = extension === '.csv';
  if (path === '-' || !(csv || extension === '.ndjson' || extension === '.jsonl')) return readRecords(path, stdin);
  const checked = await check(path, csv);
  if (!checked.ok) return checked;
  const name = displayName(path);
  // The file read again: a change made to it since the check fails the plan with the message.
  const records = csv ? csvRecords(textOf(path), name) : ndjsonRecords(textOf(path), name);
  return { ok: true, data: records, count: checked.data.count, ...(checked.data.columns && { columns: checked.data.columns }) };
}
