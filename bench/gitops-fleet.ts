// The GitOps fleet (issue #14): N sites as a GitOps repository of 50 tenant folders plus a
// platform folder — what a platform team running thousands of customer sites commits:
//   - platform/: the shared Let's Encrypt ClusterIssuer (its solvers prepared once, so adding a
//     site never changes this folder) and one shared Gateway API Gateway per tenant (Istio runs
//     one Deployment and load balancer per Gateway it manages: 50, not one per site);
//   - tenant-NN/: the tenant's sites — 7 in 10 on the classic Istio ingress gateway (Gateway
//     objects selecting the shared ingressgateway pods), 2 in 10 on the tenant's shared Gateway
//     API Gateway (a ListenerSet per site), 1 in 10 a wildcard certificate over DNS-01.
// Used by `npm run bench` (lib/bench/worker.js --mode gitops-fleet) and test/bench/gitops-fleet.test.ts.
import * as path from 'path';
import { Chart } from 'cdk8s';
import { certManager, gatewayApi, gitops, istio, patterns } from '../src';
import { CLOUDFLARE_TOKEN, fleet, ISSUER_EMAIL, ISSUER_NAME, WORKLOAD_NAMESPACE, WORKLOAD_SELECTOR } from './fleet';

/** Tenant folders. */
export const TENANT_FOLDERS = 50;

/** The repository for `sites` sites, written under `outdir`. */
export function buildGitOpsFleet(outdir: string, sites: number): gitops.GitOpsRepo {
  const repo = new gitops.GitOpsRepo({ outdir: path.join(outdir, 'repo'), repoURL: 'https://github.com/fleet-ops/gitops.git' });
  const platform = new Chart(repo.addFolder('platform'), 'platform');
  const issuer = new certManager.ClusterIssuer(platform, 'LetsEncrypt', {
    metadata: { name: ISSUER_NAME },
    config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.PRODUCTION, email: ISSUER_EMAIL }),
  });
  const cloudflare = certManager.Dns01Provider.cloudflare({ apiTokenSecretRef: CLOUDFLARE_TOKEN });
  // the solvers every site uses, on the issuer from the start: a new site never changes this folder
  patterns.HttpsRedirectGateway.prepareIssuer(issuer);
  patterns.WildcardCertificate.prepareIssuer(issuer, cloudflare);
  const choice = patterns.AcmeIssuerChoice.fromIssuer(issuer);

  const tenants = new Map<string, { chart: Chart; gateway: gatewayApi.Gateway }>();
  const tenantOf = (i: number) => {
    const name = `tenant-${String(i % TENANT_FOLDERS).padStart(2, '0')}`;
    let t = tenants.get(name);
    if (!t) {
      const gateway = new gatewayApi.Gateway(platform, `Edge-${name}`, {
        metadata: { name: `edge-${name}`, namespace: 'gateways' },
        allowedListeners: gatewayApi.AllowedListeners.fromNamespacesWithLabels({ 'kubernetes.io/metadata.name': name }),
        listeners: [{ name: 'http', protocol: gatewayApi.ListenerProtocol.HTTP, port: 80, allowedRoutes: gatewayApi.AllowedRoutes.fromNamespacesWithLabels({ 'kubernetes.io/metadata.name': name }) }],
      });
      t = { chart: new Chart(repo.addFolder(name), name, { namespace: name }), gateway };
      tenants.set(name, t);
    }
    return t;
  };

  for (const site of fleet(sites)) {
    const { chart, gateway } = tenantOf(site.index);
    const routes = site.routes.map((r) => ({ pathPrefix: r.pathPrefix, serviceName: r.serviceName, port: r.port }));
    if (site.kind === 'istio') {
      new patterns.HttpsRedirectGateway(chart, site.id, {
        metadata: { name: site.name }, hosts: site.hosts, workload: { namespace: WORKLOAD_NAMESPACE, selector: WORKLOAD_SELECTOR }, issuer: choice, routes,
      });
    } else if (site.kind === 'gateway-api') {
      new patterns.HttpsRedirectGateway(chart, site.id, {
        metadata: { name: site.name }, hosts: site.hosts, api: patterns.IngressApi.GATEWAY_API, gateway, issuer: choice, routes,
      });
    } else {
      const cert = new patterns.WildcardCertificate(chart, site.id, { metadata: { name: site.name, namespace: WORKLOAD_NAMESPACE }, zone: site.hosts[0], issuer: choice, dns01: cloudflare });
      const gw = new istio.Gateway(chart, `${site.id}Gateway`, { metadata: { name: site.name }, selector: WORKLOAD_SELECTOR, workloadNamespace: WORKLOAD_NAMESPACE });
      gw.addHttpServer({ hosts: cert.dnsNames, httpsRedirect: true });
      cert.addIstioServer(gw);
      new istio.VirtualService(chart, `${site.id}Routes`, {
        metadata: { name: site.name }, hosts: cert.dnsNames, gateways: [gw],
        httpRoutes: [{ destinations: [{ host: `web.${chart.namespace}.svc.cluster.local`, port: 8080 }] }],
      });
    }
  }
  repo.addCertManager();
  return repo;
}
