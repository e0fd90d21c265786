// A desired state of all three layers through the real bin from the packed tarball, against the
// kit over HTTP: the plan shows each definition and group value change and who resolves to what;
// apply makes them in order; the next plan has nothing to do. A desired state of layers alone
// needs no input file.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, kitEnvironment, runBin, runBinInTerminal, scratch, type BinRun } from '../support/cli/bin.js';

let server: FakeServer;
let dir: string;
let env: Record<string, string>;
const at = (name: string) => join(dir, name);
/** The text a terminal showed, as plain lines. */
const inTerminal = async (args: readonly string[]): Promise<BinRun> => {
  const run = await runBinInTerminal([...args, '--no-color'], { env });
  return { ...run, stdout: run.stdout.replace(/\r\n/g, '\n') };
};

const DESIRED = `# HR's department and region, and what each group sees
email: Work Email
fields:
  Region: { looker: region }
looker:
  attributes:
    region: { label: Sales region, default: World }
    team: { type: string, label: Team, userCanView: true }
  groupValues:
    region:
      - { group: Sales, value: EU }
      - { group: Support, value: APAC }
`;

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  const { looker } = server.fake;
  const region = looker.addUserAttribute({ name: 'region', label: 'Region', type: 'string', userCanView: true, userCanEdit: false });
  const sales = looker.addGroup({ name: 'Sales' });
  const support = looker.addGroup({ name: 'Support' });
  looker.setGroupValues(region.id, [{ groupId: sales.id, value: 'EMEA', rank: 1 }, { groupId: support.id, value: 'APAC', rank: 2 }]);
  looker.addUser({ email: 'jo@acme.test' });
  looker.addUser({ email: 'sam@acme.test', groupIds: [sales.id] });
  looker.addUser({ email: 'kim@acme.test', groupIds: [support.id] });
  env = kitEnvironment(server).env;
  dir = await scratch({
    'hr.csv': 'Work Email,Region\njo@acme.test,AMER\n',
    'desired.yaml': DESIRED,
    'groups.yaml': 'looker:\n  groupValues:\n    region:\n      - { group: Support, value: APAC }\n',
    'added.yaml': 'looker:\n  groupValues:\n    region:\n      - { group: Support, value: APAC }\n      - { group: Sales, value: EU }\n',
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('plan shows the definitions, the group values with their calls and the effective values; apply makes them; the next plan has nothing to do', async () => {
  const planned = await inTerminal(['plan', '--input', at('hr.csv'), '--map', at('desired.yaml'), '--out', at('plan.json'), '--detailed-exitcode']);
  expect(planned.code).toBe(2);
  expect(planned.stdout).toContain('Looker definitions:\n  ~ region: label "Region" → "Sales region"; default none → "World"\n  + team: created (type "string", label "Team", user can view true)\n');
  expect(planned.stdout).toContain('Looker group values (first wins):\n  ~ region: PATCH Sales\n      before: 1. Sales "EMEA", 2. Support "APAC"\n      after:  1. Sales "EU", 2. Support "APAC"\n');
  // sam is in Sales: EMEA → EU; jo gets her own value; kim keeps Support's APAC.
  expect(planned.stdout).toMatch(/Effective values \(definitions and group values changed\):\n {2}region: 2 users at most \(some own values were not read\) resolve/);
  expect(planned.stdout).toContain('  ~ sam@acme.test: "EMEA" (group Sales) → "EU" (group Sales)\n');
  expect(planned.stdout).toMatch(/^Plan: 2 definition changes, 1 group value call, 1 to set, 0 to remove, 0 unchanged; calls to make: Looker \d+, DX 0\.$/m);

  const json = await runBin(['plan', '--input', at('hr.csv'), '--map', at('desired.yaml'), '--json'], { env });
  const events = jsonLines(json.stdout);
  expect(events.filter((e) => e.type === 'definition').map((e) => [e.attribute, e.action])).toEqual([['region', 'update'], ['team', 'create']]);
  expect(events.filter((e) => e.type === 'group_values')).toEqual([expect.objectContaining({ attribute: 'region', calls: [expect.objectContaining({ call: 'update', group: 'Sales' })] })]);

  const applied = await runBin(['apply', at('plan.json'), '--yes', '--json'], { env });
  expect(applied.code).toBe(0);
  const outcomes = jsonLines(applied.stdout).filter((e) => e.type === 'outcome').map((e) => [e.layer ?? e.email, e.attribute, e.outcome]);
  expect(outcomes).toEqual([['definition', 'region', 'applied'], ['definition', 'team', 'applied'], ['group_values', 'region', 'applied'], ['jo@acme.test', 'region', 'applied']]);
  const { looker } = server.fake;
  expect(looker.snapshot().userAttributes.find((a) => a.name === 'team')).toMatchObject({ label: 'Team', type: 'string' });
  const sam = looker.snapshot().users.find((u) => u.email === 'sam@acme.test');
  expect(looker.resolvedValue(sam?.id as string, 'region')).toMatchObject({ value: 'EU', source: 'group' });

  const again = await inTerminal(['plan', '--input', at('hr.csv'), '--map', at('desired.yaml'), '--detailed-exitcode']);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/^No changes\. Looker matches the input/m);
});

test('a desired state of layers alone: planned and applied without --input', async () => {
  const planned = await inTerminal(['plan', '--map', at('groups.yaml'), '--out', at('groups.plan.json')]);
  expect(planned.code).toBe(0);
  expect(planned.stdout).toContain('  ~ region: DELETE Sales\n');
  expect(planned.stdout).toMatch(/^Plan: 1 group value call; calls to make: Looker \d+\.$/m);
  const applied = await inTerminal(['apply', at('groups.plan.json'), '--yes']);
  expect(applied.code).toBe(0);
  expect(applied.stdout).toMatch(/^Apply complete: 1 of 1 applied/m);
  const again = await inTerminal(['plan', '--map', at('groups.yaml')]);
  expect(again.stdout).toContain('No changes. Looker\'s definitions and group values match the desired state.');
});

test('a desired state that maps fields still needs --input: exit 1 before any request', async () => {
  server.fake.calls.reset();
  const result = await runBin(['plan', '--map', at('desired.yaml')], { env });
  expect(result.code).toBe(1);
  expect(jsonLines(result.stdout)).toContainEqual(expect.objectContaining({ type: 'error', message: expect.stringContaining('plan needs --input FILE') }));
  expect(server.fake.calls.total('looker')).toBe(0);
});
