// Records as the command line reads them (`streamedRecords`: openRecords, every record taken), and
// the records of a text read whole (`wholeRecords`): the reference the streamed reader is held to, so
// that streaming changes no record and no message. Read whole, CSV goes through csv-parse's
// whole-text parser, JSON through JSON.parse with jsonc-parser naming where it fails.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { Stdin } from '../../src/cli/input-file.js';
import { openRecords } from '../../src/cli/input-stream.js';
import { parseJson, placeIn } from '../../src/cli/input-file.js';
import { csvFailure, csvOptions, duplicateColumn, ndjsonLine, toRecord, type InputError, type InputFormat } from '../../src/cli/input.js';
import type { SyncRecord } from '../../src/cli/sync.js';

type Records = { ok: true; data: SyncRecord[]; columns?: string[] } | { ok: false; error: InputError };

const invalid = (message: string, line?: number): Records =>
  ({ ok: false, error: line === undefined ? { kind: 'invalid_input', message } : { kind: 'invalid_input', message, line } });

/** The records of `text` in `format`, or the error naming the line; `name` is what messages call the file. */
export function wholeRecords(text: string, format: InputFormat, name: string): Records {
  const bare = text.replace(/^\uFEFF/, '');
  if (bare.trim() === '') return invalid(`${name} is empty`);
  if (format === 'csv') return csvRecords(bare, name);
  if (format === 'json') return jsonRecords(bare, name);
  const records: SyncRecord[] = [];
  for (const [index, line] of bare.split(/\r?\n/).entries()) {
    const read = ndjsonLine(line, index + 1, name);
    if (read === undefined) continue;
    if (!read.ok) return read;
    records.push(read.data);
  }
  return { ok: true, data: records };
}

function csvRecords(text: string, name: string): Records {
  const { options, header } = csvOptions();
  try {
    const rows = parse(text, options) as SyncRecord[];
    if (header.duplicate !== undefined) return duplicateColumn(name, header.duplicate);
    return { ok: true, data: rows, columns: header.columns };
  } catch (error) {
    return csvFailure(error, name);
  }
}

function jsonRecords(text: string, name: string): Records {
  const parsed = parseJson(text);
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

/** What openRecords gives for `path` ("-": `stdin`), its records taken as the plan takes them (or the error a later read threw). */
export async function streamedRecords(path: string, stdin: Stdin = Readable.from([])): Promise<Records> {
  const opened = await openRecords(path, stdin);
  if (!opened.ok) return opened;
  const records: SyncRecord[] = [];
  try {
    for await (const record of opened.data) records.push(record);
  } finally {
    await opened.close?.();
  }
  expect(Array.isArray(opened.data)).toBe(false);
  expect(opened.count).toBe(records.length);
  return { ok: true, data: records, ...(opened.columns && { columns: opened.columns }) };
}
