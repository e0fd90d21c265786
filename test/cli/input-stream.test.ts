// Streamed CSV and NDJSON files give the plan what a file read whole gives: the same records and
// header, the same error naming the same line, whatever the chunks the file is read in.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseRecords, readRecords } from '../../src/cli/input.js';
import { openRecords } from '../../src/cli/input-stream.js';
import type { SyncRecord } from '../../src/cli/sync.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uas-stream-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const none = Readable.from([]);

/** What openRecords gives, with the streamed records collected (or the error a later read threw). */
async function streamed(path: string) {
  const opened = await openRecords(path, none);
  if (!opened.ok) return opened;
  const records: SyncRecord[] = [];
  for await (const record of opened.data) records.push(record);
  expect(Array.isArray(opened.data)).toBe(false);
  expect(opened.count).toBe(records.length);
  return { ok: true, data: records, ...(opened.columns && { columns: opened.columns }) };
}

// A long value, so that the file is read in several chunks (64 KiB each) and lines straddle them.
const long = 'x'.repeat(70_000);

test.each([
  ['hr.csv', 'Work Email,Department,Note\r\njo@acme.test,"Sales, EMEA","said ""hi"""\r\nal@acme.test,Ops,"two\r\nlines"\r\n'],
  ['hr.csv', '\uFEFFemail,Region\njo@acme.test,EMEA\n'],
  ['hr.csv', 'email,Region,Shoe Size\njo@acme.test,,44\n\nal@acme.test,"",\n'],
  ['hr.csv', 'email,Region,\njo@acme.test,EMEA,\n'],
  ['hr.csv', 'email,Region\n'],
  ['hr.csv', 'email,Region\njo@acme.test,EMEA\nal@acme.test\n'],
  ['hr.csv', 'email,Region\njo@acme.test,"EM"EA\n'],
  ['hr.csv', 'email,Region\njo@acme.test,EMEA\nal@acme.test,"open\n'],
  ['hr.csv', 'email,Region,email\nx,y,z\n'],
  ['hr.csv', ' \n'],
  ['hr.csv', ''],
  ['hr.csv', `email,Note\njo@acme.test,${long}\nal@acme.test,Zürich ${long}\nbo@acme.test\n`],
  ['hr.ndjson', '{"email":"jo@acme.test"}\r\n\r\n{"email":"al@acme.test","Region":"EMEA"}\r\n'],
  ['hr.ndjson', '{"email":"jo@acme.test"}\n{"email": oops}\n'],
  ['hr.ndjson', '{"email":"jo@acme.test"}\n["x"]\n'],
  ['hr.jsonl', '\uFEFF{"email":"jo@acme.test","Level":3,"Manager":true,"Region":null}'],
  ['hr.ndjson', '\n \n'],
  ['hr.ndjson', `{"email":"jo@acme.test","Note":"${long}"}\n{"email":"al@acme.test","Note":"Zürich ${long}"}\n{"email": }\n`],
])('%s %j: streamed as read whole', async (file, text) => {
  const path = join(dir, file);
  await writeFile(path, text);
  expect(await streamed(path)).toEqual(await readRecords(path, none));
  expect(await readRecords(path, none)).toEqual(parseRecords(text.replace(/^\uFEFF/, ''), file.endsWith('.csv') ? 'csv' : 'ndjson', path));
});

test('bytes that are not UTF-8, a missing file and a folder: the same errors', async () => {
  const latin1 = join(dir, 'latin1.csv');
  await writeFile(latin1, Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x0a]));
  for (const path of [latin1, join(dir, 'nope.csv'), join(dir, 'nope.ndjson')]) expect(await streamed(path)).toEqual(await readRecords(path, none));
  const folder = join(dir, 'folder.csv');
  await rm(folder, { recursive: true, force: true });
  await import('node:fs/promises').then(({ mkdir }) => mkdir(folder));
  expect(await streamed(folder)).toEqual(await readRecords(folder, none));
});

test('standard input and JSON arrays are read whole, as before', async () => {
  const path = join(dir, 'hr.json');
  await writeFile(path, '[{"email":"jo@acme.test"}]');
  expect(await openRecords(path, none)).toEqual({ ok: true, data: [{ email: 'jo@acme.test' }] });
  expect(await openRecords('-', Readable.from(['email\njo@acme.test\n']))).toEqual({ ok: true, data: [{ email: 'jo@acme.test' }], columns: ['email'] });
});
