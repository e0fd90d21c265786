// The real bin from the packed tarball against the kit over HTTP, with --state: a week of nightly
// runs with churn and a new hire, a full drift check due by age, the call ledger matching the kit's
// meter across a month's end, the monthly budget refusing before any call, and history.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, kitEnvironment, runBin, scratch } from '../support/cli/bin.js';

vi.setConfig({ testTimeout: 120_000 });

const clock = new URL('../support/cli/shifted-clock.mjs', import.meta.url).pathname;
let server: FakeServer;
let dir: string;
let env: Record<string, string>;
let department: string;
const ids = new Map<string, string>();
const secrets: string[] = [];
const outputs: string[] = [];

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  const kit = kitEnvironment(server);
  secrets.push(...kit.secrets);
  // Looker only: DX is skipped.
  env = Object.fromEntries(Object.entries(kit.env).filter(([name]) => name.startsWith('LOOKER_')));
  department = server.fake.looker.addUserAttribute({ name: 'department', userCanEdit: false }).id;
  for (let i = 0; i < 20; i++) ids.set(`u${i}@acme.test`, server.fake.looker.addUser({ email: `u${i}@acme.test` }).id);
  dir = await scratch({ 'mapping.json': JSON.stringify({ email: 'email', fields: { Department: { looker: 'department' } } }) });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  for (const text of outputs) for (const secret of secrets) expect(text).not.toContain(secret);
});

const at = (name: string) => join(dir, name);

/** Runs the bin at the instant `now` (its clock starts there), in JSON mode; resolves to its events and exit code. */
async function bin(now: string, args: readonly string[]) {
  const run = await runBin([...args, '--json'], { env: { ...env, NODE_OPTIONS: `--import=${clock}`, UAS_TEST_NOW: now }, cwd: dir });
  outputs.push(run.stdout, run.stderr);
  return { code: run.code, events: jsonLines(run.stdout), stderr: run.stderr };
}

const of = (events: Record<string, unknown>[], type: string) => events.filter((e) => e.type === type);
// Events and the state are JSON read back: their fields are looked into freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const one = (events: Record<string, unknown>[], type: string) => of(events, type)[0] as Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const state = async (name: string) => JSON.parse(await readFile(at(`${name}/state.json`), 'utf8')) as Record<string, any>;

/** The HR export of a night: every user's department, and new@ (who has no Looker account until day 3). */
async function writeInput(departments: Map<string, string>): Promise<void> {
  const rows = [...departments].map(([email, value]) => `${email},${value}`);
  await writeFile(at('hr.csv'), `email,Department\n${rows.join('\n')}\n`);
}

/** plan then apply on a night, with the state: resolves to both runs' events and the calls the kit received. */
async function night(now: string, stateDir: string, extra: readonly string[] = []) {
  const before = server.fake.calls.total('looker');
  const plan = await bin(now, ['plan', '--input', 'hr.csv', '--map', 'mapping.json', '--out', 'plan.json', '--state', stateDir, ...extra]);
  expect(plan.code, plan.stderr).toBe(0);
  const planCalls = server.fake.calls.total('looker') - before;
  const apply = await bin(now.replace(/T02:00/, 'T02:10'), ['apply', 'plan.json', '--state', stateDir, '--yes']);
  const applyCalls = server.fake.calls.total('looker') - before - planCalls;
  return { plan, apply, planCalls, applyCalls };
}

test('a week of nightly runs: incremental by itself, the new hire synced on day 3, a full check when the last is 7 days old', async () => {
  const departments = new Map([...ids.keys()].map((email, i) => [email, `D${i % 4}`]));
  departments.set('new@acme.test', 'Sales');
  await writeInput(departments);
  const sent = () => server.fake.calls.total('looker');
  const start = sent();

  const day1 = await night('2026-01-01T02:00:00Z', 'week');
  expect(one(day1.plan.events, 'state')).toMatchObject({ fullCheck: true, reason: 'the state holds no snapshot yet: every record is checked' });
  expect(one(day1.plan.events, 'plan')).toMatchObject({ incremental: false, summary: { set: 20, problems: 1 } });
  expect(one(day1.plan.events, 'problem')).toMatchObject({ email: 'new@acme.test', kind: 'user_not_found' });
  expect(one(day1.plan.events, 'ledger')).toMatchObject({ month: '2026-01', looker: { used: day1.planCalls, thisRun: day1.planCalls } });
  expect(one(day1.apply.events, 'apply')).toMatchObject({ applied: 20, failed: 0 });
  expect(day1.apply.code).toBe(0);

  // Someone edits a value in Looker by hand on day 2: the record did not change, so nightly plans do not see it.
  server.fake.looker.setUserValue(ids.get('u5@acme.test')!, department, 'Rogue');
  for (let day = 2; day <= 7; day++) {
    // Churn: two people change department each night; new@ gets a Looker account on day 3.
    const churned = [`u${(day * 3) % 20}@acme.test`, `u${(day * 7 + 1) % 20}@acme.test`];
    for (const email of churned) departments.set(email, `N${day}`);
    await writeInput(departments);
    if (day === 3) ids.set('new@acme.test', server.fake.looker.addUser({ email: 'new@acme.test' }).id);
    const run = await night(`2026-01-0${day}T02:00:00Z`, 'week');
    expect(one(run.plan.events, 'state')).toMatchObject({ fullCheck: false });
    const changed = of(run.plan.events, 'change').map((c) => c.email).sort();
    expect(changed).toEqual([...churned, ...(day === 3 ? ['new@acme.test'] : [])].sort());
    expect(one(run.plan.events, 'plan').summary.problems).toBe(day < 3 ? 1 : 0);
    expect(one(run.apply.events, 'apply')).toMatchObject({ failed: 0, conflict: 0 });
    expect(one(run.plan.events, 'ledger').looker.thisRun).toBe(run.planCalls);
    expect(one(run.apply.events, 'ledger').looker.thisRun).toBe(run.applyCalls);
  }
  // Synced on day 3, not day 8.
  expect(server.fake.looker.resolve(ids.get('new@acme.test')!, department).value).toBe('Sales');
  expect(server.fake.looker.resolve(ids.get('u5@acme.test')!, department).value).toBe('Rogue');

  // Day 8, an hour later than day 1: the last full check is more than 7 days old, so every record is checked.
  const day8 = await night('2026-01-08T03:00:00Z', 'week');
  expect(one(day8.plan.events, 'state')).toMatchObject({ fullCheck: true });
  expect(one(day8.plan.events, 'state').reason).toMatch(/^the last full drift check ran 7\.0 days ago, more than 7 days$/);
  expect(one(day8.plan.events, 'plan')).toMatchObject({ incremental: false, summary: { set: 1, skippedUnchanged: 0 } });
  expect(one(day8.plan.events, 'change')).toMatchObject({ email: 'u5@acme.test', before: 'Rogue', after: 'D1' });
  expect(day8.apply.code).toBe(0);

  // Every request the kit received is in the ledger, and every apply in the history.
  const saved = await state('week');
  expect(saved.ledger).toEqual({ '2026-01': { looker: sent() - start, dx: 0 } });
  expect(saved.runs.map((r: { fullCheck: boolean }) => r.fullCheck)).toEqual([true, false, false, false, false, false, false, true]);
  expect(saved.lastFullCheck.slice(0, 10)).toBe('2026-01-08');
  expect(saved.journals).toHaveLength(8);
  expect(JSON.stringify(saved)).not.toMatch(/acme\.test|Sales|Rogue|"[DN]\d"/);

  const history = await bin('2026-01-08T04:00:00Z', ['history', '--state', 'week', '--chart', 'week.svg']);
  expect(history.code).toBe(0);
  expect(of(history.events, 'run')).toHaveLength(8);
  expect(one(history.events, 'history')).toMatchObject({ runs: 8, thisMonth: { looker: { used: sent() - start } } });
  const svg = await readFile(at('week.svg'), 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.match(/<rect /g)?.length).toBeGreaterThan(16);
});

test('the ledger books each request in its own month: a plan on January 31st, its apply on February 1st', async () => {
  await writeInput(new Map([['u1@acme.test', 'Month'], ['u2@acme.test', 'Month']]));
  const sent = () => server.fake.calls.total('looker');
  let mark = sent();
  const plan = await bin('2026-01-31T23:50:00Z', ['plan', '--input', 'hr.csv', '--map', 'mapping.json', '--out', 'plan.json', '--state', 'month', '--monthly-budget', 'looker=1000']);
  expect(plan.code, plan.stderr).toBe(0);
  const planCalls = sent() - mark;
  mark = sent();
  const apply = await bin('2026-02-01T00:05:00Z', ['apply', 'plan.json', '--state', 'month', '--yes']);
  expect(apply.code, apply.stderr).toBe(0);
  const applyCalls = sent() - mark;
  expect(planCalls).toBeGreaterThan(0);
  expect(applyCalls).toBeGreaterThan(0);
  expect((await state('month')).ledger).toEqual({ '2026-01': { looker: planCalls, dx: 0 }, '2026-02': { looker: applyCalls, dx: 0 } });
  expect(one(plan.events, 'ledger')).toMatchObject({ month: '2026-01', looker: { used: planCalls, budget: 1000, thisRun: planCalls } });
  // The budget given to plan is kept: apply counts against it without being told again.
  expect(one(apply.events, 'ledger')).toMatchObject({ month: '2026-02', looker: { used: applyCalls, budget: 1000, thisRun: applyCalls } });
});

test('the monthly budget refuses an apply whose forecast passes what is left, before any call', async () => {
  await writeInput(new Map([['u3@acme.test', 'Budget'], ['u4@acme.test', 'Budget'], ['u6@acme.test', 'Budget']]));
  const plan = await bin('2026-03-02T02:00:00Z', ['plan', '--input', 'hr.csv', '--map', 'mapping.json', '--out', 'plan.json', '--state', 'budget']);
  expect(plan.code).toBe(0);
  const used = one(plan.events, 'ledger').looker.used as number;
  const forecast = one(plan.events, 'plan').forecast.looker as number;
  expect(forecast).toBeGreaterThan(0);
  server.fake.calls.reset();
  const refused = await bin('2026-03-02T02:05:00Z', ['apply', 'plan.json', '--state', 'budget', '--yes', '--monthly-budget', `looker=${used + forecast - 1}`]);
  expect(refused.code).toBe(1);
  expect(one(refused.events, 'error')).toMatchObject({ kind: 'over_monthly_budget' });
  expect(one(refused.events, 'error').message).toContain(`only ${forecast - 1} of the monthly budget of ${used + forecast - 1} are left in 2026-03`);
  expect(server.fake.calls.total()).toBe(0);
  expect((await state('budget')).ledger).toEqual({ '2026-03': { looker: used, dx: 0 } });

  // Exactly what is left is enough; the budget given is kept for later runs.
  const applied = await bin('2026-03-02T02:06:00Z', ['apply', 'plan.json', '--state', 'budget', '--yes', '--monthly-budget', `looker=${used + forecast}`]);
  expect(applied.code).toBe(0);
  expect(one(applied.events, 'ledger').looker).toMatchObject({ budget: used + forecast, used: used + server.fake.calls.total('looker') });
});

test('a state is refused for another mapping, and for a plan made without it, before any call', async () => {
  await writeFile(at('other.json'), JSON.stringify({ email: 'email', fields: { Department: { looker: 'department' } } }));
  server.fake.calls.reset();
  const other = await bin('2026-03-03T02:00:00Z', ['plan', '--input', 'hr.csv', '--map', 'other.json', '--state', 'budget']);
  expect(other.code).toBe(1);
  expect(one(other.events, 'error')).toMatchObject({ kind: 'state_mismatch' });
  expect(one(other.events, 'error').message).toContain('belongs to mapping.json');
  const made = await bin('2026-03-03T02:00:00Z', ['plan', '--input', 'hr.csv', '--map', 'mapping.json', '--out', 'loose.json']);
  expect(made.code).toBe(0);
  server.fake.calls.reset();
  const loose = await bin('2026-03-03T02:01:00Z', ['apply', 'loose.json', '--state', 'budget', '--yes']);
  expect(one(loose.events, 'error')).toMatchObject({ kind: 'state_mismatch' });
  expect(server.fake.calls.total()).toBe(0);
});
