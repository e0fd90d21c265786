// The real bin as cron, pipelines and supervisors run it, against the fake server over HTTP:
// SIGTERM and SIGHUP mid-apply, a closed standard output, a journal cut short; then the resume, writing nothing twice.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseJournal } from '../../src/sync/index.js';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, runBin, runShell, scratch } from '../support/cli/bin.js';

let server: FakeServer;
let env: Record<string, string>;
const folders: string[] = [];

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  const credentials = server.fake.looker.createApiCredentials();
  env = { LOOKER_BASE_URL: server.url, LOOKER_CLIENT_ID: credentials.clientId, LOOKER_CLIENT_SECRET: credentials.clientSecret };
}, 180_000);

afterAll(async () => {
  await server?.close();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** `count` new Looker users and a new attribute, planned one write each; every write then takes 150 ms. */
async function slowPlan(name: string, count = 12) {
  const { looker } = server.fake;
  const attribute = looker.addUserAttribute({ name, userCanEdit: false });
  const emails = Array.from({ length: count }, (_, i) => `${name}${i}@acme.test`);
  const ids = emails.map((email) => looker.addUser({ email }).id);
  const dir = await scratch({
    'hr.csv': `email,Value\n${emails.map((email) => `${email},Red`).join('\n')}\n`,
    'mapping.json': JSON.stringify({ fields: { Value: { looker: name } } }),
  });
  folders.push(dir);
  const plan = join(dir, 'plan.json');
  const journal = join(dir, 'run.ndjson');
  expect((await runBin(['plan', '--input', join(dir, 'hr.csv'), '--map', join(dir, 'mapping.json'), '--out', plan], { env })).code).toBe(0);
  const slow = server.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', latencyMs: 150 });
  const writes = () => server.fake.requests.filter((r) => r.operation === 'set_user_attribute_user_value' && r.path.endsWith(`/${attribute.id}`));
  const values = () => ids.map((id) => looker.resolve(id, attribute.id).value);
  return { plan, journal, count, slow, writes, values };
}

/** Runs apply, sending `signal` once the first change has ended: mid-run. */
function applyAndSignal(plan: string, journal: string, signal: NodeJS.Signals) {
  let sent = false;
  return runBin(['apply', plan, '--journal', journal], {
    env,
    onStdout: (text, child) => {
      if (!sent && text.includes('"type":"progress"')) sent = child.kill(signal);
    },
  });
}

/** The journal's attempts with no outcome after them: the changes a resume must read back first. */
async function inDoubt(journal: string) {
  const lines = parseJournal(await readFile(journal, 'utf8'));
  const ended = new Set(lines.flatMap((line) => (line.type === 'outcome' ? [line.email] : [])));
  return lines.flatMap((line) => (line.type === 'attempt' && !ended.has(line.email) ? [line.email] : []));
}

test('SIGTERM mid-apply stops it as Ctrl-C does: the requests in flight finish and are journaled, exit 143, and the resume line finishes it, writing nothing twice', async () => {
  const { plan, journal, count, slow, writes, values } = await slowPlan('term');
  const stopped = await applyAndSignal(plan, journal, 'SIGTERM');
  slow.remove();
  expect(stopped).toMatchObject({ code: 143, signal: null, stderr: '' });
  const events = jsonLines(stopped.stdout);
  expect(events.map((event) => event.type).filter((type) => type !== 'progress' && type !== 'outcome')).toEqual(['skipped', 'stopping', 'apply', 'interrupted']);
  expect(events.find((event) => event.type === 'stopping')).toMatchObject({ signal: 'SIGTERM' });
  const summary = events.at(-2) as { applied: number };
  expect(summary).toMatchObject({ type: 'apply', planned: count, stopped: true, aborted: false, failed: 0 });
  expect(summary.applied).toBeGreaterThan(0);
  expect(summary.applied).toBeLessThan(count);
  const resumeArgv = ['user-attributes-sdk', 'apply', plan, '--journal', journal];
  expect(events.at(-1)).toEqual({ type: 'interrupted', message: 'stopped by SIGTERM', signal: 'SIGTERM', journal, resume: resumeArgv.join(' '), resumeArgv });
  // Every write sent was answered and journaled: nothing is in doubt.
  expect(writes().map((r) => r.status)).toEqual(Array.from({ length: summary.applied }, () => 200));
  expect(await inDoubt(journal)).toEqual([]);

  // The event's line, pasted into a shell where the command is the installed bin.
  const resumed = await runShell('eval "$1"', [events.at(-1)?.resume as string], { env });
  expect(resumed.code).toBe(0);
  expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: count, applied: count, resumed: summary.applied });
  expect(writes()).toHaveLength(count);
  expect(new Set(writes().map((r) => r.path)).size).toBe(count);
  expect(values()).toEqual(Array(count).fill('Red'));
}, 30_000);

test('a second signal of another kind (SIGHUP after SIGTERM) aborts the requests in flight: exit 143, and the resume reads them back before writing', async () => {
  const { plan, journal, count, slow, writes, values } = await slowPlan('hup');
  // The first write is still in flight when the second signal comes.
  const stuck = server.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', latencyMs: 5_000, times: 1 });
  const sent: string[] = [];
  const aborted = await runBin(['apply', plan, '--journal', journal], {
    env,
    onStdout: (text, child) => {
      if (sent.length === 0 && text.includes('"type":"progress"') && child.kill('SIGTERM')) sent.push('SIGTERM');
      // Sent once the first has been seen, so that the two cannot arrive in the other order.
      if (sent.length === 1 && text.includes('"type":"stopping"') && child.kill('SIGHUP')) sent.push('SIGHUP');
    },
  });
  slow.remove();
  stuck.remove();
  expect(sent).toEqual(['SIGTERM', 'SIGHUP']);
  expect(aborted).toMatchObject({ code: 143, signal: null, stderr: '' });
  const events = jsonLines(aborted.stdout);
  expect(events.map((event) => event.type).filter((type) => type !== 'progress' && type !== 'outcome')).toEqual(['skipped', 'stopping', 'aborting', 'apply', 'interrupted']);
  expect(events.find((event) => event.type === 'aborting')).toMatchObject({ signal: 'SIGHUP' });
  expect(events.at(-2)).toMatchObject({ type: 'apply', aborted: true, failed: 0 });
  expect(events.at(-1)).toMatchObject({ type: 'interrupted', message: expect.stringMatching(/^aborted by SIGTERM: /), signal: 'SIGTERM' });
  const doubts = await inDoubt(journal);
  expect(doubts.length).toBeGreaterThan(0);

  const readsBefore = server.fake.calls.byOperation('looker').user_attribute_user_values ?? 0;
  const resumed = await runBin((events.at(-1)?.resumeArgv as string[]).slice(1), { env });
  expect(resumed.code).toBe(0);
  expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: count, applied: count, failed: 0 });
  // Each user in doubt read back once; no value written twice by a request that was answered.
  expect((server.fake.calls.byOperation('looker').user_attribute_user_values ?? 0) - readsBefore).toBe(new Set(doubts).size);
  const answered = writes().filter((r) => r.status === 200).map((r) => r.path);
  expect(new Set(answered).size).toBe(answered.length);
  expect(values()).toEqual(Array(count).fill('Red'));
}, 30_000);

test('SIGHUP alone (a closed terminal) stops it gracefully: exit 129', async () => {
  const { plan, journal, slow } = await slowPlan('hangup');
  const stopped = await applyAndSignal(plan, journal, 'SIGHUP');
  slow.remove();
  expect(stopped).toMatchObject({ code: 129, signal: null, stderr: '' });
  expect(jsonLines(stopped.stdout).at(-1)).toMatchObject({ type: 'interrupted', message: 'stopped by SIGHUP', signal: 'SIGHUP' });
  expect(await inDoubt(journal)).toEqual([]);
}, 30_000);

test('standard output closed mid-apply (| head): no stack, one line on stderr, every change applied once and journaled, exit 0', async () => {
  const { plan, journal, count, slow, writes, values } = await slowPlan('head');
  let closed = false;
  const run = await runBin(['apply', plan, '--journal', journal], {
    env,
    onStdout: (text, child) => {
      if (closed || !text.includes('"type":"progress"')) return;
      closed = true;
      child.closeStdout();
    },
  });
  slow.remove();
  expect(closed).toBe(true);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('user-attributes-sdk: standard output is closed (EPIPE); the command goes on without printing, and its exit code says how it ends\n');
  // What came before the pipe closed is whole lines; nothing after.
  expect(jsonLines(run.stdout).some((event) => event.type === 'apply')).toBe(false);
  expect(writes().map((r) => r.status)).toEqual(Array(count).fill(200));
  expect(values()).toEqual(Array(count).fill('Red'));
  const lines = parseJournal(await readFile(journal, 'utf8'));
  expect(lines.filter((line) => line.type === 'outcome' && line.outcome === 'applied')).toHaveLength(count);
  expect(await inDoubt(journal)).toEqual([]);
}, 30_000);

test('a journal whose last line a crash cut short: the resume moves the fragment aside, and the run after it reads the journal whole', async () => {
  const { plan, journal, count, slow, writes, values } = await slowPlan('cut');
  const stopped = await applyAndSignal(plan, journal, 'SIGTERM');
  slow.remove();
  expect(stopped.code).toBe(143);
  // As if the process had died writing its last line: that line loses its end.
  const text = await readFile(journal, 'utf8');
  const fragment = text.slice(text.lastIndexOf('\n', text.length - 2) + 1, -20);
  await writeFile(journal, text.slice(0, -20));

  const resumed = await runBin(['apply', plan, '--journal', journal], { env });
  expect(resumed.code).toBe(0);
  expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({ type: 'apply', planned: count, applied: count, failed: 0 });
  expect(await readFile(`${journal}.fragments`, 'utf8')).toBe(`${fragment}\n`);
  const again = await runBin(['apply', plan, '--journal', journal], { env });
  expect(again.code).toBe(0);
  expect(jsonLines(again.stdout).at(-1)).toMatchObject({ type: 'apply', planned: count, applied: count, resumed: count, callsUsed: { looker: 0, dx: 0 } });
  // The cut outcome was read back, not written again.
  const answered = writes().filter((r) => r.status === 200).map((r) => r.path);
  expect(new Set(answered).size).toBe(answered.length);
  expect(values()).toEqual(Array(count).fill('Red'));
}, 30_000);
