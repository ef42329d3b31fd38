import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { resolveMetadata } from '../private/metadata';
import { dnsNameCovers } from '../private/hostnames';
import { checkDns1035Label, checkDns1123Subdomain } from '../private/names';
import { optionalProps } from '../private/types';
import { describeProblem, fail, Where } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { gatewayApiEffectiveHostname as effectiveHostname, gatewayApiHostnamesIntersect as hostnamesIntersect } from '../private/hostnames';
import {
  arrayOf, checkHeaderName, checkHeaderValue, checkHostname, checkNamespace, checkPort, checkSectionName, GATEWAY_API_GROUP, requireString,
} from './checks';
import { GatewayListener, IGateway, ListenerProtocol } from './gateway';
import { ReferenceGrant } from './reference-grant';
import { plainRendering } from '../private/plain-render';

/** The HttpRoute API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const HttpRouteObject = plainRendering(gw.HttpRoute, gw.toJson_HttpRouteProps);

// Limits of the HTTPRoute CRD (v1.6 standard channel).
const MAX_PARENT_REFS = 32;
const MAX_HOSTNAMES = 16;
const MAX_RULES = 16;
const MAX_MATCHES_PER_RULE = 64;
const MAX_MATCHES_TOTAL = 128;
const MAX_BACKENDS = 16;
const MAX_FILTERS = 16;
const MAX_HEADERS = 16;
const MAX_PATH = 1024;
/** Characters the CRD allows in Exact / PathPrefix paths. */
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
const REDIRECT_STATUS_CODES = [301, 302, 303, 307, 308];

/** How a path is matched. */
export enum PathMatchType {
  /** The whole path, case-sensitive. */
  EXACT = 'Exact',
  /** A prefix, element by element (`/abc` matches `/abc`, `/abc/x`, not `/abcd`). */
  PATH_PREFIX = 'PathPrefix',
  /** A regular expression (implementation-specific; Istio uses RE2). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** How a header is matched. */
export enum HeaderMatchType {
  /** Exact value. */
  EXACT = 'Exact',
  /** Regular expression (implementation-specific; Istio uses RE2). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** HTTP methods an HTTPRoute can match. */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** TRACE */
  TRACE = 'TRACE',
  /** PATCH */
  PATCH = 'PATCH',
}

/** Scheme of a redirect. */
export enum RedirectScheme {
  /** http */
  HTTP = 'http',
  /** https */
  HTTPS = 'https',
}

/** Kind of an HTTPRoute filter. */
export enum HttpRouteFilterType {
  /** Answer with a redirect. */
  REQUEST_REDIRECT = 'RequestRedirect',
  /** Rewrite host / path before forwarding. */
  URL_REWRITE = 'URLRewrite',
  /** Set, add or remove request headers. */
  REQUEST_HEADER_MODIFIER = 'RequestHeaderModifier',
}

/** How a redirect or rewrite changes the path. */
export enum PathModifierType {
  /** Replace the whole path. */
  REPLACE_FULL_PATH = 'ReplaceFullPath',
  /** Replace the prefix matched by the rule's (single) PathPrefix match. */
  REPLACE_PREFIX_MATCH = 'ReplacePrefixMatch',
}

/** A path match of an HTTPRoute rule. */
export class HttpPathMatch {
  /** Match exactly this path (e.g. the ACME challenge path). */
  public static exact(path: string): HttpPathMatch {
    checkMatchPath('HttpPathMatch.exact', 'path', path);
    return new HttpPathMatch(PathMatchType.EXACT, path);
  }

  /** Match this path prefix, element by element (`/` matches everything). */
  public static pathPrefix(prefix: string): HttpPathMatch {
    checkMatchPath('HttpPathMatch.pathPrefix', 'prefix', prefix);
    return new HttpPathMatch(PathMatchType.PATH_PREFIX, prefix);
  }

  /** Match a regular expression (RE2 with Istio: no lookaround, no back-references). */
  public static regularExpression(regex: string): HttpPathMatch {
    checkRegex('HttpPathMatch.regularExpression', 'regex', regex);
    return new HttpPathMatch(PathMatchType.REGULAR_EXPRESSION, regex);
  }

  private constructor(
    /** How the path is matched. */
    public readonly type: PathMatchType,
    /** The path, prefix or expression. */
    public readonly value: string,
  ) {}

  /**
   * Whether a request path matches, as the Gateway API defines it (regular expressions are
   * evaluated as a full match with JavaScript's engine, an approximation of RE2).
   */
  public matchesPath(path: string): boolean {
    if (this.type === PathMatchType.EXACT) return path === this.value;
    if (this.type === PathMatchType.PATH_PREFIX) {
      const prefix = this.value.length > 1 ? this.value.replace(/\/+$/, '') : this.value;
      if (prefix === '/') return path.startsWith('/');
      return path === prefix || path.startsWith(`${prefix}/`);
    }
    return new RegExp(`^(?:${this.value})$`).test(path);
  }
}

/** A header match of an HTTPRoute rule. */
export interface HttpHeaderMatch {
  /** Header name (case-insensitive). */
  readonly name: string;
  /** Value to match. */
  readonly value: string;
  /**
   * How the value is matched.
   *
   * @default HeaderMatchType.EXACT
   */
  readonly type?: HeaderMatchType;
}

/** One match of an HTTPRoute rule: all given conditions must hold. */
export interface HttpRouteMatch {
  /**
   * Path condition.
   *
   * @default HttpPathMatch.pathPrefix('/')
   */
  readonly path?: HttpPathMatch;
  /**
   * Header conditions (at most 16).
   *
   * @default - none
   */
  readonly headers?: HttpHeaderMatch[];
  /**
   * Method condition.
   *
   * @default - any method
   */
  readonly method?: HttpMethod;
}

/** A path change of a redirect or rewrite. */
export class HttpPathModifier {
  /** Replace the whole path with `path`. */
  public static replaceFullPath(path: string): HttpPathModifier {
    checkModifierPath('HttpPathModifier.replaceFullPath', 'path', path);
    return new HttpPathModifier(PathModifierType.REPLACE_FULL_PATH, path);
  }

  /** Replace the matched PathPrefix with `prefix` (the rule needs exactly one PathPrefix match). */
  public static replacePrefixMatch(prefix: string): HttpPathModifier {
    checkModifierPath('HttpPathModifier.replacePrefixMatch', 'prefix', prefix);
    return new HttpPathModifier(PathModifierType.REPLACE_PREFIX_MATCH, prefix);
  }

  private constructor(
    /** The kind of change. */
    public readonly type: PathModifierType,
    /** The new path or prefix. */
    public readonly value: string,
  ) {}

  /** @internal */
  public _toKube(): any {
    return this.type === PathModifierType.REPLACE_FULL_PATH
      ? { type: this.type, replaceFullPath: this.value }
      : { type: this.type, replacePrefixMatch: this.value };
  }
}

/** Options of `HttpRouteFilter.requestRedirect()`. */
export interface HttpRequestRedirectOptions {
  /**
   * Scheme of the Location.
   *
   * @default - the request's scheme
   */
  readonly scheme?: RedirectScheme;
  /**
   * Host name of the Location.
   *
   * @default - the request's host
   */
  readonly hostname?: string;
  /**
   * Port of the Location.
   *
   * @default - the well-known port of the scheme when a scheme is set (443 for https, left out
   * of the Location), else the listener's port
   */
  readonly port?: number;
  /**
   * Status code: 301 or 302 (core), 303, 307 or 308 (extended support).
   *
   * @default 302
   */
  readonly statusCode?: number;
  /**
   * Path change.
   *
   * @default - the request's path
   */
  readonly path?: HttpPathModifier;
}

/** Options of `HttpRouteFilter.urlRewrite()`. */
export interface HttpUrlRewriteOptions {
  /**
   * New Host header.
   *
   * @default - unchanged
   */
  readonly hostname?: string;
  /**
   * Path change.
   *
   * @default - unchanged
   */
  readonly path?: HttpPathModifier;
}

/** Options of `HttpRouteFilter.requestHeaderModifier()`. */
export interface HttpHeaderModifierOptions {
  /**
   * Headers to set (replacing existing values), name → value.
   *
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to add (appending to existing values), name → value.
   *
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Header names to remove.
   *
   * @default - none
   */
  readonly remove?: string[];
}

/** A filter of an HTTPRoute rule. */
export class HttpRouteFilter {
  /**
   * Answer with a redirect instead of forwarding (e.g. HTTP → HTTPS). A rule with a redirect
   * must not have backendRefs.
   */
  public static requestRedirect(options: HttpRequestRedirectOptions): HttpRouteFilter {
    const where = 'HttpRouteFilter.requestRedirect';
    if (options === null || typeof options !== 'object') fail(where, 'options', options, 'redirect options are required', 'pass e.g. { scheme: RedirectScheme.HTTPS, statusCode: 301 }');
    if (options.scheme !== undefined && options.scheme !== RedirectScheme.HTTP && options.scheme !== RedirectScheme.HTTPS) {
      fail(where, 'scheme', options.scheme, 'scheme must be http or https', 'use RedirectScheme.HTTPS');
    }
    if (options.hostname !== undefined) checkHostname(where, 'hostname', options.hostname, false);
    if (options.port !== undefined) checkPort(where, 'port', options.port);
    if (options.statusCode !== undefined && !REDIRECT_STATUS_CODES.includes(options.statusCode)) {
      fail(where, 'statusCode', options.statusCode, `redirect status code must be one of ${REDIRECT_STATUS_CODES.join(', ')}`, 'use 301 (permanent) or 302 (temporary)');
    }
    if (options.path !== undefined && !(options.path instanceof HttpPathModifier)) {
      fail(where, 'path', options.path, 'must be created with HttpPathModifier.replaceFullPath() or replacePrefixMatch()', 'use the HttpPathModifier factories');
    }
    if (options.scheme === undefined && options.hostname === undefined && options.port === undefined && options.path === undefined) {
      fail(where, 'options', options, 'a redirect that changes neither scheme, hostname, port nor path points back at the same URL (redirect loop)',
        'set at least one of scheme, hostname, port or path');
    }
    return new HttpRouteFilter(HttpRouteFilterType.REQUEST_REDIRECT, { ...options, statusCode: options.statusCode ?? 302 });
  }

  /** Rewrite the host and/or path before forwarding. */
  public static urlRewrite(options: HttpUrlRewriteOptions): HttpRouteFilter {
    const where = 'HttpRouteFilter.urlRewrite';
    if (options === null || typeof options !== 'object') fail(where, 'options', options, 'rewrite options are required', 'pass { hostname } and/or { path }');
    if (options.hostname !== undefined) checkHostname(where, 'hostname', options.hostname, false);
    if (options.path !== undefined && !(options.path instanceof HttpPathModifier)) {
      fail(where, 'path', options.path, 'must be created with HttpPathModifier.replaceFullPath() or replacePrefixMatch()', 'use the HttpPathModifier factories');
    }
    if (options.hostname === undefined && options.path === undefined) {
      fail(where, 'options', options, 'a rewrite needs a hostname or a path; this one changes nothing', 'set hostname and/or path, or drop the filter');
    }
    return new HttpRouteFilter(HttpRouteFilterType.URL_REWRITE, undefined, { ...options });
  }

  /** Set, add or remove request headers before forwarding. */
  public static requestHeaderModifier(options: HttpHeaderModifierOptions): HttpRouteFilter {
    const where = 'HttpRouteFilter.requestHeaderModifier';
    if (options === null || typeof options !== 'object') fail(where, 'options', options, 'header modifier options are required', 'pass { set }, { add } and/or { remove }');
    const seen = new Map<string, string>();
    const note = (field: string, name: string) => {
      const prev = seen.get(name.toLowerCase());
      if (prev) fail(where, field, name, `header is also changed by ${prev} (header names are case-insensitive)`, 'change each header in one place only');
      seen.set(name.toLowerCase(), field);
    };
    for (const kind of ['set', 'add'] as const) {
      const map = options[kind];
      if (map === undefined) continue;
      if (map === null || typeof map !== 'object') fail(where, kind, map, 'must be a map of header names to values', 'pass e.g. { "x-forwarded-proto": "https" }');
      const entries = Object.entries(map);
      if (entries.length > MAX_HEADERS) fail(where, kind, entries.length, `at most ${MAX_HEADERS} headers`, 'change fewer headers');
      for (const [name, value] of entries) {
        checkHeaderName(where, `${kind}[${JSON.stringify(name)}]`, name);
        checkHeaderValue(where, `${kind}[${JSON.stringify(name)}]`, value);
        note(`${kind}[${JSON.stringify(name)}]`, name);
      }
    }
    const remove = arrayOf(where, 'remove', options.remove);
    if (remove.length > MAX_HEADERS) fail(where, 'remove', remove.length, `at most ${MAX_HEADERS} headers`, 'remove fewer headers');
    remove.forEach((name, i) => {
      checkHeaderName(where, `remove[${i}]`, name);
      note(`remove[${i}]`, name);
    });
    if (Object.keys(options.set ?? {}).length + Object.keys(options.add ?? {}).length + remove.length === 0) {
      fail(where, 'options', options, 'a header modifier needs at least one header to set, add or remove', 'set set, add or remove, or drop the filter');
    }
    return new HttpRouteFilter(HttpRouteFilterType.REQUEST_HEADER_MODIFIER, undefined, undefined,
      { ...(options.set ? { set: { ...options.set } } : {}), ...(options.add ? { add: { ...options.add } } : {}), ...(remove.length ? { remove } : {}) });
  }

  private constructor(
    /** The kind of filter. */
    public readonly type: HttpRouteFilterType,
    /** Redirect settings (REQUEST_REDIRECT; statusCode resolved). */
    public readonly redirect?: HttpRequestRedirectOptions,
    /** Rewrite settings (URL_REWRITE). */
    public readonly rewrite?: HttpUrlRewriteOptions,
    /** Header changes (REQUEST_HEADER_MODIFIER). */
    public readonly headerModifier?: HttpHeaderModifierOptions,
  ) {}

  /**
   * The path modifier of a redirect or rewrite, if any.
   *
   * @internal
   */
  public _pathModifier(): HttpPathModifier | undefined {
    return this.redirect?.path ?? this.rewrite?.path;
  }

  /** @internal */
  public _toKube(): gw.HttpRouteSpecRulesFilters {
    switch (this.type) {
      case HttpRouteFilterType.REQUEST_REDIRECT: {
        const r = this.redirect!;
        return {
          type: gw.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
          requestRedirect: {
            ...(r.scheme !== undefined ? { scheme: r.scheme as string as gw.HttpRouteSpecRulesFiltersRequestRedirectScheme } : {}),
            ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
            ...(r.port !== undefined ? { port: r.port } : {}),
            ...(r.path !== undefined ? { path: r.path._toKube() } : {}),
            statusCode: r.statusCode as gw.HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
          },
        };
      }
      case HttpRouteFilterType.URL_REWRITE: {
        const r = this.rewrite!;
        return {
          type: gw.HttpRouteSpecRulesFiltersType.URL_REWRITE,
          urlRewrite: {
            ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
            ...(r.path !== undefined ? { path: r.path._toKube() } : {}),
          },
        };
      }
      default: {
        const h = this.headerModifier!;
        const list = (m?: { [name: string]: string }) => Object.entries(m ?? {}).map(([name, value]) => ({ name, value }));
        return {
          type: gw.HttpRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER,
          requestHeaderModifier: {
            ...(h.set ? { set: list(h.set) } : {}),
            ...(h.add ? { add: list(h.add) } : {}),
            ...(h.remove ? { remove: [...h.remove] } : {}),
          },
        };
      }
    }
  }
}

/** A backend (Service) of an HTTPRoute rule. */
export interface HttpBackendRef {
  /** Name of the Service. */
  readonly serviceName: string;
  /** Service port. */
  readonly port: number;
  /**
   * Relative weight among the rule's backends (0–1,000,000).
   *
   * @default 1
   */
  readonly weight?: number;
  /**
   * Namespace of the Service; another namespace than the route's needs a ReferenceGrant there.
   *
   * @default - the route's namespace
   */
  readonly namespace?: string;
}

/** A rule of an HTTPRoute. */
export interface HttpRouteRule {
  /**
   * Rule name.
   *
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Matches; any one of them selects the rule (at most 64).
   *
   * @default - one match: PathPrefix `/`
   */
  readonly matches?: HttpRouteMatch[];
  /**
   * Filters (at most one of each type; RequestRedirect and URLRewrite exclude each other).
   *
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
  /**
   * Backends (at most 16). Required unless the rule redirects.
   *
   * @default - none
   */
  readonly backendRefs?: HttpBackendRef[];
}

/** A Gateway (listener) a route attaches to. */
export interface ParentReference {
  /** The Gateway. */
  readonly gateway: IGateway;
  /**
   * Listener name on the Gateway.
   *
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
  /**
   * Listener port on the Gateway.
   *
   * @default - any port
   */
  readonly port?: number;
}

/** Properties of an `HttpRoute`. */
export interface HttpRouteProps {
  /**
   * Name, namespace, labels and annotations.
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Gateways (listeners) the route attaches to; more with `addParentRef()`. At least one.
   *
   * @default - none
   */
  readonly parentRefs?: ParentReference[];
  /**
   * Host names the route serves (`*.` wildcards allowed, at most 16).
   *
   * @default - every host name its listeners accept
   */
  readonly hostnames?: string[];
  /**
   * Rules; more with `addRule()`. At least one.
   *
   * @default - none
   */
  readonly rules?: HttpRouteRule[];
}

/**
 * A Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1).
 *
 * Checked at construction: everything the CRD schema and CEL rules check (paths, headers,
 * filters, limits). Checked at synth: at least one parent and one rule; each parent's
 * `sectionName` / `port` names a listener of that Gateway; the route's namespace is admitted
 * by the listener's `allowedRoutes`; its hostnames intersect the listener hostname; HTTPS
 * listeners' certificates cover the route's hostnames.
 */
export class HttpRoute extends Construct {
  /** The L1 object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;

  private readonly _parentRefs: ParentReference[] = [];
  private readonly _hostnames: string[] = [];
  private readonly _rules: HttpRouteRule[] = [];

  public constructor(scope: Construct, id: string, props: HttpRouteProps = {}) {
    super(scope, id);
    props = optionalProps(this, props);
    const metadata = resolveMetadata(this, props.metadata, { namespaced: true, kind: 'HTTPRoute' });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    arrayOf(this, 'parentRefs', props.parentRefs).forEach((p) => this.addParentRef(p));
    arrayOf(this, 'hostnames', props.hostnames).forEach((h) => this.addHostname(h));
    arrayOf(this, 'rules', props.rules).forEach((r) => this.addRule(r));

    this.apiObject = new HttpRouteObject(this, 'Resource', {
      metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    this.node.addValidation({ validate: () => this.validateRoute() });
  }

  /** The parent references (copy). */
  public get parentRefs(): ParentReference[] {
    return [...this._parentRefs];
  }

  /** The host names (copy). */
  public get hostnames(): string[] {
    return [...this._hostnames];
  }

  /**
   * The rules as rendered (copy): every rule has its matches (default PathPrefix `/`), and
   * every match its path, so callers can trace where a request goes.
   */
  public get rules(): HttpRouteRule[] {
    return [...this._rules];
  }

  /** Attach the route to a Gateway (optionally one listener). */
  public addParentRef(ref: ParentReference): void {
    const field = `parentRefs[${this._parentRefs.length}]`;
    if (ref === null || typeof ref !== 'object' || !ref.gateway || typeof ref.gateway.name !== 'string') {
      fail(this, field, ref, 'a parent reference needs a gateway', 'pass { gateway, sectionName? }');
    }
    if (this._parentRefs.length >= MAX_PARENT_REFS) fail(this, field, ref.gateway.name, `an HTTPRoute has at most ${MAX_PARENT_REFS} parentRefs`, 'split the route');
    if (ref.sectionName !== undefined) checkSectionName(this, `${field}.sectionName`, ref.sectionName);
    if (ref.port !== undefined) checkPort(this, `${field}.port`, ref.port);
    const sameParent = this._parentRefs.filter((p) => p.gateway.name === ref.gateway.name && p.gateway.namespace === ref.gateway.namespace);
    if (sameParent.length > 0) {
      if (ref.sectionName === undefined || sameParent.some((p) => p.sectionName === undefined)) {
        fail(this, `${field}.sectionName`, ref.sectionName, `sectionName must be specified when parentRefs includes 2 or more references to gateway ${ref.gateway.namespace}/${ref.gateway.name}`,
          'name the listener in every reference to that gateway, or reference it once without sectionName');
      }
      if (sameParent.some((p) => p.sectionName === ref.sectionName)) {
        fail(this, `${field}.sectionName`, ref.sectionName, 'sectionName must be unique when parentRefs includes 2 or more references to the same gateway', 'reference each listener once');
      }
    }
    this._parentRefs.push({ ...ref });
  }

  /** Add a host name the route serves. */
  public addHostname(hostname: string): void {
    const field = `hostnames[${this._hostnames.length}]`;
    checkHostname(this, field, hostname);
    if (this._hostnames.includes(hostname)) return;
    if (this._hostnames.length >= MAX_HOSTNAMES) fail(this, field, hostname, `an HTTPRoute has at most ${MAX_HOSTNAMES} hostnames`, 'split the route');
    this._hostnames.push(hostname);
  }

  /** Add a rule. Checks it as the CRD's schema and CEL rules do. */
  public addRule(rule: HttpRouteRule): void {
    const field = `rules[${this._rules.length}]`;
    if (rule === null || typeof rule !== 'object') fail(this, field, rule, 'a rule must be an object', 'pass { matches?, filters?, backendRefs? }');
    if (this._rules.length >= MAX_RULES) fail(this, field, rule.name, `an HTTPRoute has at most ${MAX_RULES} rules`, 'merge rules or split the route');
    if (rule.name !== undefined) {
      requireString(this, `${field}.name`, rule.name, 'name the rule or leave the name out');
      const problem = checkDns1123Subdomain(rule.name);
      if (problem) fail(this, `${field}.name`, rule.name, `rule name ${problem}`, 'use a lowercase name');
      // Gateway API: "This name MUST be unique within a Route if it is set" (policies and status refer to it)
      if (this._rules.some((r) => r.name === rule.name)) fail(this, `${field}.name`, rule.name, 'rule names must be unique within the route', 'give each rule its own name, or leave the name out');
    }
    const matches = arrayOf(this, `${field}.matches`, rule.matches).map((m, i) => this.normalizeMatch(`${field}.matches[${i}]`, m));
    if (matches.length === 0) matches.push({ path: HttpPathMatch.pathPrefix('/') });
    if (matches.length > MAX_MATCHES_PER_RULE) fail(this, `${field}.matches`, matches.length, `a rule has at most ${MAX_MATCHES_PER_RULE} matches`, 'split the rule');
    const total = this._rules.reduce((n, r) => n + r.matches!.length, 0) + matches.length;
    if (total > MAX_MATCHES_TOTAL) fail(this, `${field}.matches`, total, `an HTTPRoute has at most ${MAX_MATCHES_TOTAL} matches across all rules`, 'split the route');

    const filters = arrayOf(this, `${field}.filters`, rule.filters);
    if (filters.length > MAX_FILTERS) fail(this, `${field}.filters`, filters.length, `a rule has at most ${MAX_FILTERS} filters`, 'use fewer filters');
    filters.forEach((f, i) => {
      if (!(f instanceof HttpRouteFilter)) fail(this, `${field}.filters[${i}]`, f, 'must be created with the HttpRouteFilter factories', 'use HttpRouteFilter.requestRedirect() / urlRewrite() / requestHeaderModifier()');
      if (filters.findIndex((g) => g.type === f.type) !== i) fail(this, `${field}.filters[${i}]`, f.type, `${f.type} filter cannot be repeated`, 'merge the two filters into one');
    });
    const redirect = filters.find((f) => f.type === HttpRouteFilterType.REQUEST_REDIRECT);
    if (redirect && filters.some((f) => f.type === HttpRouteFilterType.URL_REWRITE)) {
      fail(this, `${field}.filters`, filters.map((f) => f.type), 'may specify either RequestRedirect or URLRewrite, but not both', 'use one of the two');
    }
    const prefixModifier = filters.find((f) => f._pathModifier()?.type === PathModifierType.REPLACE_PREFIX_MATCH);
    if (prefixModifier && (matches.length !== 1 || matches[0].path!.type !== PathMatchType.PATH_PREFIX)) {
      fail(this, `${field}.matches`, matches.map((m) => `${m.path!.type} ${m.path!.value}`),
        `when using ${prefixModifier.type} with path.replacePrefixMatch, exactly one PathPrefix match must be specified`,
        'give the rule a single PathPrefix match, or use HttpPathModifier.replaceFullPath()');
    }

    const backendRefs = arrayOf(this, `${field}.backendRefs`, rule.backendRefs).map((b, i) => this.normalizeBackend(`${field}.backendRefs[${i}]`, b));
    if (backendRefs.length > MAX_BACKENDS) fail(this, `${field}.backendRefs`, backendRefs.length, `a rule has at most ${MAX_BACKENDS} backendRefs`, 'use fewer backends');
    if (redirect && backendRefs.length > 0) {
      fail(this, `${field}.backendRefs`, backendRefs.map((b) => b.serviceName), 'RequestRedirect filter must not be used together with backendRefs',
        'remove the backends from the redirecting rule (a redirect answers the request itself)');
    }
    if (!redirect && backendRefs.length === 0) {
      fail(this, `${field}.backendRefs`, [], 'a rule without backendRefs and without a RequestRedirect answers every matching request with HTTP 500',
        'add a backend ({ serviceName, port }) or a RequestRedirect filter');
    }
    if (backendRefs.length > 0 && backendRefs.every((b) => b.weight === 0)) {
      Warnings.add(this, `${field}: every backend has weight 0, so matching requests get HTTP 500`);
    }
    this._rules.push({
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      matches,
      filters,
      backendRefs,
    });
  }

  private normalizeMatch(field: string, m: HttpRouteMatch): HttpRouteMatch {
    if (m === null || typeof m !== 'object') fail(this, field, m, 'a match must be an object', 'pass { path?, headers?, method? }');
    if (m.path !== undefined && !(m.path instanceof HttpPathMatch)) {
      fail(this, `${field}.path`, m.path, 'must be created with HttpPathMatch.exact() / pathPrefix() / regularExpression()', 'use the HttpPathMatch factories');
    }
    if (m.method !== undefined && !Object.values(HttpMethod).includes(m.method)) {
      fail(this, `${field}.method`, m.method, 'method must be one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH', 'use the HttpMethod enum');
    }
    const headers = arrayOf(this, `${field}.headers`, m.headers);
    if (headers.length > MAX_HEADERS) fail(this, `${field}.headers`, headers.length, `a match has at most ${MAX_HEADERS} header conditions`, 'use fewer header conditions');
    headers.forEach((h, i) => {
      const hf = `${field}.headers[${i}]`;
      if (h === null || typeof h !== 'object') fail(this, hf, h, 'a header match must be an object { name, value }', 'pass { name, value }');
      checkHeaderName(this, `${hf}.name`, h.name);
      checkHeaderValue(this, `${hf}.value`, h.value);
      if (h.type !== undefined && h.type !== HeaderMatchType.EXACT && h.type !== HeaderMatchType.REGULAR_EXPRESSION) {
        fail(this, `${hf}.type`, h.type, 'header match type must be Exact or RegularExpression', 'use the HeaderMatchType enum');
      }
      if (h.type === HeaderMatchType.REGULAR_EXPRESSION) checkRegex(this, `${hf}.value`, h.value);
      if (headers.findIndex((o) => o.name.toLowerCase() === h.name.toLowerCase()) !== i) {
        fail(this, `${hf}.name`, h.name, 'header names must be unique within a match (case-insensitive)', 'combine the conditions on this header');
      }
    });
    return {
      path: m.path ?? HttpPathMatch.pathPrefix('/'),
      ...(headers.length ? { headers: headers.map((h) => ({ ...h })) } : {}),
      ...(m.method !== undefined ? { method: m.method } : {}),
    };
  }

  private normalizeBackend(field: string, b: HttpBackendRef): HttpBackendRef {
    if (b === null || typeof b !== 'object') fail(this, field, b, 'a backend must be an object { serviceName, port }', 'pass { serviceName, port }');
    requireString(this, `${field}.serviceName`, b.serviceName, 'name the Service');
    const problem = checkDns1035Label(b.serviceName);
    if (problem) fail(this, `${field}.serviceName`, b.serviceName, `Service name ${problem}`, 'use the Service\'s metadata.name');
    if (b.port === undefined) fail(this, `${field}.port`, b.port, 'a Service backend must have a port', 'set the Service port');
    checkPort(this, `${field}.port`, b.port);
    if (b.weight !== undefined && (typeof b.weight !== 'number' || !Number.isInteger(b.weight) || b.weight < 0 || b.weight > 1000000)) {
      fail(this, `${field}.weight`, b.weight, 'weight must be an integer from 0 to 1000000', 'use a relative weight such as 90 / 10');
    }
    if (b.namespace !== undefined) checkNamespace(this, `${field}.namespace`, b.namespace);
    return { ...b };
  }

  private validateRoute(): string[] {
    const errors: string[] = [];
    if (this._parentRefs.length === 0) errors.push(describeProblem('parentRefs', [], 'the route attaches to no Gateway', 'pass parentRefs or call addParentRef({ gateway })'));
    if (this._rules.length === 0) errors.push(describeProblem('rules', [], 'the route has no rules', 'pass rules or call addRule()'));
    this._parentRefs.forEach((ref, i) => errors.push(...this.checkParent(`parentRefs[${i}]`, ref)));
    this._rules.forEach((rule, i) => rule.backendRefs!.forEach((b, j) => {
      if (b.namespace === undefined || b.namespace === this.namespace) return;
      if (!ReferenceGrant._isGranted(this, b.namespace, { group: GATEWAY_API_GROUP, kind: 'HTTPRoute', namespace: this.namespace }, { group: '', kind: 'Service', name: b.serviceName })) {
        Warnings.add(this, `rules[${i}].backendRefs[${j}] refers to Service ${b.namespace}/${b.serviceName} in another namespace and the app defines no ReferenceGrant for it; `
          + 'the Gateway API ignores the reference (RefNotPermitted) unless a grant exists in the cluster — add a ReferenceGrant in that namespace');
      }
    }));
    return errors;
  }

  private checkParent(field: string, ref: ParentReference): string[] {
    const g = ref.gateway;
    if (!g.listenersKnown) return [];
    const gwName = `${g.namespace}/${g.name}`;
    let candidates: GatewayListener[] = g.listeners;
    if (ref.sectionName !== undefined) {
      const l = g.findListener(ref.sectionName);
      if (!l) {
        return [describeProblem(`${field}.sectionName`, ref.sectionName, `gateway ${gwName} has no listener with this name (listeners: ${g.listeners.map((x) => x.name).join(', ') || 'none'})`,
          'use the name of one of the gateway\'s listeners')];
      }
      candidates = [l];
    }
    if (ref.port !== undefined) {
      candidates = candidates.filter((l) => l.port === ref.port);
      if (candidates.length === 0) {
        return [describeProblem(`${field}.port`, ref.port, `gateway ${gwName} has no ${ref.sectionName ? `listener "${ref.sectionName}" on` : 'listener on'} this port`,
          'use the port of the listener, or leave port out')];
      }
    }
    const admitted = candidates.filter((l) => l.allowedRoutes._admits(g.namespace, this.namespace) !== false);
    if (admitted.length === 0) {
      return [describeProblem(field, gwName, `the listener(s) ${candidates.map((l) => `"${l.name}"`).join(', ')} only accept routes from namespace "${g.namespace}" (allowedRoutes Same), and this route is in "${this.namespace}"`,
        'create the route in the gateway\'s namespace, or give the listener AllowedRoutes.fromAllNamespaces() / fromNamespacesWithLabels()')];
    }
    if (this._hostnames.length === 0) return [];
    const attached = admitted.filter((l) => l.hostname === undefined || this._hostnames.some((h) => hostnamesIntersect(l.hostname!, h)));
    if (attached.length === 0) {
      return [describeProblem('hostnames', this._hostnames,
        `no hostname of the route intersects the hostname of ${admitted.map((l) => `listener "${l.name}" (${l.hostname})`).join(', ')} of gateway ${gwName}, so the route would not be accepted`,
        'use hostnames the listener serves, or attach the route to a listener for these hostnames')];
    }
    const ignored = attached.some((l) => l.hostname === undefined) ? [] : this._hostnames.filter((h) => !attached.some((l) => hostnamesIntersect(l.hostname!, h)));
    if (ignored.length) {
      Warnings.add(this, `${field}: hostnames ${JSON.stringify(ignored)} match no listener hostname of gateway ${gwName}; the Gateway API ignores them there`);
    }
    const errors: string[] = [];
    for (const l of attached) {
      const cert = l.protocol === ListenerProtocol.HTTPS ? l.tls?.certificate : undefined;
      if (!cert || cert.dnsNames.length === 0) continue;
      for (const h of this._hostnames) {
        const eff = effectiveHostname(l.hostname, h);
        if (eff === undefined || cert.dnsNames.some((d) => dnsNameCovers(d, eff))) continue;
        errors.push(describeProblem('hostnames', h,
          `HTTPS listener "${l.name}" of gateway ${gwName} serves this host with certificate ${cert.namespace}/${cert.secretName}, whose dnsNames ${JSON.stringify(cert.dnsNames)} do not cover it; clients would get a name mismatch`,
          'add the host to the Certificate\'s dnsNames or attach the route to a listener with a certificate for it'));
      }
    }
    return errors;
  }

  private _toSpec(): gw.HttpRouteSpec {
    return {
      parentRefs: this._parentRefs.map((p) => ({
        name: p.gateway.name,
        namespace: p.gateway.namespace,
        ...(p.sectionName !== undefined ? { sectionName: p.sectionName } : {}),
        ...(p.port !== undefined ? { port: p.port } : {}),
      })),
      ...(this._hostnames.length ? { hostnames: [...this._hostnames] } : {}),
      rules: this._rules.map((r) => ({
        ...(r.name !== undefined ? { name: r.name } : {}),
        matches: r.matches!.map((m) => ({
          path: { type: m.path!.type as string as gw.HttpRouteSpecRulesMatchesPathType, value: m.path!.value },
          ...(m.headers ? { headers: m.headers.map((h) => ({ name: h.name, value: h.value, type: (h.type ?? HeaderMatchType.EXACT) as string as gw.HttpRouteSpecRulesMatchesHeadersType })) } : {}),
          ...(m.method !== undefined ? { method: m.method as string as gw.HttpRouteSpecRulesMatchesMethod } : {}),
        })),
        ...(r.filters!.length ? { filters: r.filters!.map((f) => f._toKube()) } : {}),
        ...(r.backendRefs!.length ? {
          backendRefs: r.backendRefs!.map((b) => ({
            name: b.serviceName,
            ...(b.namespace !== undefined ? { namespace: b.namespace } : {}),
            port: b.port,
            ...(b.weight !== undefined ? { weight: b.weight } : {}),
          })),
        } : {}),
      })),
    };
  }
}

/** The CEL rules on Exact / PathPrefix path values. */
function checkMatchPath(where: Where, field: string, path: unknown): void {
  requireString(where, field, path, 'use an absolute path such as "/" or "/api"');
  const p = path as string;
  const fix = 'use an absolute, normalized path such as "/api" (no "//", "/./", "/../", "#" or encoded "/")';
  if (p.length > MAX_PATH) fail(where, field, p, `path must be at most ${MAX_PATH} characters`, 'shorten the path');
  if (!p.startsWith('/')) fail(where, field, p, "value must be an absolute path and start with '/'", fix);
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (p.includes(bad)) fail(where, field, p, `path must not contain '${bad}'`, fix);
  }
  if (p.endsWith('/..') || p.endsWith('/.')) fail(where, field, p, "path must not end with '/..' or '/.'", fix);
  if (!PATH_CHARS.test(p)) fail(where, field, p, "path contains characters that are not allowed (only RFC 3986 path characters and %-escapes)", fix);
}

/** Redirect / rewrite paths: at most 1024 characters, absolute. */
function checkModifierPath(where: Where, field: string, path: unknown): void {
  if (typeof path !== 'string' || path.length > MAX_PATH) fail(where, field, path, `path must be a string of at most ${MAX_PATH} characters`, 'use an absolute path such as "/"');
  if (!(path as string).startsWith('/')) fail(where, field, path, "path must start with '/'", 'use an absolute path such as "/v2"');
}

/**
 * A regular expression Istio (Envoy RE2) accepts: compiles, and uses no lookaround or
 * back-references (JavaScript-only syntax that RE2 rejects).
 */
function checkRegex(where: Where, field: string, regex: unknown): void {
  requireString(where, field, regex, 'give a regular expression');
  const r = regex as string;
  if (r.length > MAX_PATH) fail(where, field, r, `regular expression must be at most ${MAX_PATH} characters`, 'shorten the expression');
  try {
    new RegExp(r);
  } catch (e) {
    fail(where, field, r, `invalid regular expression (${(e as Error).message})`, 'fix the expression');
  }
  if (/\(\?<?[=!]/.test(r) || /\\[1-9]|\\k</.test(r)) {
    fail(where, field, r, 'RE2 (used by Istio/Envoy) supports neither lookaround nor back-references', 'rewrite the expression without (?=, (?!, (?<=, (?<! or \\1');
  }
}
