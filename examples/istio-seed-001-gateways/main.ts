// Seed 001 ("Istio 0.8.0 (Envoy) + Cert-Manager + Let's Encrypt for TLS") written with the
// library's L2 constructs only: the Route53 DNS-01 ClusterIssuer `letsencrypt-prod`, the one
// Certificate for every FQDN in istio-system, the Gateways and the VirtualServices. The post
// shows two alternative gateway layouts; they cannot be applied together (both claim
// my.domain.com on port 443), so each gets its own output folder (see README.md):
//   web-gateway/         one Gateway `web-gateway` (HTTP + HTTPS) and the VirtualServices
//   gateway-per-domain/  the 2018-08-22 update: one Gateway per domain sharing the certificate
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { certManager, gitops, istio, Warnings } from '../../src';

/** Namespace of the ingress gateway pods: Istio reads `credentialName` Secrets here. */
const GATEWAY_WORKLOAD_NAMESPACE = 'istio-system';
/** The post's ingress gateway pods. */
const SELECTOR = { istio: 'ingressgateway' };
/** The post's certificate names (commonName first). */
const DOMAINS = ['my.domain.com', 'subnet.domain.com', 'www.otherdomain.com'];

/** One App per output folder. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/example/platform-gitops.git', path: 'examples/istio-seed-001-gateways/dist' });
  webGateway(repo);
  gatewayPerDomain(repo);
  repo.addCertManager();
  return repo.apps;
}

/** Warnings of the synthesized apps, one per line (printed by scripts/synth.js). */
export function report(apps: App[]): string {
  return apps.flatMap((app) => Warnings.collect(app).map((w) => `warning: ${w}`)).join('\n');
}


/**
 * "ClusterIssuer" and "Certificate": Let's Encrypt production over Route53 DNS-01, and one
 * Certificate for all FQDNs whose Secret `istio-ingressgateway-certs` lives in istio-system.
 */
export function certificates(scope: Construct, dnsNames: string[]): certManager.Certificate {
  const issuer = new certManager.ClusterIssuer(scope, 'LetsencryptProd', {
    // a ClusterIssuer is cluster-scoped: the post's `namespace: cert-manager` is dropped
    metadata: { name: 'letsencrypt-prod' },
    config: certManager.IssuerConfig.letsEncrypt({
      environment: certManager.LetsEncryptEnvironment.PRODUCTION,
      email: 'me@ici.com',
      privateKeySecretName: 'letsencrypt-prod',
      // the post's `dns01.providers[aws-dns-prod]`; today a solver is chosen per name by the
      // issuer's solvers list instead of the Certificate's removed `acme.config`
      solvers: [certManager.AcmeSolver.dns01(certManager.Dns01Provider.route53({
        region: 'ca-central-1',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKeySecretRef: { name: 'prod-route53-credentials-secret', key: 'secret-access-key' },
      }))],
    }),
  });
  return new certManager.Certificate(scope, 'DomainIngressCerts', {
    metadata: { name: 'domain-ingress-certs', namespace: GATEWAY_WORKLOAD_NAMESPACE },
    issuer,
    secretName: 'istio-ingressgateway-certs',
    commonName: 'my.domain.com',
    dnsNames,
  });
}

/** The post's main layout: Gateway `web-gateway` and VirtualServices `domain-http`, `subnet-http`. */
function webGateway(repo: gitops.GitOpsRepo): App {
  // the two folders are alternatives (IST0145 if applied together): two clusters
  const app = repo.addFolder('web-gateway', { destination: { name: 'web-gateway-cluster' } });
  const cert = certificates(new Chart(app, 'cert-manager'), DOMAINS);

  // The Gateway object lives in `test`, the gateway pods in istio-system: the Secret is read
  // there, so the Certificate is in istio-system, as the post insists.
  const test = new Chart(app, 'test', { namespace: 'test' });
  const gateway = new istio.Gateway(test, 'WebGateway', {
    metadata: { name: 'web-gateway' },
    selector: SELECTOR,
    workloadNamespace: GATEWAY_WORKLOAD_NAMESPACE,
    servers: [
      { port: 80, portName: 'http', protocol: istio.GatewayProtocol.HTTP, hosts: ['my.domain.com'] },
      // hosts without the post's `:443` duplicates; the Secret instead of file paths
      { port: 443, portName: 'https', protocol: istio.GatewayProtocol.HTTPS, hosts: ['my.domain.com', 'subnet.domain.com'], tls: istio.GatewayTls.simple(cert) },
    ],
  });
  new istio.VirtualService(test, 'DomainHttp', {
    metadata: { name: 'domain-http' },
    gateways: [gateway],
    hosts: ['my.domain.com'],
    httpRoutes: [{ matches: [istio.HttpMatch.uriPrefix('/')], destinations: [{ host: 'my-http-service', port: 1080 }] }],
  });
  new istio.VirtualService(test, 'SubnetHttp', {
    metadata: { name: 'subnet-http' },
    gateways: [gateway],
    hosts: ['subnet.domain.com'],
    httpRoutes: [{ matches: [istio.HttpMatch.uriPrefix('/')], destinations: [{ host: 'subnet-http-service', port: 1081 }] }],
  });
  return app;
}

/**
 * "UPDATE 2018/08/22": Gateways `gateway-mydomain` and `gateway-otherdomain` on port 443 with
 * the same certificate. Istio accepts this, but `istioctl analyze` warns (IST0138) and so
 * does the library (see report()): a browser reuses the HTTP/2 connection of one host for the
 * other and gets 404 from the gateway that does not serve it. `web-gateway/` is the fix.
 */
function gatewayPerDomain(repo: gitops.GitOpsRepo): App {
  const app = repo.addFolder('gateway-per-domain', { destination: { name: 'gateway-per-domain-cluster' } });
  // other.domain.com is served here, so the certificate must name it (the post's list has
  // www.otherdomain.com instead)
  const cert = certificates(new Chart(app, 'cert-manager'), [...DOMAINS, 'other.domain.com']);
  const test = new Chart(app, 'test', { namespace: 'test' });
  new istio.Gateway(test, 'GatewayMydomain', {
    metadata: { name: 'gateway-mydomain' },
    selector: SELECTOR,
    workloadNamespace: GATEWAY_WORKLOAD_NAMESPACE,
    servers: [{ port: 443, portName: 'https-mydomain', protocol: istio.GatewayProtocol.HTTPS, hosts: ['my.domain.com'], tls: istio.GatewayTls.simple(cert) }],
  });
  new istio.Gateway(test, 'GatewayOtherdomain', {
    metadata: { name: 'gateway-otherdomain' },
    selector: SELECTOR,
    workloadNamespace: GATEWAY_WORKLOAD_NAMESPACE,
    servers: [{ port: 443, portName: 'https-otherdomain', protocol: istio.GatewayProtocol.HTTPS, hosts: ['other.domain.com'], tls: istio.GatewayTls.simple(cert) }],
  });
  return app;
}

