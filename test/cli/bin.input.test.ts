// The real bin from the packed tarball against the kit over HTTP: input that must not be planned
// quietly (a mapped column the export lacks, text that is not an address, a plan that compares
// nothing) is refused, naming what to fix, and mostly before any request.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, kitEnvironment, runBin, scratch } from '../support/cli/bin.js';

let server: FakeServer;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  const { looker, dx } = server.fake;
  looker.addUserAttribute({ name: 'department', userCanEdit: false });
  const region = looker.addUserAttribute({ name: 'region', userCanEdit: false });
  for (const email of ['jo@acme.test', 'ben@acme.test', 'cat@acme.test']) {
    const user = looker.addUser({ email });
    looker.setUserValue(user.id, region.id, 'EMEA');
    dx.addUser({ email });
  }
  env = kitEnvironment(server).env;
  dir = await scratch({
    'mapping.json': JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' }, Region: { looker: 'region' } }, dx: { newAttributes: ['Department'] } }),
    'lowercase.csv': 'Work Email,Department,region\njo@acme.test,Sales,APAC\n',
    'semicolons.csv': 'Work Email;Department;Region\njo@acme.test;Sales;APAC\n',
    'no-region.ndjson': '{"Work Email":"jo@acme.test","Department":"Sales"}\n{"Work Email":"ben@acme.test","Department":"Ops"}\n',
    'looker-only.json': JSON.stringify({ email: 'Work Email', fields: { Region: { looker: 'region' } } }),
    'strangers.csv': 'Work Email,Region\nnobody@acme.test,EMEA\nmailto:jo@acme.test,EMEA\n',
    'header-only.csv': 'Work Email,Department,Region\n',
    'wrapped.csv': 'Work Email,Department,Region\nmailto:ben@acme.test,Ops,EMEA\n<cat@acme.test>,Ops,EMEA\njo@acme.test,Sales,EMEA\n',
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => server.fake.calls.reset());

const at = (name: string) => join(dir, name);
/** Plans `input`, exiting 2 when it plans changes (--detailed-exitcode). */
const plan = (input: string, extraEnv: Record<string, string> = {}, map = 'mapping.json') =>
  runBin(['plan', '--input', at(input), '--map', at(map), '--detailed-exitcode'], { env: { ...env, ...extraEnv } });
/** The events but `progress`, which a plan sends as it reads (at most once a second: their number depends on time). */
const eventsOf = (stdout: string) => jsonLines(stdout).filter((event) => event.type !== 'progress');

describe('a mapped column the input does not have', () => {
  test('a CSV header naming it "region": exit 1 naming the field, the header and the near miss; no request sent', async () => {
    const result = await plan('lowercase.csv');
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([{
      type: 'error', kind: 'missing_fields',
      message: 'the input has no column "Region" (mapped to Looker region), so every record would read it as empty. '
        + 'Its columns are "Work Email", "Department", "region". Field names match exactly: "region" differs from "Region" only in case or spaces',
    }]);
    expect(server.fake.calls.total()).toBe(0);
  });

  test('a semicolon-delimited export read as one column: exit 1 with the hint; no request sent', async () => {
    const result = await plan('semicolons.csv');
    expect(result.code).toBe(1);
    const [error] = jsonLines(result.stdout) as [{ kind: string; message: string }];
    expect(error.kind).toBe('missing_fields');
    expect(error.message).toMatch(/^the input has no column "Work Email" \(the email field\) or "Department" .* or "Region" /);
    expect(error.message).toContain('Its only column is "Work Email;Department;Region": the header looks semicolon-delimited: save the file with commas between the fields');
    expect(server.fake.calls.total()).toBe(0);
  });

  test('NDJSON records none of which has it: exit 1 naming it; nothing written', async () => {
    const result = await plan('no-region.ndjson');
    expect(result.code).toBe(1);
    expect(eventsOf(result.stdout)).toEqual([{
      type: 'error', kind: 'missing_fields',
      message: 'no record has the field "Region" (mapped to Looker region), so every record would read it as empty. The records\' fields are "Work Email", "Department"',
    }]);
    expect(server.fake.requests.filter((request) => request.method !== 'GET' && request.operation !== 'login')).toEqual([]);
  });
});

test('"mailto:…" and "<…>" are invalid_email problems, planned for neither service', async () => {
  const result = await plan('wrapped.csv');
  expect(result.code).toBe(2);
  const events = jsonLines(result.stdout);
  expect(events.filter((event) => event.type === 'problem').map((event) => [event.kind, event.record])).toEqual([['invalid_email', 0], ['invalid_email', 1]]);
  expect(new Set(events.filter((event) => event.type === 'change').map((event) => event.email))).toEqual(new Set(['jo@acme.test']));
});

describe('a plan that compared nothing is an error, never "No changes"', () => {
  test('every service the mapping names is skipped: exit 1 naming the variables to set; no request sent', async () => {
    const result = await plan('strangers.csv', { LOOKER_BASE_URL: '', LOOKER_CLIENT_ID: '', LOOKER_CLIENT_SECRET: '' }, 'looker-only.json');
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([
      { type: 'skipped', service: 'looker', message: 'Looker skipped: LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET are not set' },
      {
        type: 'error', kind: 'no_service',
        message: 'nothing to compare: the mapping writes only to Looker, which the environment skips (set LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET)',
      },
    ]);
    expect(server.fake.calls.total()).toBe(0);
  });

  test('every record is a problem: the problems, then exit 1 saying nothing was compared', async () => {
    const result = await plan('strangers.csv', {}, 'looker-only.json');
    expect(result.code).toBe(1);
    const events = eventsOf(result.stdout);
    expect(events.map((event) => event.type)).toEqual(['problem', 'problem', 'plan', 'error']);
    expect(events.at(-2)).toMatchObject({ summary: { set: 0, remove: 0, unchanged: 0, compared: 0, problems: 2 } });
    expect(events.at(-1)).toEqual({ type: 'error', kind: 'nothing_compared', message: 'every record is a problem (2 listed): nothing was compared' });
  });

  test('an input with no records: exit 1 saying so', async () => {
    const result = await plan('header-only.csv');
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout).at(-1)).toEqual({ type: 'error', kind: 'nothing_compared', message: 'the input has no records: nothing was compared' });
  });
});
