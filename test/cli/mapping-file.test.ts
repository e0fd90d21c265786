// Reading the mapping file (JSON or YAML): syntax errors name the line and column; parseMapping's issues their key and line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mappingIssueLines, readMappingFile } from '../../src/cli/mapping-file.js';
import { parseMapping } from '../../src/sync/model/mapping.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uas-mapping-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = async (text: string, name = 'mapping.json') => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const none = Readable.from([]);

test('a JSON file is read as it is, for parseMapping to check', async () => {
  const mapping = { email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' } } };
  expect(await readMappingFile(await write(`\uFEFF${JSON.stringify(mapping, null, 2)}`), none)).toEqual({ ok: true, data: { value: mapping, locate: expect.any(Function) } });
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
  expect(await readMappingFile('-', Readable.from(['{"fields":', '{}}']))).toEqual({ ok: true, data: { value: { fields: {} }, locate: expect.any(Function) } });
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

const desired = (text: string, name: string) => async () => {
  const path = await write(text, name);
  const read = await readMappingFile(path, none);
  if (!read.ok) throw new Error(read.error.message);
  const parsed = parseMapping(read.data.value);
  if (parsed.ok) throw new Error('expected issues');
  return mappingIssueLines(path, parsed.error, read.data.locate).map((line) => line.slice(path.length));
};

test('YAML (by extension) and JSON issues name each path and its line', async () => {
  const yaml = [
    'email: Work Email',
    'fields:',
    '  Region: { looker: region }',
    'looker:',
    '  attributes:',
    '    region:',
    '      type: text',
    '      hidden: true',
    '  groupValues:',
    '    region:',
    '      - group: Sales',
    '        value: EMEA',
    '      - { group: Sales, value: APAC }',
  ].join('\n');
  expect(await desired(yaml, 'state.yaml')()).toEqual([
    ' line 7: looker.attributes.region.type: must be one of string, number, datetime, yesno, zipcode, relative_url, advanced_filter_string, '
      + 'advanced_filter_number, advanced_filter_datetime',
    ' line 6: looker.attributes.region.hiddenValueDomains: is required to hide values (hidden: true)',
    ' line 13: looker.groupValues.region[1].group: repeats looker.groupValues.region[0]',
  ]);
  const json = '{\n  "fields": { "Region": { "looker": "region" } },\n  "looker": {\n    "attributes": {\n      "region": { "label": 3 }\n    }\n  }\n}';
  expect(await desired(json, 'state.json')()).toEqual([' line 5: looker.attributes.region.label: must be a non-blank text']);
});

test('a YAML syntax error, or a key given twice, names the line and column', async () => {
  const path = await write('fields:\n  Region: { looker: region }\n  Region: { looker: area }\n', 'twice.yml');
  const read = await readMappingFile(path, none);
  expect(read.ok).toBe(false);
  if (!read.ok) expect(read.error).toMatchObject({ kind: 'invalid_mapping_file', line: 3, message: expect.stringMatching(/line 3 column \d+: .*unique/i) });
  const broken = await readMappingFile(await write('fields: [\n', 'broken.yaml'), none);
  expect(broken.ok || broken.error.line).toBeGreaterThan(0);
});
