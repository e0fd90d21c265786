// Reading the records as the command line does: CSV edge cases, JSON arrays, NDJSON, standard input,
// and errors naming the line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatByContent, formatByName } from '../../src/cli/input.js';
import { streamedRecords } from '../support/records.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uas-input-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The records of `text` in a file named `file`, which messages call by that name. */
async function read(text: string, file: string) {
  const path = join(dir, file);
  await writeFile(path, text);
  const result = await streamedRecords(path);
  return result.ok ? result : { ok: false as const, error: { ...result.error, message: result.error.message.replaceAll(path, file) } };
}
const csv = (text: string) => read(text, 'hr.csv');
const none = Readable.from([]);

describe('CSV', () => {
  test('the header row names the fields; CRLF line ends; quoted commas, quotes and line breaks', async () => {
    const text = 'Work Email,Department,Note\r\njo@acme.test,"Sales, EMEA","said ""hi"""\r\nal@acme.test,Ops,"two\r\nlines"\r\n';
    expect(await csv(text)).toEqual({
      ok: true,
      data: [
        { 'Work Email': 'jo@acme.test', Department: 'Sales, EMEA', Note: 'said "hi"' },
        { 'Work Email': 'al@acme.test', Department: 'Ops', Note: 'two\r\nlines' },
      ],
      columns: ['Work Email', 'Department', 'Note'],
    });
  });
  test('a byte order mark is not part of the first column name', async () => {
    expect(await csv('\uFEFFemail,Region\njo@acme.test,EMEA\n')).toEqual({ ok: true, data: [{ email: 'jo@acme.test', Region: 'EMEA' }], columns: ['email', 'Region'] });
  });
  test('empty cells are empty text, blank lines are skipped, columns nobody maps are kept', async () => {
    expect(await csv('email,Region,Shoe Size\njo@acme.test,,44\n\nal@acme.test,"",\n')).toEqual({
      ok: true,
      data: [{ email: 'jo@acme.test', Region: '', 'Shoe Size': '44' }, { email: 'al@acme.test', Region: '', 'Shoe Size': '' }],
      columns: ['email', 'Region', 'Shoe Size'],
    });
  });
  test('a nameless column (a trailing comma) is left out', async () => {
    expect(await csv('email,Region,\njo@acme.test,EMEA,\n')).toEqual({ ok: true, data: [{ email: 'jo@acme.test', Region: 'EMEA' }], columns: ['email', 'Region'] });
  });
  test('a header row only is no records (and the header\'s names)', async () => expect(await csv('email,Region\n')).toEqual({ ok: true, data: [], columns: ['email', 'Region'] }));
  test.each([
    ['email,Region\njo@acme.test,EMEA\nal@acme.test\n', 3, /^hr\.csv line 3: Invalid Record Length: columns length is 2, got 1$/],
    ['email,Region\njo@acme.test,"EM"EA\n', 2, /^hr\.csv line 2: Invalid Closing Quote: got "E"/],
    ['email,Region\njo@acme.test,EMEA\nal@acme.test,"open\n', undefined, /^hr\.csv record 2: a quote opened in the column "Region" is not closed$/],
    ['email,Region,email\nx,y,z\n', 1, /^hr\.csv line 1: the column "email" appears twice$/],
  ])('a broken file names the line: %j', async (text, line, message) => {
    const result = await csv(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('invalid_input');
    expect(result.error.line).toBe(line);
    expect(result.error.message).toMatch(message);
  });
  test('an empty file', async () => expect(await csv(' \n')).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'hr.csv is empty' } }));
});

describe('JSON and NDJSON', () => {
  test('a JSON array of objects; numbers, true/false and null become text', async () => {
    expect(await read('[{"email":"jo@acme.test","Level":3,"Manager":true,"Region":null}]', 'hr.json'))
      .toEqual({ ok: true, data: [{ email: 'jo@acme.test', Level: '3', Manager: 'true', Region: '' }] });
  });
  test('NDJSON, one object a line, blank lines and CRLF allowed', async () => {
    expect(await read('{"email":"jo@acme.test"}\r\n\r\n{"email":"al@acme.test","Region":"EMEA"}\r\n', 'hr.ndjson'))
      .toEqual({ ok: true, data: [{ email: 'jo@acme.test' }, { email: 'al@acme.test', Region: 'EMEA' }] });
  });
  test.each([
    ['json', '[\n  {"email": "jo@acme.test"},\n  {"email": }\n]', 'hr.json line 3 column 13: a value is expected', 3],
    ['json', '[{"email": "jo@acme.test"', 'hr.json line 1 column 26: unexpected end of the file', 1],
    ['json', '[{"email": "jo@acme.test"} {"email": "al@acme.test"}]', 'hr.json line 1 column 28: a comma is expected', 1],
    ['json', '{"email": "jo@acme.test"}', 'hr.json: expected an array of records', undefined],
    ['json', '[{"email": "jo@acme.test"}, 5]', 'hr.json record 2: expected an object of fields', undefined],
    ['json', '[{"email": "jo@acme.test", "teams": ["a"]}]', 'hr.json record 1: the field "teams" holds a list; a field holds text, a number, true, false or null', undefined],
    ['ndjson', '{"email":"jo@acme.test"}\n{"email": oops}\n', 'hr.ndjson line 2 column 11: unexpected text', 2],
    ['ndjson', '{"email":"jo@acme.test"}\n["x"]\n', 'hr.ndjson line 2: expected an object of fields', 2],
  ] as const)('%s: %j names where', async (format, text, message, line) => {
    const result = await read(text, `hr.${format}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.startsWith(message)).toBe(true);
    expect(result.error.line).toBe(line);
  });
});

describe('the format', () => {
  test.each([['hr.csv', 'csv'], ['HR.CSV', 'csv'], ['hr.json', 'json'], ['hr.ndjson', 'ndjson'], ['hr.jsonl', 'ndjson'], ['export.txt', undefined]] as const)(
    '%s is %s by its name',
    (path, format) => expect(formatByName(path)).toBe(format),
  );
  test.each([['[', 'json'], ['{', 'ndjson'], ['e', 'csv'], [undefined, 'csv']] as const)('else a file starting with %j is %s', (first, format) => {
    expect(formatByContent(first)).toBe(format);
  });
});

describe('files and standard input', () => {
  test('- reads standard input, in chunks that split a character and the BOM', async () => {
    const bytes = Buffer.from('\uFEFFemail,Team\njo@acme.test,Zürich\n');
    const stdin = Readable.from([bytes.subarray(0, 2), bytes.subarray(2, 29), bytes.subarray(29)]);
    expect(await streamedRecords('-', stdin)).toEqual({ ok: true, data: [{ email: 'jo@acme.test', Team: 'Zürich' }], columns: ['email', 'Team'] });
  });
  test('a file, by its extension', async () => {
    await writeFile(join(dir, 'hr.ndjson'), '{"email":"jo@acme.test"}\n');
    expect(await streamedRecords(join(dir, 'hr.ndjson'), none)).toEqual({ ok: true, data: [{ email: 'jo@acme.test' }] });
  });
  test('a missing file', async () => {
    expect(await streamedRecords(join(dir, 'nope.csv'), none)).toEqual({ ok: false, error: { kind: 'invalid_input', message: `cannot read ${join(dir, 'nope.csv')}: no such file` } });
  });
  test('a folder', async () => {
    expect(await streamedRecords(dir, none)).toEqual({ ok: false, error: { kind: 'invalid_input', message: `cannot read ${dir}: is a folder` } });
  });
  test('bytes that are not UTF-8 (a Latin-1 export)', async () => {
    await writeFile(join(dir, 'latin1.csv'), Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x0a]));
    expect(await streamedRecords(join(dir, 'latin1.csv'), none)).toEqual({
      ok: false,
      error: { kind: 'invalid_input', message: `${join(dir, 'latin1.csv')} is not UTF-8 text (save it as "CSV UTF-8")` },
    });
  });
});
