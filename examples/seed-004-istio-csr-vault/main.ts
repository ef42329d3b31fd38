// Seed 004, section "Using Vault as Istio CA": istio-csr sends the mesh's CertificateRequests to a
// cert-manager Vault ClusterIssuer (PKI role `pki_int/sign/istio-mesh`), so the CA key never
// enters the cluster. The root is pinned from a ConfigMap instead of being discovered. Output
// folders (see README.md):
//   argocd/  app-of-apps: cert-manager, trust-manager, then the mesh folder
//   mesh/    the Vault issuer, istio-csr and Istio (as Applications, in order), the test application
import { App, Chart, Duration } from 'cdk8s';
import { certManager, gitops, patterns, trust } from '../../src';

/** One App per output folder. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/cdk8s-istio-tls/cdk8s-istio-tls.git', path: 'examples/seed-004-istio-csr-vault/dist' });
  const meshCa = new patterns.MeshCa(new Chart(repo.addFolder('mesh'), 'mesh-ca'), 'MeshCa', {
    mode: patterns.MeshCaMode.ISTIO_CSR,
    root: patterns.MeshRoot.fromIssuerConfig(certManager.IssuerConfig.vault({
      server: 'https://vault.example.com:8200',
      path: 'pki_int/sign/istio-mesh',
      auth: certManager.VaultAuth.kubernetes({ role: 'cert-manager', mountPath: '/v1/auth/kubernetes', serviceAccountRef: { name: 'cert-manager' } }),
    }), {
      issuerName: 'vault-istio-ca',
      // pinned, not discovered (istio-csr#103): the Vault PKI's public root certificate,
      // published as ConfigMap `vault-root-ca` in cert-manager's namespace
      trustAnchor: trust.BundleSource.configMap({ name: 'vault-root-ca', key: 'ca.pem' }),
    }),
    // the PKI role signs workload certificates itself (Vault's pki_int is the intermediate)
    intermediate: false,
    maxWorkloadCertificateDuration: Duration.hours(24),
  });
  meshCa.addVerification('Verification', { namespace: 'test-mesh' });
  repo.addCertManager();
  repo.addTrustManager();
  return repo.apps;
}

/** The summary `scripts/synth.js` prints. */
export function report(apps: App[]): string {
  return gitops.SynthReport.render(apps);
}
