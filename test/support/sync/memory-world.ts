// An in-memory Looker and DX behind the sync's ports, following the services' documented rules:
// value precedence (own, then groups by rank, then default), hidden values read back blank,
// Looker's type checks on writes, DX's partial listing (a user with no role and no attributes is
// left out) and case-insensitive names, and 429/503
// replies injected by script or by a sliding window on the shared, injected clock.
import type { Result } from '../../../src/core/result.js';
import type { Runtime } from '../../../src/core/runtime.js';
import type { PortError, SyncAttributeValue, SyncDx, SyncDxUser, SyncLooker, SyncLookerAttribute, SyncLookerUser, SyncService } from '../../../src/sync/model/ports.js';
import { lookerValueProblem } from '../../../src/sync/model/value-types.js';
import { testRuntime } from '../runtime.js';
import type { AttributeSeed, FaultScript, ProcessKiller, SyncWorld } from './world.js';

const REPLY = new Response(null, { status: 200 });
const ok = <T>(data: T): Result<T, PortError> => ({ ok: true, data, response: REPLY });
const fail = (kind: string, operation: string, message: string, extra: Partial<PortError> = {}): Result<never, PortError> => ({
  ok: false,
  error: { kind, operation, message, attempts: 1, ...extra },
});

/** Decides, before each request, whether it fails; and may kill the whole process (see `Killer`). */
class Faults implements FaultScript {
  #queue: { status: number; retryAfterMs?: number }[] = [];
  #window: { requests: number; perMs: number; retryAfter: boolean; times: number[] } | undefined;
  constructor(private readonly now: () => number) {}
  rateLimitNext(count: number, retryAfterMs?: number) {
    for (let i = 0; i < count; i++) this.#queue.push({ status: 429, ...(retryAfterMs !== undefined && { retryAfterMs }) });
  }

  failNext(count: number, status = 503) {
    for (let i = 0; i < count; i++) this.#queue.push({ status });
  }

  limitRate(requests: number, perMs: number, retryAfter: boolean) {
    this.#window = { requests, perMs, retryAfter, times: [] };
  }

  /** The error this request gets, if any. */
  check(operation: string): Result<never, PortError> | undefined {
    const scripted = this.#queue.shift();
    if (scripted?.status === 429) return fail('rate_limited', operation, '429 Too Many Requests', { status: 429, retryAfterMs: scripted.retryAfterMs });
    if (scripted) return fail('server', operation, `${scripted.status} Service Unavailable`, { status: scripted.status });
    const window = this.#window;
    if (!window) return undefined;
    const now = this.now();
    while (window.times.length && (window.times[0] as number) <= now - window.perMs) window.times.shift();
    if (window.times.length >= window.requests) {
      const retryAfterMs = window.retryAfter ? (window.times[0] as number) + window.perMs - now : undefined;
      return fail('rate_limited', operation, '429 Too Many Requests', { status: 429, retryAfterMs });
    }
    window.times.push(now);
    return undefined;
  }
}

/**
 * Simulates the process dying: once `armed` calls have started, the next call (or journal append)
 * finds the process dead; a call at the moment of death may or may not have taken effect.
 */
export class Killer implements ProcessKiller {
  dead = false;
  #countdown = Infinity;
  #landsBeforeDeath = false;
  /** Dies at the `calls`-th request or journal append from now; `lands`: the dying request takes effect. */
  arm(calls: number, lands: boolean) {
    this.#countdown = calls;
    this.#landsBeforeDeath = lands;
    this.dead = false;
  }

  disarm() {
    this.#countdown = Infinity;
    this.dead = false;
  }

  /** Runs `effect` unless dead; throws once dead. */
  step<T>(effect: () => T): T {
    if (this.dead) throw new Error('killed');
    if (--this.#countdown > 0) return effect();
    this.dead = true;
    if (this.#landsBeforeDeath) effect();
    throw new Error('killed');
  }
}

interface Attribute extends SyncLookerAttribute {
  readonly groupValues: { groupId: string; value: string; rank: number }[];
  readonly userValues: Map<string, string>;
}

/** What the in-memory world can do beyond `SyncWorld`: change who a Looker id is. */
export interface MemoryWorldExtras {
  killer: Killer;
  /** Gives a Looker user another email (as an admin renaming an account). */
  setLookerEmail(userId: string, email: string): void;
  /** Deletes a Looker user. */
  removeLookerUser(userId: string): void;
}

/** Creates the in-memory world. `killer` lets tests kill the "process" at chosen points. */
export function createMemoryWorld(killer = new Killer()): SyncWorld & MemoryWorldExtras {
  const { runtime, sleeps } = testRuntime();
  const wrapped: Runtime = runtime;
  const users = new Map<string, SyncLookerUser & { groups: Set<string> }>();
  const groups = new Map<string, string>();
  const attributes = new Map<string, Attribute>();
  const dxUsers = new Map<string, { id: number; email: string; listed: boolean; attributes: Map<string, { name: string; value: string }> }>();
  const calls = { looker: {} as Record<string, number>, dx: {} as Record<string, number> };
  const writes = new Map<string, number>();
  const faults = { looker: new Faults(runtime.now), dx: new Faults(runtime.now) };
  let ids = 0;

  /** Every request: counted, possibly faulted, possibly fatal to the process. */
  function request<T>(service: SyncService, operation: string, effect: () => Result<T, PortError>): Promise<Result<T, PortError>> {
    return Promise.resolve().then(() =>
      killer.step(() => {
        calls[service][operation] = (calls[service][operation] ?? 0) + 1;
        return faults[service].check(operation) ?? effect();
      }),
    );
  }
  const wrote = (key: string) => writes.set(key, (writes.get(key) ?? 0) + 1);

  /** One page of `all()`: `limit` items after `offset`. */
  const slice = <T>(all: () => T[], offset = 0, limit = 500) => all().slice(offset, offset + limit);

  function rowsOf(user: SyncLookerUser & { groups: Set<string> }, attribute: Attribute, allValues: boolean): SyncAttributeValue[] {
    const hidden = attribute.value_is_hidden === true;
    const row = (value: string | null, source: string, rank: number | null): SyncAttributeValue => ({
      user_id: user.id, user_attribute_id: attribute.id, name: attribute.name, rank,
      value: hidden ? null : value, value_is_hidden: hidden, user_can_edit: attribute.user_can_edit, source,
    });
    const path: SyncAttributeValue[] = [];
    const own = attribute.userValues.get(user.id);
    if (own !== undefined) path.push(row(own, 'User Setting', null));
    for (const gv of [...attribute.groupValues].sort((a, b) => a.rank - b.rank))
      if (user.groups.has(gv.groupId)) path.push(row(gv.value, groups.get(gv.groupId) as string, gv.rank));
    if (attribute.default_value !== null && attribute.default_value !== undefined) path.push(row(attribute.default_value, 'Default', null));
    if (!path.length) path.push(row(null, 'No Value', null));
    return allValues ? path : path.slice(0, 1);
  }

  const looker: SyncLooker = {
    baseUrl: 'https://looker.memory.test/api/4.0',
    allUserAttributes: () =>
      request('looker', 'all_user_attributes', () => ok([...attributes.values()].map(({ groupValues: _g, userValues: _u, ...a }) => ({ ...a })))),
    allUsers: ({ limit, offset, ids }) =>
      request('looker', 'all_users', () => {
        const listed = [...users.values()].filter((user) => !ids || ids.includes(user.id));
        return ok(slice(() => listed.map(({ id, email, is_disabled }) => ({ id, email, is_disabled })), offset, limit));
      }),
    userAttributeUserValues: ({ userId, userAttributeIds, allValues = false }) =>
      request('looker', 'user_attribute_user_values', () => {
        const user = users.get(userId);
        if (!user) return fail('not_found', 'user_attribute_user_values', '404 Not Found', { status: 404 });
        const wanted = userAttributeIds ? userAttributeIds.map((id) => attributes.get(id)).filter((a) => a !== undefined) : [...attributes.values()];
        return ok(wanted.flatMap((attribute) => rowsOf(user, attribute, allValues)));
      }),
    setUserAttributeUserValue: ({ userId, userAttributeId, value }) =>
      request('looker', 'set_user_attribute_user_value', () => {
        const attribute = attributes.get(userAttributeId);
        if (!users.has(userId) || !attribute) return fail('not_found', 'set_user_attribute_user_value', '404 Not Found', { status: 404 });
        if (lookerValueProblem(attribute.type, value)) return fail('validation_failed', 'set_user_attribute_user_value', '422 Validation Failed', { status: 422 });
        attribute.userValues.set(userId, value);
        wrote(`looker/${userId}/${attribute.name}`);
        return ok({ value });
      }),
    deleteUserAttributeUserValue: ({ userId, userAttributeId }) =>
      request('looker', 'delete_user_attribute_user_value', () => {
        const attribute = attributes.get(userAttributeId);
        if (!users.has(userId) || !attribute) return fail('not_found', 'delete_user_attribute_user_value', '404 Not Found', { status: 404 });
        attribute.userValues.delete(userId);
        wrote(`looker/${userId}/${attribute.name}`);
        return ok(undefined);
      }),
  };

  const listedDx = (): SyncDxUser[] =>
    [...dxUsers.values()]
      // DX lists users with a role, team, group, entity or non-default property; attributes count as properties here.
      .filter((user) => user.listed || user.attributes.size > 0)
      .map((user) => ({ id: user.id, email: user.email, attributes: [...user.attributes.values()].map((a) => ({ ...a })), deleted_at: null }));

  const dx: SyncDx = {
    baseUrl: 'https://dx.memory.test',
    listUsersPage: ({ page = 1, pageSize = 100 }) =>
      request('dx', 'users.list', () => {
        const size = Math.min(pageSize, 100);
        const listed = listedDx();
        const users = slice(() => listed, (page - 1) * size, size);
        return ok({ users, nextPage: page * size < listed.length ? page + 1 : null });
      }),
    updateUserAttributes: ({ email, attributes: changes }) =>
      request('dx', 'users.attributes.update', () => {
        const user = dxUsers.get(email.toLowerCase());
        if (!user) return fail('not_found', 'users.attributes.update', '404: user_not_found', { status: 404, code: 'user_not_found' });
        for (const { name, value } of changes) {
          if (value === null) user.attributes.delete(name.toLowerCase());
          else user.attributes.set(name.toLowerCase(), { name, value });
          wrote(`dx/${user.email}/${name}`);
        }
        return ok({ user: { email: user.email } });
      }),
  };

  return {
    duplicateEmails: true,
    dxPerMinute: 1000,
    killer,
    looker,
    dx,
    runtime: wrapped,
    sleeps,
    addGroup(name) {
      const id = String(++ids);
      groups.set(id, name);
      return id;
    },
    addLookerUser({ email, disabled = false, groups: memberOf = [] }) {
      const id = String(++ids);
      users.set(id, { id, email, is_disabled: disabled, groups: new Set(memberOf) });
      return id;
    },
    addAttribute({ name, type = 'string', defaultValue = null, hidden = false, userCanEdit = false }: AttributeSeed) {
      const id = String(++ids);
      attributes.set(id, {
        id, name, label: name, type, default_value: defaultValue, value_is_hidden: hidden, user_can_view: !hidden, user_can_edit: userCanEdit,
        groupValues: [], userValues: new Map(),
      });
      return id;
    },
    setGroupValue(groupId, attributeId, value) {
      const attribute = attributes.get(attributeId) as Attribute;
      attribute.groupValues.push({ groupId, value, rank: attribute.groupValues.length + 1 });
    },
    setLookerValue(userId, attributeId, value) {
      const values = (attributes.get(attributeId) as Attribute).userValues;
      if (value === null) values.delete(userId);
      else values.set(userId, value);
    },
    lookerOwnValue: (userId, attributeId) => (attributes.get(attributeId) as Attribute).userValues.get(userId),
    setLookerEmail(userId, email) {
      const user = users.get(userId) as SyncLookerUser & { groups: Set<string> };
      users.set(userId, { ...user, email });
    },
    removeLookerUser: (userId) => void users.delete(userId),
    addDxUser({ email, listed = true, attributes: seed = {} }) {
      const attributes = new Map(Object.entries(seed).map(([name, value]) => [name.toLowerCase(), { name, value }]));
      const user = { id: ++ids, email, listed, attributes };
      dxUsers.set(email.toLowerCase(), user);
    },
    setDxValue(email, name, value) {
      const user = dxUsers.get(email.toLowerCase());
      if (!user) throw new Error(`no DX user ${email}`);
      if (value === null) user.attributes.delete(name.toLowerCase());
      else user.attributes.set(name.toLowerCase(), { name, value });
    },
    dxValues(email) {
      const user = dxUsers.get(email.toLowerCase());
      return Object.fromEntries([...(user?.attributes.values() ?? [])].map(({ name, value }) => [name, value]));
    },
    calls: (service) => ({ ...calls[service] }),
    writes: () => new Map(writes),
    faults: (service) => faults[service],
  };
}
