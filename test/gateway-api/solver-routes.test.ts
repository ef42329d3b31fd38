// The HTTPRoute cert-manager creates for an HTTP-01 challenge of a `gatewayHTTPRoute` solver
// must attach to the solver's parentRefs (gateway-api/solver-routes, a wire-form check over
// every Certificate of the app, whatever built it). Moved here from the Certificate's tests.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AcmeSolver, Certificate, ClusterIssuer, IssuerConfig } from '../../src/cert-manager';
import { AllowedListeners, AllowedRoutes, Gateway, ListenerProtocol, ListenerSet, ListenerTls } from '../../src/gateway-api';
import { GatewayProtocol, Gateway as IstioGateway } from '../../src/istio';
import { Synthesis } from '../../src/core';
import { Errors } from '../../src/validation';
import { errorOf, Expected, expectMessage, newChart } from '../util/expect';

function letsEncrypt(scope: Construct, solvers: AcmeSolver[], id = 'LetsencryptStaging'): ClusterIssuer {
  return new ClusterIssuer(scope, id, { config: IssuerConfig.letsEncrypt({ email: 'ops@example.io', solvers }) });
}

/**
 * The problems synthesizing the app of `chart` with the library's pipeline fails with, one a
 * line (the pipeline runs the library's checks whatever built the objects: L2s or plain
 * ApiObjects); empty when it passes.
 */
function problemLines(chart: Chart): string[] {
  const app = chart.node.root as App;
  try {
    Synthesis.synthYaml(app);
    return [];
  } catch (e) {
    expect(Errors.isValidationError(e)).toBe(true);
    return Errors.problemsOf(e).map((p) => p.message);
  }
}

/**
 * Synthesizing fails with the expected problem on the Certificate at `path`: the problem is
 * reported on the Certificate object, with the Certificate L2's path and prop (`[test/Cert]`,
 * `dnsNames[0]`).
 */
function expectCertificateProblem(scope: Chart, e: Expected): string {
  const message = problemLines(scope).join('\n');
  const line = message.split('\n').find((l) => l.includes(`[${e.path}]`) && l.includes(`(${e.field}: `));
  if (!line) throw new Error(`no validation error for [${e.path}] (${e.field}: ...) in:\n${message}`);
  expectMessage(line, e);
  return message;
}

describe('the HTTPRoute a Certificate\'s gatewayHTTPRoute solver creates attaches to its parentRefs, as the app shows them (synth)', () => {
  const solver = (parent: { name: string; namespace?: string; sectionName?: string; port?: number; kind?: string; group?: string }) =>
    AcmeSolver.http01GatewayHttpRoute({ parentRefs: [parent] });

  test('fails if the parent names an Istio (networking.istio.io) Gateway of the app: the challenge route attaches to nothing', () => {
    const { chart } = newChart('istio-system');
    const issuer = letsEncrypt(chart, [solver({ name: 'istio-gateway', namespace: 'istio-system', kind: 'Gateway' })]);
    new IstioGateway(chart, 'IstioGateway', { metadata: { name: 'istio-gateway' }, servers: [{ port: 80, portName: 'http', protocol: GatewayProtocol.HTTP, hosts: ['app.example.com'] }] });
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['app.example.com'] });
    expectCertificateProblem(chart, {
      path: 'test/Cert', field: 'dnsNames[0]', value: '"app.example.com"',
      problem: /solver of ClusterIssuer "letsencrypt-staging" selected for this name attaches its challenge route to parentRefs\[0\] \(istio-system\/istio-gateway\): istio-system\/istio-gateway is an Istio networking\.istio\.io Gateway in this app \(test\/IstioGateway\), not a Gateway API Gateway; .*never issued/,
      fix: /point the solver's parentRefs at a Gateway API Gateway .*Gateway\.fromGatewayAttributes\(\)/,
    });
  });

  test('the parent namespace defaults to the Certificate\'s, as cert-manager creates the route there', () => {
    const { chart } = newChart('istio-system');
    const issuer = letsEncrypt(chart, [solver({ name: 'istio-gateway' })]);
    new IstioGateway(chart, 'IstioGateway', { metadata: { name: 'istio-gateway' }, servers: [{ port: 80, portName: 'http', protocol: GatewayProtocol.HTTP, hosts: ['app.example.com'] }] });
    new Certificate(chart, 'InShop', { metadata: { namespace: 'shop' }, issuer, dnsNames: ['shop.example.com'] });
    expect(problemLines(chart)).toEqual([]); // shop/istio-gateway is unknown to the app
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['app.example.com'] });
    expectCertificateProblem(chart, { path: 'test/Cert', field: 'dnsNames[0]', problem: /istio-system\/istio-gateway is an Istio networking\.istio\.io Gateway/, fix: /Gateway API Gateway/ });
  });

  test('passes when a Gateway API Gateway of that name is known (defined, or declared with fromGatewayAttributes), or when the parent is unknown', () => {
    const { chart } = newChart('istio-system');
    const issuer = letsEncrypt(chart, [solver({ name: 'istio-gateway', sectionName: 'http' })]);
    new IstioGateway(chart, 'IstioGateway', { metadata: { name: 'istio-gateway' }, servers: [{ port: 80, portName: 'http', protocol: GatewayProtocol.HTTP, hosts: ['app.example.com'] }] });
    Gateway.fromGatewayAttributes(chart, 'Shared', { name: 'istio-gateway', namespace: 'istio-system' });
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['app.example.com'] });
    expect(problemLines(chart)).toEqual([]);

    const other = newChart('istio-system').chart;
    new Certificate(other, 'Cert', { issuer: letsEncrypt(other, [solver({ name: 'elsewhere' })]), dnsNames: ['app.example.com'] });
    expect(problemLines(other)).toEqual([]);
  });

  test('an explicit non-Gateway-API parent group or kind is not checked', () => {
    const { chart } = newChart('istio-system');
    const issuer = letsEncrypt(chart, [solver({ name: 'istio-gateway', group: 'networking.istio.io', kind: 'Gateway' })]);
    new IstioGateway(chart, 'IstioGateway', { metadata: { name: 'istio-gateway' }, servers: [{ port: 80, portName: 'http', protocol: GatewayProtocol.HTTP, hosts: ['app.example.com'] }] });
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['app.example.com'] });
    expect(problemLines(chart)).toEqual([]);
  });

  function webGateway(chart: Chart, allowedRoutes?: any, hostname?: string) {
    return new Gateway(chart, 'Web', {
      metadata: { name: 'web', namespace: 'istio-ingress' },
      listeners: [{ name: 'http', protocol: ListenerProtocol.HTTP, hostname, allowedRoutes }],
    });
  }

  test('fails if the Gateway API listener only admits routes from its own namespace and the Certificate is elsewhere (cert-manager creates the route in the Certificate\'s namespace)', () => {
    const { chart } = newChart('shop');
    webGateway(chart);
    const issuer = letsEncrypt(chart, [solver({ name: 'web', namespace: 'istio-ingress', sectionName: 'http' })]);
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['shop.example.com'] });
    expectCertificateProblem(chart, {
      path: 'test/Cert', field: 'dnsNames[0]', value: '"shop.example.com"',
      problem: /cert-manager creates the challenge HTTPRoute in the Certificate's namespace "shop", and listener\(s\) "http" of gateway istio-ingress\/web only accept routes from namespace "istio-ingress" \(allowedRoutes Same\)/,
      fix: /create the Certificate in the gateway's namespace, or give the listener AllowedRoutes\.fromAllNamespaces\(\)/,
    });
  });

  test('passes when the listener admits the namespace, and for a Certificate in the gateway\'s namespace', () => {
    const { chart } = newChart('shop');
    webGateway(chart, AllowedRoutes.fromAllNamespaces());
    const issuer = letsEncrypt(chart, [solver({ name: 'web', namespace: 'istio-ingress', sectionName: 'http' })]);
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['shop.example.com'] });
    expect(problemLines(chart)).toEqual([]);

    const same = newChart('istio-ingress').chart;
    webGateway(same);
    new Certificate(same, 'Cert', { issuer: letsEncrypt(same, [solver({ name: 'web', sectionName: 'http' })]), dnsNames: ['shop.example.com'] });
    expect(problemLines(same)).toEqual([]);
  });

  test('fails if the sectionName or port names no listener, or no listener serves the name', () => {
    const { chart } = newChart('istio-ingress');
    new Gateway(chart, 'Web', {
      metadata: { name: 'web' },
      listeners: [
        { name: 'http', protocol: ListenerProtocol.HTTP, hostname: 'shop.example.com' },
        { name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminateWithSecret('shop-tls') },
      ],
    });
    const issuer = new ClusterIssuer(chart, 'Le', {
      config: IssuerConfig.letsEncrypt({
        solvers: [
          AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'web', sectionName: 'http-80' }], selector: { dnsNames: ['a.example.com'] } }),
          AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'web', port: 8080 }], selector: { dnsNames: ['b.example.com'] } }),
          AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'web', sectionName: 'http' }] }),
        ],
      }),
    });
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['a.example.com', 'b.example.com', 'other.example.com', 'shop.example.com'] });
    const message = expectCertificateProblem(chart, {
      path: 'test/Cert', field: 'dnsNames[0]', problem: /gateway istio-ingress\/web has no listener "http-80" \(listeners: http, https\)/, fix: /use the name of the gateway's HTTP listener/,
    });
    expect(message).toMatch(/\(dnsNames\[1\]: "b\.example\.com"\) — use the port/);
    expect(message).toMatch(/the challenge HTTPRoute for "other\.example\.com" matches the hostname of no listener it may attach to \("http" shop\.example\.com\)/);
    expect(message).not.toMatch(/dnsNames\[3\]/);
  });

  test('an imported Gateway API Gateway without listeners is not checked further', () => {
    const { chart } = newChart('shop');
    Gateway.fromGatewayAttributes(chart, 'Web', { name: 'web', namespace: 'istio-ingress' });
    new Certificate(chart, 'Cert', { issuer: letsEncrypt(chart, [solver({ name: 'web', namespace: 'istio-ingress', sectionName: 'nope' })]), dnsNames: ['shop.example.com'] });
    expect(problemLines(chart)).toEqual([]);
  });
});

describe('the challenge route check reads the wire form: plain manifests, no L2', () => {
  /** A Gateway API Gateway, an ACME ClusterIssuer and a Certificate written as plain ApiObjects. */
  function manifests(chart: Chart, opts: { from?: string; sectionName?: string; certNamespace?: string }) {
    new ApiObject(chart, 'Gw', {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'web', namespace: 'istio-ingress' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', ...(opts.from ? { allowedRoutes: { namespaces: { from: opts.from } } } : {}) }] },
    });
    new ApiObject(chart, 'Le', {
      apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'le' },
      spec: {
        acme: {
          server: 'https://acme-staging-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le-account' },
          solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'web', namespace: 'istio-ingress', sectionName: opts.sectionName ?? 'http' }] } } }],
        },
      },
    });
    new ApiObject(chart, 'Cert', {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'shop', namespace: opts.certNamespace ?? 'shop' },
      spec: { secretName: 'shop-tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer', group: 'cert-manager.io' } },
    });
  }

  test('fails on the Certificate manifest when the listener does not admit the Certificate\'s namespace, and names the wire field', () => {
    const { chart } = newChart();
    manifests(chart, {});
    const [line, ...others] = problemLines(chart);
    expect(others).toEqual([]);
    expectMessage(line, {
      path: 'test/Cert', field: 'spec.dnsNames[0]', value: '"shop.example.com"',
      problem: 'the HTTP-01 solver of ClusterIssuer "le" selected for this name attaches its challenge route to parentRefs[0] (istio-ingress/web): cert-manager creates the challenge HTTPRoute in the Certificate\'s namespace "shop", and listener(s) "http" of gateway istio-ingress/web only accept routes from namespace "istio-ingress" (allowedRoutes Same)',
      fix: /create the Certificate in the gateway's namespace/,
    });
  });

  test('fails when the sectionName names no listener; passes when the route attaches', () => {
    const missing = newChart().chart;
    manifests(missing, { from: 'All', sectionName: 'web' });
    expect(problemLines(missing)).toEqual([expect.stringMatching(/^\[test\/Cert\] .*gateway istio-ingress\/web has no listener "web" \(listeners: http\).* \(spec\.dnsNames\[0\]: "shop\.example\.com"\) — use the name of the gateway's HTTP listener as sectionName$/)]);

    const ok = newChart().chart;
    manifests(ok, { from: 'All' });
    expect(problemLines(ok)).toEqual([]);
    const same = newChart().chart;
    manifests(same, { certNamespace: 'istio-ingress' });
    expect(problemLines(same)).toEqual([]);
  });

  test('app.synth() fails with the library\'s validation error as soon as the app has one of the library\'s constructs', () => {
    const { chart } = newChart();
    manifests(chart, {});
    Gateway.fromGatewayAttributes(chart, 'Other', { name: 'other', namespace: 'edge' });
    let thrown: unknown;
    try {
      Testing.synth(chart);
    } catch (e) {
      thrown = e;
    }
    expect(Errors.isValidationError(thrown)).toBe(true);
    expect(errorOf(() => Testing.synth(chart))).toContain('[test/Cert] the HTTP-01 solver of ClusterIssuer "le" selected for this name');
  });
});

describe('the issuer selects the gatewayHTTPRoute solver built for a name the app routes on that listener (gateway-api/solver-routes)', () => {
  const ROUTED = { name: 'web', namespace: 'gw', sectionName: 'http' };

  /** Gateway gw/web with an HTTP listener, an HTTPRoute redirecting shop.example.com there, a Certificate in gw. */
  function site(chart: Chart, solvers: AcmeSolver[]): void {
    const gw = new Gateway(chart, 'Web', {
      metadata: { name: 'web', namespace: 'gw' },
      listeners: [{ name: 'http', protocol: ListenerProtocol.HTTP, port: 80, allowedRoutes: AllowedRoutes.fromSameNamespace() }],
    });
    new ApiObject(chart, 'Redirect', {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'redirect', namespace: 'gw' },
      spec: {
        parentRefs: [{ name: gw.name, sectionName: 'http' }], hostnames: ['shop.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    });
    new Certificate(chart, 'Cert', { metadata: { namespace: 'gw' }, issuer: letsEncrypt(chart, solvers), dnsNames: ['shop.example.com'] });
  }

  test('fails on the Certificate if an earlier, equally specific solver is selected: the challenge would not be routed where the name is', () => {
    const { chart } = newChart();
    site(chart, [
      AcmeSolver.http01Ingress({ ingressClassName: 'nginx', selector: { dnsNames: ['shop.example.com'] } }),
      AcmeSolver.http01GatewayHttpRoute({ parentRefs: [ROUTED], selector: { dnsNames: ['shop.example.com'] } }),
    ]);
    expectCertificateProblem(chart, {
      path: 'test/Cert', field: 'dnsNames[0]', value: '"shop.example.com"',
      problem: 'ClusterIssuer "letsencrypt-staging" selects its solvers[0] (HTTP-01 ingress class nginx) for this name instead of its solvers[1] (HTTP-01 gatewayHTTPRoute to gw/web:http), so the challenge would be served where listener "http" of gateway gw/web, which routes this name\'s HTTP requests (HTTPRoute gw/redirect, test/Redirect), does not route',
      fix: 'remove "shop.example.com" from the selector of solvers[0] (a solver listed earlier with an equally specific selector wins), or use an issuer whose other solvers do not select this name',
    });
  });

  test('passes when the selected solver attaches to the same listener, when the other solver is not selected by name, or when no route of the app uses its listener', () => {
    const same = newChart().chart;
    site(same, [
      AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ ...ROUTED, port: 80 }], selector: { dnsNames: ['shop.example.com'] } }),
      AcmeSolver.http01GatewayHttpRoute({ parentRefs: [ROUTED], selector: { dnsNames: ['shop.example.com'] } }),
    ]);
    expect(problemLines(same)).toEqual([]);
    const generic = newChart().chart;
    site(generic, [
      AcmeSolver.http01Ingress({ ingressClassName: 'nginx', selector: { dnsNames: ['shop.example.com'] } }),
      AcmeSolver.http01GatewayHttpRoute({ parentRefs: [ROUTED] }),
    ]);
    expect(problemLines(generic)).toEqual([]);
    const unrouted = newChart().chart;
    site(unrouted, [
      AcmeSolver.http01Ingress({ ingressClassName: 'nginx', selector: { dnsNames: ['www.example.com', 'shop.example.com'] } }),
      AcmeSolver.http01GatewayHttpRoute({ parentRefs: [ROUTED], selector: { dnsNames: ['www.example.com'] } }),
    ]);
    expect(problemLines(unrouted)).toEqual([]);
  });
});

describe('cert-manager\'s parentRef override annotations on a Certificate (copied to its Order) decide where the challenge route attaches', () => {
  const NAME = 'acme.cert-manager.io/http01-parentrefname';
  const KIND = 'acme.cert-manager.io/http01-parentrefkind';
  const NS = 'acme.cert-manager.io/http01-parentrefnamespace';

  /**
   * The fleet shape: Gateway edge/shared (HTTP listener admitting routes from `from`, every
   * ListenerSet admitted), ListenerSet site-a/site-a (HTTP listener for a.example.com unless
   * `httpsOnly`), a Gateway site-a/site-a with a listener "http" (another kind of the same
   * name), and a ClusterIssuer with one gatewayHTTPRoute solver of `parentRefs`.
   */
  function fleet(chart: Chart, parentRefs?: any[], opts: { from?: AllowedRoutes; httpsOnly?: boolean } = {}): ClusterIssuer {
    const shared = new Gateway(chart, 'Shared', {
      metadata: { name: 'shared', namespace: 'edge' }, allowedListeners: AllowedListeners.fromAllNamespaces(),
      listeners: [{ name: 'http', protocol: ListenerProtocol.HTTP, allowedRoutes: opts.from }],
    });
    new ListenerSet(chart, 'Site', {
      metadata: { name: 'site-a', namespace: 'site-a' }, parentRef: shared,
      listeners: [
        ...(opts.httpsOnly ? [] : [{ name: 'http', protocol: ListenerProtocol.HTTP, hostname: 'a.example.com' }]),
        { name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'a.example.com', tls: ListenerTls.terminateWithSecret('site-a-tls') },
      ],
    });
    new Gateway(chart, 'SameName', { metadata: { name: 'site-a', namespace: 'site-a' }, listeners: [{ name: 'http', protocol: ListenerProtocol.HTTP }] });
    return letsEncrypt(chart, [AcmeSolver.http01GatewayHttpRoute(parentRefs ? { parentRefs } : {})], 'Le');
  }

  const cert = (chart: Chart, issuer: ClusterIssuer, annotations?: { [key: string]: string }) =>
    new Certificate(chart, 'Cert', { metadata: { namespace: 'site-a', ...(annotations ? { annotations } : {}) }, issuer, dnsNames: ['a.example.com'] });

  test('a solver without parentRefs: each Certificate names its parent; without annotations cert-manager fails the Order', () => {
    const { chart } = newChart();
    cert(chart, fleet(chart));
    expectCertificateProblem(chart, {
      path: 'test/Cert', field: 'dnsNames[0]', value: '"a.example.com"',
      problem: 'the HTTP-01 solver of ClusterIssuer "le" selected for this name: cert-manager fails the Order, so the certificate is never issued ("must specify parentRefs either through annotations or solver config")',
      fix: 'annotate the Certificate with acme.cert-manager.io/http01-parentrefname and acme.cert-manager.io/http01-parentrefkind (e.g. the site\'s ListenerSet), or give the solver parentRefs',
    });

    const named = newChart().chart;
    cert(named, fleet(named), { [NAME]: 'site-a', [KIND]: 'ListenerSet' });
    expect(problemLines(named)).toEqual([]);
  });

  test('fails if only one of the name and kind annotations is set, or one is empty (the Order fails)', () => {
    for (const [given, missing] of [[NAME, KIND], [KIND, NAME]]) {
      const { chart } = newChart();
      cert(chart, fleet(chart, [{ name: 'shared', namespace: 'edge', sectionName: 'http' }], { from: AllowedRoutes.fromAllNamespaces() }), { [given]: given === NAME ? 'site-a' : 'ListenerSet' });
      expectCertificateProblem(chart, {
        path: 'test/Cert', field: `metadata.annotations["${given}"]`,
        problem: `creates a challenge HTTPRoute, and cert-manager fails the Order, so the certificate is never issued ("cannot specify only one of parentRefName, parentRefKind override annotations"): ${missing} is not set`,
        fix: `set both ${NAME} and ${KIND} (e.g. "ListenerSet"), or neither`,
      });
    }
    const empty = newChart().chart;
    cert(empty, fleet(empty), { [NAME]: '', [KIND]: 'ListenerSet' });
    expectCertificateProblem(empty, { path: 'test/Cert', field: `metadata.annotations["${NAME}"]`, value: '""', problem: /empty name or kind, which the API server rejects/, fix: /give acme\.cert-manager\.io\/http01-parentrefname a value/ });
  });

  test('the annotated parent is appended without sectionName: the route attaches to every listener of it that admits it, and needs an HTTP one', () => {
    const { chart } = newChart();
    cert(chart, fleet(chart, undefined, { httpsOnly: true }), { [NAME]: 'site-a', [KIND]: 'ListenerSet' });
    expectCertificateProblem(chart, {
      path: 'test/Cert', field: 'dnsNames[0]',
      problem: 'attaches its challenge route to the parent its acme.cert-manager.io/http01-parentref* annotations name (site-a/site-a): the challenge HTTPRoute for "a.example.com" attaches only to listener(s) "https" (HTTPS 443) of ListenerSet site-a/site-a',
      fix: /give the ListenerSet an HTTP listener for this name/,
    });
  });

  test('drops the solver\'s parentRefs naming the same namespace (given explicitly), name and kind (or no kind); keeps the others', () => {
    const annotated = { [NAME]: 'site-a', [KIND]: 'ListenerSet' };
    // same namespace, name and kind: replaced, so its sectionName no longer matters
    const dropped = newChart().chart;
    cert(dropped, fleet(dropped, [{ name: 'site-a', namespace: 'site-a', kind: 'ListenerSet', sectionName: 'nope' }]), annotated);
    expect(problemLines(dropped)).toEqual([]);
    // without a namespace of its own the solver's reference is kept (cert-manager compares the namespace as written)
    const noNamespace = newChart().chart;
    cert(noNamespace, fleet(noNamespace, [{ name: 'site-a', kind: 'ListenerSet', sectionName: 'nope' }]), annotated);
    expectCertificateProblem(noNamespace, { path: 'test/Cert', field: 'dnsNames[0]', problem: 'attaches its challenge route to parentRefs[0] (site-a/site-a): ListenerSet site-a/site-a has no listener "nope" (listeners: http, https)', fix: /sectionName/ });
    // another kind of the same name is kept
    const otherKind = newChart().chart;
    cert(otherKind, fleet(otherKind, [{ name: 'site-a', namespace: 'site-a', kind: 'Gateway', sectionName: 'nope' }]), annotated);
    expectCertificateProblem(otherKind, { path: 'test/Cert', field: 'dnsNames[0]', problem: 'attaches its challenge route to parentRefs[0] (site-a/site-a): gateway site-a/site-a has no listener "nope" (listeners: http)', fix: /sectionName/ });
  });

  test('the namespace annotation names the parent\'s namespace (an empty one means the Certificate\'s); the route stays in the Certificate\'s', () => {
    const { chart } = newChart();
    cert(chart, fleet(chart), { [NAME]: 'shared', [KIND]: 'Gateway', [NS]: 'edge' });
    expectCertificateProblem(chart, {
      path: 'test/Cert', field: 'dnsNames[0]',
      problem: 'attaches its challenge route to the parent its acme.cert-manager.io/http01-parentref* annotations name (edge/shared): cert-manager creates the challenge HTTPRoute in the Certificate\'s namespace "site-a", and listener(s) "http" of gateway edge/shared only accept routes from namespace "edge"',
      fix: /give the listener AllowedRoutes\.fromAllNamespaces\(\)/,
    });
    const admitted = newChart().chart;
    cert(admitted, fleet(admitted, undefined, { from: AllowedRoutes.fromAllNamespaces() }), { [NAME]: 'shared', [KIND]: 'Gateway', [NS]: 'edge' });
    expect(problemLines(admitted)).toEqual([]);
    const empty = newChart().chart;
    cert(empty, fleet(empty, undefined, { httpsOnly: true }), { [NAME]: 'site-a', [KIND]: 'ListenerSet', [NS]: '' });
    expectCertificateProblem(empty, { path: 'test/Cert', field: 'dnsNames[0]', problem: /\(site-a\/site-a\): the challenge HTTPRoute for "a\.example\.com" attaches only to listener\(s\) "https"/, fix: /HTTP listener/ });
  });

  test('plain manifests: a solver parentRef without kind is dropped for an annotated parent of any kind', () => {
    const { chart } = newChart();
    const GWV = 'gateway.networking.k8s.io/v1';
    new ApiObject(chart, 'Shared', {
      apiVersion: GWV, kind: 'Gateway', metadata: { name: 'shared', namespace: 'edge' },
      spec: { gatewayClassName: 'istio', allowedListeners: { namespaces: { from: 'All' } }, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    new ApiObject(chart, 'Site', {
      apiVersion: GWV, kind: 'ListenerSet', metadata: { name: 'site-a', namespace: 'site-a' },
      spec: { parentRef: { name: 'shared', namespace: 'edge' }, listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'a.example.com' }] },
    });
    // a Gateway of the ListenerSet's name: what the solver's parentRef without kind names
    new ApiObject(chart, 'SameName', {
      apiVersion: GWV, kind: 'Gateway', metadata: { name: 'site-a', namespace: 'site-a' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    new ApiObject(chart, 'Le', {
      apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'le' },
      spec: { acme: { server: 'https://acme-staging-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le' }, solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'site-a', namespace: 'site-a', sectionName: 'nope' }] } } }] } },
    });
    const certificate = (id: string, annotations: any) => new ApiObject(chart, id, {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: id.toLowerCase(), namespace: 'site-a', annotations },
      spec: { secretName: `${id.toLowerCase()}-tls`, dnsNames: ['a.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } },
    });
    certificate('Replaced', { [NAME]: 'site-a', [KIND]: 'ListenerSet' });
    certificate('Kept', { 'example.com/owner': 'site-a' });
    expect(problemLines(chart)).toEqual([
      '[test/Kept] the HTTP-01 solver of ClusterIssuer "le" selected for this name attaches its challenge route to parentRefs[0] (site-a/site-a): gateway site-a/site-a has no listener "nope" (listeners: http), so the challenge HTTPRoute is not accepted (spec.dnsNames[0]: "a.example.com") — use the name of the gateway\'s HTTP listener as sectionName',
    ]);
  });
});
