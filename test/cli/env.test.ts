// Credentials from the environment: whole sets, skipped services, partial sets, and no value ever shown.
import { inspect } from 'node:util';
import { expect, test } from 'vitest';
import { readServiceEnv } from '../../src/cli/env.js';

const looker = { LOOKER_BASE_URL: 'https://acme.looker.test', LOOKER_CLIENT_ID: 'id-123', LOOKER_CLIENT_SECRET: 'looker-secret-value' };
const dx = { DX_API_TOKEN: 'dx-token-value' };
const error = (env: Record<string, string>) => {
  const result = readServiceEnv(env);
  if (result.ok) throw new Error('accepted');
  expect(result.error.kind).toBe('invalid_environment');
  for (const value of Object.values(env)) if (value.length > 3) expect(result.error.message).not.toContain(value);
  return result.error.message;
};

test('both services', () => {
  const result = readServiceEnv({ ...looker, ...dx, DX_BASE_URL: 'https://dx.acme.test' });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.data.looker).toMatchObject({ baseUrl: 'https://acme.looker.test', clientId: 'id-123', clientSecret: 'looker-secret-value' });
  expect(result.data.dx).toMatchObject({ baseUrl: 'https://dx.acme.test', token: 'dx-token-value' });
  expect(result.data.skipped).toEqual([]);
});

test('the secrets are in no rendering of what is returned', () => {
  const result = readServiceEnv({ ...looker, ...dx });
  for (const text of [JSON.stringify(result), inspect(result, { depth: 10 }), String(result)]) {
    expect(text).not.toContain('looker-secret-value');
    expect(text).not.toContain('dx-token-value');
  }
});

test('a service with none of its variables is skipped, with a line saying so', () => {
  const onlyDx = readServiceEnv({ ...dx, LOOKER_CLIENT_ID: '' });
  expect(onlyDx).toMatchObject({ ok: true, data: { looker: undefined, skipped: [{ service: 'looker', message: 'Looker skipped: LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET are not set' }] } });
  const onlyLooker = readServiceEnv(looker);
  expect(onlyLooker).toMatchObject({ ok: true, data: { dx: undefined, skipped: [{ service: 'dx', message: 'DX skipped: DX_API_TOKEN is not set' }] } });
  expect(onlyLooker.ok && onlyLooker.data.dx).toBe(undefined);
});

test('DX without DX_BASE_URL uses DX\'s own', () => {
  expect(readServiceEnv(dx)).toMatchObject({ ok: true, data: { dx: { baseUrl: undefined } } });
});

test('a partial set names what is missing', () => {
  expect(error({ ...looker, LOOKER_CLIENT_SECRET: '' })).toBe('LOOKER_CLIENT_SECRET is not set (Looker needs all of LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET)');
  expect(error({ LOOKER_BASE_URL: 'https://acme.looker.test' })).toBe('LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET are not set (Looker needs all of LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET)');
  expect(error({ ...looker, DX_BASE_URL: 'https://dx.acme.test' })).toBe('DX_API_TOKEN is not set (DX_BASE_URL is)');
});

test('nothing set at all', () => {
  expect(error({})).toBe('no credentials: set LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET, or DX_API_TOKEN, or both');
});

test('URLs are checked without repeating them', () => {
  expect(error({ ...looker, LOOKER_BASE_URL: 'acme.looker.test' })).toBe('LOOKER_BASE_URL is not a URL');
  expect(error({ ...looker, LOOKER_BASE_URL: 'ftp://acme.looker.test' })).toBe('LOOKER_BASE_URL must start with https://');
  expect(error({ ...dx, DX_BASE_URL: 'https://user:hunter22@dx.acme.test' })).toBe('DX_BASE_URL must not hold a user name or password');
  expect(error({ DX_API_TOKEN: 'two words' })).toBe('DX_API_TOKEN holds a space or a line break');
});
