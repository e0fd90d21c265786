// Streamed CSV, JSON array and NDJSON files, and standard input, give the plan what a file read whole
// gives: the same records and header, the same error naming the same line and column, whatever the
// chunks the file is read or piped in.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { formatByContent, type InputFormat } from '../../src/cli/input.js';
import { openRecords } from '../../src/cli/input-stream.js';
import { streamedRecords, wholeRecords } from '../support/records.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uas-stream-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// A long value, so that the file is read in several chunks (64 KiB each) and records straddle them.
const long = 'x'.repeat(70_000);

const cases: [string, string][] = [
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
  ['hr.json', '[{"email":"jo@acme.test","Level":3,"Manager":true,"Region":null},{"email":"al@acme.test","Level":-1.5e2}]'],
  ['hr.json', '\uFEFF[\r\n  {"email": "jo@acme.test", "Note": "tab\\there, \\"quoted\\", \\u00e9"}\r\n]\r\n'],
  ['hr.json', '[]'],
  ['hr.json', ' [ ] '],
  ['hr.json', '[\n  {"email": "jo@acme.test"},\n  {"email": }\n]'],
  ['hr.json', '[{"email": "jo@acme.test"'],
  ['hr.json', '[{"email": "jo@acme.test"},\n'],
  ['hr.json', '[{"email": "jo@acme.test"}, 5]'],
  ['hr.json', '[{"email": "jo@acme.test", "teams": ["a"]}]'],
  ['hr.json', '[{"email": "jo@acme.test", "manager": {"email": "al@acme.test"}}]'],
  ['hr.json', '[{"email": "jo@acme.test"} {"email": "al@acme.test"}]'],
  ['hr.json', '[{"email": "jo@acme.test"},]'],
  ['hr.json', '[{"email": "jo@acme.test", "Region": EMEA}]'],
  ['hr.json', '[{"email" "jo@acme.test"}]'],
  ['hr.json', '[{email: "jo@acme.test"}]'],
  ['hr.json', '[{"email": "jo@acme.test"}] [{"email": "al@acme.test"}]'],
  ['hr.json', '[{"email": "jo@acme.test"}]\n// the end\n'],
  ['hr.json', '[{"Note": "Zürich 😀 ✓", "email": "jo@acme.test"}, {"email": nope}]'],
  ['hr.json', ' \n'],
  ['hr.json', `[{"email":"jo@acme.test","Note":"${long}"},\n{"email":"al@acme.test","Note":"Zürich ${long}"},\n{"email":"bo@acme.test", "Note": x}]`],
  ['hr.json', `[{"email":"jo@acme.test","Note":"${long}"},\n{"email":"al@acme.test","Note":"Zürich ${long}"},\n{"email":"bo@acme.test", "Note": "x"}, 7]`],
  ['hr.json', `[{"email":"jo@acme.test","Note":"${long}"}, {"email":"al@acme.test"}, {"email":"bo@acme.test"`],
];

const formatOf = (file: string): InputFormat => (file.endsWith('.csv') ? 'csv' : file.endsWith('.json') ? 'json' : 'ndjson');

test.each(cases)('%s %j: streamed as read whole', async (file, text) => {
  const path = join(dir, file);
  await writeFile(path, text);
  expect(await streamedRecords(path)).toEqual(wholeRecords(text, formatOf(file), path));
});

test.each(cases)('standard input %#: as the file read whole, in chunks that split characters', async (_, text) => {
  const bytes = Buffer.from(text);
  // Cut every 7 bytes: through the byte order mark, "ü" and "😀".
  const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  const format = formatByContent(text.replace(/^\uFEFF/, '').trimStart()[0]);
  expect(await streamedRecords('-', Readable.from(chunks))).toEqual(wholeRecords(text, format, 'standard input'));
});

test('a JSON file whose top is not an array is refused at its first character, whatever follows', async () => {
  for (const text of ['{"email": "jo@acme.test"}', '{"email": oops}', '"email"', '5']) {
    const path = join(dir, 'top.json');
    await writeFile(path, text);
    expect(await streamedRecords(path)).toEqual({ ok: false, error: { kind: 'invalid_input', message: `${path}: expected an array of records` } });
  }
});

test('a file named neither .csv, .json nor .ndjson is read by its first character', async () => {
  for (const [text, records] of [
    ['email\njo@acme.test\n', [{ email: 'jo@acme.test' }]],
    ['\n  [{"email": "jo@acme.test"}]', [{ email: 'jo@acme.test' }]],
    ['{"email": "jo@acme.test"}\n{"email": "al@acme.test"}', [{ email: 'jo@acme.test' }, { email: 'al@acme.test' }]],
  ] as const) {
    const path = join(dir, 'export.txt');
    await writeFile(path, text);
    expect(await streamedRecords(path)).toMatchObject({ ok: true, data: records });
  }
});

test('bytes that are not UTF-8, a missing file and a folder: the same errors', async () => {
  const latin1 = join(dir, 'latin1.csv');
  await writeFile(latin1, Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x0a]));
  expect(await streamedRecords(latin1)).toEqual({ ok: false, error: { kind: 'invalid_input', message: `${latin1} is not UTF-8 text (save it as "CSV UTF-8")` } });
  for (const name of ['nope.csv', 'nope.json', 'nope.ndjson', 'nope.txt']) {
    expect(await streamedRecords(join(dir, name))).toEqual({ ok: false, error: { kind: 'invalid_input', message: `cannot read ${join(dir, name)}: no such file` } });
  }
  const folder = join(dir, 'folder.json');
  await mkdir(folder, { recursive: true });
  expect(await streamedRecords(folder)).toEqual({ ok: false, error: { kind: 'invalid_input', message: `cannot read ${folder}: is a folder` } });
});

test('standard input that is not UTF-8 names standard input', async () => {
  expect(await streamedRecords('-', Readable.from([Buffer.from([0x65, 0x0a, 0xfc, 0x0a])]))).toEqual({
    ok: false,
    error: { kind: 'invalid_input', message: 'standard input is not UTF-8 text (save it as "CSV UTF-8")' },
  });
});

test('standard input is copied to a file of its own, removed once read or refused', async () => {
  const folders = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('user-attributes-sdk-')).sort();
  const before = await folders();
  const opened = await openRecords('-', Readable.from(['email\njo@acme.test\nal@acme.test\n']));
  if (!opened.ok) throw new Error(opened.error.message);
  expect((await folders()).length).toBe(before.length + 1);
  expect(opened.count).toBe(2);
  await opened.close?.();
  expect(await folders()).toEqual(before);
  expect((await openRecords('-', Readable.from(['[{"email": }]']))).ok).toBe(false);
  expect(await folders()).toEqual(before);
});

test('a file changed between the check and the plan fails the plan with the message', async () => {
  const path = join(dir, 'changing.json');
  await writeFile(path, '[{"email": "jo@acme.test"}, {"email": "al@acme.test"}]');
  const opened = await openRecords(path, Readable.from([]));
  if (!opened.ok) throw new Error(opened.error.message);
  await writeFile(path, '[{"email": "jo@acme.test"}, {"email": }]');
  await expect(async () => {
    for await (const record of opened.data) expect(record).toEqual({ email: 'jo@acme.test' });
  }).rejects.toThrow(`${path} line 1 column 39: a value is expected`);
});
