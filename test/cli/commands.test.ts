// plan and apply run in-process against the real sync library and the fake services: what is
// checked before any request, the output, the saved plan and journal, exit codes, Ctrl-C.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { validatePlan } from '../../src/sync/index.js';
import { VERSION } from '../../src/version.js';
import { lines, runInProcess, startWorld, type Run, type World } from './in-process.js';

const runs: Run[] = [];
const secrets: string[] = [];
const run = async (...args: Parameters<typeof runInProcess>) => {
  const result = await runInProcess(...args);
  runs.push(result);
  return result;
};
afterAll(() => {
  // Whatever a run printed, no secret was in it.
  expect(runs.length).toBeGreaterThan(10);
  for (const { stdout, stderr } of runs) for (const secret of secrets) expect(stdout + stderr).not.toContain(secret);
});

const MAPPING = { email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' }, Region: { looker: 'region' } } };
const CSV = '\uFEFFWork Email,Department,Region\r\njo@acme.test,Marketing,\r\n';

let world: World;
let csv: string;
let mapping: string;
let ids: { department: string; region: string; jo: string };
beforeEach(async () => {
  world = await startWorld();
  secrets.push(...world.secrets);
  const { looker, dx } = world.fake;
  const department = looker.addUserAttribute({ name: 'department', userCanEdit: false });
  const region = looker.addUserAttribute({ name: 'region', defaultValue: 'World', userCanEdit: false });
  const jo = looker.addUser({ email: 'jo@acme.test' });
  looker.setUserValue(jo.id, region.id, 'EMEA');
  dx.addUser({ email: 'jo@acme.test', attributes: { Department: 'Sales' } });
  ids = { department: department.id, region: region.id, jo: jo.id };
  csv = await world.file('hr.csv', CSV);
  mapping = await world.file('mapping.json', JSON.stringify(MAPPING));
  world.fake.calls.reset();
});
afterEach(() => world.close());

const planTo = async (out: string) => {
  const planned = await run(['plan', '--input', csv, '--map', mapping, '--out', out], { env: world.env });
  expect(planned.code).toBe(2);
  world.fake.calls.reset();
  return out;
};

describe('before any request', () => {
  test('--help, --version, and a usage error pointing to --help', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: user-attributes-sdk <command>/) });
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(await run(['apply', 'p.json', '--max-removals', 'x'])).toEqual({
      code: 1, stdout: '', exits: [], stderr: 'error: --max-removals needs a whole number of at least 0, not "x" (see: user-attributes-sdk apply --help)\n',
    });
  });

  test('credentials are checked first', async () => {
    expect(await run(['plan', '--input', csv, '--map', mapping], { env: { LOOKER_CLIENT_ID: 'id', NO_COLOR: '1' }, tty: true })).toMatchObject({
      code: 1, stderr: 'error: LOOKER_BASE_URL and LOOKER_CLIENT_SECRET are not set (Looker needs all of LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET)\n',
    });
  });

  test('a broken mapping file, a broken input, a mapping parseMapping refuses: no request is sent', async () => {
    const broken = await world.file('broken.json', '{\n  "fields": {\n    "Department": { "looker": "department" }\n  \n');
    expect(await run(['plan', '--input', csv, '--map', broken], { env: world.env, tty: true })).toMatchObject({
      code: 1, stderr: `error: ${broken} line 5 column 1: unexpected end of the file\n`,
    });
    const { code, stdout } = await run(['plan', '--input', '-', '--map', mapping], { env: world.env, stdin: 'email,Department\njo@acme.test,"Sales\n' });
    expect(code).toBe(1);
    expect(lines(stdout)).toEqual([{ type: 'error', kind: 'invalid_input', message: 'standard input record 1: a quote opened in the column "Department" is not closed' }]);
    const wrong = await world.file('wrong.json', JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'Department', whenEmpty: 'drop' } }, feilds: {} }));
    expect(await run(['plan', '--input', csv, '--map', wrong], { env: world.env, tty: true })).toMatchObject({
      code: 1,
      stderr: [
        'error: invalid mapping: feilds is not a mapping option (email, fields) (and 2 more)',
        `  ${wrong}: feilds: is not a mapping option (email, fields)`,
        `  ${wrong}: fields.Department.looker: must be a Looker attribute name (lowercase letters, digits and underscores)`,
        `  ${wrong}: fields.Department.whenEmpty: must be "remove" or "keep"`,
        '',
      ].join('\n'),
    });
    expect(world.fake.calls.total()).toBe(0);
  });
});

describe('plan', () => {
  test('changes: the readable plan grouped by user, the plan saved with --out, exit 2', async () => {
    const out = join(world.dir, 'plan.json');
    const result = await run(['plan', '--input', csv, '--map', mapping, '--out', out], { env: world.env, tty: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('jo@acme.test\n  + Looker department: "Marketing"\n  - Looker region: "EMEA" removed, falls back to "World" from Default\n  ~ DX Department: "Sales" → "Marketing"\n');
    expect(result.stdout).toMatch(/\nWarnings:\n {2}! jo@acme\.test Looker region: .+\n/);
    expect(result.stdout).toContain(`Plan: 2 to set, 1 to remove, 0 unchanged; calls to make: Looker 2, DX 1.\n\nSaved the plan to ${out}. To apply it: user-attributes-sdk apply ${out}\n`);
    const saved = await readFile(out, 'utf8');
    expect(validatePlan(JSON.parse(saved))).toMatchObject({ ok: true });
    for (const secret of world.secrets) expect(saved).not.toContain(secret);
    expect(world.fake.calls.byOperation('looker')).toMatchObject({ login: 1, all_user_attributes: 1, all_users: 1, user_attribute_user_values: 1 });
  });

  test('--previous leaves out the records that did not change: nothing to check, exit 0', async () => {
    const previous = await world.file('last.csv', CSV);
    const result = await run(['plan', '--input', csv, '--map', mapping, '--previous', previous], { env: world.env, tty: true });
    expect(result).toMatchObject({ code: 0, stdout: 'No changes. Looker and DX match the input (0 unchanged, 1 records as in --previous not checked).\n' });
    expect(world.fake.calls.byOperation('looker').user_attribute_user_values).toBeUndefined();
  });

  test('nothing to change: JSON lines when not on a terminal, exit 0', async () => {
    world.fake.looker.setUserValue(ids.jo, ids.department, 'Marketing');
    world.fake.looker.deleteUserValue(ids.jo, ids.region);
    const dxOnly = { ...world.env, LOOKER_CLIENT_ID: '', LOOKER_CLIENT_SECRET: '', LOOKER_BASE_URL: '' };
    const dxMapping = await world.file('dx.json', JSON.stringify({ email: 'Work Email', fields: { Department: { dx: 'Department' } } }));
    await run(['apply', await planTo(join(world.dir, 'p.json')), '--yes'], { env: world.env });
    const result = await run(['plan', '--input', csv, '--map', dxMapping], { env: dxOnly });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const events = lines(result.stdout);
    expect(events[0]).toEqual({ type: 'skipped', service: 'looker', message: 'Looker skipped: LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET are not set' });
    expect(events.slice(1)).toEqual([{
      type: 'plan', id: expect.any(String), createdAt: expect.any(String), incremental: false,
      services: { looker: { status: 'skipped', reason: 'no Looker client was given' }, dx: { status: 'planned' } },
      summary: { set: 0, remove: 0, unchanged: 1, cannotVerify: 0, problems: 0, records: 1, skippedUnchanged: 0 },
      forecast: { looker: 0, dx: 0 }, saved: null,
    }]);
  });

  test('an error of the library names the service: exit 1; Ctrl-C while planning: exit 130', async () => {
    const unknown = await world.file('team.json', JSON.stringify({ email: 'Work Email', fields: { Team: { looker: 'team' } } }));
    const missing = await run(['plan', '--input', csv, '--map', unknown, '--json'], { env: world.env, tty: true });
    expect(missing.code).toBe(1);
    expect(lines(missing.stdout)).toEqual([{ type: 'error', kind: 'unknown_attribute', message: expect.stringContaining('team') }]);
    const refused = await run(['plan', '--input', csv, '--map', mapping], { env: { ...world.env, LOOKER_CLIENT_SECRET: 'not-the-secret-4f1' }, tty: true });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: Looker: login failed: HTTP 404: client id or secret refused/) });
    expect(refused.stderr).not.toContain('not-the-secret-4f1');

    // The first request waits; Ctrl-C comes as soon as the command listens for it.
    world.fake.faults.add({ latencyMs: 5_000 });
    const signals = new EventEmitter();
    signals.on('newListener', (event) => event === 'SIGINT' && setImmediate(() => signals.emit('SIGINT')));
    const stopped = await run(['plan', '--input', csv, '--map', mapping], { env: world.env, tty: true, signals });
    expect(stopped).toMatchObject({ code: 130, stderr: 'Stopped by Ctrl-C: no plan was made.\n' });
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('apply', () => {
  test('a file that is not a plan, or a plan edited by hand', async () => {
    const notPlan = await world.file('hr.json', '[]');
    expect(await run(['apply', notPlan], { env: world.env, tty: true })).toMatchObject({ code: 1, stderr: `error: ${notPlan} is not a plan: make one with user-attributes-sdk plan --out ${notPlan}\n` });
    await world.file('hr.json', '{"version": 2, "users": []}');
    expect(await run(['apply', notPlan], { env: world.env, tty: true })).toMatchObject({ code: 1, stderr: `error: ${notPlan} is a plan of version 2; this version reads version 1\n` });
    const out = await planTo(join(world.dir, 'plan.json'));
    const plan = JSON.parse(await readFile(out, 'utf8')) as { users: { looker: { changes: { action: string }[] } }[] };
    (plan.users[0] as { looker: { changes: { action: string }[] } }).looker.changes[0] = { action: 'replace' };
    const edited = await world.file('edited.json', JSON.stringify(plan));
    expect(await run(['apply', edited, '--yes'], { env: world.env, tty: true })).toMatchObject({
      code: 1,
      stderr: `error: ${edited} is not a plan as plan --out saves it (was it edited?)\n  ${edited}: users[0].looker.changes[0] must be a change naming its attribute\n`
        + `  ${edited}: users[0].looker.changes[0].attribute is not among services.looker.attributes\n`,
    });
    expect(world.fake.calls.total()).toBe(0);
  });

  test('every change applied: exit 0, the services as planned, the journal beside the plan', async () => {
    const out = await planTo(join(world.dir, 'plan.json'));
    const result = await run(['apply', out], { env: world.env });
    expect(result.code).toBe(0);
    const events = lines(result.stdout);
    // Progress comes first (at most once a second of the clock, and the last state of each service).
    const progress = events.filter((event) => event.type === 'progress');
    expect(events.slice(progress.length).map((event) => event.type)).toEqual(['outcome', 'outcome', 'outcome', 'apply']);
    expect(progress.findLast((event) => event.service === 'looker')).toMatchObject({ done: 2, failed: 0, remaining: 0, callsUsed: 2 });
    expect(progress.findLast((event) => event.service === 'dx')).toMatchObject({ done: 1, failed: 0, remaining: 0, callsUsed: 1 });
    expect(events.at(-1)).toEqual({
      type: 'apply', planId: expect.any(String), dryRun: false, planned: 3, applied: 3, failed: 0, conflict: 0, skipped: 0,
      callsUsed: { looker: 2, dx: 1 }, aborted: false, resumed: 0, stale: false, journal: join(world.dir, 'plan.journal.ndjson'),
    });
    expect(world.fake.looker.resolve(ids.jo, ids.department)).toMatchObject({ value: 'Marketing', source: 'user' });
    expect(world.fake.looker.resolve(ids.jo, ids.region)).toMatchObject({ value: 'World', source: 'default' });
    expect(world.fake.dx.user('jo@acme.test').attributes).toEqual({ Department: 'Marketing' });
    const journal = await readFile(join(world.dir, 'plan.journal.ndjson'), 'utf8');
    expect(journal.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type).sort()).toEqual(['attempt', 'attempt', 'attempt', 'outcome', 'outcome', 'outcome']);
    expect(journal).not.toContain('Marketing');
    for (const secret of world.secrets) expect(journal).not.toContain(secret);

    // Again with the same journal: everything is recorded as done, nothing is sent.
    world.fake.calls.reset();
    const again = await run(['apply', out, '--yes'], { env: world.env, tty: true });
    expect(again).toMatchObject({ code: 0, stdout: 'Apply complete: 3 of 3 applied, 3 recorded in the journal by an earlier run; calls made: Looker 0, DX 0.\n' });
    expect(world.fake.calls.total()).toBe(0);
  });

  test('a change that fails: exit 1, the report says which', async () => {
    await world.file('hr.csv', `${CSV}al@acme.test,Ops,\r\n`);
    const out = await planTo(join(world.dir, 'plan.json'));
    const result = await run(['apply', out, '--yes'], { env: world.env, tty: true });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ failed al@acme.test DX Department: users.attributes.update failed: HTTP 404');
    expect(result.stdout).toContain('Apply incomplete: 3 of 4 applied, 1 failed; calls made: Looker 2, DX 2.\nFailed changes are not retried from this plan');
  });

  test('the safety rails refuse before anything is sent; --dry-run sends nothing and exits 0', async () => {
    const out = await planTo(join(world.dir, 'plan.json'));
    const removals = await run(['apply', out, '--max-removals', '0'], { env: world.env });
    expect(removals.code).toBe(1);
    expect(lines(removals.stdout)).toEqual([{ type: 'error', kind: 'too_many_removals', message: 'the plan removes 1 values, more than maxRemovals (0): nothing was written' }]);
    const budget = await run(['apply', out, '--max-calls', 'looker=1'], { env: world.env });
    expect(budget.code).toBe(1);
    expect(lines(budget.stdout)).toEqual([{ type: 'error', kind: 'over_budget', message: 'the run needs 2 looker calls, more than maxCalls.looker (1): nothing was sent' }]);
    const dry = await run(['apply', out, '--dry-run'], { env: world.env, tty: true });
    expect(dry).toMatchObject({ code: 0, stdout: 'Dry run, nothing sent: 0 of 3 applied, 3 not sent (dry run); calls made: Looker 0, DX 0.\n' });
    expect(world.fake.calls.total()).toBe(0);
    const dxMissing = await run(['apply', out, '--yes'], { env: { ...world.env, DX_API_TOKEN: '', DX_BASE_URL: '' }, tty: true });
    expect(dxMissing).toMatchObject({ code: 1, stderr: 'DX skipped: DX_API_TOKEN is not set\nerror: invalid plan: services.dx writes to DX, but no DX client was given\n' });
  });

  test('on a terminal: asks first, anything but "yes" cancels; then the progress bar', async () => {
    const out = await planTo(join(world.dir, 'plan.json'));
    const cancelled = await run(['apply', out], { env: world.env, tty: true, answer: 'y' });
    expect(cancelled).toMatchObject({ code: 1, stderr: 'error: apply cancelled\n' });
    expect(cancelled.stdout).toBe(`Plan: 2 to set, 1 to remove, 0 unchanged; calls to make: Looker 2, DX 1.\nApply ${out}? Only "yes" goes ahead: `);
    expect(world.fake.calls.total()).toBe(0);
    const { code, stdout } = await run(['apply', out], { env: world.env, tty: true, answer: 'yes\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/\r█+ 3\/3 {2}[\d.]+\/s {2}3 calls {2}ETA 0:00\u001b\[K\n/);
    expect(stdout).toMatch(/Apply complete: 3 of 3 applied; calls made: Looker 2, DX 1\.\n$/);
  });

  test('Ctrl-C: stops, says how to resume, exit 130; the same command then finishes, writing nothing twice', async () => {
    const { looker } = world.fake;
    const emails = Array.from({ length: 8 }, (_, i) => `user${i}@acme.test`);
    for (const email of emails) looker.addUser({ email });
    await world.file('hr.csv', `Work Email,Department,Region\n${emails.map((email) => `${email},Ops,EMEA`).join('\n')}\n`);
    const lookerOnly = { ...world.env, DX_API_TOKEN: '', DX_BASE_URL: '' };
    const planned = await run(['plan', '--input', csv, '--map', mapping, '--out', join(world.dir, 'plan.json')], { env: lookerOnly });
    expect(planned.code).toBe(2);
    world.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', latencyMs: 100 });
    const signals = new EventEmitter();
    let pressed = false;
    const stopped = await run(['apply', join(world.dir, 'plan.json'), '--journal', join(world.dir, 'run.ndjson')], {
      env: lookerOnly,
      signals,
      onStdout: (text) => {
        if (!pressed && text.includes('"type":"progress"')) {
          pressed = true;
          signals.emit('SIGINT');
        }
      },
    });
    const journal = join(world.dir, 'run.ndjson');
    expect(stopped.code).toBe(130);
    const events = lines(stopped.stdout);
    expect(events.map((event) => event.type).filter((type) => type !== 'progress' && type !== 'outcome')).toEqual(['skipped', 'stopping', 'apply', 'interrupted']);
    expect(events.at(-2)).toMatchObject({ type: 'apply', aborted: true, planned: 16 });
    expect(events.at(-1)).toEqual({
      type: 'interrupted', message: 'stopped by Ctrl-C', journal,
      resume: `To resume: user-attributes-sdk apply ${join(world.dir, 'plan.json')} --journal ${journal}`,
    });
    // The progress stops at Ctrl-C: the changes the library then ends unreached are not progress.
    expect(events.slice(events.findIndex((event) => event.type === 'stopping')).some((event) => event.type === 'progress')).toBe(false);
    const appliedBefore = (events.at(-2) as { applied: number }).applied;
    expect(appliedBefore).toBeGreaterThan(0);
    expect(appliedBefore).toBeLessThan(16);

    const resumed = await run(['apply', join(world.dir, 'plan.json'), '--journal', journal], { env: lookerOnly });
    expect(resumed.code).toBe(0);
    expect(lines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: 16, applied: 16, failed: 0, aborted: false, resumed: appliedBefore });
    // Each value was written once: the writes that reached the model, by path, are all different.
    const writes = world.fake.requests.filter((r) => r.operation === 'set_user_attribute_user_value' && r.status === 200).map((r) => r.path);
    expect(writes).toHaveLength(16);
    expect(new Set(writes).size).toBe(16);
    for (const email of emails) {
      const user = looker.snapshot().users.find((u) => u.email === email) as { id: string };
      expect(looker.resolve(user.id, ids.department).value).toBe('Ops');
    }
  });

  test('a second Ctrl-C quits at once', async () => {
    const out = await planTo(join(world.dir, 'plan.json'));
    world.fake.faults.add({ latencyMs: 5_000 });
    const signals = new EventEmitter();
    signals.on('newListener', (event) => {
      if (event === 'SIGINT') setImmediate(() => {
        signals.emit('SIGINT');
        signals.emit('SIGINT');
      });
    });
    const result = await run(['apply', out, '--yes'], { env: world.env, tty: true, signals });
    const journal = join(world.dir, 'plan.journal.ndjson');
    expect(result.exits).toEqual([130]);
    expect(result.stderr).toBe([
      '',
      'Stopping: no new change is started (Ctrl-C again to quit at once)…',
      '',
      `Quit at once: the journal may lack the last requests. To resume: user-attributes-sdk apply ${out} --journal ${journal}`,
      `Stopped by Ctrl-C; progress is in ${journal}. To resume: user-attributes-sdk apply ${out} --journal ${journal}`,
      '',
    ].join('\n'));
    expect(result.code).toBe(130);
  });
});
