// The journal: NDJSON lines in memory or in a file, read back whole, repaired after a crash cut a line.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fragmentsPathOf } from '../../../src/sync/model/journal-repair.js';
import { createFileJournal, createMemoryJournal, parseJournal, type JournalLine } from '../../../src/sync/model/journal.js';

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

describe('a file journal whose last line a crash cut short', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'uas-journal-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('the next run moves the fragment aside and starts a line of its own: the journal reads whole, run after run', async () => {
    const path = join(dir, 'journal.ndjson');
    const fragment = JSON.stringify(outcome).slice(0, 30);
    await writeFile(path, `${JSON.stringify(attempt)}\n${fragment}`);
    const resumed = createFileJournal(path);
    expect(await resumed.read()).toEqual([attempt]);
    await resumed.append([outcome]);
    await resumed.close?.();
    expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(attempt)}\n${JSON.stringify(outcome)}\n`);
    expect(await readFile(fragmentsPathOf(path), 'utf8')).toBe(`${fragment}\n`);
    // The run after that reads it and appends to it as to any other.
    const next = createFileJournal(path);
    expect(await next.read()).toEqual([attempt, outcome]);
    await next.append([attempt]);
    await next.close?.();
    expect(await next.read()).toEqual([attempt, outcome, attempt]);
    expect(await readFile(fragmentsPathOf(path), 'utf8')).toBe(`${fragment}\n`);
  });

  test('a last line whole but for its newline is kept (the reader counted it) and ended', async () => {
    const path = join(dir, 'journal.ndjson');
    await writeFile(path, `${JSON.stringify(attempt)}\n${JSON.stringify(outcome)}`);
    const journal = createFileJournal(path);
    expect(await journal.read()).toEqual([attempt, outcome]);
    await journal.append([attempt]);
    await journal.close?.();
    expect(await journal.read()).toEqual([attempt, outcome, attempt]);
    expect(existsSync(fragmentsPathOf(path))).toBe(false);
  });

  test('a fragment longer than a read, and a journal that is only a fragment', async () => {
    const long = join(dir, 'long.ndjson');
    const fragment = `{"v":1,"plan":"${'x'.repeat(10_000)}`;
    await writeFile(long, `${JSON.stringify(attempt)}\n${fragment}`);
    await createFileJournal(long).append([outcome]);
    expect(await readFile(long, 'utf8')).toBe(`${JSON.stringify(attempt)}\n${JSON.stringify(outcome)}\n`);
    expect(await readFile(fragmentsPathOf(long), 'utf8')).toBe(`${fragment}\n`);
    const only = join(dir, 'only.ndjson');
    await writeFile(only, '{"v":1,"pl');
    const journal = createFileJournal(only);
    await journal.append([outcome]);
    await journal.close?.();
    expect(await journal.read()).toEqual([outcome]);
  });

  test('a fragment in the middle that no repair moved is still refused', () => {
    expect(() => parseJournal(`${JSON.stringify(attempt)}\n{"v":1,"pl\n${JSON.stringify(outcome)}\n`)).toThrow(/journal line 2 is not JSON/);
  });
});
