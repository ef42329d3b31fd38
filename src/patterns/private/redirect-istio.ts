// The Istio API half of HttpsRedirectGateway (not exported from the package): a Gateway with a
// port-80 server redirecting to https and a 443 SIMPLE server; the issuer's one `ingress`
// HTTP-01 solver for every site routed this way (Ingress class unserved, selected by the
// Certificate's ROUTE_LABEL); a Service per host selecting the solver pods cert-manager runs
// for that host — by the labels cert-manager itself puts on them (`http01-solver: "true"` and
// `http-domain: <adler32 of the name>`, pkg/issuer/acme/http/pod.go), so nothing per host goes
// into the issuer; a VirtualService whose first rule per host sends the challenge path to that
// Service, the backend routes after them.
import { ApiObject } from 'cdk8s';
import { AcmeSolver, AcmeSolverServiceType } from '../../cert-manager/acme-solver';
import { adler32, CHALLENGE_PATH, DOMAIN_LABEL, SOLVER_LABEL, SOLVER_PORT } from '../../cert-manager/http01';
import * as istio from '../../istio/gateway';
import { GatewayTls } from '../../istio/gateway-tls';
import { HttpMatch } from '../../istio/http-match';
import { StringMatch } from '../../istio/string-match';
import { VirtualService } from '../../istio/virtual-service';
import { plainRendering } from '../../private/plain-render';
import { BackendRoute } from '../https-redirect-gateway-options';
import { ROUTE_LABEL, solverServiceName, UNSERVED_INGRESS_CLASS } from './http01';
import { RedirectSite, RedirectSiteContext } from './redirect-site';
import { sharedPatternSolver } from './solvers';

/** A solver Service, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const SolverServiceObject = plainRendering(ApiObject);

/** ROUTE_LABEL's value on the Certificates whose challenges this half routes. */
export const ISTIO_ROUTE = 'istio';
/** The label selecting this half's solver, as `sharedPatternSolver()` keys it. */
export const ISTIO_SOLVER = `${ROUTE_LABEL}=${ISTIO_ROUTE}`;

/** The issuer's solver for every site of this half: an inert Ingress (the VirtualService routes the challenge). */
export function istioSolver(): AcmeSolver {
  return AcmeSolver.http01Ingress({ ingressClassName: UNSERVED_INGRESS_CLASS, serviceType: AcmeSolverServiceType.CLUSTER_IP, selector: { matchLabels: { [ROUTE_LABEL]: ISTIO_ROUTE } } });
}

export class IstioRedirect implements RedirectSite {
  public readonly istioGateway: istio.Gateway;
  public readonly virtualService: VirtualService;
  public readonly solverServices: ApiObject[];
  public readonly solvers: AcmeSolver[];
  public readonly backendRoutes = [];

  /**
   * @param selector labels of the gateway pods
   * @param tls the HTTPS server's TLS settings (the pattern's certificate)
   */
  public constructor(private readonly ctx: RedirectSiteContext, selector: { [key: string]: string }, tls: GatewayTls) {
    const { scope, names, namespace, labels, hosts } = ctx;
    this.istioGateway = new istio.Gateway(scope, 'Gateway', {
      metadata: { name: names.gateway, namespace, labels },
      selector,
      workloadNamespace: ctx.workloadNamespace,
    });
    this.istioGateway.addHttpServer({ hosts, httpsRedirect: true, portName: names.httpPortName });
    this.istioGateway.addHttpsServer({ hosts, tls, portName: names.httpsPortName });

    this.solvers = [sharedPatternSolver(scope, 'issuer', ctx.issuer, ISTIO_SOLVER, istioSolver, 'an HTTP-01 solver selected by its Certificates\' label')];

    this.virtualService = new VirtualService(scope, 'VirtualService', {
      metadata: { name: names.virtualService, namespace, labels },
      hosts,
      gateways: [this.istioGateway],
    });
    this.solverServices = hosts.map((host) => this.addSolverRoute(host));
  }

  /** The Service selecting the solver pods of `host`, and the VirtualService rule sending its challenges there. */
  private addSolverRoute(host: string): ApiObject {
    const { scope, workloadNamespace, labels, hosts } = this.ctx;
    const service = new SolverServiceObject(scope, `SolverService-${host}`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: solverServiceName(host), namespace: workloadNamespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: { [SOLVER_LABEL]: 'true', [DOMAIN_LABEL]: String(adler32(host)) },
        ports: [{ name: 'http', port: SOLVER_PORT, targetPort: SOLVER_PORT, protocol: 'TCP', appProtocol: 'http' }],
      },
    });
    // one VirtualService serves every host: the rule names its host unless it is the only one
    const authority = hosts.length > 1;
    this.virtualService.addHttpRoute({
      name: `acme-http01-${host}`,
      matches: authority
        ? [HttpMatch.uriPrefix(CHALLENGE_PATH, { authority: StringMatch.exact(host) }), HttpMatch.uriPrefix(CHALLENGE_PATH, { authority: StringMatch.prefix(`${host}:`) })]
        : [HttpMatch.uriPrefix(CHALLENGE_PATH)],
      destinations: [{ host: `${solverServiceName(host)}.${workloadNamespace}.svc.cluster.local`, port: SOLVER_PORT }],
    });
    return service;
  }

  /** A rule after the solver rules: element-wise path matches, with the authority of each host unless it is for all of them. */
  public addBackend(route: BackendRoute): void {
    const prefix = route.pathPrefix!;
    const hosts = route.hosts!;
    const paths = prefix === '/' ? [StringMatch.prefix('/')] : [StringMatch.exact(prefix), StringMatch.prefix(`${prefix}/`)];
    const matches = hosts.length === this.ctx.hosts.length
      ? paths.map((uri) => HttpMatch.of({ uri }))
      : hosts.flatMap((h) => paths.flatMap((uri) => [HttpMatch.of({ uri, authority: StringMatch.exact(h) }), HttpMatch.of({ uri, authority: StringMatch.prefix(`${h}:`) })]));
    this.virtualService.addHttpRoute({
      matches,
      destinations: [{ host: `${route.serviceName}.${route.serviceNamespace}.svc.cluster.local`, port: route.port }],
    });
  }
}
