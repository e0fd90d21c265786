// Ctrl-C during apply, in-process against the real sync library and the fake services: the first
// lets the requests in flight finish and journals them, the second aborts them (left in doubt for
// the resume to check), a third quits at once; each time the command to resume and exit 130.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseJournal } from '../../src/sync/index.js';
import { lines, useCommandWorld } from '../support/cli/in-process.js';

const context = useCommandWorld();
const { run, planTo } = context;

/** Eight Looker users, each planned two writes (department and region); DX left out. */
async function eightUsers() {
  const { looker } = context.world.fake;
  const emails = Array.from({ length: 8 }, (_, i) => `user${i}@acme.test`);
  for (const email of emails) looker.addUser({ email });
  await context.world.file('hr.csv', `Work Email,Department,Region\n${emails.map((email) => `${email},Ops,EMEA`).join('\n')}\n`);
  const env = { ...context.world.env, DX_API_TOKEN: '', DX_BASE_URL: '' };
  const plan = join(context.world.dir, 'plan.json');
  const journal = join(context.world.dir, 'run.ndjson');
  expect((await run(['plan', '--input', context.csv, '--map', context.mapping, '--out', plan], { env })).code).toBe(0);
  context.world.fake.calls.reset();
  const resumeArgv = ['user-attributes-sdk', 'apply', plan, '--journal', journal];
  return { emails, env, plan, journal, resume: resumeArgv.join(' '), resumeArgv };
}

/** Attempt lines of the journal with no outcome after them: the changes a resume must re-check. */
async function inDoubt(journal: string) {
  const entries = parseJournal(await readFile(journal, 'utf8'));
  const ended = new Set(entries.flatMap((line) => (line.type === 'outcome' ? [`${line.email} ${line.attribute}`] : [])));
  const attempted = entries.flatMap((line) => (line.type === 'attempt' ? line.attributes.map((attribute) => `${line.email} ${attribute}`) : []));
  return { entries, doubts: attempted.filter((key) => !ended.has(key)) };
}

const sets = () => context.world.fake.requests.filter((r) => r.operation === 'set_user_attribute_user_value');

/** Presses Ctrl-C `times` times as the first progress event is written. */
function pressOnFirstProgress(signals: EventEmitter, times: number) {
  let pressed = false;
  return (text: string) => {
    if (pressed || !text.includes('"type":"progress"')) return;
    pressed = true;
    for (let i = 0; i < times; i++) signals.emit('SIGINT');
  };
}

describe('apply', () => {
  test('Ctrl-C: the requests in flight finish and are journaled, exit 130; the same command then finishes, writing nothing twice', async () => {
    const { emails, env, plan, journal, resume, resumeArgv } = await eightUsers();
    context.world.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', latencyMs: 100 });
    const signals = new EventEmitter();
    const stopped = await run(['apply', plan, '--journal', journal], { env, signals, onStdout: pressOnFirstProgress(signals, 1) });
    expect(stopped.code).toBe(130);
    const events = lines(stopped.stdout);
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type !== 'progress' && type !== 'outcome')).toEqual(['skipped', 'stopping', 'apply', 'interrupted']);
    // The outcomes stream as the changes end: the first came before Ctrl-C was pressed.
    expect(types.indexOf('outcome')).toBeLessThan(types.indexOf('stopping'));
    const summary = events.at(-2) as { applied: number };
    expect(summary).toMatchObject({ type: 'apply', stopped: true, aborted: false, planned: 16, failed: 0, skipped: 16 - summary.applied });
    expect(events.at(-1)).toEqual({ type: 'interrupted', message: 'stopped by Ctrl-C', signal: 'SIGINT', journal, resume, resumeArgv });
    const applied = summary.applied;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(16);
    const outcomes = events.filter((event) => event.type === 'outcome');
    expect(outcomes).toHaveLength(16);
    expect(outcomes.filter((o) => o.outcome === 'applied')).toHaveLength(applied);
    expect(outcomes.filter((o) => o.outcome !== 'applied').every((o) => o.outcome === 'skipped' && o.reason === 'stopped')).toBe(true);
    // Every request sent was answered and counted: none was cut off, and the journal holds no doubt.
    expect(sets().map((r) => r.status)).toEqual(Array.from({ length: applied }, () => 200));
    const { entries, doubts } = await inDoubt(journal);
    expect(doubts).toEqual([]);
    expect(entries.filter((line) => line.type === 'outcome').map((line) => line.type === 'outcome' && line.outcome)).toEqual(Array.from({ length: applied }, () => 'applied'));
    // The last progress is exact: the changes not reached are still to do.
    expect(events.findLast((event) => event.type === 'progress')).toMatchObject({ done: applied, remaining: 16 - applied, failed: 0 });

    context.world.fake.calls.reset();
    const resumed = await run(['apply', plan, '--journal', journal], { env });
    expect(resumed.code).toBe(0);
    expect(lines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: 16, applied: 16, failed: 0, aborted: false, stopped: false, resumed: applied });
    // Nothing in doubt, so no value read back: a login, the read of the remaining users' ids, then only the writes the first run did not reach.
    expect(context.world.fake.calls.byOperation('looker')).toEqual({ login: 1, all_users: 1, set_user_attribute_user_value: 16 - applied });
    const writes = sets().filter((r) => r.status === 200).map((r) => r.path);
    expect(writes).toHaveLength(16);
    expect(new Set(writes).size).toBe(16);
    for (const email of emails) {
      const user = context.world.fake.looker.snapshot().users.find((u) => u.email === email) as { id: string };
      expect(context.world.fake.looker.resolve(user.id, context.ids.department).value).toBe('Ops');
    }
  });

  test('a second Ctrl-C aborts the requests in flight: they are left in doubt, and the resume checks them before writing', async () => {
    const { emails, env, plan, journal, resume, resumeArgv } = await eightUsers();
    context.world.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', latencyMs: 100 });
    // The first write takes far longer: it is still in flight when Ctrl-C is pressed twice.
    context.world.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', latencyMs: 5_000, times: 1 });
    const signals = new EventEmitter();
    const aborted = await run(['apply', plan, '--journal', journal], { env, signals, onStdout: pressOnFirstProgress(signals, 2) });
    expect(aborted.code).toBe(130);
    expect(aborted.exits).toEqual([]);
    const events = lines(aborted.stdout);
    expect(events.map((event) => event.type).filter((type) => type !== 'progress' && type !== 'outcome')).toEqual(['skipped', 'stopping', 'aborting', 'apply', 'interrupted']);
    expect(events.at(-2)).toMatchObject({ type: 'apply', stopped: true, aborted: true, planned: 16, failed: 0 });
    expect(events.at(-1)).toEqual({ type: 'interrupted', message: expect.stringMatching(/^aborted by Ctrl-C/), signal: 'SIGINT', journal, resume, resumeArgv });
    // The slow write was cut off: the fake never answered it, and the journal cannot say whether it landed.
    expect(sets().filter((r) => r.delayedMs === 5_100).map((r) => r.status)).toEqual([undefined]);
    const { doubts } = await inDoubt(journal);
    expect(doubts.length).toBeGreaterThan(0);

    context.world.fake.calls.reset();
    const resumed = await run(['apply', plan, '--journal', journal], { env });
    expect(resumed.code).toBe(0);
    expect(lines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: 16, applied: 16, failed: 0 });
    // One read per user in doubt, before any write to it.
    expect(context.world.fake.calls.byOperation('looker').user_attribute_user_values).toBe(new Set(doubts.map((key) => key.split(' ')[0])).size);
    const writes = sets().filter((r) => r.status === 200).map((r) => r.path);
    expect(new Set(writes).size).toBe(writes.length);
    for (const email of emails) {
      const user = context.world.fake.looker.snapshot().users.find((u) => u.email === email) as { id: string };
      expect(context.world.fake.looker.resolve(user.id, context.ids.region).value).toBe('EMEA');
    }
  });

  test('a third Ctrl-C quits at once', async () => {
    const out = await planTo(join(context.world.dir, 'plan.json'));
    context.world.fake.faults.add({ latencyMs: 5_000 });
    const signals = new EventEmitter();
    signals.on('newListener', (event) => {
      if (event === 'SIGINT') setImmediate(() => {
        for (let i = 0; i < 3; i++) signals.emit('SIGINT');
      });
    });
    const result = await run(['apply', out, '--yes'], { env: context.world.env, tty: true, signals });
    const journal = join(context.world.dir, 'plan.journal.ndjson');
    expect(result.exits).toEqual([130]);
    expect(result.stderr.split('\n').slice(0, 6)).toEqual([
      '',
      'Stopping after the requests in flight: no new change is started (Ctrl-C again to abort them)…',
      '',
      'Aborting the requests in flight: the resume checks them first (Ctrl-C again to quit at once)…',
      '',
      `Quit at once: the journal may lack the last requests. To resume: user-attributes-sdk apply ${out} --journal ${journal}`,
    ]);
    expect(result.code).toBe(130);
  });
});

describe('the interrupted event', () => {
  test('the command alone, as argv and shell-quoted, with the run\'s limits; on a terminal the line keeps its prose', async () => {
    const plan = await planTo(join(context.world.dir, 'jo\'s plan.json'));
    const journal = join(context.world.dir, 'run log.ndjson');
    const args = ['apply', plan, '--journal', journal, '--max-removals', '5', '--max-calls', 'looker=100', '--yes'];
    const pressAtOnce = () => {
      const signals = new EventEmitter();
      signals.on('newListener', (event) => event === 'SIGINT' && setImmediate(() => signals.emit('SIGINT')));
      return signals;
    };
    const resumeArgv = ['user-attributes-sdk', 'apply', plan, '--journal', journal, '--max-removals', '5', '--max-calls', 'looker=100'];
    const resume = `user-attributes-sdk apply '${plan.replace('\'', `'\\''`)}' --journal '${journal}' --max-removals 5 --max-calls looker=100`;
    const json = await run(args, { env: context.world.env, signals: pressAtOnce() });
    expect(json.code).toBe(130);
    expect(lines(json.stdout).at(-1)).toEqual({ type: 'interrupted', message: 'stopped by Ctrl-C', signal: 'SIGINT', journal, resume, resumeArgv });
    const text = await run(args, { env: context.world.env, signals: pressAtOnce(), tty: true });
    expect(text.code).toBe(130);
    expect(text.stderr.trimEnd().split('\n').at(-1)).toBe(`Stopped by Ctrl-C; progress is in ${journal}. To resume: ${resume}`);
    // The argv runs as it is: the same limits, and the run completes.
    const resumed = await run(resumeArgv.slice(1), { env: context.world.env });
    expect(resumed.code).toBe(0);
    expect(lines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: 3, applied: 3 });
  });
});
