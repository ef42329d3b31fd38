// Seed 003 ("How to Integrate Istio with cert-manager for TLS Certificates"): the Istio
// Gateways `istio-gateway` (HTTPS + HTTP redirect) and `mtls-gateway` (client certificates),
// the VirtualService `app-routes`, and the issuers and certificates they serve, written with
// the library's L2 constructs only. Deviations from the guide are explained in README.md; the
// guide's `acme-gateway` / `acme-challenge-route` are left out because they cannot work (the
// HTTP-01 form of this setup is examples/seed-003-cert-manager-istio-guide, built on the
// HttpsRedirectGateway pattern). One output folder:
//   ingress/  issuers, certificates (istio-system), gateways (istio-system), routes (default)
import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { certManager, gitops, istio, Warnings } from '../../src';

/** The guide's ingress gateway pods and their namespace (where Istio reads the Secrets). */
const ISTIO_SYSTEM = 'istio-system';
const SELECTOR = { istio: 'ingressgateway' };
/** Hosts of `istio-gateway` and of `gateway-certificate`. */
const APP_HOSTS = ['app.example.com', 'api.example.com', 'www.example.com'];

/** One App per output folder. */
export function build(outdir: string): App[] {
  const repo = new gitops.GitOpsRepo({ outdir, repoURL: 'https://github.com/example/platform-gitops.git', path: 'examples/istio-seed-003-gateways/dist' });
  const app = repo.addFolder('ingress');
  const issuers = letsEncryptIssuers(new Chart(app, 'issuers'));
  const certs = certificates(new Chart(app, 'certificates', { namespace: ISTIO_SYSTEM }), issuers);
  const gateways = new Chart(app, 'gateways', { namespace: ISTIO_SYSTEM });
  const istioGateway = istioGatewayOf(gateways, certs.gateway);
  mtlsGateway(gateways, certs.secureApi);
  appRoutes(new Chart(app, 'routes', { namespace: 'default' }), istioGateway);
  repo.addCertManager();
  return repo.apps;
}

/** Warnings of the synthesized apps, one per line (printed by scripts/synth.js). */
export function report(apps: App[]): string {
  return apps.flatMap((app) => Warnings.collect(app).map((w) => `warning: ${w}`)).join('\n');
}

/** The guide's Cloudflare DNS-01 solver (zone example.com, API token Secret in cert-manager's namespace). */
export function cloudflareSolver(): certManager.AcmeSolver {
  return certManager.AcmeSolver.dns01(
    certManager.Dns01Provider.cloudflare({ email: 'your-cloudflare-email@example.com', apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } }),
    { selector: { dnsZones: ['example.com'] } },
  );
}

/**
 * "Configuring ClusterIssuers": `letsencrypt-staging` (the guide's issuer for the gateway
 * certificate) and `letsencrypt-dns` (Let's Encrypt production over Cloudflare DNS-01).
 *
 * The guide's staging issuer solves HTTP-01 with a `gatewayHTTPRoute` whose parent is
 * `istio-system/istio-gateway`: that names a Gateway API Gateway, not the Istio Gateway of
 * this setup, so cert-manager's challenge HTTPRoute attaches to nothing (and the port-80
 * redirect would catch the challenge anyway). Here it solves DNS-01 with the guide's
 * Cloudflare provider; for HTTP-01 use the HttpsRedirectGateway pattern.
 */
export function letsEncryptIssuers(scope: Construct): { staging: certManager.ClusterIssuer; dns: certManager.ClusterIssuer } {
  const staging = new certManager.ClusterIssuer(scope, 'LetsencryptStaging', {
    metadata: { name: 'letsencrypt-staging' },
    config: certManager.IssuerConfig.letsEncrypt({
      environment: certManager.LetsEncryptEnvironment.STAGING,
      email: 'your-email@your-domain.com',
      privateKeySecretName: 'letsencrypt-staging-account-key',
      solvers: [cloudflareSolver()],
    }),
  });
  const dns = new certManager.ClusterIssuer(scope, 'LetsencryptDns', {
    metadata: { name: 'letsencrypt-dns' },
    config: certManager.IssuerConfig.letsEncrypt({
      environment: certManager.LetsEncryptEnvironment.PRODUCTION,
      email: 'your-email@your-domain.com',
      privateKeySecretName: 'letsencrypt-dns-account-key',
      solvers: [cloudflareSolver()],
    }),
  });
  return { staging, dns };
}

/**
 * "Creating Certificates for Istio Gateway", in istio-system (the gateway pods' namespace):
 * `gateway-certificate` (app/api/www), `wildcard-certificate` (*.example.com, example.com) and,
 * new, `secure-api-certificate` for the mTLS gateway's host, which the guide serves with
 * `gateway-tls-secret` although that certificate does not name it.
 */
export function certificates(scope: Construct, issuers: { staging: certManager.ClusterIssuer; dns: certManager.ClusterIssuer }): { gateway: certManager.Certificate; secureApi: certManager.Certificate } {
  const gateway = new certManager.Certificate(scope, 'GatewayCertificate', {
    metadata: { name: 'gateway-certificate' },
    issuer: issuers.staging,
    secretName: 'gateway-tls-secret',
    // the guide's `duration: 2160h` is dropped: Let's Encrypt ignores it (90 days anyway)
    renewBefore: Duration.hours(720),
    subject: { organizations: ['My Organization'] },
    // RSA: the gateway's cipher suites below are ECDHE-RSA only
    privateKey: { algorithm: certManager.PrivateKeyAlgorithm.RSA, size: 2048, encoding: certManager.PrivateKeyEncoding.PKCS1, rotationPolicy: certManager.PrivateKeyRotationPolicy.ALWAYS },
    usages: [certManager.KeyUsage.SERVER_AUTH, certManager.KeyUsage.CLIENT_AUTH],
    dnsNames: APP_HOSTS,
  });
  new certManager.Certificate(scope, 'WildcardCertificate', {
    metadata: { name: 'wildcard-certificate' },
    issuer: issuers.dns,
    secretName: 'wildcard-tls-secret',
    renewBefore: Duration.hours(720),
    privateKey: { algorithm: certManager.PrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: certManager.PrivateKeyRotationPolicy.ALWAYS },
    dnsNames: ['*.example.com', 'example.com'],
  });
  const secureApi = new certManager.Certificate(scope, 'SecureApiCertificate', {
    metadata: { name: 'secure-api-certificate' },
    issuer: issuers.staging,
    secretName: 'secure-api-tls',
    dnsNames: ['secure-api.example.com'],
  });
  return { gateway, secureApi };
}

/** "Configuring Istio Gateway with TLS": HTTPS with the guide's TLS settings, HTTP redirecting to it. */
function istioGatewayOf(scope: Construct, cert: certManager.Certificate): istio.Gateway {
  return new istio.Gateway(scope, 'IstioGateway', {
    metadata: { name: 'istio-gateway' },
    selector: SELECTOR,
    servers: [
      {
        port: 443,
        portName: 'https',
        protocol: istio.GatewayProtocol.HTTPS,
        hosts: APP_HOSTS,
        tls: istio.GatewayTls.simple(cert, {
          minProtocolVersion: istio.TlsProtocolVersion.TLSV1_2,
          cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'],
        }),
      },
      { port: 80, portName: 'http', protocol: istio.GatewayProtocol.HTTP, hosts: APP_HOSTS, tls: istio.GatewayTls.httpsRedirect() },
    ],
  });
}

/**
 * "mutual TLS (mTLS)": MUTUAL with its own server certificate, and the client CA from the
 * Secret `client-ca` (key `ca.crt`, in istio-system) instead of the guide's
 * `caCertificates: /etc/istio/client-ca/ca.crt` file, which no gateway pod mounts. A Let's
 * Encrypt Secret has no `ca.crt`, so the client CA must be named (Istio 1.28 and later).
 */
function mtlsGateway(scope: Construct, cert: certManager.Certificate): istio.Gateway {
  return new istio.Gateway(scope, 'MtlsGateway', {
    metadata: { name: 'mtls-gateway' },
    selector: SELECTOR,
    servers: [{
      port: 443,
      portName: 'https-mtls',
      protocol: istio.GatewayProtocol.HTTPS,
      hosts: ['secure-api.example.com'],
      tls: istio.GatewayTls.mutual(cert, { caCertCredentialName: 'client-ca', minProtocolVersion: istio.TlsProtocolVersion.TLSV1_2 }),
    }],
  });
}

/** "Create a VirtualService to route traffic": app.example.com, /api to api-service, the rest to frontend-service. */
function appRoutes(scope: Construct, gateway: istio.Gateway): istio.VirtualService {
  return new istio.VirtualService(scope, 'AppRoutes', {
    metadata: { name: 'app-routes' },
    hosts: ['app.example.com'],
    gateways: [gateway],
    httpRoutes: [
      { matches: [istio.HttpMatch.uriPrefix('/api')], destinations: [{ host: 'api-service', port: 8080 }] },
      { destinations: [{ host: 'frontend-service', port: 80 }] },
    ],
  });
}
