import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AcmeSolver } from '../cert-manager/acme-solver';
import { Certificate } from '../cert-manager/certificate';
import { LetsEncryptEnvironment } from '../cert-manager/issuer-config';
import { IIssuer, IssuerType } from '../cert-manager/references';
import { declareToModel } from '../core/declare';
import { Gateway, ListenerTls } from '../gateway-api/gateway';
import { HttpRoute } from '../gateway-api/http-route';
import { ListenerSet } from '../gateway-api/listener-set';
import * as istio from '../istio/gateway';
import { GatewayTls } from '../istio/gateway-tls';
import { VirtualService } from '../istio/virtual-service';
import { receive } from '../private/factory';
import { fail } from '../validation/error';
import { AcmeIssuerChoice } from './acme-issuer-choice';
import { BackendRoute, HttpsRedirectGatewayProps, IngressApi } from './https-redirect-gateway-options';
import { resolveBackendRoute, resolveRedirectProps } from './private/redirect-input';
import { ROUTE_LABEL } from './private/http01';
import { challengeParentAnnotations, GATEWAY_API_ROUTE, GATEWAY_API_SOLVER, GatewayApiRedirect, gatewayApiSolver } from './private/redirect-gateway-api';
import { ISTIO_ROUTE, ISTIO_SOLVER, IstioRedirect, istioSolver } from './private/redirect-istio';
import { sharedPatternSolver } from './private/solvers';
import { RedirectSite } from './private/redirect-site';

export * from './https-redirect-gateway-options';

const DEFAULT_SELECTOR = { istio: 'ingressgateway' };

/**
 * HTTPS for a set of host names behind the Istio ingress gateway: HTTP redirects to HTTPS, and
 * HTTPS serves a certificate cert-manager obtains and renews from an ACME CA (Let's Encrypt
 * staging by default) over HTTP-01.
 *
 * **Istio API** (the shape of cert-manager's Istio page): a Gateway with a port-80 server
 * (`tls.httpsRedirect: true`) and a 443 SIMPLE server (`credentialName`); a Certificate with a
 * temporary certificate (signed by a throwaway CA) in the gateway workload namespace.
 * cert-manager has no Istio solver, so the issuer gets one shared `ingress` HTTP-01 solver
 * (Ingress class unserved, so cert-manager's own Ingress stays inert), selected by the
 * Certificate's label `acme.cdk8s-istio-tls.io/http01-route: istio`. A Service per host selects
 * cert-manager's own solver-pod labels for that host, and the VirtualService's first rule for
 * the host sends `/.well-known/acme-challenge/` to it. The CA's request is redirected to https
 * (validation follows redirects and does not verify the certificate) and reaches the solver
 * through that rule. Thousands of sites add nothing to the issuer.
 *
 * **Gateway API**: a Gateway (class `istio`) with listeners `http` (80) and `https` (443), or a
 * ListenerSet on a shared `gateway`; an HTTPRoute on the HTTP listener redirecting everything
 * to https (PathPrefix `/`, 301); the backends on HTTPS; the issuer's one shared
 * `gatewayHTTPRoute` solver attaches cert-manager's challenge route to the parent the
 * Certificate names in its `acme.cert-manager.io/http01-parentref*` annotations, and its
 * `Exact` path match takes precedence over the redirect's PathPrefix.
 *
 * Checked at synth: a warning when the site has no backend route (unless `routes: []` says so
 * on purpose; the pattern's own check); through the Istio
 * and Gateway API families' checks of any app: the issuer selects the pattern's solver for
 * every host; no rule of another VirtualService merged into the same host takes the challenge
 * before the solver rule; no other Certificate validates the hosts over HTTP-01.
 *
 * @example
 * const letsEncrypt = new certManager.ClusterIssuer(chart, 'LetsEncrypt', {
 *   metadata: { name: 'letsencrypt-staging' },
 *   config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.STAGING }),
 * });
 * new patterns.HttpsRedirectGateway(chart, 'Shop', {
 *   hosts: ['shop.example.com', 'www.shop.example.com'],
 *   workload: { namespace: 'istio-system', selector: { istio: 'ingressgateway' } },
 *   issuer: patterns.AcmeIssuerChoice.fromIssuer(letsEncrypt),
 *   routes: [
 *     { pathPrefix: '/api', serviceName: 'shop-api', serviceNamespace: 'shop', port: 8080 },
 *     { serviceName: 'shop-web', serviceNamespace: 'shop', port: 80 },
 *   ],
 * });
 */
export class HttpsRedirectGateway extends Construct {
  /**
   * Add to `issuer` the HTTP-01 solvers every HttpsRedirectGateway of both APIs uses (one per
   * API, selected by the label the patterns put on their Certificates). Sites add them on first
   * use; calling this where the issuer is defined (a platform team's folder) keeps that folder
   * unchanged when the first site of a kind is added elsewhere.
   *
   * @param issuer an ACME Issuer or ClusterIssuer of the app
   */
  public static prepareIssuer(issuer: IIssuer): void {
    const where = issuer as unknown as Construct;
    sharedPatternSolver(where, 'issuer', issuer, ISTIO_SOLVER, istioSolver, 'the HTTP-01 solvers of HttpsRedirectGateway');
    sharedPatternSolver(where, 'issuer', issuer, GATEWAY_API_SOLVER, gatewayApiSolver, 'the HTTP-01 solvers of HttpsRedirectGateway');
  }

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
  /**
   * The HTTP-01 solver of the issuer this site's challenges use: one per issuer and way of
   * routing (Istio API: an `ingress` solver of an unserved class, selected by the Certificate's
   * label), shared by every site — the issuer does not grow with hosts.
   */
  public readonly solvers: AcmeSolver[];
  /** Istio API: the Gateway. */
  public readonly istioGateway?: istio.Gateway;
  /** Istio API: the VirtualService (challenge rules first, then the backend routes). */
  public readonly virtualService?: VirtualService;
  /** Istio API: the solver Services, one per host, in the host order. */
  public readonly solverServices: ApiObject[];
  /** Gateway API: the site's own Gateway (none on a shared `gateway`). */
  public readonly gateway?: Gateway;
  /** Gateway API on a shared `gateway`: the site's ListenerSet (an HTTPS listener per host). */
  public readonly listenerSet?: ListenerSet;
  /** Gateway API: the HTTPRoute on the `http` listener redirecting to https. */
  public readonly redirectRoute?: HttpRoute;

  private readonly _routes: BackendRoute[] = [];
  private readonly site: RedirectSite;

  public constructor(scope: Construct, id: string, props: HttpsRedirectGatewayProps) {
    super(scope, id);
    const p = props ?? ({} as HttpsRedirectGatewayProps);
    const s = resolveRedirectProps(this, id, p);
    this.api = s.api;
    this.name = s.name;
    this.hosts = s.hosts;
    this.workloadNamespace = s.workload?.namespace ?? s.namespace;
    this.namespace = s.namespace;

    this.issuer = this.resolveIssuer(p.issuer, s.labels);
    this.environment = Object.values(LetsEncryptEnvironment).find((e) => e === this.issuer.acmeServer);
    this.certificate = new Certificate(this, 'Certificate', {
      // the label selects the issuer's solver for this way of routing challenges (private/http01.ts)
      metadata: {
        name: s.names.certificate,
        namespace: this.workloadNamespace,
        labels: { ...s.labels, [ROUTE_LABEL]: this.api === IngressApi.ISTIO ? ISTIO_ROUTE : GATEWAY_API_ROUTE },
        // Gateway API: the parent cert-manager attaches the challenge route to (the one solver has none)
        annotations: this.api === IngressApi.GATEWAY_API ? challengeParentAnnotations(s.shared?.gateway ?? { name: s.names.gateway, namespace: this.namespace }) : undefined,
      },
      issuer: this.issuer,
      dnsNames: this.hosts,
      secretName: p.secretName ?? `${this.name}-tls`,
      temporaryCertificate: true,
      privateKey: p.privateKey,
      renewBefore: p.renewBefore,
    });

    const ctx = { scope: this, name: this.name, names: s.names, namespace: this.namespace, workloadNamespace: this.workloadNamespace, labels: s.labels, hosts: this.hosts, certificate: this.certificate, issuer: this.issuer };
    this.site = this.api === IngressApi.ISTIO
      ? new IstioRedirect(ctx, { ...(s.workload?.selector ?? DEFAULT_SELECTOR) }, receive(this, 'tls', GatewayTls.simple(this.certificate, p.tls ?? {})))
      : new GatewayApiRedirect(ctx, receive(this, 'certificate', ListenerTls.terminate(this.certificate)), p.gatewayClassName, s.shared);
    this.solvers = this.site.solvers;
    this.istioGateway = this.site.istioGateway;
    this.virtualService = this.site.virtualService;
    this.solverServices = this.site.solverServices;
    this.gateway = this.site.gateway;
    this.listenerSet = this.site.listenerSet;
    this.redirectRoute = this.site.redirectRoute;

    if (p.routes !== undefined && !Array.isArray(p.routes)) fail(this, 'routes', p.routes, 'must be a list of routes', 'pass an array of { pathPrefix, serviceName, port }');
    (p.routes ?? []).forEach((r) => this.addRoute(r));

    // routes may still be added after construction: whether there are any is known at synth.
    // A site with none serves its certificate and redirect alone (legal: backends may be bound
    // by objects outside the pattern); `routes: []` says so on purpose, silencing the warning.
    const routesOnPurpose = Array.isArray(p.routes) && p.routes.length === 0;
    declareToModel(this, {
      check: (_model, report) => {
        if (this._routes.length > 0 || routesOnPurpose) return;
        report.warn(this, 'routes', [],
          'the hosts have no backend route: the site serves only its certificate and the HTTP→HTTPS redirect, and every HTTPS request gets 404, which is likely unintended',
          'pass routes or call addRoute({ serviceName, port }); or pass routes: [] if the site is meant to serve the certificate and the redirect alone');
      },
    });
  }

  /** The backend routes, in order (defaults resolved). */
  public get routes(): BackendRoute[] {
    return this._routes.map((r) => ({ ...r, hosts: [...r.hosts!] }));
  }

  /** Gateway API: the HTTPRoutes on the `https` listener carrying the backend routes (one per set of hosts). */
  public get backendRoutes(): HttpRoute[] {
    return this.site.backendRoutes;
  }

  /**
   * Forward HTTPS requests under a path prefix to a Service. Routes come after the challenge
   * rules; list the most specific prefix first.
   */
  public addRoute(route: BackendRoute): void {
    const resolved = resolveBackendRoute(this, this._routes.length, route, this.hosts, this.namespace, this._routes);
    this._routes.push(resolved);
    this.site.addBackend(resolved);
  }

  /** The ACME issuer: created by the pattern (id `Issuer`), or an ACME issuer of the app the pattern adds its solvers to. */
  private resolveIssuer(issuer: AcmeIssuerChoice | undefined, labels?: { [key: string]: string }): IIssuer {
    const choice = receive(this, 'issuer', issuer ?? AcmeIssuerChoice.letsEncrypt());
    if (!(choice instanceof AcmeIssuerChoice)) {
      fail(this, 'issuer', choice, 'must be an AcmeIssuerChoice', 'use AcmeIssuerChoice.letsEncrypt({...}) or AcmeIssuerChoice.fromIssuer(issuer)');
    }
    const given = choice.issuer;
    if (given && given.issuerType !== IssuerType.ACME) {
      fail(this, 'issuer', `${given.issuerRef.kind}/${given.issuerRef.name}`,
        `HTTP-01 needs an ACME issuer, and this issuer is ${given.issuerType === IssuerType.UNKNOWN ? 'defined outside the app (the pattern cannot add its solvers to it)' : given.issuerType}`,
        'pass an ACME Issuer or ClusterIssuer of this app, or AcmeIssuerChoice.letsEncrypt()');
    }
    return choice._resolve(this, this.name, this.workloadNamespace, labels);
  }
}
