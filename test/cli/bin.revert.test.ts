// The real bin from the packed tarball against the kit over HTTP: revert puts back exactly what an
// apply replaced and refuses to overwrite a value changed since; --target plans only the people
// named; --max-removals takes a percentage; --summary-md writes a Markdown summary.
import MarkdownIt from 'markdown-it';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, kitEnvironment, runBin, scratch } from '../support/cli/bin.js';

vi.setConfig({ testTimeout: 30_000 });
// Node's own fetch, taken before the suite's msw server patches the global: the kit is a real loopback server.
const loopbackFetch = globalThis.fetch;

let server: FakeServer;
let dir: string;
let env: Record<string, string>;
const ids = new Map<string, string>();
const attributes = { team: '', region: '' };
const people = ['ana@acme.test', 'bo@acme.test', 'cy@acme.test'];

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  env = kitEnvironment(server).env;
  attributes.team = server.fake.looker.addUserAttribute({ name: 'team', userCanEdit: false }).id;
  attributes.region = server.fake.looker.addUserAttribute({ name: 'region', userCanEdit: false }).id;
  for (const email of people) {
    ids.set(email, server.fake.looker.addUser({ email }).id);
    server.fake.dx.addUser({ email, roles: ['member'] });
  }
  dir = await scratch({ 'mapping.json': JSON.stringify({ email: 'Work Email', fields: { Team: { looker: 'team', dx: 'Team' }, Region: { looker: 'region' } } }) });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every user's own Looker values and DX attributes, as the kit holds them. */
function state() {
  const looker = server.fake.looker.snapshot().userValues.map((v) => `${v.userId}/${v.userAttributeId}=${v.value}`).sort();
  const dx = server.fake.dx.snapshot().users.map((user) => [user.email, user.attributes]);
  return { looker, dx };
}

/** Sets (or, with null, removes) a DX value as anyone with a token would: through DX's API. */
async function setDxValue(email: string, value: string | null): Promise<void> {
  const response = await loopbackFetch(`${server.url}/users.attributes.update`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.DX_API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, attributes: [{ name: 'Team', value }] }),
  });
  expect(response.status).toBe(200);
}

/** Starts each test from: ana Red in both, bo's Looker region EMEA, cy nothing. */
async function seed() {
  for (const email of people) {
    for (const id of Object.values(attributes)) server.fake.looker.deleteUserValue(ids.get(email) as string, id);
    await setDxValue(email, null);
  }
  server.fake.looker.setUserValue(ids.get('ana@acme.test') as string, attributes.team, 'Red');
  await setDxValue('ana@acme.test', 'Red');
  server.fake.looker.setUserValue(ids.get('bo@acme.test') as string, attributes.region, 'EMEA');
}

beforeEach(async () => {
  await seed();
  server.fake.calls.reset();
});

const at = (name: string) => join(dir, name);
const bin = (args: string[]) => runBin(args, { env });
let runs = 0;
/** Plans the rows (Team, Region) to a new plan file; resolves to its path. */
async function planOf(rows: string[], extra: string[] = []): Promise<string> {
  const name = `run-${++runs}`;
  await writeFile(at(`${name}.csv`), `Work Email,Team,Region\n${rows.join('\n')}\n`);
  const result = await bin(['plan', '--input', at(`${name}.csv`), '--map', at('mapping.json'), '--out', at(`${name}.json`), ...extra]);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return at(`${name}.json`);
}
const ends = (stdout: string) => jsonLines(stdout).filter((e) => e.type === 'outcome').map((e) => [e.email, e.service, e.attribute, e.outcome, e.reason ?? null]);
const sample = ['ana@acme.test,Blue,', 'bo@acme.test,Green,', 'cy@acme.test,Gold,'];

describe('revert', () => {
  test('an apply of sets and removals, reverted: the kit holds exactly what it held before', async () => {
    const before = state();
    const plan = await planOf(sample);
    const applied = await bin(['apply', plan]);
    expect(applied.code, applied.stdout).toBe(0);
    expect(ends(applied.stdout)).toHaveLength(7);
    expect(state()).not.toEqual(before);

    server.fake.calls.reset();
    const made = await bin(['revert', plan, '--out', at('undo.json')]);
    expect(made.code, made.stdout + made.stderr).toBe(0);
    // Made from the plan and its journal alone: no request.
    expect(server.fake.calls.total()).toBe(0);
    const events = jsonLines(made.stdout);
    expect(events.filter((e) => e.type === 'change').map((e) => [e.email, e.service, e.attribute, e.action, e.before, e.after ?? null])).toEqual([
      ['ana@acme.test', 'looker', 'team', 'set', 'Blue', 'Red'],
      ['ana@acme.test', 'dx', 'Team', 'set', 'Blue', 'Red'],
      ['bo@acme.test', 'looker', 'team', 'remove', 'Green', null],
      ['bo@acme.test', 'looker', 'region', 'set', null, 'EMEA'],
      ['bo@acme.test', 'dx', 'Team', 'remove', 'Green', null],
      ['cy@acme.test', 'looker', 'team', 'remove', 'Gold', null],
      ['cy@acme.test', 'dx', 'Team', 'remove', 'Gold', null],
    ]);
    const planned = events.at(-1) as Record<string, unknown>;
    expect(planned).toMatchObject({ type: 'plan', revertOf: JSON.parse(await readFile(plan, 'utf8')).id, saved: at('undo.json') });

    const undone = await bin(['apply', at('undo.json')]);
    expect(undone.code, undone.stdout).toBe(0);
    expect(ends(undone.stdout).every(([, , , outcome]) => outcome === 'applied')).toBe(true);
    expect(state()).toEqual(before);
    // Each value was read again first (3 users), the ids read back, one login; DX's listing read once.
    const forecast = JSON.parse(await readFile(at('undo.json'), 'utf8')).forecast as { looker: number; dx: number };
    expect(server.fake.calls.total('looker')).toBe(forecast.looker);
    expect(server.fake.calls.byOperation('looker').user_attribute_user_values).toBe(3);
  });

  test('a value changed since the apply is a conflict, never overwritten; the rest is put back', async () => {
    const plan = await planOf(sample);
    expect((await bin(['apply', plan])).code).toBe(0);
    const undo = at('undo-2.json');
    expect((await bin(['revert', plan, '--journal', plan.replace(/\.json$/, '.journal.ndjson'), '--out', undo])).code).toBe(0);
    // Someone edits ana's Looker team and cy's DX Team after the apply.
    server.fake.looker.setUserValue(ids.get('ana@acme.test') as string, attributes.team, 'Purple');
    await setDxValue('cy@acme.test', 'Teal');
    const undone = await bin(['apply', undo]);
    expect(undone.code).toBe(1);
    expect(ends(undone.stdout)).toEqual(expect.arrayContaining([
      ['ana@acme.test', 'looker', 'team', 'conflict', 'changed_since_plan'],
      ['cy@acme.test', 'dx', 'Team', 'conflict', 'changed_since_plan'],
      ['ana@acme.test', 'dx', 'Team', 'applied', null],
      ['bo@acme.test', 'looker', 'region', 'applied', null],
    ]));
    expect(server.fake.looker.resolve(ids.get('ana@acme.test') as string, attributes.team).value).toBe('Purple');
    expect(server.fake.dx.user('cy@acme.test').attributes.Team).toBe('Teal');
    expect(server.fake.dx.user('ana@acme.test').attributes.Team).toBe('Red');
  });

  test('a journal of another plan is refused, naming both plans; a change the apply did not make is listed', async () => {
    const first = await planOf(['ana@acme.test,Blue,']);
    const second = await planOf(['bo@acme.test,Green,']);
    expect((await bin(['apply', first])).code).toBe(0);
    const wrong = await bin(['revert', second, '--journal', first.replace(/\.json$/, '.journal.ndjson')]);
    expect(wrong.code).toBe(1);
    const [secondId, firstId] = [second, first].map(async (path) => JSON.parse(await readFile(path, 'utf8')).id as string);
    const error = jsonLines(wrong.stdout)[0] as { kind: string; message: string };
    expect(error.kind).toBe('journal_mismatch');
    expect(error.message).toContain(`records no apply of plan ${await secondId}, only of ${await firstId}`);
    // The second plan's Looker set fails (a reply that is not JSON): it replaced nothing, so it is listed, not reverted.
    server.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', malformedJson: true, times: 1 });
    try {
      expect((await bin(['apply', second])).code).toBe(1);
    } finally {
      server.fake.faults.clear();
    }
    const listed = jsonLines((await bin(['revert', second])).stdout);
    expect(listed.filter((e) => e.type === 'not_reverted')).toEqual([
      { type: 'not_reverted', email: 'bo@acme.test', service: 'looker', attribute: 'team', reason: 'not_applied', outcome: 'failed' },
    ]);
    expect(listed.filter((e) => e.type === 'change').map((e) => [e.service, e.attribute, e.action])).toEqual([['looker', 'region', 'set'], ['dx', 'Team', 'remove']]);
  });
});

describe('--target', () => {
  test('plans only the people named, reading no one else\'s values; the plan says it is partial', async () => {
    const plan = await planOf(sample, ['--target', 'BO@acme.test', '--target', 'zed@acme.test']);
    expect(server.fake.calls.byOperation('looker').user_attribute_user_values).toBe(1);
    const saved = JSON.parse(await readFile(plan, 'utf8'));
    expect(saved.partial).toEqual({ targets: ['bo@acme.test', 'zed@acme.test'], unmatched: ['zed@acme.test'], notTargeted: 2 });
    expect(saved.users.map((user: { email: string }) => user.email)).toEqual(['bo@acme.test']);
    const bad = await bin(['plan', '--input', at('run-1.csv'), '--map', at('mapping.json'), '--target', 'bo']);
    expect(bad.code).toBe(1);
    expect(jsonLines(bad.stdout)).toEqual([{ type: 'error', kind: 'invalid_target', message: 'targets must be email addresses: "bo" is not' }]);
  });
});

describe('--max-removals as a percentage', () => {
  test('of the managed values: refused over it before any call, applied within it', async () => {
    // 3 removals (ana's team in both services, bo's region) among the values the plan manages.
    const plan = await planOf(['ana@acme.test,,', 'bo@acme.test,Green,', 'cy@acme.test,,']);
    const saved = JSON.parse(await readFile(plan, 'utf8'));
    const managed = saved.summary.set + saved.summary.remove + saved.summary.unchanged;
    server.fake.calls.reset();
    const refused = await bin(['apply', plan, '--max-removals', '10%']);
    expect(refused.code).toBe(1);
    const allowed = Math.floor(managed * 0.1);
    expect(jsonLines(refused.stdout)).toEqual([{
      type: 'error', kind: 'too_many_removals',
      message: `the plan removes ${saved.summary.remove} values, more than maxRemovals 10% of the ${managed} values it manages (${allowed}): nothing was written`,
    }]);
    expect(server.fake.calls.total()).toBe(0);
    expect((await bin(['apply', plan, '--max-removals', '50%'])).code).toBe(0);
  });
});

describe('--summary-md', () => {
  test('plan and apply write a Markdown summary: the counts and the changes, as parsed', async () => {
    const plan = await planOf(sample, ['--summary-md', at('plan.md')]);
    const applied = await bin(['apply', plan, '--summary-md', at('apply.md')]);
    expect(applied.code).toBe(0);
    const md = new MarkdownIt({ html: true });
    // The count table's cells, row after row, from its header on.
    const counts = (text: string) => {
      const cells = md.parse(text, {}).filter((t) => t.type === 'inline').map((t) => t.content);
      return cells.slice(cells.indexOf('Service'), cells.indexOf('Service') + 15);
    };
    const planned = await readFile(at('plan.md'), 'utf8');
    expect(planned).toMatch(/^## User attributes: Plan /);
    expect(counts(planned)).toEqual(['Service', 'Action', 'Planned', 'Looker', 'set', '3', 'Looker', 'remove', '1', 'DX', 'set', '3', 'DX', 'remove', '0']);
    const report = await readFile(at('apply.md'), 'utf8');
    expect(report).toMatch(/^## User attributes: Apply of plan /);
    expect(counts(report).slice(0, 10)).toEqual(['Service', 'Action', 'Planned', 'Applied', 'Failed', 'Conflict', 'Skipped', 'Looker', 'set', '3']);
    expect(report).toContain('Used: Looker ');
    expect(md.render(report)).toContain('<td>bo@acme.test</td>\n<td>Looker</td>\n<td>region</td>\n<td>remove “EMEA”, falls back to <em>no value</em> (No Value)</td>\n<td>applied</td>');
  });
});
