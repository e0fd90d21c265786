// The real bin from the packed tarball, in a throw-away project, against the fake server over HTTP.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseJournal } from '../../src/sync/index.js';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, kitEnvironment, runBin, runBinInTerminal, runShell, scratch, type BinRun } from '../support/cli/bin.js';

const root = new URL('../..', import.meta.url).pathname;
let server: FakeServer;
let dir: string;
let env: Record<string, string>;
const secrets: string[] = [];
const outputs: BinRun[] = [];
const bin = async (...args: Parameters<typeof runBin>) => {
  const result = await runBin(...args);
  outputs.push(result);
  return result;
};

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  const { looker, dx } = server.fake;
  looker.addUserAttribute({ name: 'department' });
  looker.addUser({ email: 'jo@acme.test' });
  dx.addUser({ email: 'jo@acme.test' });
  const kit = kitEnvironment(server);
  secrets.push(...kit.secrets);
  env = kit.env;
  dir = await scratch({
    'mapping.json': JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' } }, dx: { newAttributes: ['Department'] } }, null, 2),
    'broken-mapping.json': '{\n  "email": "Work Email",\n  "fields": {\n    "Department": { "looker": "department" },\n  }\n}\n',
    'broken.csv': 'Work Email,Department\r\njo@acme.test,"Sales\r\nal@acme.test,Ops\r\n',
    'short-row.csv': 'Work Email,Department\njo@acme.test,Sales\nal@acme.test\n',
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('without the services', () => {
  test('the installed bin keeps its #! line and runs', async () => {
    expect((await readFile(await installedBin(), 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await bin(['--version'])).toEqual({ code: 0, signal: null, stdout: `${version}\n`, stderr: '' });
  });

  test('--help, and each command\'s', async () => {
    const help = await bin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: user-attributes-sdk <command> \[options\]\n/);
    expect(help.stdout).toContain('LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET');
    expect((await bin(['plan', '--help'])).stdout).toMatch(/^Usage: user-attributes-sdk plan --input FILE --map FILE/);
    expect((await bin(['apply', '-h'])).stdout).toMatch(/^Usage: user-attributes-sdk apply PLAN/);
  });

  test.each([
    [['plan', '--input', 'hr.csv', '--map', 'm.json', '--colour'], 'error: unknown option --colour (see: user-attributes-sdk plan --help)'],
    [['apply', 'plan.json', '--max-removals', 'lots'], 'error: --max-removals needs a whole number of at least 0, not "lots", or a percentage such as 2% (see: user-attributes-sdk apply --help)'],
    [['apply', 'plan.json', '--max-calls', '0'], 'error: --max-calls needs a whole number of at least 1, not "0" (see: user-attributes-sdk apply --help)'],
    [['apply', 'plan.json', '--max-removals', '-1'], 'error: --max-removals needs a whole number of at least 0, not "-1", or a percentage such as 2% (see: user-attributes-sdk apply --help)'],
    [['apply', 'plan.json', '--max-calls', '500', '--max-calls', 'dx=50'], 'error: --max-calls is given twice for dx: give N once for both services, or looker=N and dx=N once each (see: user-attributes-sdk apply --help)'],
    [['apply', 'plan.json', '--yes', '--journal', 'a.ndjson', '--yes'], 'error: --yes is given twice (see: user-attributes-sdk apply --help)'],
    [['deploy'], 'error: unknown command "deploy": the commands are plan, apply, revert and history (see: user-attributes-sdk --help)'],
  ])('a usage error: %j exits 1 with one line', async (args, line) => {
    expect(await bin(args)).toEqual({ code: 1, signal: null, stdout: '', stderr: `${line}\n` });
  });

  test('no credentials, and a partial set naming the missing variable (a JSON line off a terminal)', async () => {
    const none = await bin(['plan', '--input', join(dir, 'broken.csv'), '--map', join(dir, 'mapping.json')]);
    expect(none.code).toBe(1);
    expect(jsonLines(none.stdout)).toEqual([{
      type: 'error', kind: 'invalid_environment',
      message: 'no credentials: set LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET, or DX_API_TOKEN, or both',
    }]);
    const partial = await bin(['apply', 'plan.json'], { env: { ...env, LOOKER_CLIENT_SECRET: '' } });
    expect(partial.code).toBe(1);
    expect(jsonLines(partial.stdout)).toEqual([{
      type: 'error', kind: 'invalid_environment',
      message: 'LOOKER_CLIENT_SECRET is not set (Looker needs all of LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET)',
    }]);
  });

  test('a mapping file that is not JSON names the line and column', async () => {
    const path = join(dir, 'broken-mapping.json');
    const result = await bin(['plan', '--input', join(dir, 'broken.csv'), '--map', path, '--json'], { env });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([
      { type: 'error', kind: 'invalid_mapping_file', message: `${path} line 5 column 3: a property name in double quotes is expected` },
    ]);
  });

  test.each([
    ['broken.csv', 'record 1: a quote opened in the column "Department" is not closed'],
    ['short-row.csv', 'line 3: Invalid Record Length: columns length is 2, got 1'],
  ])('a broken CSV names the line: %s', async (file, where) => {
    const result = await bin(['plan', '--input', join(dir, file), '--map', join(dir, 'mapping.json')], { env });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([{ type: 'error', kind: 'invalid_input', message: `${join(dir, file)} ${where}` }]);
  });

  test('a JSON array on standard input that breaks in its last record: the line and column, before any request', async () => {
    server.fake.calls.reset();
    const stdin = `[\n  {"Work Email": "jo@acme.test", "Department": "Sales"},\n${'  {"Work Email": "al@acme.test", "Department": "Ops"},\n'.repeat(2000)}  {"Work Email": "cat@acme.test" "Department": "Ops"}\n]\n`;
    const result = await bin(['plan', '--input', '-', '--map', join(dir, 'mapping.json')], { env, stdin });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([{ type: 'error', kind: 'invalid_input', message: 'standard input line 2003 column 34: a comma is expected' }]);
    expect(server.fake.calls.total()).toBe(0);
  });

  test('an NDJSON line on standard input that is not JSON', async () => {
    const result = await bin(['plan', '--input', '-', '--map', join(dir, 'mapping.json')], { env, stdin: '{"Work Email":"jo@acme.test"}\n{"Work Email": jo}\n' });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([{ type: 'error', kind: 'invalid_input', message: 'standard input line 2 column 16: unexpected text' }]);
  });
});

describe('with the sync library', () => {
  let files: string;
  const ids = { region: '', jo: '', al: '' };
  beforeAll(async () => {
    const { looker, dx } = server.fake;
    const region = looker.addUserAttribute({ name: 'region', defaultValue: 'World', userCanEdit: false });
    const al = looker.addUser({ email: 'al@acme.test' });
    looker.setUserValue(al.id, region.id, 'EMEA');
    dx.addUser({ email: 'al@acme.test' });
    Object.assign(ids, { region: region.id, al: al.id, jo: (looker.snapshot().users.find((u) => u.email === 'jo@acme.test') as { id: string }).id });
    files = await scratch({
      // A byte order mark, CRLF line ends, quoted cells (a comma, doubled quotes), an empty cell and a column the mapping does not name.
      'hr.csv': '\uFEFFWork Email,Department,Region,Shoe Size\r\n"jo@acme.test","Sales, EMEA",APAC,44\r\nal@acme.test,"Ops ""North""",,41\r\n',
      'mapping.json': JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' }, Region: { looker: 'region' } }, dx: { newAttributes: ['Department'] } }, null, 2),
      'wrong-key.json': '{\n  "email": "Work Email",\n  "fields": { "Department": { "looker": "department", "whenEmpty": "drop" } }\n}\n',
      'stranger.csv': 'Work Email,Department\nnobody@acme.test,Ops\n',
      'dx-mapping.json': JSON.stringify({ email: 'Work Email', fields: { Department: { dx: 'Department' } }, dx: { newAttributes: ['Department'] } }),
    });
  });
  afterAll(() => rm(files, { recursive: true, force: true }));
  const at = (name: string) => join(files, name);
  const plan = (input: string, map = 'mapping.json', out = 'plan.json') =>
    bin(['plan', '--input', at(input), '--map', at(map), '--out', at(out), '--detailed-exitcode'], { env });

  test('plan exits 0 with changes planned, as terraform plan does: a set -e script goes on to apply', async () => {
    const script = 'set -e; user-attributes-sdk plan --input "$1" --map "$2" --out "$3"; echo planned';
    const shell = await runShell(script, [at('hr.csv'), at('mapping.json'), at('default-exit.json')], { env });
    expect(shell).toMatchObject({ code: 0, stdout: expect.stringMatching(/"type":"plan".*\nplanned\n$/s) });
    expect(jsonLines(shell.stdout.replace(/planned\n$/, '')).at(-1)).toMatchObject({ type: 'plan', summary: { set: 5, remove: 1 } });
    // The same plan with --detailed-exitcode: 2, which stops that script before apply.
    const detailed = await bin(['plan', '--input', at('hr.csv'), '--map', at('mapping.json'), '--detailed-exitcode'], { env });
    expect(detailed.code).toBe(2);
    expect(jsonLines(detailed.stdout).at(-1)).toMatchObject({ type: 'plan', summary: { set: 5, remove: 1 }, saved: null });
  });

  test('CSV edge cases: plan --detailed-exitcode exits 2 with each change as a JSON line, apply 0, plan again 0', async () => {
    const first = await plan('hr.csv');
    expect(first.code).toBe(2);
    const events = jsonLines(first.stdout);
    expect(events.filter((event) => event.type === 'change')).toEqual([
      { type: 'change', email: 'jo@acme.test', service: 'looker', attribute: 'department', action: 'set', before: null, after: 'Sales, EMEA' },
      { type: 'change', email: 'jo@acme.test', service: 'looker', attribute: 'region', action: 'set', before: null, after: 'APAC' },
      { type: 'change', email: 'jo@acme.test', service: 'dx', attribute: 'Department', action: 'set', before: null, after: 'Sales, EMEA' },
      { type: 'change', email: 'al@acme.test', service: 'looker', attribute: 'department', action: 'set', before: null, after: 'Ops "North"' },
      // The empty cell removes al's own value (whenEmpty "remove", the default): the default shows through.
      { type: 'change', email: 'al@acme.test', service: 'looker', attribute: 'region', action: 'remove', before: 'EMEA', fallback: { value: 'World', source: 'Default' } },
      { type: 'change', email: 'al@acme.test', service: 'dx', attribute: 'Department', action: 'set', before: null, after: 'Ops "North"' },
    ]);
    // Looker: four writes, one read of the two users' ids and the login apply's client makes first.
    expect(events.at(-1)).toMatchObject({ type: 'plan', summary: { set: 5, remove: 1, problems: 0, records: 2 }, forecast: { looker: 4 + 1 + 1, dx: 2 }, saved: at('plan.json') });
    expect(first.stdout).not.toContain('Shoe Size');

    const applied = await bin(['apply', at('plan.json'), '--journal', at('run.ndjson')], { env });
    expect(applied.code).toBe(0);
    const report = jsonLines(applied.stdout);
    expect(report.filter((event) => event.type === 'outcome').map((event) => event.outcome)).toEqual(Array(6).fill('applied'));
    expect(report.at(-1)).toMatchObject({ type: 'apply', planned: 6, applied: 6, failed: 0, aborted: false, journal: at('run.ndjson') });
    expect(server.fake.looker.resolve(ids.al, ids.region)).toMatchObject({ value: 'World', source: 'default' });
    expect(server.fake.dx.user('al@acme.test').attributes).toEqual({ Department: 'Ops "North"' });

    const second = await plan('hr.csv', 'mapping.json', 'again.json');
    expect(second.code).toBe(0);
    expect(jsonLines(second.stdout).at(-1)).toMatchObject({ type: 'plan', summary: { set: 0, remove: 0, unchanged: 6 } });
  }, 30_000);

  test('apply exits 1 when a change fails, and the outcome says why', async () => {
    expect((await plan('stranger.csv', 'dx-mapping.json', 'stranger.json')).code).toBe(2);
    const result = await bin(['apply', at('stranger.json')], { env });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toContainEqual({
      type: 'outcome', email: 'nobody@acme.test', service: 'dx', attribute: 'Department', outcome: 'failed', reason: 'no_dx_user',
      error: { kind: 'not_found', message: expect.stringContaining('HTTP 404'), status: 404 },
    });
  });

  test('a mapping parseMapping refuses: exit 1, naming the key', async () => {
    const result = await bin(['plan', '--input', at('hr.csv'), '--map', at('wrong-key.json')], { env });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([{
      type: 'error', kind: 'invalid_mapping', message: 'invalid mapping: fields.Department.whenEmpty must be "remove" or "keep"',
      details: [`${at('wrong-key.json')} line 3: fields.Department.whenEmpty: must be "remove" or "keep"`],
    }]);
  });

  test.each([
    ['LOOKER_CLIENT_SECRET', 'not-the-secret-0123456789', /^Looker: login failed: HTTP 404: client id or secret refused/],
    ['DX_API_TOKEN', 'not-the-token-0123456789', /^DX: users\.list failed: HTTP 401/],
  ])('a wrong %s: one clear line, exit 1, and the value in no output', async (name, wrong, line) => {
    const result = await runBinInTerminal(['plan', '--input', at('hr.csv'), '--map', at('mapping.json'), '--no-color'], { env: { ...env, [name]: wrong } });
    outputs.push(result);
    expect(result.code).toBe(1);
    // As the screen shows it: the plan's bar, drawn for the read that failed, was erased in place.
    const shown = result.stdout.replace(/\r[^\r\n]*?\u001b\[K/g, '');
    expect(shown.replace(/^error: /, '')).toMatch(line);
    expect(shown.trimEnd().split('\r\n')).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });

  test('Ctrl-C mid-apply: the requests in flight finish and are journaled, exit 130 and the command to resume; it then finishes, writing nothing twice', async () => {
    const { looker } = server.fake;
    const team = looker.addUserAttribute({ name: 'team', userCanEdit: false });
    const emails = Array.from({ length: 12 }, (_, i) => `user${i}@acme.test`);
    for (const email of emails) looker.addUser({ email });
    const many = await scratch({
      'hr.csv': `email,Team\n${emails.map((email) => `${email},Red`).join('\n')}\n`,
      'mapping.json': JSON.stringify({ fields: { Team: { looker: 'team' } } }),
    });
    const planPath = join(many, 'plan.json');
    const journal = join(many, 'run.ndjson');
    expect((await bin(['plan', '--input', join(many, 'hr.csv'), '--map', join(many, 'mapping.json'), '--out', planPath], { env })).code).toBe(0);
    // Each write waits, so that Ctrl-C, sent once the first change has ended, lands mid-apply.
    const slow = server.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', latencyMs: 150 });
    server.fake.calls.reset();
    const seen = server.fake.requests.length;
    let sent = false;
    const stopped = await bin(['apply', planPath, '--journal', journal], {
      env,
      onStdout: (text, child) => {
        if (!sent && text.includes('"type":"progress"')) sent = child.kill('SIGINT');
      },
    });
    slow.remove();
    expect(stopped.code).toBe(130);
    const events = jsonLines(stopped.stdout);
    expect(events.map((event) => event.type).filter((type) => type !== 'progress' && type !== 'outcome')).toEqual(['stopping', 'apply', 'interrupted']);
    const partial = events.at(-2) as { applied: number; planned: number; aborted: boolean };
    expect(partial).toMatchObject({ planned: 12, stopped: true, aborted: false, failed: 0 });
    expect(partial.applied).toBeGreaterThan(0);
    expect(partial.applied).toBeLessThan(12);
    const resumeArgv = ['user-attributes-sdk', 'apply', planPath, '--journal', journal];
    expect(events.at(-1)).toEqual({ type: 'interrupted', message: 'stopped by Ctrl-C', signal: 'SIGINT', journal, resume: resumeArgv.join(' '), resumeArgv });
    const sentBefore = server.fake.calls.byOperation('looker').set_user_attribute_user_value ?? 0;
    // The requests in flight at Ctrl-C were let finish: every one sent was answered and journaled as applied.
    const sentFirst = server.fake.requests.slice(seen).filter((r) => r.operation === 'set_user_attribute_user_value');
    expect(sentFirst.map((r) => r.status)).toEqual(Array.from({ length: partial.applied }, () => 200));
    const lines = parseJournal(await readFile(journal, 'utf8'));
    const attempted = lines.flatMap((line) => (line.type === 'attempt' ? line.attributes.map((name) => `${line.email} ${name}`) : []));
    const ended = lines.flatMap((line) => (line.type === 'outcome' && line.outcome === 'applied' ? [`${line.email} ${line.attribute}`] : []));
    expect(attempted.sort()).toEqual(ended.sort());
    expect(ended).toHaveLength(partial.applied);
    const readsBefore = server.fake.calls.byOperation('looker').user_attribute_user_values ?? 0;

    // The event's argv, as a job runner would run it.
    const resumed = await bin(resumeArgv.slice(1), { env });
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: 12, applied: 12, failed: 0, aborted: false, resumed: partial.applied });
    // Each value reached the service once: writes answered 200, by user, all different, one per user.
    const written = server.fake.requests.filter((r) => r.operation === 'set_user_attribute_user_value' && r.status === 200 && r.path.endsWith(`/${team.id}`));
    expect(written).toHaveLength(12);
    expect(new Set(written.map((r) => r.path)).size).toBe(12);
    // The resumed run sent only what the first did not reach.
    const sentAfter = (server.fake.calls.byOperation('looker').set_user_attribute_user_value ?? 0) - sentBefore;
    expect(sentAfter).toBe(12 - partial.applied);
    // Nothing was in doubt, so the resumed run read nothing back.
    expect(server.fake.calls.byOperation('looker').user_attribute_user_values ?? 0).toBe(readsBefore);
    for (const email of emails) {
      const user = looker.snapshot().users.find((u) => u.email === email) as { id: string };
      expect(looker.resolve(user.id, team.id).value).toBe('Red');
    }
    const written2 = await readFile(journal, 'utf8');
    for (const secret of secrets) expect(written2).not.toContain(secret);
    await rm(many, { recursive: true, force: true });
  }, 30_000);

  test('no secret in the plans or journals written', async () => {
    const names = (await readdir(files)).filter((name) => name.endsWith('.json') || name.endsWith('.ndjson'));
    expect(names).toEqual(expect.arrayContaining(['plan.json', 'run.ndjson', 'stranger.json', 'stranger.journal.ndjson']));
    for (const name of names) {
      const text = await readFile(at(name), 'utf8');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

// Last, after every run of both groups.
test('no secret in any output', () => {
  expect(outputs.length).toBeGreaterThan(15);
  for (const { stdout, stderr } of outputs) for (const secret of secrets) expect(stdout + stderr).not.toContain(secret);
});
