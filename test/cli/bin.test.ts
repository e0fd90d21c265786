// The real bin from the packed tarball, in a throw-away project, against the fake server over HTTP.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, runBin, scratch, type BinRun } from './support.js';

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
  const credentials = looker.createApiCredentials();
  const token = dx.createToken();
  secrets.push(credentials.clientSecret, token);
  env = {
    LOOKER_BASE_URL: server.url,
    LOOKER_CLIENT_ID: credentials.clientId,
    LOOKER_CLIENT_SECRET: credentials.clientSecret,
    DX_BASE_URL: server.url,
    DX_API_TOKEN: token,
  };
  dir = await scratch({
    'mapping.json': JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' } } }, null, 2),
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
    [['apply', 'plan.json', '--max-removals', 'lots'], 'error: --max-removals needs a whole number of at least 0, not "lots" (see: user-attributes-sdk apply --help)'],
    [['apply', 'plan.json', '--max-calls', '0'], 'error: --max-calls needs a whole number of at least 1, not "0" (see: user-attributes-sdk apply --help)'],
    [['deploy'], 'error: unknown command "deploy": the commands are plan and apply (see: user-attributes-sdk --help)'],
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

  test('an NDJSON line on standard input that is not JSON', async () => {
    const result = await bin(['plan', '--input', '-', '--map', join(dir, 'mapping.json')], { env, stdin: '{"Work Email":"jo@acme.test"}\n{"Work Email": jo}\n' });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([{ type: 'error', kind: 'invalid_input', message: 'standard input line 2 column 16: unexpected text' }]);
  });

  test('no secret in any output', () => {
    expect(outputs.length).toBeGreaterThan(5);
    for (const { stdout, stderr } of outputs) for (const secret of secrets) expect(stdout + stderr).not.toContain(secret);
  });
});

// needs src/sync: these run the sync end to end against the fake; enable them when the library is built in.
describe.skip('with the sync library', () => {
  const csv = '\uFEFFWork Email,Department,Shoe Size\r\n"jo@acme.test","Sales, EMEA",44\r\n';
  let files: string;
  beforeAll(async () => {
    files = await scratch({
      'hr.csv': csv,
      'empty-cell.csv': '\uFEFFWork Email,Department,Shoe Size\r\njo@acme.test,,44\r\n',
      'mapping.json': JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' } } }),
      'wrong-key.json': JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'department', whenEmpty: 'drop' } } }),
    });
  });
  afterAll(() => rm(files, { recursive: true, force: true }));
  const plan = (input: string, extra: string[] = []) =>
    bin(['plan', '--input', join(files, input), '--map', join(files, 'mapping.json'), '--out', join(files, 'plan.json'), ...extra], { env });

  test('plan exits 2 with changes (BOM, quotes, CRLF, unknown columns), apply 0, plan again 0', async () => {
    const first = await plan('hr.csv');
    expect(first.code).toBe(2);
    const events = jsonLines(first.stdout);
    expect(events).toContainEqual(expect.objectContaining({ type: 'change', email: 'jo@acme.test', service: 'looker', attribute: 'department', action: 'set', after: 'Sales, EMEA' }));
    expect(events.at(-1)).toMatchObject({ type: 'plan', summary: { set: 2 }, saved: join(files, 'plan.json') });
    const applied = await bin(['apply', join(files, 'plan.json'), '--journal', join(files, 'run.ndjson')], { env });
    expect(applied.code).toBe(0);
    expect(jsonLines(applied.stdout).at(-1)).toMatchObject({ type: 'apply', planned: 2, applied: 2, failed: 0 });
    expect((await plan('hr.csv')).code).toBe(0);
    // An empty cell removes the value (whenEmpty "remove", the default).
    const removal = await plan('empty-cell.csv');
    expect(removal.code).toBe(2);
    expect(jsonLines(removal.stdout)).toContainEqual(expect.objectContaining({ type: 'change', attribute: 'department', action: 'remove' }));
  });

  test('a mapping parseMapping refuses names the key', async () => {
    const result = await bin(['plan', '--input', join(files, 'hr.csv'), '--map', join(files, 'wrong-key.json')], { env });
    expect(result.code).toBe(1);
    expect(JSON.stringify(jsonLines(result.stdout))).toContain('fields.Department.whenEmpty');
  });

  test('a wrong secret: exit 1, and the secret in no output', async () => {
    const wrong = 'not-the-secret-0123456789';
    const result = await bin(['plan', '--input', join(files, 'hr.csv'), '--map', join(files, 'mapping.json')], { env: { ...env, LOOKER_CLIENT_SECRET: wrong } });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout).at(-1)).toMatchObject({ type: 'error' });
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });

  test('Ctrl-C mid-apply exits 130 and says how to resume; running it again finishes the rest', async () => {
    const { looker } = server.fake;
    const attribute = looker.addUserAttribute({ name: 'team' });
    const emails = Array.from({ length: 40 }, (_, i) => `user${i}@acme.test`);
    for (const email of emails) looker.addUser({ email });
    const many = await scratch({
      'hr.csv': `email,Team\n${emails.map((email) => `${email},Red`).join('\n')}\n`,
      'mapping.json': JSON.stringify({ fields: { Team: { looker: attribute.name } } }),
    });
    const planPath = join(many, 'plan.json');
    const journal = join(many, 'run.ndjson');
    expect((await bin(['plan', '--input', join(many, 'hr.csv'), '--map', join(many, 'mapping.json'), '--out', planPath], { env: { ...env, DX_API_TOKEN: '', DX_BASE_URL: '' } })).code).toBe(2);
    let sent = false;
    const stopped = await bin(['apply', planPath, '--journal', journal], {
      env,
      onStdout: (text, child) => {
        if (!sent && text.includes('"type":"progress"')) sent = child.kill('SIGINT');
      },
    });
    expect(stopped.code).toBe(130);
    expect(jsonLines(stopped.stdout).at(-1)).toMatchObject({ type: 'interrupted', journal, resume: `To resume: user-attributes-sdk apply ${planPath} --journal ${journal}` });
    const resumed = await bin(['apply', planPath, '--journal', journal], { env });
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', failed: 0, resumed: expect.any(Number) });
    await rm(many, { recursive: true, force: true });
  });
});
