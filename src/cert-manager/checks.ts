// TRANSITIONAL — delete together with the gateway-api port of gateway.ts. gateway-api/gateway.ts
// still reads these construction-time registries for its gateway-shim checks (a Certificate of
// the app writing, or named like, a listener Secret the shim issues); Certificates register in
// them until that check reads the model instead (secret-writers.ts `certificatesWriting()` for
// the writers, `model.find(cluster, 'cert-manager.io', 'Certificate', namespace, secretName)`
// for the names). Nothing of the cert-manager family reads them.
import { IConstruct } from 'constructs';
import { clusterOf } from '../private/cluster';
import { register } from '../private/registry';

/** Certificates by the Secret they write; key `<cluster>|<namespace>|<secretName>`. */
export const SECRET_REGISTRY = 'cert-manager:secret';
/** Certificates by their own name; key `<cluster>|<namespace>|<name>`. */
export const CERTIFICATE_NAME_REGISTRY = 'cert-manager:certificate';
/**
 * The Gateways whose gateway-shim (cert-manager) creates a Certificate for a listener Secret —
 * named like the Secret; key `<cluster>|<namespace>|<secretName>` (written by gateway-api).
 */
export const SHIM_SECRET_REGISTRY = 'cert-manager:gateway-shim-secret';

/** Make `certificate` visible to gateway-api's gateway-shim checks (transitional, see above). */
export function registerForGatewayShim(certificate: IConstruct, namespace: string, name: string, secretName: string): void {
  const cluster = clusterOf(certificate) ?? '';
  register(SECRET_REGISTRY, `${cluster}|${namespace}|${secretName}`, certificate);
  register(CERTIFICATE_NAME_REGISTRY, `${cluster}|${namespace}|${name}`, certificate);
}
