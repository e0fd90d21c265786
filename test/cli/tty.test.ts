// The real bin in a pseudo-terminal: text instead of JSON lines, colours unless NO_COLOR, the plan and the bar.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, runBin, runBinInTerminal, scratch } from '../support/cli/bin.js';

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

/** The screen as a person sees it: colours and line clears removed, each redraw (\r) a frame of its line. */
function screen(text: string): { lines: string[]; frames: string[] } {
  const clean = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');
  const frames = clean.split('\n').flatMap((line) => line.split('\r')).filter((frame) => frame !== '');
  return { lines: clean.split('\n').map((line) => line.split('\r').at(-1) as string), frames };
}

describe('with the sync library', () => {
  let server: FakeServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startFakeServer();
    const { looker } = server.fake;
    const department = looker.addUserAttribute({ name: 'department', userCanEdit: false });
    const region = looker.addUserAttribute({ name: 'region', defaultValue: 'World', userCanEdit: false });
    looker.addUserAttribute({ name: 'level', userCanEdit: true });
    const jo = looker.addUser({ email: 'jo@acme.test' });
    looker.setUserValue(jo.id, department.id, 'Sales');
    looker.setUserValue(jo.id, region.id, 'EMEA');
    for (let i = 0; i < 12; i += 1) looker.addUser({ email: `user${i}@acme.test` });
    const credentials = looker.createApiCredentials();
    env = { LOOKER_BASE_URL: server.url, LOOKER_CLIENT_ID: credentials.clientId, LOOKER_CLIENT_SECRET: credentials.clientSecret };
  });
  afterAll(() => server?.close());

  test('the readable plan, grouped by user, then the live progress bar during apply', async () => {
    const files = await scratch({
      'hr.csv': `email,Department,Region,Level\njo@acme.test,Marketing,,\n${Array.from({ length: 12 }, (_, i) => `user${i}@acme.test,Ops,EMEA,`).join('\n')}\n`,
      'mapping.json': '{"fields": {"Department": {"looker": "department"}, "Region": {"looker": "region"}, "Level": {"looker": "level", "whenEmpty": "keep"}}}',
    });
    const planPath = join(files, 'plan.json');
    const plan = await runBinInTerminal(['plan', '--input', join(files, 'hr.csv'), '--map', join(files, 'mapping.json'), '--out', planPath], { env });
    expect(plan.code).toBe(0);
    // Coloured on a terminal; read as text once the colours are taken out.
    expect(plan.stdout).toContain('\u001b[');
    const shown = screen(plan.stdout).lines;
    expect(shown.slice(0, 4)).toEqual([
      'DX skipped: DX_API_TOKEN is not set',
      'jo@acme.test',
      '  ~ Looker department: "Sales" → "Marketing"',
      '  - Looker region: "EMEA" removed, falls back to "World" from Default',
    ]);
    expect(shown.slice(4, 8)).toEqual(['', 'user0@acme.test', '  + Looker department: "Ops"', '  + Looker region: "EMEA"']);
    expect(shown).toContain('Warnings:');
    expect(shown).toContain('  ! Looker level: users can edit level themselves, so Looker cannot use it as an access filter');
    expect(shown).toContain('  ! jo@acme.test Looker region: removing jo@acme.test\'s own region leaves them on the attribute\'s default "World", which may widen access');
    // 26 writes, one read of the 13 users' ids and the login.
    expect(shown).toContain('Plan: 25 to set, 1 to remove, 13 unchanged; calls to make: Looker 28, DX 0.');
    expect(shown).toContain(`Saved the plan to ${planPath}. To apply it: user-attributes-sdk apply ${planPath}`);

    const apply = await runBinInTerminal(['apply', planPath, '--yes'], { env });
    expect(apply.code).toBe(0);
    const { frames, lines } = screen(apply.stdout);
    const bars = frames.filter((frame) => frame.startsWith('█') || frame.startsWith('░'));
    for (const bar of bars) expect(bar).toMatch(/^[█░]{24} \d+\/26 {2}[\d.]+\/s {2}\d+ calls {2}ETA (?:\d+:\d\d|--:--)$/);
    // Redrawn in place as changes end, ending full.
    expect(bars.length).toBeGreaterThan(1);
    expect(bars.some((bar) => !bar.startsWith('█'.repeat(24)))).toBe(true);
    // The login, the read of the ids and the 26 writes.
    expect(bars.at(-1)).toMatch(/^█{24} 26\/26 {2}[\d.]+\/s {2}28 calls {2}ETA 0:00$/);
    expect(lines).toContain('Apply complete: 26 of 26 applied; calls made: Looker 28, DX 0.');
    await rm(files, { recursive: true, force: true });
  }, 30_000);

  test('a plan on a terminal shows its reads on a bar: "?" until the listings are read, then done/total, erased before the plan', async () => {
    const files = await scratch({
      'hr.csv': `email,Region\n${Array.from({ length: 12 }, (_, i) => `user${i}@acme.test,APAC`).join('\n')}\n`,
      'mapping.json': '{"fields": {"Region": {"looker": "region"}}}',
    });
    // Each read waits, so that the bar is redrawn while the plan reads.
    const slow = server.fake.faults.add({ service: 'looker', latencyMs: 60 });
    const plan = await runBinInTerminal(['plan', '--input', join(files, 'hr.csv'), '--map', join(files, 'mapping.json')], { env });
    slow.remove();
    expect(plan.code).toBe(0);
    const { frames, lines } = screen(plan.stdout);
    const bars = frames.filter((frame) => frame.startsWith('█') || frame.startsWith('░'));
    for (const bar of bars) expect(bar).toMatch(/^[█░]{24} \d+\/(?:\d+|\?) reads {2}[\d.]+\/s {2}\d+ calls {2}ETA (?:\d+:\d\d|--:--)$/);
    // The attribute listing and the one page of users: how many pages there are is not known.
    expect(bars[0]).toMatch(/^░{24} 1\/\? reads .* ETA --:--$/);
    // Then one read per record at most: 2 done, 12 left.
    expect(bars.some((bar) => /^[█░]{24} \d+\/14 reads/.test(bar))).toBe(true);
    // Erased in place: the plan's first line starts on a clean line.
    expect(plan.stdout).toMatch(/\r\u001b\[K(?:\u001b\[[\d;]*m)*user0@acme\.test/);
    // 12 writes, one read of the 12 users' ids and the login.
    expect(lines).toContain('Plan: 12 to set, 0 to remove, 0 unchanged; calls to make: Looker 14, DX 0.');
    await rm(files, { recursive: true, force: true });
  }, 30_000);
});
