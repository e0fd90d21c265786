import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createFileJournal, createMemoryJournal, parseJournal, type JournalLine } from '../../src/sync/journal.js';

const attempt: JournalLine = { v: 1, plan: 'p', type: 'attempt', service: 'dx', email: 'a@acme.test', attributes: ['Team'], at: '2026-11-22T12:00:00.000Z' };
const outcome: JournalLine = { v: 1, plan: 'p', type: 'outcome', service: 'dx', email: 'a@acme.test', attribute: 'Team', outcome: 'applied', at: '2026-11-22T12:00:01.000Z' };

test('a last line cut short by a crash is ignored; any other bad line is an error', () => {
  const text = `${JSON.stringify(attempt)}\n${JSON.stringify(outcome).slice(0, 30)}`;
  expect(parseJournal(text)).toEqual([attempt]);
  expect(() => parseJournal(`{"v":1\n${JSON.stringify(outcome)}\n`)).toThrow(/line 1/);
  expect(() => parseJournal(`${JSON.stringify({ v: 2 })}\n`)).toThrow(/not a journal line/);
});

test('the memory journal keeps NDJSON lines in order', async () => {
  const journal = createMemoryJournal();
  await journal.append([attempt]);
  await journal.append([outcome]);
  expect(journal.lines.map((line) => JSON.parse(line))).toEqual([attempt, outcome]);
  expect(await journal.read()).toEqual([attempt, outcome]);
});

test('the file journal appends to what is there and reads a missing file as empty', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'uas-journal-'));
  try {
    const path = join(dir, 'journal.ndjson');
    expect(await createFileJournal(path).read()).toEqual([]);
    await writeFile(path, `${JSON.stringify(attempt)}\n`);
    const journal = createFileJournal(path);
    await Promise.all([journal.append([outcome]), journal.append([outcome, attempt])]);
    await journal.close?.();
    expect(await journal.read()).toEqual([attempt, outcome, outcome, attempt]);
    expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(5);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
