// The HTTPRoute cert-manager's `gatewayHTTPRoute` HTTP-01 solver creates for a challenge: in
// the namespace of the Certificate (or of the gateway-shim's Gateway), for one host name,
// attached to the solver's parentRefs. Whether it attaches, by the same rules as any route
// (../attachment.ts). Not exported from the package.
import { AppModel } from '../../core/model';
import { arr, obj } from '../../private/wire';
import { attach, findParent, parentRefOf, WireParentRef } from '../attachment';

/** Why a challenge route would not attach, and what to do. */
export interface SolverRouteProblem {
  readonly problem: string;
  readonly fix: string;
}

/** The parentRefs of a rendered HTTP-01 solver using `gatewayHTTPRoute`; undefined for other solvers. */
export function gatewayHttpRouteParents(solver: any): WireParentRef[] | undefined {
  const route = obj(obj(obj(solver).http01)).gatewayHTTPRoute;
  if (route === undefined || route === null) return undefined;
  return arr(obj(route).parentRefs).map(parentRefOf);
}

/**
 * Why the HTTPRoute that cert-manager's `gatewayHTTPRoute` solver creates for `hostname` in
 * `routeNamespace` would not attach to its parent `ref`, as far as the app shows it: the
 * parent is an Istio (`networking.istio.io`) Gateway, or a Gateway API Gateway of the app
 * whose listeners do not accept the route. Undefined when it attaches, or when the app cannot
 * tell (parent outside the app and not declared with its listeners, namespaces selected by
 * label, other kinds).
 */
export function solverRouteProblem(model: AppModel, cluster: string, ref: WireParentRef, routeNamespace: string, hostname: string): SolverRouteProblem | undefined {
  const parent = findParent(model, cluster, routeNamespace, ref);
  if (parent === undefined) return undefined;
  const gwName = `${parent.namespace}/${parent.name}`;
  if (parent.gateway === undefined) {
    if (parent.istioGateway === undefined) return undefined;
    return {
      problem: `${gwName} is an Istio networking.istio.io Gateway in this app (${parent.istioGateway.path}), not a Gateway API Gateway; the challenge HTTPRoute cert-manager creates for it attaches to nothing, so the ACME server gets 404 and the certificate is never issued`,
      fix: 'point the solver\'s parentRefs at a Gateway API Gateway (the library\'s Gateway; one defined outside the app can be declared with Gateway.fromGatewayAttributes()), or, for Istio Gateways, use the HttpsRedirectGateway pattern or a DNS-01 solver',
    };
  }
  const a = attach(model, parent.gateway, ref, routeNamespace, [hostname]);
  switch (a.outcome) {
    case 'no-such-listener':
      return {
        problem: `gateway ${gwName} has no listener "${ref.sectionName}" (listeners: ${a.listeners.map((x) => x.name).join(', ') || 'none'}), so the challenge HTTPRoute is not accepted`,
        fix: 'use the name of the gateway\'s HTTP listener as sectionName',
      };
    case 'no-listener-on-port':
      return {
        problem: `gateway ${gwName} has no ${ref.sectionName ? `listener "${ref.sectionName}" on` : 'listener on'} port ${ref.port}, so the challenge HTTPRoute is not accepted`,
        fix: 'use the port of the HTTP listener, or leave port out',
      };
    case 'namespace-not-allowed':
      return {
        problem: `cert-manager creates the challenge HTTPRoute in the Certificate's namespace "${routeNamespace}", and listener(s) ${a.candidates.map((l) => `"${l.name}"`).join(', ')} of gateway ${gwName} only accept routes from namespace "${parent.gateway.namespace}" (allowedRoutes Same), so the challenge is never routed`,
        fix: 'create the Certificate in the gateway\'s namespace, or give the listener AllowedRoutes.fromAllNamespaces() / fromNamespacesWithLabels()',
      };
    case 'no-hostname-intersects':
      return {
        problem: `the challenge HTTPRoute for "${hostname}" matches the hostname of no listener it may attach to (${a.admitted.map((l) => `"${l.name}" ${l.hostname}`).join(', ')}) of gateway ${gwName}, so it is not accepted`,
        fix: 'attach the solver to a listener that serves this hostname (or one without a hostname)',
      };
    default:
      return undefined;
  }
}
