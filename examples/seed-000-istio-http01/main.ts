// Seed 000 (cert-manager's "Istio" HTTP-01 page): HTTP redirects to HTTPS on the Istio ingress
// gateway, and HTTPS serves a Let's Encrypt (staging) certificate that cert-manager obtains and
// renews over HTTP-01. The page's `http01.istio` solver no longer exists; the pattern delivers
// the same intent with today's CRDs (see README.md). Two output folders:
//   istio-api/    the page's shape: networking.istio.io Gateway with httpsRedirect on port 80
//   gateway-api/  the same with the Gateway API (gatewayClassName: istio), for
//                 gateway-api.example.com: both folders sync to one cluster, where two
//                 Certificates validating one name over HTTP-01 would take each other's
//                 challenges (`cdk8s-istio-tls check examples/seed-000-istio-http01/dist` says so)
// An app-of-apps folder argocd/ installs cert-manager (with Gateway API support, which the
// gateway-api/ folder needs) and syncs each folder.
import { App, Chart } from 'cdk8s';
import { certManager, gitops, patterns } from '../../src';

/** One App per output folder. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/example/platform-gitops.git', path: 'examples/seed-000-istio-http01/dist' });
  site(repo.addFolder('istio-api'), patterns.IngressApi.ISTIO);
  site(repo.addFolder('gateway-api'), patterns.IngressApi.GATEWAY_API);
  repo.addCertManager();
  return repo.apps;
}

/** The synth summary printed by scripts/synth.js. */
export function report(apps: App[]): string {
  return gitops.SynthReport.render(apps);
}

function site(app: App, api: patterns.IngressApi): void {
  const chart = new Chart(app, 'example');
  const istioApi = api === patterns.IngressApi.ISTIO;

  // The page's Issuer `example-issuer` (Let's Encrypt staging) in the namespace of the
  // gateway pods, where the Certificate must live; the pattern adds its HTTP-01 solver(s).
  const workloadNamespace = istioApi ? 'istio-system' : 'example-ns';
  const issuer = new certManager.Issuer(chart, 'ExampleIssuer', {
    metadata: { name: 'example-issuer', namespace: workloadNamespace },
    config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.STAGING, privateKeySecretName: 'example-issuer-account-key' }),
  });

  new patterns.HttpsRedirectGateway(chart, 'Example', {
    api,
    // Istio API: the page's Gateway `example-gateway` in `example-ns`, programming the default
    // ingress gateway pods (istio: ingressgateway) in istio-system. Gateway API: Istio deploys
    // the gateway for the Gateway in its own namespace.
    metadata: { name: 'example-gateway', namespace: istioApi ? 'example-ns' : undefined },
    hosts: [istioApi ? 'example.com' : 'gateway-api.example.com'],
    workload: istioApi ? { namespace: workloadNamespace, selector: { istio: 'ingressgateway' } } : { namespace: workloadNamespace },
    issuer: patterns.AcmeIssuerChoice.fromIssuer(issuer),
    // the page's names: Certificate example-cert writing example-cert-secret, servers http / https
    names: istioApi ? { certificate: 'example-cert', httpPortName: 'http', httpsPortName: 'https' } : { certificate: 'example-cert' },
    secretName: 'example-cert-secret',
    // the page shows the certificate and the redirect alone: no backend on purpose (HTTPS
    // answers 404 until another VirtualService / HTTPRoute binds example.com)
    routes: [],
  });
}
