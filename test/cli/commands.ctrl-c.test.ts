// Ctrl-C during apply, in-process against the real sync library and the fake services: the stop,
// the command to resume, a resumed run that writes nothing twice, and a second Ctrl-C.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lines, useCommandWorld } from './in-process.js';

const context = useCommandWorld();
const { run, planTo } = context;

describe('apply', () => {
  test('Ctrl-C: stops, says how to resume, exit 130; the same command then finishes, writing nothing twice', async () => {
    const { looker } = context.world.fake;
    const emails = Array.from({ length: 8 }, (_, i) => `user${i}@acme.test`);
    for (const email of emails) looker.addUser({ email });
    await context.world.file('hr.csv', `Work Email,Department,Region\n${emails.map((email) => `${email},Ops,EMEA`).join('\n')}\n`);
    const lookerOnly = { ...context.world.env, DX_API_TOKEN: '', DX_BASE_URL: '' };
    const planned = await run(['plan', '--input', context.csv, '--map', context.mapping, '--out', join(context.world.dir, 'plan.json')], { env: lookerOnly });
    expect(planned.code).toBe(2);
    context.world.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', latencyMs: 100 });
    const signals = new EventEmitter();
    let pressed = false;
    const stopped = await run(['apply', join(context.world.dir, 'plan.json'), '--journal', join(context.world.dir, 'run.ndjson')], {
      env: lookerOnly,
      signals,
      onStdout: (text) => {
        if (!pressed && text.includes('"type":"progress"')) {
          pressed = true;
          signals.emit('SIGINT');
        }
      },
    });
    const journal = join(context.world.dir, 'run.ndjson');
    expect(stopped.code).toBe(130);
    const events = lines(stopped.stdout);
    expect(events.map((event) => event.type).filter((type) => type !== 'progress' && type !== 'outcome')).toEqual(['skipped', 'stopping', 'apply', 'interrupted']);
    expect(events.at(-2)).toMatchObject({ type: 'apply', aborted: true, planned: 16 });
    expect(events.at(-1)).toEqual({
      type: 'interrupted', message: 'stopped by Ctrl-C', journal,
      resume: `To resume: user-attributes-sdk apply ${join(context.world.dir, 'plan.json')} --journal ${journal}`,
    });
    // The progress stops at Ctrl-C: the changes the library then ends unreached are not progress.
    expect(events.slice(events.findIndex((event) => event.type === 'stopping')).some((event) => event.type === 'progress')).toBe(false);
    const appliedBefore = (events.at(-2) as { applied: number }).applied;
    expect(appliedBefore).toBeGreaterThan(0);
    expect(appliedBefore).toBeLessThan(16);

    const resumed = await run(['apply', join(context.world.dir, 'plan.json'), '--journal', journal], { env: lookerOnly });
    expect(resumed.code).toBe(0);
    expect(lines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: 16, applied: 16, failed: 0, aborted: false, resumed: appliedBefore });
    // Each value was written once: the writes that reached the model, by path, are all different.
    const writes = context.world.fake.requests.filter((r) => r.operation === 'set_user_attribute_user_value' && r.status === 200).map((r) => r.path);
    expect(writes).toHaveLength(16);
    expect(new Set(writes).size).toBe(16);
    for (const email of emails) {
      const user = looker.snapshot().users.find((u) => u.email === email) as { id: string };
      expect(looker.resolve(user.id, context.ids.department).value).toBe('Ops');
    }
  });

  test('a second Ctrl-C quits at once', async () => {
    const out = await planTo(join(context.world.dir, 'plan.json'));
    context.world.fake.faults.add({ latencyMs: 5_000 });
    const signals = new EventEmitter();
    signals.on('newListener', (event) => {
      if (event === 'SIGINT') setImmediate(() => {
        signals.emit('SIGINT');
        signals.emit('SIGINT');
      });
    });
    const result = await run(['apply', out, '--yes'], { env: context.world.env, tty: true, signals });
    const journal = join(context.world.dir, 'plan.journal.ndjson');
    expect(result.exits).toEqual([130]);
    expect(result.stderr).toBe([
      '',
      'Stopping: no new change is started (Ctrl-C again to quit at once)…',
      '',
      `Quit at once: the journal may lack the last requests. To resume: user-attributes-sdk apply ${out} --journal ${journal}`,
      `Stopped by Ctrl-C; progress is in ${journal}. To resume: user-attributes-sdk apply ${out} --journal ${journal}`,
      '',
    ].join('\n'));
    expect(result.code).toBe(130);
  });
});
