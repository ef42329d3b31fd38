// Seed 001 ("Istio 0.8.0 (Envoy) + Cert-Manager + Let's Encrypt for TLS"): one certificate for
// several FQDNs, validated over DNS-01 in AWS Route53, kept in one Secret in the namespace of
// the ingress gateway pods and served by one HTTPS server; VirtualServices route each host.
// Written with today's APIs (cert-manager.io/v1, networking.istio.io/v1): see README.md for
// where and why it deviates from the 2018 post. One output folder, ingress/, and the
// app-of-apps folder argocd/ (cert-manager, then ingress/).
import { App, Chart } from 'cdk8s';
import { certManager, gitops, istio, patterns } from '../../src';

/** One App per output folder. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/example/platform-gitops.git', path: 'examples/seed-001-route53-wildcard/dist' });
  ingress(new Chart(repo.addFolder('ingress'), 'ingress'));
  repo.addCertManager();
  return repo.apps;
}

/** The synth summary printed by scripts/synth.js. */
export function report(apps: App[]): string {
  return gitops.SynthReport.render(apps);
}

function ingress(chart: Chart): void {

  // The post's ClusterIssuer `letsencrypt-prod` (ACME v2 production). Its Route53 provider is
  // added by the WildcardCertificate below as a DNS-01 solver selected by dnsZones.
  const letsencryptProd = new certManager.ClusterIssuer(chart, 'LetsencryptProd', {
    metadata: { name: 'letsencrypt-prod' },
    config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.PRODUCTION, email: 'me@ici.com', privateKeySecretName: 'letsencrypt-prod' }),
  });

  // "only one Certificate with all your FQDNs in it", in istio-system where the gateway pods
  // read it. `*.domain.com` covers my.domain.com and subnet.domain.com (and any later
  // subdomain); www.otherdomain.com is another zone.
  const certs = new patterns.WildcardCertificate(chart, 'DomainIngressCerts', {
    metadata: { name: 'domain-ingress-certs', namespace: 'istio-system' },
    zone: 'domain.com',
    includeApex: false,
    additionalDnsNames: ['www.otherdomain.com'],
    issuer: patterns.AcmeIssuerChoice.fromIssuer(letsencryptProd),
    // the post's IAM user: an access key ID (an identifier) and the secret key in a Secret in
    // cert-manager's namespace (ClusterIssuer credentials are read there)
    dns01: certManager.Dns01Provider.route53({
      region: 'ca-central-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKeySecretRef: { name: 'prod-route53-credentials-secret', key: 'secret-access-key' },
    }),
    secretName: 'istio-ingressgateway-certs',
  });

  // The post's `web-gateway` (namespace test) on the default ingress gateway pods. Its UPDATE
  // splits the hosts into two Gateways (gateway-mydomain, gateway-otherdomain) sharing the
  // certificate; here every host is in ONE server of ONE Gateway: Istio gives each server its
  // own route table, so hosts sharing a certificate in separate servers (or Gateways, IST0138)
  // get 404 on a browser's reused HTTP/2 connection. The second call adds its host to the
  // server the first one created.
  const webGateway = new istio.Gateway(chart, 'WebGateway', {
    metadata: { name: 'web-gateway', namespace: 'test' },
    selector: { istio: 'ingressgateway' },
    workloadNamespace: 'istio-system',
  });
  webGateway.addHttpServer({ hosts: ['my.domain.com'], portName: 'http' });
  certs.addIstioServer(webGateway, { hosts: ['my.domain.com', 'subnet.domain.com'], portName: 'https' });
  certs.addIstioServer(webGateway, { hosts: ['www.otherdomain.com'] });

  new istio.VirtualService(chart, 'DomainHttp', {
    metadata: { name: 'domain-http', namespace: 'test' },
    hosts: ['my.domain.com'],
    gateways: [webGateway],
    httpRoutes: [{ matches: [istio.HttpMatch.uriPrefix('/')], destinations: [{ host: 'my-http-service', port: 1080 }] }],
  });
  new istio.VirtualService(chart, 'SubnetHttp', {
    metadata: { name: 'subnet-http', namespace: 'test' },
    hosts: ['subnet.domain.com'],
    gateways: [webGateway],
    httpRoutes: [{ matches: [istio.HttpMatch.uriPrefix('/')], destinations: [{ host: 'subnet-http-service', port: 1081 }] }],
  });
  new istio.VirtualService(chart, 'OtherdomainHttp', {
    metadata: { name: 'otherdomain-http', namespace: 'test' },
    hosts: ['www.otherdomain.com'],
    gateways: [webGateway],
    httpRoutes: [{ matches: [istio.HttpMatch.uriPrefix('/')], destinations: [{ host: 'otherdomain-http-service', port: 1082 }] }],
  });

}
