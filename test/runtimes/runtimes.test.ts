// Bun, Deno and workerd (Cloudflare Workers' runtime) run the package as users install it, from
// the packed tarball, against the testing kit's fake served by Node beside them. Each runtime's
// program (programs/) runs the same checks and reports them; this file asserts the report, the
// exit status, the fake's state and its call meter. Run by `npm run test:runtimes` (after a build).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rm } from 'node:fs/promises';
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
];
const RECORDS = [
  { email: 'ana@acme.test', Department: 'Sales' },
  { email: 'ben@acme.test', Department: 'Support' },
];
const DEADLINE_MS = 60_000;

let programs: string;
beforeAll(async () => {
  programs = await preparePrograms();
}, 180_000);
afterAll(async () => {
  if (programs) await rm(programs, { recursive: true, force: true });
});

/** A fake with what the checks need, and the faults they expect in their order. */
async function startWorld() {
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
  // The sync: per plan, one attribute listing, one user page and one value read per user.
  expect(calls.byOperation('looker')).toEqual({
    login: 2,
    set_user_attribute_user_value: 1 + 1 + RECORDS.length,
    user_attribute_user_values: 1 + 2 * RECORDS.length,
    all_user_attributes: 1 + 2,
    all_users: 2,
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

/** Runs the checks in one runtime; resolves to the summary and whether the runtime said it passed. */
async function runChecksIn(name: RuntimeName, config: CheckConfig): Promise<{ summary: CheckSummary; passed: boolean; output: string }> {
  const binary = await runtimeBinary(name);
  const json = JSON.stringify(config);
  const { port } = new URL(config.baseUrl);
  if (name === 'workerd') {
    const workerd = await startWorkerd(binary.path, programs, [{ name: 'checks', module: await bundleWorker(programs, 'worker.js') }]);
    try {
      const response = await fetch(workerd.urls.checks!, { method: 'POST', body: json, signal: AbortSignal.timeout(DEADLINE_MS) });
      const text = await response.text();
      return { summary: summaryOf(text, workerd.stderr()), passed: response.status === 200, output: workerd.stderr() };
    } finally {
      await workerd.stop();
    }
  }
  const env = { PATH: process.env.PATH ?? '', HOME: programs, NO_COLOR: '1' };
  const run =
    name === 'bun'
      ? await runProgram(binary.path, ['run', '--no-install', 'bun.js', json], { cwd: programs, env: { ...env, BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' }, deadlineMs: DEADLINE_MS })
      : await runProgram(binary.path, ['run', '--no-prompt', '--no-lock', `--allow-net=127.0.0.1:${port}`, 'deno.js', json], {
          cwd: programs,
          env: { ...env, DENO_DIR: `${programs}/.deno`, DENO_NO_UPDATE_CHECK: '1' },
          deadlineMs: DEADLINE_MS,
        });
  return { summary: summaryOf(run.stdout, run.stderr), passed: run.code === 0, output: run.stderr };
}

// What navigator.userAgent says in each: which runtime, and for Bun and Deno which version, ran the checks.
const USER_AGENTS: Record<RuntimeName, string> = { bun: `Bun/${pinnedVersion('bun')}`, deno: `Deno/${pinnedVersion('deno')}`, workerd: 'Cloudflare-Workers' };

test.each(['bun', 'deno', 'workerd'] as const)(
  '%s: the checks pass from the packed package against the fake',
  async (name) => {
    const world = await startWorld();
    try {
      const { summary, passed: ok, output } = await runChecksIn(name, world.config);
      expect(summary, output).toEqual({ runtime: USER_AGENTS[name], checks: passed });
      expect(ok).toBe(true);
      expectFakeAfterChecks(world);
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
  const workerd = await startWorkerd(binary.path, programs, [{ name: 'example', module: await bundleWorker(programs, 'example-worker.js'), bindings }]);
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
