// How Istio routes HTTP requests with VirtualService rules, read from the wire form (rendered
// `spec.http[]` rules and their `match[]` entries). Not exported from the package: the Istio
// family's interface to the families that place routes next to the app's (patterns ask
// whether a rule of another VirtualService may take a request before theirs).
// Source: pilot/pkg/networking/core/route/route.go (BuildHTTPRoutesForVirtualService,
// TranslateRouteMatch, IsCatchAllRoute, SortVHostRoutes) and core/gateway.go.
import { CHALLENGE_PATH } from '../cert-manager/http01';
import { re2FullMatch } from '../private/re2';
import { arr, obj, str } from '../private/wire';

/** The reserved gateway name that stands for all sidecars of the mesh. */
export const MESH = 'mesh';

/** A header condition on a JWT claim (`@request.auth.claims.<claim>`): gateway-bound routes only. */
export const JWT_CLAIM = /^@request\.auth\.claims(\.|\[)/;

/**
 * Headers the gateway's Envoy adds or passes on before it picks a route, whose values the app
 * cannot know (client address, request id); `x-forwarded-proto` it sets to the request's scheme.
 */
const GATEWAY_UNKNOWN_HEADERS = ['x-forwarded-for', 'x-envoy-external-address', 'x-request-id'];

/** A request as it arrives at a gateway: which rules may take it. */
export interface GatewayRequest {
  /** `namespace/name` of the Istio Gateway it arrives at. */
  readonly gateway: string;
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  /** HTTP method, e.g. `GET`. */
  readonly method: string;
  /**
   * The path; with `lastSegment`, the directory (ending in `/`) under which the request names
   * one more segment the app cannot know (a token).
   */
  readonly path: string;
  /** Samples of the unknown last segment (for regular expressions); exact and prefix conditions hold for any such segment. */
  readonly lastSegment?: string[];
  /** Headers the client sends whose values the app cannot know (lowercase), e.g. `user-agent`. */
  readonly unknownHeaders?: string[];
  /**
   * Whether the request carries a query string.
   *
   * @default false
   */
  readonly query?: boolean;
}

/** How a rendered `StringMatch` compares (`{ exact }`, `{ prefix }` or `{ regex }`). */
interface WireStringMatch {
  readonly type: 'exact' | 'prefix' | 'regex';
  readonly value: string;
}

function stringMatchOf(v: any): WireStringMatch | undefined {
  const m = obj(v);
  for (const type of ['exact', 'prefix', 'regex'] as const) {
    const value = str(m[type]);
    if (value !== undefined) return { type, value };
  }
  return undefined;
}

function hasEntries(v: any): boolean {
  return Object.keys(obj(v)).length > 0;
}

/**
 * Istio's `IsCatchAllRoute` on the Envoy route built from a rendered match: the path matches
 * everything (no uri, prefix `/`, or regex `.*`) and there is no header, query or metadata
 * condition (scheme, method and authority become header conditions; JWT claims metadata ones).
 * A rule without matches gives such a route too (`undefined`). Port, gateway and source
 * conditions are not part of the Envoy match: they pick the proxies and ports a route is built for.
 *
 * Istio builds no route of a VirtualService after such a route (BuildHTTPRoutesForVirtualService
 * stops there), and moves such routes behind all other routes of a gateway's virtual host,
 * across the VirtualServices merged into it (SortVHostRoutes).
 */
export function isCatchAllHttpMatch(match: any | undefined): boolean {
  if (match === undefined) return true;
  const m = obj(match);
  const u = m.uri === undefined ? undefined : stringMatchOf(m.uri);
  const everyPath = m.uri === undefined || (u?.type === 'prefix' && u.value === '/') || (u?.type === 'regex' && u.value === '.*');
  const conditions = hasEntries(m.headers) || hasEntries(m.withoutHeaders) || hasEntries(m.queryParams)
    || m.scheme !== undefined || m.method !== undefined || m.authority !== undefined;
  return everyPath && !conditions;
}

/** A catch-all match (`isCatchAllHttpMatch`) that is built for every proxy and port the VirtualService applies to. */
export function isUnconditionalCatchAll(match: any | undefined): boolean {
  if (!isCatchAllHttpMatch(match)) return false;
  if (match === undefined) return true;
  const m = obj(match);
  return m.port === undefined && arr(m.gateways).length === 0 && !hasEntries(m.sourceLabels) && m.sourceNamespace === undefined;
}

function stringMayMatch(m: WireStringMatch, candidates: string[], ignoreCase = false): boolean {
  const norm = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const v = norm(m.value);
  switch (m.type) {
    case 'exact':
      return candidates.some((c) => norm(c) === v);
    case 'prefix':
      return candidates.some((c) => norm(c).startsWith(v));
    default:
      // a regex RE2 refuses (only possible from outside the library) cannot be judged: assume it may match
      return candidates.some((c) => re2FullMatch(m.value, c, ignoreCase) !== false);
  }
}

function pathMayMatch(m: WireStringMatch, request: GatewayRequest, ignoreCase: boolean): boolean {
  if (request.lastSegment === undefined) return stringMayMatch(m, [request.path], ignoreCase);
  const norm = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const v = norm(m.value);
  const base = norm(request.path);
  if (m.type === 'prefix') return base.startsWith(v) || (v.startsWith(base) && !v.slice(base.length).includes('/'));
  if (m.type === 'exact') return v.startsWith(base) && v.length > base.length && !v.slice(base.length).includes('/');
  return stringMayMatch(m, request.lastSegment.map((t) => request.path + t), ignoreCase);
}

/**
 * A header condition against the request: `x-forwarded-proto` is the request's scheme, headers
 * the client or the gateway sends with unknown values may hold, no other header is sent.
 */
function headerMayMatch(name: string, m: WireStringMatch, request: GatewayRequest): boolean {
  if (name === 'x-forwarded-proto') return stringMayMatch(m, [request.scheme]);
  return GATEWAY_UNKNOWN_HEADERS.includes(name) || (request.unknownHeaders ?? []).includes(name);
}

/**
 * `namespace/name` of a gateway as a VirtualService in `namespace` names it, resolved as Istio
 * does (pilot/pkg/model/config.go `resolveGatewayName`): `name` and `./name` are in the
 * VirtualService's namespace; the legacy `name.namespace` (or `name.namespace.svc.cluster.local`)
 * is `namespace/name`.
 */
export function qualifiedGatewayName(gateway: string, namespace: string): string {
  if (gateway === MESH) return gateway;
  const slash = gateway.indexOf('/');
  if (slash >= 0) return gateway.slice(0, slash) === '.' ? `${namespace}/${gateway.slice(slash + 1)}` : gateway;
  const dot = gateway.indexOf('.');
  if (dot < 0) return `${namespace}/${gateway}`;
  const rest = gateway.slice(dot + 1);
  const end = rest.indexOf('.');
  return `${end < 0 ? rest : rest.slice(0, end)}/${gateway.slice(0, dot)}`;
}

/**
 * Whether one rendered match of a VirtualService in `namespace` may select `request`
 * (conservative: when a condition might hold for some such request, it is taken to hold).
 */
export function httpMatchMayTake(match: any, request: GatewayRequest, namespace: string): boolean {
  const m = obj(match);
  const ignoreCase = m.ignoreUriCase === true;
  const cond = (v: any, test: (s: WireStringMatch) => boolean) => {
    if (v === undefined) return true;
    const s = stringMatchOf(v);
    return s === undefined || test(s);
  };
  if (!cond(m.uri, (s) => pathMayMatch(s, request, ignoreCase))) return false;
  if (!cond(m.scheme, (s) => stringMayMatch(s, [request.scheme]))) return false;
  if (!cond(m.method, (s) => stringMayMatch(s, [request.method]))) return false;
  if (!cond(m.authority, (s) => stringMayMatch(s, [request.host, `${request.host}:${request.port}`]))) return false;
  if (typeof m.port === 'number' && m.port !== request.port) return false;
  if (hasEntries(m.queryParams) && !request.query) return false;
  for (const [name, v] of Object.entries(obj(m.headers))) if (!cond(v, (s) => headerMayMatch(name.toLowerCase(), s, request))) return false;
  const gateways = arr(m.gateways).filter((g): g is string => typeof g === 'string');
  if (gateways.length > 0 && !gateways.some((g) => qualifiedGatewayName(g, namespace) === request.gateway)) return false;
  return true;
}

/**
 * How a rendered HTTP rule of a VirtualService in `namespace` can take `request`: `ordered`
 * when a match that Istio keeps in place may take it (then the order of the rules, and of the
 * VirtualServices merged into a virtual host, decides), `catch-all` when only catch-all matches
 * may (Istio moves those behind the other routes of a virtual host), else undefined. A rule
 * without matches is a catch-all.
 */
export function httpRuleTaking(rule: any, request: GatewayRequest, namespace: string): 'ordered' | 'catch-all' | undefined {
  const matches = arr(obj(rule).match);
  if (matches.length === 0) return 'catch-all';
  const taking = matches.filter((m) => httpMatchMayTake(m, request, namespace));
  if (taking.length === 0) return undefined;
  return taking.every((m) => isCatchAllHttpMatch(m)) ? 'catch-all' : 'ordered';
}

/** Short description of what a rendered HTTP rule does, for messages. */
export function describeHttpRule(rule: any): string {
  const r = obj(rule);
  if (r.redirect !== undefined) return 'a redirect';
  if (r.directResponse !== undefined) return `a direct response ${obj(r.directResponse).status}`;
  const hosts = arr(r.route).map((d) => {
    const dest = obj(obj(d).destination);
    const port = obj(dest.port).number;
    return `${str(dest.host) ?? ''}${port ? `:${port}` : ''}`;
  });
  return `a route to ${hosts.join(', ')}`;
}

/** Tokens as ACME CAs issue them (base64url, 43 characters), plus short odd ones. */
const SAMPLE_TOKENS = ['KJ4Yd0yYbTA9D6Y4OX-CKmjxMxmB0oOgV4Ga3wgIHE0', 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA', 'a', 'A_-9'];

/** Headers a CA's validation request carries whose values the app cannot know. */
const CLIENT_HEADERS = ['user-agent', 'accept', 'accept-encoding', 'connection'];

/**
 * An ACME HTTP-01 validation request as it arrives at the gateway `gateway` (`namespace/name`)
 * for `host` on `port`: `GET /.well-known/acme-challenge/<token>`, no query string.
 */
export function acmeChallengeRequest(gateway: string, host: string, port: number, scheme: 'http' | 'https'): GatewayRequest {
  return { gateway, host, port, scheme, method: 'GET', path: CHALLENGE_PATH, lastSegment: SAMPLE_TOKENS, unknownHeaders: CLIENT_HEADERS };
}

/**
 * Whether a rendered match sends every ACME challenge of its hosts somewhere (a `prefix` on the
 * challenge path): a rule with such a match is a route to an HTTP-01 solver.
 */
export function isAcmeChallengeMatch(match: any): boolean {
  const uri = stringMatchOf(obj(match).uri);
  return uri?.type === 'prefix' && (uri.value === CHALLENGE_PATH || uri.value === CHALLENGE_PATH.slice(0, -1));
}
