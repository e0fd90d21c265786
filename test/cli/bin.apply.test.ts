// The real bin from the packed tarball against the kit over HTTP: what apply refuses or reports on
// its own (DX users that do not exist, plans for other services, edited plans, a second apply at
// once) and the record snapshot that keeps unfinished records due.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, runBin, scratch, type BinOptions } from '../support/cli/bin.js';

let server: FakeServer;
let dir: string;
let env: Record<string, string>;
const secrets: string[] = [];
const outputs: string[] = [];

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  const credentials = server.fake.looker.createApiCredentials();
  const token = server.fake.dx.createToken();
  secrets.push(credentials.clientSecret, token);
  env = {
    LOOKER_BASE_URL: server.url,
    LOOKER_CLIENT_ID: credentials.clientId,
    LOOKER_CLIENT_SECRET: credentials.clientSecret,
    DX_BASE_URL: server.url,
    DX_API_TOKEN: token,
  };
  dir = await scratch({ 'mapping.json': JSON.stringify({ email: 'Work Email', fields: { Team: { looker: 'team', dx: 'Team' } } }) });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  for (const text of outputs) for (const secret of secrets) expect(text).not.toContain(secret);
});

beforeEach(() => {
  server.fake.calls.reset();
  server.fake.faults.clear();
});

const at = (name: string) => join(dir, name);
const bin = async (args: string[], options: BinOptions = {}) => {
  const result = await runBin(args, { env, ...options });
  outputs.push(result.stdout + result.stderr);
  return result;
};
let files = 0;
/** Writes the records as a CSV and plans them to a new plan file; resolves to its path. */
async function planOf(rows: string[], extra: string[] = []): Promise<string> {
  const name = `run-${++files}`;
  await writeFile(at(`${name}.csv`), `Work Email,Team\n${rows.join('\n')}\n`);
  const result = await bin(['plan', '--input', at(`${name}.csv`), '--map', at('mapping.json'), '--out', at(`${name}.json`), ...extra]);
  expect(result.code, result.stdout).toBe(2);
  return at(`${name}.json`);
}
const outcomes = (stdout: string) => jsonLines(stdout).filter((event) => event.type === 'outcome');

describe('DX users that do not exist', () => {
  let team: string;
  beforeAll(() => {
    team = server.fake.looker.addUserAttribute({ name: 'team', userCanEdit: false }).id;
    for (const email of ['ana@acme.test', 'bo@acme.test']) {
      server.fake.looker.addUser({ email });
      server.fake.dx.addUser({ email });
    }
    // new@ has a Looker account but no DX user yet.
    server.fake.looker.addUser({ email: 'new@acme.test' });
  });

  test('fail with their own reason, no_dx_user: exit 1; --allow-missing-dx-users makes them warnings: exit 0', async () => {
    const plan = await planOf(['ana@acme.test,Red', 'new@acme.test,Red']);
    expect((await bin(['apply', plan, '--dry-run'])).code).toBe(0);
    const strict = await bin(['apply', plan, '--journal', at('strict.ndjson')]);
    expect(strict.code).toBe(1);
    expect(outcomes(strict.stdout)).toContainEqual({
      type: 'outcome', email: 'new@acme.test', service: 'dx', attribute: 'Team', outcome: 'failed', reason: 'no_dx_user',
      error: { kind: 'not_found', message: expect.stringContaining('user_not_found'), status: 404 },
    });
    const allowed = await bin(['apply', await planOf(['ana@acme.test,Blue', 'new@acme.test,Blue']), '--allow-missing-dx-users']);
    expect(allowed.code).toBe(0);
    const ends = outcomes(allowed.stdout).map((event) => [event.email, event.service, event.outcome, event.reason ?? null]);
    expect(ends).toEqual(expect.arrayContaining([
      ['ana@acme.test', 'looker', 'applied', null], ['ana@acme.test', 'dx', 'applied', null],
      ['new@acme.test', 'looker', 'applied', null], ['new@acme.test', 'dx', 'skipped', 'no_dx_user'],
    ]));
    expect(server.fake.looker.resolve(server.fake.looker.snapshot().users.find((u) => u.email === 'new@acme.test')!.id, team).value).toBe('Blue');
  });

  test('never hide another failure: exit 1 still', async () => {
    const plan = await planOf(['bo@acme.test,Green', 'new@acme.test,Green']);
    // bo's Looker write gets a reply that is not JSON: a failure no retry mends.
    server.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', malformedJson: true, times: 2 });
    const result = await bin(['apply', plan, '--allow-missing-dx-users']);
    expect(result.code).toBe(1);
    const ends = outcomes(result.stdout).map((event) => [event.email, event.service, event.outcome, event.reason ?? null]);
    expect(ends).toContainEqual(['new@acme.test', 'dx', 'skipped', 'no_dx_user']);
    expect(ends.filter(([, , outcome]) => outcome === 'failed')).toHaveLength(2);
    expect(await readFile(plan.replace(/\.json$/, '.journal.ndjson'), 'utf8')).toContain('"reason":"no_dx_user"');
  });
});
