// The Istio family's check of ACME HTTP-01 challenges routed by VirtualServices
// (`istio/acme-challenge-routes`), over manifests the library did not render: a VirtualService
// rule sending the challenge path of a host to a solver Service must not be preceded by a rule
// of another VirtualService merged into the host, must serve one Certificate only, and the
// issuer must select the solver whose pods the Service selects.
import { ApiObject, App, Chart } from 'cdk8s';
import { Synthesis } from '../../src';
import { Expected, expectMessage, newChart } from '../util/expect';

/** The problems of `severity` the app's checks report (whatever built its objects). */
function messages(app: App, severity: 'error' | 'warning' = 'error'): string[] {
  return Synthesis.problems([app]).filter((p) => p.severity === severity).map((p) => p.message);
}

/** The app has exactly one problem of `severity` about ACME challenges, with the expected parts. */
function expectOnly(app: App, e: Expected, about: RegExp, severity: 'error' | 'warning' = 'error'): void {
  const found = messages(app, severity).filter((m) => about.test(m));
  expect(found).toHaveLength(1);
  expectMessage(found[0], e);
}

const CHALLENGE = '/.well-known/acme-challenge/';
const ABOUT = /ACME challenge|validates this name over HTTP-01|also requested by|selects its solvers/;

function manifest(chart: Chart, id: string, apiVersion: string, kind: string, metadata: any, spec: any): ApiObject {
  return new ApiObject(chart, id, { apiVersion, kind, metadata, spec });
}

/** A ClusterIssuer manifest with `solvers`. */
function issuer(chart: Chart, name: string, solvers: any[]): ApiObject {
  return manifest(chart, `Issuer-${name}`, 'cert-manager.io/v1', 'ClusterIssuer', { name },
    { acme: { server: 'https://acme-staging-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: `${name}-account` }, solvers } });
}

/** An `ingress` HTTP-01 solver for `host` whose pods carry `solver: <label>`. */
const labelledSolver = (host: string, label: string, ingressClassName = 'unserved') => ({
  selector: { dnsNames: [host] },
  http01: { ingress: { ingressClassName, podTemplate: { metadata: { labels: { solver: label } } } } },
});

function certificate(chart: Chart, id: string, namespace: string, issuerName: string, dnsNames: string[], issuerKind = 'ClusterIssuer'): ApiObject {
  return manifest(chart, id, 'cert-manager.io/v1', 'Certificate', { name: id.toLowerCase(), namespace },
    { secretName: `${id.toLowerCase()}-tls`, dnsNames, issuerRef: { name: issuerName, kind: issuerKind, group: 'cert-manager.io' } });
}

/** A Gateway `istio-system/edge` for `host`: port 80 (redirecting to https unless `redirect` is false) and 443. */
function gateway(chart: Chart, host: string, redirect = true): ApiObject {
  return manifest(chart, 'Edge', 'networking.istio.io/v1', 'Gateway', { name: 'edge', namespace: 'istio-system' }, {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [host], ...(redirect ? { tls: { httpsRedirect: true } } : {}) },
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [host], tls: { mode: 'SIMPLE', credentialName: 'site-tls' } },
    ],
  });
}

/** The Service `istio-system/solver` selecting the pods labelled `solver: <label>`. */
function solverService(chart: Chart, label: string): ApiObject {
  return manifest(chart, 'SolverService', 'v1', 'Service', { name: 'solver', namespace: 'istio-system' }, { selector: { solver: label }, ports: [{ name: 'http', port: 8089 }] });
}

function virtualService(chart: Chart, id: string, namespace: string, hosts: string[], http: any[]): ApiObject {
  return manifest(chart, id, 'networking.istio.io/v1', 'VirtualService', { name: id.toLowerCase(), namespace }, { hosts, gateways: ['istio-system/edge'], http });
}

const challengeRule = { match: [{ uri: { prefix: CHALLENGE } }], route: [{ destination: { host: 'solver.istio-system.svc.cluster.local', port: { number: 8089 } } }] };
const backendRule = { route: [{ destination: { host: 'web.web.svc.cluster.local', port: { number: 80 } } }] };

/** A site in manifests: gateway, issuer with the labelled solver, its Service, the VirtualService routing the challenge, the Certificate. */
function site(opts: { redirect?: boolean; solvers?: any[] } = {}): { app: App; chart: Chart } {
  // no chart namespace: the ClusterIssuer manifest is cluster-scoped
  const { app, chart } = newChart();
  gateway(chart, 'shop.example.com', opts.redirect ?? true);
  issuer(chart, 'le', opts.solvers ?? [labelledSolver('shop.example.com', 'shop')]);
  solverService(chart, 'shop');
  virtualService(chart, 'Site', 'istio-system', ['shop.example.com'], [challengeRule, backendRule]);
  certificate(chart, 'Cert', 'istio-system', 'le', ['shop.example.com']);
  return { app, chart };
}

describe('a VirtualService rule routing ACME challenges, in manifests', () => {
  test('a site whose challenges reach its solver passes', () => {
    const { app } = site();
    expect(messages(app).filter((m) => ABOUT.test(m))).toEqual([]);
  });

  test('another VirtualService merged into the host with a rule that may take the challenge: on the VirtualService with the solver rule, by wire field', () => {
    const { app, chart } = site();
    virtualService(chart, 'Legacy', 'web', ['*.example.com'], [{ match: [{ uri: { prefix: '/.well-known' } }], redirect: { authority: 'www.example.com' } }]);
    expectOnly(app, {
      path: 'test/Site', field: 'spec.hosts[0]', value: '"shop.example.com"',
      problem: 'VirtualService web/legacy (test/Legacy) is also bound to gateway istio-system/edge for this host, and Istio merges the rules of both in creation order, so its rule http[0] (a redirect) may take the ACME challenge request before the solver rule http[0] of this VirtualService',
      fix: /move its routes into this VirtualService after the solver rule/,
    }, ABOUT);
  });

  test('the hop: with the port-80 server redirecting, the request arrives over https on 443; without, over http on 80', () => {
    const http80 = { match: [{ uri: { prefix: '/' }, port: 80 }], redirect: { scheme: 'https' } };
    const redirected = site();
    virtualService(redirected.chart, 'Legacy', 'web', ['shop.example.com'], [http80]);
    expect(messages(redirected.app).filter((m) => ABOUT.test(m))).toEqual([]);
    const plain = site({ redirect: false });
    virtualService(plain.chart, 'Legacy', 'web', ['shop.example.com'], [http80]);
    expect(messages(plain.app).filter((m) => ABOUT.test(m))).toEqual([expect.stringMatching(/^\[test\/Site\] VirtualService web\/legacy .* its catch-all rule http\[0\] \(a redirect\) may take the ACME challenge request/)]);
  });

  test('a VirtualService on another gateway, or for another host, is not merged into the virtual host', () => {
    const { app, chart } = site();
    manifest(chart, 'Other', 'networking.istio.io/v1', 'VirtualService', { name: 'other', namespace: 'web' },
      { hosts: ['shop.example.com'], gateways: ['istio-system/internal'], http: [backendRule] });
    virtualService(chart, 'Api', 'web', ['api.example.com'], [backendRule]);
    expect(messages(app).filter((m) => ABOUT.test(m))).toEqual([]);
  });

  test('a second Certificate validating the host over HTTP-01: once, on the Certificate the rule\'s Service serves', () => {
    const { app, chart } = site();
    certificate(chart, 'Extra', 'web', 'le', ['www.example.com', 'shop.example.com']);
    expectOnly(app, {
      path: 'test/Cert', field: 'spec.dnsNames[0]', value: '"shop.example.com"',
      problem: "Certificate web/extra (test/Extra) also validates this name over HTTP-01; its challenge requests reach the gateway's rule for the solver (VirtualService istio-system/site http[0]), whose Service sends them to solver pods that do not know its tokens",
      fix: 'serve the name from one Certificate only, or have the other one use DNS-01',
    }, ABOUT);
  });

  test('a second Certificate, when the rule routes to a destination the app does not render', () => {
    const { app, chart } = newChart();
    gateway(chart, 'shop.example.com');
    issuer(chart, 'le', [labelledSolver('shop.example.com', 'shop')]);
    const elsewhere = { match: [{ uri: { prefix: CHALLENGE } }], route: [{ destination: { host: 'acme.solvers.svc.cluster.local', port: { number: 8089 } } }] };
    virtualService(chart, 'Site', 'istio-system', ['shop.example.com'], [elsewhere, backendRule]);
    certificate(chart, 'Cert', 'istio-system', 'le', ['shop.example.com']);
    certificate(chart, 'Extra', 'web', 'le', ['shop.example.com']);
    expectOnly(app, {
      path: 'test/Cert', field: 'spec.dnsNames[0]', value: '"shop.example.com"',
      problem: "Certificate web/extra (test/Extra) also validates this name over HTTP-01; its challenge requests reach the gateway's rule for the solver (VirtualService istio-system/site http[0]), which sends every challenge of this name to one destination",
      fix: /one Certificate only/,
    }, ABOUT);
  });

  test('a second Certificate validating the host over DNS-01 is no concern', () => {
    const { app, chart } = site({ solvers: [labelledSolver('shop.example.com', 'shop')] });
    issuer(chart, 'dns', [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]);
    certificate(chart, 'Extra', 'web', 'dns', ['shop.example.com']);
    expect(messages(app).filter((m) => ABOUT.test(m))).toEqual([]);
  });

  test('a Certificate whose issuer is outside the app: a warning on the Certificate the rule serves', () => {
    const { app, chart } = site();
    certificate(chart, 'Corp', 'web', 'corp', ['shop.example.com']);
    expectOnly(app, {
      path: 'test/Cert', field: 'spec.dnsNames[0]', value: '"shop.example.com"',
      problem: 'this name is also requested by Certificate web/corp (test/Corp), whose issuer is defined outside the app: if it validates over HTTP-01 its challenges land on the gateway\'s rule for the solver (VirtualService istio-system/site http[0]) and fail',
      fix: /DNS-01/,
    }, ABOUT, 'warning');
  });

  test('the issuer selects another solver than the one whose pods the rule\'s Service selects: on the Certificate', () => {
    const { app } = site({ solvers: [labelledSolver('shop.example.com', 'nginx', 'nginx'), labelledSolver('shop.example.com', 'shop')] });
    expectOnly(app, {
      path: 'test/Cert', field: 'spec.dnsNames[0]', value: '"shop.example.com"',
      problem: 'ClusterIssuer "le" selects its solvers[0] (HTTP-01 ingress class nginx) for this name instead of its solvers[1] (HTTP-01 ingress class unserved), whose pods Service istio-system/solver selects, so the challenge would be served where that Service and the rule http[0] of VirtualService istio-system/site (test/Site) do not reach',
      fix: 'remove "shop.example.com" from the selector of solvers[0] (a solver listed earlier with an equally specific selector wins), or use an issuer whose other solvers do not select this name',
    }, ABOUT);
  });

  test('a solver picked over a catch-all one is no concern: only a solver selected by name is the one the routing was built for', () => {
    const generic = { http01: { ingress: { ingressClassName: 'unserved', podTemplate: { metadata: { labels: { solver: 'shop' } } } } } };
    const { app } = site({ solvers: [labelledSolver('shop.example.com', 'nginx', 'nginx'), generic] });
    expect(messages(app).filter((m) => ABOUT.test(m))).toEqual([]);
  });
});

// The check reads indexes built once per synth (VirtualServices by gateway and host, Certificates
// by name, the issuer's solvers by name): a fleet of sites on one shared gateway and one shared
// issuer stays linear.
test('1,000 sites routing their challenges on one shared gateway, through one shared issuer, are checked cleanly', () => {
  const run = (n: number) => {
    const { app, chart } = newChart();
    const hosts = Array.from({ length: n }, (_, i) => `site${i}.example.com`);
    manifest(chart, 'Edge', 'networking.istio.io/v1', 'Gateway', { name: 'edge', namespace: 'istio-system' }, {
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*.example.com'], tls: { mode: 'SIMPLE', credentialName: 'wildcard-tls' } },
      ],
    });
    issuer(chart, 'le', hosts.map((h, i) => labelledSolver(h, `site${i}`)));
    hosts.forEach((h, i) => {
      manifest(chart, `Service${i}`, 'v1', 'Service', { name: `solver${i}`, namespace: 'istio-system' }, { selector: { solver: `site${i}` }, ports: [{ name: 'http', port: 8089 }] });
      const rule = { match: [{ uri: { prefix: CHALLENGE } }], route: [{ destination: { host: `solver${i}.istio-system.svc.cluster.local`, port: { number: 8089 } } }] };
      virtualService(chart, `Site${i}`, 'istio-system', [h], [rule, backendRule]);
      certificate(chart, `Cert${i}`, 'istio-system', 'le', [h]);
    });
    return messages(app).filter((m) => ABOUT.test(m));
  };
  // the time is `npm run bench`'s to measure (timed tests flake on shared machines)
  expect(run(1000)).toEqual([]);
});
