// The plan's compact state: one slot per email shared by the directories and the records, typed
// columns that grow as slots are added, a directory that lists in its own order, and sorted digests.
import { expect, test } from 'vitest';
import { EmailTable, NumberColumn, SlotDirectory } from '../../../src/sync/model/email-table.js';
import { DigestSet } from '../../../src/sync/model/snapshot.js';

test('an email gets one slot, whoever meets it first; the table gives its string back', () => {
  const table = new EmailTable();
  expect(table.slotOf('jo@acme.test')).toBe(0);
  expect(table.slotOf('al@acme.test')).toBe(1);
  expect(table.slotOf('jo@acme.test')).toBe(0);
  expect(table.find('al@acme.test')).toBe(1);
  expect(table.find('nobody@acme.test')).toBeUndefined();
  expect(table.emailAt(1)).toBe('al@acme.test');
});

test('100,000 emails: each keeps its slot through the index growing, and emails never met are not found', () => {
  const table = new EmailTable();
  const email = (i: number) => `user${i}@acme.test`;
  for (let i = 0; i < 100_000; i++) expect(table.slotOf(email(i))).toBe(i);
  for (let i = 0; i < 100_000; i += 7) {
    expect(table.find(email(i))).toBe(i);
    expect(table.slotOf(email(i))).toBe(i);
    expect(table.emailAt(i)).toBe(email(i));
  }
  for (let i = 100_000; i < 110_000; i++) expect(table.find(email(i))).toBeUndefined();
  expect(table.find('')).toBeUndefined();
  expect(table.slotOf('')).toBe(100_000);
});

test.each(['int32', 'float64'] as const)('a %s column reads its fill where nothing was set, and grows past its first size', (kind) => {
  const column = new NumberColumn(kind, -1);
  expect(column.get(0)).toBe(-1);
  expect(column.get(5_000_000)).toBe(-1);
  column.set(3, 7);
  column.set(100_000, 9);
  expect([column.get(3), column.get(4), column.get(100_000), column.get(100_001)]).toEqual([7, -1, 9, -1]);
  if (kind === 'float64') {
    column.set(2, 2 ** 53 - 1);
    expect(column.get(2)).toBe(2 ** 53 - 1);
  }
});

class Ages extends SlotDirectory<number> {
  readonly #ages = new NumberColumn('int32', -1);
  add(email: string, age: number): void {
    const slot = this.table.slotOf(email);
    if (this.#ages.get(slot) === -1) this.list(slot);
    this.#ages.set(slot, age);
  }

  protected entryAt(slot: number): number | undefined {
    const age = this.#ages.get(slot);
    return age === -1 ? undefined : age;
  }
}

test('a directory on a shared table: its own entries, in the order it listed them, whatever else the table holds', () => {
  const table = new EmailTable();
  table.slotOf('first@acme.test');
  const ages = new Ages(table);
  ages.add('jo@acme.test', 30);
  ages.add('al@acme.test', 40);
  ages.add('first@acme.test', 50);
  ages.add('jo@acme.test', 31);
  expect(ages.size).toBe(3);
  expect([...ages]).toEqual([['jo@acme.test', 31], ['al@acme.test', 40], ['first@acme.test', 50]]);
  expect(ages.get('al@acme.test')).toBe(40);
  table.slotOf('other@acme.test');
  expect(ages.get('other@acme.test')).toBeUndefined();
  expect(ages.get('nobody@acme.test')).toBeUndefined();
});

test('the digest set holds exactly the digests it was given', () => {
  const digests = Array.from({ length: 10_001 }, (_, i) => (i * 2_654_435_761) % Number.MAX_SAFE_INTEGER);
  const set = new DigestSet(digests);
  for (const digest of digests) expect(set.has(digest)).toBe(true);
  for (const digest of [1, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER, -1]) expect(set.has(digest)).toBe(digests.includes(digest));
  expect(new DigestSet([]).has(0)).toBe(false);
});
