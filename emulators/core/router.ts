/**
 * A tiny path router: patterns such as `/people/:personId/notes/:id`, one segment per
 * parameter. Parameters are returned still percent-encoded; each service decodes them with
 * its own error answer (see `decodeSegment`).
 */

export interface Route<H> {
  readonly method: string;
  readonly pattern: string;
  readonly handler: H;
}

/** One resource's handlers by HTTP method: on its collection path, and on its item path. */
export interface ResourceHandlers<H> {
  readonly collection?: Readonly<Partial<Record<"GET" | "POST" | "PUT", H>>>;
  readonly item?: Readonly<Partial<Record<"GET" | "PUT" | "PATCH" | "DELETE", H>>>;
}

/** The routes of one resource: `collection` on `path`, `item` on `path/:param`, in the order given. */
export function resourceRoutes<H>(path: string, param: string, handlers: ResourceHandlers<H>): Route<H>[] {
  const on = (pattern: string, byMethod: Readonly<Record<string, H | undefined>> = {}): Route<H>[] =>
    Object.entries(byMethod).flatMap(([method, handler]) => (handler ? [{ method, pattern, handler }] : []));
  return [...on(path, handlers.collection), ...on(`${path}/:${param}`, handlers.item)];
}

export type RouteMatch<H> =
  | { readonly kind: "found"; readonly route: Route<H>; readonly params: Record<string, string> }
  | { readonly kind: "method-not-allowed"; readonly allow: readonly string[] }
  | { readonly kind: "not-found" };

export interface RouterOptions {
  /**
   * ASP.NET Web API (Outseta) treats `/crm/people/` like `/crm/people`, and Outseta's own
   * examples use the trailing slash (`/crm/people/?Email=`). Other frameworks here do not.
   */
  readonly ignoreTrailingSlash?: boolean;
}

function segments(path: string): string[] {
  return path.split("/").slice(1);
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = segments(pattern);
  const got = segments(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const g = got[i];
    if (w.startsWith(":")) {
      if (g === "") return undefined;
      params[w.slice(1)] = g;
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

export function matchRoute<H>(
  routes: readonly Route<H>[],
  method: string,
  path: string,
  options: RouterOptions = {},
): RouteMatch<H> {
  const candidate =
    options.ignoreTrailingSlash && path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const allow: string[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern, candidate);
    if (!params) continue;
    if (route.method === method) return { kind: "found", route, params };
    if (!allow.includes(route.method)) allow.push(route.method);
  }
  return allow.length > 0 ? { kind: "method-not-allowed", allow } : { kind: "not-found" };
}

/** `decodeURIComponent` that answers `undefined` for a malformed escape instead of throwing. */
export function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
