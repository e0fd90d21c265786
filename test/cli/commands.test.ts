// plan and apply run in-process over a stand-in library: what is checked first, output, files, exit codes, Ctrl-C.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SyncProgress } from '../../src/cli/sync-api.js';
import { completeReport, incompleteReport, planWithChanges, planWithoutChanges } from './fixtures.js';
import { runInProcess, standIn, type Run } from './in-process.js';

const secrets = ['looker-secret-value', 'dx-token-value'];
const env = {
  NO_COLOR: '1',
  LOOKER_BASE_URL: 'https://acme.looker.test',
  LOOKER_CLIENT_ID: 'id-123',
  LOOKER_CLIENT_SECRET: secrets[0] as string,
  DX_API_TOKEN: secrets[1] as string,
};
const lookerOnly = { ...env, DX_API_TOKEN: '' };
const runs: Run[] = [];
const run = async (...args: Parameters<typeof runInProcess>) => {
  const result = await runInProcess(...args);
  runs.push(result);
  return result;
};
const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

let dir: string;
let csv: string;
let mapping: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uas-cli-'));
  csv = join(dir, 'hr.csv');
  mapping = join(dir, 'mapping.json');
  await writeFile(csv, '\uFEFFemail,Department\r\njo@acme.test,Marketing\r\n');
  await writeFile(mapping, JSON.stringify({ fields: { Department: { looker: 'department' } } }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  // Whatever a run printed, no secret was in it.
  for (const { stdout, stderr } of runs) for (const secret of secrets) expect(stdout + stderr).not.toContain(secret);
});

describe('without the library', () => {
  test('--help, --version, and a usage error pointing to --help', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: user-attributes-sdk <command>/) });
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(await run(['apply', 'p.json', '--max-removals', 'x'])).toEqual({
      code: 1, stdout: '', exits: [], stderr: 'error: --max-removals needs a whole number of at least 0, not "x" (see: user-attributes-sdk apply --help)\n',
    });
  });
  test('credentials are checked first', async () => {
    expect(await run(['plan', '--input', csv, '--map', mapping], { env: { LOOKER_CLIENT_ID: 'id', NO_COLOR: '1' }, tty: true })).toMatchObject({
      code: 1, stderr: 'error: LOOKER_BASE_URL and LOOKER_CLIENT_SECRET are not set (Looker needs all of LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET)\n',
    });
  });
  test('a broken mapping file or input is reported before the library is needed', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{\n  "fields": {\n    "Department": { "looker": "department" }\n  \n');
    expect(await run(['plan', '--input', csv, '--map', broken], { env, tty: true })).toMatchObject({
      code: 1, stderr: `error: ${broken} line 5 column 1: unexpected end of the file\n`,
    });
    const { code, stdout } = await run(['plan', '--input', '-', '--map', mapping], { env, stdin: 'email,Department\njo@acme.test,"Sales\n' });
    expect(code).toBe(1);
    expect(lines(stdout)).toEqual([{ type: 'error', kind: 'invalid_input', message: 'standard input record 1: a quote opened in the column "Department" is not closed' }]);
  });
  test('then a build without the library says so', async () => {
    expect(await run(['plan', '--input', csv, '--map', mapping], { env: lookerOnly, tty: true })).toMatchObject({
      code: 1, stderr: 'DX skipped: DX_API_TOKEN is not set\nerror: this build of user-attributes-sdk has no sync library (dist/esm/sync)\n',
    });
  });
});

describe('plan', () => {
  test('a mapping parseMapping refuses: each issue names its key', async () => {
    const { library } = standIn({});
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, '{"feilds": {}}');
    expect(await run(['plan', '--input', csv, '--map', wrong], { env, tty: true, library })).toMatchObject({
      code: 1, stderr: `error: the mapping is not valid\n  ${wrong}: fields: is required\n`,
    });
  });

  test('changes: the readable plan, the plan saved with --out, exit 2', async () => {
    const { library, calls } = standIn({ plan: async () => ({ ok: true, data: planWithChanges }) });
    const out = join(dir, 'plan.json');
    const result = await run(['plan', '--input', csv, '--map', mapping, '--out', out, '--full-drift-check'], { env: { ...lookerOnly, NO_COLOR: '' }, tty: true, library });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('DX skipped: DX_API_TOKEN is not set\n');
    expect(result.stdout).toMatch(/^\u001b\[1mjo@acme\.test\u001b\[22m\n {2}\u001b\[33m~\u001b\[39m Looker department: "Sales" → /);
    expect(result.stdout).toContain(`Saved the plan to ${out}. To apply it: user-attributes-sdk apply ${out}\n`);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(planWithChanges);
    expect(calls.plans).toEqual([{ records: [{ email: 'jo@acme.test', Department: 'Marketing' }], options: { fullDriftCheck: true, signal: expect.any(AbortSignal) } }]);
    expect(Object.keys(calls.created[0] ?? {})).toEqual(['looker', 'mapping']);
  });

  test('--previous is read and passed; NO_COLOR and an unsaved plan', async () => {
    const { library, calls } = standIn({ plan: async () => ({ ok: true, data: planWithChanges }) });
    const previous = join(dir, 'last.ndjson');
    await writeFile(previous, '{"email":"jo@acme.test","Department":"Sales"}\n');
    const result = await run(['plan', '--input', csv, '--map', mapping, '--previous', previous], { env, tty: true, library });
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).toContain('The plan was not saved: run again with --out plan.json to apply it.');
    expect(calls.plans[0]?.options?.previous).toEqual([{ email: 'jo@acme.test', Department: 'Sales' }]);
  });

  test('nothing to change: JSON lines when not on a terminal, exit 0', async () => {
    const { library } = standIn({ plan: async () => ({ ok: true, data: planWithoutChanges }) });
    const result = await run(['plan', '--input', csv, '--map', mapping], { env: lookerOnly, library });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lines(result.stdout)).toEqual([
      { type: 'skipped', service: 'dx', message: 'DX skipped: DX_API_TOKEN is not set' },
      { type: 'plan', createdAt: planWithoutChanges.createdAt, summary: planWithoutChanges.summary, forecast: { looker: 0, dx: 0 }, saved: null },
    ]);
  });

  test('an error of the library: exit 1; Ctrl-C while planning: exit 130', async () => {
    const failing = standIn({ plan: async () => ({ ok: false, error: { kind: 'unauthorized', message: 'Looker refused the client id or secret' } }) });
    const failed = await run(['plan', '--input', csv, '--map', mapping, '--json'], { env, tty: true, library: failing.library });
    expect(failed.code).toBe(1);
    expect(lines(failed.stdout)).toEqual([{ type: 'error', kind: 'unauthorized', message: 'Looker refused the client id or secret' }]);

    const signals = new EventEmitter();
    const waiting = standIn({
      plan: (options) => new Promise((resolve) => {
        options?.signal?.addEventListener('abort', () => resolve({ ok: false, error: { kind: 'aborted', message: 'aborted' } }));
        signals.emit('SIGINT');
      }),
    });
    const stopped = await run(['plan', '--input', csv, '--map', mapping], { env, tty: true, library: waiting.library, signals });
    expect(stopped).toMatchObject({ code: 130, stderr: 'Stopped by Ctrl-C: no plan was made.\n' });
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('apply', () => {
  let planPath: string;
  beforeAll(async () => {
    planPath = join(dir, 'saved plan.json');
    await writeFile(planPath, JSON.stringify(planWithChanges));
  });

  test('a file that is not a plan', async () => {
    const notPlan = join(dir, 'hr.json');
    await writeFile(notPlan, '[]');
    expect(await run(['apply', notPlan], { env, tty: true })).toMatchObject({ code: 1, stderr: `error: ${notPlan} is not a plan: make one with user-attributes-sdk plan --out ${notPlan}\n` });
    await writeFile(notPlan, '{"version": 2, "users": []}');
    expect(await run(['apply', notPlan], { env, tty: true })).toMatchObject({ code: 1, stderr: `error: ${notPlan} is a plan of version 2; this version reads version 1\n` });
  });

  test('every change applied: exit 0; the options given; progress at most once a second in JSON', async () => {
    const progress = (done: number): SyncProgress => ({ service: 'looker', done, failed: 0, remaining: 3 - done, ratePerSecond: 20, callsUsed: done });
    const { library, calls } = standIn({
      apply: async (options) => {
        for (const done of [1, 2, 3]) options?.onProgress?.(progress(done));
        return { ok: true, data: completeReport };
      },
    });
    const result = await run(['apply', planPath, '--max-removals', '2', '--max-calls', 'dx=5'], { env, library });
    expect(result.code).toBe(0);
    expect(calls.applies[0]?.options).toEqual({
      journal: join(dir, 'saved plan.journal.ndjson'), dryRun: false, signal: expect.any(AbortSignal), onProgress: expect.any(Function), maxRemovals: 2, maxCalls: { dx: 5 },
    });
    expect(calls.created[0]?.mapping).toEqual({ fields: { 'looker:department': { looker: 'department' }, 'looker:region': { looker: 'region' }, 'looker:level': { looker: 'level' }, 'looker:salary_band': { looker: 'salary_band' }, 'dx:Department': { dx: 'Department' } } });
    expect(lines(result.stdout).map((event) => [event.type, event.done])).toEqual([
      ['progress', 1], ['progress', 3], ['outcome', undefined], ['outcome', undefined], ['outcome', undefined], ['apply', undefined],
    ]);
  });

  test('a change not applied: exit 1 with the report; --dry-run: exit 0 without writing', async () => {
    const { library } = standIn({ apply: async () => ({ ok: true, data: incompleteReport }) });
    const result = await run(['apply', planPath, '--yes'], { env, tty: true, library });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Apply incomplete: 1 of 3 applied');
    const dry = standIn({ apply: async () => ({ ok: true, data: { ...completeReport, applied: 0 } }) });
    expect((await run(['apply', planPath, '--dry-run', '--json'], { env, library: dry.library })).code).toBe(0);
    expect(dry.calls.applies[0]?.options?.dryRun).toBe(true);
    const refused = standIn({ apply: async () => ({ ok: false, error: { kind: 'too_many_removals', message: 'the plan removes 12 values, more than 10' } }) });
    expect(await run(['apply', planPath, '--yes'], { env, tty: true, library: refused.library })).toMatchObject({ code: 1, stderr: 'error: the plan removes 12 values, more than 10\n' });
  });

  test('on a terminal: asks first; anything but "yes" cancels', async () => {
    const { library, calls } = standIn({ apply: async () => ({ ok: true, data: completeReport }) });
    const cancelled = await run(['apply', planPath], { env, tty: true, answer: 'y', library });
    expect(cancelled).toMatchObject({ code: 1, stderr: expect.stringContaining('error: apply cancelled') });
    expect(cancelled.stdout).toContain(`Apply ${planPath}? Only "yes" goes ahead: `);
    expect(calls.applies).toHaveLength(0);
    expect((await run(['apply', planPath], { env, tty: true, answer: 'yes\n', library })).code).toBe(0);
  });

  test('the progress bar on a terminal', async () => {
    const { library } = standIn({
      apply: async (options) => {
        options?.onProgress?.({ service: 'dx', done: 1, failed: 0, remaining: 0, ratePerSecond: 5, callsUsed: 1 });
        return { ok: true, data: completeReport };
      },
    });
    const { stdout } = await run(['apply', planPath, '--yes', '--no-color'], { env, tty: true, library });
    expect(stdout).toContain('\r████████████████████████ 1/1  5.0/s  1 calls  ETA 0:00\u001b[K');
  });

  test('Ctrl-C: stops after requests in flight, says how to resume, exit 130; a second quits at once', async () => {
    const signals = new EventEmitter();
    const { library } = standIn({
      apply: (options) => new Promise((resolve) => {
        options?.signal?.addEventListener('abort', () => {
          signals.emit('SIGINT');
          resolve({ ok: true, data: { ...completeReport, applied: 1, aborted: true } });
        });
        signals.emit('SIGINT');
      }),
    });
    const result = await run(['apply', planPath, '--yes'], { env, tty: true, library, signals });
    const journal = join(dir, 'saved plan.journal.ndjson');
    const resume = `To resume: user-attributes-sdk apply '${planPath}' --journal '${journal}'`;
    expect(result.code).toBe(130);
    expect(result.exits).toEqual([130]);
    expect(result.stderr).toBe([
      '',
      'Stopping after the requests in flight (Ctrl-C again to quit at once)…',
      '',
      `Quit at once: the journal may lack the last requests. ${resume}`,
      `Stopped by Ctrl-C; progress is in ${journal}. ${resume}`,
      '',
    ].join('\n'));
    expect(result.stdout).toContain('Stopped: 1 of 3 applied');
  });

  test('Ctrl-C when the library answers "aborted": exit 130 in JSON too', async () => {
    const signals = new EventEmitter();
    const { library } = standIn({
      apply: (options) => new Promise((resolve) => {
        options?.signal?.addEventListener('abort', () => resolve({ ok: false, error: { kind: 'aborted', message: 'aborted' } }));
        signals.emit('SIGINT');
      }),
    });
    const result = await run(['apply', planPath, '--journal', 'run.ndjson'], { env, library, signals });
    expect(result.code).toBe(130);
    expect(lines(result.stdout).map((event) => event.type)).toEqual(['stopping', 'interrupted']);
    expect(lines(result.stdout)[1]).toMatchObject({ journal: 'run.ndjson', resume: `To resume: user-attributes-sdk apply '${planPath}' --journal run.ndjson` });
  });
});
