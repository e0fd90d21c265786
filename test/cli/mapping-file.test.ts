// Reading the mapping file: JSON syntax errors name the line and column; parseMapping's issues their key.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mappingIssueLines, readMappingFile } from '../../src/cli/mapping-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uas-mapping-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = async (text: string) => {
  const path = join(dir, 'mapping.json');
  await writeFile(path, text);
  return path;
};
const none = Readable.from([]);

test('a JSON file is read as it is, for parseMapping to check', async () => {
  const mapping = { email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' } } };
  expect(await readMappingFile(await write(`\uFEFF${JSON.stringify(mapping, null, 2)}`), none)).toEqual({ ok: true, data: mapping });
});

test.each([
  ['{\n  "email": "Work Email",\n  "fields": {\n    "Region": { "looker": "region" },\n  }\n}\n', 5, 3, 'a property name in double quotes is expected'],
  ['{\n  "email": "Work Email"\n  "fields": {}\n}', 3, 3, 'a comma is expected'],
  ['{\n  // the HR export\n  "fields": {}\n}', 2, 3, 'comments are not JSON'],
  ['{ \'fields\': {} }', 1, 3, 'unexpected text'],
  ['{ "fields": {', 1, 14, 'unexpected end of the file'],
])('a syntax error names the line and column: %j', async (text, line, column, reason) => {
  const path = await write(text);
  expect(await readMappingFile(path, none)).toEqual({
    ok: false,
    error: { kind: 'invalid_mapping_file', message: `${path} line ${line} column ${column}: ${reason}`, line, column },
  });
});

test('standard input, and a missing file', async () => {
  expect(await readMappingFile('-', Readable.from(['{"fields":', '{}}']))).toEqual({ ok: true, data: { fields: {} } });
  expect(await readMappingFile(join(dir, 'none.json'), none)).toEqual({
    ok: false,
    error: { kind: 'invalid_mapping_file', message: `cannot read ${join(dir, 'none.json')}: no such file` },
  });
});

test('the lines for parseMapping\'s issues name each key', () => {
  const error = {
    kind: 'invalid_mapping' as const,
    message: 'the mapping has 2 problems',
    issues: [{ path: 'fields.Region.whenEmpty', problem: 'must be "keep" or "remove"' }, { path: '', problem: 'unknown key "feilds"' }],
  };
  expect(mappingIssueLines('mapping.json', error)).toEqual([
    'mapping.json: fields.Region.whenEmpty: must be "keep" or "remove"',
    'mapping.json: (top level): unknown key "feilds"',
  ]);
  expect(mappingIssueLines('-', { ...error, issues: [] })).toEqual(['standard input: the mapping has 2 problems']);
});
