// Whether an Istio HTTP rule can take an ACME HTTP-01 validation request (not exported from
// the package). Conservative: when a condition might hold for some challenge request, the
// rule is taken to match.
import { isCatchAllMatch } from '../../istio/private/routes';
import { HttpMatchOptions, HttpRouteOptions, StringMatch, StringMatchType } from '../../istio/virtual-service';
import { CHALLENGE_PATH } from './http01';

/** Tokens as ACME CAs issue them (base64url, 43 characters), plus short odd ones. */
const SAMPLE_TOKENS = ['KJ4Yd0yYbTA9D6Y4OX-CKmjxMxmB0oOgV4Ga3wgIHE0', 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA', 'a', 'A_-9'];

/** The request as it arrives at the gateway: host, port, scheme. */
export interface ChallengeHop {
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
}

function stringMayMatch(m: StringMatch, candidates: string[], ignoreCase = false): boolean {
  const norm = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const v = norm(m.value);
  switch (m.type) {
    case StringMatchType.EXACT:
      return candidates.some((c) => norm(c) === v);
    case StringMatchType.PREFIX:
      return candidates.some((c) => norm(c).startsWith(v));
    default:
      try {
        const re = new RegExp(`^(?:${m.value})$`, ignoreCase ? 'i' : '');
        return candidates.some((c) => re.test(c));
      } catch {
        return true; // RE2-only syntax: cannot tell, assume it may match
      }
  }
}

function pathMayMatch(m: StringMatch, ignoreCase: boolean): boolean {
  const norm = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const v = norm(m.value);
  const base = norm(CHALLENGE_PATH);
  if (m.type === StringMatchType.PREFIX) return base.startsWith(v) || (v.startsWith(base) && !v.slice(base.length).includes('/'));
  if (m.type === StringMatchType.EXACT) return v.startsWith(base) && v.length > base.length && !v.slice(base.length).includes('/');
  return stringMayMatch(m, SAMPLE_TOKENS.map((t) => CHALLENGE_PATH + t), ignoreCase);
}

/** Whether one match of a rule can select a challenge request on `hop`. */
export function matchMayTakeChallenge(o: HttpMatchOptions, hop: ChallengeHop, gatewayQualifiedName: string): boolean {
  if (o.uri && !pathMayMatch(o.uri, o.ignoreUriCase === true)) return false;
  if (o.scheme && !stringMayMatch(o.scheme, [hop.scheme])) return false;
  if (o.method && !stringMayMatch(o.method, ['GET'])) return false;
  if (o.authority && !stringMayMatch(o.authority, [hop.host, `${hop.host}:${hop.port}`])) return false;
  if (o.port !== undefined && o.port !== hop.port) return false;
  // validation requests carry no query string
  if (Object.keys(o.queryParams ?? {}).length > 0) return false;
  if (!Object.entries(o.headers ?? {}).every(([name, m]) => headerMayMatch(name.toLowerCase(), m, hop))) return false;
  if (o.gateways && o.gateways.length > 0 && !o.gateways.some((g) => g.qualifiedName === gatewayQualifiedName)) return false;
  return true;
}

/**
 * A header condition against a validation request. The gateway's Envoy sets
 * `x-forwarded-proto` to the scheme of the hop before it picks a route (use_remote_address),
 * and adds or passes on headers whose values the app cannot know (the CA's user agent, the
 * client address, a request id): conditions on those may hold. The request carries no other
 * header a rule could key on.
 */
function headerMayMatch(name: string, m: StringMatch, hop: ChallengeHop): boolean {
  if (name === 'x-forwarded-proto') return stringMayMatch(m, [hop.scheme]);
  return UNKNOWN_VALUE_HEADERS.includes(name);
}

const UNKNOWN_VALUE_HEADERS = ['user-agent', 'accept', 'accept-encoding', 'connection', 'x-forwarded-for', 'x-envoy-external-address', 'x-request-id'];

/**
 * How an HTTP rule of another VirtualService merged into the same virtual host can take a
 * challenge request on `hop`: `ordered` when a match that Istio keeps in place may take it
 * (then the creation order of the VirtualServices decides), `catch-all` when only catch-all
 * matches may (Istio moves those behind the pattern's solver rule), else undefined. A rule
 * without matches is a catch-all.
 */
export function challengeTaking(route: HttpRouteOptions, hop: ChallengeHop, gatewayQualifiedName: string): 'ordered' | 'catch-all' | undefined {
  const matches = (route.matches ?? []).map((m) => m.options);
  if (matches.length === 0) return 'catch-all';
  const taking = matches.filter((o) => matchMayTakeChallenge(o, hop, gatewayQualifiedName));
  if (taking.length === 0) return undefined;
  return taking.every((o) => isCatchAllMatch(o)) ? 'catch-all' : 'ordered';
}

/** Whether an HTTP rule can take a challenge request on `hop` (a rule without matches takes everything). */
export function routeMayTakeChallenge(route: HttpRouteOptions, hop: ChallengeHop, gatewayQualifiedName: string): boolean {
  return challengeTaking(route, hop, gatewayQualifiedName) !== undefined;
}

/** Short description of what a rule does, for messages. */
export function describeRouteAction(route: HttpRouteOptions): string {
  if (route.redirect) return 'a redirect';
  if (route.directResponse) return `a direct response ${route.directResponse.status}`;
  const hosts = (route.destinations ?? []).map((d) => d.host + (d.port ? `:${d.port}` : ''));
  return `a route to ${hosts.join(', ')}`;
}
