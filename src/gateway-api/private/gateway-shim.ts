// cert-manager's gateway-shim (certificate-shim for Gateways and ListenerSets): the annotations
// that make it issue the listener certificates of a Gateway or ListenerSet, written by the L2s
// and read back from the wire form by the family's checks, and the HTTP-01 parentRef override
// annotations it writes on the Certificates it creates (not exported from the package).
// Source: cert-manager v1.21.1 pkg/controller/certificate-shim (sync.go).
import { IIssuer } from '../../cert-manager/references';
import { PARENT_REF_KIND_ANNOTATION, PARENT_REF_NAME_ANNOTATION, PARENT_REF_NAMESPACE_ANNOTATION } from '../../cert-manager/http01';
import { obj, str, stringMap } from '../../private/wire';
import { fail, Where } from '../../validation/error';

const CERT_MANAGER_GROUP = 'cert-manager.io';
const ISSUER = 'cert-manager.io/issuer';
const CLUSTER_ISSUER = 'cert-manager.io/cluster-issuer';
const ISSUER_KIND = 'cert-manager.io/issuer-kind';
const ISSUER_GROUP = 'cert-manager.io/issuer-group';
/**
 * On a ListenerSet: the challenge routes of the shim's Certificates attach to the parent
 * Gateway instead of the ListenerSet (`ACMECertificateHTTP01ParentRefFallback`).
 */
export const PARENT_REF_FALLBACK_ANNOTATION = 'acme.cert-manager.io/http01-parentreffallback';

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

/**
 * The gateway-shim's issuer of a Gateway or ListenerSet L2: named by `certManagerIssuer` alone
 * (no issuer annotation of the user's own), and usable from the object's namespace.
 */
export function checkShimIssuer(where: Where, kind: string, namespace: string, issuer: IIssuer | undefined, annotations: { [key: string]: string } | undefined): void {
  if (!issuer) return;
  const own = Object.keys(annotations ?? {}).find((k) => SHIM_ISSUER_ANNOTATIONS.includes(k));
  if (own !== undefined) {
    fail(where, `metadata.annotations[${JSON.stringify(own)}]`, annotations![own],
      'certManagerIssuer writes the gateway-shim\'s issuer annotations itself, and this one overrides or contradicts them (cert-manager refuses cluster-issuer together with issuer, issuer-kind or issuer-group), so the shim would use another issuer than the one checked here, or none',
      'remove the annotation and name the issuer with certManagerIssuer only');
  }
  const issuerNs = issuer.issuerNamespace;
  if (issuer.issuerRef.kind !== 'ClusterIssuer' && issuerNs !== undefined && issuerNs !== namespace) {
    fail(where, 'certManagerIssuer', `${issuerNs}/${issuer.issuerRef.name}`,
      `the gateway-shim only uses a namespaced Issuer in the ${kind}'s namespace "${namespace}"`,
      `use an Issuer in the ${kind}'s namespace or a ClusterIssuer`);
  }
}

/**
 * The HTTP-01 parentRef override annotations the gateway-shim writes on the Certificates it
 * creates for a Gateway or ListenerSet (`setIssuerSpecificConfig`): the Gateway itself; the
 * ListenerSet itself, or its parent Gateway when the ListenerSet is annotated
 * `acme.cert-manager.io/http01-parentreffallback: "true"`. The Certificate (and so the
 * challenge route) is in the object's namespace.
 */
export function shimCertificateAnnotations(kind: string, namespace: string, json: any): { [key: string]: string } {
  const name = str(json?.metadata?.name) ?? '';
  if (kind !== 'ListenerSet') return { [PARENT_REF_KIND_ANNOTATION]: 'Gateway', [PARENT_REF_NAME_ANNOTATION]: name };
  if (parseBool(stringMap(json?.metadata?.annotations)[PARENT_REF_FALLBACK_ANNOTATION])) {
    const parent = obj(obj(json?.spec).parentRef);
    return {
      [PARENT_REF_KIND_ANNOTATION]: 'Gateway',
      [PARENT_REF_NAME_ANNOTATION]: str(parent.name) ?? '',
      [PARENT_REF_NAMESPACE_ANNOTATION]: str(parent.namespace) || namespace,
    };
  }
  return { [PARENT_REF_KIND_ANNOTATION]: 'ListenerSet', [PARENT_REF_NAME_ANNOTATION]: name };
}

/** Go's strconv.ParseBool (what the shim reads the fallback annotation with): 1, t, T, TRUE, true, True. */
function parseBool(v: string | undefined): boolean {
  return v !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
}
