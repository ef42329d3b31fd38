// Name syntax rules of Kubernetes (apimachinery validation.go) and DNS. Each check returns
// undefined when the value is fine, or a short lowercase description of what is wrong.
import { isIP } from 'net';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** DNS-1123 label: namespaces, Istio Gateway names. */
export function checkDns1123Label(v: string): string | undefined {
  if (v.length === 0) return 'must not be empty';
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!DNS1123_LABEL.test(v)) return "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";
  return undefined;
}

/** DNS-1123 subdomain: names of custom resources and Secrets. */
export function checkDns1123Subdomain(v: string): string | undefined {
  if (v.length === 0) return 'must not be empty';
  if (v.length > 253) return `must be at most 253 characters (has ${v.length})`;
  for (const part of v.split('.')) {
    if (!DNS1123_LABEL.test(part)) {
      return "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit";
    }
  }
  return undefined;
}

/** DNS-1035 label: Service names. */
export function checkDns1035Label(v: string): string | undefined {
  if (v.length === 0) return 'must not be empty';
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!DNS1035_LABEL.test(v)) return "must be an RFC 1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
  return undefined;
}

/**
 * A DNS name as used in certificates and routing hosts: lowercase labels of letters, digits
 * and '-', at most 63 characters each, 253 in all, optionally a single leading `*.` wildcard.
 * A top-level label that is all digits is rejected (that is an IP address, not a name).
 */
export function checkDnsName(v: string, opts: { allowWildcard?: boolean } = {}): string | undefined {
  if (v.length === 0) return 'must not be empty';
  if (v.length > 253) return `must be at most 253 characters (has ${v.length})`;
  if (v !== v.toLowerCase()) return 'must be lowercase';
  let rest = v;
  if (v.startsWith('*.')) {
    if (opts.allowWildcard === false) return 'must not be a wildcard';
    rest = v.slice(2);
  }
  if (rest.includes('*')) return "may contain '*' only as the whole first label ('*.example.com')";
  const labels = rest.split('.');
  for (const label of labels) {
    if (label.length === 0) return 'must not contain empty labels (leading, trailing or double dots)';
    if (label.length > 63) return `has a label longer than 63 characters ("${label.slice(0, 20)}…")`;
    if (!DNS1123_LABEL.test(label)) return "must consist of labels of lowercase letters, digits and '-', each starting and ending with a letter or digit";
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return 'must not have an all-numeric top-level label';
  return undefined;
}

/** A bare e-mail address (RFC 5322 addr-spec, no display name, no `mailto:`). */
export function checkEmail(v: string): string | undefined {
  if (typeof v !== 'string') return 'must be a string';
  if (v.startsWith('mailto:')) return "must be the bare address, without 'mailto:'";
  if (/[<>\s]/.test(v)) return "must be the bare address ('ops@example.com'), without a display name or spaces";
  const at = v.lastIndexOf('@');
  if (at <= 0 || at === v.length - 1) return "must be an e-mail address of the form 'local@domain'";
  const local = v.slice(0, at);
  const domain = v.slice(at + 1);
  if (local.length > 64 || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'has an invalid local part (before the @)';
  }
  if (checkDnsName(domain.toLowerCase(), { allowWildcard: false }) || !domain.includes('.')) return 'has an invalid domain (after the @)';
  return undefined;
}

/** Kubernetes label key (optional DNS-subdomain prefix + '/' + name of at most 63). */
export function checkLabelKey(v: string): string | undefined {
  const parts = v.split('/');
  if (parts.length > 2) return "must have at most one '/'";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefixProblem = checkDns1123Subdomain(parts[0]);
    if (prefixProblem) return `has an invalid prefix: ${prefixProblem}`;
  }
  if (name.length === 0 || name.length > 63) return 'must have a name part of 1 to 63 characters';
  if (!LABEL_NAME.test(name)) return "must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** Kubernetes label value (empty, or at most 63 of letters, digits, '-', '_', '.'). */
export function checkLabelValue(v: string): string | undefined {
  if (v.length === 0) return undefined;
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!LABEL_NAME.test(v)) return "must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** Annotation keys follow the label key rule, compared case-insensitively. */
export function checkAnnotationKey(v: string): string | undefined {
  return checkLabelKey(v.toLowerCase());
}

/**
 * An IPv4 or IPv6 literal (no CIDR) as Go's `net.ParseIP` accepts it (cert-manager's webhook
 * parses `ipAddresses` with it): Node's parser, which like Go since 1.17 refuses leading zeros
 * in IPv4 octets (`010.1.1.1`, golang/go#30999) and malformed IPv6 (`:1::2`, `1:::2`), and
 * without an IPv6 zone (`fe80::1%eth0`), which Node accepts and `net.ParseIP` does not.
 */
export function isIpAddress(v: string): boolean {
  return typeof v === 'string' && isIP(v) !== 0 && !v.includes('%');
}

/** IP or CIDR (`10.0.0.0/8`, `::1/128`). */
export function isIpOrCidr(v: string): boolean {
  const [ip, bits, ...rest] = v.split('/');
  if (rest.length) return false;
  if (bits === undefined) return isIpAddress(ip);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits) || !isIpAddress(ip)) return false;
  return Number(bits) <= (isIP(ip) === 4 ? 32 : 128);
}

/**
 * A readable default `metadata.name` from a construct id: `ShopCert` → `shop-cert`,
 * `letsencrypt_prod` → `letsencrypt-prod`. Never a hash, so names survive moving a construct.
 */
export function kebabName(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}
