// plan and apply run in-process against the real sync library and the fake services: what is
// checked before any request, the output, the saved plan and journal, exit codes, the safety rails.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validatePlan } from '../../src/sync/index.js';
import { VERSION } from '../../src/version.js';
import { CSV, lines, useCommandWorld } from '../support/cli/in-process.js';

const context = useCommandWorld();
const { run, planTo } = context;

describe('before any request', () => {
  test('--help, --version, and a usage error pointing to --help', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: user-attributes-sdk <command>/) });
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(await run(['apply', 'p.json', '--max-removals', 'x'])).toEqual({
      code: 1, stdout: '', exits: [], stderr: 'error: --max-removals needs a whole number of at least 0, not "x", or a percentage such as 2% (see: user-attributes-sdk apply --help)\n',
    });
  });

  test('credentials are checked first', async () => {
    expect(await run(['plan', '--input', context.csv, '--map', context.mapping], { env: { LOOKER_CLIENT_ID: 'id', NO_COLOR: '1' }, tty: true })).toMatchObject({
      code: 1, stderr: 'error: LOOKER_BASE_URL and LOOKER_CLIENT_SECRET are not set (Looker needs all of LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET)\n',
    });
  });

  test('a broken mapping file, a broken input, a mapping parseMapping refuses: no request is sent', async () => {
    const broken = await context.world.file('broken.json', '{\n  "fields": {\n    "Department": { "looker": "department" }\n  \n');
    expect(await run(['plan', '--input', context.csv, '--map', broken], { env: context.world.env, tty: true })).toMatchObject({
      code: 1, stderr: `error: ${broken} line 5 column 1: unexpected end of the file\n`,
    });
    const { code, stdout } = await run(['plan', '--input', '-', '--map', context.mapping], { env: context.world.env, stdin: 'email,Department\njo@acme.test,"Sales\n' });
    expect(code).toBe(1);
    expect(lines(stdout)).toEqual([{ type: 'error', kind: 'invalid_input', message: 'standard input record 1: a quote opened in the column "Department" is not closed' }]);
    const wrong = await context.world.file('wrong.json', JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'Department', whenEmpty: 'drop' } }, feilds: {} }));
    expect(await run(['plan', '--input', context.csv, '--map', wrong], { env: context.world.env, tty: true })).toMatchObject({
      code: 1,
      stderr: [
        'error: invalid mapping: feilds is not a mapping option (email, fields, looker, dx, monthlyBudget) (and 2 more)',
        `  ${wrong} line 1: feilds: is not a mapping option (email, fields, looker, dx, monthlyBudget)`,
        `  ${wrong} line 1: fields.Department.looker: must be a Looker attribute name (lowercase letters, digits and underscores)`,
        `  ${wrong} line 1: fields.Department.whenEmpty: must be "remove" or "keep"`,
        '',
      ].join('\n'),
    });
    expect(context.world.fake.calls.total()).toBe(0);
  });
});

describe('plan', () => {
  test('changes: the readable plan grouped by user, the plan saved with --out, exit 2 with --detailed-exitcode', async () => {
    const out = join(context.world.dir, 'plan.json');
    const result = await run(['plan', '--input', context.csv, '--map', context.mapping, '--out', out, '--detailed-exitcode'], { env: context.world.env, tty: true });
    expect(result.code).toBe(2);
    // Standard error held only the bar, redrawn in place (reads left unknown while listing), then erased.
    const frames = result.stderr.split('\u001b[K').filter((frame) => frame !== '');
    expect(frames.at(-1)).toBe('\r');
    expect(frames.slice(0, -1).every((frame) => /^\r[█░]{24} \d+\/(?:\d+|\?) reads {2}[\d.]+\/s {2}\d+ calls {2}ETA (?:\d+:\d\d|--:--)$/.test(frame))).toBe(true);
    expect(frames[0]).toMatch(/^\r░{24} 1\/\? reads /);
    expect(result.stdout).toContain('jo@acme.test\n  + Looker department: "Marketing"\n  - Looker region: "EMEA" removed, falls back to "World" from Default\n  ~ DX Department: "Sales" → "Marketing"\n');
    expect(result.stdout).toMatch(/\nWarnings:\n {2}! jo@acme\.test Looker region: .+\n/);
    // Looker: two writes, the read of jo's id and the login; DX: one write.
    expect(result.stdout).toContain(`Plan: 2 to set, 1 to remove, 0 unchanged; calls to make: Looker 4, DX 1.\n\nSaved the plan to ${out}. To apply it: user-attributes-sdk apply ${out}\n`);
    const saved = await readFile(out, 'utf8');
    expect(validatePlan(JSON.parse(saved))).toMatchObject({ ok: true });
    for (const secret of context.world.secrets) expect(saved).not.toContain(secret);
    expect(context.world.fake.calls.byOperation('looker')).toMatchObject({ login: 1, all_user_attributes: 1, all_users: 1, user_attribute_user_values: 1 });
  });

  test('--previous takes the snapshot apply --snapshot wrote: the records in place are left out, exit 0; the last run\'s CSV is refused', async () => {
    const snapshot = join(context.world.dir, 'snapshot.json');
    expect((await run(['apply', await planTo(join(context.world.dir, 'p.json')), '--snapshot', snapshot], { env: context.world.env })).code).toBe(0);
    expect(JSON.parse(await readFile(snapshot, 'utf8'))).toEqual({ version: 1, digests: [expect.any(Number)] });
    context.world.fake.calls.reset();
    const result = await run(['plan', '--input', context.csv, '--map', context.mapping, '--previous', snapshot], { env: context.world.env, tty: true });
    expect(result).toMatchObject({
      code: 0,
      stdout: 'Looker users: listed in 1 call (one call listed all 1 Looker user, no more than 1 lookup).\n'
        + 'No changes. Looker and DX match the input (0 unchanged, 1 records as in --previous not checked).\n',
    });
    expect(context.world.fake.calls.byOperation('looker').user_attribute_user_values).toBeUndefined();
    // The same snapshot piped to standard input.
    const piped = await run(['plan', '--input', context.csv, '--map', context.mapping, '--previous', '-'], { env: context.world.env, tty: true, stdin: await readFile(snapshot, 'utf8') });
    expect(piped).toMatchObject({ code: 0, stdout: result.stdout });
    const previous = await context.world.file('last.csv', CSV);
    expect(await run(['plan', '--input', context.csv, '--map', context.mapping, '--previous', previous], { env: context.world.env, tty: true })).toMatchObject({
      code: 1,
      stderr: `error: ${previous} is not a record snapshot: --previous takes the file that apply --snapshot FILE writes, not the last run's input. `
        + 'Apply a plan with --snapshot FILE once, then plan with --previous FILE\n',
    });
  });

  test('nothing to change: JSON lines when not on a terminal, exit 0', async () => {
    context.world.fake.looker.setUserValue(context.ids.jo, context.ids.department, 'Marketing');
    context.world.fake.looker.deleteUserValue(context.ids.jo, context.ids.region);
    const dxOnly = { ...context.world.env, LOOKER_CLIENT_ID: '', LOOKER_CLIENT_SECRET: '', LOOKER_BASE_URL: '' };
    const dxMapping = await context.world.file('dx.json', JSON.stringify({ email: 'Work Email', fields: { Department: { dx: 'Department' } }, dx: { newAttributes: ['Department'] } }));
    await run(['apply', await planTo(join(context.world.dir, 'p.json')), '--yes'], { env: context.world.env });
    const result = await run(['plan', '--input', context.csv, '--map', dxMapping], { env: dxOnly });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const events = lines(result.stdout).filter((event) => event.type !== 'progress');
    // DX's one listing page is the only read, and nothing is left after it.
    expect(lines(result.stdout).filter((event) => event.type === 'progress').at(-1)).toEqual({
      type: 'progress', readsDone: 1, readsToDo: 0, callsUsed: { looker: 0, dx: 1 }, ratePerSecond: expect.any(Number),
    });
    expect(events[0]).toEqual({ type: 'skipped', service: 'looker', message: 'Looker skipped: LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET are not set' });
    expect(events.slice(1)).toEqual([{
      type: 'plan', id: expect.any(String), createdAt: expect.any(String), incremental: false,
      services: { looker: { status: 'skipped', reason: 'no Looker client was given' }, dx: { status: 'planned', users: { method: 'listing', reason: expect.any(String) } } },
      summary: { set: 0, remove: 0, unchanged: 1, problems: 0, records: 1, compared: 1, skippedUnchanged: 0 },
      forecast: { looker: 0, dx: 0 }, saved: null,
    }]);
  });

  test('an error of the library names the service: exit 1; Ctrl-C while planning: exit 130', async () => {
    const unknown = await context.world.file('team.json', JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'team' } } }));
    const missing = await run(['plan', '--input', context.csv, '--map', unknown, '--json'], { env: context.world.env, tty: true });
    expect(missing.code).toBe(1);
    expect(lines(missing.stdout).filter((event) => event.type !== 'progress')).toEqual([{ type: 'error', kind: 'unknown_attribute', message: expect.stringContaining('team') }]);
    const refused = await run(['plan', '--input', context.csv, '--map', context.mapping], { env: { ...context.world.env, LOOKER_CLIENT_SECRET: 'not-the-secret-4f1' }, tty: true });
    expect(refused.code).toBe(1);
    // The bar of the one read (the login's) was erased before the error line.
    expect(refused.stderr.replace(/\r[^\r\n]*?\u001b\[K/g, '')).toMatch(/^error: Looker: login failed: HTTP 404: client id or secret refused/);
    expect(refused.stderr).not.toContain('not-the-secret-4f1');

    // The first request waits; Ctrl-C comes as soon as the command listens for it.
    context.world.fake.faults.add({ latencyMs: 5_000 });
    const signals = new EventEmitter();
    signals.on('newListener', (event) => event === 'SIGINT' && setImmediate(() => signals.emit('SIGINT')));
    const stopped = await run(['plan', '--input', context.csv, '--map', context.mapping], { env: context.world.env, tty: true, signals });
    expect(stopped).toMatchObject({ code: 130, stderr: 'Stopped by Ctrl-C: no plan was made.\n' });
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('apply', () => {
  test('a file that is not a plan, or a plan edited by hand', async () => {
    const notPlan = await context.world.file('hr.json', '[]');
    expect(await run(['apply', notPlan], { env: context.world.env, tty: true })).toMatchObject({ code: 1, stderr: `error: ${notPlan} is not a plan: make one with user-attributes-sdk plan --out ${notPlan}\n` });
    await context.world.file('hr.json', '{"version": 1, "users": []}');
    expect(await run(['apply', notPlan], { env: context.world.env, tty: true })).toMatchObject({
      code: 1, stderr: `error: ${notPlan} is a plan of version 1; this version applies plans of version 2 only: make a new plan with user-attributes-sdk plan --out ${notPlan}\n`,
    });
    const out = await planTo(join(context.world.dir, 'plan.json'));
    const plan = JSON.parse(await readFile(out, 'utf8')) as { users: { looker: { changes: { action: string }[] } }[] };
    (plan.users[0] as { looker: { changes: { action: string }[] } }).looker.changes[0] = { action: 'replace' };
    const edited = await context.world.file('edited.json', JSON.stringify(plan));
    expect(await run(['apply', edited, '--yes'], { env: context.world.env, tty: true })).toMatchObject({
      code: 1,
      stderr: `error: ${edited} was edited after plan made it (users changed), and an edited plan is never applied: make a new plan with user-attributes-sdk plan --out ${edited}\n`
        + `  ${edited}: users was changed after the plan was made\n`
        + `  ${edited}: users[0].looker.changes[0] must be a change naming its attribute\n`
        + `  ${edited}: users[0].looker.changes[0].attribute is not among services.looker.attributes\n`,
    });
    expect(context.world.fake.calls.total()).toBe(0);
  });

  test('every change applied: exit 0, the services as planned, the journal beside the plan', async () => {
    const out = await planTo(join(context.world.dir, 'plan.json'));
    const result = await run(['apply', out], { env: context.world.env });
    expect(result.code).toBe(0);
    const events = lines(result.stdout);
    // Each outcome as its change ends, progress at most once a second of the clock (and the last
    // state of each service as the run ends), the summary last.
    const progress = events.filter((event) => event.type === 'progress');
    expect(events.filter((event) => event.type !== 'progress').map((event) => event.type)).toEqual(['outcome', 'outcome', 'outcome', 'apply']);
    expect(events[0]?.type).toBe('outcome');
    // Looker: the read of jo's id, the two writes and the login of a client that starts without a token.
    expect(progress.findLast((event) => event.service === 'looker')).toMatchObject({ done: 2, failed: 0, remaining: 0, callsUsed: 4 });
    expect(progress.findLast((event) => event.service === 'dx')).toMatchObject({ done: 1, failed: 0, remaining: 0, callsUsed: 1 });
    expect(events.at(-1)).toEqual({
      type: 'apply', planId: expect.any(String), dryRun: false, planned: 3, applied: 3, failed: 0, conflict: 0, skipped: 0,
      callsUsed: { looker: 4, dx: 1 }, retries: { looker: 0, dx: 0 }, aborted: false, stopped: false, resumed: 0, stale: false,
      journal: join(context.world.dir, 'plan.journal.ndjson'),
    });
    expect(context.world.fake.looker.resolve(context.ids.jo, context.ids.department)).toMatchObject({ value: 'Marketing', source: 'user' });
    expect(context.world.fake.looker.resolve(context.ids.jo, context.ids.region)).toMatchObject({ value: 'World', source: 'default' });
    expect(context.world.fake.dx.user('jo@acme.test').attributes).toEqual({ Department: 'Marketing' });
    const journal = await readFile(join(context.world.dir, 'plan.journal.ndjson'), 'utf8');
    expect(journal.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type).sort()).toEqual(['attempt', 'attempt', 'attempt', 'outcome', 'outcome', 'outcome']);
    expect(journal).not.toContain('Marketing');
    for (const secret of context.world.secrets) expect(journal).not.toContain(secret);

    // Again with the same journal: everything is recorded as done, nothing is sent.
    context.world.fake.calls.reset();
    const again = await run(['apply', out, '--yes'], { env: context.world.env, tty: true });
    expect(again).toMatchObject({ code: 0, stdout: 'Apply complete: 3 of 3 applied, 3 recorded in the journal by an earlier run; calls made: Looker 0, DX 0.\n' });
    expect(context.world.fake.calls.total()).toBe(0);
  });

  test('a change that fails: exit 1, the report says which', async () => {
    await context.world.file('hr.csv', `${CSV}al@acme.test,Ops,\r\n`);
    const out = await planTo(join(context.world.dir, 'plan.json'));
    const result = await run(['apply', out, '--yes'], { env: context.world.env, tty: true });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ failed al@acme.test DX Department: DX has no user with this email (--allow-missing-dx-users makes this a warning)');
    // al@ has no Looker user: Looker's calls are jo's two writes, the read of jo's id and the login.
    expect(result.stdout).toContain('Apply incomplete: 3 of 4 applied, 1 failed; calls made: Looker 4, DX 2.\nFailed changes are not retried from this plan');
  });

  test('the safety rails refuse before anything is sent; --dry-run sends nothing and exits 0', async () => {
    const out = await planTo(join(context.world.dir, 'plan.json'));
    const removals = await run(['apply', out, '--max-removals', '0'], { env: context.world.env });
    expect(removals.code).toBe(1);
    expect(lines(removals.stdout)).toEqual([{ type: 'error', kind: 'too_many_removals', message: 'the plan removes 1 values, more than maxRemovals (0): nothing was written' }]);
    const budget = await run(['apply', out, '--max-calls', 'looker=1'], { env: context.world.env });
    expect(budget.code).toBe(1);
    expect(lines(budget.stdout)).toEqual([{ type: 'error', kind: 'over_budget', message: 'the run needs 4 looker calls, more than maxCalls.looker (1): nothing was sent' }]);
    const dry = await run(['apply', out, '--dry-run'], { env: context.world.env, tty: true });
    expect(dry).toMatchObject({ code: 0, stdout: 'Dry run, nothing sent: 0 of 3 applied, 3 not sent (dry run); calls made: Looker 0, DX 0.\n' });
    expect(context.world.fake.calls.total()).toBe(0);
    const dxMissing = await run(['apply', out, '--yes'], { env: { ...context.world.env, DX_API_TOKEN: '', DX_BASE_URL: '' }, tty: true });
    expect(dxMissing).toMatchObject({ code: 1, stderr: 'DX skipped: DX_API_TOKEN is not set\nerror: invalid plan: services.dx writes to DX, but no DX client was given\n' });
  });

  test('on a terminal: asks first, anything but "yes" cancels; then the progress bar', async () => {
    const out = await planTo(join(context.world.dir, 'plan.json'));
    const cancelled = await run(['apply', out], { env: context.world.env, tty: true, answer: 'y' });
    expect(cancelled).toMatchObject({ code: 1, stderr: 'error: apply cancelled\n' });
    expect(cancelled.stdout).toBe(`Plan: 2 to set, 1 to remove, 0 unchanged; calls to make: Looker 4, DX 1.\nApply ${out}? Only "yes" goes ahead: `);
    expect(context.world.fake.calls.total()).toBe(0);
    const { code, stdout } = await run(['apply', out], { env: context.world.env, tty: true, answer: 'yes\n' });
    expect(code).toBe(0);
    // The login, the read of jo's id and two writes to Looker; one write to DX.
    expect(stdout).toMatch(/\r█+ 3\/3 {2}[\d.]+\/s {2}5 calls {2}ETA 0:00\u001b\[K\n/);
    expect(stdout).toMatch(/Apply complete: 3 of 3 applied; calls made: Looker 4, DX 1\.\n$/);
  });
});
