/** A JSON reply. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A bodiless reply (204). */
export function emptyReply(status = 204): Response {
  return new Response(null, { status });
}

/** Reads a JSON body; `ok: false` when it is empty or not JSON (the caller answers 400). */
export async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await request.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** What a request's `Authorization` header holds. */
export type PresentedToken =
  | { readonly status: 'missing' }
  | { readonly status: 'malformed' }
  | { readonly status: 'present'; readonly token: string };

/** Reads `Authorization: <scheme> <token>`, accepting the given schemes (lower-case, matched case-insensitively). */
export function presentedToken(request: Request, schemes: readonly string[]): PresentedToken {
  const header = request.headers.get('authorization');
  if (header === null) return { status: 'missing' };
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (!scheme || !token || rest.length > 0 || !schemes.includes(scheme.toLowerCase())) return { status: 'malformed' };
  return { status: 'present', token };
}
