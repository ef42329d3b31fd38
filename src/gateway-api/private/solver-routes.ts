// The HTTPRoute cert-manager's `gatewayHTTPRoute` HTTP-01 solver creates for a challenge: in
// the namespace of the Certificate (or of the gateway-shim's Gateway or ListenerSet), for one
// host name, attached to the solver's parentRefs as the Certificate's override annotations
// leave them (cert-manager/http01.ts). Whether it attaches, by the same rules as any route
// (../attachment.ts). Not exported from the package.
import { challengeParentRefs, ChallengeParentsProblem } from '../../cert-manager/http01';
import { AppModel } from '../../core/model';
import { attach, describeParent, findParent, parentRefOf, WireParentRef } from '../attachment';
import { PARENT_REF_FALLBACK_ANNOTATION } from './gateway-shim';

/** Why a challenge route would not attach, and what to do. */
export interface SolverRouteProblem {
  readonly problem: string;
  readonly fix: string;
}

/** A parent of a challenge route, and where it comes from (`parentRefs[i]` of the solver, or `annotations`). */
export interface ChallengeParent {
  readonly ref: WireParentRef;
  readonly source: string;
}

/** The parents of the challenge route of a Certificate, or why cert-manager creates none. */
export interface ChallengeRoute {
  readonly parents: readonly ChallengeParent[];
  readonly problem?: ChallengeParentsProblem;
}

/**
 * The parents of the challenge HTTPRoute of the rendered `gatewayHTTPRoute` `solver` for a
 * Certificate in `namespace` with `annotations` (the solver's parentRefs after the
 * Certificate's override annotations); undefined for other solvers.
 */
export function challengeRoute(solver: any, namespace: string, annotations: { [key: string]: string }): ChallengeRoute | undefined {
  const c = challengeParentRefs(solver, namespace, annotations);
  if (c === undefined) return undefined;
  return { parents: c.parentRefs.map((p) => ({ ref: parentRefOf(p.ref), source: p.source })), ...(c.problem ? { problem: c.problem } : {}) };
}

/**
 * Why the HTTPRoute that cert-manager's `gatewayHTTPRoute` solver creates for `hostname` in
 * `routeNamespace` would not attach to its parent `ref`, or would attach where the ACME server
 * does not ask, as far as the app shows it: the parent is an Istio (`networking.istio.io`)
 * Gateway, or a Gateway API Gateway or ListenerSet of the app whose listeners do not accept the
 * route, or accept it on HTTPS listeners only. Undefined when it attaches, or when the app
 * cannot tell (parent outside the app and not declared with its listeners, namespaces selected
 * by label, other kinds).
 */
export function solverRouteProblem(model: AppModel, cluster: string, ref: WireParentRef, routeNamespace: string, hostname: string): SolverRouteProblem | undefined {
  const parent = findParent(model, cluster, routeNamespace, ref);
  if (parent === undefined) return undefined;
  const gwName = `${parent.namespace}/${parent.name}`;
  const parentName = describeParent(parent.kind, parent.namespace, parent.name);
  const kindWord = parent.kind === 'Gateway' ? 'gateway' : parent.kind;
  if (parent.object === undefined) {
    if (parent.istioGateway === undefined) return undefined;
    return {
      problem: `${gwName} is an Istio networking.istio.io Gateway in this app (${parent.istioGateway.path}), not a Gateway API Gateway; the challenge HTTPRoute cert-manager creates for it attaches to nothing, so the ACME server gets 404 and the certificate is never issued`,
      fix: 'point the solver\'s parentRefs at a Gateway API Gateway (the library\'s Gateway; one defined outside the app can be declared with Gateway.fromGatewayAttributes()), or, for Istio Gateways, use the HttpsRedirectGateway pattern or a DNS-01 solver',
    };
  }
  const a = attach(model, parent.object, ref, routeNamespace, [hostname], 'HTTPRoute');
  switch (a.outcome) {
    case 'no-such-listener':
      return {
        problem: `${parentName} has no listener "${ref.sectionName}" (listeners: ${a.listeners.map((x) => x.name).join(', ') || 'none'}), so the challenge HTTPRoute is not accepted`,
        fix: `use the name of the ${kindWord}'s HTTP listener as sectionName`,
      };
    case 'no-listener-on-port':
      return {
        problem: `${parentName} has no ${ref.sectionName ? `listener "${ref.sectionName}" on` : 'listener on'} port ${ref.port}, so the challenge HTTPRoute is not accepted`,
        fix: 'use the port of the HTTP listener, or leave port out',
      };
    case 'kind-not-allowed':
      return {
        problem: `listener(s) ${a.candidates.map((l) => `"${l.name}" (${l.protocol})`).join(', ')} of ${parentName} do not accept HTTPRoutes, so the challenge HTTPRoute is not accepted and the certificate is never issued`,
        fix: parent.kind === 'ListenerSet' ? 'attach the challenge route to an HTTP listener (sectionName), or use a DNS-01 solver' : 'attach the challenge route to an HTTP listener of the gateway (sectionName), or use a DNS-01 solver',
      };
    case 'namespace-not-allowed':
      return {
        problem: `cert-manager creates the challenge HTTPRoute in the Certificate's namespace "${routeNamespace}", and listener(s) ${a.candidates.map((l) => `"${l.name}"`).join(', ')} of ${parentName} only accept routes from namespace "${parent.object.namespace}" (allowedRoutes Same), so the challenge is never routed`,
        fix: `create the Certificate in the ${kindWord}'s namespace, or give the listener AllowedRoutes.fromAllNamespaces() / fromNamespacesWithLabels()`,
      };
    case 'no-hostname-intersects':
      return {
        problem: `the challenge HTTPRoute for "${hostname}" matches the hostname of no listener it may attach to (${a.admitted.map((l) => `"${l.name}" ${l.hostname}`).join(', ')}) of ${parentName}, so it is not accepted`,
        fix: 'attach the solver to a listener that serves this hostname (or one without a hostname)',
      };
    case 'attached':
      if (a.listeners.some((l) => l.protocol === undefined || l.protocol === 'HTTP')) return undefined;
      return {
        problem: `the challenge HTTPRoute for "${hostname}" attaches only to listener(s) ${a.listeners.map((l) => `"${l.name}" (${l.protocol}${l.port !== undefined ? ` ${l.port}` : ''})`).join(', ')} of ${parentName}, and the ACME server asks for the challenge over plain HTTP on port 80 (a redirect to HTTPS cannot help the first issuance: the listener has no certificate yet), so the certificate is never issued`,
        fix: parent.kind === 'ListenerSet'
          ? `give the ListenerSet an HTTP listener for this name, or attach the challenge route to the Gateway's HTTP listener (annotate the ListenerSet ${PARENT_REF_FALLBACK_ANNOTATION}: "true" when the gateway-shim issues it), or use a DNS-01 solver`
          : 'attach the challenge route to an HTTP listener of the gateway (sectionName), or use a DNS-01 solver',
      };
    default:
      return undefined;
  }
}
