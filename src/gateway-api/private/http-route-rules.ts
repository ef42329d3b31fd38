// HTTPRoute input rules (CRD schema and CEL): parent references, rules with their matches,
// filters and backends, defaults resolved. The builders behind HttpRoute's add*() methods
// (not exported from the package).
import { Construct } from 'constructs';
import { checkNamespaceName, checkPort, requireArray, requireString } from '../../private/fields';
import { receive, receiveAll } from '../../private/factory';
import { checkDns1035Label, checkDns1123Subdomain } from '../../private/names';
import { checkRe2 } from '../../private/re2';
import { fail } from '../../validation/error';
import { Warnings } from '../../validation/warnings';
import { HttpRouteFilter, HttpRouteFilterType, PathModifierType } from '../http-route-filter';
import { HeaderMatchType, HttpHeaderMatch, HttpMethod, HttpPathMatch, HttpRouteMatch, PathMatchType } from '../http-route-match';
import { HttpBackendRef, HttpRouteRule, ParentReference } from '../http-route-options';
import { checkHeaderName, checkHeaderValue, checkSectionName } from './inputs';

// Limits of the HTTPRoute CRD (v1.6 standard channel).
export const MAX_PARENT_REFS = 32;
export const MAX_HOSTNAMES = 16;
export const MAX_RULES = 16;
export const MAX_MATCHES_PER_RULE = 64;
export const MAX_MATCHES_TOTAL = 128;
export const MAX_BACKENDS = 16;
const MAX_FILTERS = 16;
const MAX_HEADERS = 16;

/** The parent a reference names: `Kind`, namespace and name. */
function parentOf(ref: ParentReference): { kind: string; namespace: string; name: string } {
  const p = ref.gateway ?? ref.listenerSet!;
  return { kind: ref.gateway ? 'Gateway' : 'ListenerSet', namespace: p.namespace, name: p.name };
}

/** A parent reference checked against the route's others (CEL: sectionName with repeated parents). */
export function checkParentRef(where: Construct, field: string, ref: ParentReference, others: readonly ParentReference[], routeKind = 'HTTPRoute'): ParentReference {
  const named = (p: unknown) => p !== undefined && p !== null && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string' && typeof (p as { namespace?: unknown }).namespace === 'string';
  if (ref === null || typeof ref !== 'object' || (ref.gateway === undefined && ref.listenerSet === undefined)) {
    fail(where, field, ref, 'a parent reference needs a gateway or a listenerSet', 'pass { gateway, sectionName? } or { listenerSet, sectionName? }');
  }
  if (ref.gateway !== undefined && ref.listenerSet !== undefined) {
    fail(where, `${field}.listenerSet`, ref.listenerSet?.name, 'a parent reference names one parent: a gateway or a listenerSet, not both',
      'pass two parent references, one for the Gateway and one for the ListenerSet');
  }
  if (ref.gateway !== undefined && !named(ref.gateway)) fail(where, `${field}.gateway`, ref.gateway, 'must be a Gateway', 'pass a Gateway, or one declared with Gateway.fromGatewayAttributes()');
  if (ref.listenerSet !== undefined && !named(ref.listenerSet)) fail(where, `${field}.listenerSet`, ref.listenerSet, 'must be a ListenerSet', 'pass a ListenerSet');
  const parent = parentOf(ref);
  if (others.length >= MAX_PARENT_REFS) fail(where, field, parent.name, `a ${routeKind} has at most ${MAX_PARENT_REFS} parentRefs`, 'split the route');
  if (ref.sectionName !== undefined) checkSectionName(where, `${field}.sectionName`, ref.sectionName);
  if (ref.port !== undefined) checkPort(where, `${field}.port`, ref.port);
  const sameParent = others.filter((p) => {
    const o = parentOf(p);
    return o.kind === parent.kind && o.name === parent.name && o.namespace === parent.namespace;
  });
  if (sameParent.length > 0) {
    const what = `${parent.kind === 'Gateway' ? 'gateway' : parent.kind} ${parent.namespace}/${parent.name}`;
    if (ref.sectionName === undefined || sameParent.some((p) => p.sectionName === undefined)) {
      fail(where, `${field}.sectionName`, ref.sectionName, `sectionName must be specified when parentRefs includes 2 or more references to ${what}`,
        `name the listener in every reference to that ${parent.kind === 'Gateway' ? 'gateway' : parent.kind}, or reference it once without sectionName`);
    }
    if (sameParent.some((p) => p.sectionName === ref.sectionName)) {
      fail(where, `${field}.sectionName`, ref.sectionName, `sectionName must be unique when parentRefs includes 2 or more references to the same ${parent.kind === 'Gateway' ? 'gateway' : parent.kind}`, 'reference each listener once');
    }
  }
  return { ...ref };
}

/** A route rule's name (SectionName): a DNS-1123 subdomain, unique within the route. */
export function checkRuleName(where: Construct, field: string, name: string, others: ReadonlyArray<string | undefined>): void {
  requireString(where, field, name, 'name the rule or leave the name out');
  const problem = checkDns1123Subdomain(name);
  if (problem) fail(where, field, name, `rule name ${problem}`, 'use a lowercase name');
  // Gateway API: "This name MUST be unique within a Route if it is set" (policies and status refer to it)
  if (others.includes(name)) fail(where, field, name, 'rule names must be unique within the route', 'give each rule its own name, or leave the name out');
}

/** A rule checked as the CRD's schema and CEL rules do, against the route's other rules; defaults resolved. */
export function normalizeRule(where: Construct, field: string, rule: HttpRouteRule, others: readonly HttpRouteRule[]): HttpRouteRule {
  if (rule === null || typeof rule !== 'object') fail(where, field, rule, 'a rule must be an object', 'pass { matches?, filters?, backendRefs? }');
  receiveAll(where, `${field}.filters`, Array.isArray(rule.filters) ? rule.filters : undefined);
  if (others.length >= MAX_RULES) fail(where, field, rule.name, `an HTTPRoute has at most ${MAX_RULES} rules`, 'merge rules or split the route');
  if (rule.name !== undefined) checkRuleName(where, `${field}.name`, rule.name, others.map((r) => r.name));
  const matches = requireArray(where, `${field}.matches`, rule.matches, { fix: 'pass an array of matches' }).map((m, i) => normalizeMatch(where, `${field}.matches[${i}]`, m));
  if (matches.length === 0) matches.push({ path: HttpPathMatch.pathPrefix('/') });
  if (matches.length > MAX_MATCHES_PER_RULE) fail(where, `${field}.matches`, matches.length, `a rule has at most ${MAX_MATCHES_PER_RULE} matches`, 'split the rule');
  const total = others.reduce((n, r) => n + r.matches!.length, 0) + matches.length;
  if (total > MAX_MATCHES_TOTAL) fail(where, `${field}.matches`, total, `an HTTPRoute has at most ${MAX_MATCHES_TOTAL} matches across all rules`, 'split the route');

  const filters = [...requireArray(where, `${field}.filters`, rule.filters, { fix: 'pass an array of HttpRouteFilter' })];
  checkFilters(where, `${field}`, filters, matches);
  const redirect = filters.some((f) => f.type === HttpRouteFilterType.REQUEST_REDIRECT);

  const backendRefs = requireArray(where, `${field}.backendRefs`, rule.backendRefs, { fix: 'pass an array of { serviceName, port }' }).map((b, i) => normalizeBackend(where, `${field}.backendRefs[${i}]`, b));
  if (backendRefs.length > MAX_BACKENDS) fail(where, `${field}.backendRefs`, backendRefs.length, `a rule has at most ${MAX_BACKENDS} backendRefs`, 'use fewer backends');
  if (redirect && backendRefs.length > 0) {
    fail(where, `${field}.backendRefs`, backendRefs.map((b) => b.serviceName), 'RequestRedirect filter must not be used together with backendRefs',
      'remove the backends from the redirecting rule (a redirect answers the request itself)');
  }
  if (!redirect && backendRefs.length === 0) {
    fail(where, `${field}.backendRefs`, [], 'a rule without backendRefs and without a RequestRedirect answers every matching request with HTTP 500',
      'add a backend ({ serviceName, port }) or a RequestRedirect filter');
  }
  if (backendRefs.length > 0 && backendRefs.every((b) => b.weight === 0)) {
    Warnings.add(where, `${field}: every backend has weight 0, so matching requests get HTTP 500`);
  }
  return { ...(rule.name !== undefined ? { name: rule.name } : {}), matches, filters, backendRefs };
}

/** Filters: made by the factories, each type once, redirect or rewrite, replacePrefixMatch with one PathPrefix match. */
function checkFilters(where: Construct, field: string, filters: HttpRouteFilter[], matches: HttpRouteMatch[]): void {
  if (filters.length > MAX_FILTERS) fail(where, `${field}.filters`, filters.length, `a rule has at most ${MAX_FILTERS} filters`, 'use fewer filters');
  filters.forEach((f, i) => {
    if (!(f instanceof HttpRouteFilter)) fail(where, `${field}.filters[${i}]`, f, 'must be created with the HttpRouteFilter factories', 'use HttpRouteFilter.requestRedirect() / urlRewrite() / requestHeaderModifier()');
    if (filters.findIndex((g) => g.type === f.type) !== i) fail(where, `${field}.filters[${i}]`, f.type, `${f.type} filter cannot be repeated`, 'merge the two filters into one');
  });
  if (filters.some((f) => f.type === HttpRouteFilterType.REQUEST_REDIRECT) && filters.some((f) => f.type === HttpRouteFilterType.URL_REWRITE)) {
    fail(where, `${field}.filters`, filters.map((f) => f.type), 'may specify either RequestRedirect or URLRewrite, but not both', 'use one of the two');
  }
  const prefixModifier = filters.find((f) => f._pathModifier()?.type === PathModifierType.REPLACE_PREFIX_MATCH);
  if (prefixModifier && (matches.length !== 1 || matches[0].path!.type !== PathMatchType.PATH_PREFIX)) {
    fail(where, `${field}.matches`, matches.map((m) => `${m.path!.type} ${m.path!.value}`),
      `when using ${prefixModifier.type} with path.replacePrefixMatch, exactly one PathPrefix match must be specified`,
      'give the rule a single PathPrefix match, or use HttpPathModifier.replaceFullPath()');
  }
}

/** Header conditions of a match (HTTPRoute and GRPCRoute have the same): at most 16, token names unique case-insensitively, Exact or RE2 values. */
export function checkHeaderMatches(where: Construct, field: string, list: HttpHeaderMatch[] | undefined): HttpHeaderMatch[] {
  const headers = requireArray(where, field, list, { fix: 'pass an array of { name, value }' });
  if (headers.length > MAX_HEADERS) fail(where, field, headers.length, `a match has at most ${MAX_HEADERS} header conditions`, 'use fewer header conditions');
  headers.forEach((h, i) => {
    const hf = `${field}[${i}]`;
    if (h === null || typeof h !== 'object') fail(where, hf, h, 'a header match must be an object { name, value }', 'pass { name, value }');
    checkHeaderName(where, `${hf}.name`, h.name);
    checkHeaderValue(where, `${hf}.value`, h.value);
    if (h.type !== undefined && h.type !== HeaderMatchType.EXACT && h.type !== HeaderMatchType.REGULAR_EXPRESSION) {
      fail(where, `${hf}.type`, h.type, 'header match type must be Exact or RegularExpression', 'use the HeaderMatchType enum');
    }
    if (h.type === HeaderMatchType.REGULAR_EXPRESSION) checkRe2(where, `${hf}.value`, h.value);
    if (headers.findIndex((o) => o.name.toLowerCase() === h.name.toLowerCase()) !== i) {
      fail(where, `${hf}.name`, h.name, 'header names must be unique within a match (case-insensitive)', 'combine the conditions on this header');
    }
  });
  return headers;
}

function normalizeMatch(where: Construct, field: string, m: HttpRouteMatch): HttpRouteMatch {
  if (m === null || typeof m !== 'object') fail(where, field, m, 'a match must be an object', 'pass { path?, headers?, method? }');
  receive(where, `${field}.path`, m.path);
  if (m.path !== undefined && !(m.path instanceof HttpPathMatch)) {
    fail(where, `${field}.path`, m.path, 'must be created with HttpPathMatch.exact() / pathPrefix() / regularExpression()', 'use the HttpPathMatch factories');
  }
  if (m.method !== undefined && !Object.values(HttpMethod).includes(m.method)) {
    fail(where, `${field}.method`, m.method, 'method must be one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH', 'use the HttpMethod enum');
  }
  const headers = checkHeaderMatches(where, `${field}.headers`, m.headers);
  return {
    path: m.path ?? HttpPathMatch.pathPrefix('/'),
    ...(headers.length ? { headers: headers.map((h) => ({ ...h })) } : {}),
    ...(m.method !== undefined ? { method: m.method } : {}),
  };
}

/** A Service backend of a route rule (HTTPRoute, GRPCRoute, TLSRoute): a DNS-1035 Service name, a port, a weight. */
export function normalizeBackend(where: Construct, field: string, b: HttpBackendRef): HttpBackendRef {
  if (b === null || typeof b !== 'object') fail(where, field, b, 'a backend must be an object { serviceName, port }', 'pass { serviceName, port }');
  requireString(where, `${field}.serviceName`, b.serviceName, 'name the Service');
  const problem = checkDns1035Label(b.serviceName);
  if (problem) fail(where, `${field}.serviceName`, b.serviceName, `Service name ${problem}`, 'use the Service\'s metadata.name');
  if (b.port === undefined) fail(where, `${field}.port`, b.port, 'a Service backend must have a port', 'set the Service port');
  checkPort(where, `${field}.port`, b.port);
  if (b.weight !== undefined && (typeof b.weight !== 'number' || !Number.isInteger(b.weight) || b.weight < 0 || b.weight > 1000000)) {
    fail(where, `${field}.weight`, b.weight, 'weight must be an integer from 0 to 1000000', 'use a relative weight such as 90 / 10');
  }
  if (b.namespace !== undefined) checkNamespaceName(where, `${field}.namespace`, b.namespace);
  return { ...b };
}
