import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { expect, test, vi } from 'vitest';
import { createSync } from '../../../src/sync/index.js';
import { mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

const seededWorld = () => {
  const world = createMemoryWorld();
  const secretAttribute = world.addAttribute({ name: 'department' });
  world.addAttribute({ name: 'region' });
  world.addAttribute({ name: 'level', type: 'number' });
  const id = world.addLookerUser({ email: 'a@acme.test' });
  world.setLookerValue(id, secretAttribute, 'TOP-SECRET-VALUE');
  world.addDxUser({ email: 'a@acme.test' });
  return { world, id, secretAttribute };
};

test('values appear in no journal or report; the file journal is append-only NDJSON', async () => {
  const { world } = seededWorld();
  const sync = syncOf(world);
  const plan = await sync.plan([{ 'Work Email': 'a@acme.test', Department: '', Region: 'EMEA', Level: '', 'Cost Centre': 'CC-1' }]);
  if (!plan.ok) throw new Error(plan.error.message);
  const dir = await mkdtemp(join(tmpdir(), 'uas-sync-'));
  try {
    const journal = join(dir, 'run.ndjson');
    const report = await sync.apply(plan.data, { journal, dryRun: false });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.data).toMatchObject({ planned: 3, applied: 3 });
    const text = await readFile(journal, 'utf8');
    expect(text.trim().split('\n').map((line) => JSON.parse(line).type)).toEqual(expect.arrayContaining(['attempt', 'outcome']));
    for (const rendered of [text, JSON.stringify(report.data), inspect(report.data, { depth: null })]) {
      expect(rendered).not.toContain('TOP-SECRET-VALUE');
      expect(rendered).not.toContain('EMEA');
    }
    // Resuming a finished run sends nothing and reports every outcome from the journal.
    const again = await syncOf(world).apply(plan.data, { journal, dryRun: false });
    expect(again).toMatchObject({ ok: true, data: { resumed: 3, applied: 3, callsUsed: { looker: 0, dx: 0 } } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('where the runtime has no file system, a journal path is refused before any call, saying what to pass', async () => {
  const { world } = seededWorld();
  const plan = await syncOf(world).plan([{ 'Work Email': 'a@acme.test', Department: '', Region: 'EMEA', Level: '', 'Cost Centre': 'CC-1' }]);
  if (!plan.ok) throw new Error(plan.error.message);
  // As on Workers: no Node builtin to be had.
  const lookup = vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
  try {
    const report = await syncOf(world).apply(plan.data, { journal: join(tmpdir(), 'uas-never-written.ndjson'), dryRun: false });
    expect(report).toMatchObject({ ok: false, error: { kind: 'journal_failed' } });
    // The lock beside the journal file is the first to ask: for the host's name.
    expect(!report.ok && report.error.message).toMatch(/^the lock .+\.lock cannot be written \(this runtime has no Node builtin node:os, so no file system: .*pass a Journal object\): nothing was sent$/);
    expect(lookup).toHaveBeenCalledWith('node:os');
    expect(world.writes().size).toBe(0);
  } finally {
    lookup.mockRestore();
  }
});

test('a plan that writes to a service without a client, or that was edited, is refused before any call', async () => {
  const { world } = seededWorld();
  const plan = await syncOf(world).plan([{ 'Work Email': 'a@acme.test', Department: 'Sales', Region: 'EMEA', Level: '', 'Cost Centre': 'CC-1' }]);
  if (!plan.ok) throw new Error(plan.error.message);
  const lookerOnly = createSync({ looker: world.looker, mapping: mapping(), runtime: world.runtime });
  expect(await lookerOnly.apply(plan.data, { dryRun: false })).toMatchObject({ ok: false, error: { kind: 'invalid_plan', issues: [{ path: 'services.dx' }] } });
  const edited = { ...plan.data, version: 9 } as unknown as typeof plan.data;
  expect(await syncOf(world).apply(edited, { dryRun: false })).toMatchObject({ ok: false, error: { kind: 'invalid_plan' } });
  expect(world.writes().size).toBe(0);
  const skipped = await lookerOnly.plan([{ 'Work Email': 'a@acme.test', Department: 'Sales', Region: '', Level: '', 'Cost Centre': 'CC-1' }]);
  expect(skipped.ok && skipped.data.services.dx).toEqual({ status: 'skipped', reason: 'no DX client was given' });
});

test('an aborted plan is the aborted error', async () => {
  const { world } = seededWorld();
  const result = await syncOf(world).plan([{ 'Work Email': 'a@acme.test' }], { signal: AbortSignal.abort() });
  expect(result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
});

test('a records source that throws is input_failed', async () => {
  const { world } = seededWorld();
  async function* broken() {
    yield { 'Work Email': 'a@acme.test' };
    throw new Error('disk gone');
  }
  expect(await syncOf(world).plan(broken())).toMatchObject({ ok: false, error: { kind: 'input_failed', message: expect.stringContaining('disk gone') } });
});
