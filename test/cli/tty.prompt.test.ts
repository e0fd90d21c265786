// The question before apply writes, in a pseudo-terminal: asked whenever standard input is a
// terminal, whatever standard output is (a pipe, a file, --json), and never into the JSON lines.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, runBin, runBinInTerminal, scratch } from '../support/cli/bin.js';

let server: FakeServer;
let env: Record<string, string>;
const folders: string[] = [];
const QUESTION = /Apply \S+plan\.json\? Only "yes" goes ahead: /;

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  const credentials = server.fake.looker.createApiCredentials();
  env = { LOOKER_BASE_URL: server.url, LOOKER_CLIENT_ID: credentials.clientId, LOOKER_CLIENT_SECRET: credentials.clientSecret, NO_COLOR: '1' };
}, 180_000);

afterAll(async () => {
  await server?.close();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** A new attribute and user, and a saved plan setting it; `value()` reads what Looker holds. */
async function onePlan(name: string) {
  const { looker } = server.fake;
  const attribute = looker.addUserAttribute({ name, userCanEdit: false });
  const user = looker.addUser({ email: `${name}@acme.test` });
  const dir = await scratch({ 'hr.csv': `email,Value\n${name}@acme.test,Red\n`, 'mapping.json': JSON.stringify({ fields: { Value: { looker: name } } }) });
  folders.push(dir);
  const plan = join(dir, 'plan.json');
  expect((await runBin(['plan', '--input', join(dir, 'hr.csv'), '--map', join(dir, 'mapping.json'), '--out', plan], { env })).code).toBe(0);
  return { dir, plan, value: () => looker.resolve(user.id, attribute.id).value };
}

test('apply --json, standard output a file: the question goes to the terminal, the file holds JSON lines only', async () => {
  const { dir, plan, value } = await onePlan('tofile');
  const out = join(dir, 'out.ndjson');
  const result = await runBinInTerminal(['apply', plan, '--json'], { env, stdin: 'no\n', redirect: `> '${out}'` });
  expect(result.code).toBe(1);
  // The write, the read of the user's id and the login.
  expect(result.stdout).toContain('Plan: 1 to set, 0 to remove, 0 unchanged; calls to make: Looker 3, DX 0.\r\n');
  expect(result.stdout).toMatch(QUESTION);
  expect(jsonLines(await readFile(out, 'utf8'))).toEqual([
    { type: 'skipped', service: 'dx', message: 'DX skipped: DX_API_TOKEN is not set' },
    { type: 'error', kind: 'cancelled', message: 'apply cancelled' },
  ]);
  expect(value()).toBeNull();
}, 30_000);

test('apply | cat: asked on the terminal; "yes" applies, and the pipe carries the JSON lines', async () => {
  const { plan, value } = await onePlan('piped');
  const result = await runBinInTerminal(['apply', plan], { env, stdin: 'yes\n', redirect: '| cat' });
  expect(result.stdout).toMatch(QUESTION);
  const json = result.stdout.split('\r\n').filter((line) => line.startsWith('{'));
  expect(jsonLines(json.join('\n')).at(-1)).toMatchObject({ type: 'apply', planned: 1, applied: 1 });
  expect(value()).toBe('Red');
}, 30_000);

test('Ctrl-D at the question cancels: exit 1, nothing sent', async () => {
  const { plan, value } = await onePlan('eof');
  const result = await runBinInTerminal(['apply', plan], { env, stdin: '\u0004' });
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(QUESTION);
  expect(result.stdout).toContain('error: apply cancelled');
  expect(value()).toBeNull();
}, 30_000);

test('--yes, and --dry-run, do not ask', async () => {
  const { plan, value } = await onePlan('yes');
  const dry = await runBinInTerminal(['apply', plan, '--dry-run', '--json'], { env });
  expect(dry.code).toBe(0);
  expect(dry.stdout).not.toMatch(QUESTION);
  const result = await runBinInTerminal(['apply', plan, '--yes', '--json'], { env });
  expect(result.code).toBe(0);
  expect(result.stdout).not.toMatch(QUESTION);
  expect(value()).toBe('Red');
}, 30_000);
