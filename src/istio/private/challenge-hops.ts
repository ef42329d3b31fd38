// The hops an ACME HTTP-01 validation request takes through the app's Istio gateways, over the
// wire form (not exported from the package): the one computation the challenge checks share
// (routes, ingress solvers, AuthorizationPolicies, DestinationRules).
//
// `GET http://<host>/.well-known/acme-challenge/<token>` arrives on port 80 of the gateway pods
// serving the host. A port-80 server with `tls.httpsRedirect` makes Envoy answer 301 to https
// before any route (the virtual host's `require_tls: ALL`), and the ACME server follows it to
// 443 of the same pods: the request then passes the pods' HTTP filters (AuthorizationPolicies)
// on both hops, and only the 443 hop is routed. Source: istio/istio
// pilot/pkg/networking/core/gateway.go (buildGatewayHTTPRouteConfig).
import { ChallengeIngressClass, challengeParentRefs } from '../../cert-manager/http01';
import { SelectedSolver, selectSolver } from '../../cert-manager/solver-selection';
import { AppModel, ModelObject } from '../../core/model';
import { gatewayApiHostnamesIntersect, HostIndex, istioHostMatches, isWildcard } from '../../private/hostnames';
import { arr, obj, str, strings, stringMap } from '../../private/wire';
import { acmeChallengeRequest, GatewayRequest, httpRuleTaking, isAcmeChallengeMatch, MESH, qualifiedGatewayName } from '../routing';
import { gatewaySelectorOf, NETWORKING, workloadNamespaceOf } from './gateway-facts';
import { gatewayHostName, gatewayHostVisible } from './hosts';

const GATEWAY_API = 'gateway.networking.k8s.io';

/** Istio's root namespace (meshConfig.rootNamespace, default `istio-system`, outside the app): its policies and rules apply mesh-wide. */
export const ROOT_NAMESPACE = 'istio-system';

/** The label Istio puts on the pods it deploys for a Gateway API Gateway (and reads back to attach policies). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** One arrival of the request at a gateway's pods. */
export interface GatewayHop {
  readonly port: number;
  readonly scheme: 'http' | 'https';
  /** Whether routes decide on this hop (false where the port-80 server's redirect answers first). */
  readonly routed: boolean;
}

/** The rendered VirtualServices of the model. */
export function virtualServices(model: AppModel): ModelObject[] {
  return model.ofKind(NETWORKING, 'VirtualService').filter((o) => !o.external && o.json !== undefined);
}

/** The gateways (`namespace/name`) a rendered VirtualService is bound to, the mesh left out. */
export function gatewaysOf(vs: ModelObject): string[] {
  return strings(obj(vs.json.spec).gateways).map((g) => qualifiedGatewayName(g, vs.namespace)).filter((g) => g !== MESH);
}

/** The VirtualServices bound to each gateway (by cluster and `namespace/name`). */
export function boundTo(model: AppModel): Map<string, ModelObject[]> {
  return model.derived('istio/virtual-services-by-gateway', (m) => {
    const out = new Map<string, ModelObject[]>();
    for (const vs of virtualServices(m)) {
      for (const g of gatewaysOf(vs)) {
        const key = `${vs.cluster}|${g}`;
        const list = out.get(key);
        if (list) list.push(vs);
        else out.set(key, [vs]);
      }
    }
    return out;
  });
}

/** The rendered Istio Gateway `namespace/name` of a cluster, if the app has it. */
export function istioGateway(model: AppModel, cluster: string, gateway: string): ModelObject | undefined {
  const slash = gateway.indexOf('/');
  const g = model.find(cluster, NETWORKING, 'Gateway', gateway.slice(0, slash), gateway.slice(slash + 1))[0];
  return g && !g.external && g.json !== undefined ? g : undefined;
}

/** The port-80 servers of a rendered Istio Gateway (with their positions) that list `host`. */
function port80Servers(g: ModelObject, host: string, routeNamespace?: string): Array<{ server: any; index: number }> {
  return arr(obj(g.json.spec).servers).map((s, index) => ({ server: obj(s), index })).filter(({ server }) => obj(server.port).number === 80
    && strings(server.hosts).some((h) => (routeNamespace === undefined || gatewayHostVisible(g.namespace, h, routeNamespace)) && istioHostMatches(gatewayHostName(h), host)));
}

/**
 * The hops on which the ACME server's request for `host` arrives at the Istio gateway
 * `namespace/name`, seen from routes in `routeNamespace` (whatever server hosts they may bind to
 * when undefined, as the request itself arrives): port 80, then 443 when the gateway's
 * port-80 server for the host redirects to https (only that hop routed). Both hops, routed,
 * when the gateway is not rendered by the app; none when it has no port-80 server for the host.
 */
export function challengeHops(model: AppModel, cluster: string, gateway: string, host: string, routeNamespace?: string): GatewayHop[] {
  const g = istioGateway(model, cluster, gateway);
  if (!g) return [{ port: 80, scheme: 'http', routed: true }, { port: 443, scheme: 'https', routed: true }];
  const on80 = port80Servers(g, host, routeNamespace);
  if (on80.length === 0) return [];
  return on80.some(({ server }) => obj(server.tls).httpsRedirect === true)
    ? [{ port: 80, scheme: 'http', routed: false }, { port: 443, scheme: 'https', routed: true }]
    : [{ port: 80, scheme: 'http', routed: true }];
}

/**
 * The port-80 server of a rendered Istio Gateway whose `httpsRedirect` answers every plain
 * request for exactly `host`, whatever else is routed for it on port 80 of the same pods (an
 * Ingress Istio converts, another Gateway's VirtualService): Istio merges all port-80 virtual
 * hosts of the pods by name and sets `require_tls: ALL` on the one named `host` when a
 * redirecting server lists `host` itself, or a VirtualService bound to the Gateway intersects
 * such a server's hosts in `host` (gateway.go buildGatewayHTTPRouteConfig). A redirecting
 * `*.example.com` server alone leaves an exact `shop.example.com` virtual host of another
 * server alone: Envoy prefers the exact domain.
 */
export function redirectingServer(model: AppModel, g: ModelObject, host: string): number | undefined {
  const h = host.toLowerCase();
  for (const { server, index } of port80Servers(g, h)) {
    if (obj(server.tls).httpsRedirect !== true) continue;
    const hosts = strings(server.hosts);
    // the raw server host (an `ns/host` entry never names a virtual host)
    if (hosts.some((x) => x.toLowerCase() === h)) return index;
    for (const vs of boundTo(model).get(`${g.cluster}|${g.namespace}/${g.name}`) ?? []) {
      const visible = hosts.filter((x) => gatewayHostVisible(g.namespace, x, vs.namespace)).map(gatewayHostName);
      // host.Names.Intersection keeps the more specific of two matching hosts
      const intersects = strings(obj(vs.json.spec).hosts).some((v) => (v.toLowerCase() === h && visible.some((s) => istioHostMatches(s, h)))
        || (istioHostMatches(v, h) && visible.includes(h)));
      if (intersects) return index;
    }
  }
  return undefined;
}

/** A rule of a VirtualService that routes the ACME challenges of one of its hosts, on one hop. */
export interface ChallengeRoute {
  readonly vs: ModelObject;
  /** Position of the host in `spec.hosts`. */
  readonly hostIndex: number;
  readonly host: string;
  /** `namespace/name` of the gateway. */
  readonly gateway: string;
  readonly request: GatewayRequest;
  /** Position of the solver rule in `spec.http`. */
  readonly rule: number;
}

/** The rules of the app that route the ACME challenges of a host to a solver (once per model). */
export function challengeRoutes(model: AppModel): ChallengeRoute[] {
  return model.derived('istio/acme-challenge-routes', () => {
    const routes: ChallengeRoute[] = [];
    for (const vs of virtualServices(model)) {
      const rules = arr(obj(vs.json.spec).http);
      if (!rules.some((r) => arr(obj(r).match).some(isAcmeChallengeMatch))) continue;
      const gateways = gatewaysOf(vs);
      strings(obj(vs.json.spec).hosts).forEach((host, hostIndex) => {
        if (isWildcard(host) || host.includes('*')) return;
        for (const gateway of gateways) {
          for (const hop of challengeHops(model, vs.cluster, gateway, host, vs.namespace)) {
            if (!hop.routed) continue;
            const request = acmeChallengeRequest(gateway, host, hop.port, hop.scheme);
            // the first rule of the VirtualService that takes the request is a solver rule
            const rule = rules.findIndex((r) => httpRuleTaking(r, request, vs.namespace) === 'ordered');
            if (rule < 0 || !arr(obj(rules[rule]).match).some((m) => isAcmeChallengeMatch(m))) continue;
            routes.push({ vs, hostIndex, host, gateway, request, rule });
          }
        }
      });
    }
    return routes;
  });
}

/** The Service a route destination names, as Istio resolves `name[.namespace[.svc[.cluster.local]]]` from a VirtualService in `namespace`. */
export interface RouteDestination {
  readonly namespace: string;
  readonly name: string;
  /** `name.namespace.svc.cluster.local` */
  readonly fqdn: string;
  readonly port?: number;
  /** The DestinationRule subset the destination names. */
  readonly subset?: string;
}

/** The Service the first destination of a rendered rule names; undefined for hosts outside the cluster's Services. */
export function routeDestination(rule: any, namespace: string): RouteDestination | undefined {
  const destination = obj(obj(arr(obj(rule).route)[0]).destination);
  const host = str(destination.host);
  if (host === undefined || host.includes('*')) return undefined;
  const parts = host.replace(/\.svc(\.cluster\.local)?$/, '').split('.');
  if (parts.length > 2) return undefined;
  const ns = parts[1] ?? namespace;
  const port = obj(destination.port).number;
  return { namespace: ns, name: parts[0], fqdn: `${parts[0]}.${ns}.svc.cluster.local`, port: typeof port === 'number' ? port : undefined, subset: str(destination.subset) };
}

/** A name of a Certificate of the app that its ACME issuer (of the app) validates over HTTP-01. */
export interface Http01Name {
  readonly certificate: ModelObject;
  /** Position in `spec.dnsNames`. */
  readonly index: number;
  readonly host: string;
  readonly selected: SelectedSolver;
}

/** Every name of the app's Certificates validated over HTTP-01 by an issuer of the app (once per model). */
export function http01Names(model: AppModel): Http01Name[] {
  return model.derived('istio/http01-names', (m) => {
    const out: Http01Name[] = [];
    for (const certificate of m.ofKind('cert-manager.io', 'Certificate')) {
      if (certificate.external || certificate.json === undefined) continue;
      strings(obj(certificate.json.spec).dnsNames).forEach((host, index) => {
        if (isWildcard(host)) return;
        const selected = selectSolver(m, certificate, host);
        if (selected?.type === 'http01') out.push({ certificate, index, host, selected });
      });
    }
    return out;
  });
}

/** The class Istio serves by the `kubernetes.io/ingress.class` annotation (meshConfig.ingressClass, default `istio`). */
export const ISTIO_INGRESS_CLASS = 'istio';
/** The controller of an IngressClass Istio serves (pilot/pkg/config/kube/ingress, `IstioIngressController`). */
export const ISTIO_INGRESS_CONTROLLER = 'istio.io/ingress-controller';

/** The app's IngressClasses by cluster and name. */
export function ingressClass(model: AppModel, cluster: string, name: string): ModelObject | undefined {
  const c = model.find(cluster, 'networking.k8s.io', 'IngressClass', '', name)[0];
  return c && !c.external && c.json !== undefined ? c : undefined;
}

/**
 * Whether Istio serves the challenge Ingress (shouldProcessIngressWithClass): the annotation
 * equal to meshConfig.ingressClass (`istio` by default), or an IngressClass whose controller is
 * Istio's — `ingressClassName: istio` counts, Istio's documented IngressClass name.
 */
export function servedByIstio(model: AppModel, cluster: string, c: ChallengeIngressClass): boolean {
  if (c.by === 'class') return c.value === ISTIO_INGRESS_CLASS;
  if (c.by !== 'ingressClassName' || c.value === undefined) return false;
  const defined = ingressClass(model, cluster, c.value);
  return defined ? str(obj(defined.json.spec).controller) === ISTIO_INGRESS_CONTROLLER : c.value === ISTIO_INGRESS_CLASS;
}

/** Gateway pods the challenge of a host arrives at, and on which hops. */
export interface ChallengeWorkload {
  /** The Istio Gateway or Gateway API Gateway serving the host on port 80. */
  readonly gateway: ModelObject;
  /** Namespace of the pods (Istio's config namespace for them). */
  readonly namespace: string;
  /** Labels the pods carry, as far as the app says (the Gateway's selector, or Istio's gateway-name label). */
  readonly labels: { [key: string]: string };
  /** The Gateway API Gateway's name (policies attach to it by `targetRefs`), undefined for Istio Gateways. */
  readonly gatewayApiName?: string;
  readonly hops: readonly GatewayHop[];
}

interface ListeningGateway {
  readonly gateway: ModelObject;
  readonly api: 'istio' | 'gateway-api';
}

/** The app's gateways with an HTTP server or listener on port 80, by the hosts they list there (once per model). */
function port80Index(model: AppModel): HostIndex<ListeningGateway> {
  return model.derived('istio/gateways-on-port-80', (m) => {
    const index = new HostIndex<ListeningGateway>();
    for (const gateway of m.ofKind(NETWORKING, 'Gateway')) {
      if (gateway.external || gateway.json === undefined) continue;
      const hosts = new Set(arr(obj(gateway.json.spec).servers).map(obj).filter((s) => obj(s.port).number === 80).flatMap((s) => strings(s.hosts).map(gatewayHostName)));
      for (const h of hosts) index.add(h, { gateway, api: 'istio' });
    }
    for (const gateway of m.ofKind(GATEWAY_API, 'Gateway')) {
      if (gateway.external || gateway.json === undefined) continue;
      const listeners = arr(obj(gateway.json.spec).listeners).map(obj).filter((l) => l.port === 80 && (str(l.protocol) ?? 'HTTP') === 'HTTP');
      const hosts = new Set(listeners.map((l) => str(l.hostname) ?? '*'));
      for (const h of hosts) index.add(h, { gateway, api: 'gateway-api' });
    }
    return index;
  });
}

/**
 * The gateway pods of the app that receive the ACME server's request for `host` (an Istio
 * Gateway or a Gateway API Gateway serving it on port 80; DNS must point the host at one of
 * them), each once, with the hops the request takes there.
 */
export function challengeWorkloads(model: AppModel, cluster: string, host: string): ChallengeWorkload[] {
  const out: ChallengeWorkload[] = [];
  const seen = new Set<ModelObject>();
  for (const { gateway, api } of port80Index(model).lookup(host)) {
    if (gateway.cluster !== cluster || seen.has(gateway)) continue;
    seen.add(gateway);
    if (api === 'istio') {
      if (port80Servers(gateway, host).length === 0) continue;
      out.push({
        gateway, namespace: workloadNamespaceOf(gateway), labels: gatewaySelectorOf(gateway),
        hops: challengeHops(model, cluster, `${gateway.namespace}/${gateway.name}`, host),
      });
    } else {
      const listens = arr(obj(gateway.json.spec).listeners).map(obj).some((l) => l.port === 80 && (str(l.hostname) === undefined || gatewayApiHostnamesIntersect(str(l.hostname)!, host)));
      if (!listens) continue;
      // the redirect is an HTTPRoute: cert-manager's Exact challenge route beats its PathPrefix, so port 80 answers
      out.push({ gateway, namespace: gateway.namespace, labels: { [GATEWAY_NAME_LABEL]: gateway.name }, gatewayApiName: gateway.name, hops: [{ port: 80, scheme: 'http', routed: true }] });
    }
  }
  return out;
}

/**
 * The Gateway API Gateways (of the app) cert-manager's challenge HTTPRoute for a
 * `gatewayHTTPRoute` solver attaches to, for a name of a Certificate.
 */
export function challengeRouteParents(model: AppModel, name: Http01Name): ModelObject[] {
  const annotations = stringMap(name.certificate.json?.metadata?.annotations);
  const parents = challengeParentRefs(name.selected.solver, name.certificate.namespace, annotations);
  if (!parents) return [];
  const out: ModelObject[] = [];
  for (const { ref } of parents.parentRefs) {
    if ((str(ref.kind) ?? 'Gateway') !== 'Gateway' || (str(ref.group) ?? GATEWAY_API) !== GATEWAY_API) continue;
    const g = model.find(name.certificate.cluster, GATEWAY_API, 'Gateway', str(ref.namespace) ?? name.certificate.namespace, str(ref.name) ?? '')[0];
    if (g && !g.external && g.json !== undefined && !out.includes(g)) out.push(g);
  }
  return out;
}
