// Seed 003 ("How to Integrate Istio with cert-manager for TLS Certificates"), ingress parts:
// Let's Encrypt issuers for staging and production, the Istio Gateway for app/api/www with an
// HTTP→HTTPS redirect, the app's routes, a wildcard certificate over Cloudflare DNS-01 and one
// DNS-01 issuer serving three zones through three providers (selected by dnsZones).
// The guide switches staging → production by editing issuerRefs; here one prop does it, and
// the example renders both environments (see README.md for deviations):
//   staging/     environment: LetsEncryptEnvironment.STAGING (the library's default)
//   production/  environment: LetsEncryptEnvironment.PRODUCTION
// (in a real repository they would deploy to two clusters); argocd/ is the app of apps.
import { App, Chart } from 'cdk8s';
import { certManager, gitops, istio, patterns } from '../../src';

/** One App per output folder. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/example/platform-gitops.git', path: 'examples/seed-003-cert-manager-istio-guide/dist' });
  guide(new Chart(repo.addFolder('staging', { destination: { name: 'staging' } }), 'ingress'), certManager.LetsEncryptEnvironment.STAGING);
  guide(new Chart(repo.addFolder('production', { destination: { name: 'production' } }), 'ingress'), certManager.LetsEncryptEnvironment.PRODUCTION);
  repo.addCertManager();
  return repo.apps;
}

/** The synth summary printed by scripts/synth.js. */
export function report(apps: App[]): string {
  return gitops.SynthReport.render(apps);
}

function guide(chart: Chart, environment: certManager.LetsEncryptEnvironment): void {
  const env = environment === certManager.LetsEncryptEnvironment.PRODUCTION ? 'production' : 'staging';

  // "Configuring ClusterIssuers" + "Configuring Istio Gateway with TLS" + "Let's Encrypt
  // integration": the guide's istio-gateway (istio-system) serving app/api/www.example.com with
  // a port-80 redirect, certificate `gateway-certificate` (Secret gateway-tls-secret) from the
  // ClusterIssuer letsencrypt-staging / letsencrypt-production over HTTP-01.
  new patterns.HttpsRedirectGateway(chart, 'IstioGateway', {
    metadata: { name: 'istio-gateway' },
    hosts: ['app.example.com', 'api.example.com', 'www.example.com'],
    workload: { namespace: 'istio-system', selector: { istio: 'ingressgateway' } },
    issuer: patterns.AcmeIssuerChoice.letsEncrypt({ environment, clusterIssuer: true, name: `letsencrypt-${env}`, email: 'your-email@your-domain.com' }),
    // the guide's names: Certificate gateway-certificate, VirtualService app-routes, ports https / http
    names: { certificate: 'gateway-certificate', virtualService: 'app-routes', httpPortName: 'http', httpsPortName: 'https' },
    secretName: 'gateway-tls-secret',
    // the guide's key (RSA 2048, rotated) fits its RSA-only cipher suites
    privateKey: { algorithm: certManager.PrivateKeyAlgorithm.RSA, size: 2048, rotationPolicy: certManager.PrivateKeyRotationPolicy.ALWAYS },
    tls: { minProtocolVersion: istio.TlsProtocolVersion.TLSV1_2, cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'] },
    // the guide's VirtualService app-routes (app.example.com): /api → api-service:8080, the
    // rest → frontend-service:80; the services live in `default`
    routes: [
      { pathPrefix: '/api', serviceName: 'api-service', serviceNamespace: 'default', port: 8080, hosts: ['app.example.com'] },
      { serviceName: 'frontend-service', serviceNamespace: 'default', port: 80, hosts: ['app.example.com'] },
      { serviceName: 'api-service', serviceNamespace: 'default', port: 8080, hosts: ['api.example.com'] },
      { serviceName: 'frontend-service', serviceNamespace: 'default', port: 80, hosts: ['www.example.com'] },
    ],
  });

  // "Complete DNS-01 configuration with multiple providers": one ClusterIssuer, one solver
  // per zone; each WildcardCertificate adds its provider selected by dnsZones.
  const dns01 = new certManager.ClusterIssuer(chart, 'LetsencryptDns01', {
    metadata: { name: `letsencrypt-dns01-${env}` },
    config: certManager.IssuerConfig.letsEncrypt({ environment, email: 'your-email@your-domain.com' }),
  });

  // "For wildcard certificates, use DNS-01": *.example.com and example.com via Cloudflare
  new patterns.WildcardCertificate(chart, 'WildcardCertificate', {
    metadata: { name: 'wildcard-certificate', namespace: 'istio-system' },
    zone: 'example.com',
    includeApex: true,
    issuer: patterns.AcmeIssuerChoice.fromIssuer(dns01),
    dns01: certManager.Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cloudflare-token', key: 'token' } }),
    secretName: 'wildcard-tls-secret',
  });
  // Route53 with IRSA (the role is assumed with cert-manager's own ServiceAccount)
  new patterns.WildcardCertificate(chart, 'AwsWildcard', {
    metadata: { name: 'aws-wildcard-certificate', namespace: 'istio-system' },
    zone: 'aws-example.com',
    issuer: patterns.AcmeIssuerChoice.fromIssuer(dns01),
    dns01: certManager.Dns01Provider.route53({ region: 'us-east-1', role: 'arn:aws:iam::123456789:role/cert-manager-route53' }),
  });
  // Google Cloud DNS with a service account key
  new patterns.WildcardCertificate(chart, 'GcpWildcard', {
    metadata: { name: 'gcp-wildcard-certificate', namespace: 'istio-system' },
    zone: 'gcp-example.com',
    issuer: patterns.AcmeIssuerChoice.fromIssuer(dns01),
    dns01: certManager.Dns01Provider.cloudDns({ project: 'my-gcp-project', serviceAccountSecretRef: { name: 'gcp-dns-credentials', key: 'credentials.json' } }),
  });

}
