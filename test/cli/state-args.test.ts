// The state's arguments: --state, --monthly-budget, --full-check-age and the history command.
import { expect, test } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';

const plan = ['plan', '--input', 'hr.csv', '--map', 'm.json'];

test('--state with a budget and an age, on plan and apply', () => {
  expect(parseCommandLine([...plan, '--state', '.user-attributes-sdk', '--monthly-budget', 'looker=10000,dx=500', '--full-check-age', '36h'])).toMatchObject({
    ok: true, data: { state: { dir: '.user-attributes-sdk', monthlyBudget: { looker: 10_000, dx: 500 }, fullCheckAgeMs: 36 * 3600 * 1000 } },
  });
  expect(parseCommandLine([...plan, '--state', 's', '--full-check-age', '7'])).toMatchObject({ ok: true, data: { state: { fullCheckAgeMs: 7 * 24 * 3600 * 1000 } } });
  expect(parseCommandLine(['apply', 'plan.json', '--state', 's', '--monthly-budget', 'looker=1000'])).toMatchObject({ ok: true, data: { state: { dir: 's', monthlyBudget: { looker: 1000 } } } });
  expect(parseCommandLine(plan)).toMatchObject({ ok: true, data: { command: 'plan' } });
  expect(parseCommandLine(plan).ok && 'state' in (parseCommandLine(plan) as { data: object }).data).toBe(false);
});

test.each([
  [[...plan, '--monthly-budget', 'looker=10'], '--monthly-budget needs --state DIR: the state keeps the month\'s calls and the last full check'],
  [[...plan, '--state', 's', '--monthly-budget', 'looker=1,looker=2'], '--monthly-budget names looker twice'],
  [[...plan, '--state', 's', '--monthly-budget', '10000'], '--monthly-budget takes looker=N,dx=N (either or both), not "10000"'],
  [[...plan, '--state', 's', '--full-check-age', 'week'], '--full-check-age needs an age such as 7d, 36h or 90m, not "week"'],
  [[...plan, '--state', 's', '--previous', 'snap.json'], '--previous and --state both give the snapshot: give one (the state keeps it by itself)'],
  [['apply', 'p.json', '--state', 's', '--snapshot', 'snap.json'], '--snapshot and --state both keep the snapshot: give one (the state keeps it by itself)'],
  [['history'], 'history needs --state DIR: the folder plan and apply kept their state in'],
  [['history', '--state', 's', '--chart', 'runs.png'], '--chart writes an SVG file: name it FILE.svg, not "runs.png"'],
])('%j is a usage error', (argv, message) => {
  expect(parseCommandLine(argv)).toEqual({ ok: false, error: { kind: 'usage', message } });
});

test('history', () => {
  expect(parseCommandLine(['history', '--state', 's', '--chart', 'runs.svg', '--json'])).toEqual({
    ok: true, data: { command: 'history', state: 's', chart: 'runs.svg', json: true, noColor: false },
  });
  expect(parseCommandLine(['history', '--help'])).toEqual({ ok: true, data: { command: 'help', topic: 'history' } });
});
