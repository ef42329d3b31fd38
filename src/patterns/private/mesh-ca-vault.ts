// A Vault root issuer of a MeshCa (not exported from the package): what cert-manager needs to
// authenticate to Vault, rendered; what the Vault side needs, warned about (the library cannot
// see it).
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Warnings } from '../../validation/warnings';
import { MeshCaSettings } from './mesh-ca-settings';
import { ISTIO_CSR_SERVICE } from './mesh-ca-values';

/** The ServiceAccount of cert-manager's controller (the cert-manager chart's default name). */
export const CERT_MANAGER_SERVICE_ACCOUNT = 'cert-manager';

/** The rendered `spec.vault` of the root ClusterIssuer (the parts read here). */
export interface VaultSpec {
  readonly path: string;
  readonly caBundle?: string;
  readonly caBundleSecretRef?: unknown;
  readonly auth: { readonly kubernetes?: { readonly role: string; readonly mountPath?: string; readonly serviceAccountRef?: { readonly name: string } } };
}

/**
 * Kubernetes auth with `serviceAccountRef`: cert-manager requests a token for that
 * ServiceAccount (TokenRequest) in the issuer's namespace — a ClusterIssuer's is cert-manager's
 * cluster resource namespace (cert-manager v1.21.1 internal/vault/vault.go, `createToken`) —
 * and needs `create` on `serviceaccounts/token` for it, which the cert-manager chart does not
 * grant (its CRD's field doc says so; no such rule in deploy/charts/cert-manager/templates).
 * A Role limited to that one ServiceAccount, bound to cert-manager's controller.
 */
export function createVaultTokenAccess(scope: Construct, s: MeshCaSettings, issuerName: string, vault: VaultSpec): ApiObject[] {
  const sa = vault.auth.kubernetes?.serviceAccountRef?.name;
  if (sa === undefined) return [];
  const metadata = { name: `${issuerName}-vault-token`, namespace: s.certManagerNamespace };
  const role = new ApiObject(scope, 'VaultTokenRole', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata,
    rules: [{ apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: [sa], verbs: ['create'] }],
  });
  const binding = new ApiObject(scope, 'VaultTokenRoleBinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: metadata.name },
    subjects: [{ kind: 'ServiceAccount', name: CERT_MANAGER_SERVICE_ACCOUNT, namespace: s.certManagerNamespace }],
  });
  return [role, binding];
}

/**
 * What the Vault side must allow for a PKI role signing the mesh's certificates directly
 * (istio-csr, `intermediate: false`): workload CSRs from the proxies carry no Common Name and
 * a SPIFFE URI SAN only; istio-csr requests its own serving certificate
 * (`app.tls.certificateDNSNames`) and istiod's (`istiod.<ns>.svc` as CN and DNS name, per
 * revision `istiod-<rev>.<ns>.svc`, URI `spiffe://<td>/ns/<ns>/sa/istiod-service-account`;
 * cert-manager/istio-csr v0.17.0 pkg/istiodcert/worker.go); cert-manager's token carries the
 * audience `vault://<ClusterIssuer name>` (cert-manager v1.21.1 ServiceAccountRef field doc).
 */
export function vaultRolePrerequisites(s: MeshCaSettings, issuerName: string, vault: VaultSpec): string {
  const k8s = vault.auth.kubernetes;
  const istiodNames = s.istioRevisions.map((r) => (r === 'default' ? `istiod.${s.istioNamespace}.svc` : `istiod-${r}.${s.istioNamespace}.svc`));
  const intro = `the Vault PKI role behind ${JSON.stringify(vault.path)} must sign the mesh's certificates as they are requested, which the library cannot check:`;
  const parts = [
    'require_cn=false (workload CSRs have no Common Name)',
    `allowed_uri_sans="spiffe://${s.trustDomain}/ns/*/sa/*"`,
    `allowed_domains including ${ISTIO_CSR_SERVICE}.${s.certManagerNamespace}.svc (istio-csr's serving certificate) and ${istiodNames.join(', ')} (istiod's, also its Common Name) with allow_bare_domains=true`,
  ];
  if (k8s?.serviceAccountRef) {
    parts.push(`the Kubernetes auth role ${JSON.stringify(k8s.role)} bound to ServiceAccount ${s.certManagerNamespace}/${k8s.serviceAccountRef.name} with audience "vault://${issuerName}"`);
  }
  if (vault.caBundle === undefined && vault.caBundleSecretRef === undefined) {
    parts.push("and, if Vault's server certificate is from a private CA, caBundle or caBundleSecretRef on IssuerConfig.vault()");
  }
  return `${intro} ${parts.join('; ')}`;
}

/** The Vault-specific objects and warnings of a root ClusterIssuer from a Vault config. */
export function vaultRoot(scope: Construct, s: MeshCaSettings, issuerName: string, vault: VaultSpec): void {
  createVaultTokenAccess(scope, s, issuerName, vault);
  // a role's sign/<role> issues leaf certificates whatever the CSR asks for
  if (s.useIntermediate && !/(^|\/)sign-intermediate$/.test(vault.path)) {
    Warnings.add(scope, `the intermediate CA is to be signed by Vault path ${JSON.stringify(vault.path)}, but only a root/sign-intermediate endpoint issues CA certificates (a role's sign/<role> issues leaf certificates, CA:FALSE) — use '<mount>/root/sign-intermediate', or intermediate: false (istio-csr mode) to have the role sign workload certificates`);
  }
  if (!s.useIntermediate) Warnings.add(scope, vaultRolePrerequisites(s, issuerName, vault));
}
