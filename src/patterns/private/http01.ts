// Names and constants of the HTTP-01 routing the patterns emit (not exported from the package).
// The challenge path and the solver pods' port are cert-manager's (src/cert-manager/http01.ts).
import { createHash } from 'crypto';

/**
 * Label the classic-Istio pattern puts on its solver pods (through the solver's documented
 * `podTemplate.metadata.labels`) and its solver Services select. One value per host: a solver
 * pod answers only its own name and token, so one Service must never balance across the pods
 * of several names (cert-manager#3924).
 */
export const SOLVER_HOST_LABEL = 'acme.cdk8s-istio-tls.io/http01-host';

/**
 * IngressClass named in the `ingress` solver of the classic-Istio pattern. No controller
 * serves it, so the Ingress cert-manager creates per challenge is inert; the challenge is
 * routed by the pattern's own VirtualService and Service instead.
 */
export const UNSERVED_INGRESS_CLASS = 'unserved.cdk8s-istio-tls.io';

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}

/** Fit `base` into `max` characters: cut, drop trailing separators, append a hash of `full`. */
function fit(base: string, max: number, full: string): string {
  if (base.length <= max) return base;
  return `${base.slice(0, max - 11).replace(/[-.]+$/, '')}-${shortHash(full)}`;
}

/** Label value naming a host: the host itself when it fits (≤ 63), else a cut plus a hash. */
export function hostLabelValue(host: string): string {
  return fit(host, 63, host);
}

/** Name (DNS-1035 label) of the solver Service of a host: `acme-http01-shop-example-com`. */
export function solverServiceName(host: string): string {
  return fit(`acme-http01-${host.replace(/\./g, '-')}`, 63, host);
}
