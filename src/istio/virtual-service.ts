import { ApiObject, ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as istio from '../../imports/istio-networking-networking.istio.io';
import { clusterOf } from '../private/cluster';
import { istioDuration } from '../private/duration';
import { resolveMetadata } from '../private/metadata';
import { checkDns1123Label } from '../private/names';
import { expectFields } from '../private/types';
import { describeProblem, fail, Where } from '../validation/error';
import { Warnings } from '../validation/warnings';
import {
  checkEnum, checkExportTo, checkIstioDuration, checkIstioMetadata, checkLabels, checkPort, checkRegex, requireArray, requireString,
} from './private/checks';
import { istioHostMatches as hostMatches, istioHostSubsetOf as hostSubsetOf } from '../private/hostnames';
import { checkServiceHost, gatewayHostName, gatewayHostVisible } from './private/hosts';
import { isUnconditionalCatchAll } from './private/routes';
import { IIstioGateway, IstioGateway } from './gateway';
import { plainRendering } from '../private/plain-render';

/** The VirtualService API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const VirtualServiceObject = plainRendering(istio.VirtualService, istio.toJson_VirtualServiceProps);

/** The reserved gateway name that stands for all sidecars of the mesh. */
const MESH = 'mesh';
const HEADER_NAME = /^[-_A-Za-z0-9]+$/;
const JWT_CLAIM = /^@request\.auth\.claims(\.|\[)/;
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F]/;
/** Services cert-manager creates for HTTP-01 challenges (generateName `cm-acme-http-solver-`), in any host form. */
const GENERATED_SOLVER_HOST = /^cm-acme-http-solver(-[a-z0-9]*)?(\.|$)/;

/** How a `StringMatch` compares. */
export enum StringMatchType {
  /** Exact string match. */
  EXACT = 'exact',
  /** Prefix match. */
  PREFIX = 'prefix',
  /** RE2 regular expression (full match). */
  REGEX = 'regex',
}

/** A string condition of an HTTP match (uri, scheme, method, authority, headers, query). */
export class StringMatch {
  /** Matches exactly `value`. */
  public static exact(value: string): StringMatch {
    if (typeof value !== 'string') fail('StringMatch.exact', 'value', value, 'must be a string', 'pass the exact value');
    return new StringMatch(StringMatchType.EXACT, value);
  }

  /** Matches values starting with `value`. */
  public static prefix(value: string): StringMatch {
    if (typeof value !== 'string') fail('StringMatch.prefix', 'value', value, 'must be a string', 'pass the prefix, e.g. "/api"');
    return new StringMatch(StringMatchType.PREFIX, value);
  }

  /** Matches values fully matching the RE2 expression `value` (at most 1024 characters). */
  public static regex(value: string): StringMatch {
    checkRegex('StringMatch.regex', 'value', value);
    return new StringMatch(StringMatchType.REGEX, value);
  }

  private constructor(
    /** How to compare. */
    public readonly type: StringMatchType,
    /** The value compared with. */
    public readonly value: string,
  ) {}

  /** @internal */
  public _toKube(): { exact?: string; prefix?: string; regex?: string } {
    return { [this.type]: this.value };
  }
}

/** Conditions of one HTTP match; all given conditions must hold. */
export interface HttpMatchOptions {
  /**
   * Name of the match, for debugging and access logs.
   *
   * @default - none
   */
  readonly name?: string;
  /**
   * Path condition.
   *
   * @default - any path
   */
  readonly uri?: StringMatch;
  /**
   * URI scheme (`http`, `https`).
   *
   * @default - any scheme
   */
  readonly scheme?: StringMatch;
  /**
   * HTTP method.
   *
   * @default - any method
   */
  readonly method?: StringMatch;
  /**
   * Authority (Host header).
   *
   * @default - any authority
   */
  readonly authority?: StringMatch;
  /**
   * Header conditions by lowercase header name (or `@request.auth.claims.<claim>` for JWT
   * claims, gateway-bound routes only).
   *
   * @default - none
   */
  readonly headers?: { [name: string]: StringMatch };
  /**
   * Headers that must not match.
   *
   * @default - none
   */
  readonly withoutHeaders?: { [name: string]: StringMatch };
  /**
   * Query parameter conditions.
   *
   * @default - none
   */
  readonly queryParams?: { [name: string]: StringMatch };
  /**
   * Case-insensitive `uri` matching.
   *
   * @default false
   */
  readonly ignoreUriCase?: boolean;
  /**
   * Port the request arrived on (for hosts served on several ports).
   *
   * @default - any port
   */
  readonly port?: number;
  /**
   * Restrict the match to these gateways (overrides the VirtualService's gateways).
   *
   * @default - the VirtualService's gateways
   */
  readonly gateways?: IIstioGateway[];
  /**
   * With `gateways`: also apply the match to the mesh's sidecars.
   *
   * @default false
   */
  readonly includeMesh?: boolean;
  /**
   * Labels of the calling workload (sidecar routes only).
   *
   * @default - any workload
   */
  readonly sourceLabels?: { [key: string]: string };
  /**
   * Namespace of the calling workload (sidecar routes only).
   *
   * @default - any namespace
   */
  readonly sourceNamespace?: string;
}

/** One HTTP match of a route (`http[].match[]`). */
export class HttpMatch {
  /** Requests whose path starts with `prefix` (e.g. `/.well-known/acme-challenge/`). */
  public static uriPrefix(prefix: string, options: HttpMatchOptions = {}): HttpMatch {
    return HttpMatch.of({ ...options, uri: StringMatch.prefix(prefix) });
  }

  /** Requests whose path is exactly `path`. */
  public static uriExact(path: string, options: HttpMatchOptions = {}): HttpMatch {
    return HttpMatch.of({ ...options, uri: StringMatch.exact(path) });
  }

  /** Requests whose path fully matches the RE2 expression `regex`. */
  public static uriRegex(regex: string, options: HttpMatchOptions = {}): HttpMatch {
    return HttpMatch.of({ ...options, uri: StringMatch.regex(regex) });
  }

  /** A match with any combination of conditions. */
  public static of(options: HttpMatchOptions): HttpMatch {
    const where = 'HttpMatch.of';
    if (options === null || typeof options !== 'object') fail(where, 'options', options, 'must be an object of conditions', 'pass e.g. { uri: StringMatch.prefix("/") }');
    if (options.name !== undefined) requireString(where, 'name', options.name, 'name the match or omit the name');
    for (const key of ['uri', 'scheme', 'method', 'authority'] as const) {
      const m = options[key];
      if (m === undefined) continue;
      if (!(m instanceof StringMatch)) fail(where, key, m, 'must be a StringMatch', 'use StringMatch.exact/prefix/regex');
      // an empty uri prefix matches everything and is allowed; other empty prefixes are rejected upstream
      if (key !== 'uri' && m.type === StringMatchType.PREFIX && m.value === '') fail(where, key, m.value, 'prefix string match should not be empty', 'use a non-empty prefix or omit the condition');
    }
    for (const key of ['headers', 'withoutHeaders', 'queryParams'] as const) {
      for (const [name, m] of Object.entries(options[key] ?? {})) {
        const f = `${key}[${JSON.stringify(name)}]`;
        if (!(m instanceof StringMatch)) fail(where, f, m, 'must be a StringMatch', 'use StringMatch.exact/prefix/regex');
        if (m.type === StringMatchType.PREFIX && m.value === '') fail(where, f, m.value, 'prefix string match should not be empty', 'use a non-empty prefix');
        if (key === 'queryParams') {
          if (name.length === 0) fail(where, f, name, 'query parameter name must not be empty', 'name the parameter');
        } else if (!HEADER_NAME.test(name) && !JWT_CLAIM.test(name)) {
          fail(where, f, name, 'is not a valid header name (letters, digits, "-" and "_")', 'use the header name, e.g. "x-user", or "@request.auth.claims.<claim>" for JWT claims');
        }
      }
    }
    if (options.port !== undefined) checkPort(where, 'port', options.port);
    if (options.sourceNamespace !== undefined) {
      const p = checkDns1123Label(options.sourceNamespace);
      if (p) fail(where, 'sourceNamespace', options.sourceNamespace, `namespace ${p}`, 'use a valid namespace name');
    }
    checkLabels(where, 'sourceLabels', options.sourceLabels);
    requireArray(where, 'gateways', options.gateways, { fix: 'pass IstioGateway references' }).forEach((g, i) => checkGatewayRef(where, `gateways[${i}]`, g));
    if (options.includeMesh && !options.gateways?.length) fail(where, 'includeMesh', true, 'includeMesh only adds the mesh to match-level gateways', 'list gateways too, or omit both to use the VirtualService\'s');
    return new HttpMatch({ ...options });
  }

  private constructor(
    /** The conditions, as given. */
    public readonly options: HttpMatchOptions,
  ) {}

  /** Whether a JWT claim header condition is used (gateway-bound routes only). */
  public get usesJwtClaims(): boolean {
    return [...Object.keys(this.options.headers ?? {}), ...Object.keys(this.options.withoutHeaders ?? {})].some((h) => JWT_CLAIM.test(h));
  }

  /** @internal */
  public _toKube(): istio.VirtualServiceSpecHttpMatch {
    const o = this.options;
    const map = (m?: { [name: string]: StringMatch }) => m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v._toKube()]));
    const gateways = o.gateways?.length ? [...o.gateways.map((g) => g.qualifiedName), ...(o.includeMesh ? [MESH] : [])] : undefined;
    return {
      name: o.name,
      uri: o.uri?._toKube(),
      scheme: o.scheme?._toKube(),
      method: o.method?._toKube(),
      authority: o.authority?._toKube(),
      headers: map(o.headers),
      withoutHeaders: map(o.withoutHeaders),
      queryParams: map(o.queryParams),
      ignoreUriCase: o.ignoreUriCase,
      port: o.port,
      gateways,
      sourceLabels: o.sourceLabels,
      sourceNamespace: o.sourceNamespace,
    };
  }
}

/** A weighted route destination (a Service or ServiceEntry host). */
export interface RouteDestination {
  /** Service host, e.g. `shop` (same namespace), `shop.web.svc.cluster.local` or a ServiceEntry host. */
  readonly host: string;
  /**
   * DestinationRule subset.
   *
   * @default - no subset
   */
  readonly subset?: string;
  /**
   * Service port (required when the Service has several ports).
   *
   * @default - the Service's only port
   */
  readonly port?: number;
  /**
   * Share of the traffic in percent. Either every destination of a route has a weight (summing
   * to 100) or none has (then the traffic is split evenly).
   *
   * @default - an even split
   */
  readonly weight?: number;
}

/** Scheme of a redirect. */
export enum HttpRedirectScheme {
  /** http. */
  HTTP = 'http',
  /** https. */
  HTTPS = 'https',
}

/** How a redirect picks its port when `port` is not given. */
export enum HttpRedirectPortSelection {
  /** 80 for http, 443 for https. */
  FROM_PROTOCOL_DEFAULT = 'FROM_PROTOCOL_DEFAULT',
  /** The port of the request. */
  FROM_REQUEST_PORT = 'FROM_REQUEST_PORT',
}

/** An HTTP redirect answered by the proxy. */
export interface HttpRedirect {
  /**
   * Replacement path.
   *
   * @default - the request's path
   */
  readonly uri?: string;
  /**
   * Replacement authority (host).
   *
   * @default - the request's authority
   */
  readonly authority?: string;
  /**
   * Replacement scheme.
   *
   * @default - the request's scheme
   */
  readonly scheme?: HttpRedirectScheme;
  /**
   * Replacement port.
   *
   * @default - see derivePort
   */
  readonly port?: number;
  /**
   * How to pick the port when `port` is not set.
   *
   * @default - the request's port
   */
  readonly derivePort?: HttpRedirectPortSelection;
  /**
   * Status code, 300-399.
   *
   * @default 301
   */
  readonly redirectCode?: number;
}

/** A fixed response answered by the proxy. */
export interface HttpDirectResponse {
  /** HTTP status, 200-599. */
  readonly status: number;
  /**
   * Response body (at most 1 MB).
   *
   * @default - empty
   */
  readonly body?: string;
}

/** A regex rewrite of the path. */
export interface RegexRewrite {
  /** RE2 expression matched against the path. */
  readonly match: string;
  /** Replacement, with `\1`-style group references. */
  readonly rewrite: string;
}

/** Rewrites applied before forwarding. */
export interface HttpRewrite {
  /**
   * Replace the matched path prefix (or the whole path for exact matches) with this.
   *
   * @default - unchanged
   */
  readonly uri?: string;
  /**
   * Regex rewrite of the path (exclusive with `uri`).
   *
   * @default - unchanged
   */
  readonly uriRegexRewrite?: RegexRewrite;
  /**
   * Replacement authority (Host header).
   *
   * @default - unchanged
   */
  readonly authority?: string;
}

/** Retry policy. */
export interface HttpRetry {
  /** Number of retries (0 disables retries). */
  readonly attempts: number;
  /**
   * Timeout per attempt (at least 1ms, whole milliseconds).
   *
   * @default - the route timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions to retry on: Envoy policies (`5xx`, `gateway-error`, `reset`,
   * `connect-failure`, `retriable-4xx`, ...) or HTTP status codes.
   *
   * @default - Istio's default (connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes)
   */
  readonly retryOn?: string[];
  /**
   * Retry in other localities.
   *
   * @default - Istio's default
   */
  readonly retryRemoteLocalities?: boolean;
}

/** Header edits. */
export interface HeaderOperations {
  /**
   * Headers to overwrite.
   *
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to append.
   *
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Headers to remove.
   *
   * @default - none
   */
  readonly remove?: string[];
}

/** Header edits of requests and responses. */
export interface HttpHeaderOperations {
  /**
   * Edits of the request before forwarding.
   *
   * @default - none
   */
  readonly request?: HeaderOperations;
  /**
   * Edits of the response before returning it.
   *
   * @default - none
   */
  readonly response?: HeaderOperations;
}

/** An HTTP routing rule. Exactly one of destinations, redirect and directResponse. */
export interface HttpRouteOptions {
  /**
   * Name of the rule, for debugging.
   *
   * @default - none
   */
  readonly name?: string;
  /**
   * Matches (any of them selects the rule).
   *
   * @default - every request (a catch-all rule; must be last)
   */
  readonly matches?: HttpMatch[];
  /**
   * Where to forward.
   *
   * @default - none (then redirect or directResponse)
   */
  readonly destinations?: RouteDestination[];
  /**
   * Answer with a redirect.
   *
   * @default - none
   */
  readonly redirect?: HttpRedirect;
  /**
   * Answer with a fixed response.
   *
   * @default - none
   */
  readonly directResponse?: HttpDirectResponse;
  /**
   * Rewrite before forwarding.
   *
   * @default - none
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Request timeout (at least 1ms, whole milliseconds).
   *
   * @default - disabled
   */
  readonly timeout?: Duration;
  /**
   * Retry policy.
   *
   * @default - Istio's default retry policy
   */
  readonly retries?: HttpRetry;
  /**
   * Header edits.
   *
   * @default - none
   */
  readonly headers?: HttpHeaderOperations;
}

/** A TLS (SNI) routing rule, e.g. behind a PASSTHROUGH gateway server. */
export interface TlsRouteOptions {
  /** SNI names to match; each must be within the VirtualService's hosts. */
  readonly sniHosts: string[];
  /** Where to forward. */
  readonly destinations: RouteDestination[];
  /**
   * Port the connection arrived on.
   *
   * @default - any port
   */
  readonly port?: number;
  /**
   * Restrict to these gateways.
   *
   * @default - the VirtualService's gateways
   */
  readonly gateways?: IIstioGateway[];
}

/** An opaque TCP routing rule. */
export interface TcpRouteOptions {
  /** Where to forward. */
  readonly destinations: RouteDestination[];
  /**
   * Port the connection arrived on.
   *
   * @default - any port
   */
  readonly port?: number;
  /**
   * Restrict to these gateways.
   *
   * @default - the VirtualService's gateways
   */
  readonly gateways?: IIstioGateway[];
}

/** Props of `VirtualService`. */
export interface VirtualServiceProps {
  /**
   * Name, namespace, labels and annotations.
   *
   * @default - name from the construct id, namespace from the chart (else `default`)
   */
  readonly metadata?: ApiObjectMetadata;
  /** Hosts the rules apply to, e.g. `shop.example.com` (no ports, no `ns/`). */
  readonly hosts: string[];
  /**
   * Gateways whose traffic the rules apply to (rendered `namespace/name`).
   *
   * @default - none (the rules apply to the mesh's sidecars)
   */
  readonly gateways?: IIstioGateway[];
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

/** Whether gateway `g` serves `host` to routes in `namespace` (indexed for IstioGateway). */
function gatewayServes(g: IIstioGateway, host: string, namespace: string): boolean {
  if (g instanceof IstioGateway) return g._serves(host, namespace);
  return g.servers.some((s) => s.hosts.some((h) => gatewayHostVisible(g.namespace, h, namespace) && hostMatches(gatewayHostName(h), host)));
}

function checkGatewayRef(where: Where, field: string, g: unknown): void {
  const ref = g as IIstioGateway;
  if (ref === null || typeof ref !== 'object' || typeof ref.qualifiedName !== 'string' || ref.node === undefined) {
    fail(where, field, g, 'must be an IIstioGateway (an IstioGateway or IstioGateway.fromGatewayName())', 'pass the gateway object, not its name');
  }
}

/**
 * An Istio `networking.istio.io/v1` VirtualService: routing rules for hosts, applied at
 * gateways and/or the mesh's sidecars.
 *
 * Checked at synth: every bound gateway serves at least one of the hosts, and every host is
 * served by a bound gateway unless the mesh is included (IST0132).
 */
export class VirtualService extends Construct {
  /** The underlying L1 object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Hosts the rules apply to. */
  public readonly hosts: string[];

  private readonly _gateways: IIstioGateway[] = [];
  private readonly includeMeshProp?: boolean;
  private readonly exportTo?: string[];
  private readonly _httpRoutes: HttpRouteOptions[] = [];
  private readonly renderedHttp: istio.VirtualServiceSpecHttp[] = [];
  private readonly _tlsRoutes: TlsRouteOptions[] = [];
  private readonly _tcpRoutes: TcpRouteOptions[] = [];
  private readonly seenMatches = new Set<string>();
  private catchAllRoute?: number;

  public constructor(scope: Construct, id: string, props: VirtualServiceProps) {
    super(scope, id);
    if (props === null || typeof props !== 'object') fail(this, 'props', props, 'VirtualService needs props with hosts', 'pass { hosts: ["shop.example.com"], gateways: [gateway] }');
    const metadata = resolveMetadata(this, props.metadata, { namespaced: true, kind: 'VirtualService' });
    checkIstioMetadata(this, props.metadata, 'VirtualService');
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;

    if (props.hosts === undefined) fail(this, 'hosts', undefined, 'a VirtualService needs at least one host (delegate VirtualServices are not supported)', 'list the hosts, e.g. ["shop.example.com"]');
    const hosts = requireArray(this, 'hosts', props.hosts, { nonEmpty: true, fix: 'list the hosts, e.g. ["shop.example.com"]' });
    hosts.forEach((h, i) => {
      const p = checkServiceHost(h);
      if (p) fail(this, `hosts[${i}]`, h, p.problem, p.fix);
      for (let j = 0; j < i; j++) {
        if (hostMatches(hosts[j], h)) fail(this, `hosts[${i}]`, h, `duplicate hosts in virtual service: "${hosts[j]}" and "${h}" overlap`, 'list each host once (a wildcard already covers the names under it)');
      }
    });
    this.hosts = [...hosts];
    if (props.includeMesh !== undefined && typeof props.includeMesh !== 'boolean') fail(this, 'includeMesh', props.includeMesh, 'must be a boolean', 'pass true or false');
    this.includeMeshProp = props.includeMesh;
    checkExportTo(this, 'exportTo', props.exportTo, this.namespace);
    this.exportTo = props.exportTo ? [...props.exportTo] : undefined;

    this.apiObject = new VirtualServiceObject(this, 'Resource', {
      metadata,
      spec: Lazy.any({ produce: () => this.toSpec() }),
    });
    requireArray(this, 'gateways', props.gateways, { fix: 'pass IstioGateway references' }).forEach((g) => this.addGateway(g));
    requireArray(this, 'httpRoutes', props.httpRoutes, { fix: 'pass a list of routes' }).forEach((r) => this.addHttpRoute(r));
    requireArray(this, 'tlsRoutes', props.tlsRoutes, { fix: 'pass a list of routes' }).forEach((r) => this.addTlsRoute(r));
    requireArray(this, 'tcpRoutes', props.tcpRoutes, { fix: 'pass a list of routes' }).forEach((r) => this.addTcpRoute(r));
    this.node.addValidation({ validate: () => this.validateWiring() });
  }

  /** The gateways the rules are bound to. */
  public get gateways(): IIstioGateway[] {
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
  public addGateway(gateway: IIstioGateway): void {
    checkGatewayRef(this, `gateways[${this._gateways.length}]`, gateway);
    if (!this._gateways.includes(gateway)) this._gateways.push(gateway);
  }

  /** Append an HTTP rule (rules are evaluated in order; the first match wins). */
  public addHttpRoute(options: HttpRouteOptions): void {
    const index = this._httpRoutes.length;
    const f = `http[${index}]`;
    if (options === null || typeof options !== 'object') fail(this, f, options, 'must be route options', 'pass { matches, destinations } or a redirect/directResponse');
    const rendered = this.renderHttpRoute(f, options);
    const matches = options.matches ?? [];
    if (this.catchAllRoute !== undefined) {
      Warnings.add(this, this._httpRoutes[this.catchAllRoute].matches?.length
        ? `${f} is never used: rule http[${this.catchAllRoute}] matches every request (uri prefix "/" or regex ".*" without other conditions), and Istio builds no route of a VirtualService after such a rule — move the catch-all rule last`
        : `${f} is never used: rule http[${this.catchAllRoute}] has no match and catches every request before it (IST0130) — move the catch-all rule last`);
    }
    if (matches.length === 0 || matches.some((m) => isUnconditionalCatchAll(m.options))) {
      this.catchAllRoute ??= index;
    }
    if (matches.length > 0) {
      const keys = (rendered.match ?? []).map((m) => JSON.stringify({ ...m, name: undefined }));
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
    if (options === null || typeof options !== 'object') fail(this, f, options, 'must be route options', 'pass { sniHosts, destinations }');
    if (options.sniHosts === undefined) fail(this, `${f}.sniHosts`, undefined, 'TLS match must have at least one SNI host', 'list the SNI names');
    requireArray(this, `${f}.sniHosts`, options.sniHosts, { nonEmpty: true, fix: 'list the SNI names' }).forEach((h, i) => {
      const p = checkServiceHost(h);
      if (p) fail(this, `${f}.sniHosts[${i}]`, h, p.problem, p.fix);
      if (!this.hosts.some((vh) => hostSubsetOf(h, vh))) {
        fail(this, `${f}.sniHosts[${i}]`, h, `SNI host is not within any of the virtual service hosts ${JSON.stringify(this.hosts)}`, 'add the name to hosts or use one of them');
      }
    });
    this.checkL4(f, options);
    this._tlsRoutes.push({ ...options });
  }

  /** Append a TCP rule. */
  public addTcpRoute(options: TcpRouteOptions): void {
    const f = `tcp[${this._tcpRoutes.length}]`;
    if (options === null || typeof options !== 'object') fail(this, f, options, 'must be route options', 'pass { destinations }');
    this.checkL4(f, options);
    this._tcpRoutes.push({ ...options });
  }

  private checkL4(f: string, options: TcpRouteOptions): void {
    if (options.port !== undefined) checkPort(this, `${f}.port`, options.port);
    requireArray(this, `${f}.gateways`, options.gateways, { fix: 'pass IstioGateway references' }).forEach((g, i) => checkGatewayRef(this, `${f}.gateways[${i}]`, g));
    if (options.destinations === undefined || options.destinations.length === 0) fail(this, `${f}.destinations`, options.destinations, 'a TLS/TCP rule needs at least one destination', 'list where to forward');
    renderDestinations(this, `${f}.route`, options.destinations);
  }

  private renderHttpRoute(f: string, o: HttpRouteOptions): istio.VirtualServiceSpecHttp {
    expectFields(this, f, o, { destinations: 'array', redirect: 'object', directResponse: 'object', rewrite: 'object', retries: 'object', headers: 'object' });
    if (o.name !== undefined) requireString(this, `${f}.name`, o.name, 'name the rule or omit the name');
    const matches = requireArray(this, `${f}.match`, o.matches, { nonEmpty: true, fix: 'omit matches for a catch-all rule, or list them' });
    matches.forEach((m, i) => {
      if (!(m instanceof HttpMatch)) fail(this, `${f}.match[${i}]`, m, 'must be an HttpMatch', 'use HttpMatch.uriPrefix("/") or HttpMatch.of({...})');
    });
    const hasRoute = o.destinations !== undefined;
    const actions = [hasRoute && 'destinations', o.redirect !== undefined && 'redirect', o.directResponse !== undefined && 'directResponse'].filter((x): x is string => !!x);
    if (actions.length === 0) fail(this, f, o, 'HTTP route, redirect or direct_response is required', 'set destinations, redirect or directResponse');
    if (actions.length > 1) fail(this, f, actions, `a rule can only do one of ${actions.join(' and ')}`, 'split it into separate rules or keep one action');
    if (o.rewrite !== undefined && !hasRoute) fail(this, `${f}.rewrite`, o.rewrite, `rewrite only applies to forwarded requests, not to a ${actions[0]}`, 'remove rewrite, or forward to destinations');
    if (hasRoute && o.destinations!.length === 0) fail(this, `${f}.route`, [], 'HTTP route is required (destinations is empty)', 'list at least one destination');
    checkIstioDuration(this, `${f}.timeout`, o.timeout);
    return {
      name: o.name,
      match: matches.length ? matches.map((m) => m._toKube()) : undefined,
      route: hasRoute ? renderDestinations(this, `${f}.route`, o.destinations!) : undefined,
      redirect: o.redirect !== undefined ? renderRedirect(this, `${f}.redirect`, o.redirect) : undefined,
      directResponse: o.directResponse !== undefined ? renderDirectResponse(this, `${f}.directResponse`, o.directResponse) : undefined,
      rewrite: o.rewrite !== undefined ? renderRewrite(this, `${f}.rewrite`, o.rewrite) : undefined,
      timeout: o.timeout !== undefined ? istioDuration(o.timeout) : undefined,
      retries: o.retries !== undefined ? renderRetries(this, `${f}.retries`, o.retries) : undefined,
      headers: o.headers !== undefined ? renderHeaders(this, `${f}.headers`, o.headers, o.rewrite?.authority) : undefined,
    };
  }

  private gatewayNames(): string[] | undefined {
    if (this._gateways.length === 0) return this.includeMeshProp === false ? [] : undefined;
    return [...this._gateways.map((g) => g.qualifiedName), ...(this.appliesToMesh ? [MESH] : [])];
  }

  private validateWiring(): string[] {
    const errors: string[] = [];
    if (this._httpRoutes.length + this._tlsRoutes.length + this._tcpRoutes.length === 0) {
      errors.push(describeProblem('http', [], 'http, tcp or tls must be provided in virtual service', 'call addHttpRoute() (or addTlsRoute()/addTcpRoute())'));
    }
    if (this._gateways.length === 0 && !this.appliesToMesh) {
      errors.push(describeProblem('includeMesh', false, 'the rules apply to no gateway and not to the mesh', 'bind a gateway (gateways / addGateway()) or include the mesh'));
    }
    if (this.appliesToMesh) {
      if (this.hosts.includes('*')) {
        errors.push(describeProblem('hosts', '*', 'wildcard host * is not allowed for virtual services bound to the mesh gateway', 'name the hosts, or bind only gateways (includeMesh: false)'));
      }
      this._httpRoutes.forEach((r, i) => (r.matches ?? []).forEach((m, j) => {
        if (m.usesJwtClaims) {
          errors.push(describeProblem(`http[${i}].match[${j}].headers`, Object.keys(m.options.headers ?? {}), 'JWT claim based routing is only supported for gateways, and these rules also apply to the mesh',
            'bind the VirtualService only to gateways (includeMesh: false)'));
        }
      }));
    }
    const myCluster = clusterOf(this);
    const unserved = new Set(this.hosts);
    let allKnown = true;
    this._gateways.forEach((g, i) => {
      const gwCluster = clusterOf(g);
      if (myCluster !== undefined && gwCluster !== undefined && myCluster !== gwCluster) {
        errors.push(describeProblem(`gateways[${i}]`, g.qualifiedName, `gateway ${g.node.path} is rendered for cluster "${gwCluster}" but this VirtualService for cluster "${myCluster}"`,
          'bind gateways of the same cluster'));
      }
      if (g.isImported) {
        allKnown = false;
        return;
      }
      const matched = this.hosts.filter((h) => gatewayServes(g, h, this.namespace));
      matched.forEach((h) => unserved.delete(h));
      if (matched.length === 0) {
        const served = [...new Set(g.servers.flatMap((s) => s.hosts).filter((h) => gatewayHostVisible(g.namespace, h, this.namespace)).map(gatewayHostName))];
        const shown = served.length > 10 ? `${JSON.stringify(served.slice(0, 10)).slice(0, -1)},… ${served.length - 10} more]` : JSON.stringify(served);
        errors.push(describeProblem(`gateways[${i}]`, g.qualifiedName,
          `gateway ${g.node.path} serves none of the hosts ${JSON.stringify(this.hosts)} for namespace "${this.namespace}" (it serves ${shown}): the rules never apply there (IST0132)`,
          'add a server for these hosts to the gateway (mind "ns/host" restrictions), or bind the right gateway'));
      }
    });
    if (allKnown && this._gateways.length > 0 && !this.appliesToMesh) {
      for (const h of unserved) {
        errors.push(describeProblem('hosts', h, `no bound gateway serves this host (gateways: ${this._gateways.map((g) => g.qualifiedName).join(', ')}), so no traffic for it reaches these rules (IST0132)`,
          'add the host to a server of a bound gateway, or remove it from hosts'));
      }
    }
    return errors;
  }

  private toSpec(): istio.VirtualServiceSpec {
    const l4Gateways = (gs?: IIstioGateway[]) => (gs?.length ? gs.map((g) => g.qualifiedName) : undefined);
    return {
      hosts: [...this.hosts],
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
}

/**
 * Destinations with weights: all given (summing to 100) or none (even split, remainder to
 * the first ones). Istio only rejects a zero total; the sum of 100 keeps older Istio happy.
 */
function renderDestinations(where: Where, field: string, destinations: RouteDestination[]): istio.VirtualServiceSpecHttpRoute[] {
  requireArray(where, field, destinations, { nonEmpty: true, fix: 'list at least one destination' });
  const weighted = destinations.filter((d) => d?.weight !== undefined).length;
  if (weighted !== 0 && weighted !== destinations.length) {
    fail(where, field, destinations.map((d) => d?.weight ?? null), 'either every destination has a weight or none has', 'set weight on all destinations (summing to 100), or on none for an even split');
  }
  destinations.forEach((d, i) => {
    const f = `${field}[${i}]`;
    if (d === null || typeof d !== 'object') fail(where, f, d, 'must be a destination { host }', 'pass { host: "shop" }');
    const p = checkServiceHost(d.host);
    if (p) fail(where, `${f}.destination.host`, d.host, p.problem, p.fix);
    if (d.host === '*') fail(where, `${f}.destination.host`, d.host, 'invalid destination host *', 'name the Service host');
    if (d.subset !== undefined) {
      const sp = checkDns1123Label(d.subset);
      if (sp) fail(where, `${f}.destination.subset`, d.subset, `subset name ${sp}`, 'use the name of a DestinationRule subset');
    }
    if (d.port !== undefined) checkPort(where, `${f}.destination.port.number`, d.port);
    if (d.weight !== undefined && (!Number.isInteger(d.weight) || d.weight < 0 || d.weight > 100)) {
      fail(where, `${f}.weight`, d.weight, 'weight must be an integer percentage 0..100', 'use e.g. 90 and 10');
    }
  });
  let weights: (number | undefined)[] = destinations.map((d) => d.weight);
  if (weighted > 0) {
    const total = weights.reduce((a: number, b) => a + (b ?? 0), 0);
    if (total !== 100) fail(where, field, weights, `destination weights must sum to 100 (they sum to ${total})`, 'adjust the weights');
  } else if (destinations.length > 1) {
    const n = destinations.length;
    weights = destinations.map((_, i) => Math.floor(100 / n) + (i < 100 % n ? 1 : 0));
  }
  return destinations.map((d, i) => ({
    destination: { host: d.host, subset: d.subset, port: d.port !== undefined ? { number: d.port } : undefined },
    weight: weights[i],
  }));
}

function renderRedirect(where: Where, f: string, r: HttpRedirect): istio.VirtualServiceSpecHttpRedirect {
  if (r === null || typeof r !== 'object') fail(where, f, r, 'must be redirect options', 'pass e.g. { scheme: HttpRedirectScheme.HTTPS }');
  if (r.uri === undefined && r.authority === undefined && r.scheme === undefined && r.port === undefined && r.derivePort === undefined) {
    fail(where, f, r, 'redirect must specify URI, authority, scheme, or port', 'set at least one, e.g. scheme: HttpRedirectScheme.HTTPS');
  }
  if (r.uri !== undefined) requireString(where, `${f}.uri`, r.uri, 'give the new path, e.g. "/"');
  if (r.authority !== undefined) requireString(where, `${f}.authority`, r.authority, 'give the new host');
  if (r.scheme !== undefined) checkEnum(where, `${f}.scheme`, r.scheme, HttpRedirectScheme, 'redirect scheme ("http" or "https")');
  if (r.port !== undefined && r.derivePort !== undefined) fail(where, `${f}.port`, r.port, 'port and derivePort are mutually exclusive', 'set one of them');
  if (r.port !== undefined) checkPort(where, `${f}.port`, r.port);
  if (r.derivePort !== undefined) checkEnum(where, `${f}.derivePort`, r.derivePort, HttpRedirectPortSelection, 'port selection');
  if (r.redirectCode !== undefined && (!Number.isInteger(r.redirectCode) || r.redirectCode < 300 || r.redirectCode > 399)) {
    fail(where, `${f}.redirectCode`, r.redirectCode, 'is not a valid redirect code, must be 3xx', 'use 301, 302, 307 or 308');
  }
  return {
    uri: r.uri,
    authority: r.authority,
    scheme: r.scheme,
    port: r.port,
    derivePort: r.derivePort as unknown as istio.VirtualServiceSpecHttpRedirectDerivePort,
    redirectCode: r.redirectCode,
  };
}

function renderDirectResponse(where: Where, f: string, d: HttpDirectResponse): istio.VirtualServiceSpecHttpDirectResponse {
  if (d === null || typeof d !== 'object') fail(where, f, d, 'must be { status, body? }', 'pass e.g. { status: 404 }');
  if (!Number.isInteger(d.status) || d.status < 200 || d.status > 599) fail(where, `${f}.status`, d.status, 'HTTP status is not in range 200-599', 'use a valid status, e.g. 404');
  if (d.body !== undefined) {
    if (typeof d.body !== 'string') fail(where, `${f}.body`, d.body, 'must be a string', 'pass the body text');
    const size = Buffer.byteLength(d.body, 'utf8');
    if (size > 1024 * 1024) fail(where, `${f}.body`, `${size} bytes`, 'large direct_responses may impact control plane performance, must be less than 1MB', 'serve large bodies from a Service');
    if (size > 100 * 1024 && typeof where !== 'string') Warnings.add(where, `${f}.body is ${size} bytes: large direct responses may impact control plane performance`);
  }
  return { status: d.status, body: d.body !== undefined ? { string: d.body } : undefined };
}

function renderRewrite(where: Where, f: string, r: HttpRewrite): istio.VirtualServiceSpecHttpRewrite {
  if (r === null || typeof r !== 'object') fail(where, f, r, 'must be rewrite options', 'pass e.g. { uri: "/" }');
  if (r.uri !== undefined && r.uriRegexRewrite !== undefined) fail(where, f, r, 'rewrite may only contain one of uri or uriRegexRewrite', 'keep one of them');
  if (r.uri === undefined && r.uriRegexRewrite === undefined && r.authority === undefined) fail(where, f, r, 'rewrite must specify at least one of uri, uriRegexRewrite or authority', 'set one of them or remove rewrite');
  if (r.uri !== undefined && typeof r.uri !== 'string') fail(where, `${f}.uri`, r.uri, 'must be a string', 'give the new path prefix');
  if (r.authority !== undefined) requireString(where, `${f}.authority`, r.authority, 'give the new host');
  if (r.uriRegexRewrite !== undefined) {
    checkRegex(where, `${f}.uriRegexRewrite.match`, r.uriRegexRewrite.match);
    requireString(where, `${f}.uriRegexRewrite.rewrite`, r.uriRegexRewrite.rewrite, 'UriRegexRewrite requires both rewrite and match');
  }
  return { uri: r.uri, authority: r.authority, uriRegexRewrite: r.uriRegexRewrite ? { match: r.uriRegexRewrite.match, rewrite: r.uriRegexRewrite.rewrite } : undefined };
}

const RETRY_POLICIES = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];
/** Status codes Go's http.StatusText knows (Istio accepts those in retryOn). */
const KNOWN_STATUS = new Set([100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  ...Array.from({ length: 19 }, (_, i) => 400 + i), 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511]);

function renderRetries(where: Where, f: string, r: HttpRetry): istio.VirtualServiceSpecHttpRetries {
  if (r === null || typeof r !== 'object') fail(where, f, r, 'must be { attempts, ... }', 'pass e.g. { attempts: 3 }');
  if (!Number.isInteger(r.attempts) || r.attempts < 0) fail(where, `${f}.attempts`, r.attempts, 'attempts must be an integer >= 0', 'use e.g. 3, or 0 to disable retries');
  if (r.attempts === 0 && (r.perTryTimeout !== undefined || r.retryOn !== undefined || r.retryRemoteLocalities !== undefined)) {
    fail(where, f, r, 'http retry policy configured when attempts are set to 0 (disabled)', 'remove perTryTimeout/retryOn/retryRemoteLocalities, or set attempts > 0');
  }
  checkIstioDuration(where, `${f}.perTryTimeout`, r.perTryTimeout);
  const retryOn = requireArray(where, `${f}.retryOn`, r.retryOn, { nonEmpty: true, fix: 'omit retryOn for the default' });
  retryOn.forEach((p, i) => {
    if (!RETRY_POLICIES.includes(p) && !(/^[0-9]{3}$/.test(p) && KNOWN_STATUS.has(Number(p)))) {
      fail(where, `${f}.retryOn[${i}]`, p, 'is not a valid retryOn policy', `use HTTP status codes or ${RETRY_POLICIES.join(', ')}`);
    }
  });
  return {
    attempts: r.attempts,
    perTryTimeout: r.perTryTimeout !== undefined ? istioDuration(r.perTryTimeout) : undefined,
    retryOn: retryOn.length ? retryOn.join(',') : undefined,
    retryRemoteLocalities: r.retryRemoteLocalities,
  };
}

/** Envoy header value format: `%%` or `%COMMAND(args)%`; no control characters. */
function headerValueProblem(v: string): string | undefined {
  if (typeof v !== 'string') return 'must be a string';
  if (HEADER_VALUE_FORBIDDEN.test(v)) return 'must not contain control characters';
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== '%') continue;
    if (v[i + 1] === '%') { i++; continue; }
    const end = v.indexOf('%', i + 1);
    if (end < 0 || !/^[A-Z][A-Z0-9_]*(\(.*\))?(:[0-9]+)?$/.test(v.slice(i + 1, end))) return 'has a "%" that is neither "%%" nor a %COMMAND% variable';
    i = end;
  }
  return undefined;
}

function renderHeaders(where: Where, f: string, h: HttpHeaderOperations, rewriteAuthority: string | undefined): istio.VirtualServiceSpecHttpHeaders {
  let authority = rewriteAuthority;
  const ops = (side: 'request' | 'response') => {
    const o = expectFields(where, `${f}.${side}`, h[side], { set: 'object', add: 'object', remove: 'array' });
    if (o === undefined) return undefined;
    for (const kind of ['set', 'add'] as const) {
      for (const [name, value] of Object.entries(o[kind] ?? {})) {
        const field = `${f}.${side}.${kind}[${JSON.stringify(name)}]`;
        if (name.length === 0) fail(where, field, name, 'header name cannot be empty', 'name the header');
        const isAuthority = /^(:authority|host)$/i.test(name);
        if (side === 'request' && isAuthority) {
          if (authority !== undefined) fail(where, field, value, `authority header cannot be set multiple times: have "${authority}"`, 'set the authority once (rewrite.authority or one header)');
          authority = value;
        } else if (name.startsWith(':') || /^host$/i.test(name)) {
          fail(where, field, name, 'cannot set the Host header or ":"-prefixed pseudo-headers here', side === 'request' ? 'use rewrite.authority to change the host' : 'edit a regular header');
        }
        const p = headerValueProblem(value);
        if (p) fail(where, field, value, `header value ${p}`, 'escape a literal "%" as "%%"');
      }
    }
    (o.remove ?? []).forEach((name, i) => {
      const field = `${f}.${side}.remove[${i}]`;
      if (typeof name !== 'string' || name.length === 0) fail(where, field, name, 'header name cannot be empty', 'name the header');
      if (name.startsWith(':') || /^host$/i.test(name)) fail(where, field, name, 'cannot remove the Host header or ":"-prefixed pseudo-headers', 'remove a regular header');
    });
    return { set: o.set, add: o.add, remove: o.remove };
  };
  return { request: ops('request'), response: ops('response') };
}
