// The Gateway API half of HttpsRedirectGateway (not exported from the package). Either a
// Gateway of its own (class `istio`, listeners `http` on 80 and `https` on 443), or — at fleet
// scale, where every Gateway Istio manages is a Deployment and a cloud load balancer — a
// ListenerSet with one HTTPS listener per host on a shared Gateway whose HTTP listener every
// site's redirect attaches to. Either way: an HTTPRoute on the HTTP listener redirecting every
// path to https; the issuer's one `gatewayHTTPRoute` solver for every site routed this way,
// selected by the Certificate's label, whose challenge route cert-manager attaches to the parent
// the Certificate names in its `acme.cert-manager.io/http01-parentref*` annotations (its Exact
// challenge path beats the redirect's PathPrefix); the backends on the HTTPS listeners, one
// HTTPRoute per set of hosts, ReferenceGrants for Services in other namespaces.
import { AcmeSolver, AcmeSolverServiceType } from '../../cert-manager/acme-solver';
import { AllowedRoutes, Gateway, IGateway, ListenerProtocol, ListenerTls } from '../../gateway-api/gateway';
import { HttpPathMatch, HttpRoute, HttpRouteFilter, ParentReference, RedirectScheme } from '../../gateway-api/http-route';
import { ListenerSet } from '../../gateway-api/listener-set';
import { ReferenceGrant } from '../../gateway-api/reference-grant';
import { BackendRoute } from '../https-redirect-gateway-options';
import { ROUTE_LABEL } from './http01';
import { RedirectSite, RedirectSiteContext } from './redirect-site';
import { sharedPatternSolver } from './solvers';

const HTTP_LISTENER = 'http';
const HTTPS_LISTENER = 'https';

/** ROUTE_LABEL's value on the Certificates whose challenges this half routes. */
export const GATEWAY_API_ROUTE = 'gateway-api';
/** The label selecting this half's solver, as `sharedPatternSolver()` keys it. */
export const GATEWAY_API_SOLVER = `${ROUTE_LABEL}=${GATEWAY_API_ROUTE}`;

/** The issuer's solver for every site of this half: no parentRefs (each Certificate names its parent). */
export function gatewayApiSolver(): AcmeSolver {
  return AcmeSolver.http01GatewayHttpRoute({ serviceType: AcmeSolverServiceType.CLUSTER_IP, selector: { matchLabels: { [ROUTE_LABEL]: GATEWAY_API_ROUTE } } });
}

/**
 * The annotations that make cert-manager attach a Certificate's challenge route to `gateway`
 * (pkg/controller/acmeorders/util.go, applyGatewayAPIAnnotationParentRefOverride: copied from the
 * Certificate to its Order, appended to the solver's parentRefs without a sectionName).
 */
export function challengeParentAnnotations(gateway: { name: string; namespace: string }): { [key: string]: string } {
  return {
    'acme.cert-manager.io/http01-parentrefkind': 'Gateway',
    'acme.cert-manager.io/http01-parentrefname': gateway.name,
    'acme.cert-manager.io/http01-parentrefnamespace': gateway.namespace,
  };
}

/** A shared Gateway to attach to instead of creating one. */
export interface SharedGateway {
  readonly gateway: IGateway;
  /** Name of its port-80 HTTP listener, where the site's redirect attaches. */
  readonly httpListener: string;
}

export class GatewayApiRedirect implements RedirectSite {
  /** The site's own Gateway (none on a shared Gateway). */
  public readonly gateway?: Gateway;
  /** The site's listeners on the shared Gateway. */
  public readonly listenerSet?: ListenerSet;
  public readonly redirectRoute: HttpRoute;
  public readonly solvers: AcmeSolver[];
  public readonly solverServices = [];

  private readonly grants = new Map<string, ReferenceGrant>();
  /** Backend HTTPRoutes by host set (`*` = every host). */
  private readonly httpsRoutes = new Map<string, HttpRoute>();
  /** Where the backend routes attach: the own Gateway's https listener, or the ListenerSet. */
  private readonly httpsParent: ParentReference;

  /**
   * @param tls the HTTPS listeners' TLS (the pattern's certificate)
   * @param gatewayClassName the GatewayClass of the own Gateway (default: Istio's)
   * @param shared a Gateway to share instead of creating one
   */
  public constructor(private readonly ctx: RedirectSiteContext, tls: ListenerTls, gatewayClassName: string | undefined, shared: SharedGateway | undefined) {
    const { scope, names, namespace, labels, hosts } = ctx;
    this.solvers = [sharedPatternSolver(scope, 'issuer', ctx.issuer, GATEWAY_API_SOLVER, gatewayApiSolver, 'a gatewayHTTPRoute HTTP-01 solver selected by its Certificates\' label')];
    let httpParent: ParentReference;
    if (shared) {
      this.listenerSet = new ListenerSet(scope, 'ListenerSet', {
        metadata: { name: names.gateway, namespace, labels },
        parentRef: shared.gateway,
        listeners: hosts.map((hostname) => ({ name: `${HTTPS_LISTENER}-${hostname}`, hostname, protocol: ListenerProtocol.HTTPS, port: 443, tls, allowedRoutes: AllowedRoutes.fromSameNamespace() })),
      });
      httpParent = { gateway: shared.gateway, sectionName: shared.httpListener };
      this.httpsParent = { listenerSet: this.listenerSet };
    } else {
      this.gateway = new Gateway(scope, 'Gateway', {
        metadata: { name: names.gateway, namespace, labels },
        gatewayClassName,
        listeners: [
          { name: HTTP_LISTENER, protocol: ListenerProtocol.HTTP, port: 80, allowedRoutes: AllowedRoutes.fromSameNamespace() },
          { name: HTTPS_LISTENER, protocol: ListenerProtocol.HTTPS, port: 443, tls, allowedRoutes: AllowedRoutes.fromSameNamespace() },
        ],
      });
      httpParent = { gateway: this.gateway, sectionName: HTTP_LISTENER };
      this.httpsParent = { gateway: this.gateway, sectionName: HTTPS_LISTENER };
    }
    this.redirectRoute = new HttpRoute(scope, 'RedirectRoute', {
      metadata: { name: names.redirectRoute, namespace, labels },
      parentRefs: [httpParent],
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

  /** The HTTPRoute on the https listener(s) for `hosts` (undefined: every host). */
  private httpsRouteFor(hosts: string[] | undefined): HttpRoute {
    const key = hosts ? hosts.join(',') : '*';
    let route = this.httpsRoutes.get(key);
    if (!route) {
      const { scope, names, namespace, labels } = this.ctx;
      const n = this.httpsRoutes.size;
      route = new HttpRoute(scope, hosts ? `Route${n + 1}` : 'Route', {
        metadata: { name: hosts ? `${names.backendRoute}-${n + 1}` : names.backendRoute, namespace, labels },
        parentRefs: [this.httpsParent],
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
