import { Chart, Duration, Testing } from 'cdk8s';
import { AllowedListeners, AllowedRoutes, Gateway, ListenerProtocol } from '../../src/gateway-api';
import {
  AcmeSolver, ClusterIssuer, Dns01Provider, Issuer, IssuerConfig, LetsEncryptEnvironment, PrivateKeyAlgorithm,
} from '../../src/cert-manager';
import { HttpMatch, RedirectScheme as HttpRedirectScheme, StringMatch, TlsProtocolVersion, VirtualService } from '../../src/istio';
import { AcmeIssuerChoice, HttpsRedirectGateway, IngressApi } from '../../src/patterns';
import { Warnings } from '../../src/validation';
import { doc, docs, expectFailure, expectSynthFailure, newChart, synthErrors, synthValid } from '../util/expect';

const WORKLOAD = { namespace: 'istio-system', selector: { istio: 'ingressgateway' } };
const SHOP = [{ serviceName: 'shop', serviceNamespace: 'web', port: 8080 }];

describe('HttpsRedirectGateway (Istio API)', () => {
  test('renders the shape of cert-manager\'s Istio page with a route to the solver', () => {
    const { chart } = newChart();
    new HttpsRedirectGateway(chart, 'Example', { hosts: ['example.com'], workload: WORKLOAD, routes: SHOP });
    const all = synthValid(chart);

    const gw = doc(all, 'Gateway');
    expect(gw.apiVersion).toBe('networking.istio.io/v1');
    expect(gw.metadata).toEqual({ name: 'example', namespace: 'istio-system' });
    expect(gw.spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(gw.spec.servers).toEqual([
      { hosts: ['example.com'], port: { name: 'http-80-example', number: 80, protocol: 'HTTP' }, tls: { httpsRedirect: true } },
      { hosts: ['example.com'], port: { name: 'https-443-example', number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'example-tls', minProtocolVersion: 'TLSV1_2' } },
    ]);

    const cert = doc(all, 'Certificate');
    expect(cert.metadata.namespace).toBe('istio-system');
    expect(cert.metadata.annotations).toEqual({ 'cert-manager.io/issue-temporary-certificate': 'true' });
    expect(cert.spec).toMatchObject({ secretName: 'example-tls', dnsNames: ['example.com'], issuerRef: { kind: 'Issuer', name: 'example-letsencrypt-staging' } });
    expect(cert.spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });

    const issuer = doc(all, 'Issuer');
    expect(issuer.metadata).toEqual({ name: 'example-letsencrypt-staging', namespace: 'istio-system' });
    expect(issuer.spec.acme.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    // one solver for every site routed this way: selected by the Certificate's label, nothing per host
    expect(cert.metadata.labels).toEqual({ 'acme.cdk8s-istio-tls.io/http01-route': 'istio' });
    expect(issuer.spec.acme.solvers).toEqual([{
      selector: { matchLabels: { 'acme.cdk8s-istio-tls.io/http01-route': 'istio' } },
      http01: { ingress: { ingressClassName: 'unserved.cdk8s-istio-tls.io', serviceType: 'ClusterIP' } },
    }]);

    // the Service selects the solver pods by the labels cert-manager puts on them
    // (pkg/issuer/acme/http/pod.go: http01-solver "true", http-domain = adler32 of the name)
    const svc = doc(all, 'Service');
    expect(svc.metadata).toEqual({ name: 'acme-http01-example-com', namespace: 'istio-system' });
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'acme.cert-manager.io/http01-solver': 'true', 'acme.cert-manager.io/http-domain': '446694490' },
      ports: [{ name: 'http', port: 8089, targetPort: 8089, protocol: 'TCP', appProtocol: 'http' }],
    });

    const vs = doc(all, 'VirtualService');
    expect(vs.spec.gateways).toEqual(['istio-system/example']);
    expect(vs.spec.hosts).toEqual(['example.com']);
    expect(vs.spec.http).toEqual([
      {
        name: 'acme-http01-example.com',
        match: [{ uri: { prefix: '/.well-known/acme-challenge/' } }],
        route: [{ destination: { host: 'acme-http01-example-com.istio-system.svc.cluster.local', port: { number: 8089 } } }],
      },
      { match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'shop.web.svc.cluster.local', port: { number: 8080 } } }] },
    ]);
  });

  test('keeps the Certificate, its solvers and Services in the workload namespace when the routes live elsewhere', () => {
    const { chart } = newChart('shop');
    const p = new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: { namespace: 'istio-ingress', selector: { app: 'gw' } }, routes: [{ serviceName: 'web', port: 80 }] });
    const all = synthValid(chart);
    expect(p.namespace).toBe('shop');
    expect(p.workloadNamespace).toBe('istio-ingress');
    expect(doc(all, 'Gateway').metadata.namespace).toBe('shop');
    expect(doc(all, 'Gateway').spec.selector).toEqual({ app: 'gw' });
    expect(doc(all, 'VirtualService').metadata.namespace).toBe('shop');
    expect(doc(all, 'Certificate').metadata.namespace).toBe('istio-ingress');
    expect(doc(all, 'Issuer').metadata.namespace).toBe('istio-ingress');
    expect(doc(all, 'Service').metadata.namespace).toBe('istio-ingress');
    // the VirtualService reaches the solver Service across namespaces by its full name
    expect(doc(all, 'VirtualService').spec.http[0].route[0].destination.host).toBe('acme-http01-shop-example-com.istio-ingress.svc.cluster.local');
    // a route without serviceNamespace goes to the routes' namespace
    expect(doc(all, 'VirtualService').spec.http[1].route[0].destination.host).toBe('web.shop.svc.cluster.local');
  });

  test('gives every host its own Service and challenge rule (one solver pod answers one name only), and the issuer one solver', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com', 'www.shop.example.com'], workload: WORKLOAD, routes: SHOP });
    const all = synthValid(chart);
    expect(p.solvers).toHaveLength(1);
    expect(p.solverServices.map((s) => s.name)).toEqual(['acme-http01-shop-example-com', 'acme-http01-www-shop-example-com']);
    // the values of cert-manager's own pod label for the two names (verified against the research: 903284290 for shop.example.com)
    expect(docs(all, 'Service').map((svc: any) => svc.spec.selector['acme.cert-manager.io/http-domain'])).toEqual(['903284290', '1399326677']);
    expect(doc(all, 'Issuer').spec.acme.solvers).toHaveLength(1);
    const http = doc(all, 'VirtualService').spec.http;
    expect(http[0].match).toEqual([
      { uri: { prefix: '/.well-known/acme-challenge/' }, authority: { exact: 'shop.example.com' } },
      { uri: { prefix: '/.well-known/acme-challenge/' }, authority: { prefix: 'shop.example.com:' } },
    ]);
    expect(http[1].match[0].authority).toEqual({ exact: 'www.shop.example.com' });
    expect(http[1].route[0].destination.host).toBe('acme-http01-www-shop-example-com.istio-system.svc.cluster.local');
    expect(http[2].route[0].destination.host).toBe('shop.web.svc.cluster.local');
  });

  test('cuts long host names into valid Service names; the selector holds the name\'s hash', () => {
    const { chart } = newChart();
    const host = `${'a'.repeat(60)}.example.com`;
    new HttpsRedirectGateway(chart, 'Long', { hosts: [host], workload: WORKLOAD, routes: SHOP });
    const all = synthValid(chart);
    const svc = doc(all, 'Service');
    expect(svc.metadata.name.length).toBeLessThanOrEqual(63);
    expect(svc.metadata.name).toMatch(/^acme-http01-a+-[0-9a-f]{10}$/);
    expect(svc.spec.selector['acme.cert-manager.io/http-domain']).toMatch(/^[0-9]+$/);
  });

  test('backend routes: element-wise prefixes, per-host routes, read back', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com', 'api.example.com'], workload: WORKLOAD });
    p.addRoute({ pathPrefix: '/api/', serviceName: 'api', serviceNamespace: 'web', port: 8080, hosts: ['api.example.com'] });
    p.addRoute({ serviceName: 'frontend', serviceNamespace: 'web', port: 80 });
    const http = doc(synthValid(chart), 'VirtualService').spec.http;
    expect(http[2].match).toEqual([
      { uri: { exact: '/api' }, authority: { exact: 'api.example.com' } },
      { uri: { exact: '/api' }, authority: { prefix: 'api.example.com:' } },
      { uri: { prefix: '/api/' }, authority: { exact: 'api.example.com' } },
      { uri: { prefix: '/api/' }, authority: { prefix: 'api.example.com:' } },
    ]);
    expect(http[3]).toEqual({ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'frontend.web.svc.cluster.local', port: { number: 80 } } }] });
    expect(p.routes).toEqual([
      { pathPrefix: '/api', serviceName: 'api', serviceNamespace: 'web', port: 8080, hosts: ['api.example.com'] },
      { pathPrefix: '/', serviceName: 'frontend', serviceNamespace: 'web', port: 80, hosts: ['shop.example.com', 'api.example.com'] },
    ]);
  });

  test('one prop switches staging and production: issuer name, server, account key and issuerRef', () => {
    const render = (environment?: LetsEncryptEnvironment) => {
      const { chart } = newChart();
      const p = new HttpsRedirectGateway(chart, 'Shop', {
        hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP,
        issuer: AcmeIssuerChoice.letsEncrypt({ environment, email: 'ops@example.io' }),
      });
      return { p, all: synthValid(chart) };
    };
    const staging = render();
    const production = render(LetsEncryptEnvironment.PRODUCTION);
    expect(staging.p.environment).toBe(LetsEncryptEnvironment.STAGING);
    expect(production.p.environment).toBe(LetsEncryptEnvironment.PRODUCTION);
    const s = doc(staging.all, 'Issuer');
    const pr = doc(production.all, 'Issuer');
    expect([s.metadata.name, s.spec.acme.server, s.spec.acme.privateKeySecretRef.name]).toEqual(
      ['shop-letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory', 'shop-letsencrypt-staging-account-key']);
    expect([pr.metadata.name, pr.spec.acme.server, pr.spec.acme.privateKeySecretRef.name]).toEqual(
      ['shop-letsencrypt-production', 'https://acme-v02.api.letsencrypt.org/directory', 'shop-letsencrypt-production-account-key']);
    expect(pr.spec.acme.email).toBe('ops@example.io');
    expect(doc(production.all, 'Certificate').spec.issuerRef.name).toBe('shop-letsencrypt-production');
  });

  test('creates a ClusterIssuer when asked', () => {
    const { chart } = newChart();
    new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP, issuer: AcmeIssuerChoice.letsEncrypt({ clusterIssuer: true, name: 'letsencrypt' }) });
    const all = synthValid(chart);
    expect(doc(all, 'ClusterIssuer').metadata).toEqual({ name: 'letsencrypt' });
    expect(doc(all, 'Certificate').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' });
  });

  test('adds one solver to a shared issuer of the app, however many sites use it, selected by label ahead of a catch-all DNS-01 solver', () => {
    const { chart } = newChart();
    const le = new ClusterIssuer(chart, 'LetsEncrypt', {
      config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: 'token' } }))] }),
    });
    const a = new HttpsRedirectGateway(chart, 'A', { hosts: ['a.example.com'], workload: WORKLOAD, routes: SHOP, issuer: AcmeIssuerChoice.fromIssuer(le) });
    new HttpsRedirectGateway(chart, 'B', { hosts: ['b.example.com'], workload: WORKLOAD, routes: SHOP, issuer: AcmeIssuerChoice.fromIssuer(le) });
    const all = synthValid(chart);
    expect(a.issuer).toBe(le);
    expect(docs(all, 'Issuer')).toHaveLength(0);
    expect(doc(all, 'ClusterIssuer').spec.acme.solvers.map((s: any) => s.selector?.matchLabels)).toEqual([undefined, { 'acme.cdk8s-istio-tls.io/http01-route': 'istio' }]);
    expect(le.solverFor('a.example.com', a.certificate.labels)).toBe(a.solvers[0]);
  });

  test('labels go on every object; the key settings reach the Certificate', () => {
    const { chart } = newChart();
    new HttpsRedirectGateway(chart, 'Shop', {
      metadata: { labels: { team: 'shop' } }, hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP,
      privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 3072 }, renewBefore: Duration.days(30), secretName: 'shop-cert',
      tls: { minProtocolVersion: TlsProtocolVersion.TLSV1_3 },
    });
    const all = synthValid(chart);
    for (const d of all) {
      const extra = d.kind === 'Certificate' ? { 'acme.cdk8s-istio-tls.io/http01-route': 'istio' } : {};
      expect({ kind: d.kind, labels: d.metadata.labels }).toEqual({ kind: d.kind, labels: { team: 'shop', ...extra } });
    }
    const cert = doc(all, 'Certificate');
    expect(cert.spec).toMatchObject({ secretName: 'shop-cert', renewBefore: '720h0m0s', privateKey: { algorithm: 'RSA', size: 3072 } });
    expect(doc(all, 'Gateway').spec.servers[1].tls).toMatchObject({ credentialName: 'shop-cert', minProtocolVersion: 'TLSV1_3' });
  });
});

describe('HttpsRedirectGateway (Gateway API)', () => {
  test('renders an HTTP listener with a redirect route, an HTTPS listener with the certificate and a gatewayHTTPRoute solver', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', {
      api: IngressApi.GATEWAY_API, hosts: ['shop.example.com', 'www.example.com'], workload: { namespace: 'shop-gw' },
      routes: [{ serviceName: 'shop', port: 8080 }],
    });
    const all = synthValid(chart);
    expect(p.gateway).toBeDefined();
    expect(p.istioGateway).toBeUndefined();
    const gw = doc(all, 'Gateway');
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw.metadata).toEqual({ name: 'shop', namespace: 'shop-gw' });
    expect(gw.spec.gatewayClassName).toBe('istio');
    expect(gw.spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https', port: 443, protocol: 'HTTPS', allowedRoutes: { namespaces: { from: 'Same' } },
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
      },
    ]);
    const routes = docs(all, 'HTTPRoute');
    const redirect = routes.find((r) => r.metadata.name === 'shop-redirect');
    expect(redirect.spec).toEqual({
      parentRefs: [{ name: 'shop', namespace: 'shop-gw', sectionName: 'http' }],
      hostnames: ['shop.example.com', 'www.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    const backend = routes.find((r) => r.metadata.name === 'shop');
    expect(backend.spec.parentRefs).toEqual([{ name: 'shop', namespace: 'shop-gw', sectionName: 'https' }]);
    expect(backend.spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'shop', port: 8080 }] }]);
    // one solver for every site routed this way, whatever the hosts; each Certificate names the
    // Gateway its challenge route attaches to (cert-manager's parentRef override annotations)
    expect(doc(all, 'Issuer').spec.acme.solvers).toEqual([{
      selector: { matchLabels: { 'acme.cdk8s-istio-tls.io/http01-route': 'gateway-api' } },
      http01: { gatewayHTTPRoute: { serviceType: 'ClusterIP' } },
    }]);
    const cert = doc(all, 'Certificate');
    expect(cert.metadata.namespace).toBe('shop-gw');
    expect(cert.metadata.annotations).toEqual({
      'cert-manager.io/issue-temporary-certificate': 'true',
      'acme.cert-manager.io/http01-parentrefkind': 'Gateway',
      'acme.cert-manager.io/http01-parentrefname': 'shop',
      'acme.cert-manager.io/http01-parentrefnamespace': 'shop-gw',
    });
    expect(docs(all, 'Service')).toHaveLength(0);
    expect(docs(all, 'VirtualService')).toHaveLength(0);
  });

  test('grants cross-namespace backends and splits per-host routes into their own HTTPRoute', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', {
      api: IngressApi.GATEWAY_API, gatewayClassName: 'istio-ingress', hosts: ['shop.example.com', 'api.example.com'], workload: { namespace: 'gw' },
    });
    p.addRoute({ pathPrefix: '/v1', serviceName: 'api', serviceNamespace: 'backend', port: 8080, hosts: ['api.example.com'] });
    p.addRoute({ pathPrefix: '/static', serviceName: 'cdn', port: 80 });
    p.addRoute({ serviceName: 'web', serviceNamespace: 'backend', port: 80 });
    const all = synthValid(chart);
    expect(doc(all, 'Gateway').spec.gatewayClassName).toBe('istio-ingress');
    expect(p.backendRoutes.map((r) => r.name)).toEqual(['shop-1', 'shop']);
    const perHost = docs(all, 'HTTPRoute').find((r) => r.metadata.name === 'shop-1');
    expect(perHost.spec.hostnames).toEqual(['api.example.com']);
    expect(perHost.spec.rules[0].backendRefs).toEqual([{ name: 'api', namespace: 'backend', port: 8080 }]);
    const grant = doc(all, 'ReferenceGrant');
    expect(grant.metadata).toEqual({ name: 'httproute-gw-shop', namespace: 'backend' });
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'gw' }],
      to: [{ group: '', kind: 'Service', name: 'api' }, { group: '', kind: 'Service', name: 'web' }],
    });
  });
});

describe('HttpsRedirectGateway names (issue #12)', () => {
  test('Istio API: the Certificate, the Gateway, the VirtualService and the server ports named as given; the rest follows', () => {
    const { chart } = newChart();
    new HttpsRedirectGateway(chart, 'Example', {
      metadata: { name: 'example-gateway' }, hosts: ['example.com'], workload: WORKLOAD, routes: SHOP, secretName: 'example-cert-secret',
      names: { certificate: 'example-cert', virtualService: 'example-routes', httpPortName: 'http', httpsPortName: 'https' },
    });
    const all = synthValid(chart);
    const gw = doc(all, 'Gateway');
    expect(gw.metadata.name).toBe('example-gateway');
    expect(gw.spec.servers.map((x: any) => x.port.name)).toEqual(['http', 'https']);
    const cert = doc(all, 'Certificate');
    expect([cert.metadata.name, cert.spec.secretName]).toEqual(['example-cert', 'example-cert-secret']);
    expect(gw.spec.servers[1].tls.credentialName).toBe('example-cert-secret');
    const vs = doc(all, 'VirtualService');
    expect(vs.metadata.name).toBe('example-routes');
    expect(vs.spec.gateways).toEqual(['istio-system/example-gateway']);
  });

  test('Istio API: the gateway named apart from the base name; unnamed objects keep the base name (default output unchanged)', () => {
    const { chart } = newChart();
    new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP, names: { gateway: 'public' } });
    const all = synthValid(chart);
    expect(doc(all, 'Gateway').metadata.name).toBe('public');
    expect(doc(all, 'VirtualService').spec.gateways).toEqual(['istio-system/public']);
    expect(doc(all, 'Certificate').metadata.name).toBe('shop');
    expect(doc(all, 'Gateway').spec.servers.map((x: any) => x.port.name)).toEqual(['http-80-shop', 'https-443-shop']);
  });

  test('Gateway API: the Gateway, both HTTPRoutes and the Certificate named as given; the challenge parent follows the Gateway', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'Shop', {
      api: IngressApi.GATEWAY_API, hosts: ['shop.example.com', 'api.shop.example.com'], workload: { namespace: 'gw' }, routes: [{ pathPrefix: '/web', serviceName: 'web', port: 80 }],
      names: { certificate: 'shop-cert', gateway: 'shop-gw', redirectRoute: 'to-https', backendRoute: 'backends' },
    });
    p.addRoute({ serviceName: 'api', port: 80, hosts: ['api.shop.example.com'] });
    const all = synthValid(chart);
    const gw = doc(all, 'Gateway');
    expect(gw.metadata.name).toBe('shop-gw');
    const cert = doc(all, 'Certificate');
    expect(cert.metadata.name).toBe('shop-cert');
    expect(cert.metadata.annotations['acme.cert-manager.io/http01-parentrefname']).toBe('shop-gw');
    expect(docs(all, 'HTTPRoute').map((r) => [r.metadata.name, r.spec.parentRefs[0].name]).sort()).toEqual([['backends', 'shop-gw'], ['backends-2', 'shop-gw'], ['to-https', 'shop-gw']]);
  });

  test('fails on a name of the other API, an invalid name, or port names the Gateway refuses', () => {
    const { chart } = newChart();
    const base = { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP };
    expectFailure(() => new HttpsRedirectGateway(chart, 'A', { ...base, names: { redirectRoute: 'r' } }), {
      path: 'test/A', field: 'names.redirectRoute', value: '"r"', problem: /Gateway API variant/, fix: /remove names.redirectRoute, or use api: IngressApi.GATEWAY_API/,
    });
    expectFailure(() => new HttpsRedirectGateway(chart, 'B', { ...base, api: IngressApi.GATEWAY_API, workload: { namespace: 'gw' }, names: { httpPortName: 'http' } }), {
      path: 'test/B', field: 'names.httpPortName', value: '"http"', problem: /Istio API variant/, fix: /use api: IngressApi.ISTIO/,
    });
    expectFailure(() => new HttpsRedirectGateway(chart, 'C', { ...base, names: { gateway: 'example.gateway' } }), {
      path: 'test/C', field: 'names.gateway', value: '"example.gateway"', fix: /without dots/,
    });
    expectFailure(() => new HttpsRedirectGateway(chart, 'D', { ...base, names: { certificate: 'Example_Cert' } }), {
      path: 'test/D', field: 'names.certificate', value: '"Example_Cert"', fix: /valid Certificate name/,
    });
    expectFailure(() => new HttpsRedirectGateway(chart, 'E', { ...base, names: 'x' as any }), { path: 'test/E', field: 'names', value: '"x"', fix: /example-cert/ });
    // Istio requires unique port names within a Gateway; the Gateway's own check reports it
    expectFailure(() => new HttpsRedirectGateway(chart, 'F', { ...base, names: { httpPortName: 'web', httpsPortName: 'web' } }), {
      path: 'test/F/Gateway', field: 'servers[1].portName', value: '"web"', problem: /unique/, fix: /choose another portName/,
    });
  });
});

describe('HttpsRedirectGateway validation (construction)', () => {
  const base = { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP };

  test('fails if hosts is empty', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'P', { ...base, hosts: [] }), { path: 'test/P', field: 'hosts', value: '[]', fix: /list the host names/ });
  });

  test('fails if a host is a wildcard, with a pointer to WildcardCertificate', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'P', { ...base, hosts: ['*.example.com'] }), {
      path: 'test/P', field: 'hosts[0]', value: '"*.example.com"', problem: /cannot be validated over HTTP-01/, fix: /WildcardCertificate/,
    });
  });

  test('fails if a host is not a valid DNS name, a short name or listed twice', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'A', { ...base, hosts: ['Shop.example.com'] }), { path: 'test/A', field: 'hosts[0]', value: '"Shop.example.com"', fix: /lowercase/ });
    expectFailure(() => new HttpsRedirectGateway(chart, 'B', { ...base, hosts: ['localhost'] }), { path: 'test/B', field: 'hosts[0]', value: '"localhost"', fix: /fully qualified/ });
    expectFailure(() => new HttpsRedirectGateway(chart, 'C', { ...base, hosts: ['a.example.com', 'a.example.com'] }), { path: 'test/C', field: 'hosts[1]', value: '"a.example.com"', problem: /duplicate/, fix: /once/ });
    expectFailure(() => new HttpsRedirectGateway(chart, 'D', { ...base, hosts: [42 as any] }), { path: 'test/D', field: 'hosts[0]', value: '42', fix: /shop\.example\.com/ });
  });

  test('fails if the Gateway API variant has more hosts than an HTTPRoute can carry', () => {
    const { chart } = newChart();
    const hosts = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
    expectFailure(() => new HttpsRedirectGateway(chart, 'P', { ...base, api: IngressApi.GATEWAY_API, workload: { namespace: 'gw' }, hosts }), {
      path: 'test/P', field: 'hosts', value: '"17 hosts"', problem: /at most 16 hostnames/, fix: /split the hosts/,
    });
  });

  test('fails if the workload is missing or has an invalid namespace', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'A', { ...base, workload: undefined as any }), { path: 'test/A', field: 'workload', value: 'unset', fix: /namespace: 'istio-system'/ });
    expectFailure(() => new HttpsRedirectGateway(chart, 'B', { ...base, workload: { namespace: 'Istio_System' } }), { path: 'test/B', field: 'workload.namespace', value: '"Istio_System"', fix: /valid namespace/ });
  });

  test('fails if the selector is empty, invalid, or given with the Gateway API', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'A', { ...base, workload: { namespace: 'istio-system', selector: {} } }), { path: 'test/A', field: 'workload.selector', value: '{}', fix: /select the gateway pods/ });
    expectFailure(() => new HttpsRedirectGateway(chart, 'B', { ...base, workload: { namespace: 'istio-system', selector: { istio: 'bad value' } } }), {
      path: 'test/B', field: 'workload.selector["istio"]', value: '"bad value"', fix: /valid Kubernetes label/,
    });
    expectFailure(() => new HttpsRedirectGateway(chart, 'C', { ...base, api: IngressApi.GATEWAY_API, workload: { namespace: 'gw', selector: { app: 'x' } } }), {
      path: 'test/C', field: 'workload.selector', problem: /Istio deploys and selects/, fix: /remove workload\.selector/,
    });
  });

  test('fails if the base name is not a DNS-1123 label', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'P', { ...base, metadata: { name: 'shop.example' } }), { path: 'test/P', field: 'metadata.name', value: '"shop.example"', fix: /shorter lowercase name/ });
  });

  test('fails if the Gateway API variant is put outside the workload namespace', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'P', { ...base, api: IngressApi.GATEWAY_API, workload: { namespace: 'gw' }, metadata: { namespace: 'web' } }), {
      path: 'test/P', field: 'metadata.namespace', value: '"web"', problem: /gateway pods in the Gateway's namespace/, fix: /workload\.namespace/,
    });
  });

  test('fails if options of the other API are given', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'A', { ...base, api: IngressApi.GATEWAY_API, workload: { namespace: 'gw' }, tls: {} }), { path: 'test/A', field: 'tls', fix: /IngressApi\.ISTIO/ });
    expectFailure(() => new HttpsRedirectGateway(chart, 'B', { ...base, gatewayClassName: 'istio' }), { path: 'test/B', field: 'gatewayClassName', value: '"istio"', fix: /IngressApi\.GATEWAY_API/ });
    expectFailure(() => new HttpsRedirectGateway(chart, 'C', { ...base, api: 'nginx' as any }), { path: 'test/C', field: 'api', value: '"nginx"', fix: /IngressApi value/ });
  });

  test('fails if the issuer is not an ACME issuer of the app', () => {
    const { chart } = newChart();
    const imported = ClusterIssuer.fromClusterIssuerName(chart, 'Imported', 'letsencrypt');
    expectFailure(() => new HttpsRedirectGateway(chart, 'A', { ...base, issuer: AcmeIssuerChoice.fromIssuer(imported) }), {
      path: 'test/A', field: 'issuer', value: '"ClusterIssuer/letsencrypt"', problem: /cannot add its solvers/, fix: /ACME Issuer or ClusterIssuer of this app/,
    });
    const ca = new Issuer(chart, 'Ca', { metadata: { namespace: 'istio-system' }, config: IssuerConfig.ca({ secretName: 'ca' }) });
    expectFailure(() => new HttpsRedirectGateway(chart, 'B', { ...base, issuer: AcmeIssuerChoice.fromIssuer(ca) }), {
      path: 'test/B', field: 'issuer', value: '"Issuer/ca"', problem: /HTTP-01 needs an ACME issuer/, fix: /ACME Issuer/,
    });
    expectFailure(() => new HttpsRedirectGateway(chart, 'C', { ...base, issuer: { environment: 'prod' } as any }), { path: 'test/C', field: 'issuer', fix: /AcmeIssuerChoice\.letsEncrypt/ });
    // the factories throw nothing: the pattern receiving the choice reports its problem, under `issuer`
    expect(() => AcmeIssuerChoice.fromIssuer(undefined as any)).not.toThrow();
    expectFailure(() => new HttpsRedirectGateway(chart, 'D', { ...base, issuer: AcmeIssuerChoice.fromIssuer(undefined as any) }), {
      path: 'test/D', field: 'issuer.issuer', value: 'unset', problem: /^\[test\/D\] AcmeIssuerChoice\.fromIssuer: an issuer \(IIssuer\) is required/, fix: /Issuer or ClusterIssuer construct/,
    });
    expect(() => AcmeIssuerChoice.letsEncrypt({ environment: 'https://acme.example/directory' as any })).not.toThrow();
    expectFailure(() => new HttpsRedirectGateway(chart, 'E', { ...base, issuer: AcmeIssuerChoice.letsEncrypt({ environment: 'https://acme.example/directory' as any }) }), {
      path: 'test/E', field: 'issuer.environment', value: '"https://acme.example/directory"', problem: /^\[test\/E\] AcmeIssuerChoice\.letsEncrypt: /, fix: /LetsEncryptEnvironment value/,
    });
  });

  test('fails with the pattern\'s path and the tls prop if the TLS options are inconsistent (GatewayTls.simple, received by the pattern)', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'P', { ...base, tls: { minProtocolVersion: TlsProtocolVersion.TLSV1_3, maxProtocolVersion: TlsProtocolVersion.TLSV1_2 } }), {
      path: 'test/P', field: 'tls.minProtocolVersion', value: '"TLSV1_3"', problem: /^\[test\/P\] GatewayTls\.simple: the minimum TLS version is above the maximum/, fix: /lower minProtocolVersion/,
    });
  });

  test('fails if the cipher suites cannot be used with the certificate key', () => {
    const { chart } = newChart();
    expectFailure(() => new HttpsRedirectGateway(chart, 'P', { ...base, tls: { cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'] } }), {
      path: 'test/P', field: 'tls.cipherSuites', problem: /ECDSA key, so every TLS 1\.2 handshake fails/, fix: /ECDHE-ECDSA/,
    });
    // the seed's RSA key with RSA suites is fine
    new HttpsRedirectGateway(chart, 'Ok', { ...base, hosts: ['ok.example.com'], privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 2048 }, tls: { cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'] } });
  });

  test('fails if a route is invalid or never reached', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'P', { hosts: ['a.example.com', 'b.example.com'], workload: WORKLOAD });
    expectFailure(() => p.addRoute({ pathPrefix: 'api', serviceName: 'x', port: 80 }), { path: 'test/P', field: 'routes[0].pathPrefix', value: '"api"', fix: /"\/api"/ });
    expectFailure(() => p.addRoute({ pathPrefix: '/a//b', serviceName: 'x', port: 80 }), { path: 'test/P', field: 'routes[0].pathPrefix', value: '"/a//b"', fix: /plain path/ });
    expectFailure(() => p.addRoute({ pathPrefix: '/.well-known/acme-challenge/', serviceName: 'x', port: 80 }), {
      path: 'test/P', field: 'routes[0].pathPrefix', problem: /belongs to the HTTP-01 solver/, fix: /another path/,
    });
    expectFailure(() => p.addRoute({ serviceName: 'My_Service', port: 80 }), { path: 'test/P', field: 'routes[0].serviceName', value: '"My_Service"', fix: /metadata\.name of the Service/ });
    expectFailure(() => p.addRoute({ serviceName: 'x', port: 0 }), { path: 'test/P', field: 'routes[0].port', value: '0', fix: /Service port/ });
    expectFailure(() => p.addRoute({ serviceName: 'x', port: 80, hosts: ['c.example.com'] }), { path: 'test/P', field: 'routes[0].hosts[0]', value: '"c.example.com"', fix: /add the host/ });
    p.addRoute({ serviceName: 'web', port: 80 });
    expectFailure(() => p.addRoute({ pathPrefix: '/api', serviceName: 'api', port: 80, hosts: ['a.example.com'] }), {
      path: 'test/P', field: 'routes[1].pathPrefix', value: '"/api"', problem: /never reached for \["a\.example\.com"\]: routes\[0\]/, fix: /more specific route before routes\[0\]/,
    });
    expect(p.routes).toHaveLength(1);
  });
});

describe('HttpsRedirectGateway validation (whole app, at synth)', () => {
  test('a site without backend routes (certificate and redirect alone) is valid, with a warning unless routes: [] says so', () => {
    for (const api of [IngressApi.ISTIO, IngressApi.GATEWAY_API]) {
      const workload = api === IngressApi.ISTIO ? WORKLOAD : { namespace: 'gw' };
      const { app, chart } = newChart();
      new HttpsRedirectGateway(chart, 'P', { api, hosts: ['shop.example.com'], workload });
      new HttpsRedirectGateway(chart, 'Q', { api, hosts: ['q.example.com'], workload, routes: [] });
      const all = synthValid(chart);
      // the certificate and the redirect are rendered; no backend anywhere
      expect(docs(all, 'Certificate').map((c) => c.metadata.name)).toEqual(['p', 'q']);
      if (api === IngressApi.GATEWAY_API) expect(docs(all, 'HTTPRoute').map((r) => r.metadata.name).sort()).toEqual(['p-redirect', 'q-redirect']);
      const problems = Warnings.problemsOf(app);
      expect(problems.map((w) => [w.path, w.field, w.value])).toEqual([['test/P', 'routes', '[]']]);
      expect(problems[0].message).toMatch(/likely unintended/);
      expect(problems[0].fix).toMatch(/addRoute.*routes: \[\]/);
    }
  });

  test('a route added after construction silences the warning', () => {
    const { app, chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: [] });
    p.addRoute({ serviceName: 'shop', port: 80 });
    synthValid(chart);
    expect(Warnings.collect(app)).toEqual([]);
  });

  test('another HTTP-01 solver selected for a host still gets the challenge: the Service selects the labels cert-manager puts on every solver pod', () => {
    const { chart } = newChart();
    const le = new ClusterIssuer(chart, 'Le', {
      config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx', selector: { dnsNames: ['shop.example.com'] } })] }),
    });
    new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP, issuer: AcmeIssuerChoice.fromIssuer(le) });
    expect(synthErrors(chart)).toEqual([]);
  });

  test('Gateway API: fails if the shared issuer selects another solver for a host (the Gateway API family\'s check: the name\'s HTTP requests are redirected on the pattern\'s http listener)', () => {
    const { chart } = newChart();
    const le = new ClusterIssuer(chart, 'Le', {
      config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx', selector: { dnsNames: ['shop.example.com'] } })] }),
    });
    new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], api: IngressApi.GATEWAY_API, workload: { namespace: 'gw' }, routes: SHOP, issuer: AcmeIssuerChoice.fromIssuer(le) });
    expectSynthFailure(chart, {
      path: 'test/P/Certificate', field: 'dnsNames[0]', value: '"shop.example.com"',
      problem: /ClusterIssuer "le" selects its solvers\[0\] \(HTTP-01 ingress class nginx\) for this name instead of its solvers\[1\] \(HTTP-01 gatewayHTTPRoute \(parents from the Certificate's annotations\)\), so the challenge would be served where listener "http" of gateway gw\/p, which routes this name's HTTP requests \(HTTPRoute gw\/p-redirect, test\/P\/RedirectRoute\), does not route/,
      fix: /remove "shop\.example\.com" from the selector of solvers\[0\]/,
    });
  });

  test('fails if another VirtualService bound to the gateway for the host has a catch-all (kept behind the solver rule only by Istio\'s implementation)', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP });
    new VirtualService(chart, 'Legacy', {
      metadata: { namespace: 'web' }, hosts: ['*.example.com'], gateways: [p.istioGateway!],
      httpRoutes: [{ matches: [HttpMatch.uriPrefix('/')], redirect: { authority: 'www.example.com' } }],
    });
    expectSynthFailure(chart, {
      path: 'test/P/VirtualService', field: 'hosts[0]', value: '"shop.example.com"',
      problem: /VirtualService web\/legacy \(test\/Legacy\) is also bound to gateway istio-system\/p .* order of merged rules unspecified, so its catch-all rule http\[0\] \(a redirect\) may take the ACME challenge request before the solver rule http\[0\] of this VirtualService; only Istio's implementation moves catch-all routes behind the others \(SortVHostRoutes\)/,
      fix: /move its routes into this VirtualService after the solver rule \(HttpsRedirectGateway: addRoute\(\)\)/,
    });
  });

  test('fails if another VirtualService has a rule Istio keeps in place that may take the challenge (creation order), naming that rule over an earlier catch-all', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP });
    new VirtualService(chart, 'Legacy', {
      metadata: { namespace: 'web' }, hosts: ['shop.example.com'], gateways: [p.istioGateway!],
      httpRoutes: [
        { matches: [HttpMatch.uriPrefix('/api')], destinations: [{ host: 'api.web.svc.cluster.local', port: 80 }] },
        // Envoy sets x-forwarded-proto to the hop's scheme before it picks a route: on 443 this holds
        { matches: [HttpMatch.of({ uri: StringMatch.prefix('/'), headers: { 'x-forwarded-proto': StringMatch.exact('https') } })], destinations: [{ host: 'hsts.web.svc.cluster.local', port: 80 }] },
      ],
    });
    expectSynthFailure(chart, {
      path: 'test/P/VirtualService', field: 'hosts[0]', value: '"shop.example.com"',
      problem: /VirtualService web\/legacy \(test\/Legacy\) is also bound to gateway istio-system\/p for this host, and Istio merges the rules of both in creation order, so its rule http\[1\] \(a route to hsts.web.svc.cluster.local:80\) may take the ACME challenge request before the solver rule http\[0\]/,
      fix: /move its routes into this VirtualService/,
    });
  });

  test('passes when the other VirtualService cannot take the challenge request', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP });
    new VirtualService(chart, 'Admin', {
      metadata: { namespace: 'web' }, hosts: ['shop.example.com'], gateways: [p.istioGateway!],
      httpRoutes: [
        { matches: [HttpMatch.uriPrefix('/admin')], destinations: [{ host: 'admin.web.svc.cluster.local', port: 80 }] },
        { matches: [HttpMatch.of({ uri: StringMatch.prefix('/'), headers: { 'x-canary': StringMatch.exact('1') } })], destinations: [{ host: 'canary.web.svc.cluster.local', port: 80 }] },
        { matches: [HttpMatch.of({ uri: StringMatch.prefix('/'), method: StringMatch.exact('POST') })], destinations: [{ host: 'api.web.svc.cluster.local', port: 80 }] },
        // the redirected request arrives over https: x-forwarded-proto is https on 443
        { matches: [HttpMatch.of({ uri: StringMatch.prefix('/'), headers: { 'x-forwarded-proto': StringMatch.exact('http') } })], redirect: { scheme: HttpRedirectScheme.HTTPS } },
      ],
    });
    synthValid(chart);
  });

  test('fails if another Certificate validates a host over HTTP-01', () => {
    const { chart } = newChart();
    const p = new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP });
    new (require('../../src/cert-manager').Certificate)(chart, 'Other', { metadata: { namespace: 'istio-system', labels: p.certificate.labels }, issuer: p.issuer, dnsNames: ['shop.example.com'] });
    expectSynthFailure(chart, {
      path: 'test/P/Certificate', field: 'dnsNames[0]', value: '"shop.example.com"',
      problem: /Certificate istio-system\/other \(test\/Other\) also validates this name over HTTP-01; its challenge requests reach the gateway's rule for the solver \(VirtualService istio-system\/p http\[0\]\), whose Service would balance them across the solver pods of both certificates/,
      fix: /serve the name from one Certificate only/,
    });
  });

  test('warns if another Certificate from an issuer outside the app lists a host', () => {
    const { app, chart } = newChart();
    new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP });
    const ext = ClusterIssuer.fromClusterIssuerName(chart, 'Ext', 'corp');
    new (require('../../src/cert-manager').Certificate)(chart, 'Other', { metadata: { namespace: 'web' }, issuer: ext, dnsNames: ['shop.example.com'] });
    synthValid(chart);
    synthValid(chart);
    expect(Warnings.collect(app).filter((w) => w.includes('test/Other'))).toHaveLength(1);
  });

  test('reports conflicts of two patterns through the L2 checks: same host on the same gateway pods (IST0145) and one Secret written twice', () => {
    const { chart } = newChart();
    new HttpsRedirectGateway(chart, 'A', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP, secretName: 'shared-tls' });
    new HttpsRedirectGateway(chart, 'B', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP, secretName: 'shared-tls' });
    const message = expectSynthFailure(chart, { path: 'test/B/Gateway', field: 'servers[0].hosts[0]', problem: /IST0145/, fix: /merge the servers/ });
    expect(message).toMatch(/\[test\/A\/Certificate\] .*write the same Secret "istio-system\/shared-tls"/);
    // and the Istio family's challenge check: the host is validated over HTTP-01 by both certificates
    expect(message).toMatch(/\[test\/A\/Certificate\] .*Certificate istio-system\/b \(test\/B\/Certificate\) also validates this name over HTTP-01/);
  });

  test('checks stay per app: two apps with the same hosts do not see each other', () => {
    for (let i = 0; i < 2; i++) {
      const app = Testing.app();
      const chart = new (require('cdk8s').Chart)(app, 'test');
      new HttpsRedirectGateway(chart, 'P', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: SHOP });
      synthValid(chart);
    }
  });
});

describe('HttpsRedirectGateway on a shared Gateway API Gateway (fleet scale: one Gateway, one load balancer)', () => {
  const shared = (chart: Chart, allowedListeners = AllowedListeners.fromAllNamespaces()) => new Gateway(chart, 'Edge', {
    metadata: { name: 'edge', namespace: 'gateways' },
    allowedListeners,
    listeners: [{ name: 'http', protocol: ListenerProtocol.HTTP, port: 80, allowedRoutes: AllowedRoutes.fromAllNamespaces() }],
  });

  test('each site adds a ListenerSet and routes in its own namespace; the Gateway and the issuer\'s solver are shared', () => {
    const { chart } = newChart();
    const edge = shared(chart);
    const le = new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt() });
    const a = new HttpsRedirectGateway(chart, 'A', { metadata: { namespace: 'team-a' }, api: IngressApi.GATEWAY_API, gateway: edge, hosts: ['a.example.com', 'www.a.example.com'], issuer: AcmeIssuerChoice.fromIssuer(le), routes: SHOP });
    const b = new HttpsRedirectGateway(chart, 'B', { metadata: { namespace: 'team-b' }, api: IngressApi.GATEWAY_API, gateway: edge, hosts: ['b.example.com'], issuer: AcmeIssuerChoice.fromIssuer(le), routes: SHOP });
    const all = synthValid(chart);
    expect(docs(all, 'Gateway')).toHaveLength(1);
    expect(a.gateway).toBeUndefined();
    expect(b.solvers[0]).toBe(a.solvers[0]);
    expect(doc(all, 'ClusterIssuer').spec.acme.solvers).toHaveLength(1);

    const set = doc(all, 'ListenerSet', 'a');
    expect(set.metadata.namespace).toBe('team-a');
    expect(set.spec.parentRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gateways' });
    expect(set.spec.listeners.map((l: any) => [l.name, l.hostname, l.port, l.protocol, l.tls.certificateRefs[0].name])).toEqual([
      ['https-a.example.com', 'a.example.com', 443, 'HTTPS', 'a-tls'],
      ['https-www.a.example.com', 'www.a.example.com', 443, 'HTTPS', 'a-tls'],
    ]);
    const routes = docs(all, 'HTTPRoute').filter((r) => r.metadata.namespace === 'team-a');
    expect(routes.find((r) => r.metadata.name === 'a-redirect').spec.parentRefs).toEqual([{ name: 'edge', namespace: 'gateways', sectionName: 'http' }]);
    expect(routes.find((r) => r.metadata.name === 'a').spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'a', namespace: 'team-a' }]);
    // the Certificate lives with the ListenerSet and has cert-manager attach its challenge route to the shared Gateway
    const cert = doc(all, 'Certificate', 'a');
    expect(cert.metadata.namespace).toBe('team-a');
    expect(cert.metadata.annotations).toMatchObject({
      'acme.cert-manager.io/http01-parentrefkind': 'Gateway', 'acme.cert-manager.io/http01-parentrefname': 'edge', 'acme.cert-manager.io/http01-parentrefnamespace': 'gateways',
    });
  });

  test('names: the site\'s ListenerSet is named by names.gateway; the challenge parent stays the shared Gateway', () => {
    const { chart } = newChart();
    const edge = shared(chart);
    new HttpsRedirectGateway(chart, 'A', {
      metadata: { namespace: 'team-a' }, api: IngressApi.GATEWAY_API, gateway: edge, hosts: ['a.example.com'], routes: SHOP,
      names: { gateway: 'a-listeners', certificate: 'a-cert', redirectRoute: 'a-to-https' },
    });
    const all = synthValid(chart);
    expect(doc(all, 'ListenerSet').metadata.name).toBe('a-listeners');
    const cert = doc(all, 'Certificate');
    expect([cert.metadata.name, cert.metadata.annotations['acme.cert-manager.io/http01-parentrefname']]).toEqual(['a-cert', 'edge']);
    expect(docs(all, 'HTTPRoute').find((r) => r.metadata.name === 'a-to-https').spec.parentRefs).toEqual([{ name: 'edge', namespace: 'gateways', sectionName: 'http' }]);
    expect(docs(all, 'HTTPRoute').find((r) => r.metadata.name === 'a').spec.parentRefs[0]).toMatchObject({ kind: 'ListenerSet', name: 'a-listeners' });
  });

  test('fails when the shared Gateway does not admit the site\'s ListenerSet, naming the Gateway and allowedListeners', () => {
    const { chart } = newChart();
    const edge = shared(chart, AllowedListeners.none());
    new HttpsRedirectGateway(chart, 'A', { metadata: { namespace: 'team-a' }, api: IngressApi.GATEWAY_API, gateway: edge, hosts: ['a.example.com'], routes: SHOP });
    expect(synthErrors(chart).join('\n')).toMatch(/\[test\/A\/ListenerSet\] .*allowedListeners/);
  });

  test('fails at construction when the shared Gateway has no HTTP listener of that name, or with options of a Gateway of its own', () => {
    const { chart } = newChart();
    const edge = shared(chart);
    expectFailure(() => new HttpsRedirectGateway(chart, 'A', { api: IngressApi.GATEWAY_API, gateway: edge, httpListener: 'web', hosts: ['a.example.com'] }), {
      path: 'test/A', field: 'httpListener', value: '"web"', problem: /gateway gateways\/edge has no HTTP listener of this name/, fix: /listeners: "http"/,
    });
    expectFailure(() => new HttpsRedirectGateway(chart, 'B', { api: IngressApi.GATEWAY_API, gateway: edge, workload: { namespace: 'x' }, hosts: ['b.example.com'] }), {
      path: 'test/B', field: 'workload', fix: 'remove workload',
    });
    expectFailure(() => new HttpsRedirectGateway(chart, 'C', { gateway: edge, hosts: ['c.example.com'] }), {
      path: 'test/C', field: 'gateway', problem: /Gateway API Gateway/, fix: /IngressApi\.GATEWAY_API/,
    });
  });
});
