// The four contenders, each set up the way its documentation suggests, behind one interface.
import { LookerNodeSDK, NodeSettings } from '@looker/sdk-node';
import type { IApiSection, IApiSettings } from '@looker/sdk-rtl';
import createClient from 'openapi-fetch';
import { createLookerClient, type LookerPaths } from 'user-attributes-sdk/looker';
import type { BenchTarget } from './fake-server-protocol.js';

export type ContenderId = 'fetch' | 'openapi-fetch' | 'sdk' | 'looker-sdk-node';

export interface SetUserValueInput {
  readonly userId: string;
  readonly userAttributeId: string;
  readonly value: string;
}

export interface Contender {
  readonly id: ContenderId;
  /** How the contender is named in the report. */
  readonly name: string;
  /**
   * `PATCH /api/4.0/users/{user_id}/attribute_values/{user_attribute_id}`; resolves to the value the
   * server sent back, and throws unless the server answered with success.
   */
  setUserValue(input: SetUserValueInput): Promise<string | null | undefined>;
}

/** Creates every contender in the report's order, the floor first. Those that log in eagerly do so here. */
export async function createContenders(target: BenchTarget): Promise<Contender[]> {
  return [await handWrittenFetch(target), await bareOpenapiFetch(target), thisSdk(target), officialLookerSdk(target)];
}

const apiUrl = (target: BenchTarget) => `${target.baseUrl}/api/4.0`;

interface UserAttributeWithValueBody {
  value?: string | null;
}

/** The floor: log in once with fetch, then one fetch per call with the bearer token and a JSON body. */
async function handWrittenFetch(target: BenchTarget): Promise<Contender> {
  const base = apiUrl(target);
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: target.clientId, client_secret: target.clientSecret }),
  });
  if (!login.ok) throw new Error(`fetch: login answered ${login.status}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

  return {
    id: 'fetch',
    name: 'hand-written fetch (floor)',
    async setUserValue({ userId, userAttributeId, value }) {
      const url = `${base}/users/${encodeURIComponent(userId)}/attribute_values/${encodeURIComponent(userAttributeId)}`;
      const response = await fetch(url, { method: 'PATCH', headers, body: JSON.stringify({ value }) });
      if (!response.ok) throw new Error(`fetch: PATCH answered ${response.status}`);
      return ((await response.json()) as UserAttributeWithValueBody).value;
    },
  };
}

/** openapi-fetch over the generated `paths`, with the token header set once when the client is created. */
async function bareOpenapiFetch(target: BenchTarget): Promise<Contender> {
  const baseUrl = apiUrl(target);
  const login = await createClient<LookerPaths>({ baseUrl }).POST('/login', {
    body: { client_id: target.clientId, client_secret: target.clientSecret },
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  if (!login.data) throw new Error(`openapi-fetch: login answered ${login.response.status}`);
  const client = createClient<LookerPaths>({ baseUrl, headers: { Authorization: `Bearer ${login.data.access_token}` } });

  return {
    id: 'openapi-fetch',
    name: 'openapi-fetch',
    async setUserValue({ userId, userAttributeId, value }) {
      const { data, response } = await client.PATCH('/users/{user_id}/attribute_values/{user_attribute_id}', {
        params: { path: { user_id: userId, user_attribute_id: userAttributeId } },
        body: { value },
      });
      if (!data) throw new Error(`openapi-fetch: PATCH answered ${response.status}`);
      return data.value;
    },
  };
}

/** This SDK with its defaults (retries, timeout, input checks); it logs in on the first call and caches the token. */
function thisSdk(target: BenchTarget): Contender {
  const client = createLookerClient({
    baseUrl: target.baseUrl,
    credentials: { clientId: target.clientId, clientSecret: target.clientSecret },
  });

  return {
    id: 'sdk',
    name: 'user-attributes-sdk',
    async setUserValue(input) {
      const result = await client.setUserAttributeUserValue(input);
      if (!result.ok) throw new Error(`user-attributes-sdk: ${result.error.kind}: ${result.error.message}`);
      return result.data.value;
    },
  };
}

/**
 * Settings for `@looker/sdk-node` that read nothing from the environment or a looker.ini: `NodeSession`
 * takes the API key from `readConfig()`, which is the documented place to supply it in code.
 */
class FakeServerSettings extends NodeSettings {
  readonly #section: IApiSection;

  constructor(target: BenchTarget) {
    // An empty prefix turns off reading LOOKERSDK_* environment variables, so requests cannot go elsewhere.
    super('', { base_url: target.baseUrl } as IApiSettings);
    this.#section = { base_url: target.baseUrl, client_id: target.clientId, client_secret: target.clientSecret };
  }

  override readConfig(): IApiSection {
    return this.#section;
  }
}

/** The official Node SDK (`LookerNodeSDK.init40`): `NodeSession` logs in on the first call and reuses the token. */
function officialLookerSdk(target: BenchTarget): Contender {
  const sdk = LookerNodeSDK.init40(new FakeServerSettings(target));

  return {
    id: 'looker-sdk-node',
    name: '@looker/sdk-node (official)',
    async setUserValue({ userId, userAttributeId, value }) {
      const result = await sdk.set_user_attribute_user_value(userId, userAttributeId, { value });
      if (!result.ok) throw new Error(`@looker/sdk-node: ${JSON.stringify(result.error)}`);
      return result.value.value;
    },
  };
}
