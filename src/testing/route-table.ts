/** One endpoint of a fake service: method, path template (`:name` segments) and operation id. */
export interface RouteSpec<Op extends string, Handler> {
  readonly method: string;
  /** Path with `:param` segments, e.g. `/api/4.0/users/:user_id/attribute_values/:user_attribute_id`. */
  readonly template: string;
  readonly operation: Op;
  readonly handler: Handler;
}

/** A route matched against a request. */
export interface RouteMatch<Op extends string, Handler> {
  readonly route: RouteSpec<Op, Handler>;
  /** Decoded path parameters. */
  readonly params: Readonly<Record<string, string>>;
}

interface CompiledRoute<Op extends string, Handler> {
  readonly route: RouteSpec<Op, Handler>;
  readonly pattern: RegExp;
  readonly keys: readonly string[];
}

/** A lookup from method and path to a route. */
export type RouteTable<Op extends string, Handler> = (method: string, pathname: string) => RouteMatch<Op, Handler> | undefined;

/** Compiles route templates once; the returned function finds the route for a request. */
export function createRouteTable<Op extends string, Handler>(routes: readonly RouteSpec<Op, Handler>[]): RouteTable<Op, Handler> {
  const compiled: CompiledRoute<Op, Handler>[] = routes.map((route) => {
    const keys: string[] = [];
    const source = route.template
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        keys.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { route, keys, pattern: new RegExp(`^${source}$`) };
  });

  return (method, pathname) => {
    for (const { route, keys, pattern } of compiled) {
      if (route.method !== method.toUpperCase()) continue;
      const found = pattern.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      try {
        for (const [i, key] of keys.entries()) params[key] = decodeURIComponent(found[i + 1] as string);
      } catch {
        return undefined; // a malformed %-escape names no resource
      }
      return { route, params };
    }
    return undefined;
  };
}
