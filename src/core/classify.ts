// Which kind of error an HTTP status is: decided once here, each service giving only its own table.

/** A service's meaning for each status its specs declare, e.g. `{ 404: 'not_found' }`. */
export type KindByStatus = Readonly<Record<number, string>>;

/**
 * The error kind of a failed reply's status. `declared` lists the statuses the operation's spec
 * declares; `kinds` names what each means for the service.
 */
export function classifyStatus(status: number, declared: readonly number[], kinds: KindByStatus): string {
  // A redirect is never followed (it could carry the token or body elsewhere), so it is no answer.
  if (status >= 300 && status < 400) return 'unexpected_response';
  // 5xx: the server failed, whatever the spec says.
  if (status >= 500) return 'server';
  // A declared status has the service's meaning.
  if (declared.includes(status) && kinds[status]) return kinds[status];
  // Anything else (a 2xx that is not a success, an undeclared 4xx) is not what the spec promised.
  return 'unexpected_response';
}
