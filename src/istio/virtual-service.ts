import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as istio from '../../imports/istio-networking-networking.istio.io';
import { declareToModel } from '../core/declare';
import { Resource, ResourceType } from '../core/resource';
import { receiveAll } from '../private/factory';
import { checkNamespaceName, checkObjectName, checkPort, requireArray } from '../private/fields';
import { istioHostMatches, istioHostSubsetOf } from '../private/hostnames';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { IGateway } from './gateway';
import { checkExportTo, checkGatewayRef, checkIstioMetadata } from './private/checks';
import { checkServiceHost } from './private/hosts';
import { renderDestinations, renderHttpRoute } from './private/http-rules';
import './private/acme-challenge-checks';
import './private/acme-ingress-solver-checks';
import './private/virtual-service-checks';
import './private/mesh-host-conflicts';
import './private/destination-ports';
import './private/delegation-checks';
import { HttpRouteOptions, IVirtualService, TcpRouteOptions, TlsRouteOptions } from './route-options';
import { isUnconditionalCatchAll, MESH } from './routing';

const VIRTUAL_SERVICE = ResourceType._of({ l1: istio.VirtualService, mapper: istio.toJson_VirtualServiceProps, kind: 'VirtualService', namespaced: true });

/** Services cert-manager creates for HTTP-01 challenges (generateName `cm-acme-http-solver-`), in any host form. */
const GENERATED_SOLVER_HOST = /^cm-acme-http-solver(-[a-z0-9]*)?(\.|$)/;

/** Props of `VirtualService`. */
export interface VirtualServiceProps {
  /**
   * Name, namespace, labels and annotations.
   *
   * @default - name from the construct id, namespace from the chart (else `default`)
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Hosts the rules apply to, e.g. `shop.example.com` (no ports, no `ns/`).
   *
   * @default - none: a delegate VirtualService, whose HTTP rules a root VirtualService's
   * `delegate` rule takes in (no gateways, no TLS or TCP rules, no further delegation)
   */
  readonly hosts?: string[];
  /**
   * Gateways whose traffic the rules apply to (rendered `namespace/name`).
   *
   * @default - none (the rules apply to the mesh's sidecars)
   */
  readonly gateways?: IGateway[];
  /**
   * Also apply the rules to the mesh's sidecars (`mesh` in `gateways`).
   *
   * @default - true when no gateway is given, false otherwise
   */
  readonly includeMesh?: boolean;
  /**
   * Namespaces the VirtualService is visible to (`.` = its own, `*` = all).
   *
   * @default - all namespaces
   */
  readonly exportTo?: string[];
  /**
   * HTTP rules, in order; more with `addHttpRoute()`.
   *
   * @default - none
   */
  readonly httpRoutes?: HttpRouteOptions[];
  /**
   * TLS rules; more with `addTlsRoute()`.
   *
   * @default - none
   */
  readonly tlsRoutes?: TlsRouteOptions[];
  /**
   * TCP rules; more with `addTcpRoute()`.
   *
   * @default - none
   */
  readonly tcpRoutes?: TcpRouteOptions[];
}

/**
 * An Istio `networking.istio.io/v1` VirtualService: routing rules for hosts, applied at
 * gateways and/or the mesh's sidecars.
 *
 * Checked at synth: every bound gateway serves at least one of the hosts, and every host is
 * served by a bound gateway unless the mesh is included (IST0132).
 *
 * @example
 * const gateway = istio.Gateway.fromGatewayName(chart, 'Ingress', 'ingress', { namespace: 'istio-system' });
 * new istio.VirtualService(chart, 'Shop', {
 *   metadata: { namespace: 'shop' },
 *   hosts: ['shop.example.com'],
 *   gateways: [gateway],
 *   httpRoutes: [
 *     { matches: [istio.HttpMatch.uriPrefix('/api')], destinations: [{ host: 'shop-api.shop.svc.cluster.local', port: 8080 }] },
 *     { destinations: [{ host: 'shop-web.shop.svc.cluster.local', port: 80 }] },
 *   ],
 * });
 */
export class VirtualService extends Resource implements IVirtualService {
  /**
   * A VirtualService defined outside the app, as the target of a `delegate` rule (whole-app
   * checks cannot see its hosts or exports).
   */
  public static fromVirtualServiceName(scope: Construct, id: string, name: string, namespace: string): IVirtualService {
    return new ImportedVirtualService(scope, id, name, namespace);
  }

  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Hosts the rules apply to (empty for a delegate). */
  public readonly hosts: string[];
  /** Whether this is a delegate VirtualService (no hosts). */
  public readonly isDelegate: boolean;

  private readonly _gateways: IGateway[] = [];
  private readonly includeMeshProp?: boolean;
  private readonly exportTo?: string[];
  private readonly _httpRoutes: HttpRouteOptions[] = [];
  private readonly renderedHttp: istio.VirtualServiceSpecHttp[] = [];
  private readonly _tlsRoutes: TlsRouteOptions[] = [];
  private readonly _tcpRoutes: TcpRouteOptions[] = [];
  private readonly seenMatches = new Set<string>();
  private catchAllRoute?: number;

  public constructor(scope: Construct, id: string, props: VirtualServiceProps) {
    if (props === null || typeof props !== 'object') {
      fail(scope.node.path ? `${scope.node.path}/${id}` : id, 'props', props, 'VirtualService needs props with hosts', 'pass { hosts: ["shop.example.com"], gateways: [gateway] }');
    }
    super(scope, id, VIRTUAL_SERVICE, props.metadata);
    checkIstioMetadata(this, props.metadata, 'VirtualService');
    this.namespace = this.apiObject.metadata.namespace!;

    // no hosts: a delegate (istio 1.30.3 pkg/config/validation/validation.go ValidateVirtualService)
    this.isDelegate = props.hosts === undefined;
    if (this.isDelegate) {
      const given = {
        gateways: props.gateways?.length ? props.gateways.map((g) => g?.qualifiedName) : undefined,
        tlsRoutes: props.tlsRoutes?.length ? `${props.tlsRoutes.length} rule(s)` : undefined,
        tcpRoutes: props.tcpRoutes?.length ? `${props.tcpRoutes.length} rule(s)` : undefined,
      };
      for (const field of ['gateways', 'tlsRoutes', 'tcpRoutes'] as const) {
        if (given[field] !== undefined) {
          fail(this, field, given[field], `delegate virtual service must have no ${field === 'gateways' ? 'gateways specified' : `${field === 'tlsRoutes' ? 'tls' : 'tcp'} route specified`} (a VirtualService without hosts is a delegate)`,
            field === 'gateways' ? 'bind the gateways on the root VirtualService, which delegates to this one' : 'give the VirtualService hosts, or move these rules to the root VirtualService');
        }
      }
      if (props.includeMesh !== undefined) fail(this, 'includeMesh', props.includeMesh, 'a delegate VirtualService applies wherever its root does', 'set includeMesh on the root VirtualService');
    }
    const hosts = requireArray(this, 'hosts', props.hosts, { nonEmpty: true, fix: 'list the hosts, e.g. ["shop.example.com"], or leave hosts out for a delegate VirtualService' });
    hosts.forEach((h, i) => {
      const p = checkServiceHost(h);
      if (p) fail(this, `hosts[${i}]`, h, p.problem, p.fix);
      for (let j = 0; j < i; j++) {
        if (istioHostMatches(hosts[j], h)) fail(this, `hosts[${i}]`, h, `duplicate hosts in virtual service: "${hosts[j]}" and "${h}" overlap`, 'list each host once (a wildcard already covers the names under it)');
      }
    });
    this.hosts = [...hosts];
    if (props.includeMesh !== undefined && typeof props.includeMesh !== 'boolean') fail(this, 'includeMesh', props.includeMesh, 'must be a boolean', 'pass true or false');
    this.includeMeshProp = props.includeMesh;
    checkExportTo(this, 'exportTo', props.exportTo, this.namespace);
    this.exportTo = props.exportTo ? [...props.exportTo] : undefined;

    requireArray(this, 'gateways', props.gateways, { fix: 'pass istio.Gateway references' }).forEach((g) => this.addGateway(g));
    requireArray(this, 'httpRoutes', props.httpRoutes, { fix: 'pass a list of routes' }).forEach((r) => this.addHttpRoute(r));
    requireArray(this, 'tlsRoutes', props.tlsRoutes, { fix: 'pass a list of routes' }).forEach((r) => this.addTlsRoute(r));
    requireArray(this, 'tcpRoutes', props.tcpRoutes, { fix: 'pass a list of routes' }).forEach((r) => this.addTcpRoute(r));
    // gateways may be added until synth
    declareToModel(this, {
      check: (_model, report) => {
        if (this._gateways.length > 0 || this.includeMeshProp !== false) return;
        report.error(this, 'gateways', [], 'includeMesh is false but no gateway is bound: Istio reads an absent or empty gateways list as the mesh (pilot/pkg/model/push_context.go getGatewayNames), so the rules would apply to the sidecars',
          'bind a gateway (gateways / addGateway()) or include the mesh');
      },
    });
  }

  /** The gateways the rules are bound to. */
  public get gateways(): IGateway[] {
    return [...this._gateways];
  }

  /** Whether the rules also apply to the mesh's sidecars (`mesh` in `gateways`). */
  public get appliesToMesh(): boolean {
    return this.includeMeshProp ?? this._gateways.length === 0;
  }

  /** The HTTP rules, in order, as given. */
  public get httpRoutes(): HttpRouteOptions[] {
    return [...this._httpRoutes];
  }

  /** The TLS rules, in order. */
  public get tlsRoutes(): TlsRouteOptions[] {
    return [...this._tlsRoutes];
  }

  /** The TCP rules, in order. */
  public get tcpRoutes(): TcpRouteOptions[] {
    return [...this._tcpRoutes];
  }

  /** Bind the rules to a gateway as well (listed once). */
  public addGateway(gateway: IGateway): void {
    if (this.isDelegate) fail(this, `gateways[${this._gateways.length}]`, gateway?.qualifiedName, 'delegate virtual service must have no gateways specified', 'bind the gateway on the root VirtualService, which delegates to this one');
    checkGatewayRef(this, `gateways[${this._gateways.length}]`, gateway);
    if (!this._gateways.includes(gateway)) this._gateways.push(gateway);
  }

  /** Append an HTTP rule (rules are evaluated in order; the first match wins). */
  public addHttpRoute(options: HttpRouteOptions): void {
    const index = this._httpRoutes.length;
    const f = `http[${index}]`;
    if (options === null || typeof options !== 'object') fail(this, f, options, 'must be route options', 'pass { matches, destinations } or a redirect/directResponse');
    receiveAll(this, `${f}.match`, Array.isArray(options.matches) ? options.matches : undefined);
    const rendered = renderHttpRoute(this, f, options, this.isDelegate);
    const matches = rendered.match ?? [];
    if (this.catchAllRoute !== undefined) {
      Warnings.add(this, this._httpRoutes[this.catchAllRoute].matches?.length
        ? `${f} is never used: rule http[${this.catchAllRoute}] matches every request (uri prefix "/" or regex ".*" without other conditions), and Istio builds no route of a VirtualService after such a rule — move the catch-all rule last`
        : `${f} is never used: rule http[${this.catchAllRoute}] has no match and catches every request before it (IST0130) — move the catch-all rule last`);
    }
    if (matches.length === 0 || matches.some((m) => isUnconditionalCatchAll(m))) {
      this.catchAllRoute ??= index;
    }
    if (matches.length > 0) {
      const keys = matches.map((m) => JSON.stringify({ ...m, name: undefined }));
      if (keys.every((k) => this.seenMatches.has(k))) Warnings.add(this, `${f} is never used: all its matches are used by earlier rules (IST0130) — remove it or change its matches`);
      keys.forEach((k) => this.seenMatches.add(k));
    }
    this._httpRoutes.push(options);
    this.renderedHttp.push(rendered);
    (options.destinations ?? []).forEach((d, j) => {
      if (GENERATED_SOLVER_HOST.test(d.host)) {
        Warnings.add(this, `${f}.route[${j}].destination.host "${d.host}" names a Service cert-manager creates per challenge: it generates the name (cm-acme-http-solver-<random>) and deletes the Service when the challenge is done, so no Service of this name exists when the CA calls and the challenge fails — route the challenge path to a Service of the app that selects the solver pods by a label from the solver's podTemplate (what HttpsRedirectGateway does), or use an http01 gatewayHTTPRoute solver`);
      }
    });
  }

  /** Append a TLS (SNI) rule. */
  public addTlsRoute(options: TlsRouteOptions): void {
    const f = `tls[${this._tlsRoutes.length}]`;
    if (this.isDelegate) fail(this, f, options, 'delegate virtual service must have no tls route specified', 'add TLS rules to a VirtualService with hosts');
    if (options === null || typeof options !== 'object') fail(this, f, options, 'must be route options', 'pass { sniHosts, destinations }');
    if (options.sniHosts === undefined) fail(this, `${f}.sniHosts`, undefined, 'TLS match must have at least one SNI host', 'list the SNI names');
    requireArray(this, `${f}.sniHosts`, options.sniHosts, { nonEmpty: true, fix: 'list the SNI names' }).forEach((h, i) => {
      const p = checkServiceHost(h);
      if (p) fail(this, `${f}.sniHosts[${i}]`, h, p.problem, p.fix);
      if (!this.hosts.some((vh) => istioHostSubsetOf(h, vh))) {
        fail(this, `${f}.sniHosts[${i}]`, h, `SNI host is not within any of the virtual service hosts ${JSON.stringify(this.hosts)}`, 'add the name to hosts or use one of them');
      }
    });
    this.checkL4(f, options);
    this._tlsRoutes.push({ ...options });
  }

  /** Append a TCP rule. */
  public addTcpRoute(options: TcpRouteOptions): void {
    const f = `tcp[${this._tcpRoutes.length}]`;
    if (this.isDelegate) fail(this, f, options, 'delegate virtual service must have no tcp route specified', 'add TCP rules to a VirtualService with hosts');
    if (options === null || typeof options !== 'object') fail(this, f, options, 'must be route options', 'pass { destinations }');
    this.checkL4(f, options);
    this._tcpRoutes.push({ ...options });
  }

  /** @internal */
  protected _toSpec(): istio.VirtualServiceSpec {
    const l4Gateways = (gs?: IGateway[]) => (gs?.length ? gs.map((g) => g.qualifiedName) : undefined);
    return {
      hosts: this.isDelegate ? undefined : [...this.hosts],
      gateways: this.gatewayNames(),
      exportTo: this.exportTo,
      http: this.renderedHttp.length ? this.renderedHttp : undefined,
      tls: this._tlsRoutes.length ? this._tlsRoutes.map((r, i) => ({
        match: [{ sniHosts: [...r.sniHosts], port: r.port, gateways: l4Gateways(r.gateways) }],
        route: renderDestinations(this, `tls[${i}].route`, r.destinations),
      })) : undefined,
      tcp: this._tcpRoutes.length ? this._tcpRoutes.map((r, i) => ({
        match: r.port !== undefined || r.gateways?.length ? [{ port: r.port, gateways: l4Gateways(r.gateways) }] : undefined,
        route: renderDestinations(this, `tcp[${i}].route`, r.destinations),
      })) : undefined,
    };
  }

  private checkL4(f: string, options: TcpRouteOptions): void {
    if (options.port !== undefined) checkPort(this, `${f}.port`, options.port);
    requireArray(this, `${f}.gateways`, options.gateways, { fix: 'pass istio.Gateway references' }).forEach((g, i) => checkGatewayRef(this, `${f}.gateways[${i}]`, g));
    if (options.destinations === undefined || options.destinations.length === 0) fail(this, `${f}.destinations`, options.destinations, 'a TLS/TCP rule needs at least one destination', 'list where to forward');
    renderDestinations(this, `${f}.route`, options.destinations);
  }

  private gatewayNames(): string[] | undefined {
    if (this._gateways.length === 0) return undefined;
    return [...this._gateways.map((g) => g.qualifiedName), ...(this.appliesToMesh ? [MESH] : [])];
  }
}

/** A VirtualService outside the app, named as a delegate target. */
class ImportedVirtualService extends Construct implements IVirtualService {
  public constructor(scope: Construct, id: string, public readonly name: string, public readonly namespace: string) {
    super(scope, id);
    checkObjectName(this, 'name', name, 'VirtualService');
    checkNamespaceName(this, 'namespace', namespace);
  }
}
