import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { createLookerClient } from '../src/looker/index.js';
import { server } from './support/server.js';
import { API, CLIENT_ID, CLIENT_SECRET, LOOKER, loginHandler, USER_VALUE_URL, userValue } from './support/looker.js';

test('smoke', async () => {
  const login = loginHandler();
  server.use(
    login.handler,
    http.patch(USER_VALUE_URL, async ({ request, params }) => {
      expect(request.headers.get('authorization')).toBe('Bearer token-1');
      expect(params).toEqual({ userId: '42', attributeId: '7' });
      expect(await request.json()).toEqual({ value: 'EMEA' });
      return HttpResponse.json(userValue('EMEA'));
    }),
  );
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  const r = await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'EMEA' });
  expect(r.ok).toBe(true);
  if (r.ok) expect(r.data.value).toBe('EMEA');
  expect(login.state.bodies).toEqual([`client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`]);
  void API;
});
