// A default app as an entry module would write it once integrated with GitOpsRepo: used to
// test the issue #6 target checks (target-checks.ts) on a known-good app.
import { App, Chart } from 'cdk8s';
import { GitOpsRepo } from '../../src/gitops/gitops-repo';
import { SynthReport } from '../../src/gitops/synth-report';
import { Issuer } from '../../src/cert-manager/issuer';
import { IssuerConfig } from '../../src/cert-manager/issuer-config';
import { AcmeSolver } from '../../src/cert-manager/acme-solver';
import { acme, certificate, clusterIssuer, deploymentMounting, gwapiGateway, httpRoute, istioGateway, LE_STAGING, service, virtualService } from './fixtures';

export function build(outdir: string): App[] {
  const repo = new GitOpsRepo({ outdir, repoURL: 'https://github.com/cdk8s-istio-tls/cdk8s-istio-tls.git', path: 'dist' });
  const platform = new Chart(repo.addFolder('platform'), 'platform');
  const labels = { solver: 'shop' };
  clusterIssuer(platform, 'letsencrypt', acme(LE_STAGING, [{ selector: { dnsNames: ['shop.example.com'] }, http01: { ingress: { ingressClassName: 'istio', podTemplate: { metadata: { labels } } } } }]));
  istioGateway(platform, 'istio-ingress', 'shop', ['shop.example.com'], 'shop-tls');
  virtualService(platform, 'istio-ingress', 'acme', ['shop.example.com'], ['istio-ingress/shop']);
  service(platform, 'istio-ingress', 'acme-shop', labels);
  certificate(platform, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'letsencrypt', kind: 'ClusterIssuer' });
  deploymentMounting(platform, 'istio-ingress', 'app', 'shop-tls');
  const edge = new Chart(repo.addFolder('edge'), 'edge');
  new Issuer(edge, 'Le', { metadata: { namespace: 'istio-ingress' }, config: IssuerConfig.letsEncrypt({ email: 'ops@example.io', solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'web', sectionName: 'http' }] })] }) });
  gwapiGateway(edge, 'istio-ingress', 'web', [
    { name: 'http', port: 80, protocol: 'HTTP', hostname: 'api.example.com' },
    { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'api.example.com', tls: { certificateRefs: [{ name: 'api-tls' }] } },
  ]);
  httpRoute(edge, 'istio-ingress', 'redirect', [{ name: 'web', sectionName: 'http' }], ['api.example.com'], [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]);
  certificate(edge, 'istio-ingress', 'api', ['api.example.com'], { name: 'le', kind: 'Issuer' }, { duration: '2160h0m0s' });
  repo.addCertManager();
  repo.addTrustManager();
  return repo.apps;
}

export function report(apps: App[]): string {
  return SynthReport.render(apps);
}
