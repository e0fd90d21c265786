// createSync checks every option once, naming a bad one in a TypeError before anything is sent;
// a mapping is needed to plan, not to apply.
import { expect, test } from 'vitest';
import { createSync, type SyncOptions } from '../../src/sync/index.js';
import { createMemoryWorld } from '../support/sync/memory-world.js';
import { mapping, syncOf } from '../support/sync/fixtures.js';

const bad = (options: unknown) => () => createSync(options as SyncOptions);

test('a bad maxRetries, runtime or rate limit is a TypeError naming it', () => {
  expect(bad({ maxRetries: -1 })).toThrow(new TypeError('createSync: maxRetries must be a whole number from 0, got number'));
  expect(bad({ maxRetries: 1.5 })).toThrow(/^createSync: maxRetries/);
  expect(bad({ maxRetries: '3' })).toThrow(/^createSync: maxRetries .*got string/);
  expect(bad({ runtime: 'fast' })).toThrow(new TypeError('createSync: runtime must be an object, got string'));
  expect(bad({ runtime: { now: 1 } })).toThrow(new TypeError('createSync: runtime.now must be a function, got number'));
  expect(bad({ runtime: { random: () => 2 } })).toThrow(/^createSync: runtime\.random\(\) must return a number from 0/);
  expect(bad({ rateLimit: { looker: { requests: 0, perMs: 1000 } } })).toThrow(/^createSync: rateLimit\.looker /);
  expect(bad({ rateLimit: { dx: false } })).toThrow(/^createSync: rateLimit\.dx must be a rate limiter/);
  expect(bad({ rateLimit: { jira: { requests: 1, perMs: 1 } } })).toThrow(new TypeError('createSync: rateLimit.jira is not a service (looker, dx)'));
  expect(bad({ rateLimit: 10 })).toThrow(/^createSync: rateLimit must be \{ looker\?, dx\? \}/);
  expect(bad('options')).toThrow(/^createSync: options must be an object/);
});

test('a client without the methods the sync calls, or a mapping not from parseMapping, is a TypeError naming it', () => {
  const world = createMemoryWorld();
  const { setUserAttributeUserValue: _set, ...lacking } = world.looker;
  expect(bad({ looker: lacking })).toThrow(new TypeError('createSync: looker must be a client (createLookerClient): it has no method setUserAttributeUserValue'));
  expect(bad({ dx: { ...world.dx, baseUrl: undefined } })).toThrow(new TypeError('createSync: dx.baseUrl must be the client\'s base URL, got undefined'));
  expect(bad({ dx: 'token' })).toThrow(new TypeError('createSync: dx must be a client (createDxClient), got string'));
  expect(bad({ mapping: { fields: {} } })).toThrow(/^createSync: mapping must be a mapping as parseMapping returns it/);
  expect(() => createSync({ looker: world.looker, dx: world.dx, mapping: mapping() })).not.toThrow();
});

test('plan without a mapping is an invalid_mapping error, sending nothing; apply needs none', async () => {
  const world = createMemoryWorld();
  const department = world.addAttribute({ name: 'department' });
  const id = world.addLookerUser({ email: 'jo@acme.test' });
  const unmapped = createSync({ looker: world.looker, dx: world.dx, runtime: world.runtime });
  const refused = await unmapped.plan([{ 'Work Email': 'jo@acme.test', Department: 'Sales' }]);
  expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid_mapping', issues: [{ path: '' }] } });
  expect(world.calls('looker')).toEqual({});
  const departmentOnly = mapping({ email: 'Work Email', fields: { Department: { looker: 'department' } } });
  const plan = await syncOf(world, { mapping: departmentOnly }).plan([{ 'Work Email': 'jo@acme.test', Department: 'Sales' }]);
  if (!plan.ok) throw new Error(plan.error.message);
  const applied = await unmapped.apply(plan.data, { dryRun: false });
  expect(applied).toMatchObject({ ok: true, data: { applied: 1, failed: 0 } });
  expect(world.lookerOwnValue(id, department)).toBe('Sales');
});
