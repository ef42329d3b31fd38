// The Istio family's check of ACME HTTP-01 `ingress` solvers (`istio/acme-ingress-solvers`),
// over manifests of any origin.
//
// Upstream facts the cases are built from:
// - Istio converts an Ingress of its class (the `kubernetes.io/ingress.class: istio` annotation,
//   or an IngressClass with controller `istio.io/ingress-controller`) into a port-80 server with
//   hosts ["*"] and a VirtualService per host (istio/istio pilot/pkg/config/kube/ingress:
//   virtualservices.go shouldProcessIngressWithClass, gateways.go convertIngressV1alpha3).
// - All port-80 servers of the gateway pods share one route configuration; the virtual host of a
//   name gets `RequireTls: ALL` when a server with `tls.httpsRedirect` lists the name itself, or a
//   VirtualService bound to its Gateway intersects its hosts in the name
//   (pilot/pkg/networking/core/gateway.go buildGatewayHTTPRouteConfig); Envoy answers require_tls
//   before any route, so the Ingress's challenge route is never used (istio/istio#27643). A
//   wildcard redirecting server alone makes a `*.example.com` virtual host, and Envoy prefers the
//   exact one the Ingress makes.
// - cert-manager writes `class` into the annotation and `ingressClassName` into the Ingress's
//   spec (pkg/issuer/acme/http/ingress.go), and the Certificate's override annotations replace
//   them (pkg/controller/acmeorders/util.go applyIngressParameterAnnotationOverrides).
import { ApiObject, App, Chart } from 'cdk8s';
import { Synthesis } from '../../src';
import { ClusterIssuer, IssuerConfig, LetsEncryptEnvironment } from '../../src/cert-manager';
import { HttpsRedirectGateway } from '../../src/patterns';
import { Expected, expectMessage, newChart } from '../util/expect';

const ABOUT = /has Istio route the challenge on port 80|ingress class|has no class/;

function problems(app: App, severity: 'error' | 'warning'): string[] {
  return Synthesis.problems([app]).filter((p) => p.severity === severity && ABOUT.test(p.message)).map((p) => p.message);
}

function expectOnly(app: App, severity: 'error' | 'warning', e: Expected): void {
  const found = problems(app, severity);
  expect(found).toHaveLength(1);
  expectMessage(found[0], e);
}

function manifest(chart: Chart, id: string, apiVersion: string, kind: string, metadata: any, spec: any): ApiObject {
  return new ApiObject(chart, id, { apiVersion, kind, metadata, spec });
}

function issuer(chart: Chart, ingress: any): void {
  manifest(chart, 'Issuer', 'cert-manager.io/v1', 'ClusterIssuer', { name: 'le' },
    { acme: { server: 'https://acme-staging-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le-account' }, solvers: [{ http01: { ingress } }] } });
}

function certificate(chart: Chart, annotations?: { [key: string]: string }): void {
  manifest(chart, 'Cert', 'cert-manager.io/v1', 'Certificate', { name: 'shop', namespace: 'istio-system', ...(annotations ? { annotations } : {}) },
    { secretName: 'shop-tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer', group: 'cert-manager.io' } });
}

/** Gateway `istio-system/edge`: port 80 for `host80` (redirecting unless `redirect` is false), 443 for the name. */
function gateway(chart: Chart, host80: string, redirect = true): void {
  manifest(chart, 'Edge', 'networking.istio.io/v1', 'Gateway', { name: 'edge', namespace: 'istio-system' }, {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [host80], ...(redirect ? { tls: { httpsRedirect: true } } : {}) },
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls' } },
    ],
  });
}

function site(ingress: any, opts: { host80?: string; redirect?: boolean; annotations?: { [key: string]: string } } = {}): { app: App; chart: Chart } {
  const { app, chart } = newChart();
  issuer(chart, ingress);
  gateway(chart, opts.host80 ?? 'shop.example.com', opts.redirect ?? true);
  certificate(chart, opts.annotations);
  return { app, chart };
}

const REDIRECTED: Omit<Expected, 'problem'> = {
  path: 'test/Cert', field: 'spec.dnsNames[0]', value: '"shop.example.com"',
  fix: /^route the challenge on the HTTPS server instead \(HttpsRedirectGateway does.*\), validate the name over DNS-01, or drop httpsRedirect from that server/,
};

describe('an ingress solver Istio serves, for a name whose port-80 requests a Gateway redirects', () => {
  test('class istio (the annotation): an error on the Certificate naming the issuer\'s solver, the Gateway and its server', () => {
    const { app } = site({ class: 'istio' });
    expectOnly(app, 'error', {
      ...REDIRECTED,
      problem: 'ClusterIssuer "le"\'s solvers[0] (HTTP-01 ingress class istio, class "istio") has Istio route the challenge on port 80 by an Ingress, but Gateway istio-system/edge (test/Edge) redirects the port-80 requests for this name to https (servers[0].tls.httpsRedirect): Istio merges the port-80 virtual hosts of the gateway pods and answers the redirect before any route (require_tls ALL',
    });
  });

  test('ingressClassName istio, and an IngressClass of the app with Istio\'s controller', () => {
    expect(problems(site({ ingressClassName: 'istio' }).app, 'error')).toEqual([expect.stringContaining('ingressClassName "istio") has Istio route the challenge')]);
    const { app, chart } = site({ ingressClassName: 'mesh' });
    manifest(chart, 'Class', 'networking.k8s.io/v1', 'IngressClass', { name: 'mesh' }, { controller: 'istio.io/ingress-controller' });
    expect(problems(app, 'error')).toEqual([expect.stringContaining('ingressClassName "mesh") has Istio route the challenge')]);
  });

  test('the class from the Certificate\'s override annotation', () => {
    const { app } = site({ ingressClassName: 'nginx' }, { annotations: { 'acme.cert-manager.io/http01-ingress-class': 'istio' } });
    expect(problems(app, 'error')).toEqual([expect.stringContaining('annotation acme.cert-manager.io/http01-ingress-class of this Certificate (overriding ClusterIssuer "le"\'s solvers[0])')]);
  });

  test('no redirect, another class, or only a wildcard redirecting server: the Ingress answers', () => {
    expect(problems(site({ class: 'istio' }, { redirect: false }).app, 'error')).toEqual([]);
    expect(problems(site({ class: 'nginx' }).app, 'error')).toEqual([]);
    // Envoy prefers the exact virtual host shop.example.com (the Ingress's) over *.example.com
    expect(problems(site({ class: 'istio' }, { host80: '*.example.com' }).app, 'error')).toEqual([]);
  });

  test('a wildcard redirecting server with a VirtualService bound for the name: the name\'s virtual host requires TLS', () => {
    const { app, chart } = site({ class: 'istio' }, { host80: '*.example.com' });
    manifest(chart, 'Web', 'networking.istio.io/v1', 'VirtualService', { name: 'web', namespace: 'istio-system' },
      { hosts: ['shop.example.com'], gateways: ['edge'], http: [{ route: [{ destination: { host: 'web.web.svc.cluster.local' } }] }] });
    expect(problems(app, 'error')).toEqual([expect.stringContaining('Gateway istio-system/edge (test/Edge) redirects the port-80 requests')]);
  });

  test('the app routing the challenge on the HTTPS server itself (a VirtualService rule on the challenge path): no error', () => {
    const { app, chart } = site({ class: 'istio' });
    manifest(chart, 'Site', 'networking.istio.io/v1', 'VirtualService', { name: 'site', namespace: 'istio-system' }, {
      hosts: ['shop.example.com'], gateways: ['edge'],
      http: [{ match: [{ uri: { prefix: '/.well-known/acme-challenge/' } }], route: [{ destination: { host: 'solver.istio-system.svc.cluster.local', port: { number: 8089 } } }] }],
    });
    expect(problems(app, 'error')).toEqual([]);
  });
});

describe('an ingress solver whose class nothing in the app serves: a warning on the issuer', () => {
  test('ingressClassName nginx: names the class and the controller that must exist outside the app', () => {
    const { app } = site({ ingressClassName: 'nginx' });
    expectOnly(app, 'warning', {
      path: 'test/Issuer', field: 'spec.acme.solvers[0].http01.ingress.ingressClassName', value: '"nginx"',
      problem: 'no object of the app serves this ingress class: the HTTP-01 challenges of this solver (HTTP-01 ingress class nginx) reach the solver only if the cluster has an ingress controller serving class "nginx" (and its IngressClass), reachable on port 80 for the names, outside the app',
      fix: /^make sure it exists \(or add the IngressClass to the app\), or route the challenges through the app's gateways/,
    });
  });

  test('ingressClassName istio without its IngressClass: Istio serves spec.ingressClassName only through one', () => {
    expect(problems(site({ ingressClassName: 'istio' }, { redirect: false }).app, 'warning')).toEqual([expect.stringContaining('an IngressClass "istio" with controller istio.io/ingress-controller')]);
  });

  test('no class at all: the default IngressClass decides', () => {
    const { app } = site({ serviceType: 'ClusterIP' }, { redirect: false });
    expectOnly(app, 'warning', { path: 'test/Issuer', field: 'spec.acme.solvers[0].http01.ingress', problem: 'has no class, so it is served by the controller of the cluster\'s default IngressClass', fix: /^name the class of an ingress controller/ });
  });

  test('an IngressClass of the app, the class annotation istio, and a solver whose pods the app routes to: no warning', () => {
    const defined = site({ ingressClassName: 'nginx' });
    manifest(defined.chart, 'Class', 'networking.k8s.io/v1', 'IngressClass', { name: 'nginx' }, { controller: 'k8s.io/ingress-nginx' });
    expect(problems(defined.app, 'warning')).toEqual([]);
    expect(problems(site({ class: 'istio' }, { redirect: false }).app, 'warning')).toEqual([]);
    const routed = site({ ingressClassName: 'unserved' });
    manifest(routed.chart, 'Site', 'networking.istio.io/v1', 'VirtualService', { name: 'site', namespace: 'istio-system' }, {
      hosts: ['shop.example.com'], gateways: ['edge'],
      http: [{ match: [{ uri: { prefix: '/.well-known/acme-challenge/' } }], route: [{ destination: { host: 'solver.istio-system.svc.cluster.local', port: { number: 8089 } } }] }],
    });
    expect(problems(routed.app, 'warning')).toEqual([]);
  });
});

test('HttpsRedirectGateway (its unserved class on purpose, its own challenge rule), also on a shared issuer prepared before any site: neither error nor warning', () => {
  const { app, chart } = newChart('shop');
  new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: { namespace: 'istio-system' }, routes: [{ serviceName: 'web', port: 80 }] });
  expect([...problems(app, 'error'), ...problems(app, 'warning')]).toEqual([]);
  const platform = newChart();
  const shared = new ClusterIssuer(platform.chart, 'Le', { metadata: { name: 'le' }, config: IssuerConfig.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING }) });
  HttpsRedirectGateway.prepareIssuer(shared);
  expect([...problems(platform.app, 'error'), ...problems(platform.app, 'warning')]).toEqual([]);
});
