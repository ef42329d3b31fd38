// Whether an Istio HTTP rule can take an ACME HTTP-01 validation request (not exported from
// the package): the validation request as it arrives at the gateway, asked of the Istio
// family's routing semantics (src/istio/routing.ts, over the rendered rules).
import { HttpRouteOptions } from '../../istio/route-options';
import { describeHttpRule, GatewayRequest, httpRuleTaking } from '../../istio/routing';
import { CHALLENGE_PATH } from './http01';

/** Tokens as ACME CAs issue them (base64url, 43 characters), plus short odd ones. */
const SAMPLE_TOKENS = ['KJ4Yd0yYbTA9D6Y4OX-CKmjxMxmB0oOgV4Ga3wgIHE0', 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA', 'a', 'A_-9'];

/** Headers a CA's validation request carries whose values the app cannot know. */
const CLIENT_HEADERS = ['user-agent', 'accept', 'accept-encoding', 'connection'];

/** The request as it arrives at the gateway: host, port, scheme. */
export interface ChallengeHop {
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
}

/** `GET /.well-known/acme-challenge/<token>` on `hop` at the gateway `gatewayQualifiedName` (no query string). */
function challengeRequest(hop: ChallengeHop, gatewayQualifiedName: string): GatewayRequest {
  return { ...hop, gateway: gatewayQualifiedName, method: 'GET', path: CHALLENGE_PATH, lastSegment: SAMPLE_TOKENS, unknownHeaders: CLIENT_HEADERS };
}

/** The rule as the VirtualService renders it (only what routing reads: matches and the action). */
function wireRule(route: HttpRouteOptions): any {
  return {
    match: (route.matches ?? []).map((m) => m._toKube()),
    redirect: route.redirect,
    directResponse: route.directResponse,
    route: (route.destinations ?? []).map((d) => ({ destination: { host: d.host, port: d.port !== undefined ? { number: d.port } : undefined } })),
  };
}

/**
 * How an HTTP rule of another VirtualService merged into the same virtual host can take a
 * challenge request on `hop`: `ordered` when a match that Istio keeps in place may take it
 * (then the creation order of the VirtualServices decides), `catch-all` when only catch-all
 * matches may (Istio moves those behind the pattern's solver rule), else undefined. A rule
 * without matches is a catch-all.
 */
export function challengeTaking(route: HttpRouteOptions, hop: ChallengeHop, gatewayQualifiedName: string): 'ordered' | 'catch-all' | undefined {
  return httpRuleTaking(wireRule(route), challengeRequest(hop, gatewayQualifiedName), '');
}

/** Whether an HTTP rule can take a challenge request on `hop` (a rule without matches takes everything). */
export function routeMayTakeChallenge(route: HttpRouteOptions, hop: ChallengeHop, gatewayQualifiedName: string): boolean {
  return challengeTaking(route, hop, gatewayQualifiedName) !== undefined;
}

/** Short description of what a rule does, for messages. */
export function describeRouteAction(route: HttpRouteOptions): string {
  return describeHttpRule(wireRule(route));
}
