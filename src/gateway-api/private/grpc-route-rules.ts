// GRPCRoute input rules (CRD schema and CEL of gateway.networking.k8s.io/v1 GRPCRoute, Gateway
// API v1.6.1): rules with their method and header matches and backends (not exported).
import { Construct } from 'constructs';
import { requireArray } from '../../private/fields';
import { fail } from '../../validation/error';
import { GrpcMethodMatchType, GrpcRouteMatch, GrpcRouteRule } from '../grpc-route-options';
import { checkHeaderMatches, checkRuleName, MAX_BACKENDS, MAX_MATCHES_PER_RULE, MAX_MATCHES_TOTAL, MAX_RULES, normalizeBackend } from './http-route-rules';
import { checkRe2 } from '../../private/re2';

/** CEL: an Exact service is a dotted name of identifiers, case-insensitive, optionally with a leading dot. */
const EXACT_SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
/** CEL: an Exact method is one identifier. */
const EXACT_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;
const MAX_NAME = 1024;

/** A GRPCRoute rule checked against the route's other rules. */
export function normalizeGrpcRule(where: Construct, field: string, rule: GrpcRouteRule, others: readonly GrpcRouteRule[]): GrpcRouteRule {
  if (rule === null || typeof rule !== 'object') fail(where, field, rule, 'a rule must be an object', 'pass { matches?, backendRefs }');
  if (others.length >= MAX_RULES) fail(where, field, rule.name, `a GRPCRoute has at most ${MAX_RULES} rules`, 'merge rules or split the route');
  if (rule.name !== undefined) checkRuleName(where, `${field}.name`, rule.name, others.map((r) => r.name));
  const matches = requireArray(where, `${field}.matches`, rule.matches, { fix: 'pass an array of matches, or leave matches out for every request' })
    .map((m, i) => normalizeGrpcMatch(where, `${field}.matches[${i}]`, m));
  if (matches.length > MAX_MATCHES_PER_RULE) fail(where, `${field}.matches`, matches.length, `a rule has at most ${MAX_MATCHES_PER_RULE} matches`, 'split the rule');
  const total = others.reduce((n, r) => n + (r.matches?.length ?? 0), 0) + matches.length;
  if (total > MAX_MATCHES_TOTAL) fail(where, `${field}.matches`, total, `a GRPCRoute has at most ${MAX_MATCHES_TOTAL} matches across all rules`, 'split the route');
  if (rule.backendRefs === undefined) fail(where, `${field}.backendRefs`, undefined, 'a GRPCRoute rule needs backends (without them every matching call fails)', 'list the Services, e.g. [{ serviceName: "cart", port: 9090 }]');
  const backendRefs = requireArray(where, `${field}.backendRefs`, rule.backendRefs, { nonEmpty: true, fix: 'list the Services, e.g. [{ serviceName: "cart", port: 9090 }]' })
    .map((b, i) => normalizeBackend(where, `${field}.backendRefs[${i}]`, b));
  if (backendRefs.length > MAX_BACKENDS) fail(where, `${field}.backendRefs`, backendRefs.length, `a rule has at most ${MAX_BACKENDS} backendRefs`, 'use fewer backends');
  return { ...(rule.name !== undefined ? { name: rule.name } : {}), ...(matches.length ? { matches } : {}), backendRefs };
}

function normalizeGrpcMatch(where: Construct, field: string, m: GrpcRouteMatch): GrpcRouteMatch {
  if (m === null || typeof m !== 'object') fail(where, field, m, 'a match must be an object', 'pass { method?, headers? }');
  const headers = checkHeaderMatches(where, `${field}.headers`, m.headers);
  const method = m.method;
  if (method !== undefined) {
    const f = `${field}.method`;
    if (method === null || typeof method !== 'object') fail(where, f, method, 'must be { service?, method?, type? }', 'pass e.g. { service: "shop.v1.CartService", method: "AddItem" }');
    const type = method.type ?? GrpcMethodMatchType.EXACT;
    if (!Object.values(GrpcMethodMatchType).includes(type)) fail(where, `${f}.type`, method.type, 'must be Exact or RegularExpression', 'use the GrpcMethodMatchType enum');
    if (method.service === undefined && method.method === undefined) {
      fail(where, f, method, "One or both of 'service' or 'method' must be specified", 'name the service and/or the method, or leave method out to match every call');
    }
    for (const part of ['service', 'method'] as const) {
      const v = method[part];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.length === 0 || v.length > MAX_NAME) fail(where, `${f}.${part}`, v, `must be a string of 1 to ${MAX_NAME} characters`, `name the ${part}`);
      if (type === GrpcMethodMatchType.REGULAR_EXPRESSION) {
        checkRe2(where, `${f}.${part}`, v);
      } else if (!(part === 'service' ? EXACT_SERVICE : EXACT_METHOD).test(v)) {
        fail(where, `${f}.${part}`, v, part === 'service'
          ? 'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)'
          : 'method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)',
        part === 'service' ? 'write the full proto service name, e.g. "shop.v1.CartService" (no "/")' : 'write the method name only, e.g. "AddItem"');
      }
    }
  }
  return { ...(method !== undefined ? { method: { ...method } } : {}), ...(headers.length ? { headers: headers.map((h) => ({ ...h })) } : {}) };
}
