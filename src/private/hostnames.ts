// Host names and how each API matches them (not exported from the package). Three notions of
// "a wildcard covers a name" exist and must not be mixed; each has its named matcher here:
// - certificates (RFC 6125, `dnsNameCovers`): `*.example.com` covers exactly one more label;
// - Istio routing (`istioHostMatches`, pkg/config/host/name.go): `*.example.com` matches any
//   name ending in `.example.com`, however many labels, and `*` matches everything;
// - Gateway API hostnames (`gatewayApiHostnamesIntersect`): a `*.` wildcard is a suffix match
//   over one or more labels, on either side (listener or route).
// Syntax rules per API stay with their family (istio/private/hosts.ts, gateway-api/private/).

/** True if `v` is a wildcard DNS name (`*.example.com`). */
export function isWildcard(v: string): boolean {
  return v.startsWith('*.');
}

/**
 * Whether a certificate name `pattern` covers `host` (RFC 6125: a wildcard covers exactly one
 * label). `host` may itself be a wildcard: `*.a.com` covers `*.a.com` only.
 */
export function dnsNameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.') || h.startsWith('*.')) return false;
  const suffix = p.slice(1); // ".example.com"
  if (!h.endsWith(suffix)) return false;
  const first = h.slice(0, h.length - suffix.length);
  return first.length > 0 && !first.includes('.');
}

/** Istio's `host.Name.Matches`: equal, or one wildcard covers the other by suffix. */
export function istioHostMatches(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const xw = x.startsWith('*');
  const yw = y.startsWith('*');
  if (xw && yw) return x.length < y.length ? y.slice(1).endsWith(x.slice(1)) : x.slice(1).endsWith(y.slice(1));
  if (xw) return y.endsWith(x.slice(1));
  if (yw) return x.endsWith(y.slice(1));
  return x === y;
}

/** Istio's `host.Name.SubsetOf`: every name matched by `a` is matched by `b`. */
export function istioHostSubsetOf(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (y.startsWith('*')) {
    if (x.startsWith('*')) return x.length >= y.length && x.slice(1).endsWith(y.slice(1));
    return x.endsWith(y.slice(1));
  }
  return x === y;
}

/**
 * The `*.`-wildcards (and `*`) that match `host` under Istio's suffix semantics, most
 * specific first: `a.b.com` → `*.b.com`, `*.com`, `*`; `*.b.com` → `*.com`, `*`. Finds
 * overlapping hosts through exact-key lookups (linear, not quadratic).
 */
export function istioWildcardAncestors(host: string): string[] {
  const h = host.toLowerCase();
  if (h === '*') return [];
  const labels = (h.startsWith('*.') ? h.slice(2) : h).split('.');
  const out: string[] = [];
  for (let i = 1; i < labels.length; i++) out.push(`*.${labels.slice(i).join('.')}`);
  out.push('*');
  return out;
}

/**
 * Whether a Gateway API listener hostname and a route hostname intersect (a `*.` wildcard is a
 * suffix match over one or more labels; either side may be a wildcard).
 */
export function gatewayApiHostnamesIntersect(listener: string, route: string): boolean {
  if (listener === route) return true;
  const lw = listener.startsWith('*.');
  const rw = route.startsWith('*.');
  const ls = lw ? listener.slice(1) : listener; // ".example.com" for wildcards
  const rs = rw ? route.slice(1) : route;
  if (lw && !rw) return route.endsWith(ls);
  if (!lw && rw) return listener.endsWith(rs);
  if (lw && rw) return ls.endsWith(rs) || rs.endsWith(ls);
  return false;
}

/**
 * The hostname a request carries when a route hostname is served through a listener hostname
 * (the more specific of the two); undefined when they do not intersect.
 */
export function gatewayApiEffectiveHostname(listener: string | undefined, route: string): string | undefined {
  if (listener === undefined) return route;
  if (!gatewayApiHostnamesIntersect(listener, route)) return undefined;
  if (!route.startsWith('*.')) return route;
  if (!listener.startsWith('*.')) return listener;
  return listener.length >= route.length ? listener : route;
}

/**
 * Which members (gateways, routes, solvers, ...) serve a given name, answered in O(labels of
 * the name) instead of scanning every member, so whole-app checks stay linear. Wildcards match
 * any deeper name (Istio's and the Gateway API's suffix semantics; callers that need RFC 6125
 * coverage filter the candidates with `dnsNameCovers`).
 */
export class HostIndex<T> {
  private readonly exact = new Map<string, T[]>();
  /** `*.example.com` stored under `example.com`. */
  private readonly wildcard = new Map<string, T[]>();
  /** Members that serve every host (`*`, or no host restriction at all). */
  private readonly all: T[] = [];

  /**
   * Register `member` for `host`: an exact name, a `*.suffix` wildcard, `*` (every host).
   * Istio's `namespace/host` form is accepted (the namespace part is dropped).
   */
  public add(host: string, member: T): void {
    let h = host.toLowerCase();
    const slash = h.indexOf('/');
    if (slash >= 0) h = h.slice(slash + 1);
    if (h === '*' || h === '') {
      this.all.push(member);
    } else if (h.startsWith('*.')) {
      push(this.wildcard, h.slice(2), member);
    } else {
      push(this.exact, h, member);
    }
  }

  /** Register `member` as serving every host. */
  public addAll(member: T): void {
    this.all.push(member);
  }

  /** Members whose hosts could match `name`, in the order added per kind of match. */
  public lookup(name: string): T[] {
    const n = name.toLowerCase();
    const out: T[] = [];
    const e = this.exact.get(n);
    if (e) out.push(...e);
    let dot = n.indexOf('.');
    while (dot >= 0) {
      const w = this.wildcard.get(n.slice(dot + 1));
      if (w) out.push(...w);
      dot = n.indexOf('.', dot + 1);
    }
    out.push(...this.all);
    return out;
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
