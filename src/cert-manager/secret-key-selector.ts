/**
 * Reference to a Secret key, as cert-manager's `SecretKeySelector`. Credentials are only
 * ever referenced; the library never writes key material.
 *
 * Where cert-manager looks for the Secret depends on the issuer that references it: a
 * namespaced `Issuer` reads it from its own namespace only (so each namespace with an Issuer
 * needs its own copy); a `ClusterIssuer` reads it from cert-manager's *cluster resource
 * namespace* (`--cluster-resource-namespace`, by default the namespace cert-manager runs in),
 * never from the namespace of the Certificate.
 */
export interface SecretKeySelector {
  /** Name of the Secret. */
  readonly name: string;
  /** Key within the Secret. */
  readonly key: string;
}
