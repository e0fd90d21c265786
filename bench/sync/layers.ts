// Group values: the calls of a run that changes one group's value of an attribute in an org of
// 2,000 users (four groups of 500), planned and applied as a desired state of that layer alone,
// next to a script that writes the new value to each member of the group one by one.
import { createLookerClient } from 'user-attributes-sdk/looker';
import { createSync, parseMapping } from 'user-attributes-sdk/sync';
import { createFakeServices, startFakeServer } from 'user-attributes-sdk/testing';

export interface LayersResult {
  readonly users: number;
  readonly groupMembers: number;
  /** The plan's reads, by operation (the login and the effective diff's user listing included). */
  readonly planReads: Record<string, number>;
  /** Apply's requests, by operation. */
  readonly applyCalls: Record<string, number>;
  /** Writes of the group values layer (the goal: 1). */
  readonly groupLayerWrites: number;
  /** Users the plan lists as resolving to another value. */
  readonly effectiveUsers: number;
  /** The one-by-one script: reads of the group's members and one write per member. */
  readonly oneByOne: { readonly reads: number; readonly writes: number };
  /** True when every member of the group resolves to the new value afterwards. */
  readonly membersResolveToNew: boolean;
}

const GROUPS = [['Sales', 'EMEA'], ['Support', 'APAC'], ['Engineering', 'AMER'], ['Finance', 'EMEA']] as const;
const sum = (counts: Record<string, number | undefined>) => Object.values(counts).reduce<number>((total, n) => total + (n ?? 0), 0);

function seed(users: number) {
  const fake = createFakeServices();
  const region = fake.looker.addUserAttribute({ name: 'region', label: 'Region', type: 'string', defaultValue: 'World', userCanEdit: false });
  const groups = GROUPS.map(([name]) => fake.looker.addGroup({ name }));
  fake.looker.setGroupValues(region.id, GROUPS.map(([, value], i) => ({ groupId: (groups[i] as { id: string }).id, value, rank: i + 1 })));
  const members: string[] = [];
  for (let i = 0; i < users; i++) {
    const group = groups[i % groups.length] as { id: string };
    const { id } = fake.looker.addUser({ email: `user${i}@acme.test`, groupIds: [group.id] });
    if (group === groups[0]) members.push(id);
  }
  return { fake, region, sales: groups[0] as { id: string }, members };
}

export async function measureGroupValueChange(users: number): Promise<LayersResult> {
  const desired = parseMapping({
    looker: { groupValues: { region: GROUPS.map(([group, value]) => ({ group, value: group === 'Sales' ? 'EU' : value })) } },
  });
  if (!desired.ok) throw new Error(desired.error.message);

  // The layer planned and applied by the sync.
  const { fake, region, members } = seed(users);
  const server = await startFakeServer({ fake });
  try {
    const looker = createLookerClient({ baseUrl: server.url, credentials: fake.looker.createApiCredentials(), retry: false });
    const sync = createSync({ looker, mapping: desired.data, rateLimit: { looker: { requests: 1000, perMs: 1000, maxConcurrency: 8 } } });
    fake.calls.reset();
    const plan = await sync.plan([]);
    if (!plan.ok) throw new Error(plan.error.message);
    const planReads = fake.calls.byOperation('looker') as Record<string, number>;
    fake.calls.reset();
    const report = await sync.apply(plan.data, { dryRun: false });
    if (!report.ok || report.data.applied !== report.data.planned) throw new Error('the apply did not complete');
    const applyCalls = fake.calls.byOperation('looker') as Record<string, number>;
    const groupCalls = ['update_user_attribute_group_value', 'delete_user_attribute_group_value', 'set_user_attribute_group_values'];
    const groupLayerWrites = sum(Object.fromEntries(groupCalls.map((operation) => [operation, applyCalls[operation]])));
    const membersResolveToNew = members.every((id) => fake.looker.resolve(id, region.id).value === 'EU');
    const effectiveUsers = plan.data.effective?.find((section) => section.attribute === 'region')?.count ?? 0;

    // The same change written to each member one by one, on a fresh org.
    const oneByOne = await writeToEachMember(users);
    return { users, groupMembers: members.length, planReads, applyCalls, groupLayerWrites, effectiveUsers, oneByOne, membersResolveToNew };
  } finally {
    await server.close();
  }
}

async function writeToEachMember(users: number): Promise<LayersResult['oneByOne']> {
  const { fake, region, sales } = seed(users);
  const server = await startFakeServer({ fake });
  try {
    const looker = createLookerClient({ baseUrl: server.url, credentials: fake.looker.createApiCredentials(), retry: false, rateLimit: false });
    const login = await looker.login();
    if (!login.ok) throw new Error(login.error.message);
    fake.calls.reset();
    const listed = await looker.listGroupUsers({ groupId: sales.id, fields: ['id'] }).all();
    if (!listed.ok) throw new Error(listed.error.message);
    const reads = sum(fake.calls.byOperation('looker'));
    for (const member of listed.data) {
      const written = await looker.setUserAttributeUserValue({ userId: String(member.id), userAttributeId: region.id, value: 'EU' });
      if (!written.ok) throw new Error(written.error.message);
    }
    return { reads, writes: sum(fake.calls.byOperation('looker')) - reads };
  } finally {
    await server.close();
  }
}

const int = (n: number) => n.toLocaleString('en-US');
const listed = (counts: Record<string, number>) => Object.entries(counts).map(([operation, n]) => `${n} \`${operation}\``).join(', ');

/** The page of this row: the calls against the goal, beside the one-by-one script. */
export function renderLayersMarkdown(result: LayersResult, date: string): string {
  const planReads = sum(result.planReads);
  const applyCalls = sum(result.applyCalls);
  const script = result.oneByOne.reads + result.oneByOne.writes;
  return `# One group value changed (\`npm run bench:sync\`, ${date})

| | Goal | Measured | Met |
| --- | --- | --- | --- |
| Writes of the group values layer, one group's value changed, ${int(result.users)} users | 1 | ${result.groupLayerWrites} (${listed(result.applyCalls)}) | ${result.groupLayerWrites === 1 ? 'yes' : '**no**'} |
| Plan's reads | reported | ${planReads} (${listed(result.planReads)}) | — |
| Plan and apply in all | reported | ${planReads + applyCalls} requests | — |
| The same value written to each of the group's ${int(result.groupMembers)} members one by one | reported | ${int(script)} requests (${result.oneByOne.reads} to list the members, ${int(result.oneByOne.writes)} writes): ${(script / (planReads + applyCalls)).toFixed(1)}× more | — |

- The org: ${int(result.users)} users in four groups of ${int(result.groupMembers)} (Sales, Support, Engineering, Finance),
  each group holding a value of \`region\`; the desired state declares the same four with Sales' value changed,
  and nothing else (no record field). The kit's fake over loopback, lanes wide open: counts, not pace.
- The plan reads every definition, the groups, the attribute's group values and (for who resolves to what)
  the user listing, 500 users a page; it finds ${int(result.effectiveUsers)} users whose
  resolved \`region\` changes. Apply sends the one PATCH; every member of Sales resolves to the new value after
  it: ${result.membersResolveToNew ? 'yes' : '**no**'}.
- The one-by-one script gives each member an own value instead, which also outranks every group
  value they will be given later.
`;
}
