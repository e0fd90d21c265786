// The real bin from the packed tarball against the kit over HTTP: what apply refuses or reports on
// its own (DX users that do not exist, plans for other services, edited plans, a second apply at
// once) and the record snapshot that keeps unfinished records due.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createFakeServices, startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, kitEnvironment, runBin, scratch, type BinOptions } from '../support/cli/bin.js';

// Each test runs the bin several times.
vi.setConfig({ testTimeout: 30_000 });

let server: FakeServer;
let dir: string;
/** Looker ids the server now reports with another email, or not at all: another instance behind the same URL. */
const reassigned = new Map<string, string | undefined>();
/** While set, Looker writes wait for it (after calling `onHeld`): a run kept in the middle. */
let hold: Promise<void> | undefined;
let onHeld: (() => void) | undefined;
let env: Record<string, string>;
let team: string;
const secrets: string[] = [];
const outputs: string[] = [];

beforeAll(async () => {
  await installedBin();
  const fake = createFakeServices();
  server = await startFakeServer({
    fake: {
      ...fake,
      async handle(request) {
        if (hold && request.method === 'PATCH' && request.url.includes('/attribute_values/')) {
          onHeld?.();
          await hold;
        }
        return swapIdentities(request, fake.handle(request));
      },
    },
  });
  const kit = kitEnvironment(server);
  secrets.push(...kit.secrets);
  env = kit.env;
  team = server.fake.looker.addUserAttribute({ name: 'team', userCanEdit: false }).id;
  for (const email of ['ana@acme.test', 'bo@acme.test']) {
    server.fake.looker.addUser({ email });
    server.fake.dx.addUser({ email });
  }
  // new@ has a Looker account but no DX user yet.
  server.fake.looker.addUser({ email: 'new@acme.test' });
  dir = await scratch({ 'mapping.json': JSON.stringify({ email: 'Work Email', fields: { Team: { looker: 'team', dx: 'Team' } }, dx: { newAttributes: ['Team'] } }) });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  for (const text of outputs) for (const secret of secrets) expect(text).not.toContain(secret);
});

beforeEach(() => {
  server.fake.calls.reset();
  server.fake.faults.clear();
});

/** A read of users by id gets the reassigned emails (and loses the users gone). */
async function swapIdentities(request: Request, reply: Promise<Response>): Promise<Response> {
  const url = new URL(request.url);
  const response = await reply;
  if (url.pathname !== '/api/4.0/users' || !url.searchParams.has('ids') || !response.ok || !reassigned.size) return response;
  const users = (await response.json()) as { id: string; email: string }[];
  const swapped = users.flatMap((user) => {
    const email = reassigned.has(user.id) ? reassigned.get(user.id) : user.email;
    return email === undefined ? [] : [{ ...user, email }];
  });
  return Response.json(swapped);
}

const at = (name: string) => join(dir, name);
const bin = async (args: string[], options: BinOptions = {}) => {
  const result = await runBin(args, { env, ...options });
  outputs.push(result.stdout + result.stderr);
  return result;
};
let files = 0;
/**
 * Writes the records as a CSV and plans them to a new plan file, which must plan changes (exit 2
 * with --detailed-exitcode), then resets the call meter; resolves to its path.
 */
async function planOf(rows: string[], extra: string[] = []): Promise<string> {
  const name = `run-${++files}`;
  await writeFile(at(`${name}.csv`), `Work Email,Team\n${rows.join('\n')}\n`);
  const result = await bin(['plan', '--input', at(`${name}.csv`), '--map', at('mapping.json'), '--out', at(`${name}.json`), '--detailed-exitcode', ...extra]);
  expect(result.code, result.stdout).toBe(2);
  server.fake.calls.reset();
  return at(`${name}.json`);
}
const outcomes = (stdout: string) => jsonLines(stdout).filter((event) => event.type === 'outcome');

describe('DX users that do not exist', () => {
  test('fail with their own reason, no_dx_user: exit 1; --allow-missing-dx-users makes them warnings: exit 0', async () => {
    const plan = await planOf(['ana@acme.test,Red', 'new@acme.test,Red']);
    expect((await bin(['apply', plan, '--dry-run'])).code).toBe(0);
    const strict = await bin(['apply', plan, '--journal', at('strict.ndjson')]);
    expect(strict.code).toBe(1);
    expect(outcomes(strict.stdout)).toContainEqual({
      type: 'outcome', email: 'new@acme.test', service: 'dx', attribute: 'Team', outcome: 'failed', reason: 'no_dx_user',
      error: { kind: 'not_found', message: expect.stringContaining('user_not_found'), status: 404 },
    });
    const allowed = await bin(['apply', await planOf(['ana@acme.test,Blue', 'new@acme.test,Blue']), '--allow-missing-dx-users']);
    expect(allowed.code).toBe(0);
    const ends = outcomes(allowed.stdout).map((event) => [event.email, event.service, event.outcome, event.reason ?? null]);
    expect(ends).toEqual(expect.arrayContaining([
      ['ana@acme.test', 'looker', 'applied', null], ['ana@acme.test', 'dx', 'applied', null],
      ['new@acme.test', 'looker', 'applied', null], ['new@acme.test', 'dx', 'skipped', 'no_dx_user'],
    ]));
    expect(server.fake.looker.resolve(server.fake.looker.snapshot().users.find((u) => u.email === 'new@acme.test')!.id, team).value).toBe('Blue');
  });

  test('never hide another failure: exit 1 still', async () => {
    const plan = await planOf(['bo@acme.test,Green', 'new@acme.test,Green']);
    // bo's Looker write gets a reply that is not JSON: a failure no retry mends.
    server.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', malformedJson: true, times: 2 });
    const result = await bin(['apply', plan, '--allow-missing-dx-users']);
    expect(result.code).toBe(1);
    const ends = outcomes(result.stdout).map((event) => [event.email, event.service, event.outcome, event.reason ?? null]);
    expect(ends).toContainEqual(['new@acme.test', 'dx', 'skipped', 'no_dx_user']);
    expect(ends.filter(([, , outcome]) => outcome === 'failed')).toHaveLength(2);
    expect(await readFile(plan.replace(/\.json$/, '.journal.ndjson'), 'utf8')).toContain('"reason":"no_dx_user"');
  });
});

describe('a plan applied to other services', () => {
  const idOf = (email: string) => (server.fake.looker.snapshot().users.find((user) => user.email === email) as { id: string }).id;

  test('another base URL: refused before any request, naming both and how to go on', async () => {
    const plan = await planOf(['ana@acme.test,Teal']);
    const other = await startFakeServer();
    try {
      const result = await bin(['apply', plan, '--yes'], { env: { ...env, LOOKER_BASE_URL: other.url } });
      expect(result.code).toBe(1);
      expect(jsonLines(result.stdout)).toEqual([{
        type: 'error', kind: 'service_mismatch',
        message: `${plan} was made against Looker at ${server.url}/api/4.0, but LOOKER_BASE_URL gives ${other.url}/api/4.0: nothing was sent. `
          + `Set LOOKER_BASE_URL to ${server.url} to apply it, or make a new plan against ${other.url}`,
      }]);
      expect(other.fake.calls.total() + server.fake.calls.total()).toBe(0);
    } finally {
      await other.close();
    }
  });

  test('the same URL, but its ids now hold other emails (another instance behind it): conflicts, no Looker write sent', async () => {
    const plan = await planOf(['ana@acme.test,Plum', 'bo@acme.test,Plum']);
    reassigned.set(idOf('ana@acme.test'), 'someone.else@acme.test');
    reassigned.set(idOf('bo@acme.test'), undefined);
    try {
      const result = await bin(['apply', plan]);
      expect(result.code).toBe(1);
      const ends = outcomes(result.stdout).map((event) => [event.email, event.service, event.outcome, event.reason ?? null]);
      expect(ends).toEqual(expect.arrayContaining([
        ['ana@acme.test', 'looker', 'conflict', 'email_mismatch'], ['bo@acme.test', 'looker', 'conflict', 'user_gone'],
        ['ana@acme.test', 'dx', 'applied', null], ['bo@acme.test', 'dx', 'applied', null],
      ]));
      expect(server.fake.calls.byOperation('looker')).toMatchObject({ all_users: 1 });
      expect(server.fake.calls.byOperation('looker').set_user_attribute_user_value).toBeUndefined();
    } finally {
      reassigned.clear();
    }
  });
});

describe('two applies at once (cron overlap)', () => {
  test('with one journal: the second is refused naming the first\'s pid and host; the first sends every write once', async () => {
    const plan = await planOf(['ana@acme.test,Cyan', 'bo@acme.test,Cyan']);
    const journal = at('overlap.ndjson');
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const held = new Promise<void>((resolve) => (onHeld = resolve));
    const first = bin(['apply', plan, '--journal', journal]);
    try {
      await held;
      const holder = JSON.parse(await readFile(`${journal}.lock`, 'utf8')) as { pid: number; host: string; startedAt: string };
      expect(holder).toEqual({ pid: expect.any(Number), host: hostname(), startedAt: expect.any(String) });
      const second = await bin(['apply', plan, '--journal', journal]);
      expect(second.code).toBe(1);
      expect(jsonLines(second.stdout)).toEqual([{
        type: 'error', kind: 'journal_locked',
        message: `another apply is using the journal ${journal} (pid ${holder.pid} on ${hostname()}, since ${holder.startedAt}): nothing was sent. `
          + `Wait for it to end; if it is no longer running, remove ${journal}.lock`,
      }]);
    } finally {
      hold = undefined;
      release();
    }
    expect((await first).code).toBe(0);
    expect(server.fake.calls.byOperation('looker').set_user_attribute_user_value).toBe(2);
    expect(server.fake.calls.byOperation('dx')['users.attributes.update']).toBe(2);
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  test('a lock left by a process gone from this host is taken over, and released at the end', async () => {
    const plan = await planOf(['ana@acme.test,Lime']);
    const journal = at('stale.ndjson');
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    await writeFile(`${journal}.lock`, JSON.stringify({ pid: gone, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    expect((await bin(['apply', plan, '--journal', journal])).code).toBe(0);
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });
});

describe('the record snapshot (apply --snapshot, plan --previous)', () => {
  test('a new hire whose Looker account appears a day later: a problem on day 1, synced on day 2, left out on day 3', async () => {
    server.fake.dx.addUser({ email: 'hire@acme.test' });
    await writeFile(at('hr.csv'), 'Work Email,Team\nbo@acme.test,Amber\nhire@acme.test,Amber\n');
    const snapshot = at('snapshot.json');
    // Exit 2 when changes are planned, 0 when none.
    const plan = (out: string, previous: string[] = []) =>
      bin(['plan', '--input', at('hr.csv'), '--map', at('mapping.json'), '--out', at(out), '--detailed-exitcode', ...previous]);

    const day1 = await plan('day1.json');
    expect(day1.code).toBe(2);
    expect(jsonLines(day1.stdout).filter((event) => event.type === 'problem').map((event) => [event.email, event.kind])).toEqual([['hire@acme.test', 'user_not_found']]);
    expect((await bin(['apply', at('day1.json'), '--snapshot', snapshot])).code).toBe(0);
    expect(JSON.parse(await readFile(snapshot, 'utf8'))).toEqual({ version: 1, digests: [expect.any(Number)] });

    const hire = server.fake.looker.addUser({ email: 'hire@acme.test' });
    const day2 = await plan('day2.json', ['--previous', snapshot]);
    expect(day2.code).toBe(2);
    const events = jsonLines(day2.stdout);
    expect(events.filter((event) => event.type === 'change')).toEqual([
      { type: 'change', email: 'hire@acme.test', service: 'looker', attribute: 'team', action: 'set', before: null, after: 'Amber' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'plan', incremental: true, summary: { skippedUnchanged: 1, problems: 0 } });
    expect((await bin(['apply', at('day2.json'), '--snapshot', snapshot])).code).toBe(0);
    expect(server.fake.looker.resolve(hire.id, team).value).toBe('Amber');
    expect(JSON.parse(await readFile(snapshot, 'utf8')).digests).toHaveLength(2);

    server.fake.calls.reset();
    const day3 = await plan('day3.json', ['--previous', snapshot]);
    expect(day3.code).toBe(0);
    expect(jsonLines(day3.stdout).at(-1)).toMatchObject({ type: 'plan', summary: { set: 0, remove: 0, skippedUnchanged: 2 } });
    expect(server.fake.calls.byOperation('looker').user_attribute_user_values).toBeUndefined();
  });

  test('the last run\'s CSV given to --previous: refused, saying what to give instead', async () => {
    await writeFile(at('last.csv'), 'Work Email,Team\nbo@acme.test,Amber\n');
    const result = await bin(['plan', '--input', at('last.csv'), '--map', at('mapping.json'), '--previous', at('last.csv')]);
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([{
      type: 'error', kind: 'invalid_snapshot_file',
      message: `${at('last.csv')} is not a record snapshot: --previous takes the file that apply --snapshot FILE writes, not the last run's input. `
        + 'Apply a plan with --snapshot FILE once, then plan with --previous FILE',
    }]);
    expect(server.fake.calls.total()).toBe(0);
  });
});

describe('hand-edited plans', () => {
  test('an edited value is refused before any request, naming the section; so is a plan of the old version', async () => {
    const plan = await planOf(['ana@acme.test,Gold']);
    const edited = JSON.parse(await readFile(plan, 'utf8')) as { users: { looker: { changes: { after: string }[] } }[] };
    (edited.users[0] as { looker: { changes: { after: string }[] } }).looker.changes[0]!.after = 'Platinum';
    await writeFile(at('edited.json'), JSON.stringify(edited, null, 2));
    const result = await bin(['apply', at('edited.json'), '--yes']);
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([{
      type: 'error', kind: 'invalid_plan_file',
      message: `${at('edited.json')} was edited after plan made it (users changed), and an edited plan is never applied: `
        + `make a new plan with user-attributes-sdk plan --out ${at('edited.json')}`,
      details: [`${at('edited.json')}: users was changed after the plan was made`],
    }]);
    await writeFile(at('old.json'), JSON.stringify({ ...edited, version: 1 }));
    const old = await bin(['apply', at('old.json'), '--yes']);
    expect(old.code).toBe(1);
    expect(jsonLines(old.stdout)).toEqual([{
      type: 'error', kind: 'invalid_plan_file',
      message: `${at('old.json')} is a plan of version 1; this version applies plans of version 2 only: make a new plan with user-attributes-sdk plan --out ${at('old.json')}`,
    }]);
    expect(server.fake.calls.total()).toBe(0);
  });
});
