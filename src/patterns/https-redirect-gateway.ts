import { ApiObject, ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AcmeChallengeType, AcmeSolver, AcmeSolverServiceType, Http01SolverKind } from '../cert-manager/acme-solver';
import { Certificate, CertificatePrivateKey } from '../cert-manager/certificate';
import { LetsEncryptEnvironment } from '../cert-manager/issuer-config';
import { IIssuer, IssuerType } from '../cert-manager/references';
import { AllowedRoutes, Gateway, ListenerProtocol, ListenerTls } from '../gateway-api/gateway';
import { HttpPathMatch, HttpRoute, HttpRouteFilter, RedirectScheme as GatewayApiRedirectScheme } from '../gateway-api/http-route';
import { ReferenceGrant } from '../gateway-api/reference-grant';
import { IstioGateway } from '../istio/gateway';
import { GatewayTls } from '../istio/gateway-tls';
import { GatewayTlsOptions } from '../istio/tls-settings';
import { isWildcard, istioHostMatches as hostMatches } from '../private/hostnames';
import { HttpMatch } from '../istio/http-match';
import { HttpRouteOptions } from '../istio/route-options';
import { StringMatch } from '../istio/string-match';
import { VirtualService } from '../istio/virtual-service';
import { clusterOf } from '../private/cluster';
import { checkDns1035Label, checkDns1123Label, checkDnsName, checkLabelKey, checkLabelValue, kebabName } from '../private/names';
import { describeProblem, fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { AcmeIssuerChoice } from './acme-issuer-choice';
import { appIndex } from './private/app-index';
import { challengeTaking, ChallengeHop, describeRouteAction } from './private/challenge-match';
import { checkCipherSuitesForKey } from './private/ciphers';
import { addPatternSolvers } from './private/solvers';
import { CHALLENGE_PATH, hostLabelValue, SOLVER_HOST_LABEL, SOLVER_PORT, solverServiceName, UNSERVED_INGRESS_CLASS } from './private/http01';
import { plainRendering } from '../private/plain-render';

/** A solver Service, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const SolverServiceObject = plainRendering(ApiObject);

/** Which API the gateway and its routes are written in. */
export enum IngressApi {
  /** Istio's own API: a `networking.istio.io` Gateway and VirtualService. */
  ISTIO = 'networking.istio.io',
  /** The Kubernetes Gateway API (`gateway.networking.k8s.io`), implemented by Istio (`gatewayClassName: istio`). */
  GATEWAY_API = 'gateway.networking.k8s.io',
}

/** The gateway pods that terminate TLS. */
export interface GatewayWorkload {
  /**
   * Namespace the gateway pods run in. Istio reads the certificate Secret here, so the
   * Certificate, its Secret, the ACME solver pods and (Istio API) the solver Services live
   * here. With the Gateway API, Istio deploys the gateway pods in the Gateway's namespace, so
   * this is also the namespace of the Gateway and its routes.
   */
  readonly namespace: string;
  /**
   * Labels selecting the gateway pods (Istio API only; with the Gateway API Istio deploys and
   * selects the pods itself).
   *
   * @default { istio: 'ingressgateway' } for the Istio API
   */
  readonly selector?: { [key: string]: string };
}

/** A backend the HTTPS traffic of the hosts is forwarded to, by path prefix. */
export interface BackendRoute {
  /**
   * Path prefix, matched element by element in both APIs (`/api` matches `/api` and
   * `/api/x`, not `/apix`). Routes are tried in the order given; a route whose prefix is
   * covered by an earlier one is rejected (list the most specific first).
   *
   * @default '/'
   */
  readonly pathPrefix?: string;
  /** Name of the Service. */
  readonly serviceName: string;
  /**
   * Namespace of the Service (the Gateway API variant adds a ReferenceGrant there when it is
   * not the gateway's namespace).
   *
   * @default - the namespace of the pattern's routes
   */
  readonly serviceNamespace?: string;
  /** Service port. */
  readonly port: number;
  /**
   * Only for these hosts (a subset of the pattern's hosts).
   *
   * @default - every host of the pattern
   */
  readonly hosts?: string[];
}

/** Properties of `HttpsRedirectGateway`. */
export interface HttpsRedirectGatewayProps {
  /**
   * `name`: base name of every object (default: the kebab-cased construct id; it must be a
   * DNS-1123 label). `namespace`: where the Istio Gateway and VirtualService go (default: the
   * chart's namespace, else the workload namespace; with the Gateway API it must be the
   * workload namespace). `labels` are put on every object; annotations are not copied.
   *
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
  /** Host names served over HTTPS and validated over HTTP-01 (no wildcards: use `WildcardCertificate`). */
  readonly hosts: string[];
  /** The gateway pods: their namespace and (Istio API) their labels. */
  readonly workload: GatewayWorkload;
  /**
   * The ACME issuer: one the pattern creates (`AcmeIssuerChoice.letsEncrypt()`) or an ACME
   * issuer of the app the pattern adds its solvers to (`AcmeIssuerChoice.fromIssuer()`).
   *
   * @default AcmeIssuerChoice.letsEncrypt() - a Let's Encrypt staging Issuer
   */
  readonly issuer?: AcmeIssuerChoice;
  /**
   * Istio's API or the Gateway API.
   *
   * @default IngressApi.ISTIO
   */
  readonly api?: IngressApi;
  /**
   * Backends for the HTTPS traffic; more with `addRoute()`. At least one is needed by synth.
   *
   * @default - none
   */
  readonly routes?: BackendRoute[];
  /**
   * TLS settings of the HTTPS server (Istio API only).
   *
   * @default - TLS 1.2 minimum, Envoy's cipher suites
   */
  readonly tls?: GatewayTlsOptions;
  /**
   * GatewayClass (Gateway API only).
   *
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /**
   * Secret cert-manager writes the certificate to (in the workload namespace).
   *
   * @default `<name>-tls`
   */
  readonly secretName?: string;
  /**
   * The certificate's private key.
   *
   * @default - ECDSA P-256, rotated on every renewal
   */
  readonly privateKey?: CertificatePrivateKey;
  /**
   * Renew this long before expiry.
   *
   * @default - cert-manager's default (when two thirds of the lifetime have passed)
   */
  readonly renewBefore?: Duration;
}

const DEFAULT_SELECTOR = { istio: 'ingressgateway' };
/** Let's Encrypt puts at most 100 names into one certificate. */
const MAX_HOSTS = 100;
/** An HTTPRoute has at most 16 hostnames. */
const MAX_GATEWAY_API_HOSTS = 16;
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
const HTTP_LISTENER = 'http';
const HTTPS_LISTENER = 'https';

/**
 * HTTPS for a set of host names behind the Istio ingress gateway: HTTP redirects to HTTPS, and
 * HTTPS serves a certificate cert-manager obtains and renews from an ACME CA (Let's Encrypt
 * staging by default) over HTTP-01.
 *
 * **Istio API** (the shape of cert-manager's Istio page): a Gateway with a port-80 server
 * (`tls.httpsRedirect: true`) and a 443 SIMPLE server (`credentialName`); a Certificate with a
 * temporary self-signed certificate in the gateway workload namespace. cert-manager has no
 * Istio solver, so the issuer gets one `ingress` HTTP-01 solver per host (selected by
 * `selector.dnsNames`, Ingress class unserved so cert-manager's own Ingress stays inert) whose
 * `podTemplate` labels the solver pod; a Service per host selects that label, and the
 * VirtualService's first rule for the host sends `/.well-known/acme-challenge/` to it. The
 * CA's request is redirected to https (validation follows redirects and does not verify the
 * certificate) and reaches the solver through that rule.
 *
 * **Gateway API**: a Gateway (class `istio`) with listeners `http` (80) and `https` (443); an
 * HTTPRoute on `http` redirecting everything to https (PathPrefix `/`, 301); the backends on
 * `https`; the issuer's `gatewayHTTPRoute` solver attaches cert-manager's challenge route to
 * `http`, and its `Exact` path match takes precedence over the redirect's PathPrefix.
 *
 * Checked at synth: the issuer selects the pattern's solver for every host; no rule of the
 * app (in this or another VirtualService merged into the same host) takes the challenge
 * before the solver rule; no other Certificate validates the hosts over HTTP-01; at least one
 * backend route.
 */
export class HttpsRedirectGateway extends Construct {
  /** Base name of the objects. */
  public readonly name: string;
  /** Namespace of the gateway and the routes. */
  public readonly namespace: string;
  /** Namespace of the gateway pods, the Certificate and its Secret. */
  public readonly workloadNamespace: string;
  /** The host names. */
  public readonly hosts: string[];
  /** The API the gateway is written in. */
  public readonly api: IngressApi;
  /** The ACME issuer (created by the pattern or given). */
  public readonly issuer: IIssuer;
  /** The Let's Encrypt environment when the issuer is a Let's Encrypt issuer. */
  public readonly environment?: LetsEncryptEnvironment;
  /** The Certificate (in the workload namespace, with a temporary certificate). */
  public readonly certificate: Certificate;
  /** The HTTP-01 solvers the pattern added to the issuer (Istio API: one per host). */
  public readonly solvers: AcmeSolver[];
  /** Istio API: the Gateway. */
  public readonly istioGateway?: IstioGateway;
  /** Istio API: the VirtualService (challenge rules first, then the backend routes). */
  public readonly virtualService?: VirtualService;
  /** Istio API: the solver Services, one per host, in the host order. */
  public readonly solverServices: ApiObject[];
  /** Gateway API: the Gateway. */
  public readonly gateway?: Gateway;
  /** Gateway API: the HTTPRoute on the `http` listener redirecting to https. */
  public readonly redirectRoute?: HttpRoute;

  private readonly labels?: { [key: string]: string };
  private readonly _routes: BackendRoute[] = [];
  private readonly grants = new Map<string, ReferenceGrant>();
  /** Gateway API: backend HTTPRoutes by host set (`*` = every host). */
  private readonly httpsRoutes = new Map<string, HttpRoute>();
  /** Warnings raised by synth-time checks (validation may run more than once). */
  private readonly warned = new Set<string>();

  public constructor(scope: Construct, id: string, props: HttpsRedirectGatewayProps) {
    super(scope, id);
    const p = props ?? ({} as HttpsRedirectGatewayProps);
    if (typeof p !== 'object') fail(this, 'props', p, 'props are required', 'pass { hosts, workload }');

    this.api = p.api ?? IngressApi.ISTIO;
    if (!Object.values(IngressApi).includes(this.api)) fail(this, 'api', this.api, 'must be IngressApi.ISTIO or IngressApi.GATEWAY_API', 'use an IngressApi value');

    if (p.metadata !== undefined && (p.metadata === null || typeof p.metadata !== 'object')) fail(this, 'metadata', p.metadata, 'must be an object', 'pass { name, namespace, labels }');
    if (p.metadata?.labels !== undefined && (p.metadata.labels === null || typeof p.metadata.labels !== 'object' || Array.isArray(p.metadata.labels))) {
      fail(this, 'metadata.labels', p.metadata.labels, 'must be a map of label keys to values', 'pass e.g. { team: "shop" }');
    }
    this.name = p.metadata?.name ?? kebabName(id);
    const nameProblem = typeof this.name === 'string' ? checkDns1123Label(this.name) : 'must be a string';
    if (nameProblem) {
      fail(this, 'metadata.name', this.name, `the base name of the pattern's objects ${nameProblem} (Istio Gateway names are DNS-1123 labels)`,
        p.metadata?.name ? 'choose a shorter lowercase name' : 'pass metadata.name or use a construct id that kebab-cases to a valid name');
    }
    this.labels = p.metadata?.labels ? { ...p.metadata.labels } : undefined;

    this.hosts = checkHosts(this, p.hosts, this.api);
    const workload = checkWorkload(this, p.workload, this.api);
    this.workloadNamespace = workload.namespace;
    this.namespace = this.api === IngressApi.GATEWAY_API ? workload.namespace : (p.metadata?.namespace ?? Chart.of(this).namespace ?? workload.namespace);
    if (this.api === IngressApi.GATEWAY_API && p.metadata?.namespace !== undefined && p.metadata.namespace !== workload.namespace) {
      fail(this, 'metadata.namespace', p.metadata.namespace,
        `with the Gateway API, Istio runs the gateway pods in the Gateway's namespace, so the Gateway must be in the workload namespace "${workload.namespace}" (where the Certificate writes its Secret)`,
        'remove metadata.namespace or set it to workload.namespace');
    }
    const nsProblem = typeof this.namespace === 'string' ? checkDns1123Label(this.namespace) : 'must be a string';
    if (nsProblem) fail(this, 'metadata.namespace', this.namespace, `namespace ${nsProblem}`, 'use a valid namespace name');
    checkCipherSuitesForKey(this, 'tls.cipherSuites', p.tls?.cipherSuites, p.privateKey?.algorithm, p.tls?.minProtocolVersion);
    if (this.api === IngressApi.GATEWAY_API) {
      if (p.tls !== undefined) fail(this, 'tls', p.tls, 'tls options apply to the Istio API\'s HTTPS server only', 'remove tls, or use IngressApi.ISTIO');
    } else if (p.gatewayClassName !== undefined) {
      fail(this, 'gatewayClassName', p.gatewayClassName, 'a GatewayClass applies to the Gateway API only', 'remove gatewayClassName, or use IngressApi.GATEWAY_API');
    }

    const choice = p.issuer ?? AcmeIssuerChoice.letsEncrypt();
    if (!(choice instanceof AcmeIssuerChoice)) {
      fail(this, 'issuer', choice, 'must be an AcmeIssuerChoice', 'use AcmeIssuerChoice.letsEncrypt({...}) or AcmeIssuerChoice.fromIssuer(issuer)');
    }
    if (choice.issuer && choice.issuer.issuerType !== IssuerType.ACME) {
      fail(this, 'issuer', `${choice.issuer.issuerRef.kind}/${choice.issuer.issuerRef.name}`,
        `HTTP-01 needs an ACME issuer, and this issuer is ${choice.issuer.issuerType === IssuerType.UNKNOWN ? 'defined outside the app (the pattern cannot add its solvers to it)' : choice.issuer.issuerType}`,
        'pass an ACME Issuer or ClusterIssuer of this app, or AcmeIssuerChoice.letsEncrypt()');
    }
    this.issuer = choice._resolve(this, this.name, this.workloadNamespace, this.labels);
    this.environment = Object.values(LetsEncryptEnvironment).find((e) => e === this.issuer.acmeServer);

    this.certificate = new Certificate(this, 'Certificate', {
      metadata: { name: this.name, namespace: this.workloadNamespace, labels: this.labels },
      issuer: this.issuer,
      dnsNames: this.hosts,
      secretName: p.secretName ?? `${this.name}-tls`,
      temporaryCertificate: true,
      privateKey: p.privateKey,
      renewBefore: p.renewBefore,
    });

    const solverServices: ApiObject[] = [];
    if (this.api === IngressApi.ISTIO) {
      const selector = { ...(workload.selector ?? DEFAULT_SELECTOR) };
      const gateway = new IstioGateway(this, 'Gateway', {
        metadata: { name: this.name, namespace: this.namespace, labels: this.labels },
        selector,
        workloadNamespace: this.workloadNamespace,
      });
      gateway.addHttpServer({ hosts: this.hosts, httpsRedirect: true });
      gateway.addHttpsServer({ hosts: this.hosts, tls: GatewayTls.simple(this.certificate, p.tls ?? {}) });
      this.istioGateway = gateway;

      this.solvers = this.hosts.map((host) => AcmeSolver.http01Ingress({
        ingressClassName: UNSERVED_INGRESS_CLASS,
        serviceType: AcmeSolverServiceType.CLUSTER_IP,
        podTemplate: { labels: { [SOLVER_HOST_LABEL]: hostLabelValue(host) } },
        selector: { dnsNames: [host] },
      }));
      addPatternSolvers(this, 'issuer', this.issuer, this.solvers, 'one HTTP-01 solver per host');

      const vs = new VirtualService(this, 'VirtualService', {
        metadata: { name: this.name, namespace: this.namespace, labels: this.labels },
        hosts: this.hosts,
        gateways: [gateway],
      });
      this.hosts.forEach((host) => {
        const service = new SolverServiceObject(this, `SolverService-${host}`, {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: solverServiceName(host), namespace: this.workloadNamespace, labels: this.labels },
          spec: {
            type: 'ClusterIP',
            selector: { [SOLVER_HOST_LABEL]: hostLabelValue(host) },
            ports: [{ name: 'http', port: SOLVER_PORT, targetPort: SOLVER_PORT, protocol: 'TCP', appProtocol: 'http' }],
          },
        });
        solverServices.push(service);
        // one VirtualService serves every host: the rule names its host unless it is the only one
        const authority = this.hosts.length > 1;
        const rule: HttpRouteOptions = {
          name: `acme-http01-${host}`,
          matches: authority
            ? [HttpMatch.uriPrefix(CHALLENGE_PATH, { authority: StringMatch.exact(host) }), HttpMatch.uriPrefix(CHALLENGE_PATH, { authority: StringMatch.prefix(`${host}:`) })]
            : [HttpMatch.uriPrefix(CHALLENGE_PATH)],
          destinations: [{ host: `${solverServiceName(host)}.${this.workloadNamespace}.svc.cluster.local`, port: SOLVER_PORT }],
        };
        vs.addHttpRoute(rule);
      });
      this.virtualService = vs;
    } else {
      const gateway = new Gateway(this, 'Gateway', {
        metadata: { name: this.name, namespace: this.namespace, labels: this.labels },
        gatewayClassName: p.gatewayClassName,
        listeners: [
          { name: HTTP_LISTENER, protocol: ListenerProtocol.HTTP, port: 80, allowedRoutes: AllowedRoutes.fromSameNamespace() },
          { name: HTTPS_LISTENER, protocol: ListenerProtocol.HTTPS, port: 443, tls: ListenerTls.terminate(this.certificate), allowedRoutes: AllowedRoutes.fromSameNamespace() },
        ],
      });
      this.gateway = gateway;
      this.solvers = [AcmeSolver.http01GatewayHttpRoute({
        parentRefs: [{ name: gateway.name, namespace: gateway.namespace, kind: 'Gateway', sectionName: HTTP_LISTENER }],
        serviceType: AcmeSolverServiceType.CLUSTER_IP,
        selector: { dnsNames: [...this.hosts] },
      })];
      addPatternSolvers(this, 'issuer', this.issuer, this.solvers, 'a gatewayHTTPRoute HTTP-01 solver');
      this.redirectRoute = new HttpRoute(this, 'RedirectRoute', {
        metadata: { name: `${this.name}-redirect`, namespace: this.namespace, labels: this.labels },
        parentRefs: [{ gateway, sectionName: HTTP_LISTENER }],
        hostnames: this.hosts,
        rules: [{
          matches: [{ path: HttpPathMatch.pathPrefix('/') }],
          filters: [HttpRouteFilter.requestRedirect({ scheme: GatewayApiRedirectScheme.HTTPS, statusCode: 301 })],
        }],
      });
    }
    this.solverServices = solverServices;

    if (p.routes !== undefined && !Array.isArray(p.routes)) fail(this, 'routes', p.routes, 'must be a list of routes', 'pass an array of { pathPrefix, serviceName, port }');
    (p.routes ?? []).forEach((r) => this.addRoute(r));

    this.node.addValidation({ validate: () => this.validatePattern() });
  }

  /** The backend routes, in order (defaults resolved). */
  public get routes(): BackendRoute[] {
    return this._routes.map((r) => ({ ...r, hosts: [...r.hosts!] }));
  }

  /** Gateway API: the HTTPRoutes on the `https` listener carrying the backend routes (one per set of hosts). */
  public get backendRoutes(): HttpRoute[] {
    return [...this.httpsRoutes.values()];
  }

  /**
   * Forward HTTPS requests under a path prefix to a Service. Routes come after the challenge
   * rules; list the most specific prefix first.
   */
  public addRoute(route: BackendRoute): void {
    const f = `routes[${this._routes.length}]`;
    if (route === null || typeof route !== 'object') fail(this, f, route, 'a route must be an object', 'pass { pathPrefix, serviceName, port }');
    const prefix = normalizePrefix(this, `${f}.pathPrefix`, route.pathPrefix ?? '/');
    if (typeof route.serviceName !== 'string') fail(this, `${f}.serviceName`, route.serviceName, 'is required', 'name the Service');
    const svcProblem = checkDns1035Label(route.serviceName);
    if (svcProblem) fail(this, `${f}.serviceName`, route.serviceName, `Service name ${svcProblem}`, 'use the metadata.name of the Service');
    const serviceNamespace = route.serviceNamespace ?? this.namespace;
    const nsProblem = typeof serviceNamespace === 'string' ? checkDns1123Label(serviceNamespace) : 'must be a string';
    if (nsProblem) fail(this, `${f}.serviceNamespace`, serviceNamespace, `namespace ${nsProblem}`, 'use a valid namespace name');
    if (typeof route.port !== 'number' || !Number.isInteger(route.port) || route.port < 1 || route.port > 65535) {
      fail(this, `${f}.port`, route.port, 'port must be an integer from 1 to 65535', 'use the Service port');
    }
    let hosts = this.hosts;
    if (route.hosts !== undefined) {
      if (!Array.isArray(route.hosts) || route.hosts.length === 0) fail(this, `${f}.hosts`, route.hosts, 'must list at least one host', 'list hosts of the pattern, or leave hosts out for all of them');
      route.hosts.forEach((h, i) => {
        if (!this.hosts.includes(h)) fail(this, `${f}.hosts[${i}]`, h, `is not one of the pattern's hosts ${JSON.stringify(this.hosts)}`, 'add the host to the pattern\'s hosts, or route it elsewhere');
        if (route.hosts!.indexOf(h) !== i) fail(this, `${f}.hosts[${i}]`, h, 'duplicate host', 'list each host once');
      });
      hosts = this.hosts.filter((h) => route.hosts!.includes(h));
    }
    this._routes.forEach((earlier, j) => {
      const e = earlier.pathPrefix!;
      const shared = hosts.filter((h) => earlier.hosts!.includes(h));
      if (shared.length > 0 && (e === '/' || e === prefix || prefix.startsWith(`${e}/`))) {
        fail(this, `${f}.pathPrefix`, prefix, `is never reached for ${JSON.stringify(shared)}: routes[${j}] (pathPrefix ${JSON.stringify(e)}) takes every request under it first`,
          `add the more specific route before routes[${j}]`);
      }
    });
    const resolved: BackendRoute = { pathPrefix: prefix, serviceName: route.serviceName, serviceNamespace, port: route.port, hosts: [...hosts] };
    this._routes.push(resolved);
    const allHosts = hosts.length === this.hosts.length;

    if (this.virtualService) {
      const paths = prefix === '/' ? [StringMatch.prefix('/')] : [StringMatch.exact(prefix), StringMatch.prefix(`${prefix}/`)];
      const matches = allHosts
        ? paths.map((uri) => HttpMatch.of({ uri }))
        : hosts.flatMap((h) => paths.flatMap((uri) => [HttpMatch.of({ uri, authority: StringMatch.exact(h) }), HttpMatch.of({ uri, authority: StringMatch.prefix(`${h}:`) })]));
      this.virtualService.addHttpRoute({
        matches,
        destinations: [{ host: `${route.serviceName}.${serviceNamespace}.svc.cluster.local`, port: route.port }],
      });
    } else {
      this.httpsRouteFor(allHosts ? undefined : hosts).addRule({
        matches: [{ path: HttpPathMatch.pathPrefix(prefix) }],
        backendRefs: [{ serviceName: route.serviceName, port: route.port, ...(serviceNamespace !== this.namespace ? { namespace: serviceNamespace } : {}) }],
      });
      if (serviceNamespace !== this.namespace) this.grantBackend(serviceNamespace, route.serviceName);
    }
  }

  /** Gateway API: the HTTPRoute on the https listener for `hosts` (undefined: every host). */
  private httpsRouteFor(hosts: string[] | undefined): HttpRoute {
    const key = hosts ? hosts.join(',') : '*';
    let route = this.httpsRoutes.get(key);
    if (!route) {
      const n = this.httpsRoutes.size;
      const name = hosts ? `${this.name}-${n + 1}` : this.name;
      route = new HttpRoute(this, hosts ? `Route${n + 1}` : 'Route', {
        metadata: { name, namespace: this.namespace, labels: this.labels },
        parentRefs: [{ gateway: this.gateway!, sectionName: HTTPS_LISTENER }],
        hostnames: hosts ?? this.hosts,
      });
      this.httpsRoutes.set(key, route);
    }
    return route;
  }

  private grantBackend(namespace: string, serviceName: string): void {
    let grant = this.grants.get(namespace);
    if (!grant) {
      grant = new ReferenceGrant(this, `ReferenceGrant-${namespace}`, {
        metadata: { name: `httproute-${this.namespace}-${this.name}`, namespace, labels: this.labels },
        from: [{ kind: 'HTTPRoute', namespace: this.namespace }],
      });
      this.grants.set(namespace, grant);
    }
    grant.addTo({ group: '', kind: 'Service', name: serviceName });
  }

  private validatePattern(): string[] {
    const errors: string[] = [];
    if (this._routes.length === 0) {
      errors.push(describeProblem('routes', [], 'the hosts have no backend route, so every HTTPS request would get 404',
        'pass routes or call addRoute({ serviceName, port })'));
    }
    this.hosts.forEach((host, i) => errors.push(...this.checkSolverSelection(i, host)));
    if (this.api === IngressApi.ISTIO) {
      this.hosts.forEach((host, i) => {
        errors.push(...this.checkRuleOrder(i, host));
        errors.push(...this.checkOtherCertificates(i, host));
      });
    }
    return errors;
  }

  /** The issuer must select the pattern's solver for every host. */
  private checkSolverSelection(i: number, host: string): string[] {
    const mine = this.api === IngressApi.ISTIO ? this.solvers[i] : this.solvers[0];
    const picked = this.certificate._solverFor(host);
    if (picked === mine || picked === undefined) return []; // undefined: the Certificate reports it
    const index = this.issuer.acmeSolvers.indexOf(picked);
    const ref = this.issuer.issuerRef;
    return [describeProblem(`hosts[${i}]`, host,
      `${ref.kind} "${ref.name}" selects its solvers[${index}] (${describeSolver(picked)}) for this name instead of the solver the pattern added, so the challenge would be served where ${this.api === IngressApi.ISTIO ? 'the pattern\'s solver Service and VirtualService rule do not reach' : 'the pattern\'s http listener does not route'}`,
      `remove ${JSON.stringify(host)} from the selector of solvers[${index}] (a solver listed earlier with an equally specific selector wins), or use an issuer whose other solvers do not select this name`)];
  }

  /**
   * Istio API: on the HTTPS server (where the CA lands after the redirect) the pattern's solver
   * rule comes first in its own VirtualService (backend routes and rules added later are
   * appended after it), but Istio merges every other VirtualService bound to the gateway for
   * the host into the same virtual host, in creation order, which an app applied by Argo CD
   * does not control: none of them may have a rule that can take
   * `GET /.well-known/acme-challenge/<token>`. Catch-all rules are rejected too, with their own
   * wording: Istio's implementation moves them behind every other route of the virtual host
   * (`SortVHostRoutes`), but the VirtualService API leaves the order of merged VirtualServices
   * unspecified, so only an implementation detail would keep them behind the solver rule.
   */
  private checkRuleOrder(i: number, host: string): string[] {
    const vs = this.virtualService!;
    const gateway = this.istioGateway!;
    const hop: ChallengeHop = { host, port: 443, scheme: 'https' };
    const errors: string[] = [];
    const others = (appIndex(this).virtualServicesByGateway.get(gateway.qualifiedName) ?? [])
      .filter((o) => o !== vs && o.hosts.some((h) => hostMatches(h, host)));
    for (const other of others) {
      const routes = other.httpRoutes;
      const taking = routes.map((x) => challengeTaking(x, hop, gateway.qualifiedName));
      const ordered = taking.indexOf('ordered');
      const r = ordered >= 0 ? ordered : taking.indexOf('catch-all');
      if (r < 0) continue;
      const where = `VirtualService ${other.namespace}/${other.name} (${other.node.path}) is also bound to gateway ${gateway.qualifiedName} for this host`;
      errors.push(describeProblem(`hosts[${i}]`, host, ordered >= 0
        ? `${where}, and Istio merges the rules of both in creation order, so its rule http[${r}] (${describeRouteAction(routes[r])}) may take the ACME challenge request before the pattern's solver rule`
        : `${where}, and the VirtualService API leaves the order of merged rules unspecified, so its catch-all rule http[${r}] (${describeRouteAction(routes[r])}) may take the ACME challenge request before the pattern's solver rule; only Istio's implementation moves catch-all routes behind the others (SortVHostRoutes), and which catch-all answers the other requests still depends on creation order`,
        'move its routes into the pattern with addRoute(), or bind it to another host or gateway'));
    }
    return errors;
  }

  /**
   * Istio API: another Certificate validating a host over HTTP-01 would have its challenge
   * requests land on the pattern's solver rule (and, through the same issuer, a second solver
   * pod behind the pattern's Service).
   */
  private checkOtherCertificates(i: number, host: string): string[] {
    const errors: string[] = [];
    const cluster = clusterOf(this);
    for (const other of appIndex(this).certificatesByDnsName.get(host) ?? []) {
      const issuer = other.issuer;
      if (other === this.certificate || clusterOf(other) !== cluster || !issuer) continue;
      const solver = other._solverFor(host);
      if (issuer.issuerType === IssuerType.ACME && solver && solver.challengeType === AcmeChallengeType.HTTP01) {
        errors.push(describeProblem(`hosts[${i}]`, host,
          `Certificate ${other.namespace}/${other.name} (${other.node.path}) also validates this name over HTTP-01; its challenge requests reach the gateway's rule for the pattern's solver, whose Service would balance them across the solver pods of both certificates`,
          'serve the name from one Certificate only (the pattern\'s), or have the other one use DNS-01'));
      } else if (issuer.issuerType === IssuerType.UNKNOWN) {
        this.warnOnce(`hosts[${i}] ${JSON.stringify(host)} is also requested by Certificate ${other.namespace}/${other.name} (${other.node.path}), whose issuer is defined outside the app: if it validates over HTTP-01 its challenges land on the pattern's solver rule and fail`);
      }
    }
    return errors;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    Warnings.add(this, message);
  }
}

function describeSolver(s: AcmeSolver): string {
  if (s.challengeType === AcmeChallengeType.DNS01) return `DNS-01 ${s.dns01Provider?.kind ?? ''}`.trim();
  if (s.http01Kind === Http01SolverKind.GATEWAY_HTTP_ROUTE) return `HTTP-01 gatewayHTTPRoute to ${s.parentRefs.map((r) => `${r.namespace ?? ''}/${r.name}${r.sectionName ? `:${r.sectionName}` : ''}`).join(', ')}`;
  return `HTTP-01 ingress${s.ingressClassName ? ` class ${s.ingressClassName}` : s.ingressClass ? ` class ${s.ingressClass}` : ''}`;
}

function checkHosts(where: Construct, hosts: unknown, api: IngressApi): string[] {
  if (!Array.isArray(hosts) || hosts.length === 0) fail(where, 'hosts', hosts, 'at least one host is required', 'list the host names, e.g. ["shop.example.com"]');
  const max = api === IngressApi.GATEWAY_API ? MAX_GATEWAY_API_HOSTS : MAX_HOSTS;
  if (hosts.length > max) {
    fail(where, 'hosts', `${hosts.length} hosts`, api === IngressApi.GATEWAY_API ? `an HTTPRoute has at most ${max} hostnames` : `Let's Encrypt puts at most ${max} names into one certificate`,
      'split the hosts across several patterns');
  }
  hosts.forEach((h, i) => {
    if (typeof h !== 'string') fail(where, `hosts[${i}]`, h, 'must be a host name string', 'use a name like "shop.example.com"');
    if (isWildcard(h)) {
      fail(where, `hosts[${i}]`, h, 'wildcard names cannot be validated over HTTP-01 (Let\'s Encrypt offers only DNS-01 for them)',
        'use WildcardCertificate (DNS-01) for wildcard names and list the exact names here');
    }
    const problem = checkDnsName(h, { allowWildcard: false });
    if (problem) fail(where, `hosts[${i}]`, h, `host name ${problem}`, 'use a fully qualified lowercase name like "shop.example.com"');
    if (!h.includes('.')) fail(where, `hosts[${i}]`, h, 'short names (non FQDN) cannot be served by a gateway nor validated by a public CA', 'use the fully qualified name, e.g. "shop.example.com"');
    if (hosts.indexOf(h) !== i) fail(where, `hosts[${i}]`, h, 'duplicate host', 'list each host once');
  });
  return [...hosts];
}

function checkWorkload(where: Construct, w: GatewayWorkload | undefined, api: IngressApi): GatewayWorkload {
  if (w === null || typeof w !== 'object') {
    fail(where, 'workload', w, 'the gateway workload is required', "pass { namespace: 'istio-system', selector: { istio: 'ingressgateway' } }");
  }
  if (typeof w.namespace !== 'string') fail(where, 'workload.namespace', w.namespace, 'is required', 'name the namespace the gateway pods run in');
  const problem = checkDns1123Label(w.namespace);
  if (problem) fail(where, 'workload.namespace', w.namespace, `namespace ${problem}`, 'use a valid namespace name');
  if (w.selector !== undefined) {
    if (api === IngressApi.GATEWAY_API) {
      fail(where, 'workload.selector', w.selector, 'with the Gateway API Istio deploys and selects the gateway pods of a Gateway itself; a selector has no effect',
        'remove workload.selector, or use IngressApi.ISTIO to program existing gateway pods');
    }
    if (w.selector === null || typeof w.selector !== 'object' || Object.keys(w.selector).length === 0) {
      fail(where, 'workload.selector', w.selector, 'an empty selector would select every gateway pod in the mesh', "select the gateway pods, e.g. { istio: 'ingressgateway' }");
    }
    for (const [k, v] of Object.entries(w.selector)) {
      const lp = checkLabelKey(k) ?? (typeof v === 'string' ? checkLabelValue(v) : 'value must be a string');
      if (lp) fail(where, `workload.selector[${JSON.stringify(k)}]`, v, `label ${lp}`, 'use a valid Kubernetes label');
    }
  }
  return w;
}

function normalizePrefix(where: Construct, field: string, v: unknown): string {
  if (typeof v !== 'string' || !v.startsWith('/')) fail(where, field, v, 'a path prefix must start with "/"', 'use e.g. "/" or "/api"');
  if (v.length > 1024) fail(where, field, `${v.slice(0, 40)}…`, 'a path is at most 1024 characters', 'shorten the prefix');
  if (!PATH_CHARS.test(v) || v.includes('//') || /\/\.\.?(\/|$)/.test(v)) {
    fail(where, field, v, 'a path prefix must be an absolute path without "//", "." or ".." segments, query or fragment', 'use a plain path such as "/api"');
  }
  const prefix = v.length > 1 ? v.replace(/\/+$/, '') : v;
  if (`${prefix}/`.startsWith(CHALLENGE_PATH)) {
    fail(where, field, v, 'the ACME challenge path belongs to the HTTP-01 solver and is routed by the pattern', 'route another path');
  }
  return prefix;
}
