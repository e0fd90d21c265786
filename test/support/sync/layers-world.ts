// A Looker of the testing kit over real HTTP, seeded for the definitions and group values layers:
// an attribute with two ranked group values, three groups (two of them sharing a name), one user.
import { createLookerClient, type LookerClient } from '../../../src/looker/index.js';
import { createSync, parseMapping, type SyncPlan } from '../../../src/sync/index.js';
import { createFakeServices, startFakeServer, type FakeServer, type FakeServices } from '../../../src/testing/index.js';
import { passLoopbackThrough } from '../fake.js';
import { testRuntime } from '../runtime.js';

/** The seeded world: the fake, its server, the ids of what was seeded. */
export interface LayersWorld {
  readonly fake: FakeServices;
  readonly server: FakeServer;
  readonly clock: ReturnType<typeof testRuntime>;
  readonly ids: { region: string; sales: string; support: string; eng: string };
  /** A sync with a fresh client (`wrap` may stand between) and this desired state under `looker` (and region mapped from the records). */
  sync(looker: unknown, wrap?: (client: LookerClient) => LookerClient, fields?: Record<string, unknown>): ReturnType<typeof createSync>;
  /** The plan of `looker`, or a thrown error. */
  plan(looker: unknown): Promise<SyncPlan>;
  /** Region's group values now, in precedence order, by group name. */
  groupValues(attribute?: string): { group: string; value: string }[];
}

/** The records every plan of this world reads. */
export const RECORDS = [{ email: 'ana@acme.test', Region: 'EMEA' }];

/** Starts the world (close `server` after). */
export async function startLayersWorld(): Promise<LayersWorld> {
  const clock = testRuntime();
  const fake = createFakeServices({ now: clock.runtime.now, looker: { tokenLifetimeSeconds: 30 * 86_400 } });
  const server = await startFakeServer({ fake });
  passLoopbackThrough();
  const region = fake.looker.addUserAttribute({ name: 'region', label: 'Region', type: 'string', userCanView: true, userCanEdit: false });
  const sales = fake.looker.addGroup({ name: 'Sales' });
  const support = fake.looker.addGroup({ name: 'Support' });
  const eng = fake.looker.addGroup({ name: 'Engineering' });
  fake.looker.addGroup({ name: 'Twice' });
  fake.looker.addGroup({ name: 'Twice' });
  fake.looker.setGroupValues(region.id, [{ groupId: sales.id, value: 'EMEA', rank: 1 }, { groupId: support.id, value: 'APAC', rank: 2 }]);
  fake.looker.addUser({ email: 'ana@acme.test' });
  const names = () => new Map(fake.looker.snapshot().groups.map((group) => [group.id, group.name]));
  const sync = (looker: unknown, wrap = (client: LookerClient) => client, fields: Record<string, unknown> = { Region: { looker: 'region' } }) => {
    const mapping = parseMapping({ fields, looker });
    if (!mapping.ok) throw new Error(mapping.error.message);
    const client = createLookerClient({ baseUrl: server.url, credentials: fake.looker.createApiCredentials() });
    return createSync({ looker: wrap(client), mapping: mapping.data, runtime: clock.runtime });
  };
  return {
    fake, server, clock, sync,
    ids: { region: region.id, sales: sales.id, support: support.id, eng: eng.id },
    async plan(looker) {
      const plan = await sync(looker).plan(RECORDS);
      if (!plan.ok) throw new Error(plan.error.message);
      return plan.data;
    },
    groupValues(attribute = 'region') {
      const id = fake.looker.snapshot().userAttributes.find((a) => a.name === attribute)?.id as string;
      return fake.looker.groupValues(id).map((gv) => ({ group: names().get(gv.groupId) as string, value: gv.value }));
    },
  };
}
