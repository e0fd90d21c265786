// The command line's arguments: each command, each flag, and the usage errors.
import { describe, expect, test } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';

const ok = (argv: string[]) => {
  const result = parseCommandLine(argv);
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};
const usage = (argv: string[]) => {
  const result = parseCommandLine(argv);
  if (result.ok) throw new Error(`accepted ${argv.join(' ')}`);
  expect(result.error.kind).toBe('usage');
  expect(result.error.message).not.toContain('\n');
  return result.error.message;
};

describe('help and version', () => {
  test.each([[[]], [['--help']], [['-h']], [['help']]])('%j is the help', (argv) => {
    expect(ok(argv)).toEqual({ command: 'help', topic: undefined });
  });
  test('--help after a command is that command\'s help', () => {
    expect(ok(['plan', '--help'])).toEqual({ command: 'help', topic: 'plan' });
    expect(ok(['apply', '-h'])).toEqual({ command: 'help', topic: 'apply' });
  });
  test('--version', () => expect(ok(['--version'])).toEqual({ command: 'version' }));
});

describe('plan', () => {
  test('every flag', () => {
    expect(ok(['plan', '--input', 'hr.csv', '--map=mapping.json', '--out', 'plan.json', '--previous', 'last.csv', '--json', '--full-drift-check', '--detailed-exitcode', '--no-color']))
      .toEqual({ command: 'plan', input: 'hr.csv', map: 'mapping.json', out: 'plan.json', previous: 'last.csv', fullDriftCheck: true, detailedExitcode: true, json: true, noColor: true });
  });
  test('the defaults; - is standard input', () => {
    expect(ok(['plan', '--input', '-', '--map', 'm.json']))
      .toEqual({ command: 'plan', input: '-', map: 'm.json', out: undefined, previous: undefined, fullDriftCheck: false, detailedExitcode: false, json: false, noColor: false });
  });
  test.each([
    [['plan', '--input', 'a.csv'], 'plan needs --map FILE: the JSON mapping file'],
    [['plan', '--input', 'a.csv', '--map', 'm.json', '--frobnicate'], 'unknown option --frobnicate'],
    [['plan', '--input', 'a.csv', '--map', 'm.json', '-x'], 'unknown option -x'],
    [['plan', '--input'], '--input needs a value'],
    [['plan', '--input', '--map', 'm.json'], '--input needs a value'],
    [['plan', '--input', 'a.csv', '--input', 'b.csv', '--map', 'm.json'], '--input is given twice'],
    [['plan', '--input', 'a.csv', '--map', 'm.json', '--json=yes'], '--json takes no value'],
    [['plan', 'a.csv', '--map', 'm.json'], 'plan takes no argument "a.csv": give the input with --input'],
    [['plan', '--input', '-', '--previous', '-', '--map', 'm.json'], 'only one of --input and --previous can read standard input'],
    [['plan', '--input', '-', '--map', '-'], 'only one of --map and --input can read standard input'],
    [['plan', '--input', 'hr.csv', '--previous', '-', '--map', '-'], 'only one of --map and --previous can read standard input'],
    [['plan', '--input', 'a.csv', '--map', 'm.json', '--out', '-'], '--out needs a file name: the plan is printed anyway'],
    [['plan', '--input', 'a.csv', '--map', 'm.json', '--yes'], 'unknown option --yes'],
  ])('%j: %s', (argv, message) => {
    expect(usage(argv)).toBe(message);
  });
});

describe('apply', () => {
  test('every flag', () => {
    const args = [
      'apply', 'plan.json', '--journal', 'run.ndjson', '--snapshot', 'snap.json', '--max-removals', '0', '--max-calls', '500', '--dry-run', '--allow-missing-dx-users',
      '--yes', '--json', '--no-color',
    ];
    expect(ok(args)).toEqual({
      command: 'apply', plan: 'plan.json', journal: 'run.ndjson', snapshot: 'snap.json', maxRemovals: 0, maxCalls: { looker: 500, dx: 500 },
      dryRun: true, allowMissingDxUsers: true, yes: true, json: true, noColor: true,
    });
  });
  test('the defaults', () => {
    expect(ok(['apply', 'plan.json'])).toEqual({
      command: 'apply', plan: 'plan.json', journal: undefined, snapshot: undefined, maxRemovals: undefined, maxCalls: undefined,
      dryRun: false, allowMissingDxUsers: false, yes: false, json: false, noColor: false,
    });
  });
  test('--max-removals takes a percentage of the managed values', () => {
    expect(ok(['apply', 'p.json', '--max-removals', '2%'])).toMatchObject({ maxRemovals: '2%' });
    expect(ok(['apply', 'p.json', '--max-removals=0.5%'])).toMatchObject({ maxRemovals: '0.5%' });
    expect(ok(['apply', 'p.json', '--max-removals', '100%'])).toMatchObject({ maxRemovals: '100%' });
  });
  test('revert: the plan, its journal (default beside it) and where to save', () => {
    expect(ok(['revert', 'plan.json', '--journal', 'run.ndjson', '--out', 'undo.json', '--json']))
      .toEqual({ command: 'revert', plan: 'plan.json', journal: 'run.ndjson', out: 'undo.json', json: true, noColor: false });
    expect(ok(['revert', 'plan.json'])).toMatchObject({ journal: undefined, out: undefined });
    expect(ok(['revert', '--help'])).toEqual({ command: 'help', topic: 'revert' });
  });
  test('--max-calls for both services, or once for each', () => {
    expect(ok(['apply', 'p.json', '--max-calls', '100'])).toMatchObject({ maxCalls: { looker: 100, dx: 100 } });
    expect(ok(['apply', 'p.json', '--max-calls', 'looker=100', '--max-calls', 'dx=20'])).toMatchObject({ maxCalls: { looker: 100, dx: 20 } });
    expect(ok(['apply', 'p.json', '--max-calls=looker=7'])).toMatchObject({ maxCalls: { looker: 7 } });
  });
  test.each([
    [['apply'], 'apply needs the plan file: apply plan.json'],
    [['apply', 'a.json', 'b.json'], 'apply takes one plan file, not also "b.json"'],
    [['apply', 'p.json', '--max-removals', 'ten'], '--max-removals needs a whole number of at least 0, not "ten", or a percentage such as 2%'],
    [['apply', 'p.json', '--max-removals=-1'], '--max-removals needs a whole number of at least 0, not "-1", or a percentage such as 2%'],
    [['apply', 'p.json', '--max-removals', '1.5'], '--max-removals needs a whole number of at least 0, not "1.5", or a percentage such as 2%'],
    [['apply', 'p.json', '--max-removals', '99999999999999999999'], '--max-removals needs a whole number of at least 0, not "99999999999999999999", or a percentage such as 2%'],
    [['apply', 'p.json', '--max-calls', '0'], '--max-calls needs a whole number of at least 1, not "0"'],
    [['apply', 'p.json', '--max-calls', 'jira=5'], '--max-calls needs a whole number of at least 1, not "jira=5"'],
    [['apply', 'p.json', '--max-calls', 'dx=many'], '--max-calls dx=N needs a whole number of at least 1, not "many"'],
    [['apply', 'p.json', '--input', 'a.csv'], 'unknown option --input'],
    [['apply', 'p.json', '--snapshot', '-'], '--snapshot needs a file name'],
  ])('%j: %s', (argv, message) => {
    expect(usage(argv)).toBe(message);
  });
});

test('an unknown command or option before any command', () => {
  expect(usage(['sync'])).toBe('unknown command "sync": the commands are plan, apply, revert and history');
  expect(usage(['--verbose'])).toBe('unknown option --verbose');
});

// Each flag once, each number within its range: never the later of two values, never "needs a value" for a number.
describe('flags given twice and numbers out of range', () => {
  const twice = 'give N once for both services, or looker=N and dx=N once each';
  test.each([
    [['apply', 'p.json', '--max-calls', '5', '--max-calls', '6'], `--max-calls is given twice for looker: ${twice}`],
    [['apply', 'p.json', '--max-calls', '100', '--max-calls', 'dx=20'], `--max-calls is given twice for dx: ${twice}`],
    [['apply', 'p.json', '--max-calls', 'dx=20', '--max-calls', '100'], `--max-calls is given twice for dx: ${twice}`],
    [['apply', 'p.json', '--max-calls', 'looker=1', '--max-calls=looker=2'], `--max-calls is given twice for looker: ${twice}`],
    [['apply', 'p.json', '--max-removals', '1', '--max-removals', '2'], '--max-removals is given twice'],
    [['apply', 'p.json', '--journal', 'a.ndjson', '--journal=b.ndjson'], '--journal is given twice'],
    [['apply', 'p.json', '--yes', '--yes'], '--yes is given twice'],
    [['apply', 'p.json', '--json', '--dry-run', '--json'], '--json is given twice'],
    [['plan', '--input', 'a.csv', '--map', 'm.json', '--no-color', '--no-color'], '--no-color is given twice'],
    [['plan', '--input', 'a.csv', '--map', 'm.json', '--full-drift-check', '--full-drift-check'], '--full-drift-check is given twice'],
    [['apply', 'p.json', '--max-removals', '-1'], '--max-removals needs a whole number of at least 0, not "-1", or a percentage such as 2%'],
    [['apply', 'p.json', '--max-removals', '-0'], '--max-removals needs a whole number of at least 0, not "-0", or a percentage such as 2%'],
    [['apply', 'p.json', '--max-removals', '1e3'], '--max-removals needs a whole number of at least 0, not "1e3", or a percentage such as 2%'],
    [['apply', 'p.json', '--max-removals', ''], '--max-removals needs a whole number of at least 0, not "", or a percentage such as 2%'],
    [['apply', 'p.json', '--max-removals', '-x'], '--max-removals needs a value'],
    [['apply', 'p.json', '--max-removals', '--yes'], '--max-removals needs a value'],
    [['apply', 'p.json', '--max-removals', '101%'], '--max-removals needs a percentage from 0% to 100%, not "101%"'],
    [['apply', 'p.json', '--max-removals', '2 %'], '--max-removals needs a percentage from 0% to 100%, not "2 %"'],
    [['apply', 'p.json', '--max-removals', '-2%'], '--max-removals needs a percentage from 0% to 100%, not "-2%"'],
    [['revert'], 'revert needs the applied plan file: revert plan.json --journal plan.journal.ndjson --out revert.json'],
    [['revert', 'a.json', 'b.json'], 'revert takes one plan file, not also "b.json"'],
    [['revert', 'a.json', '--max-removals', '1'], 'unknown option --max-removals'],
    [['apply', 'p.json', '--max-calls', '-5'], '--max-calls needs a whole number of at least 1, not "-5"'],
    [['apply', 'p.json', '--max-calls', 'looker=-5'], '--max-calls looker=N needs a whole number of at least 1, not "-5"'],
    [['apply', 'p.json', '--max-calls', 'dx=0'], '--max-calls dx=N needs a whole number of at least 1, not "0"'],
    [['apply', 'p.json', '--max-calls', 'dx=1.5'], '--max-calls dx=N needs a whole number of at least 1, not "1.5"'],
    [['apply', 'p.json', '--max-calls'], '--max-calls needs a value'],
  ])('%j: %s', (argv, message) => {
    expect(usage(argv)).toBe(message);
  });

  test('--help may come twice: it shows the help either way', () => {
    expect(ok(['apply', '--help', '-h'])).toEqual({ command: 'help', topic: 'apply' });
  });
});
