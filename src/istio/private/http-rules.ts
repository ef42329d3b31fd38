// Rendering the rules of a VirtualService (not exported from the package): each option struct
// checked by Istio's rules (pilot validation of HTTPRoute, HTTPRedirect, HTTPRetry, headers,
// destinations, CORS, fault injection, mirrors, delegation: istio 1.30.3
// pkg/config/validation/virtualservice.go and validation.go) and turned into its wire form.
import { IConstruct } from 'constructs';
import * as istio from '../../../imports/istio-networking-networking.istio.io';
import { istioDuration } from '../../private/duration';
import { checkEnum, checkNamespaceName, checkObjectName, checkPort, requireArray, requireString } from '../../private/fields';
import { checkDns1123Label } from '../../private/names';
import { expectFields } from '../../private/types';
import { fail, Where } from '../../validation/error';
import { Warnings } from '../../validation/warnings';
import { HttpMatch } from '../http-match';
import {
  CorsUnmatchedPreflights, GrpcStatus, HttpCorsPolicy, HttpDirectResponse, HttpFaultInjection, HttpHeaderOperations, HttpMirror, HttpRedirect,
  HttpRedirectPortSelection, RedirectScheme, HttpRetry, HttpRewrite, HttpRouteOptions, RouteDestination,
} from '../route-options';
import { StringMatch, StringMatchType } from '../string-match';
import { checkIstioDuration, checkRegex } from './checks';
import { checkServiceHost } from './hosts';

const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F]/;

/**
 * An HTTP rule of a VirtualService, checked and rendered: exactly one action (destinations,
 * redirect or directResponse), rewrite only when forwarding, and every part by its own rules.
 */
export function renderHttpRoute(where: IConstruct, f: string, o: HttpRouteOptions, inDelegate = false): istio.VirtualServiceSpecHttp {
  expectFields(where, f, o, {
    destinations: 'array', redirect: 'object', directResponse: 'object', rewrite: 'object', retries: 'object', headers: 'object',
    corsPolicy: 'object', fault: 'object', mirrors: 'array', delegate: 'object',
  });
  if (o.name !== undefined) requireString(where, `${f}.name`, o.name, 'name the rule or omit the name');
  const matches = requireArray(where, `${f}.match`, o.matches, { nonEmpty: true, fix: 'omit matches for a catch-all rule, or list them' });
  matches.forEach((m, i) => {
    if (!(m instanceof HttpMatch)) fail(where, `${f}.match[${i}]`, m, 'must be an HttpMatch', 'use HttpMatch.uriPrefix("/") or HttpMatch.of({...})');
  });
  const hasRoute = o.destinations !== undefined;
  if (o.delegate !== undefined) checkDelegate(where, f, o, inDelegate);
  const actions = [hasRoute && 'destinations', o.redirect !== undefined && 'redirect', o.directResponse !== undefined && 'directResponse'].filter((x): x is string => !!x);
  if (actions.length === 0 && o.delegate === undefined) fail(where, f, o, 'HTTP route, redirect or direct_response is required', 'set destinations, redirect or directResponse');
  if (actions.length > 1) fail(where, f, actions, `a rule can only do one of ${actions.join(' and ')}`, 'split it into separate rules or keep one action');
  // a root rule's rewrite is the default of its delegate's forwarding rules (pilot MergeHTTPRoutes)
  if (o.rewrite !== undefined && !hasRoute && o.delegate === undefined) {
    fail(where, `${f}.rewrite`, o.rewrite, `rewrite only applies to forwarded requests, not to a ${actions[0]}`, 'remove rewrite, or forward to destinations');
  }
  if (o.fault !== undefined && (o.redirect !== undefined || o.directResponse !== undefined)) {
    fail(where, `${f}.fault`, o.fault, `HTTP route cannot contain both fault and ${o.redirect !== undefined ? 'redirect' : 'direct_response'}`, 'inject faults on a rule that forwards to destinations');
  }
  if (o.mirrors !== undefined && (o.redirect !== undefined || o.directResponse !== undefined) && typeof where !== 'string') {
    Warnings.add(where, `${f}.mirrors has no effect: the rule answers with a ${o.redirect !== undefined ? 'redirect' : 'direct response'} and forwards nothing to copy — mirror on a rule that forwards to destinations`);
  }
  if (hasRoute && o.destinations!.length === 0) fail(where, `${f}.route`, [], 'HTTP route is required (destinations is empty)', 'list at least one destination');
  checkIstioDuration(where, `${f}.timeout`, o.timeout);
  return {
    name: o.name,
    match: matches.length ? matches.map((m) => m._toKube()) : undefined,
    route: hasRoute ? renderDestinations(where, `${f}.route`, o.destinations!) : undefined,
    redirect: o.redirect !== undefined ? renderRedirect(where, `${f}.redirect`, o.redirect) : undefined,
    directResponse: o.directResponse !== undefined ? renderDirectResponse(where, `${f}.directResponse`, o.directResponse) : undefined,
    rewrite: o.rewrite !== undefined ? renderRewrite(where, `${f}.rewrite`, o.rewrite) : undefined,
    timeout: o.timeout !== undefined ? istioDuration(o.timeout) : undefined,
    retries: o.retries !== undefined ? renderRetries(where, `${f}.retries`, o.retries) : undefined,
    headers: o.headers !== undefined ? renderHeaders(where, `${f}.headers`, o.headers, o.rewrite?.authority) : undefined,
    corsPolicy: o.corsPolicy !== undefined ? renderCorsPolicy(where, `${f}.corsPolicy`, o.corsPolicy) : undefined,
    fault: o.fault !== undefined ? renderFault(where, `${f}.fault`, o.fault) : undefined,
    mirrors: o.mirrors !== undefined ? renderMirrors(where, `${f}.mirrors`, o.mirrors) : undefined,
    delegate: o.delegate !== undefined ? { name: o.delegate.name, namespace: o.delegate.namespace } : undefined,
  };
}

/**
 * A root rule (`delegate`): no route or redirect (Istio: "root HTTP route must not specify
 * route/redirect"); no direct response either, which would only be a default of the delegate's
 * rules that each have an action of their own; not inside a delegate ("delegate HTTP route
 * cannot contain delegate": one level only).
 */
function checkDelegate(where: Where, f: string, o: HttpRouteOptions, inDelegate: boolean): void {
  const d = o.delegate!;
  if (inDelegate) fail(where, `${f}.delegate`, d.name, 'delegate HTTP route cannot contain delegate (Istio supports one level of delegation)', 'route to destinations here, or delegate from the root VirtualService directly');
  if (d === null || typeof d !== 'object') fail(where, `${f}.delegate`, d, 'must be a VirtualService', 'pass a VirtualService without hosts, or VirtualService.fromVirtualServiceName()');
  checkObjectName(where, `${f}.delegate.name`, d.name, 'VirtualService');
  checkNamespaceName(where, `${f}.delegate.namespace`, d.namespace);
  for (const [field, present] of [['destinations', o.destinations], ['redirect', o.redirect], ['directResponse', o.directResponse]] as const) {
    if (present !== undefined) {
      fail(where, `${f}.${field}`, present, `root HTTP route must not specify ${field === 'destinations' ? 'route' : field}: the rules of the delegate VirtualService decide`, `remove ${field}, or remove delegate`);
    }
  }
}
/**
 * Destinations with weights: all given (summing to 100) or none (even split, remainder to
 * the first ones). Istio only rejects a zero total; the sum of 100 keeps older Istio happy.
 */
export function renderDestinations(where: Where, field: string, destinations: RouteDestination[]): istio.VirtualServiceSpecHttpRoute[] {
  requireArray(where, field, destinations, { nonEmpty: true, fix: 'list at least one destination' });
  const weighted = destinations.filter((d) => d?.weight !== undefined).length;
  if (weighted !== 0 && weighted !== destinations.length) {
    fail(where, field, destinations.map((d) => d?.weight ?? null), 'either every destination has a weight or none has', 'set weight on all destinations (summing to 100), or on none for an even split');
  }
  destinations.forEach((d, i) => {
    const f = `${field}[${i}]`;
    checkDestination(where, f, d);
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

/** A route or mirror destination (Istio `validateDestination`): a host other than `*`, a subset name, a port. */
function checkDestination(where: Where, f: string, d: { host: string; subset?: string; port?: number }): void {
  if (d === null || typeof d !== 'object') fail(where, f, d, 'must be a destination { host }', 'pass { host: "shop" }');
  const p = checkServiceHost(d.host);
  if (p) fail(where, `${f}.destination.host`, d.host, p.problem, p.fix);
  if (d.host === '*') fail(where, `${f}.destination.host`, d.host, 'invalid destination host *', 'name the Service host');
  if (d.subset !== undefined) {
    const sp = checkDns1123Label(d.subset);
    if (sp) fail(where, `${f}.destination.subset`, d.subset, `subset name ${sp}`, 'use the name of a DestinationRule subset');
  }
  if (d.port !== undefined) checkPort(where, `${f}.destination.port.number`, d.port);
}

/** Methods Istio accepts in CORS (Go's net/http method constants and `*`). */
const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*'];
/** RFC 7230 token characters: Istio's `validHeaderNameRegex` for CORS header names. */
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;

function renderCorsPolicy(where: Where, f: string, c: HttpCorsPolicy): istio.VirtualServiceSpecHttpCorsPolicy {
  expectFields(where, f, c, { allowOrigins: 'array', allowMethods: 'string[]', allowHeaders: 'string[]', exposeHeaders: 'string[]', allowCredentials: 'boolean' });
  requireArray(where, `${f}.allowOrigins`, c.allowOrigins, { nonEmpty: true, fix: "list the origins, e.g. StringMatch.exact('https://shop.example.com')" });
  if (c.allowOrigins === undefined) fail(where, `${f}.allowOrigins`, undefined, 'a CORS policy needs the origins it allows', "list them, e.g. StringMatch.exact('https://shop.example.com')");
  c.allowOrigins.forEach((o, i) => {
    if (!(o instanceof StringMatch)) fail(where, `${f}.allowOrigins[${i}]`, o, 'must be a StringMatch', "use StringMatch.exact('https://shop.example.com')");
    if (o.value === '') fail(where, `${f}.allowOrigins[${i}]`, o.value, "'' is not a valid match type for CORS allow origins", 'give the origin (scheme://host[:port]) or a non-empty prefix');
    if (o.type === StringMatchType.EXACT && o.value !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(o.value) && typeof where !== 'string') {
      Warnings.add(where, `${f}.allowOrigins[${i}] "${o.value}" is not an origin (scheme://host[:port], no path): browsers send the Origin header in that form, so the exact match never succeeds`);
    }
  });
  (c.allowMethods ?? []).forEach((m, i) => {
    if (!CORS_METHODS.includes(m)) fail(where, `${f}.allowMethods[${i}]`, m, `${JSON.stringify(m)} is not a supported HTTP method`, `use one of ${CORS_METHODS.join(', ')} (upper case)`);
  });
  for (const list of ['allowHeaders', 'exposeHeaders'] as const) {
    (c[list] ?? []).forEach((h, i) => {
      if (h === '') fail(where, `${f}.${list}[${i}]`, h, 'header name cannot be empty', 'name the header');
      if (h !== '*' && !HEADER_TOKEN.test(h)) fail(where, `${f}.${list}[${i}]`, h, `header name ${h} is not a valid header name`, 'use the header name only (letters, digits and !#$%&\'*+-.^_`|~)');
    });
  }
  if (c.maxAge !== undefined) {
    checkIstioDuration(where, `${f}.maxAge`, c.maxAge);
    if (c.maxAge.toMilliseconds() % 1000 !== 0) fail(where, `${f}.maxAge`, c.maxAge, 'max_age duration is accurate only to seconds precision', 'use whole seconds, e.g. Duration.hours(24)');
  }
  checkEnum(where, `${f}.unmatchedPreflights`, c.unmatchedPreflights, CorsUnmatchedPreflights, 'CorsUnmatchedPreflights');
  return {
    allowOrigins: c.allowOrigins.map((o) => o._toKube()),
    allowMethods: c.allowMethods ? [...c.allowMethods] : undefined,
    allowHeaders: c.allowHeaders ? [...c.allowHeaders] : undefined,
    exposeHeaders: c.exposeHeaders ? [...c.exposeHeaders] : undefined,
    maxAge: c.maxAge !== undefined ? istioDuration(c.maxAge) : undefined,
    allowCredentials: c.allowCredentials,
    unmatchedPreflights: c.unmatchedPreflights as unknown as istio.VirtualServiceSpecHttpCorsPolicyUnmatchedPreflights | undefined,
  };
}

/** Istio `validatePercentage`: 0, or within [0.0001, 100]. */
function checkPercentage(where: Where, field: string, v: number | undefined): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100 || (v > 0 && v < 0.0001)) {
    fail(where, field, v, `percentage ${v} is neither 0.0, nor in range [0.0001, 100.0]`, 'use a percentage such as 10 or 0.5');
  }
}

function renderFault(where: Where, f: string, fault: HttpFaultInjection): istio.VirtualServiceSpecHttpFault {
  expectFields(where, f, fault, { delay: 'object', abort: 'object' });
  if (fault.delay === undefined && fault.abort === undefined) fail(where, f, fault, 'HTTP fault injection must have an abort and/or a delay', 'set delay: { fixedDelay } and/or abort: { httpStatus }');
  const delay = fault.delay;
  if (delay !== undefined) {
    if (delay.fixedDelay === undefined) fail(where, `${f}.delay.fixedDelay`, undefined, 'a delay needs fixedDelay', 'set e.g. fixedDelay: Duration.seconds(5)');
    checkIstioDuration(where, `${f}.delay.fixedDelay`, delay.fixedDelay);
    checkPercentage(where, `${f}.delay.percentage.value`, delay.percentage);
  }
  const abort = fault.abort;
  if (abort !== undefined) {
    if ((abort.httpStatus === undefined) === (abort.grpcStatus === undefined)) {
      fail(where, `${f}.abort`, abort, abort.httpStatus === undefined ? 'abort configured, but error type not set' : 'an abort has one error type: httpStatus or grpcStatus', 'set httpStatus (e.g. 503) or grpcStatus, not both');
    }
    if (abort.httpStatus !== undefined && (!Number.isInteger(abort.httpStatus) || abort.httpStatus < 200 || abort.httpStatus > 599)) {
      fail(where, `${f}.abort.httpStatus`, abort.httpStatus, `HTTP status ${abort.httpStatus} is not in range 200-599`, 'use e.g. 503');
    }
    checkEnum(where, `${f}.abort.grpcStatus`, abort.grpcStatus, GrpcStatus, 'GrpcStatus');
    checkPercentage(where, `${f}.abort.percentage.value`, abort.percentage);
  }
  return {
    delay: delay && { fixedDelay: istioDuration(delay.fixedDelay), percentage: delay.percentage !== undefined ? { value: delay.percentage } : undefined },
    abort: abort && { httpStatus: abort.httpStatus, grpcStatus: abort.grpcStatus, percentage: abort.percentage !== undefined ? { value: abort.percentage } : undefined },
  };
}

function renderMirrors(where: Where, f: string, mirrors: HttpMirror[]): istio.VirtualServiceSpecHttpMirrors[] {
  requireArray(where, f, mirrors, { nonEmpty: true, fix: 'list the mirror destinations, or leave mirrors out' });
  return mirrors.map((m, i) => {
    checkDestination(where, `${f}[${i}]`, m);
    if (m.percentage !== undefined && (typeof m.percentage !== 'number' || !(m.percentage >= 0 && m.percentage <= 100))) {
      fail(where, `${f}[${i}].percentage.value`, m.percentage, `mirror percentage must be between 0 and 100 (it has ${m.percentage})`, 'use a percentage such as 10');
    }
    return {
      destination: { host: m.host, subset: m.subset, port: m.port !== undefined ? { number: m.port } : undefined },
      percentage: m.percentage !== undefined ? { value: m.percentage } : undefined,
    };
  });
}

function renderRedirect(where: Where, f: string, r: HttpRedirect): istio.VirtualServiceSpecHttpRedirect {
  if (r === null || typeof r !== 'object') fail(where, f, r, 'must be redirect options', 'pass e.g. { scheme: istio.RedirectScheme.HTTPS }');
  if (r.uri === undefined && r.authority === undefined && r.scheme === undefined && r.port === undefined && r.derivePort === undefined) {
    fail(where, f, r, 'redirect must specify URI, authority, scheme, or port', 'set at least one, e.g. scheme: istio.RedirectScheme.HTTPS');
  }
  if (r.uri !== undefined) requireString(where, `${f}.uri`, r.uri, 'give the new path, e.g. "/"');
  if (r.authority !== undefined) requireString(where, `${f}.authority`, r.authority, 'give the new host');
  if (r.scheme !== undefined) checkEnum(where, `${f}.scheme`, r.scheme, RedirectScheme, 'RedirectScheme');
  if (r.port !== undefined && r.derivePort !== undefined) fail(where, `${f}.port`, r.port, 'port and derivePort are mutually exclusive', 'set one of them');
  if (r.port !== undefined) checkPort(where, `${f}.port`, r.port);
  if (r.derivePort !== undefined) checkEnum(where, `${f}.derivePort`, r.derivePort, HttpRedirectPortSelection, 'HttpRedirectPortSelection');
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
