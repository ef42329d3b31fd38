// Whether an Istio HTTP rule can take an ACME HTTP-01 validation request (not exported from
// the package). Conservative: when a condition might hold for some challenge request, the
// rule is taken to match.
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
  // validation requests carry no query and no headers a route could key on
  if (Object.keys(o.queryParams ?? {}).length > 0) return false;
  if (Object.keys(o.headers ?? {}).length > 0) return false;
  if (o.gateways && o.gateways.length > 0 && !o.gateways.some((g) => g.qualifiedName === gatewayQualifiedName)) return false;
  return true;
}

/** Whether an HTTP rule can take a challenge request on `hop` (a rule without matches takes everything). */
export function routeMayTakeChallenge(route: HttpRouteOptions, hop: ChallengeHop, gatewayQualifiedName: string): boolean {
  const matches = route.matches ?? [];
  if (matches.length === 0) return true;
  return matches.some((m) => matchMayTakeChallenge(m.options, hop, gatewayQualifiedName));
}

/** Short description of what a rule does, for messages. */
export function describeRouteAction(route: HttpRouteOptions): string {
  if (route.redirect) return 'a redirect';
  if (route.directResponse) return `a direct response ${route.directResponse.status}`;
  const hosts = (route.destinations ?? []).map((d) => d.host + (d.port ? `:${d.port}` : ''));
  return `a route to ${hosts.join(', ')}`;
}
