// Routes (HTTPRoute, GRPCRoute, TLSRoute) over the wire form (not exported from the package):
// a route has parents and rules; it attaches to each parent Gateway or ListenerSet of the app
// (sectionName / port name a listener whose protocol takes its kind, allowedRoutes admit its
// namespace, hostnames intersect); an HTTPS listener's certificate covers the hostnames it
// serves there; backends in other namespaces are granted.
import { certificatesWriting, dnsNamesOf, secretNameOf } from '../../cert-manager/secret-writers';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { dnsNameCovers, gatewayApiEffectiveHostname } from '../../private/hostnames';
import { arr, obj, str, strings } from '../../private/wire';
import { attach, describeParent, findParent, GATEWAY_API_GROUP, listenerRouteKinds, parentRefOf, RouteKind, WireListener, WireParentRef } from '../attachment';
import { isGranted } from './reference-grant-checks';

/** The route kinds checked here. */
const ROUTE_KINDS: RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute'];

function kindOf(route: ModelObject): RouteKind {
  return route.kind as RouteKind;
}

/** An HTTPS listener's certificate (the one writing its first Secret) covers every route hostname it serves. */
function checkCoverage(model: AppModel, report: Reporter, route: ModelObject, gateway: ModelObject, listeners: readonly WireListener[], hostnames: readonly string[]): void {
  const parentName = describeParent(gateway.kind, gateway.namespace, gateway.name);
  for (const l of listeners) {
    // the listeners that terminate TLS (a passthrough listener holds no certificate)
    if ((l.protocol !== 'HTTPS' && !(l.protocol === 'TLS' && l.tlsMode === 'Terminate')) || l.secrets.length === 0) continue;
    const cert = certificatesWriting(model, gateway.cluster, l.secrets[0].namespace, l.secrets[0].name)[0];
    const dnsNames = cert ? dnsNamesOf(cert) : [];
    if (dnsNames.length === 0) continue;
    for (const h of hostnames) {
      const eff = gatewayApiEffectiveHostname(l.hostname, h);
      if (eff === undefined || dnsNames.some((d) => dnsNameCovers(d, eff))) continue;
      report.error(route, 'spec.hostnames', h,
        `${l.protocol} listener "${l.name}" of ${parentName} serves this host with certificate ${cert.namespace}/${secretNameOf(cert)}, whose dnsNames ${JSON.stringify(dnsNames)} do not cover it; clients would get a name mismatch`,
        'add the host to the Certificate\'s dnsNames or attach the route to a listener with a certificate for it');
    }
  }
}

/** How the route attaches to the parent `ref` (position `i`), when that parent is a Gateway or ListenerSet of the app with known listeners. */
function checkParent(model: AppModel, report: Reporter, route: ModelObject, i: number, ref: WireParentRef, hostnames: string[]): void {
  const parent = findParent(model, route.cluster, route.namespace, ref);
  if (!parent?.object) return;
  const gateway = parent.object;
  const field = `spec.parentRefs[${i}]`;
  const gwName = `${parent.namespace}/${parent.name}`;
  const parentName = describeParent(parent.kind, parent.namespace, parent.name);
  const kindWord = parent.kind === 'Gateway' ? 'gateway' : parent.kind;
  const a = attach(model, gateway, ref, route.namespace, hostnames, kindOf(route));
  switch (a.outcome) {
    case 'no-such-listener':
      report.error(route, `${field}.sectionName`, ref.sectionName, `${parentName} has no listener with this name (listeners: ${a.listeners.map((x) => x.name).join(', ') || 'none'})`,
        `use the name of one of the ${kindWord}'s listeners`);
      return;
    case 'no-listener-on-port':
      report.error(route, `${field}.port`, ref.port, `${parentName} has no ${ref.sectionName ? `listener "${ref.sectionName}" on` : 'listener on'} this port`,
        'use the port of the listener, or leave port out');
      return;
    case 'kind-not-allowed':
      report.error(route, field, gwName,
        `listener(s) ${a.candidates.map((l) => `"${l.name}" (${l.protocol}${l.tlsMode ? `, tls ${l.tlsMode}` : ''}: takes ${listenerRouteKinds(l).join(', ') || 'no route kind'})`).join(', ')} of ${parentName} do not accept ${route.kind === 'HTTPRoute' ? 'an' : 'a'} ${route.kind}, so the route is not accepted there (NotAllowedByListeners)`,
        route.kind === 'TLSRoute' ? `attach the route to a TLS listener (ListenerProtocol.TLS with ListenerTls.passthrough()) with sectionName` : `attach the route to an HTTP or HTTPS listener with sectionName`);
      return;
    case 'namespace-not-allowed':
      report.error(route, field, gwName, `the listener(s) ${a.candidates.map((l) => `"${l.name}"`).join(', ')} only accept routes from namespace "${gateway.namespace}" (allowedRoutes Same), and this route is in "${route.namespace}"`,
        `create the route in the ${kindWord}'s namespace, or give the listener AllowedRoutes.fromAllNamespaces() / fromNamespacesWithLabels()`);
      return;
    case 'no-hostname-intersects':
      report.error(route, 'spec.hostnames', hostnames,
        `no hostname of the route intersects the hostname of ${a.admitted.map((l) => `listener "${l.name}" (${l.hostname})`).join(', ')} of ${parentName}, so the route would not be accepted`,
        'use hostnames the listener serves, or attach the route to a listener for these hostnames');
      return;
    case 'attached':
      if (a.ignoredHostnames.length > 0) {
        report.warn(route, field, gwName,
          `hostnames ${JSON.stringify(a.ignoredHostnames)} match no listener hostname of ${parentName}; the Gateway API ignores them there`,
          'attach the route to a listener for these hostnames too, or move them to another route');
      }
      checkCoverage(model, report, route, gateway, a.listeners, hostnames);
      return;
    default:
      return;
  }
}

/** Backends in another namespace need a ReferenceGrant there (else the Gateway API ignores the reference). */
function checkBackendGrants(model: AppModel, report: Reporter, route: ModelObject, rules: any[]): void {
  rules.forEach((rule, i) => arr(obj(rule).backendRefs).forEach((b, j) => {
    const ref = obj(b);
    const namespace = str(ref.namespace);
    const name = str(ref.name);
    if (namespace === undefined || namespace === route.namespace || name === undefined) return;
    const group = str(ref.group) ?? '';
    const kind = str(ref.kind) ?? 'Service';
    if (isGranted(model, route.cluster, namespace, { group: GATEWAY_API_GROUP, kind: route.kind, namespace: route.namespace }, { group, kind, name })) return;
    report.warn(route, `spec.rules[${i}].backendRefs[${j}]`, `${namespace}/${name}`,
      `the backend refers to ${kind} ${namespace}/${name} in another namespace and the app defines no ReferenceGrant for it; the Gateway API ignores the reference (RefNotPermitted) unless a grant exists in the cluster`,
      'add a ReferenceGrant in that namespace');
  }));
}

function checkRoute(model: AppModel, report: Reporter, route: ModelObject): void {
  const spec = obj(route.json.spec);
  const parentRefs = arr(spec.parentRefs);
  const rules = arr(spec.rules);
  if (parentRefs.length === 0) report.error(route, 'spec.parentRefs', [], 'the route attaches to no Gateway', 'pass parentRefs or call addParentRef({ gateway }) / addParentRef({ listenerSet })');
  if (rules.length === 0) report.error(route, 'spec.rules', [], 'the route has no rules', 'pass rules or call addRule()');
  const hostnames = strings(spec.hostnames);
  parentRefs.forEach((p, i) => checkParent(model, report, route, i, parentRefOf(p), hostnames));
  checkBackendGrants(model, report, route, rules);
}

function checkRoutes(model: AppModel, report: Reporter): void {
  for (const kind of ROUTE_KINDS) {
    for (const r of model.ofKind(GATEWAY_API_GROUP, kind)) {
      if (!r.external && r.json !== undefined) checkRoute(model, report, r);
    }
  }
}

registerChecks({ id: 'gateway-api/routes', check: checkRoutes });
