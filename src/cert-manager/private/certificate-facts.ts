// What a Certificate's L2 knows about its issuer that the wire form does not say (not exported
// from the package). `spec.issuerRef` only names the issuer; the L2 was given the issuer object
// itself, which may live in another namespace or render for another cluster (even in another
// app, so the model need not hold it).
import { Facts, ModelObject } from '../../core/model';
import { clusterOf } from '../../private/cluster';
import { IIssuer } from '../references';

const GIVEN_ISSUER = 'cert-manager/given-issuer';

/** Where the issuer object a Certificate's L2 was given lives. */
export interface GivenIssuer {
  /** Namespace of a namespaced issuer; undefined for a cluster-scoped one. */
  readonly namespace?: string;
  /** The cluster it renders for; undefined when the app does not say. */
  readonly cluster?: string;
}

/** The facts a Certificate's L2 declares about the issuer it was given. */
export function certificateFacts(issuer: IIssuer): Facts {
  const given: GivenIssuer = { namespace: issuer.issuerNamespace, cluster: clusterOf(issuer) };
  return { [GIVEN_ISSUER]: given };
}

/**
 * The issuer object `certificate`'s L2 was given; undefined for a Certificate the library did
 * not render (a manifest names its issuer only: cert-manager looks it up in the Certificate's
 * namespace, in the Certificate's cluster).
 */
export function givenIssuerOf(certificate: ModelObject): GivenIssuer | undefined {
  const f = certificate.facts[GIVEN_ISSUER];
  return f !== null && typeof f === 'object' ? (f as GivenIssuer) : undefined;
}
