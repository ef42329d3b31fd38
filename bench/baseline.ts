// Baseline mode: the same objects the library writes for the fleet of bench/fleet.ts, written by
// hand as bare cdk8s ApiObjects (same apiVersion, kind, metadata and spec, same charts, same
// order), with no validation and no derived state — what a team writing the YAML with plain
// cdk8s would ship — and written with public API only, chart by chart
// (`Yaml.save(file, chart.apiObjects.map((o) => o.toJson()))`): plain `App.synth()` re-walks
// and re-validates the whole app for every chart it writes, which is quadratic in charts and no
// fair yardstick. Built programmatically from the fleet description, not from the library's
// output. test/bench/baseline.test.ts checks, byte for byte, that it stays identical to the
// library's output as the library evolves.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml, YamlOutputType } from 'cdk8s';
import {
  CLOUDFLARE_TOKEN, fleet, ISSUER_EMAIL, ISSUER_NAME, PLATFORM_CHART, Site, SiteRoute, tenants, WORKLOAD_NAMESPACE, WORKLOAD_SELECTOR,
} from './fleet';

const WAVE = 'argocd.argoproj.io/sync-wave';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';
const CHALLENGE_PATH = '/.well-known/acme-challenge/';
const SOLVER_PORT = 8089;
const ROUTE_LABEL = 'acme.cdk8s-istio-tls.io/http01-route';
const DNS01_LABEL = 'acme.cdk8s-istio-tls.io/dns01-solver';
const SOLVER_LABEL = 'acme.cert-manager.io/http01-solver';
const DOMAIN_LABEL = 'acme.cert-manager.io/http-domain';
const UNSERVED_INGRESS_CLASS = 'unserved.cdk8s-istio-tls.io';
const ISSUER_REF = { group: 'cert-manager.io', kind: 'ClusterIssuer', name: ISSUER_NAME };
const PRIVATE_KEY = { algorithm: 'ECDSA', rotationPolicy: 'Always', size: 256 };

/** Annotations of a custom resource: its wave, and the dry-run option (its CRD comes from another Application). */
function crAnnotations(wave: string, extra: { [key: string]: string } = {}): { [key: string]: string } {
  return { [SYNC_OPTIONS]: SKIP_DRY_RUN, [WAVE]: wave, ...extra };
}

/** Add `solver` unless the list has an equal one (shared solvers are on the issuer once). */
function addOnce(solvers: any[], solver: any): void {
  if (!solvers.some((x) => JSON.stringify(x) === JSON.stringify(solver))) solvers.push(solver);
}

/** zlib's adler32 of a name, as cert-manager labels the solver pods of its challenges (`http-domain`). */
function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Write every chart of `app` into `app.outdir` with public API: one file per chart. */
export function writeCharts(app: App): void {
  fs.mkdirSync(app.outdir, { recursive: true });
  for (const chart of app.node.children.filter((c): c is Chart => Chart.isChart(c))) {
    Yaml.save(path.join(app.outdir, `${chart.node.id}${app.outputFileExtension}`), chart.apiObjects.map((o) => o.toJson()));
  }
}

/** The fleet of `sites` sites as one cdk8s App writing into `<outdir>/fleet`. */
export function buildFleet(outdir: string, sites: number): App {
  const app = new App({ outdir: path.join(outdir, 'fleet'), outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const platform = new Chart(app, PLATFORM_CHART);
  const charts = new Map(tenants(sites).map((t) => [t, new Chart(app, t, { namespace: t })]));
  // sync waves as the library assigns them: Issuers 1, routing 2, Certificates 3; a Gateway API
  // Gateway shares its Certificate's wave (each needs the other to exist), its routes come after
  const solvers: any[] = [];
  for (const site of fleet(sites)) {
    const chart = charts.get(site.tenant)!;
    if (site.kind === 'istio') istioSite(chart, site, solvers);
    else if (site.kind === 'gateway-api') gatewayApiSite(chart, site, solvers);
    else wildcardSite(chart, site, solvers);
  }

  new ApiObject(platform, 'LetsEncrypt', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: ISSUER_NAME, annotations: crAnnotations('1') },
    spec: {
      acme: {
        email: ISSUER_EMAIL,
        privateKeySecretRef: { name: `${ISSUER_NAME}-account-key` },
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        solvers,
      },
    },
  });
  return app;
}

function certificate(chart: Chart, site: Site, namespace: string, dnsNames: string[], wave: string, labels: { [key: string]: string }, extra: { [key: string]: string } = {}): void {
  new ApiObject(chart, `${site.id}Certificate`, {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: site.name, namespace, annotations: crAnnotations(wave, extra), labels },
    spec: { dnsNames, issuerRef: ISSUER_REF, privateKey: PRIVATE_KEY, secretName: `${site.name}-tls` },
  });
}

function istioGateway(chart: Chart, site: Site, servers: any[]): void {
  new ApiObject(chart, `${site.id}Gateway`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: site.name, namespace: site.tenant, annotations: crAnnotations('2') },
    spec: { selector: WORKLOAD_SELECTOR, servers },
  });
}

function tlsServer(site: Site, hosts: string[], portName: string): any {
  return {
    hosts,
    port: { name: portName, number: 443, protocol: 'HTTPS' },
    tls: { credentialName: `${site.name}-tls`, minProtocolVersion: 'TLSV1_2', mode: 'SIMPLE' },
  };
}

function redirectServer(hosts: string[], portName: string): any {
  return { hosts, port: { name: portName, number: 80, protocol: 'HTTP' }, tls: { httpsRedirect: true } };
}

/** Istio route matches for a path prefix, element by element. */
function uriMatches(r: SiteRoute): any[] {
  return r.pathPrefix === '/' ? [{ uri: { prefix: '/' } }] : [{ uri: { exact: r.pathPrefix } }, { uri: { prefix: `${r.pathPrefix}/` } }];
}

function backendRoute(site: Site, r: SiteRoute): any {
  return { match: uriMatches(r), route: [{ destination: { host: `${r.serviceName}.${site.tenant}.svc.cluster.local`, port: { number: r.port } } }] };
}

function solverServiceName(host: string): string {
  return `acme-http01-${host.replace(/\./g, '-')}`;
}

/** HttpsRedirectGateway, Istio API: Certificate, Gateway, VirtualService, one solver Service and solver per host. */
function istioSite(chart: Chart, site: Site, solvers: any[]): void {
  const hosts = site.hosts;
  certificate(chart, site, WORKLOAD_NAMESPACE, hosts, '3', { [ROUTE_LABEL]: 'istio' }, { 'cert-manager.io/issue-temporary-certificate': 'true' });
  istioGateway(chart, site, [redirectServer(hosts, `http-80-${site.name}`), tlsServer(site, hosts, `https-443-${site.name}`)]);

  const several = hosts.length > 1;
  const challengeRules = hosts.map((host) => ({
    match: several
      ? [{ authority: { exact: host }, uri: { prefix: CHALLENGE_PATH } }, { authority: { prefix: `${host}:` }, uri: { prefix: CHALLENGE_PATH } }]
      : [{ uri: { prefix: CHALLENGE_PATH } }],
    name: `acme-http01-${host}`,
    route: [{ destination: { host: `${solverServiceName(host)}.${WORKLOAD_NAMESPACE}.svc.cluster.local`, port: { number: SOLVER_PORT } } }],
  }));
  new ApiObject(chart, `${site.id}VirtualService`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: site.name, namespace: site.tenant, annotations: crAnnotations('2') },
    spec: {
      gateways: [`${site.tenant}/${site.name}`],
      hosts,
      http: [...challengeRules, ...site.routes.map((r) => backendRoute(site, r))],
    },
  });

  for (const host of hosts) {
    new ApiObject(chart, `${site.id}SolverService-${host}`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: solverServiceName(host), namespace: WORKLOAD_NAMESPACE, annotations: { [WAVE]: '2' } },
      spec: {
        ports: [{ appProtocol: 'http', name: 'http', port: SOLVER_PORT, protocol: 'TCP', targetPort: SOLVER_PORT }],
        selector: { [SOLVER_LABEL]: 'true', [DOMAIN_LABEL]: String(adler32(host)) },
        type: 'ClusterIP',
      },
    });
  }
  addOnce(solvers, { http01: { ingress: { ingressClassName: UNSERVED_INGRESS_CLASS, serviceType: 'ClusterIP' } }, selector: { matchLabels: { [ROUTE_LABEL]: 'istio' } } });
}

/** HttpsRedirectGateway, Gateway API: Certificate, Gateway, redirect HTTPRoute, backend HTTPRoute, a gatewayHTTPRoute solver. */
function gatewayApiSite(chart: Chart, site: Site, solvers: any[]): void {
  const ns = site.tenant;
  const same = { namespaces: { from: 'Same' } };
  // cert-manager attaches the challenge route to the Gateway the Certificate names (parentRef override annotations)
  certificate(chart, site, ns, site.hosts, '3', { [ROUTE_LABEL]: 'gateway-api' }, {
    'cert-manager.io/issue-temporary-certificate': 'true',
    'acme.cert-manager.io/http01-parentrefkind': 'Gateway',
    'acme.cert-manager.io/http01-parentrefname': site.name,
    'acme.cert-manager.io/http01-parentrefnamespace': ns,
  });
  new ApiObject(chart, `${site.id}Gateway`, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: site.name, namespace: ns, annotations: crAnnotations('3') },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        { allowedRoutes: same, name: 'http', port: 80, protocol: 'HTTP' },
        {
          allowedRoutes: same,
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          tls: { certificateRefs: [{ group: '', kind: 'Secret', name: `${site.name}-tls` }], mode: 'Terminate' },
        },
      ],
    },
  });
  addOnce(solvers, { http01: { gatewayHTTPRoute: { serviceType: 'ClusterIP' } }, selector: { matchLabels: { [ROUTE_LABEL]: 'gateway-api' } } });
  new ApiObject(chart, `${site.id}RedirectRoute`, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: `${site.name}-redirect`, namespace: ns, annotations: crAnnotations('4') },
    spec: {
      hostnames: site.hosts,
      parentRefs: [{ name: site.name, namespace: ns, sectionName: 'http' }],
      rules: [{
        filters: [{ requestRedirect: { scheme: 'https', statusCode: 301 }, type: 'RequestRedirect' }],
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      }],
    },
  });
  new ApiObject(chart, `${site.id}Route`, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: site.name, namespace: ns, annotations: crAnnotations('4') },
    spec: {
      hostnames: site.hosts,
      parentRefs: [{ name: site.name, namespace: ns, sectionName: 'https' }],
      rules: site.routes.map((r) => ({
        backendRefs: [{ name: r.serviceName, port: r.port }],
        matches: [{ path: { type: 'PathPrefix', value: r.pathPrefix } }],
      })),
    },
  });
}

/** WildcardCertificate over Cloudflare DNS-01, an IstioGateway and a VirtualService. */
function wildcardSite(chart: Chart, site: Site, solvers: any[]): void {
  const zone = site.hosts[0];
  const names = [`*.${zone}`];
  const dns01 = { cloudflare: { apiTokenSecretRef: CLOUDFLARE_TOKEN } };
  const label = { [DNS01_LABEL]: `cloudflare-${createHash('sha256').update(JSON.stringify(dns01)).digest('hex').slice(0, 10)}` };
  addOnce(solvers, { dns01, selector: { matchLabels: label } });
  certificate(chart, site, WORKLOAD_NAMESPACE, names, '3', label);
  istioGateway(chart, site, [redirectServer(names, `http-80-wildcard-${site.name}`), tlsServer(site, names, `https-443-wildcard-${site.name}`)]);
  new ApiObject(chart, `${site.id}Routes`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: site.name, namespace: site.tenant, annotations: crAnnotations('2') },
    spec: { gateways: [`${site.tenant}/${site.name}`], hosts: names, http: site.routes.map((r) => backendRoute(site, r)) },
  });
}
