// Bun, Deno and workerd (Cloudflare Workers' runtime, with and without Node.js compatibility) run
// the package as users install it, from the packed tarball, against the testing kit's fake served
// by Node beside them. Each runtime's program (programs/) runs the same checks and reports them;
// this file asserts the report, the exit status, the fake's state and its call meter, and runs the
// README's Worker example. Run by `npm run test:runtimes` (after a build).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeServer } from '../../src/testing/index.js';
import { pinnedVersion, runtimeBinary, type RuntimeName } from '../support/runtimes/binaries.js';
import { bundleWorker, preparePrograms, runProgram } from '../support/runtimes/programs.js';
import { startWorkerd } from '../support/runtimes/workerd.js';
import type { CheckConfig, CheckSummary } from './programs/checks.js';

const CHECKS = [
  'looker login',
  'looker sets a user value',
  'looker reads it back',
  'looker answers 404 as a typed not_found',
  'looker times out on a stalled reply',
  'dx update retried after a 429 with Retry-After',
  'sync plans, applies with a memory journal, and plans no change after',
  'sync resumes from a journal file, or refuses its path where there is no file system',
  'sync refuses a journal file whose lock another run holds, naming it',
];
const RECORDS = [
  { email: 'ana@acme.test', Department: 'Sales' },
  { email: 'ben@acme.test', Department: 'Support' },
];
const DEADLINE_MS = 60_000;

/** Where the checks run, and where their journal file goes. */
interface Target {
  readonly name: string;
  readonly runtime: RuntimeName;
  /** workerd's compatibility flags. */
  readonly flags?: readonly string[];
  /** A file in the host's folder (Bun, Deno), in workerd's own in-memory /tmp, or nowhere. */
  readonly journal: 'host' | 'workerd' | 'none';
}

const TARGETS: readonly Target[] = [
  { name: 'bun', runtime: 'bun', journal: 'host' },
  { name: 'deno', runtime: 'deno', journal: 'host' },
  // At this compatibility date workerd turns Node.js compatibility on (process, a virtual node:fs).
  { name: 'workerd', runtime: 'workerd', journal: 'workerd' },
  { name: 'workerd without Node.js compatibility', runtime: 'workerd', flags: ['no_nodejs_compat_v2'], journal: 'none' },
];

let programs: string;
beforeAll(async () => {
  programs = await preparePrograms();
  await mkdir(join(programs, 'journals'));
}, 180_000);
afterAll(async () => {
  if (programs) await rm(programs, { recursive: true, force: true });
});

/** A fake with what the checks need, and the faults they expect in their order. */
async function startWorld(target: Target) {
  const server = await startFakeServer();
  const { looker, dx, faults } = server.fake;
  const user = looker.addUser({ email: 'jo@acme.test' });
  const region = looker.addUserAttribute({ name: 'region' });
  const department = looker.addUserAttribute({ name: 'department' });
  const people = RECORDS.map(({ email }) => ({ looker: looker.addUser({ email }), dx: dx.addUser({ email, listed: true }) }));
  dx.addUser({ email: 'jo@acme.test' });
  const credentials = looker.createApiCredentials();
  // The DX update's first try is refused with Retry-After: 1; the first attribute listing stalls.
  faults.add({ service: 'dx', operation: 'users.attributes.update', rateLimit: { retryAfter: { seconds: 1 } }, times: 1 });
  faults.add({ service: 'looker', operation: 'all_user_attributes', latencyMs: 30_000, times: 1 });
  const config: CheckConfig = {
    baseUrl: server.url,
    looker: { ...credentials, userId: user.id, userAttributeId: region.id, missingUserId: '999999' },
    dx: { token: dx.createToken(), email: 'jo@acme.test' },
    records: RECORDS,
    journal: {
      path: target.journal === 'host' ? join(programs, 'journals', `${target.runtime}.ndjson`) : '/tmp/uas-journal.ndjson',
      fileSystem: target.journal !== 'none',
    },
  };
  return { server, config, user, region, department, people };
}

/** What the checks leave in the fake: the values written, the faults met and the calls made. */
function expectFakeAfterChecks({ server, user, region, department, people }: Awaited<ReturnType<typeof startWorld>>) {
  const { looker, dx, requests, calls } = server.fake;
  expect(looker.resolve(user.id, region.id)).toMatchObject({ value: 'EMEA', source: 'user' });
  expect(dx.user('jo@acme.test').attributes).toEqual({ Region: 'EMEA' });
  for (const [i, person] of people.entries()) {
    const { Department } = RECORDS[i]!;
    expect(looker.resolve(person.looker.id, department.id)).toMatchObject({ value: Department, source: 'user' });
    expect(dx.user(person.dx.email).attributes).toEqual({ Department });
  }
  const faulted = requests.filter((request) => request.fault !== undefined || request.delayedMs > 0);
  // The stalled listing has no status: the client gave up and the fake's reply was never sent.
  expect(faulted.map(({ operation, fault, status }) => ({ operation, fault, status }))).toEqual([
    { operation: 'all_user_attributes', fault: undefined, status: undefined },
    { operation: 'users.attributes.update', fault: 'rate_limit', status: 429 },
  ]);
  // Two logins (the checks' client and the sync's); the 404 and the stalled listing are counted.
  // The sync: per plan, one attribute listing, one user page and one value read per user; the
  // apply, one read of the ids it writes to. The first plan, which writes Looker values, reads the
  // identity providers' configs once each.
  expect(calls.byOperation('looker')).toEqual({
    login: 2,
    set_user_attribute_user_value: 1 + 1 + RECORDS.length,
    user_attribute_user_values: 1 + 2 * RECORDS.length,
    all_user_attributes: 1 + 2,
    all_users: 2 + 1,
    saml_config: 1,
    oidc_config: 1,
    ldap_config: 1,
  });
  expect(calls.byOperation('dx')).toEqual({ 'users.attributes.update': 2 + RECORDS.length, 'users.list': 2 });
}

/** The program's summary from its output: one JSON line. */
const summaryOf = (stdout: string, stderr: string): CheckSummary => {
  try {
    return JSON.parse(stdout.trim()) as CheckSummary;
  } catch {
    throw new Error(`the program printed no summary.\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
};

const passed = CHECKS.map((name) => ({ name, ok: true }));

interface RuntimeRun {
  readonly summary: CheckSummary;
  /** The exit status (Bun, Deno) or the reply's status (workerd) said the checks passed. */
  readonly passed: boolean;
  /** What the runtime wrote to standard error. */
  readonly output: string;
}

/** The environment Bun and Deno get: nothing of ours but PATH, and a home in the programs' folder. */
const childEnv = () => ({ PATH: process.env.PATH ?? '', HOME: programs, NO_COLOR: '1' });

const runners: Record<RuntimeName, (path: string, config: CheckConfig, target: Target) => Promise<RuntimeRun>> = {
  async bun(path, config) {
    const env = { ...childEnv(), BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' };
    const run = await runProgram(path, ['run', '--no-install', 'bun.js', JSON.stringify(config)], { cwd: programs, env, deadlineMs: DEADLINE_MS });
    return { summary: summaryOf(run.stdout, run.stderr), passed: run.code === 0, output: run.stderr };
  },
  async deno(path, config) {
    // Only what the checks need: the fake, the journal's folder, and the host's name that the
    // journal's lock records (without it, apply refuses a journal file, saying so).
    const journals = dirname(config.journal.path);
    const permissions = [`--allow-net=127.0.0.1:${new URL(config.baseUrl).port}`, `--allow-read=${journals}`, `--allow-write=${journals}`, '--allow-sys=hostname'];
    const env = { ...childEnv(), DENO_DIR: join(programs, '.deno'), DENO_NO_UPDATE_CHECK: '1' };
    const args = ['run', '--no-prompt', '--no-lock', ...permissions, 'deno.js', JSON.stringify(config)];
    const run = await runProgram(path, args, { cwd: programs, env, deadlineMs: DEADLINE_MS });
    return { summary: summaryOf(run.stdout, run.stderr), passed: run.code === 0, output: run.stderr };
  },
  async workerd(path, config, { flags = [] }) {
    const workerd = await startWorkerd(path, programs, [{ name: 'checks', module: await bundleWorker(programs, 'worker.js'), flags }]);
    try {
      const response = await fetch(workerd.urls.checks!, { method: 'POST', body: JSON.stringify(config), signal: AbortSignal.timeout(DEADLINE_MS) });
      return { summary: summaryOf(await response.text(), workerd.stderr()), passed: response.status === 200, output: workerd.stderr() };
    } finally {
      await workerd.stop();
    }
  },
};

// What navigator.userAgent says in each: which runtime, and for Bun and Deno which version, ran the checks.
const USER_AGENTS: Record<RuntimeName, string> = { bun: `Bun/${pinnedVersion('bun')}`, deno: `Deno/${pinnedVersion('deno')}`, workerd: 'Cloudflare-Workers' };

test.each(TARGETS.map((target) => [target.name, target] as const))(
  '%s: the checks pass from the packed package against the fake',
  async (_, target) => {
    const world = await startWorld(target);
    try {
      const { summary, passed: ok, output } = await runners[target.runtime]((await runtimeBinary(target.runtime)).path, world.config, target);
      expect(summary, output).toEqual({ runtime: USER_AGENTS[target.runtime], checks: passed });
      expect(ok).toBe(true);
      expectFakeAfterChecks(world);
      if (target.journal === 'host') {
        // The journal file the resume read holds the run: an attempt and an outcome per write.
        const lines = (await readFile(world.config.journal.path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; outcome?: string });
        expect(lines.filter((line) => line.type === 'attempt')).toHaveLength(2 * RECORDS.length);
        expect(lines.filter((line) => line.type === 'outcome').map((line) => line.outcome)).toEqual(Array(2 * RECORDS.length).fill('applied'));
        // Its lock was released; the held journal's lock (another host's) was left as it was.
        expect(existsSync(`${world.config.journal.path}.lock`)).toBe(false);
        expect(JSON.parse(await readFile(`${world.config.journal.path}.held.ndjson.lock`, 'utf8'))).toMatchObject({ host: 'cron-box-2' });
        expect(existsSync(`${world.config.journal.path}.held.ndjson`)).toBe(false);
      }
    } finally {
      await world.server.close();
    }
  },
  DEADLINE_MS * 2,
);

test('workerd: the README\'s Worker example sets a Looker value, and refuses bad input before any request', async () => {
  const server = await startFakeServer();
  const { looker, calls } = server.fake;
  const user = looker.addUser({ email: 'jo@acme.test' });
  const region = looker.addUserAttribute({ name: 'region' });
  const { clientId, clientSecret } = looker.createApiCredentials();
  const bindings = { LOOKER_URL: server.url, LOOKER_CLIENT_ID: clientId, LOOKER_CLIENT_SECRET: clientSecret };
  const binary = await runtimeBinary('workerd');
  // Without Node.js compatibility: the example needs none.
  const example = { name: 'example', module: await bundleWorker(programs, 'example-worker.js'), bindings, flags: ['no_nodejs_compat_v2'] };
  const workerd = await startWorkerd(binary.path, programs, [example]);
  try {
    const send = async (body: object) => {
      const response = await fetch(workerd.urls.example!, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(DEADLINE_MS) });
      return { status: response.status, body: await response.json() };
    };
    expect(await send({ userId: user.id, userAttributeId: region.id, value: 'EMEA' }), workerd.stderr()).toEqual({ status: 200, body: { value: 'EMEA' } });
    expect(await send({ userId: user.id, userAttributeId: region.id })).toEqual({ status: 400, body: { error: 'invalid_input' } });
    expect(looker.resolve(user.id, region.id)).toMatchObject({ value: 'EMEA', source: 'user' });
    expect(calls.byOperation('looker')).toEqual({ login: 1, set_user_attribute_user_value: 1 });
  } finally {
    await workerd.stop();
    await server.close();
  }
}, DEADLINE_MS);
