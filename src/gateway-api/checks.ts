// Input checks shared by the Gateway API constructs (not exported from the package). They
// mirror the OpenAPI schema of the pinned Gateway API v1.6 standard-channel CRDs
// (shared/crds/gateway-api/standard/*.yaml); each throws the library's error through `fail()`.
import { checkDns1123Label, checkDns1123Subdomain, checkDnsName, checkLabelKey, checkLabelValue } from '../private/names';
import { fail, Where } from '../validation/error';

/** `Group` in the Gateway API schema: empty (core) or a DNS subdomain of at most 253. */
const GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `Kind` in the Gateway API schema. */
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** `HTTPHeaderName` (RFC 7230 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** The API group of the Gateway API kinds. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** Throws unless `v` is a non-empty string; returns it. */
export function requireString(where: Where, field: string, v: unknown, fix: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(where, field, v, 'is required and must be a non-empty string', fix);
  return v as string;
}

/** Throws unless `v` is an array (or undefined); returns a copy (empty when undefined). */
export function arrayOf<T>(where: Where, field: string, v: T[] | undefined): T[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(where, field, v, 'must be a list', 'pass an array');
  return [...v];
}

/** `PortNumber`: an integer 1–65535. */
export function checkPort(where: Where, field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) {
    fail(where, field, v, 'port must be an integer from 1 to 65535', 'use a valid TCP port number');
  }
}

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

/** `Namespace`: a DNS-1123 label. */
export function checkNamespace(where: Where, field: string, v: unknown): void {
  requireString(where, field, v, 'name the namespace');
  const problem = checkDns1123Label(v as string);
  if (problem) fail(where, field, v, `namespace ${problem}`, 'use a valid namespace name');
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

/** Label selector `matchLabels`. */
export function checkMatchLabels(where: Where, field: string, labels: { [key: string]: string } | undefined): void {
  if (labels === undefined) return;
  if (labels === null || typeof labels !== 'object') fail(where, field, labels, 'must be a map of label keys to values', 'pass an object such as { "gateway-access": "true" }');
  for (const [key, value] of Object.entries(labels)) {
    const problem = checkLabelKey(key) ?? (typeof value === 'string' ? checkLabelValue(value) : 'value must be a string');
    if (problem) fail(where, `${field}[${JSON.stringify(key)}]`, value, `label ${problem}`, 'use a valid Kubernetes label');
  }
}
