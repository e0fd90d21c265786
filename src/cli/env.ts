// Credentials, from the environment only; a service with none of its variables is skipped.
import { failure, type Failure, type PlainResult } from '../core/result.js';

/** What `createLookerClient` needs. */
export interface LookerEnv {
  readonly baseUrl: string;
  readonly clientId: string;
  /** Not enumerable: left out of JSON.stringify and util.inspect. */
  readonly clientSecret: string;
}

/** What `createDxClient` needs; no `baseUrl` means DX's own. */
export interface DxEnv {
  readonly baseUrl: string | undefined;
  /** Not enumerable: left out of JSON.stringify and util.inspect. */
  readonly token: string;
}

/** The services to use, and a line for each one skipped. */
export interface ServiceEnv {
  readonly looker: LookerEnv | undefined;
  readonly dx: DxEnv | undefined;
  readonly skipped: readonly { readonly service: 'looker' | 'dx'; readonly message: string }[];
}

/** Variables that are set in part, or hold what cannot be a URL; never holds a value. */
export interface EnvError {
  readonly kind: 'invalid_environment';
  readonly message: string;
}

const LOOKER = ['LOOKER_BASE_URL', 'LOOKER_CLIENT_ID', 'LOOKER_CLIENT_SECRET'] as const;

/** Reads the credentials of both services from `env`; an empty variable counts as unset. */
export function readServiceEnv(env: Readonly<Record<string, string | undefined>>): PlainResult<ServiceEnv, EnvError> {
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const skipped: { service: 'looker' | 'dx'; message: string }[] = [];

  let looker: LookerEnv | undefined;
  const missing = LOOKER.filter((name) => value(name) === undefined);
  if (missing.length === LOOKER.length) skipped.push({ service: 'looker', message: 'Looker skipped: LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET are not set' });
  else if (missing.length > 0) return fail(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (Looker needs all of ${LOOKER.join(', ')})`);
  else {
    const urlProblem = checkUrl('LOOKER_BASE_URL', value('LOOKER_BASE_URL') as string);
    if (urlProblem) return fail(urlProblem);
    looker = withSecret({ baseUrl: value('LOOKER_BASE_URL') as string, clientId: value('LOOKER_CLIENT_ID') as string }, 'clientSecret', value('LOOKER_CLIENT_SECRET') as string);
  }

  let dx: DxEnv | undefined;
  const token = value('DX_API_TOKEN');
  const dxUrl = value('DX_BASE_URL');
  if (token === undefined && dxUrl === undefined) skipped.push({ service: 'dx', message: 'DX skipped: DX_API_TOKEN is not set' });
  else if (token === undefined) return fail('DX_API_TOKEN is not set (DX_BASE_URL is)');
  else {
    const urlProblem = dxUrl === undefined ? undefined : checkUrl('DX_BASE_URL', dxUrl);
    if (urlProblem) return fail(urlProblem);
    if (/\s/.test(token)) return fail('DX_API_TOKEN holds a space or a line break');
    dx = withSecret({ baseUrl: dxUrl }, 'token', token);
  }

  if (!looker && !dx) return fail('no credentials: set LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET, or DX_API_TOKEN, or both');
  return { ok: true, data: { looker, dx, skipped } };
}

// The message never repeats the value: a URL can carry a password.
function checkUrl(name: string, text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${name} is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${name} must start with https://`;
  if (url.username !== '' || url.password !== '') return `${name} must not hold a user name or password`;
  return undefined;
}

function withSecret<T extends object, K extends string>(object: T, key: K, secret: string): T & Record<K, string> {
  return Object.defineProperty(object, key, { value: secret, enumerable: false }) as T & Record<K, string>;
}

function fail(message: string): Failure<EnvError> {
  return failure({ kind: 'invalid_environment', message });
}
