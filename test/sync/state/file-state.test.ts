// The state in a folder: written whole through a temporary file renamed into place, held by one
// run at a time with the journal's lock, journals named by plan id only; and the memory state.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { emptyState } from '../../../src/sync/model/state.js';
import { createFileState } from '../../../src/sync/state/file-state.js';
import { holdState } from '../../../src/sync/state/held-state.js';
import { createMemoryState } from '../../../src/sync/state/memory-state.js';

const key = { desiredState: 'mapping.json', services: { looker: 'https://acme.looker.test', dx: null } };
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const folder = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'uas-state-'));
  dirs.push(dir);
  return join(dir, 'state');
};

test('a state is created on first hold, written whole (no temporary file left), and read back', async () => {
  const dir = await folder();
  const held = await holdState(createFileState(dir), key);
  if (!held.ok) throw new Error(held.error.message);
  expect(held.data.document).toEqual(emptyState(key));
  const next = { ...held.data.document, lastFullCheck: '2026-01-01T00:00:00.000Z' };
  expect(await held.data.save(next)).toEqual({ ok: true, data: undefined });
  await held.data.release();
  expect((await readdir(dir)).sort()).toEqual(['journals', 'state.json']);
  expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toEqual(next);
});

test('one run at a time: a second hold is refused naming the holder, and allowed once the first is released', async () => {
  const state = createFileState(await folder());
  const first = await holdState(state, key);
  if (!first.ok) throw new Error(first.error.message);
  const second = await holdState(state, key);
  expect(second).toMatchObject({ ok: false, error: { kind: 'state_locked', holder: { pid: process.pid } } });
  await first.data.release();
  const third = await holdState(state, key);
  expect(third.ok).toBe(true);
  if (third.ok) await third.data.release();
});

test('a state of a newer version or unreadable is refused, and the lock is freed', async () => {
  const dir = await folder();
  const state = createFileState(dir);
  const held = await holdState(state, key);
  if (!held.ok) throw new Error(held.error.message);
  await held.data.release();
  await writeFile(join(dir, 'state.json'), JSON.stringify({ ...emptyState(key), version: 2 }));
  expect(await holdState(state, key)).toMatchObject({ ok: false, error: { kind: 'state_newer', message: expect.stringContaining('upgrade user-attributes-sdk') } });
  await writeFile(join(dir, 'state.json'), '{"version":1,');
  expect(await holdState(state, key)).toMatchObject({ ok: false, error: { kind: 'state_failed' } });
  await writeFile(join(dir, 'state.json'), JSON.stringify(emptyState(key)));
  expect((await holdState(state, key)).ok).toBe(true);
});

test('journals live under journals/ by plan id; pruning removes them; an id that is a path is refused', async () => {
  const dir = await folder();
  const state = createFileState(dir);
  const held = await holdState(state, key);
  if (!held.ok) throw new Error(held.error.message);
  const journal = state.journal('20260101T020000000Z-0f963f0722cb');
  expect(journal).toBe(join(dir, 'journals/20260101T020000000Z-0f963f0722cb.ndjson'));
  await writeFile(journal as string, '');
  await held.data.save(held.data.document, ['20260101T020000000Z-0f963f0722cb']);
  expect(await readdir(join(dir, 'journals'))).toEqual([]);
  expect(() => state.journal('../../etc/passwd')).toThrow('cannot name a journal file');
  await held.data.release();
});

test('the memory state keeps a copy of what was written, a journal per plan, and one holder at a time', async () => {
  const state = createMemoryState();
  const held = await holdState(state, key);
  if (!held.ok) throw new Error(held.error.message);
  expect(await holdState(state, key)).toMatchObject({ ok: false, error: { kind: 'state_locked' } });
  const next = { ...held.data.document, monthlyBudget: { looker: 1000 } };
  await held.data.save(next);
  expect(state.document).toEqual(next);
  expect(state.journal('p1')).toBe(state.journal('p1'));
  await held.data.save(next, ['p1']);
  expect(state.journals.size).toBe(0);
  await held.data.release();
});
