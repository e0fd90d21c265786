import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { createLookerClient, unwrap, UserAttributesError } from '../../src/looker/index.js';
import { server } from '../support/server.js';
import { LOOKER, lookerError, USER_VALUE_URL, userValue } from '../support/looker.js';
import { VERSION } from '../../src/index.js';
import pkg from '../../package.json' with { type: 'json' };

const looker = () => createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: 't' } });
const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };

test('unwrap returns the data of a success', async () => {
  server.use(http.patch(USER_VALUE_URL, () => HttpResponse.json(userValue('EMEA'))));
  expect(unwrap(await looker().setUserAttributeUserValue(setValue)).value).toBe('EMEA');
});

test('unwrap throws one Error subclass carrying the same error union', async () => {
  server.use(http.patch(USER_VALUE_URL, () => lookerError(403, 'Permission denied')));
  const result = await looker().setUserAttributeUserValue(setValue);
  let thrown: unknown;
  try {
    unwrap(result);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UserAttributesError);
  const error = thrown as UserAttributesError;
  expect(error.name).toBe('UserAttributesError');
  expect(error.kind).toBe('forbidden');
  expect(error.error).toBe(!result.ok && result.error);
  expect(error.message).toContain('Permission denied');
});

test('VERSION matches package.json', () => {
  expect(VERSION).toBe(pkg.version);
});
