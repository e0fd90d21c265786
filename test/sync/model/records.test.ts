import { expect, test } from 'vitest';
import { parseMapping, type SyncMapping } from '../../../src/sync/model/mapping.js';
import { normalizeEmail, RecordReader } from '../../../src/sync/model/records.js';
import { isEmailAddress } from '../../../src/dx/input.js';

const mapping = (() => {
  const parsed = parseMapping({
    fields: { Team: { dx: 'Team', transform: (v: string) => (v === 'none' ? null : v.toUpperCase()) }, Level: { looker: 'level' }, Bad: { dx: 'Bad', transform: () => { throw new Error('nope'); } } },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.data as SyncMapping;
})();

async function readAll(source: Iterable<unknown> | AsyncIterable<unknown>) {
  const reader = new RecordReader(mapping);
  const items = [];
  for await (const item of reader.read(source as Iterable<Record<string, unknown>>)) items.push(item);
  return { items, duplicates: reader.duplicates };
}

test('emails are trimmed and lowercased; what is not an email is refused', () => {
  expect(normalizeEmail('  Jo.Doe@ACME.test ')).toBe('jo.doe@acme.test');
  for (const good of ['o\'brien+hr@mail.acme.test', 'josé@acme.test', 'a.b-c_d@acme-corp.co.uk']) expect(normalizeEmail(good)).toBe(good);
  for (const bad of ['jo', 'jo@acme', 'jo doe@acme.test', 'a@b@c.test', 42, null]) expect(normalizeEmail(bad)).toBeUndefined();
});

test.each([
  'mailto:ben@acme.test', '<cat@acme.test>', 'Cat <cat@acme.test>', '"cat"@acme.test', 'ben@acme.test.', '.ben@acme.test', 'ben..x@acme.test',
  'ben@-acme.test', 'ben@acme-.test', 'ben@acme..test', 'ben@[10.0.0.1]', 'ben@acme.test;al@acme.test',
])('%j is not an address: the sync and the DX client refuse it alike', (text) => {
  expect(normalizeEmail(text)).toBeUndefined();
  expect(isEmailAddress(text)).toBe(false);
});

test('fields become trimmed text or empty, transforms run, failures are per-field problems', async () => {
  const { items } = await readAll([{ email: 'a@acme.test', Team: ' core ', Level: 3 }, { email: 'b@acme.test', Team: 'none', Level: '  ', Bad: 'x' }, { email: 'c@acme.test', Team: true, Level: null }]);
  expect(items[0]).toEqual({ record: { index: 0, email: 'a@acme.test', values: new Map([['Team', 'CORE'], ['Level', '3'], ['Bad', null]]) }, problems: [] });
  expect(items[1]).toMatchObject({ record: { values: new Map([['Team', null], ['Level', null]]) }, problems: [{ kind: 'transform_failed', attribute: 'Bad' }] });
  expect(items[2]).toMatchObject({ problems: [{ kind: 'invalid_value', attribute: 'Team', record: 2 }] });
});

test('streams from an async iterable, numbering records; a repeated email is a problem and remembered', async () => {
  async function* source() {
    yield { email: 'a@acme.test' };
    yield 'not a record';
    yield { email: 'A@acme.test ' };
    yield { email: '' };
  }
  const { items, duplicates } = await readAll(source());
  expect(items.map((item) => ('problem' in item ? item.problem.kind : 'ok'))).toEqual(['ok', 'invalid_record', 'duplicate_record', 'missing_email']);
  expect(duplicates).toEqual(new Set(['a@acme.test']));
});
