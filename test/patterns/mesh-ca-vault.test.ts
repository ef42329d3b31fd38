// A Vault PKI root (seed 004, issue #16 point 5): cert-manager's token request RBAC rendered with
// the issuer; the Vault role prerequisites the library cannot check, warned about.
// Upstream: cert-manager v1.21.1 pkg/apis/certmanager/v1/types_issuer.go (ServiceAccountRef:
// audiences `vault://<issuer>`), internal/vault/vault.go (the token is requested in the issuer's
// namespace: a ClusterIssuer's is the cluster resource namespace); cert-manager/istio-csr v0.17.0
// pkg/istiodcert/worker.go (istiod's certificate names).
import { Duration } from 'cdk8s';
import { Warnings } from '../../src';
import { IssuerConfig, VaultAuth } from '../../src/cert-manager';
import { MeshCa, MeshCaMode, MeshRoot } from '../../src/patterns';
import { BundleSource } from '../../src/trust';
import { doc, newChart, synthValid } from '../util/expect';
import { ROOT_PEM } from './mesh-ca-fixtures';

const anchor = { trustAnchor: BundleSource.configMap({ name: 'vault-root-ca', key: 'ca.pem' }), issuerName: 'vault-istio-ca' };
const vaultRoot = (auth: VaultAuth, extra: { caBundle?: string } = {}) => MeshRoot.fromIssuerConfig(IssuerConfig.vault({
  server: 'https://vault.example.com:8200', path: 'pki_int/sign/istio-mesh', auth, ...extra,
}), anchor);
const k8sAuth = VaultAuth.kubernetes({ role: 'cert-manager', serviceAccountRef: { name: 'cert-manager' } });

function render(root: MeshRoot, revisions?: string[]) {
  const { chart } = newChart();
  new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, root, intermediate: false, maxWorkloadCertificateDuration: Duration.hours(24), istioRevisions: revisions });
  return { docs: synthValid(chart), warnings: Warnings.collect(chart) };
}

describe('MeshCa with a Vault root', () => {
  test('grants cert-manager create on serviceaccounts/token for the referenced ServiceAccount only, in its cluster resource namespace', () => {
    const { docs } = render(vaultRoot(k8sAuth));
    expect(doc(docs, 'Role', 'vault-istio-ca-vault-token')).toMatchObject({
      metadata: { namespace: 'cert-manager' },
      rules: [{ apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['cert-manager'], verbs: ['create'] }],
    });
    expect(doc(docs, 'RoleBinding', 'vault-istio-ca-vault-token')).toMatchObject({
      metadata: { namespace: 'cert-manager' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'vault-istio-ca-vault-token' },
      subjects: [{ kind: 'ServiceAccount', name: 'cert-manager', namespace: 'cert-manager' }],
    });
  });

  test('a token Secret (secretRef) needs no token request: no Role', () => {
    const { docs } = render(vaultRoot(VaultAuth.kubernetes({ role: 'cert-manager', secretRef: { name: 'vault-token', key: 'token' } })));
    expect(docs.filter((d) => d.kind === 'Role' || d.kind === 'RoleBinding')).toEqual([]);
  });

  test('warns with the Vault role prerequisites derived from the mesh: no CN, SPIFFE URIs, istio-csr\'s and istiod\'s names, the audience, caBundle', () => {
    const { warnings } = render(vaultRoot(k8sAuth), ['default', '1-30']);
    expect(warnings).toHaveLength(1);
    const w = warnings[0];
    expect(w).toMatch(/^\[test\/MeshCa\] the Vault PKI role behind "pki_int\/sign\/istio-mesh" must sign/);
    expect(w).toContain('require_cn=false');
    expect(w).toContain('allowed_uri_sans="spiffe://cluster.local/ns/*/sa/*"');
    expect(w).toContain('cert-manager-istio-csr.cert-manager.svc');
    expect(w).toContain('istiod.istio-system.svc, istiod-1-30.istio-system.svc');
    expect(w).toContain('the Kubernetes auth role "cert-manager" bound to ServiceAccount cert-manager/cert-manager with audience "vault://vault-istio-ca"');
    expect(w).toContain('caBundle or caBundleSecretRef');
  });

  test('caBundle: the private Vault CA is rendered on the issuer and no longer mentioned', () => {
    const { docs, warnings } = render(vaultRoot(k8sAuth, { caBundle: ROOT_PEM }));
    expect(Buffer.from(doc(docs, 'ClusterIssuer', 'vault-istio-ca').spec.vault.caBundle, 'base64').toString('utf8')).toBe(ROOT_PEM);
    expect(warnings[0]).not.toContain('caBundle');
  });
});
