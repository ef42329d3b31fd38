// Seed 004 ("How to Use cert-manager Istio Integration for Service Mesh Certificate
// Management"): the gateway certificate and Istio Gateway `external-gateway`, and the
// zero-trust policies of the `test-mesh` namespace (PeerAuthentication `strict-mtls`,
// AuthorizationPolicy `allow-httpbin`), written with the library's L2 constructs only. The
// mesh CA itself (istio-csr, the istio-ca ClusterIssuer, Vault) is the subject of
// examples/seed-004-istio-csr. One output folder:
//   policies/  gateway (istio-system) and test-mesh policies
import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { certManager, gitops, istio, Warnings } from '../../src';

/** One App per output folder. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/example/platform-gitops.git', path: 'examples/istio-seed-004-policies/dist' });
  const app = repo.addFolder('policies');
  gateway(new Chart(app, 'gateway', { namespace: 'istio-system' }));
  testMesh(new Chart(app, 'test-mesh', { namespace: 'test-mesh' }));
  repo.addCertManager();
  return repo.apps;
}

/** Warnings of the synthesized apps, one per line (printed by scripts/synth.js). */
export function report(apps: App[]): string {
  return apps.flatMap((app) => Warnings.collect(app).map((w) => `warning: ${w}`)).join('\n');
}

/**
 * The ClusterIssuer `letsencrypt-prod` the guide references without defining. The
 * certificate names `*.example.com`, which Let's Encrypt validates over DNS-01 only, so the
 * issuer needs a DNS-01 solver (here Cloudflare, as in seed 003's DNS issuer).
 */
export function letsEncryptProd(scope: Construct): certManager.ClusterIssuer {
  return new certManager.ClusterIssuer(scope, 'LetsencryptProd', {
    metadata: { name: 'letsencrypt-prod' },
    config: certManager.IssuerConfig.letsEncrypt({
      environment: certManager.LetsEncryptEnvironment.PRODUCTION,
      email: 'platform@your-domain.com',
      solvers: [certManager.AcmeSolver.dns01(certManager.Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } }))],
    }),
  });
}

/** "Configuring Istio Gateway with cert-manager": `istio-gateway-cert` and `external-gateway`, both in istio-system. */
function gateway(scope: Construct): void {
  const cert = new certManager.Certificate(scope, 'IstioGatewayCert', {
    metadata: { name: 'istio-gateway-cert' },
    issuer: letsEncryptProd(scope),
    secretName: 'istio-gateway-tls',
    // the guide's `duration: 2160h` is dropped: Let's Encrypt ignores it (90 days anyway)
    renewBefore: Duration.hours(720),
    commonName: 'gateway.example.com',
    dnsNames: ['gateway.example.com', '*.example.com'],
    privateKey: { algorithm: certManager.PrivateKeyAlgorithm.RSA, size: 2048 },
  });
  new istio.Gateway(scope, 'ExternalGateway', {
    metadata: { name: 'external-gateway' },
    selector: { istio: 'ingressgateway' },
    servers: [{ port: 443, portName: 'https', protocol: istio.GatewayProtocol.HTTPS, hosts: ['*.example.com'], tls: istio.GatewayTls.simple(cert) }],
  });
}

/** "Implementing Zero-Trust with Custom Policies": STRICT mTLS in test-mesh; httpbin admits GET/POST from the namespace's identities only. */
function testMesh(scope: Construct): void {
  new istio.PeerAuthentication(scope, 'StrictMtls', {
    metadata: { name: 'strict-mtls' },
    mode: istio.MtlsMode.STRICT,
  });
  new istio.AuthorizationPolicy(scope, 'AllowHttpbin', {
    metadata: { name: 'allow-httpbin' },
    action: istio.AuthorizationAction.ALLOW,
    selector: { app: 'httpbin' },
    rules: [{
      // a trailing "*" matches every service account of test-mesh (valid Istio syntax)
      from: [{ principals: ['cluster.local/ns/test-mesh/sa/*'] }],
      to: [{ methods: ['GET', 'POST'] }],
    }],
  });
}
