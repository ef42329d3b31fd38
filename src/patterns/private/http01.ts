// Names and constants of the HTTP-01 routing the patterns emit (not exported from the package).
// The challenge path and the solver pods' port are cert-manager's (src/cert-manager/http01.ts).
import { createHash } from 'crypto';

// the label selecting the patterns' solvers, and the class their Istio solver names: cert-manager's family
export { CHALLENGE_ROUTE_LABEL as ROUTE_LABEL, UNSERVED_INGRESS_CLASS } from '../../cert-manager/http01';

/**
 * Label on WildcardCertificates' Certificates selecting the issuer's DNS-01 solver for their
 * provider settings (one solver per provider, shared by every zone).
 */
export const DNS01_LABEL = 'acme.cdk8s-istio-tls.io/dns01-solver';

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}

/** Fit `base` into `max` characters: cut, drop trailing separators, append a hash of `full`. */
function fit(base: string, max: number, full: string): string {
  if (base.length <= max) return base;
  return `${base.slice(0, max - 11).replace(/[-.]+$/, '')}-${shortHash(full)}`;
}

/** Name (DNS-1035 label) of the solver Service of a host: `acme-http01-shop-example-com`. */
export function solverServiceName(host: string): string {
  return fit(`acme-http01-${host.replace(/\./g, '-')}`, 63, host);
}
