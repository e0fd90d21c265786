// The Looker base URL: the instance (with its port, if any), to which the client adds /api/4.0.

/** The path every Looker call is under. */
export const API_PATH = '/api/4.0';

// Any API version's path segment pair, as in /api/3.1, /api/4.0 or /api/4.
const VERSION_PATH = /\/api\/\d+(?:\.\d+)*(?=\/|$)/i;

/**
 * Why a base URL (already checked as an http(s) URL, without a trailing slash) is not a Looker
 * instance URL, or undefined when it is one: it holds an API version's path other than a final
 * `/api/4.0`, which would become `/api/3.1/api/4.0` and a 404 blamed on the credentials.
 */
export function apiPathProblem(baseUrl: string): string | undefined {
  const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const found = VERSION_PATH.exec(path.endsWith(API_PATH) ? path.slice(0, -API_PATH.length) : path);
  return found ? `holds the API path ${found[0]}: pass the instance URL, e.g. https://acme.looker.com (the client adds ${API_PATH})` : undefined;
}
