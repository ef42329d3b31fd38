// The generic input checks of every construct (not exported from the package): one
// implementation of each rule, each throwing the library's error through `fail()` with the
// field as the user wrote it. Family-specific rules live in `<family>/private/`.
import { fail, Where } from '../validation/error';
import { checkAnnotationKey, checkDns1123Label, checkDns1123Subdomain, checkDnsName, checkLabelKey, checkLabelValue } from './names';

/** Throws unless `v` is a string with something other than whitespace; returns it. */
export function requireString(where: Where, field: string, v: unknown, fix: string): string {
  if (typeof v !== 'string' || v.trim().length === 0) fail(where, field, v, 'is required and must be a non-empty string', fix);
  return v;
}

/** Throws unless `v` is undefined or an array (non-empty if asked); returns it (empty when undefined). */
export function requireArray<T>(where: Where, field: string, v: T[] | undefined, opts: { nonEmpty?: boolean; fix: string }): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(where, field, v, 'must be a list', opts.fix);
  if (opts.nonEmpty && v.length === 0) fail(where, field, v, 'must not be an empty list', opts.fix);
  return v;
}

/** A TCP/UDP port number 1–65535; returns it. */
export function checkPort(where: Where, field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) {
    fail(where, field, v, 'port must be an integer from 1 to 65535', 'use a valid port number, e.g. 443');
  }
  return v;
}

/** An integer within [min, max] (or undefined). */
export function checkInteger(where: Where, field: string, v: unknown, min: number, max: number, fix: string): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(where, field, v, `must be an integer between ${min} and ${max}`, fix);
}

/**
 * Membership in a string enum (values are the wire strings): plain-JavaScript and jsii callers
 * can pass anything. Undefined passes; returns the value.
 */
export function checkEnum<T extends string>(where: Where, field: string, v: unknown, enumObject: { [key: string]: T }, enumName: string): T {
  if (v === undefined) return v as unknown as T;
  const values = Object.values(enumObject) as unknown[];
  if (!values.includes(v)) fail(where, field, v, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, `use a ${enumName} value`);
  return v as T;
}

/** Kubernetes labels: valid keys, string values of the label syntax. */
export function checkLabels(where: Where, field: string, labels: { [key: string]: string } | undefined): void {
  if (labels === undefined) return;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) fail(where, field, labels, 'must be a map of label keys to values', "pass { key: 'value' }");
  for (const [key, value] of Object.entries(labels)) {
    const f = `${field}[${JSON.stringify(key)}]`;
    const keyProblem = checkLabelKey(key);
    if (keyProblem) fail(where, f, key, `label key ${keyProblem}`, 'use a valid Kubernetes label key');
    if (typeof value !== 'string') fail(where, f, value, 'label value must be a string', 'quote the value');
    const valueProblem = checkLabelValue(value);
    if (valueProblem) fail(where, f, value, `label value ${valueProblem}`, 'use a valid Kubernetes label value');
  }
}

/** Kubernetes annotations: valid keys, string values, at most 256 KiB in total (apimachinery). */
export function checkAnnotations(where: Where, field: string, annotations: { [key: string]: string } | undefined): void {
  if (annotations === undefined) return;
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) fail(where, field, annotations, 'must be a map of annotation keys to values', "pass { key: 'value' }");
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const f = `${field}[${JSON.stringify(key)}]`;
    const keyProblem = checkAnnotationKey(key);
    if (keyProblem) fail(where, f, key, `annotation key ${keyProblem}`, 'use a valid Kubernetes annotation key');
    if (typeof value !== 'string') fail(where, f, value, 'annotation value must be a string', 'quote the value');
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > 262144) fail(where, field, `${size} bytes`, 'annotations may not exceed 256 KiB (262144 bytes) in total', 'shorten the annotation values');
}

/** A namespace name (DNS-1123 label). */
export function checkNamespaceName(where: Where, field: string, v: unknown): string {
  requireString(where, field, v, 'name the namespace');
  const problem = checkDns1123Label(v as string);
  if (problem) fail(where, field, v, `namespace ${problem}`, 'use a valid namespace name');
  return v as string;
}

/** The name of an object whose names are DNS-1123 subdomains (Secret, ServiceAccount, most custom resources). */
/** A container image reference: a non-empty string without whitespace. */
export function checkImageReference(where: Where, field: string, v: unknown, example: string): string {
  if (typeof v !== 'string' || v.trim().length === 0 || /\s/.test(v)) fail(where, field, v, 'must be an image reference', `use e.g. '${example}'`);
  return v as string;
}

export function checkObjectName(where: Where, field: string, v: unknown, what: string): string {
  requireString(where, field, v, `name the ${what}`);
  const problem = checkDns1123Subdomain(v as string);
  if (problem) fail(where, field, v, `${what} name ${problem}`, `use a valid ${what} name`);
  return v as string;
}

/** A DNS name as certificates and solver selectors use it; a `*.` wildcard unless forbidden. */
export function checkDnsNameField(where: Where, field: string, v: unknown, opts: { allowWildcard?: boolean } = {}): string {
  if (typeof v !== 'string') fail(where, field, v, 'must be a DNS name string', "use a name like 'shop.example.com'");
  const problem = checkDnsName(v, opts);
  if (problem) fail(where, field, v, `DNS name ${problem}`, "use a fully qualified lowercase name like 'shop.example.com' (a wildcard only as '*.example.com')");
  return v;
}
