// The Gateway API half of HttpsRedirectGateway (not exported from the package): a Gateway
// (class `istio`) with listeners `http` (80) and `https` (443, the pattern's certificate); an
// HTTPRoute on `http` redirecting every path to https; the issuer's `gatewayHTTPRoute` solver
// attached to `http` (its Exact challenge route beats the redirect's PathPrefix); the backends
// on `https`, one HTTPRoute per set of hosts, ReferenceGrants for Services in other namespaces.
import { AcmeSolver, AcmeSolverServiceType } from '../../cert-manager/acme-solver';
import { AllowedRoutes, Gateway, ListenerProtocol, ListenerTls } from '../../gateway-api/gateway';
import { HttpPathMatch, HttpRoute, HttpRouteFilter, RedirectScheme } from '../../gateway-api/http-route';
import { ReferenceGrant } from '../../gateway-api/reference-grant';
import { BackendRoute } from '../https-redirect-gateway-options';
import { RedirectSite, RedirectSiteContext } from './redirect-site';
import { addPatternSolvers } from './solvers';

const HTTP_LISTENER = 'http';
const HTTPS_LISTENER = 'https';

/** ROUTE_LABEL's value on the Certificates whose challenges this half routes. */
export const GATEWAY_API_ROUTE = 'gateway-api';

export class GatewayApiRedirect implements RedirectSite {
  public readonly gateway: Gateway;
  public readonly redirectRoute: HttpRoute;
  public readonly solvers: AcmeSolver[];
  public readonly solverServices = [];

  private readonly grants = new Map<string, ReferenceGrant>();
  /** Backend HTTPRoutes by host set (`*` = every host). */
  private readonly httpsRoutes = new Map<string, HttpRoute>();

  /**
   * @param tls the https listener's TLS (the pattern's certificate)
   * @param gatewayClassName the GatewayClass (default: Istio's)
   */
  public constructor(private readonly ctx: RedirectSiteContext, tls: ListenerTls, gatewayClassName?: string) {
    const { scope, name, namespace, labels, hosts } = ctx;
    this.gateway = new Gateway(scope, 'Gateway', {
      metadata: { name, namespace, labels },
      gatewayClassName,
      listeners: [
        { name: HTTP_LISTENER, protocol: ListenerProtocol.HTTP, port: 80, allowedRoutes: AllowedRoutes.fromSameNamespace() },
        { name: HTTPS_LISTENER, protocol: ListenerProtocol.HTTPS, port: 443, tls, allowedRoutes: AllowedRoutes.fromSameNamespace() },
      ],
    });
    this.solvers = [AcmeSolver.http01GatewayHttpRoute({
      parentRefs: [{ name: this.gateway.name, namespace: this.gateway.namespace, kind: 'Gateway', sectionName: HTTP_LISTENER }],
      serviceType: AcmeSolverServiceType.CLUSTER_IP,
      selector: { dnsNames: [...hosts] },
    })];
    addPatternSolvers(scope, 'issuer', ctx.issuer, this.solvers, 'a gatewayHTTPRoute HTTP-01 solver');
    this.redirectRoute = new HttpRoute(scope, 'RedirectRoute', {
      metadata: { name: `${name}-redirect`, namespace, labels },
      parentRefs: [{ gateway: this.gateway, sectionName: HTTP_LISTENER }],
      hostnames: hosts,
      rules: [{
        matches: [{ path: HttpPathMatch.pathPrefix('/') }],
        filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, statusCode: 301 })],
      }],
    });
  }

  public get backendRoutes(): HttpRoute[] {
    return [...this.httpsRoutes.values()];
  }

  /** A rule of the HTTPRoute for the route's hosts; a ReferenceGrant when the Service is in another namespace. */
  public addBackend(route: BackendRoute): void {
    const namespace = this.ctx.namespace;
    const allHosts = route.hosts!.length === this.ctx.hosts.length;
    const other = route.serviceNamespace !== namespace;
    this.httpsRouteFor(allHosts ? undefined : route.hosts!).addRule({
      matches: [{ path: HttpPathMatch.pathPrefix(route.pathPrefix!) }],
      backendRefs: [{ serviceName: route.serviceName, port: route.port, ...(other ? { namespace: route.serviceNamespace } : {}) }],
    });
    if (other) this.grantBackend(route.serviceNamespace!, route.serviceName);
  }

  /** The HTTPRoute on the https listener for `hosts` (undefined: every host). */
  private httpsRouteFor(hosts: string[] | undefined): HttpRoute {
    const key = hosts ? hosts.join(',') : '*';
    let route = this.httpsRoutes.get(key);
    if (!route) {
      const { scope, name, namespace, labels } = this.ctx;
      const n = this.httpsRoutes.size;
      route = new HttpRoute(scope, hosts ? `Route${n + 1}` : 'Route', {
        metadata: { name: hosts ? `${name}-${n + 1}` : name, namespace, labels },
        parentRefs: [{ gateway: this.gateway, sectionName: HTTPS_LISTENER }],
        hostnames: hosts ?? this.ctx.hosts,
      });
      this.httpsRoutes.set(key, route);
    }
    return route;
  }

  private grantBackend(namespace: string, serviceName: string): void {
    let grant = this.grants.get(namespace);
    if (!grant) {
      const { scope, name, labels } = this.ctx;
      grant = new ReferenceGrant(scope, `ReferenceGrant-${namespace}`, {
        metadata: { name: `httproute-${this.ctx.namespace}-${name}`, namespace, labels },
        from: [{ kind: 'HTTPRoute', namespace: this.ctx.namespace }],
      });
      this.grants.set(namespace, grant);
    }
    grant.addTo({ group: '', kind: 'Service', name: serviceName });
  }
}
