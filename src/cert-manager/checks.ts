// Input checks shared by the cert-manager constructs (not exported from the package).
// Each function throws the library's error through `fail()`.
import { X509Certificate } from 'crypto';
import { checkAnnotationKey, checkDns1123Label, checkDns1123Subdomain, checkDnsName, checkLabelKey, checkLabelValue } from '../private/names';
import { fail, Where } from '../validation/error';
import { SecretKeySelector } from './references';

/** Registry (private/registry.ts) of Certificates by the Secret they write; key `<cluster>|<namespace>|<secretName>`. */
export const SECRET_REGISTRY = 'cert-manager:secret';
/** Registry of Certificates by Secret name, in any namespace; key `<cluster>|<secretName>`. */
export const SECRET_NAME_REGISTRY = 'cert-manager:secret-name';
/** Registry of Certificates by their own name; key `<cluster>|<namespace>|<name>`. */
export const CERTIFICATE_NAME_REGISTRY = 'cert-manager:certificate';
/**
 * Registry of the Gateways whose gateway-shim (cert-manager) creates a Certificate for a listener
 * Secret — named like the Secret; key `<cluster>|<namespace>|<secretName>`.
 */
export const SHIM_SECRET_REGISTRY = 'cert-manager:gateway-shim-secret';

/** Keys of Secret data: `[-._a-zA-Z0-9]+`, at most 253 characters (apimachinery IsConfigMapKey). */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Throws unless `v` is a non-empty string. */
export function requireString(where: Where, field: string, v: unknown, fix: string): string {
  if (typeof v !== 'string' || v.trim().length === 0) fail(where, field, v, 'is required and must be a non-empty string', fix);
  return v;
}

/** A Secret name: DNS-1123 subdomain (Kubernetes rule C.3). */
export function checkSecretName(where: Where, field: string, v: unknown): void {
  requireString(where, field, v, 'name the Secret');
  const problem = checkDns1123Subdomain(v as string);
  if (problem) fail(where, field, v, `secret name ${problem}`, 'use a valid Secret name');
}

/**
 * cert-manager's webhook requires both `name` ("secret name is required") and `key` ("secret
 * key is required") of every SecretKeySelector it validates; the library requires them
 * everywhere and also checks their syntax.
 */
export function checkSecretKeySelector(where: Where, field: string, ref: SecretKeySelector | undefined): void {
  if (ref === undefined || ref === null || typeof ref !== 'object') {
    fail(where, field, ref, 'a Secret reference { name, key } is required', 'reference the Secret and the key that holds the credential');
  }
  checkSecretName(where, `${field}.name`, ref.name);
  if (typeof ref.key !== 'string' || ref.key.length === 0) {
    fail(where, `${field}.key`, ref.key, 'secret key is required', 'name the key inside the Secret that holds the value');
  }
  if (ref.key.length > 253 || !SECRET_KEY.test(ref.key)) {
    fail(where, `${field}.key`, ref.key, "a Secret data key must consist of letters, digits, '-', '_' or '.' (at most 253)", 'use the key as it appears in the Secret');
  }
}

/** Kubernetes labels (rule C.5/C.6). */
export function checkLabels(where: Where, field: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = checkLabelKey(key);
    if (keyProblem) fail(where, `${field}[${JSON.stringify(key)}]`, key, `label key ${keyProblem}`, 'use a valid Kubernetes label key');
    if (typeof value !== 'string') fail(where, `${field}[${JSON.stringify(key)}]`, value, 'label value must be a string', 'quote the value');
    const valueProblem = checkLabelValue(value);
    if (valueProblem) fail(where, `${field}[${JSON.stringify(key)}]`, value, `label value ${valueProblem}`, 'use a valid Kubernetes label value');
  }
}

/** Kubernetes annotations (rule C.7): valid keys, string values, total size ≤ 256 KiB. */
export function checkAnnotations(where: Where, field: string, annotations: { [key: string]: string } | undefined): void {
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const keyProblem = checkAnnotationKey(key);
    if (keyProblem) fail(where, `${field}[${JSON.stringify(key)}]`, key, `annotation key ${keyProblem}`, 'use a valid Kubernetes annotation key');
    if (typeof value !== 'string') fail(where, `${field}[${JSON.stringify(key)}]`, value, 'annotation value must be a string', 'quote the value');
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > 262144) fail(where, field, `${size} bytes`, 'annotations may not exceed 256 KiB in total', 'shorten the annotation values');
}

/** A DNS-1123 label (namespaces). */
export function checkNamespaceName(where: Where, field: string, v: unknown): void {
  requireString(where, field, v, 'name the namespace');
  const problem = checkDns1123Label(v as string);
  if (problem) fail(where, field, v, `namespace ${problem}`, 'use a valid namespace name');
}

/** A name of a Kubernetes object whose names are DNS-1123 subdomains (ServiceAccount, PriorityClass, IngressClass). */
export function checkObjectName(where: Where, field: string, v: unknown, what: string): void {
  requireString(where, field, v, `name the ${what}`);
  const problem = checkDns1123Subdomain(v as string);
  if (problem) fail(where, field, v, `${what} name ${problem}`, `use a valid ${what} name`);
}

/** A DNS name as used in certificates and solver selectors; wildcards allowed. */
export function checkDnsNameField(where: Where, field: string, v: unknown, opts: { allowWildcard?: boolean } = {}): void {
  if (typeof v !== 'string') fail(where, field, v, 'must be a DNS name string', "use a name like 'shop.example.com'");
  const problem = checkDnsName(v, opts);
  if (problem) fail(where, field, v, `DNS name ${problem}`, "use a fully qualified lowercase name like 'shop.example.com' (a wildcard only as '*.example.com')");
}

/** An absolute URL with one of the given schemes. */
export function checkUrl(where: Where, field: string, v: unknown, schemes: string[], fix: string): URL {
  requireString(where, field, v, fix);
  let url: URL;
  try {
    url = new URL(v as string);
  } catch {
    return fail(where, field, v, 'is not a valid absolute URL', fix);
  }
  if (!schemes.includes(url.protocol.replace(/:$/, ''))) {
    fail(where, field, v, `must be a URL with scheme ${schemes.map((s) => `'${s}'`).join(' or ')}`, fix);
  }
  return url;
}

/**
 * A PEM bundle must contain at least one parseable certificate (cert-manager: "cert bundle
 * didn't contain any valid certificates"). Returns the number of certificates.
 */
export function checkPemBundle(where: Where, field: string, pem: unknown): number {
  requireString(where, field, pem, 'pass the PEM text of the CA certificate(s)');
  const blocks = (pem as string).match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  let valid = 0;
  for (const block of blocks) {
    try {
      new X509Certificate(block);
      valid++;
    } catch {
      fail(where, field, `${block.slice(0, 40)}…`, 'contains a PEM block that is not a valid X.509 certificate', 'pass only well-formed PEM certificates');
    }
  }
  if (valid === 0) {
    let hint = 'pass the PEM text (-----BEGIN CERTIFICATE----- …); the library base64-encodes it for the wire';
    if (/^[A-Za-z0-9+/=\s]+$/.test(pem as string) && Buffer.from(pem as string, 'base64').toString('utf8').includes('-----BEGIN CERTIFICATE-----')) {
      hint = 'the value is base64-encoded already; pass the PEM text itself, the library base64-encodes it for the wire';
    }
    fail(where, field, `${(pem as string).slice(0, 40)}…`, "cert bundle didn't contain any valid certificates", hint);
  }
  return valid;
}

/** Vault paths must not contain `..` segments (cert-manager ≥ v1.21). */
export function checkNoDotDot(where: Where, field: string, v: string | undefined): void {
  if (v === undefined) return;
  if (v.split('/').includes('..')) fail(where, field, v, "must not contain '..' path segments", 'use the plain mount path, e.g. "pki_int/sign/example-dot-com"');
}

/** Membership in a string enum (values are wire strings); guards JavaScript callers. */
export function checkEnum(where: Where, field: string, v: unknown, enumObject: object, enumName: string): void {
  if (v === undefined) return;
  const values = Object.values(enumObject) as unknown[];
  if (!values.includes(v)) fail(where, field, v, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, `use a ${enumName} value`);
}

/** An integer within [min, max]. */
export function checkInteger(where: Where, field: string, v: unknown, min: number, max: number, fix: string): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(where, field, v, `must be an integer between ${min} and ${max}`, fix);
  }
}

/** A list of strings, each non-empty. */
export function checkNonEmptyStrings(where: Where, field: string, list: unknown, fix: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(where, field, list, 'must be a list of strings', fix);
  list.forEach((v, i) => requireString(where, `${field}[${i}]`, v, fix));
}

/** A ServiceAccount reference `{ name, audiences? }` (defined in dns01-provider.ts). */
export function checkServiceAccountRef(where: Where, field: string, s: { name: string; audiences?: string[] } | undefined): void {
  if (!s || typeof s !== 'object') fail(where, field, s, 'a ServiceAccount reference { name } is required', 'name the ServiceAccount');
  checkObjectName(where, `${field}.name`, s.name, 'ServiceAccount');
  if (s.audiences !== undefined) {
    if (!Array.isArray(s.audiences) || s.audiences.length === 0) fail(where, `${field}.audiences`, s.audiences, 'must be a non-empty list when set', 'remove audiences to use the default');
    s.audiences.forEach((a, i) => requireString(where, `${field}.audiences[${i}]`, a, 'remove empty audiences'));
  }
}
