// The Looker and DX clients the sync works through, made from the environment's credentials.
import type { PlainResult } from '../core/result.js';
import { createDxClient, type DxClient } from '../dx/index.js';
import { apiPathProblem } from '../looker/base-url.js';
import { createLookerClient, type LookerClient } from '../looker/index.js';
import type { ServiceEnv } from './env.js';

/** The clients of the services that are not skipped. */
export interface Clients {
  readonly looker?: LookerClient;
  readonly dx?: DxClient;
}

/** Settings a client refused; names the variables, never their values. */
export interface ClientsError {
  readonly kind: 'invalid_environment';
  readonly message: string;
}

/** The problem of a Looker base URL the client would refuse as an API path, named by its variable. */
function lookerUrlProblem(baseUrl: string): string | undefined {
  try {
    const problem = apiPathProblem(baseUrl);
    return problem && `LOOKER_BASE_URL ${problem}`;
  } catch {
    // Not a URL: the client's own check names it below.
    return undefined;
  }
}

/**
 * Makes the clients, as anyone would (the sync's lanes take over their retries and pacing); a
 * client that refuses its settings is an error naming the variables.
 */
export function createClients(env: ServiceEnv): PlainResult<Clients, ClientsError> {
  const clients: { looker?: LookerClient; dx?: DxClient } = {};
  const apiPath = env.looker && lookerUrlProblem(env.looker.baseUrl);
  if (apiPath) return { ok: false, error: { kind: 'invalid_environment', message: apiPath } };
  try {
    if (env.looker) {
      const { baseUrl, clientId, clientSecret } = env.looker;
      clients.looker = createLookerClient({ baseUrl, credentials: { clientId, clientSecret } });
    }
  } catch {
    return { ok: false, error: { kind: 'invalid_environment', message: 'LOOKER_BASE_URL, LOOKER_CLIENT_ID or LOOKER_CLIENT_SECRET is not accepted by the Looker client' } };
  }
  try {
    if (env.dx) {
      const { token, baseUrl } = env.dx;
      clients.dx = createDxClient(baseUrl === undefined ? { token } : { token, baseUrl });
    }
  } catch {
    return { ok: false, error: { kind: 'invalid_environment', message: 'DX_API_TOKEN or DX_BASE_URL is not accepted by the DX client' } };
  }
  return { ok: true, data: clients };
}
