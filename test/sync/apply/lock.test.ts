// The lock beside a file, and apply holding its journal: one run at a time, a stale lock taken
// over, the lock released however the run ends.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryJournal, type Journal } from '../../../src/sync/index.js';
import { acquireFileLock, acquireObjectLock } from '../../../src/sync/apply/lock.js';
import { mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uas-lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;

describe('acquireFileLock', () => {
  test('one holder at a time, named by pid, host and start; free again once released', async () => {
    const path = join(dir, 'run.lock');
    const first = await acquireFileLock(path, { now: () => Date.UTC(2026, 10, 22, 3, 0, 0) });
    if (!first.ok) throw new Error(first.error.message);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ pid: process.pid, host: hostname(), startedAt: '2026-11-22T03:00:00.000Z' });
    const second = await acquireFileLock(path);
    expect(second).toEqual({
      ok: false,
      error: {
        held: true, holder: { pid: process.pid, host: hostname(), startedAt: '2026-11-22T03:00:00.000Z' },
        message: `${path} is held by another run (pid ${process.pid} on ${hostname()}, since 2026-11-22T03:00:00.000Z): wait for it to end; if it is not running, remove ${path}`,
      },
    });
    await first.data.release();
    expect(existsSync(path)).toBe(false);
    const third = await acquireFileLock(path);
    expect(third.ok).toBe(true);
    if (third.ok) await third.data.release();
    // Only the lock file itself is left behind while held, never a temporary one.
    expect(await import('node:fs/promises').then((fs) => fs.readdir(dir))).toEqual([]);
  });

  test('a lock of this host whose process is gone is stale and taken over; one of another host is not', async () => {
    const path = join(dir, 'run.lock');
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const taken = await acquireFileLock(path);
    expect(taken.ok).toBe(true);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid });
    if (taken.ok) await taken.data.release();
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: 'cron-box-2', startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(await acquireFileLock(path)).toMatchObject({ ok: false, error: { held: true, holder: { host: 'cron-box-2' } } });
    // A lock file that names no holder is not taken over either.
    await writeFile(path, 'garbage');
    expect(await acquireFileLock(path)).toMatchObject({ ok: false, error: { held: true, message: expect.stringContaining('a holder it does not name') } });
  });

  test('a holder this process cannot check (Deno without --allow-run, Workers) is taken as running: its lock is never taken over', async () => {
    const path = join(dir, 'run.lock');
    const holder = { pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' };
    await writeFile(path, JSON.stringify(holder));
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => {
      throw new Error('Requires run access, run again with the --allow-run flag');
    });
    try {
      expect(await acquireFileLock(path)).toMatchObject({ ok: false, error: { held: true, holder } });
      expect(kill).toHaveBeenCalledWith(holder.pid, 0);
    } finally {
      kill.mockRestore();
    }
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(holder);
  });

  test('a host name the runtime will not tell (Deno without --allow-sys=hostname): refused, with the runtime\'s reason, and nothing left behind', async () => {
    const path = join(dir, 'run.lock');
    const builtin = process.getBuiltinModule.bind(process);
    const lookup = vi.spyOn(process, 'getBuiltinModule').mockImplementation(((name: string) => name === 'node:os'
      ? { hostname: () => { throw new Error('Requires sys access to "hostname", run again with the --allow-sys flag'); } }
      : builtin(name)) as typeof process.getBuiltinModule);
    try {
      expect(await acquireFileLock(path)).toEqual({
        ok: false,
        error: { held: false, message: `the lock ${path} cannot be written (Requires sys access to "hostname", run again with the --allow-sys flag)` },
      });
    } finally {
      lookup.mockRestore();
    }
    expect(await import('node:fs/promises').then((fs) => fs.readdir(dir))).toEqual([]);
  });

  test('an object lock: one holder within the process', async () => {
    const key = {};
    const lock = acquireObjectLock(key);
    expect(lock).toBeDefined();
    expect(acquireObjectLock(key)).toBeUndefined();
    await lock?.release();
    expect(acquireObjectLock(key)).toBeDefined();
  });
});

describe('apply holds its journal', () => {
  const teams = () => mapping({ email: 'Work Email', fields: { Team: { looker: 'team' } } });
  const setUp = async () => {
    const world = createMemoryWorld();
    world.addAttribute({ name: 'team' });
    for (let i = 0; i < 6; i++) world.addLookerUser({ email: `u${i}@acme.test` });
    const sync = syncOf(world, { mapping: teams() });
    const plan = await sync.plan(Array.from({ length: 6 }, (_, i) => ({ 'Work Email': `u${i}@acme.test`, Team: 'Red' })));
    if (!plan.ok) throw new Error(plan.error.message);
    return { world, sync, plan: plan.data };
  };

  test.each([
    ['a journal file', () => join(dir, 'run.ndjson')],
    ['a memory journal', () => createMemoryJournal()],
  ])('two applies at once with %s: the second is refused before any call, the first sends every write once', async (_, journalOf) => {
    const { world, sync, plan } = await setUp();
    const journal: string | Journal = journalOf();
    // The first run's writes wait until the second run, started by its first write, has ended.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let started: ReturnType<typeof sync.apply> | undefined;
    const { looker } = world;
    const held = { ...world, looker: { ...looker, setUserAttributeUserValue: async (...args: Parameters<typeof looker.setUserAttributeUserValue>) => {
      started ??= sync.apply(plan, { journal, dryRun: false });
      await gate;
      return looker.setUserAttributeUserValue(...args);
    } } };
    const first = syncOf(held, { mapping: teams() }).apply(plan, { journal, dryRun: false });
    while (!started) await new Promise((resolve) => setImmediate(resolve));
    const second = await started;
    open();
    expect(second).toMatchObject({ ok: false, error: { kind: 'journal_locked' } });
    if (typeof journal === 'string' && !second.ok) {
      expect(second.error).toEqual({
        kind: 'journal_locked', holder: { pid: process.pid, host: hostname(), startedAt: expect.any(String) },
        message: expect.stringMatching(new RegExp(`^another apply is using the journal ${journal} \\(pid ${process.pid} on ${hostname()}, since .+\\): nothing was sent\\. `
          + `Wait for it to end; if it is no longer running, remove ${journal}\\.lock$`)),
      });
    }
    expect(await first).toMatchObject({ ok: true, data: { applied: 6 } });
    expect([...world.writes().values()]).toEqual(Array(6).fill(1));
    // Released: the next run may take it (and finds everything done).
    expect(await sync.apply(plan, { journal, dryRun: false })).toMatchObject({ ok: true, data: { resumed: 6 } });
    if (typeof journal === 'string') expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  test('released however the run ends: a refusal after the lock, a journal that fails', async () => {
    const { sync, plan } = await setUp();
    const journal = join(dir, 'run.ndjson');
    expect(await sync.apply(plan, { journal, dryRun: false, maxCalls: { looker: 1 } })).toMatchObject({ ok: false, error: { kind: 'over_budget' } });
    expect(existsSync(`${journal}.lock`)).toBe(false);
    const broken: Journal = { read: async () => [], append: async () => Promise.reject(new Error('disk full')) };
    expect(await sync.apply(plan, { journal: broken, dryRun: false })).toMatchObject({ ok: false, error: { kind: 'journal_failed' } });
    expect(acquireObjectLock(broken)).toBeDefined();
  });

  test('a stale lock of a process gone is taken over; a dry run takes no lock', async () => {
    const { sync, plan } = await setUp();
    const journal = join(dir, 'run.ndjson');
    await writeFile(`${journal}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(await sync.apply(plan, { journal, dryRun: false })).toMatchObject({ ok: true, data: { applied: 6 } });
    expect(existsSync(`${journal}.lock`)).toBe(false);
    await writeFile(`${journal}.lock`, JSON.stringify({ pid: 1, host: 'cron-box-2', startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(await sync.apply(plan, { journal })).toMatchObject({ ok: true, data: { dryRun: true } });
  });
});
