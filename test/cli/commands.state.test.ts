// plan, apply and history with --state, in-process on a terminal: the lines that say why a plan is
// full or incremental and how the month's calls stand, the journal in the state folder, the
// history, and the resume command keeping --state.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseCommandLine, type ApplyCommand } from '../../src/cli/args.js';
import { resumeCommand } from '../../src/cli/resume-command.js';
import { useCommandWorld } from '../support/cli/in-process.js';

const context = useCommandWorld();
const { run } = context;

test('on a terminal: why the plan checks every record, the month so far, the journal in the state, the history', async () => {
  const { env, dir, fake } = { ...context.world, fake: context.world.fake };
  const state = join(dir, 'state');
  const plan = join(dir, 'plan.json');
  const planned = await run(['plan', '--input', context.csv, '--map', context.mapping, '--out', plan, '--state', state, '--monthly-budget', 'looker=10000'], { env, tty: true });
  expect(planned.code).toBe(0);
  const planCalls = fake.calls.total('looker');
  const dxPlanCalls = fake.calls.total('dx');
  expect(planned.stderr).toContain('Full drift check: the state holds no snapshot yet: every record is checked.\n');
  expect(planned.stderr).toContain(`Looker: ${planCalls} of 10,000 calls used this month; this run: ${planCalls}; its apply: at most 4\n`);
  expect(dxPlanCalls).toBe(1);
  expect(planned.stderr).toContain('DX: 1 call used this month; this run: 1; its apply: at most 1\n');

  fake.calls.reset();
  const summary = join(dir, 'summary.md');
  const applied = await run(['apply', plan, '--state', state, '--yes', '--summary-md', summary], { env, tty: true });
  expect(applied.code).toBe(0);
  const applyCalls = fake.calls.total('looker');
  expect(applied.stderr).toContain(`Looker: ${planCalls + applyCalls} of 10,000 calls used this month; this run: ${applyCalls}\n`);
  // The Markdown summary carries the ledger too.
  expect(await readFile(summary, 'utf8')).toContain(`### Monthly call ledger\n\n- Looker: ${planCalls + applyCalls} of 10,000 calls used this month; this run: ${applyCalls}\n`);
  const [journal] = await readdir(join(state, 'journals'));
  expect(journal).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{12}\.ndjson$/);

  const again = await run(['plan', '--input', context.csv, '--map', context.mapping, '--state', state], { env, tty: true });
  expect(again.stderr).toContain('Plan: incremental: the last full drift check ran less than an hour ago (a full one every 7 days).\n');
  expect(again.stdout).toContain('No changes');

  const history = await run(['history', '--state', state], { env: { NO_COLOR: '1' }, tty: true });
  expect(history.code).toBe(0);
  expect(history.stdout).toMatch(/^Runs of \/tmp\/.*\/mapping\.json \(.*state\), oldest first:\n\d{4}-\d\d-\d\d \d\d:\d\dZ {2}full {9}3 applied, 0 failed, 0 conflict, 0 skipped of 3; calls Looker \d+, DX \d+ {2}\(plan /);
  expect(history.stdout).toContain('of 10,000 calls used this month\n');
  expect(await run(['history', '--state', join(dir, 'none')], { tty: true })).toMatchObject({ code: 1, stderr: expect.stringContaining('holds no state yet') });
});

test('the mapping\'s monthlyBudget is the budget when --monthly-budget names no service: an apply over it is refused before any call', async () => {
  const { env, dir, fake } = context.world;
  const state = join(dir, 'budget-state');
  const mapping = JSON.parse(await readFile(context.mapping, 'utf8')) as Record<string, unknown>;
  const budgeted = await context.world.file('budgeted.json', JSON.stringify({ ...mapping, monthlyBudget: { looker: 5 } }));
  const plan = join(dir, 'budgeted.plan.json');
  const planned = await run(['plan', '--input', context.csv, '--map', budgeted, '--out', plan, '--state', state], { env, tty: true });
  expect(planned.stderr).toMatch(/Looker: \d+ of 5 calls used this month/);
  fake.calls.reset();
  const applied = await run(['apply', plan, '--state', state, '--yes'], { env, tty: true });
  expect(applied.code).toBe(1);
  expect(applied.stderr).toMatch(/this apply may make \d+ calls, but only 0 of the monthly budget of 5 are left/);
  expect(fake.calls.total('looker')).toBe(0);
});

test('the command that resumes an apply keeps --state, so the resumed run is booked and uses the same journal', () => {
  const parsed = parseCommandLine(['apply', 'plan.json', '--state', '.user-attributes-sdk', '--monthly-budget', 'looker=1000']);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const resume = resumeCommand(parsed.data as ApplyCommand, '.user-attributes-sdk/journals/p.ndjson');
  expect(resume.argv).toEqual(['user-attributes-sdk', 'apply', 'plan.json', '--journal', '.user-attributes-sdk/journals/p.ndjson', '--state', '.user-attributes-sdk']);
});
