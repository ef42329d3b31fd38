// cert-manager's gateway-shim (certificate-shim for Gateways): the annotations that make it
// issue a Gateway's listener certificates, written by the Gateway L2 and read back from the
// wire form by the family's checks (not exported from the package).
import { IIssuer } from '../../cert-manager/references';
import { stringMap } from '../../private/wire';
import { fail, Where } from '../../validation/error';

const CERT_MANAGER_GROUP = 'cert-manager.io';
const ISSUER = 'cert-manager.io/issuer';
const CLUSTER_ISSUER = 'cert-manager.io/cluster-issuer';
const ISSUER_KIND = 'cert-manager.io/issuer-kind';
const ISSUER_GROUP = 'cert-manager.io/issuer-group';

/** The gateway-shim annotations that name the issuer (cert-manager's issuerForIngressLike). */
export const SHIM_ISSUER_ANNOTATIONS = [ISSUER, CLUSTER_ISSUER, ISSUER_KIND, ISSUER_GROUP];

/** gateway-shim annotations for an issuer, with the library's key defaults (DESIGN §3). */
export function shimAnnotations(where: Where, issuer: IIssuer | undefined): { [key: string]: string } {
  if (issuer === undefined) return {};
  const ref = issuer?.issuerRef;
  if (!ref || typeof ref.name !== 'string' || typeof ref.kind !== 'string') {
    fail(where, 'certManagerIssuer', issuer, 'an issuer with issuerRef { name, kind, group } is required', 'pass an Issuer or ClusterIssuer construct');
  }
  const keyDefaults = {
    'cert-manager.io/private-key-algorithm': 'ECDSA',
    'cert-manager.io/private-key-size': '256',
    'cert-manager.io/private-key-rotation-policy': 'Always',
  };
  const group = ref.group || CERT_MANAGER_GROUP;
  if (group === CERT_MANAGER_GROUP && ref.kind === 'ClusterIssuer') return { [CLUSTER_ISSUER]: ref.name, ...keyDefaults };
  if (group === CERT_MANAGER_GROUP && ref.kind === 'Issuer') return { [ISSUER]: ref.name, ...keyDefaults };
  return { [ISSUER]: ref.name, [ISSUER_KIND]: ref.kind, [ISSUER_GROUP]: group, ...keyDefaults };
}

/** The issuer the gateway-shim's Certificates of a Gateway name. */
export interface ShimIssuer {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/**
 * The issuer a Gateway's annotations hand to cert-manager's gateway-shim, as cert-manager
 * reads them (`cluster-issuer`, else `issuer` with `issuer-kind` / `issuer-group`); undefined
 * when the Gateway has none (the shim leaves it alone).
 */
export function shimIssuerOf(json: any): ShimIssuer | undefined {
  const a = stringMap(json?.metadata?.annotations);
  if (a[CLUSTER_ISSUER] !== undefined) return { group: CERT_MANAGER_GROUP, kind: 'ClusterIssuer', name: a[CLUSTER_ISSUER] };
  if (a[ISSUER] !== undefined) return { group: a[ISSUER_GROUP] || CERT_MANAGER_GROUP, kind: a[ISSUER_KIND] || 'Issuer', name: a[ISSUER] };
  return undefined;
}
