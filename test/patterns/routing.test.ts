// Issue #4 item 6: follow the ACME HTTP-01 request through the RENDERED manifests (with the
// independent tracer of test/util/acme-trace.ts, which knows nothing of src/) for every host the
// patterns emit: the request on port 80, and on 443 where it is redirected, must meet the route
// to the solver before any redirect or backend route — at first issuance and at renewal.
// The negative cases show that what the patterns' synth-time checks reject is indeed broken.
import { ApiObject } from 'cdk8s';
import { AcmeSolver, Certificate, ClusterIssuer, Dns01Provider, IssuerConfig } from '../../src/cert-manager';
import { HttpMatch, VirtualService } from '../../src/istio';
import { AcmeIssuerChoice, HttpsRedirectGateway, IngressApi, WildcardCertificate } from '../../src/patterns';
import { traceHttp01, TraceResult } from '../util/acme-trace';
import { newChart, synthErrors, synthValid } from '../util/expect';
import { documents, renderTarget, renderTargets, renderUnvalidated } from '../util/render';

const CHALLENGE = '/.well-known/acme-challenge/';

/** Where the request for `host` arrives, read from the rendered manifests. */
function arrival(all: any[], host: string): { gatewayLabels: { [k: string]: string }; gatewayNamespace: string } {
  const cert = all.find((d) => d.kind === 'Certificate' && (d.spec.dnsNames ?? []).includes(host));
  const istio = all.find((d) => d.kind === 'Gateway' && d.apiVersion.startsWith('networking.istio.io/')
    && d.spec.servers.some((s: any) => s.port.number === 80 && s.hosts.map((h: string) => h.split('/').pop()).includes(host)));
  // the patterns put the Certificate into the namespace of the gateway pods
  if (istio) return { gatewayLabels: istio.spec.selector, gatewayNamespace: cert.metadata.namespace };
  const route = all.find((d) => d.kind === 'HTTPRoute' && (d.spec.hostnames ?? []).includes(host) && d.spec.parentRefs.some((p: any) => p.sectionName === 'http'));
  // a name no gateway serves over HTTP (e.g. validated over DNS-01): the tracer tells why
  if (!route) return { gatewayLabels: {}, gatewayNamespace: cert.metadata.namespace };
  const gw = route.spec.parentRefs[0];
  return { gatewayLabels: { 'gateway.networking.k8s.io/gateway-name': gw.name }, gatewayNamespace: gw.namespace };
}

function trace(all: any[], host: string): TraceResult {
  return traceHttp01(all, { host, ...arrival(all, host) });
}

/** The challenge reaches the solver, and on the way meets the solver route before any redirect rule or backend route. */
function expectChallengeReachesSolver(all: any[], host: string): TraceResult {
  const t = trace(all, host);
  expect({ host, reachesSolver: t.reachesSolver, reason: t.reason }).toEqual({ host, reachesSolver: true, reason: undefined });
  const first = t.hops.slice(0, t.hops.findIndex((h) => h.startsWith('[renewal]')) >>> 0);
  const istio = first.some((h) => h.includes('tls.httpsRedirect'));
  if (istio) {
    // port 80: the server redirects everything (the challenge too) to https
    const redirect = first.findIndex((h) => /server \S+ tls\.httpsRedirect → 301 https:\/\//.test(h));
    const https = first.findIndex((h) => h.startsWith(`GET https://${host}${CHALLENGE}`));
    const rule = first.findIndex((h) => h.includes(`"acme-http01-${host}"`) && h.includes(`${CHALLENGE} `));
    expect(redirect).toBeGreaterThan(-1);
    expect(https).toBeGreaterThan(redirect);
    // port 443: the first rule the request meets is the solver rule of this host
    expect(rule).toBeGreaterThan(https);
    expect(first.slice(https + 1, rule).some((h) => h.includes('VirtualService'))).toBe(false);
  } else {
    // port 80: cert-manager's Exact route wins over the pattern's PathPrefix / redirect
    const exact = first.findIndex((h) => /HTTPRoute \S+ \(created by cert-manager\) rule\[0\] Exact/.test(h));
    expect(exact).toBeGreaterThan(-1);
    expect(first.some((h) => /RequestRedirect|301/.test(h))).toBe(false);
  }
  expect(t.hops[t.hops.length - 1]).toMatch(/solver pod answers 200|same route with a new token/);
  return t;
}

function hostsOf(all: any[]): string[] {
  return [...new Set(all.filter((d) => d.kind === 'Certificate').flatMap((d) => d.spec.dnsNames ?? []))].filter((h) => !h.startsWith('*.')) as string[];
}

describe('the challenge reaches the solver through the rendered manifests', () => {
  test('Istio API, one host (seed 000 shape)', () => {
    const { chart } = newChart();
    new HttpsRedirectGateway(chart, 'Example', { hosts: ['example.com'], workload: { namespace: 'istio-system' }, routes: [{ serviceName: 'web', serviceNamespace: 'web', port: 80 }] });
    expectChallengeReachesSolver(synthValid(chart), 'example.com');
  });

  test('Istio API, several hosts, per-host routes, routes in another namespace, an unrelated VirtualService on the gateway', () => {
    const { chart } = newChart('shop');
    const p = new HttpsRedirectGateway(chart, 'Shop', {
      hosts: ['shop.example.com', 'api.example.com', 'www.example.com'], workload: { namespace: 'istio-ingress', selector: { app: 'edge' } },
      routes: [
        { pathPrefix: '/v1', serviceName: 'api', port: 8080, hosts: ['api.example.com'] },
        { pathPrefix: '/.well-known', serviceName: 'wellknown', port: 80 },
        { serviceName: 'frontend', port: 80 },
      ],
    });
    new VirtualService(chart, 'Admin', {
      hosts: ['shop.example.com'], gateways: [p.istioGateway!],
      httpRoutes: [{ matches: [HttpMatch.uriPrefix('/admin')], destinations: [{ host: 'admin', port: 80 }] }],
    });
    const all = synthValid(chart);
    for (const host of p.hosts) expectChallengeReachesSolver(all, host);
  });

  test('Gateway API, several hosts with per-host routes and a cross-namespace backend', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', {
      api: IngressApi.GATEWAY_API, hosts: ['shop.example.com', 'api.example.com'], workload: { namespace: 'shop-gw' },
      routes: [{ pathPrefix: '/v1', serviceName: 'api', serviceNamespace: 'backend', port: 8080, hosts: ['api.example.com'] }, { serviceName: 'web', port: 80 }],
    });
    const all = synthValid(chart);
    for (const host of p.hosts) expectChallengeReachesSolver(all, host);
  });

  test('one ClusterIssuer shared by an Istio-API site, a Gateway-API site and a wildcard certificate', () => {
    const { chart } = newChart();
    const le = new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ email: 'ops@example.io' }) });
    new HttpsRedirectGateway(chart, 'Classic', { hosts: ['a.example.com', 'b.example.com'], workload: { namespace: 'istio-system' }, issuer: AcmeIssuerChoice.fromIssuer(le), routes: [{ serviceName: 'a', port: 80 }] });
    new HttpsRedirectGateway(chart, 'Modern', { api: IngressApi.GATEWAY_API, hosts: ['c.example.com'], workload: { namespace: 'edge' }, issuer: AcmeIssuerChoice.fromIssuer(le), routes: [{ serviceName: 'c', port: 80 }] });
    new WildcardCertificate(chart, 'Apps', { metadata: { namespace: 'istio-system' }, zone: 'apps.example.com', issuer: AcmeIssuerChoice.fromIssuer(le), dns01: Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: 'token' } }) });
    const all = synthValid(chart);
    for (const host of ['a.example.com', 'b.example.com', 'c.example.com']) expectChallengeReachesSolver(all, host);
    // the wildcard is validated over DNS-01: no HTTP-01 request exists for it
    expect(traceHttp01(all, { host: '*.apps.example.com' }).reason).toMatch(/DNS-01/);
  });

  // the examples of the patterns (seeds 000, 001, 003), as rendered
  const examples = renderTargets().filter((t) => /^examples\/seed-00[013]-/.test(t.name));
  test('the pattern examples exist', () => expect(examples.length).toBe(3));
  describe.each(examples.map((t) => [t.name, t] as const))('%s', (_name, target) => {
    test('every HTTP-01 host of every output folder', () => {
      const dir = renderTarget(target);
      const byFolder = new Map<string, any[]>();
      for (const { file, doc } of documents(dir)) {
        const folder = file.split('/')[0];
        byFolder.set(folder, [...(byFolder.get(folder) ?? []), doc]);
      }
      let http01 = 0;
      let dns01 = 0;
      for (const all of byFolder.values()) {
        for (const host of hostsOf(all)) {
          const t = trace(all, host);
          if (/and it is DNS-01: .* validated through DNS/.test(t.reason ?? '')) {
            dns01++;
            continue;
          }
          expectChallengeReachesSolver(all, host);
          http01++;
        }
      }
      // seed 001 validates everything over DNS-01; the others have HTTP-01 hosts in every folder
      expect(http01 + dns01).toBeGreaterThan(0);
      const withCertificates = [...byFolder.values()].filter((all) => all.some((d) => d.kind === 'Certificate')).length;
      if (!target.name.includes('seed-001')) expect(http01).toBeGreaterThanOrEqual(withCertificates);
    });
  });
});

describe('what the synth-time checks reject does not reach the solver', () => {
  test('another VirtualService merged into the host with a catch-all redirect', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: { namespace: 'istio-system' }, routes: [{ serviceName: 'web', port: 80 }] });
    new VirtualService(chart, 'Legacy', { hosts: ['shop.example.com'], gateways: [p.istioGateway!], httpRoutes: [{ redirect: { authority: 'www.example.com' } }] });
    expect(synthErrors(chart)).toEqual([expect.stringMatching(/^\[test\/Shop\/VirtualService\] VirtualService default\/legacy .* may take the ACME challenge request/)]);
    const t = trace(renderUnvalidated(chart), 'shop.example.com');
    expect(t.reachesSolver).toBe(false);
    expect(t.reason).toMatch(/VirtualService/);
  });

  test('the shared issuer selects another HTTP-01 solver for the host: its pod still gets the challenge (the Service selects cert-manager\'s own pod labels)', () => {
    const { chart } = newChart();
    const le = new ClusterIssuer(chart, 'Le', {
      config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx', selector: { dnsNames: ['shop.example.com'] } })] }),
    });
    new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: { namespace: 'istio-system' }, issuer: AcmeIssuerChoice.fromIssuer(le), routes: [{ serviceName: 'web', port: 80 }] });
    expect(synthErrors(chart)).toEqual([]);
    expect(trace(renderUnvalidated(chart), 'shop.example.com').reachesSolver).toBe(true);
  });

  test('a second Certificate validating the same host over HTTP-01', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: { namespace: 'istio-system' }, routes: [{ serviceName: 'web', port: 80 }] });
    new Certificate(chart, 'Extra', { metadata: { namespace: 'istio-system', labels: p.certificate.labels }, issuer: p.issuer, dnsNames: ['shop.example.com'] });
    expect(synthErrors(chart)).toEqual([expect.stringMatching(/^\[test\/Shop\/Certificate\] Certificate istio-system\/extra .* also validates this name over HTTP-01/)]);
    const t = trace(renderUnvalidated(chart), 'shop.example.com');
    expect(t.reachesSolver).toBe(false);
    expect(t.reason).toMatch(/also selects the solver pod for shop\.example\.com/);
  });

  test('cert-manager\'s Istio page taken literally: the redirect without the pattern\'s route', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: { namespace: 'istio-system' }, routes: [{ serviceName: 'web', port: 80 }] });
    const all = renderUnvalidated(chart).map((d) => (d.kind === 'VirtualService'
      ? { ...d, spec: { ...d.spec, http: d.spec.http.filter((r: any) => !String(r.name ?? '').startsWith('acme-http01-')) } } : d));
    const t = trace(all, 'shop.example.com');
    expect(t.reachesSolver).toBe(false);
    expect(t.reason).toMatch(/web/);
    expect(p.hosts).toEqual(['shop.example.com']);
  });
});

// Issue #15 item 2: the policy layers. The synth's checks and the independent tracer agree on
// the pattern's output plus a mesh's AuthorizationPolicies and DestinationRules: what the synth
// refuses, the tracer does not reach; what it accepts, the tracer reaches.
describe('the policy layers on the pattern\'s challenge path', () => {
  const policies: Array<{ name: string; refused: boolean; objects: any[] }> = [
    { name: 'a mesh-wide ALLOW policy requiring a JWT', refused: true, objects: [{ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'jwt', namespace: 'istio-system' }, spec: { rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] } }] },
    {
      name: 'the same with a rule for the challenge path', refused: false, objects: [
        { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'jwt', namespace: 'istio-system' }, spec: { rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }, { to: [{ operation: { methods: ['GET'], paths: [`${CHALLENGE}*`] } }] }] } },
      ],
    },
    { name: 'a DENY rule on /.well-known/*', refused: true, objects: [{ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny', namespace: 'istio-system' }, spec: { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/.well-known/*'] } }] }] } }] },
    { name: 'a mesh-wide ISTIO_MUTUAL DestinationRule', refused: true, objects: [{ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'mesh', namespace: 'istio-system' }, spec: { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } }] },
    {
      name: 'the same with a DISABLE rule for the solver Service', refused: false, objects: [
        { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'mesh', namespace: 'istio-system' }, spec: { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } },
        { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'solver', namespace: 'istio-system' }, spec: { host: 'acme-http01-shop-example-com.istio-system.svc.cluster.local', exportTo: ['.'], trafficPolicy: { tls: { mode: 'DISABLE' } } } },
      ],
    },
  ];
  test.each(policies)('$name', ({ refused, objects }) => {
    const { chart } = newChart();
    new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: { namespace: 'istio-system' }, routes: [{ serviceName: 'web', port: 80 }] });
    objects.forEach((o, i) => new ApiObject(chart, `Policy${i}`, o));
    expect(synthErrors(chart).length > 0).toBe(refused);
    const t = trace(renderUnvalidated(chart), 'shop.example.com');
    expect({ reachesSolver: t.reachesSolver, reason: t.reason }).toEqual(refused ? { reachesSolver: false, reason: expect.stringMatching(/403|503/) } : { reachesSolver: true, reason: undefined });
  });
});
