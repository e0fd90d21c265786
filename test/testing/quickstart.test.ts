import { describe, expect, test } from 'vitest';
import { runQuickstart } from '../../examples/quickstart/run.js';
import { seedOrg, useFakeServer, passLoopbackThrough } from '../support/fake.js';

async function run(env: Record<string, string | undefined>) {
  const lines: string[] = [];
  const exitCode = await runQuickstart(env, (line) => lines.push(line));
  return { exitCode, output: lines.join('\n') };
}

test('with no environment it tours the fake services and closes the server', async () => {
  passLoopbackThrough();
  const { exitCode, output } = await run({});
  expect(exitCode).toBe(0);
  expect(output).toContain('all group values of region: Sales "Americas" rank 1, Support "APAC" rank 2');
  expect(output).toContain('remove Region with null: ana@example.com now has Department=Engineering');
  expect(output).toMatch(/retry: users\.attributes\.update attempt 1 failed \(rate_limited, HTTP 429\); trying again in 300 ms/);
  expect(output).toContain('user 999: not_found');
  expect(output).not.toMatch(/FAILED|fake-secret|fake-looker-token|fake-dx-token/);
  const url = /listening on (\S+)/.exec(output)?.[1];
  await expect(fetch(`${url}/api/4.0/logout`, { method: 'DELETE' })).rejects.toThrow(TypeError);
});

test('then it runs the command line: plan --detailed-exitcode exits 2, apply 0, plan again 0, with the readable text', async () => {
  passLoopbackThrough();
  const { exitCode, output } = await run({});
  expect(exitCode).toBe(0);
  const tour = output.slice(output.indexOf('Command line (user-attributes-sdk plan | apply)'));
  const commands = [...tour.matchAll(/^ {2}\$ user-attributes-sdk (\w+).*\n(?:(?! {2}\(exit).*\n)*? {2}\(exit (\d+)\)$/gm)].map((m) => [m[1], m[2]]);
  expect(commands).toEqual([['plan', '2'], ['apply', '0'], ['plan', '0']]);
  expect(tour).toContain('    ben@example.com\n      + Looker department: "Support"\n      - Looker region: "APAC" removed, falls back to "World" from Default\n');
  // The desired state's layers, before the users: region's label and the Sales group's value, and who then resolves to what.
  expect(tour).toContain('    Looker definitions:\n      ~ region: label "Region" → "Sales region"\n');
  expect(tour).toContain('    Looker group values (first wins):\n      ~ region: PATCH Sales\n          before: 1. Sales "Americas"\n          after:  1. Sales "AMER"\n');
  expect(tour).toContain('        ~ carl@example.com: "Americas" (group Sales) → "AMER" (group Sales)\n');
  // Looker: the definition and the group value, four writes (two users), the read of their two ids (one call) and the login; DX: one write per user.
  expect(tour).toContain('    Plan: 1 definition change, 1 group value call, 5 to set, 1 to remove, 0 unchanged; calls to make: Looker 8, DX 2.');
  expect(tour).toMatch(/^ {4}█{24} 8\/8 {2}[\d.]+\/s {2}10 calls {2}ETA 0:00$/m);
  expect(tour).toContain('    Apply complete: 8 of 8 applied; calls made: Looker 8, DX 2.');
  expect(tour).toContain('    No changes. Looker and DX match the input (6 unchanged).');
  expect(tour).toContain('ben\'s region is "World" (its default), carl\'s "AMER" (Sales\'); DX: ana has {"Department":"Engineering"}');
  expect(tour).not.toMatch(/fake-secret|fake-looker-token|fake-dx-token|\u001b/);
});

describe('with credentials it uses the services it is pointed at', () => {
  const context = useFakeServer();

  test('writes only to the ids given, and never prints a secret', async () => {
    const { ana, ben, support, sales, region } = seedOrg(context.fake);
    context.fake.looker.setGroupValues(region.id, [{ groupId: sales.id, value: 'Sales-land' }]);
    context.fake.dx.addUser({ email: 'ana@example.com', attributes: { Region: 'EU', Team: 'Core' } });
    const { clientId, clientSecret } = context.fake.looker.createApiCredentials();
    const token = context.fake.dx.createToken();

    const { exitCode, output } = await run({
      LOOKER_BASE_URL: context.server.url,
      LOOKER_CLIENT_ID: clientId,
      LOOKER_CLIENT_SECRET: clientSecret,
      LOOKER_USER_ATTRIBUTE_ID: region.id,
      LOOKER_VALUE: 'EMEA',
      LOOKER_USER_ID: ana.id,
      LOOKER_GROUP_ID: support.id,
      DX_API_TOKEN: token,
      DX_BASE_URL: context.server.url,
      DX_USER_EMAIL: 'ana@example.com',
      DX_ATTRIBUTE_NAME: 'Department',
      DX_ATTRIBUTE_VALUE: 'Engineering',
      DX_REMOVE_ATTRIBUTE: 'region',
    });

    expect(exitCode).toBe(0);
    expect(output).toContain(`user ${ana.id}'s own value of attribute ${region.id}: "EMEA" (source: User Setting)`);
    expect(output).toContain('set all group values: skipped (it replaces every group value of the attribute');
    expect(output).toContain('remove region with null: ana@example.com now has Team=Core, Department=Engineering');
    expect(output).not.toContain(clientSecret);
    expect(output).not.toContain(token);
    expect(output).not.toMatch(/fake-looker-token/);

    // The group list was not replaced: Sales kept its value, Support was added after it.
    expect(context.fake.looker.groupValues(region.id).map((gv) => [gv.groupId, gv.value])).toEqual([
      [sales.id, 'Sales-land'],
      [support.id, 'EMEA'],
    ]);
    expect(context.fake.looker.resolve(ben.id, region.id).value).toBe('EMEA');
    expect(context.fake.requests.map((r) => r.operation)).toEqual([
      'login',
      'set_user_attribute_user_value',
      'update_user_attribute_group_value',
      'logout',
      'users.attributes.update',
      'users.attributes.update',
    ]);
  });

  test('without ids it only logs in and out; half-set credentials fail', async () => {
    const { clientId, clientSecret } = context.fake.looker.createApiCredentials();
    const loginOnly = await run({
      LOOKER_BASE_URL: context.server.url,
      LOOKER_CLIENT_ID: clientId,
      LOOKER_CLIENT_SECRET: clientSecret,
    });
    expect(loginOnly.exitCode).toBe(0);
    expect(loginOnly.output).toContain('logged in: the token is valid for 3600 s');
    expect(loginOnly.output).toContain('DX: skipped (set DX_API_TOKEN)');
    expect(context.fake.requests.map((r) => r.operation)).toEqual(['login', 'logout']);

    const halfSet = await run({ LOOKER_BASE_URL: context.server.url });
    expect(halfSet.exitCode).toBe(1);
    expect(halfSet.output).toContain('missing LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET');

    const wrongSecret = await run({
      LOOKER_BASE_URL: context.server.url,
      LOOKER_CLIENT_ID: clientId,
      LOOKER_CLIENT_SECRET: 'not-the-secret-8f3k',
    });
    expect(wrongSecret.exitCode).toBe(1);
    expect(wrongSecret.output).toContain('log in: FAILED');
    expect(wrongSecret.output).not.toContain('not-the-secret-8f3k');
  });
});
