// The Gateway API's own input rules (not exported from the package). They mirror the OpenAPI
// schema and CEL rules of the pinned Gateway API v1.6 standard-channel CRDs
// (shared/crds/gateway-api/standard/*.yaml); each throws the library's error through `fail()`.
// Generic rules (strings, lists, ports, namespaces, labels) are in src/private/fields.ts.
import { requireString } from '../../private/fields';
import { checkDns1123Subdomain, checkDnsName } from '../../private/names';
import { checkRe2 } from '../../private/re2';
import { fail, Where } from '../../validation/error';

/** The API group of the Gateway API kinds. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** `Group` in the Gateway API schema: empty (core) or a DNS subdomain of at most 253. */
const GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `Kind` in the Gateway API schema. */
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** `HTTPHeaderName` (RFC 7230 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
/** Paths (match values, redirect and rewrite paths) are at most 1024 characters. */
export const MAX_PATH = 1024;
/** Characters the CRD allows in Exact / PathPrefix paths. */
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/**
 * `Hostname` (listener and route hostnames): a lowercase RFC 1123 name, optionally with a
 * single leading `*.` label, no IP addresses, at most 253 characters.
 */
export function checkHostname(where: Where, field: string, v: unknown, allowWildcard = true): void {
  requireString(where, field, v, 'use a DNS name such as "shop.example.com"');
  const problem = checkDnsName(v as string, { allowWildcard });
  if (problem) {
    fail(where, field, v, `hostname ${problem}`, allowWildcard
      ? 'use a lowercase DNS name such as "shop.example.com" or "*.example.com" (IP addresses are not allowed)'
      : 'use a lowercase DNS name such as "shop.example.com" (no wildcard, no IP address)');
  }
}

/** `SectionName` / listener name: a DNS-1123 subdomain. */
export function checkSectionName(where: Where, field: string, v: unknown): void {
  requireString(where, field, v, 'name the listener, e.g. "https"');
  const problem = checkDns1123Subdomain(v as string);
  if (problem) fail(where, field, v, `listener name ${problem}`, 'use a lowercase name such as "http" or "https-shop"');
}

/** `Group`: empty for the core group, else a DNS subdomain. */
export function checkGroup(where: Where, field: string, v: unknown): void {
  if (typeof v !== 'string' || v.length > 253 || !GROUP.test(v)) {
    fail(where, field, v, 'API group must be empty (core) or a lowercase DNS subdomain', 'use "" for core kinds or e.g. "gateway.networking.k8s.io"');
  }
}

/** `Kind`: letters, digits and '-', starting with a letter, at most 63. */
export function checkKind(where: Where, field: string, v: unknown): void {
  if (typeof v !== 'string' || v.length === 0 || v.length > 63 || !KIND.test(v)) {
    fail(where, field, v, 'kind must start with a letter and contain only letters, digits and \'-\' (at most 63)', 'use the resource kind, e.g. "Secret"');
  }
}

/** `HTTPHeaderName`. */
export function checkHeaderName(where: Where, field: string, v: unknown): void {
  if (typeof v !== 'string' || v.length === 0 || v.length > 256 || !HEADER_NAME.test(v)) {
    fail(where, field, v, 'header name must be an RFC 7230 token of 1 to 256 characters (no spaces or colons)', 'use a header name such as "x-request-id"');
  }
}

/** A header value as the Gateway API accepts it: 1–4096 characters. */
export function checkHeaderValue(where: Where, field: string, v: unknown): void {
  if (typeof v !== 'string' || v.length === 0 || v.length > 4096) {
    fail(where, field, v, 'header value must be a string of 1 to 4096 characters', 'give the header a non-empty value');
  }
}

/** The CEL rules on Exact / PathPrefix path values. */
export function checkMatchPath(where: Where, field: string, path: unknown): void {
  requireString(where, field, path, 'use an absolute path such as "/" or "/api"');
  const p = path as string;
  const fix = 'use an absolute, normalized path such as "/api" (no "//", "/./", "/../", "#" or encoded "/")';
  if (p.length > MAX_PATH) fail(where, field, p, `path must be at most ${MAX_PATH} characters`, 'shorten the path');
  if (!p.startsWith('/')) fail(where, field, p, "value must be an absolute path and start with '/'", fix);
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (p.includes(bad)) fail(where, field, p, `path must not contain '${bad}'`, fix);
  }
  if (p.endsWith('/..') || p.endsWith('/.')) fail(where, field, p, "path must not end with '/..' or '/.'", fix);
  if (!PATH_CHARS.test(p)) fail(where, field, p, 'path contains characters that are not allowed (only RFC 3986 path characters and %-escapes)', fix);
}

/** Redirect / rewrite paths: at most 1024 characters, absolute. */
export function checkModifierPath(where: Where, field: string, path: unknown): void {
  if (typeof path !== 'string' || path.length > MAX_PATH) fail(where, field, path, `path must be a string of at most ${MAX_PATH} characters`, 'use an absolute path such as "/"');
  if (!(path as string).startsWith('/')) fail(where, field, path, "path must start with '/'", 'use an absolute path such as "/v2"');
}

/**
 * A `RegularExpression` path value: at most 1024 characters (the CRD's maxLength) and valid RE2,
 * which Istio hands to Envoy unchanged (pilot/pkg/config/kube/gateway/conversion.go).
 */
export function checkMatchPathRegex(where: Where, field: string, regex: unknown): void {
  checkRe2(where, field, regex);
  if ((regex as string).length > MAX_PATH) fail(where, field, regex, `regular expression must be at most ${MAX_PATH} characters`, 'shorten the expression');
}
