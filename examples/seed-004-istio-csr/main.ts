// Seed 004 ("How to Use cert-manager Istio Integration for Service Mesh Certificate
// Management"): istio-csr as the mesh CA with a root bootstrapped in the cluster, a
// verification namespace with sidecar injection, STRICT mTLS and an AuthorizationPolicy, and
// the seed's Let's Encrypt gateway certificates. The seed's Vault variant is
// examples/seed-004-istio-csr-vault. Output folders (see README.md):
//   argocd/  app-of-apps: cert-manager, trust-manager, then the mesh folder
//   mesh/    the mesh CA, istio-csr and Istio (as Applications, in order), the test application, the gateway
import { App, Chart, Duration } from 'cdk8s';
import { certManager, gitops, istio, patterns } from '../../src';

/** One App per output folder. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/cdk8s-istio-tls/cdk8s-istio-tls.git', path: 'examples/seed-004-istio-csr/dist' });
  const mesh = repo.addFolder('mesh');

  const meshCa = new patterns.MeshCa(new Chart(mesh, 'mesh-ca'), 'MeshCa', {
    mode: patterns.MeshCaMode.ISTIO_CSR,
    // replaces the seed's `openssl genrsa` root: cert-manager generates the root key in the
    // cluster (ECDSA P-256, 10 years) and it never leaves it; an intermediate signs workloads
    root: patterns.MeshRoot.selfSigned({ commonName: 'Istio Mesh CA', organizations: ['Example Org'] }),
    // the seed's rotation section: workload certificates valid for 24 hours
    maxWorkloadCertificateDuration: Duration.hours(24),
  });
  // the seed's test application: namespace with sidecar injection, httpbin, STRICT mTLS and an
  // AuthorizationPolicy admitting only mesh identities of the namespace
  meshCa.addVerification('Verification', { namespace: 'test-mesh', allowedMethods: ['GET', 'POST'] });
  gateway(new Chart(mesh, 'gateway'), meshCa);

  repo.addCertManager();
  repo.addTrustManager();
  return repo.apps;
}

/** The summary `scripts/synth.js` prints. */
export function report(apps: App[]): string {
  return gitops.SynthReport.render(apps);
}

/** The seed's gateway certificates (Let's Encrypt production) and the Istio Gateway serving them. */
function gateway(chart: Chart, meshCa: patterns.MeshCa): void {
  // the seed references a `letsencrypt-prod` ClusterIssuer without defining it; its names
  // include `*.example.com`, which Let's Encrypt only validates over DNS-01
  const letsEncrypt = new certManager.ClusterIssuer(chart, 'LetsEncryptProd', {
    metadata: { name: 'letsencrypt-prod' },
    config: certManager.IssuerConfig.letsEncrypt({
      environment: certManager.LetsEncryptEnvironment.PRODUCTION,
      email: 'platform@your-domain.com',
      solvers: [certManager.AcmeSolver.dns01(certManager.Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } }))],
    }),
  });
  // in the namespace of the ingress gateway pods: Istio reads credentialName from there
  const gatewayCert = new certManager.Certificate(chart, 'IstioGatewayCert', {
    metadata: { name: 'istio-gateway-cert', namespace: meshCa.istioNamespace },
    issuer: letsEncrypt,
    secretName: 'istio-gateway-tls',
    renewBefore: Duration.hours(720),
    commonName: 'gateway.example.com',
    dnsNames: ['gateway.example.com', '*.example.com'],
    privateKey: { algorithm: certManager.PrivateKeyAlgorithm.RSA, size: 2048 },
  });
  new certManager.Certificate(chart, 'GatewayAutoRenew', {
    metadata: { name: 'gateway-auto-renew', namespace: meshCa.istioNamespace },
    issuer: letsEncrypt,
    secretName: 'gateway-auto-renew-tls',
    renewBefore: Duration.hours(720),
    dnsNames: ['api.example.com', 'app.example.com'],
    privateKey: { algorithm: certManager.PrivateKeyAlgorithm.RSA, size: 2048, rotationPolicy: certManager.PrivateKeyRotationPolicy.ALWAYS },
  });
  new istio.Gateway(chart, 'ExternalGateway', {
    metadata: { name: 'external-gateway', namespace: meshCa.istioNamespace, annotations: meshCa.afterIstioAnnotations() },
    selector: { istio: 'ingressgateway' },
    servers: [{ port: 443, portName: 'https', protocol: istio.GatewayProtocol.HTTPS, hosts: ['*.example.com'], tls: istio.GatewayTls.simple(gatewayCert) }],
  });
  // the seed installs Istio's demo profile, which includes the ingress gateway; here it is
  // Istio's `gateway` chart (pods labelled istio=ingressgateway), installed after istiod
  new gitops.IstioGatewayApplication(chart, 'IngressGateway', {
    metadata: { name: 'istio-ingressgateway', annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' } },
    namespace: meshCa.istioNamespace,
    syncWave: meshCa.afterIstioSyncWave,
  });
}
