// The raw client is the same openapi-fetch client the wrapped methods send through: the same
// login, 401 replay, retries, timeout and body cap, proved by running each scenario both ways.
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/core/body.js';
import { createLookerClient, UserAttributesError, type LookerClient } from '../../src/looker/index.js';
import { CLIENT_ID, CLIENT_SECRET, LOOKER, loginHandler, lookerError, userValue, USER_VALUE_URL } from '../support/looker.js';
import { testRuntime } from '../support/runtime.js';
import { server } from '../support/server.js';

const input = { userId: '42', userAttributeId: '7', value: 'EMEA' };

/** The same PATCH, sent by the wrapped method or by the raw client; either way an outcome to compare. */
const ways = {
  wrapped: async (looker: LookerClient) => {
    const result = await looker.setUserAttributeUserValue(input);
    return result.ok ? { ok: true, value: result.data.value } : { ok: false, kind: result.error.kind };
  },
  raw: async (looker: LookerClient) => {
    try {
      const { data, response } = await looker.raw.PATCH('/users/{user_id}/attribute_values/{user_attribute_id}', {
        params: { path: { user_id: input.userId, user_attribute_id: input.userAttributeId } },
        body: { value: input.value },
      });
      return response.ok ? { ok: true, value: data?.value } : { ok: false, status: response.status };
    } catch (error) {
      return { ok: false, kind: error instanceof UserAttributesError ? error.kind : `threw ${String(error)}` };
    }
  },
};

function client(timeoutMs = 10_000) {
  const clock = testRuntime();
  const looker = createLookerClient({
    baseUrl: LOOKER,
    credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    runtime: clock.runtime,
    timeoutMs,
  });
  return { looker, clock };
}

describe.each(Object.entries(ways))('%s', (_, send) => {
  test('logs in once with the form, then sends the token', async () => {
    const login = loginHandler();
    const seen: string[] = [];
    server.use(
      login.handler,
      http.patch(USER_VALUE_URL, ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json(userValue('EMEA'));
      }),
    );
    const { looker } = client();
    expect(await send(looker)).toEqual({ ok: true, value: 'EMEA' });
    expect(await send(looker)).toEqual({ ok: true, value: 'EMEA' });
    expect(login.state.bodies).toEqual([`client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`]);
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-1']);
  });

  test('a 401 causes one fresh login and one replay', async () => {
    const login = loginHandler();
    const seen: string[] = [];
    server.use(
      login.handler,
      http.patch(USER_VALUE_URL, ({ request }) => {
        const token = request.headers.get('authorization') ?? '';
        seen.push(token);
        return token === 'Bearer token-1' ? lookerError(401, 'expired') : HttpResponse.json(userValue('EMEA'));
      }),
    );
    const { looker } = client();
    expect(await send(looker)).toEqual({ ok: true, value: 'EMEA' });
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(login.state.logins).toBe(2);
  });

  test('a 429 is retried after the Retry-After it asks for', async () => {
    let calls = 0;
    server.use(
      loginHandler().handler,
      http.patch(USER_VALUE_URL, () =>
        ++calls === 1 ? HttpResponse.json({ message: 'slow down' }, { status: 429, headers: { 'retry-after': '2' } }) : HttpResponse.json(userValue('EMEA')),
      ),
    );
    const { looker, clock } = client();
    expect(await send(looker)).toEqual({ ok: true, value: 'EMEA' });
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([2000]);
  });

  test('a stalled reply ends by the timeout', async () => {
    server.use(
      loginHandler().handler,
      http.patch(USER_VALUE_URL, async () => {
        await delay('infinite');
        return HttpResponse.json(userValue('EMEA'));
      }),
    );
    const { looker } = client(50);
    expect(await send(looker)).toEqual({ ok: false, kind: 'timeout' });
  });

  test('a reply over the body cap is refused', async () => {
    const huge = `{"value":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
    server.use(
      loginHandler().handler,
      http.patch(USER_VALUE_URL, () => new HttpResponse(huge, { headers: { 'content-type': 'application/json' } })),
    );
    const { looker } = client();
    expect(await send(looker)).toEqual({ ok: false, kind: 'unexpected_response' });
  });
});

test('the raw client is the client every method sends through: its middleware sees wrapped calls', async () => {
  server.use(loginHandler().handler, http.patch(USER_VALUE_URL, () => HttpResponse.json(userValue('EMEA'))));
  const { looker } = client();
  const seen: string[] = [];
  looker.raw.use({ onRequest: ({ request, schemaPath }) => void seen.push(`${request.method} ${schemaPath}`) });
  await looker.setUserAttributeUserValue(input);
  // The PATCH is built first; sending it needs a token, so the login goes out from inside it.
  expect(seen).toEqual(['PATCH /users/{user_id}/attribute_values/{user_attribute_id}', 'POST /login']);
});
