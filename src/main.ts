// The embedded default app: a realistic platform that `npm run synth` renders into dist/, one
// folder per Argo CD Application plus the app-of-apps folder argocd/:
//
//   argocd/    the root: cert-manager (Helm, HA values, Gateway API support), the Istio ingress
//              gateway the sites use (Istio's gateway chart: istio-ingressgateway in istio-system,
//              pods labelled istio: ingressgateway), one Application per folder below, in
//              sync-wave order
//   ingress/   Let's Encrypt staging + production ClusterIssuers, a DNS-01 ClusterIssuer,
//              shop.example.com behind an HTTP→HTTPS redirect on the classic Istio gateway
//              (HTTP-01 still gets through), api.example.com the same on the Gateway API, and
//              *.apps.example.com with a wildcard certificate over Cloudflare DNS-01
//   mesh/      cert-manager as the mesh's workload CA through istio-csr: an in-cluster root
//              (SelfSigned → CA), an intermediate, trust-manager Bundle pinning the root,
//              istio-csr and istiod Applications, STRICT mTLS mesh-wide, a verification namespace
//   monitoring/ certificate expiry / renewal alerts, a Grafana dashboard, cert-manager's
//              NetworkPolicy
//
// Assumed already in the cluster (not installed here): Argo CD itself, the Gateway API CRDs
// (cert-manager's gatewayHTTPRoute solver needs them at startup), the prometheus-operator CRDs
// for the PrometheusRule. Istio itself: base and istiod come from the mesh CA (mesh/, after
// istio-csr, whose CA istiod uses), the ingress gateway from argocd/ in the wave after mesh/.
//
// New sites start on Let's Encrypt *staging* (untrusted certificates, generous rate limits) and
// move to production once staging issuance works: shop.example.com has been promoted, while
// api.example.com and the wildcard are still on staging.
import { App, Chart } from 'cdk8s';
import { certManager, gitops, istio, monitoring, patterns, Synthesis } from '.';

// The ACME accounts have no contact address: cert-manager registers them without one, which
// Let's Encrypt accepts. To get expiry and policy mail, add `email:` with an address at a domain
// you own (Let's Encrypt refuses example.com/.net/.org and non-public domains).
/** Where the default ingress gateway pods run (Istio's default install). */
const INGRESS = { namespace: 'istio-system', selector: { istio: 'ingressgateway' } };

/** Build the default app: one App per output folder under `outdir`. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/example-org/platform-gitops.git', path: 'dist' });
  // mesh/ installs Istio (base CRDs, istiod) behind istio-csr; the folders using Istio's CRDs
  // come in the next wave of the app of apps
  meshFolder(new Chart(repo.addFolder('mesh'), 'mesh'));
  const afterIstio = gitops.GitOpsRepo.FOLDER_WAVE + 1;
  // the ingress gateway the sites select (istio: ingressgateway): istiod injects it, so it syncs
  // after mesh/ (MeshCa's istiod Application; istiod is rendered there only, not here)
  const gateway = repo.addIstioGateway({ name: 'istio-ingressgateway', namespace: INGRESS.namespace });
  // ingress/'s Certificates are validated over HTTP-01 through the gateway's pods: after it
  ingressFolder(new Chart(repo.addFolder('ingress', { syncWave: gateway.application.syncWave! + 1 }), 'ingress'));
  monitoringFolder(new Chart(repo.addFolder('monitoring', { namespace: 'cert-manager', syncWave: afterIstio }), 'monitoring', { namespace: 'cert-manager' }));
  repo.addCertManager();
  repo.addTrustManager(); // the mesh CA's Bundle; patterns.MeshCa installs istio-csr itself
  return repo.apps;
}

/** The synth summary `npm run synth` prints: hosts → certificate → issuer → gateway, warnings. */
export function report(apps: App[]): string {
  return gitops.SynthReport.render(apps);
}

function ingressFolder(chart: Chart): void {
  // Let's Encrypt staging and production; each site's HTTP-01 solvers are added by its pattern.
  const staging = new certManager.ClusterIssuer(chart, 'LetsEncryptStaging', {
    metadata: { name: 'letsencrypt-staging' },
    config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.STAGING }),
  });
  const production = new certManager.ClusterIssuer(chart, 'LetsEncryptProduction', {
    metadata: { name: 'letsencrypt-production' },
    config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.PRODUCTION }),
  });

  // shop.example.com: seed 000's shape on the classic Istio gateway (port 80 redirects, 443
  // serves the certificate); the pattern routes the HTTP-01 challenge to the solver pod on 443.
  new patterns.HttpsRedirectGateway(chart, 'Shop', {
    hosts: ['shop.example.com', 'www.shop.example.com'],
    workload: INGRESS,
    issuer: patterns.AcmeIssuerChoice.fromIssuer(production),
    routes: [
      { pathPrefix: '/api', serviceName: 'shop-api', serviceNamespace: 'shop', port: 8080 },
      { serviceName: 'shop-web', serviceNamespace: 'shop', port: 80 },
    ],
  });

  // api.example.com: the same intent on the Gateway API (gatewayClassName istio); the solver
  // is cert-manager's gatewayHTTPRoute on the HTTP listener, the redirect an HTTPRoute.
  new patterns.HttpsRedirectGateway(chart, 'Api', {
    api: patterns.IngressApi.GATEWAY_API,
    hosts: ['api.example.com'],
    workload: { namespace: 'api-gateway' },
    issuer: patterns.AcmeIssuerChoice.fromIssuer(staging),
    routes: [{ serviceName: 'api', serviceNamespace: 'api-gateway', port: 8080 }],
  });

  // *.apps.example.com: one wildcard certificate over Cloudflare DNS-01 (a dedicated DNS-01
  // ClusterIssuer, solver selected by dnsZones), served by one HTTPS server for every app.
  const dns01 = new certManager.ClusterIssuer(chart, 'LetsEncryptDns01', {
    metadata: { name: 'letsencrypt-dns01' },
    config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.STAGING }),
  });
  const wildcard = new patterns.WildcardCertificate(chart, 'AppsWildcard', {
    metadata: { name: 'apps-wildcard', namespace: INGRESS.namespace },
    zone: 'apps.example.com',
    issuer: patterns.AcmeIssuerChoice.fromIssuer(dns01),
    dns01: certManager.Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } }),
  });
  const apps = new istio.Gateway(chart, 'AppsGateway', {
    metadata: { name: 'apps-gateway', namespace: INGRESS.namespace },
    selector: INGRESS.selector,
    workloadNamespace: INGRESS.namespace,
  });
  apps.addHttpServer({ hosts: ['*.apps.example.com'], httpsRedirect: true });
  wildcard.addIstioServer(apps);
  for (const [app, port] of [['grafana', 3000], ['argocd', 80]] as const) {
    new istio.VirtualService(chart, `${app}-route`, {
      metadata: { name: app, namespace: app },
      hosts: [`${app}.apps.example.com`],
      gateways: [apps],
      httpRoutes: [{ destinations: [{ host: `${app}.${app}.svc.cluster.local`, port }] }],
    });
  }
}

function meshFolder(chart: Chart): void {
  const meshCa = new patterns.MeshCa(chart, 'MeshCa', { mode: patterns.MeshCaMode.ISTIO_CSR });
  meshCa.addVerification('Verification');
}

function monitoringFolder(chart: Chart): void {
  new monitoring.CertificateAlerts(chart, 'CertificateAlerts', { metadata: { name: 'cert-manager-certificates' } });
  new monitoring.CertManagerDashboard(chart, 'Dashboard', { metadata: { name: 'cert-manager-dashboard' } });
  new monitoring.CertManagerNetworkPolicy(chart, 'NetworkPolicy');
}

if (require.main === module) {
  // `cdk8s synth` (cdk8s.yaml) runs this file: it shows the app's stderr, not its stdout
  const apps = build(process.env.CDK8S_OUTDIR ?? 'dist');
  Synthesis.synthApps(apps);
  if (['', '0', undefined].includes(process.env.CDK8S_ISTIO_TLS_QUIET)) process.stderr.write(`${report(apps)}\n`);
}
