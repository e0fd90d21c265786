// The Looker base URL: the instance (with its port, if any), to which the client adds /api/4.0.

/**
 * Why a base URL (an http(s) URL already checked) is not a Looker instance URL, or undefined when
 * it is one: it holds an API version's path (`/api/3.1`, `/api/4`) other than a final `/api/4.0`,
 * which would become `/api/3.1/api/4.0` and a 404 blamed on the credentials.
 */
export function apiPathProblem(baseUrl: string): string | undefined {
  const found = /\/api\/\d[\d.]*(?=\/|$)/i.exec(new URL(baseUrl).pathname.replace(/\/api\/4\.0\/*$/, ''));
  return found ? `holds the API path ${found[0]}: pass the instance URL, e.g. https://acme.looker.com` : undefined;
}
