// The quickstart without any account: a fake Looker and DX on a loopback port, seeded with a
// small org, driven through every operation by the SDK's real clients.
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { startFakeServer, type FakeServices, type FakeResolvedValue } from '../../src/testing/index.js';
import { explainLookerError } from './explain.js';
import { logout, printRetry, setGroupValues, setUserValue, updateDxAttributes, updateGroupValue, type Print } from './steps.js';

const ANA_EMAIL = 'ana@example.com';

function seedOrg(fake: FakeServices) {
  const sales = fake.looker.addGroup({ name: 'Sales' });
  const support = fake.looker.addGroup({ name: 'Support' });
  const ana = fake.looker.addUser({ email: ANA_EMAIL, groupIds: [sales.id, support.id] });
  const ben = fake.looker.addUser({ email: 'ben@example.com', groupIds: [support.id] });
  const region = fake.looker.addUserAttribute({ name: 'region', label: 'Region', defaultValue: 'World' });
  const headcount = fake.looker.addUserAttribute({ name: 'headcount', type: 'number' });
  fake.dx.addUser({ email: ANA_EMAIL });
  return { sales, support, ana, ben, region, headcount };
}

function describeResolved({ value, source, rank }: FakeResolvedValue): string {
  return `${JSON.stringify(value)} (${source}${rank === null ? '' : `, rank ${rank}`})`;
}

/** Runs the tour against a fake server it starts and always closes. True when every step went as expected. */
export async function runFakeTour(print: Print): Promise<boolean> {
  const server = await startFakeServer();
  try {
    const { fake, url } = server;
    print(`Fake Looker and DX listening on ${url} (set LOOKER_* or DX_API_TOKEN to use the real services)`);
    const org = seedOrg(fake);
    const groupName = (id: string) => [org.sales, org.support].find((g) => g.id === id)?.name ?? `group ${id}`;
    print(
      `Seeded: ana (Sales, Support), ben (Support); attributes region (default "World") and headcount (a number); DX user ${ANA_EMAIL}`,
    );

    const clientOptions = { baseUrl: url, timeoutMs: 5_000, retry: { onRetry: printRetry(print) } };
    const looker = createLookerClient({ ...clientOptions, credentials: fake.looker.createApiCredentials() });
    const dx = createDxClient({ ...clientOptions, token: fake.dx.createToken() });
    const logins = () => fake.requests.filter((r) => r.operation === 'login').length;
    const steps: boolean[] = [];

    print('\nLooker');
    steps.push(
      await setUserValue(looker, print, 'ana\'s own region', {
        userId: org.ana.id,
        userAttributeId: org.region.id,
        value: 'EMEA',
      }),
    );
    print(`    (the client logged in by itself first: ${logins()} login so far)`);
    steps.push(
      await updateGroupValue(looker, print, 'Support\'s region', {
        groupId: org.support.id,
        userAttributeId: org.region.id,
        value: 'APAC',
      }),
    );
    steps.push(
      await setGroupValues(
        looker,
        print,
        'all group values of region',
        {
          userAttributeId: org.region.id,
          groupValues: [
            { groupId: org.support.id, value: 'APAC', rank: 2 },
            { groupId: org.sales.id, value: 'Americas', rank: 1 },
          ],
        },
        groupName,
      ),
    );
    print(
      `    now ana gets ${describeResolved(fake.looker.resolve(org.ana.id, org.region.id))}, ben gets ${describeResolved(fake.looker.resolve(org.ben.id, org.region.id))}`,
    );
    steps.push(await logout(looker, print));

    print('\nDX');
    steps.push(
      await updateDxAttributes(dx, print, 'set Department and Region', ANA_EMAIL, { Department: 'Engineering', Region: 'EU' }),
    );
    steps.push(await updateDxAttributes(dx, print, 'remove Region with null', ANA_EMAIL, { Region: null }));

    print('\nRate limiting (a fault injected into the fake: the next DX request gets HTTP 429, retry-after-ms: 300)');
    fake.faults.add({ service: 'dx', rateLimit: { retryAfter: { milliseconds: 300 } }, times: 1 });
    steps.push(await updateDxAttributes(dx, print, 'set Team despite the 429', ANA_EMAIL, { Team: 'Core' }));

    print('\nTyped errors (switch on error.kind)');
    const missing = await looker.setUserAttributeUserValue({ userId: '999', userAttributeId: org.region.id, value: 'EMEA' });
    const notANumber = await looker.setUserAttributeUserValue({
      userId: org.ana.id,
      userAttributeId: org.headcount.id,
      value: 'many',
    });
    for (const [label, result, expected] of [
      ['user 999', missing, 'not_found'],
      ['headcount "many"', notANumber, 'validation'],
    ] as const) {
      if (result.ok) steps.push(false);
      else {
        print(`  ${label}: ${result.error.kind}, ${explainLookerError(result.error)}`);
        steps.push(result.error.kind === expected);
      }
    }
    print(`    (after the logout the client logged in again by itself: ${logins()} logins in all)`);
    return steps.every(Boolean);
  } finally {
    await server.close();
    print('\nFake server closed.');
  }
}
