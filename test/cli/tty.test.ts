// The real bin in a pseudo-terminal: text instead of JSON lines, colours unless NO_COLOR, the plan and the bar.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, runBin, runBinInTerminal, scratch } from './support.js';

let dir: string;
beforeAll(async () => {
  await installedBin();
  dir = await scratch({ 'hr.csv': 'email,Department\njo@acme.test,Sales\n', 'mapping.json': '{"fields": {"Department": {"looker": "department"}}}' });
}, 180_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const planArgs = () => ['plan', '--input', join(dir, 'hr.csv'), '--map', join(dir, 'mapping.json')];
const noCredentials = 'no credentials: set LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET, or DX_API_TOKEN, or both';

test('--help on a terminal', async () => {
  const result = await runBinInTerminal(['--help']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^Usage: user-attributes-sdk <command> \[options\]\r\n/);
});

test('on a terminal an error is a red line of text; in a pipe, a JSON line', async () => {
  const terminal = await runBinInTerminal(planArgs());
  expect(terminal.code).toBe(1);
  expect(terminal.stdout).toBe(`\u001b[31merror:\u001b[39m ${noCredentials}\r\n`);
  const piped = await runBin(planArgs());
  expect(piped.stdout).toBe(`${JSON.stringify({ type: 'error', kind: 'invalid_environment', message: noCredentials })}\n`);
});

test('NO_COLOR and --no-color turn the colours off', async () => {
  expect((await runBinInTerminal(planArgs(), { env: { NO_COLOR: '1' } })).stdout).toBe(`error: ${noCredentials}\r\n`);
  expect((await runBinInTerminal([...planArgs(), '--no-color'])).stdout).toBe(`error: ${noCredentials}\r\n`);
});

// needs src/sync: the readable plan and the progress bar come from a real plan and apply.
describe.skip('with the sync library', () => {
  let server: FakeServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startFakeServer();
    const { looker } = server.fake;
    looker.addUserAttribute({ name: 'department' });
    for (let i = 0; i < 30; i += 1) looker.addUser({ email: `user${i}@acme.test` });
    looker.addUser({ email: 'jo@acme.test' });
    const credentials = looker.createApiCredentials();
    env = { LOOKER_BASE_URL: server.url, LOOKER_CLIENT_ID: credentials.clientId, LOOKER_CLIENT_SECRET: credentials.clientSecret };
  });
  afterAll(() => server?.close());

  test('the readable plan, grouped by user, then the progress bar during apply', async () => {
    const files = await scratch({
      'hr.csv': `email,Department\njo@acme.test,Sales\n${Array.from({ length: 30 }, (_, i) => `user${i}@acme.test,Ops`).join('\n')}\n`,
      'mapping.json': '{"fields": {"Department": {"looker": "department"}}}',
    });
    const planPath = join(files, 'plan.json');
    const plan = await runBinInTerminal(['plan', '--input', join(files, 'hr.csv'), '--map', join(files, 'mapping.json'), '--out', planPath, '--no-color'], { env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('jo@acme.test\r\n  + Looker department: "Sales"\r\n');
    expect(plan.stdout).toContain('DX skipped: DX_API_TOKEN is not set');
    expect(plan.stdout).toMatch(/Plan: 31 to set, 0 to remove/);
    const apply = await runBinInTerminal(['apply', planPath, '--yes', '--no-color'], { env });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/\r[█░]+ \d+\/31 {2}[\d.]+\/s {2}\d+ calls {2}ETA [\d:-]+\u001b\[K/);
    expect(apply.stdout).toContain('Apply complete: 31 of 31 applied');
    await rm(files, { recursive: true, force: true });
  });
});
