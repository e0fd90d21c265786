// The sync benchmark's population: users with 3 Looker and 3 DX attributes, last run's records
// (already in both services) and tonight's, in which every 50th user (2 %) changed two fields.
import { createDxClient } from 'user-attributes-sdk/dx';
import { createLookerClient } from 'user-attributes-sdk/looker';
import { parseMapping, type SyncMapping, type SyncRecord } from 'user-attributes-sdk/sync';
import { createFakeServices, startFakeServer, type FakeServer, type FakeServices, type FakeServicesOptions } from 'user-attributes-sdk/testing';

/** Record field → Looker attribute and DX attribute: 3 of each. */
export const MAPPING_JSON = {
  email: 'email',
  fields: {
    Department: { looker: 'department', dx: 'Department' },
    Region: { looker: 'region', dx: 'Region' },
    Level: { looker: 'level', dx: 'Level' },
  },
};

/** Looker attributes per user, and DX attributes per user. */
export const ATTRIBUTES_PER_SERVICE = 3;
/** Every `CHANGE_EVERY`-th user changed since the last run. */
export const CHANGE_EVERY = 50;
/** Fields a changed user changed. */
export const CHANGED_FIELDS = 2;

export function mapping(): SyncMapping {
  const parsed = parseMapping(MAPPING_JSON);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.data;
}

export const emailOf = (i: number) => `user${i}@acme.test`;

/** Last run's record of user `i` (what both services hold). */
export function previousRecord(i: number): SyncRecord {
  return { email: emailOf(i), Department: `Dept ${i % 7}`, Region: `Region ${i % 5}`, Level: String(i % 9) };
}

/** Tonight's record of user `i`: every 50th changed its department and level. */
export function currentRecord(i: number): SyncRecord {
  const record = previousRecord(i);
  return i % CHANGE_EVERY === 0 ? { ...record, Department: `Dept ${i % 7} (new)`, Level: String((i % 9) + 10) } : record;
}

/** `count` records made one at a time as they are read, never held as an array. */
export async function* records(count: number, make: (i: number) => SyncRecord): AsyncGenerator<SyncRecord> {
  for (let i = 0; i < count; i++) yield make(i);
}

/** A fake on loopback, with real time, and clients pointed at it (the sync's lanes retry, so the clients do not). */
export interface BenchWorld {
  readonly fake: FakeServices;
  readonly server: FakeServer;
  readonly looker: ReturnType<typeof createLookerClient>;
  readonly dx: ReturnType<typeof createDxClient>;
  /** Ids of the Looker attributes by name. */
  readonly attributeIds: Record<string, string>;
  /** Looker user id of user `i`. */
  readonly userIds: string[];
  close(): Promise<void>;
}

/** What each service holds of user `i` before the run. */
export interface Seed {
  readonly looker: (i: number) => SyncRecord;
  readonly dx: (i: number) => SyncRecord;
}

/** Starts a fake and seeds `users` users in both services, by default holding last run's values. */
export async function startWorld(
  users: number,
  options: FakeServicesOptions = {},
  seed: Seed = { looker: previousRecord, dx: previousRecord },
): Promise<BenchWorld> {
  const fake = createFakeServices(options);
  const attributeIds: Record<string, string> = {};
  for (const [, { looker }] of Object.entries(MAPPING_JSON.fields)) {
    attributeIds[looker] = fake.looker.addUserAttribute({ name: looker, userCanEdit: false, type: looker === 'level' ? 'number' : 'string' }).id;
  }
  const userIds: string[] = [];
  for (let i = 0; i < users; i++) {
    const inLooker = seed.looker(i);
    const inDx = seed.dx(i);
    const { id } = fake.looker.addUser({ email: emailOf(i) });
    userIds.push(id);
    const dxAttributes: Record<string, string> = {};
    for (const [field, { looker, dx }] of Object.entries(MAPPING_JSON.fields)) {
      fake.looker.setUserValue(id, attributeIds[looker] as string, String(inLooker[field]));
      dxAttributes[dx] = String(inDx[field]);
    }
    fake.dx.addUser({ email: emailOf(i), attributes: dxAttributes });
  }
  const server = await startFakeServer({ fake });
  // The sync's lanes pace and retry every request: the clients do neither by themselves.
  const looker = createLookerClient({ baseUrl: server.url, credentials: fake.looker.createApiCredentials(), retry: false });
  const dx = createDxClient({ baseUrl: server.url, token: fake.dx.createToken(), retry: false, rateLimit: false });
  const login = await looker.login();
  if (!login.ok) throw new Error(login.error.message);
  return { fake, server, looker, dx, attributeIds, userIds, close: () => server.close() };
}

/** Requests the fake answered with 429, per service. */
export function rateLimitedReplies(fake: FakeServices, service: 'looker' | 'dx', since = 0): number {
  return fake.requests.slice(since).filter((request) => request.service === service && request.status === 429).length;
}

/** True when both services hold exactly tonight's records for users `0..count`. */
export function matchesRecords(world: BenchWorld, count: number, make = currentRecord): boolean {
  for (let i = 0; i < count; i++) {
    const record = make(i);
    const dx = world.fake.dx.user(emailOf(i)).attributes;
    for (const [field, { looker, dx: name }] of Object.entries(MAPPING_JSON.fields)) {
      const resolved = world.fake.looker.resolve(world.userIds[i] as string, world.attributeIds[looker] as string);
      if (resolved.source !== 'user' || resolved.value !== record[field] || dx[name] !== record[field]) return false;
    }
  }
  return true;
}
