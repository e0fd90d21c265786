// The sync scenarios' world in memory: the sync's ports called directly (no HTTP, no SDK client)
// on the testing kit's own models, so that Looker's value precedence, hidden values and type
// checks, DX's listing and its case-insensitive names are the kit's, not a second copy of them.
// Faults come from the kit's fault injector; the clock is shared and injected; every call may be
// the one the simulated process dies at.
import type { Result } from '../../../src/core/result.js';
import type { Runtime } from '../../../src/core/runtime.js';
import type { PortError, SyncDx, SyncLooker, SyncService } from '../../../src/sync/model/ports.js';
import { DxModel } from '../../../src/testing/dx/model.js';
import { listedUser } from '../../../src/testing/dx/wire.js';
import { FakeRequestError, type FakeErrorKind } from '../../../src/testing/fake-error.js';
import { FaultInjector } from '../../../src/testing/faults/injector.js';
import { LookerDirectory } from '../../../src/testing/looker/directory.js';
import { LookerModel } from '../../../src/testing/looker/model.js';
import type { FakeUserAttributeType } from '../../../src/testing/looker/types.js';
import { identityProviderConfig, lookerUser, lookerUserAttribute, userAttributeWithValue } from '../../../src/testing/looker/wire.js';
import type { FakeOperation } from '../../../src/testing/operations.js';
import { testRuntime } from '../runtime.js';
import { Killer } from './killer.js';
import type { FaultScript, SyncWorld } from './world.js';

const REPLY = new Response(null, { status: 200 });
const ok = <T>(data: T): Result<T, PortError> => ({ ok: true, data, response: REPLY });

// The statuses the kit answers each refusal with (DX's 404 carries its code, user_not_found).
const STATUS: Record<FakeErrorKind, number> = { bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, validation: 422 };
const KIND: Record<FakeErrorKind, string> = {
  bad_request: 'bad_request', unauthorized: 'unauthorized', forbidden: 'forbidden', not_found: 'not_found', conflict: 'conflict', validation: 'validation_failed',
};

const failed = (operation: string, kind: string, status: number, extra: Partial<PortError> = {}): Result<never, PortError> => ({
  ok: false,
  error: { kind, operation, message: `${status} ${kind}`, attempts: 1, status, ...extra },
});

/** What the in-memory world can do beyond `SyncWorld`: change who a Looker id is. */
export interface MemoryWorldExtras {
  killer: Killer;
  /** Gives a Looker user another email (as an admin renaming an account). */
  setLookerEmail(userId: string, email: string): void;
  /** Deletes a Looker user. */
  removeLookerUser(userId: string): void;
}

/** Faults of one service, as the kit's fault specs; DX's per-minute window is its model's own. */
function faultScript(faults: FaultInjector, service: SyncService, dx: { readonly model: DxModel; windowOn: boolean }): FaultScript {
  return {
    rateLimitNext(count, retryAfterMs) {
      faults.add({ service, times: count, rateLimit: retryAfterMs === undefined ? {} : { retryAfter: { milliseconds: retryAfterMs } } });
    },
    failNext(count, status = 503) {
      faults.add({ service, times: count, serverError: status as 500 | 502 | 503 });
    },
    limitRate(requests, perMs, retryAfter) {
      if (service !== 'dx' || perMs !== 60_000 || requests !== 1000 || retryAfter) throw new Error('the memory world keeps DX\'s own window only (1000 a minute, no Retry-After)');
      dx.windowOn = true;
    },
  };
}

/** Creates the in-memory world. `killer` lets tests kill the "process" at chosen points. */
export function createMemoryWorld(killer = new Killer()): SyncWorld & MemoryWorldExtras {
  const { runtime, sleeps } = testRuntime();
  // A directory that lets two users share an email, so that the sync's refusal of them is tested.
  const looker = new LookerModel(runtime.now, {}, new LookerDirectory({ uniqueEmails: false }));
  const dx = { model: new DxModel(runtime.now), windowOn: false };
  const faults = new FaultInjector(runtime.now);
  const calls = { looker: {} as Record<string, number>, dx: {} as Record<string, number> };
  const writes = new Map<string, number>();

  /** Every request: counted, possibly faulted, possibly fatal to the process; the kit's refusals as the clients report them. */
  function request<T>(service: SyncService, operation: FakeOperation, effect: () => Result<T, PortError>): Promise<Result<T, PortError>> {
    return Promise.resolve().then(() =>
      killer.step(() => {
        calls[service][operation] = (calls[service][operation] ?? 0) + 1;
        const fault = faults.plan({ service, operation }).answer;
        if (fault?.kind === 'rate_limit') {
          // The scripts give Retry-After in milliseconds only.
          const retryAfterMs = fault.retryAfter && 'milliseconds' in fault.retryAfter ? fault.retryAfter.milliseconds : undefined;
          return failed(operation, 'rate_limited', 429, { retryAfterMs });
        }
        if (fault?.kind === 'server_error') return failed(operation, 'server', fault.status);
        if (service === 'dx' && dx.windowOn && !dx.model.rateWindow.admit()) return failed(operation, 'rate_limited', 429);
        try {
          return effect();
        } catch (error) {
          if (!(error instanceof FakeRequestError)) throw error;
          return failed(operation, KIND[error.kind], STATUS[error.kind], error.code === undefined ? {} : { code: error.code });
        }
      }),
    );
  }
  const wrote = (key: string) => writes.set(key, (writes.get(key) ?? 0) + 1);
  const ports = { looker: lookerPort(looker, request, wrote), dx: dxPort(dx.model, request, wrote) };

  return {
    duplicateEmails: true,
    dxPerMinute: 1000,
    killer,
    ...ports,
    runtime: runtime as Runtime,
    sleeps,
    addGroup: (name) => looker.addGroup({ name }).id,
    addLookerUser: ({ email, disabled = false, groups = [] }) => looker.addUser({ email, isDisabled: disabled, groupIds: groups }).id,
    addAttribute: ({ name, type = 'string', defaultValue = null, hidden = false, userCanEdit = false }) => {
      const seed = { name, type: type as FakeUserAttributeType, defaultValue, valueIsHidden: hidden, userCanView: !hidden, userCanEdit };
      return looker.addUserAttribute(seed).id;
    },
    setGroupValue: (groupId, attributeId, value) => void looker.updateGroupValue(groupId, attributeId, value),
    setLookerValue(userId, attributeId, value) {
      if (value === null) looker.deleteUserValue(userId, attributeId);
      else looker.setUserValue(userId, attributeId, value);
    },
    lookerOwnValue(userId, attributeId) {
      const own = looker.searchPath(userId, attributeId)[0];
      return own?.source === 'user' ? (own.value ?? undefined) : undefined;
    },
    setLookerEmail: (userId, email) => looker.directory.setEmail(userId, email),
    removeLookerUser: (userId) => looker.removeUser(userId),
    // A user that is not to be listed gets neither role nor attribute; the kit then leaves it out.
    addDxUser: ({ email, listed = true, attributes = {} }) => void dx.model.addUser({ email, attributes, ...(listed && { listed: true }) }),
    setDxValue: (email, name, value) => void dx.model.update(email, [{ name, value }]),
    dxValues: (email) => ({ ...dx.model.user(email).attributes }),
    calls: (service) => ({ ...calls[service] }),
    writes: () => new Map(writes),
    faults: (service) => faultScript(faults, service, dx),
  };
}

type Request = <T>(service: SyncService, operation: FakeOperation, effect: () => Result<T, PortError>) => Promise<Result<T, PortError>>;

/** The Looker port over the kit's model, its replies in Looker's shapes (the kit's wire functions). */
function lookerPort(model: LookerModel, request: Request, wrote: (key: string) => void): SyncLooker {
  return {
    baseUrl: 'https://looker.memory.test/api/4.0',
    allUserAttributes: () => request('looker', 'all_user_attributes', () => ok(model.attributes().map(lookerUserAttribute))),
    allUsers: ({ limit = 500, offset = 0, ids }) =>
      request('looker', 'all_users', () => {
        const listed = model.directory.users().filter((user) => !ids || ids.includes(user.id));
        return ok(listed.slice(offset, offset + limit).map(lookerUser));
      }),
    // As the client's findUserByEmail: one search, then the exact match among what it found.
    findUserByEmail: ({ email }) =>
      request('looker', 'search_users', () => {
        const matches = model.directory.users().filter((user) => user.email?.toLowerCase() === email.toLowerCase()).map(lookerUser);
        if (matches.length === 1) return ok(matches[0]!);
        const kind = matches.length ? 'ambiguous' : 'no_match';
        return { ok: false, error: { kind, operation: 'search_users', attempts: 1, message: `search_users: ${kind} for ${email}`, candidates: matches } };
      }),
    userAttributeUserValues: ({ userId, userAttributeIds, allValues = false }) =>
      request('looker', 'user_attribute_user_values', () => {
        model.directory.user(userId);
        const wanted = model.attributes().filter((attribute) => !userAttributeIds || userAttributeIds.includes(attribute.id));
        return ok(wanted.flatMap((attribute) => {
          const path = model.searchPath(userId, attribute.id);
          return (allValues ? path : path.slice(0, 1)).map((resolved) => userAttributeWithValue(attribute, userId, resolved, model.directory));
        }));
      }),
    setUserAttributeUserValue: ({ userId, userAttributeId, value }) =>
      request('looker', 'set_user_attribute_user_value', () => {
        const resolved = model.setUserValue(userId, userAttributeId, value);
        wrote(`looker/${userId}/${model.attribute(userAttributeId).name}`);
        return ok(userAttributeWithValue(model.attribute(userAttributeId), userId, resolved, model.directory));
      }),
    deleteUserAttributeUserValue: ({ userId, userAttributeId }) =>
      request('looker', 'delete_user_attribute_user_value', () => {
        model.deleteUserValue(userId, userAttributeId);
        wrote(`looker/${userId}/${model.attribute(userAttributeId).name}`);
        return ok(undefined);
      }),
    samlConfig: () => request('looker', 'saml_config', () => ok(identityProviderConfig(model.identityProvider('saml')))),
    oidcConfig: () => request('looker', 'oidc_config', () => ok(identityProviderConfig(model.identityProvider('oidc')))),
    ldapConfig: () => request('looker', 'ldap_config', () => ok(identityProviderConfig(model.identityProvider('ldap')))),
  };
}

/** The DX port over the kit's model, its pages as `users.list` lists them. */
function dxPort(model: DxModel, request: Request, wrote: (key: string) => void): SyncDx {
  return {
    baseUrl: 'https://dx.memory.test',
    listUsersPage: ({ page = 1, pageSize = 100 }) =>
      request('dx', 'users.list', () => {
        const size = Math.min(pageSize, 100);
        const listed = model.listedUsers();
        const users = listed.slice((page - 1) * size, page * size).map(listedUser);
        return ok({ users, nextPage: page * size < listed.length ? page + 1 : null });
      }),
    updateUserAttributes: ({ email, attributes }) =>
      request('dx', 'users.attributes.update', () => {
        const updated = model.update(email, attributes);
        for (const { name } of attributes) wrote(`dx/${updated.email}/${name}`);
        return ok({ user: { email: updated.email } });
      }),
  };
}
