// Library mode: the fleet of bench/fleet.ts built with the patterns, all validation on, plus Argo
// CD sync waves, the Argo CD hygiene checks and the Let's Encrypt budget over the whole app —
// what a GitOps folder made with GitOpsRepo.addFolder() gets — synthesized through the
// library's pipeline (`Synthesis`, bench/worker.ts).
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { certManager, gitops, istio, patterns } from '../src';
import {
  CLOUDFLARE_TOKEN, fleet, ISSUER_EMAIL, ISSUER_NAME, PLATFORM_CHART, Site, SiteRoute, tenants, WORKLOAD_NAMESPACE, WORKLOAD_SELECTOR,
} from './fleet';

/** The fleet of `sites` sites as one cdk8s App writing into `<outdir>/fleet`. */
export function buildFleet(outdir: string, sites: number): App {
  const app = new App({ outdir: path.join(outdir, 'fleet'), outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const platform = new Chart(app, PLATFORM_CHART);
  const issuer = new certManager.ClusterIssuer(platform, 'LetsEncrypt', {
    metadata: { name: ISSUER_NAME },
    config: certManager.IssuerConfig.letsEncrypt({ environment: certManager.LetsEncryptEnvironment.PRODUCTION, email: ISSUER_EMAIL }),
  });
  const charts = new Map(tenants(sites).map((t) => [t, new Chart(app, t, { namespace: t })]));
  const choice = patterns.AcmeIssuerChoice.fromIssuer(issuer);
  const cloudflare = certManager.Dns01Provider.cloudflare({ apiTokenSecretRef: CLOUDFLARE_TOKEN });

  for (const site of fleet(sites)) {
    const chart = charts.get(site.tenant)!;
    const routes = site.routes.map((r) => ({ pathPrefix: r.pathPrefix, serviceName: r.serviceName, port: r.port }));
    if (site.kind === 'istio') {
      new patterns.HttpsRedirectGateway(chart, site.id, {
        metadata: { name: site.name },
        hosts: site.hosts,
        workload: { namespace: WORKLOAD_NAMESPACE, selector: WORKLOAD_SELECTOR },
        issuer: choice,
        routes,
      });
    } else if (site.kind === 'gateway-api') {
      new patterns.HttpsRedirectGateway(chart, site.id, {
        metadata: { name: site.name },
        hosts: site.hosts,
        // with the Gateway API, Istio runs a gateway deployment in the Gateway's namespace
        workload: { namespace: site.tenant },
        api: patterns.IngressApi.GATEWAY_API,
        issuer: choice,
        routes,
      });
    } else {
      wildcardSite(chart, site, choice, cloudflare);
    }
  }

  gitops.SyncWaves.apply(app);
  gitops.ArgoCdHygiene.apply(app);
  gitops.LetsEncryptBudget.apply(app);
  return app;
}

/** `*.<zone>` over DNS-01, served by an Gateway of its own and routed by a VirtualService. */
function wildcardSite(chart: Chart, site: Site, issuer: patterns.AcmeIssuerChoice, dns01: certManager.Dns01Provider): void {
  const zone = site.hosts[0];
  const cert = new patterns.WildcardCertificate(chart, site.id, {
    metadata: { name: site.name, namespace: WORKLOAD_NAMESPACE },
    zone,
    issuer,
    dns01,
  });
  const gateway = new istio.Gateway(chart, `${site.id}Gateway`, {
    metadata: { name: site.name },
    selector: WORKLOAD_SELECTOR,
    workloadNamespace: WORKLOAD_NAMESPACE,
  });
  gateway.addHttpServer({ hosts: cert.dnsNames, httpsRedirect: true });
  cert.addIstioServer(gateway);
  new istio.VirtualService(chart, `${site.id}Routes`, {
    metadata: { name: site.name },
    hosts: cert.dnsNames,
    gateways: [gateway],
    httpRoutes: site.routes.map((r) => ({
      matches: uriMatches(r),
      destinations: [{ host: `${r.serviceName}.${site.tenant}.svc.cluster.local`, port: r.port }],
    })),
  });
}

/** A path prefix matched element by element (`/api` matches `/api` and `/api/x`, not `/apix`). */
function uriMatches(r: SiteRoute): istio.HttpMatch[] {
  return r.pathPrefix === '/'
    ? [istio.HttpMatch.uriPrefix('/')]
    : [istio.HttpMatch.of({ uri: istio.StringMatch.exact(r.pathPrefix) }), istio.HttpMatch.of({ uri: istio.StringMatch.prefix(`${r.pathPrefix}/`) })];
}
