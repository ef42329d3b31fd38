// Gateway API ListenerSets: many sites share one Gateway (one load balancer, one Envoy
// deployment), each bringing its listeners and certificates in a ListenerSet of its own
// namespace. The L2 (rendering, input rules), the Gateway's allowedListeners, routes attaching
// to a ListenerSet, and the whole-app checks (gateway-api/listener-sets, the listener
// certificate checks of gateway-api/gateways, gateway-api/routes) on L2s and plain
// manifests.
import { ApiObject, App, Chart } from 'cdk8s';
import { AcmeSolver, Certificate, ClusterIssuer, IssuerConfig } from '../../src/cert-manager';
import { Synthesis } from '../../src/core';
import {
  AllowedListeners, AllowedRoutes, Gateway, HttpRoute, IGateway, ListenerNamespaces, ListenerOptions, ListenerProtocol, ListenerSet, ListenerSetProps,
  ListenerTls, ReferenceGrant,
} from '../../src/gateway-api';
import { ProblemSeverity } from '../../src/validation';
import { doc, docs, expectFailure, expectMessage, newChart, synthValid } from '../util/expect';
import { FakeCertificate, FakeIssuer } from '../util/fakes';

const GW = 'gateway.networking.k8s.io/v1';
const http: ListenerOptions = { name: 'http', protocol: ListenerProtocol.HTTP };
const https = (hostname: string, tls: ListenerTls, name = 'https'): ListenerOptions => ({ name, protocol: ListenerProtocol.HTTPS, hostname, tls });

/** Every problem of the app of `chart` (errors and warnings), as `severity message`. */
function problems(chart: Chart): string[] {
  return Synthesis.problems([chart.node.root as App]).map((p) => `${p.severity === ProblemSeverity.ERROR ? 'error' : 'warning'} ${p.message}`);
}

/** The one problem of the app whose message has `[path]` and `(field: `; fails unless there is exactly one. */
function problemAt(chart: Chart, path: string, field: string): string {
  const found = problems(chart).filter((p) => p.includes(`[${path}]`) && p.includes(`(${field}: `));
  if (found.length !== 1) throw new Error(`expected one problem for [${path}] (${field}: ...), found:\n${problems(chart).join('\n')}`);
  return found[0];
}

/** The shared Gateway of a fleet: edge/shared, an HTTP listener admitting routes from every namespace. */
function sharedGateway(chart: Chart, allowedListeners: AllowedListeners | 'unset' = AllowedListeners.fromAllNamespaces(), listeners: ListenerOptions[] = [{ ...http, allowedRoutes: AllowedRoutes.fromAllNamespaces() }]): Gateway {
  return new Gateway(chart, 'Shared', { metadata: { name: 'shared', namespace: 'edge' }, allowedListeners: allowedListeners === 'unset' ? undefined : allowedListeners, listeners });
}

/** A site's ListenerSet in its own namespace: an HTTPS listener for `host` with the Secret `<site>-tls`. */
function site(chart: Chart, parentRef: IGateway, name: string, host: string, extra: Partial<ListenerSetProps> = {}): ListenerSet {
  return new ListenerSet(chart, name, {
    metadata: { name, namespace: name },
    parentRef,
    listeners: [https(host, ListenerTls.terminateWithSecret(`${name}-tls`))],
    ...extra,
  });
}

describe('ListenerSet', () => {
  test('renders parentRef { group, kind, name, namespace } and the listeners as a Gateway does, valid against the upstream schema', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    const cert = new FakeCertificate(chart, 'Cert', { secretName: 'a-tls', namespace: 'site-a', dnsNames: ['a.example.com'] });
    const ls = new ListenerSet(chart, 'SiteA', {
      metadata: { name: 'site-a', namespace: 'site-a' },
      parentRef: gw,
      listeners: [{ ...http, hostname: 'a.example.com' }, https('a.example.com', ListenerTls.terminate(cert))],
    });
    const added = ls.addListener({ name: 'api', protocol: ListenerProtocol.HTTPS, port: 8443, hostname: 'api.a.example.com', tls: ListenerTls.terminateWithSecret('api-tls'), allowedRoutes: AllowedRoutes.fromAllNamespaces() });
    const all = synthValid(chart);
    const d = doc(all, 'ListenerSet');
    expect(d.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(d.metadata).toEqual({ name: 'site-a', namespace: 'site-a' });
    expect(d.spec.parentRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared', namespace: 'edge' });
    expect(d.spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP', hostname: 'a.example.com', allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com',
        // relative to the ListenerSet's namespace: a Secret there needs no namespace and no grant
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'a-tls' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
      {
        name: 'api', port: 8443, protocol: 'HTTPS', hostname: 'api.a.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'api-tls' }] },
        allowedRoutes: { namespaces: { from: 'All' } },
      },
    ]);
    expect(docs(all, 'ReferenceGrant')).toEqual([]);
    expect(ls.name).toBe('site-a');
    expect(ls.namespace).toBe('site-a');
    expect(ls.parentRef).toBe(gw);
    expect(added).toEqual(expect.objectContaining({ name: 'api', port: 8443 }));
    expect(ls.listeners.map((l) => [l.name, l.port, l.protocol])).toEqual([['http', 80, 'HTTP'], ['https', 443, 'HTTPS'], ['api', 8443, 'HTTPS']]);
    expect(ls.findListener('https')!.tls!.certificate).toBe(cert);
    expect(ls.findListener('nope')).toBeUndefined();
  });

  test('a Secret in another namespace gets a ReferenceGrant there for the ListenerSet (grants to its Gateway do not apply to it)', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    site(chart, gw, 'site-a', 'a.example.com', { listeners: [https('a.example.com', ListenerTls.terminateWithSecret('a-tls', { namespace: 'certs' }))] });
    const all = synthValid(chart);
    expect(doc(all, 'ListenerSet').spec.listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'a-tls', namespace: 'certs' }]);
    const grant = doc(all, 'ReferenceGrant');
    expect(grant.metadata).toEqual({ name: 'listenerset-site-a-site-a', namespace: 'certs' });
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', namespace: 'site-a' }],
      to: [{ group: '', kind: 'Secret', name: 'a-tls' }],
    });
    expect(problems(chart)).toEqual([]);

    // without its own grant: a warning, even when the Gateway is granted the Secret
    const other = newChart('edge').chart;
    const gw2 = sharedGateway(other);
    new ReferenceGrant(other, 'GatewayGrant', { metadata: { namespace: 'certs' }, from: [{ kind: 'Gateway', namespace: 'site-a' }], to: [{ kind: 'Secret' }] });
    site(other, gw2, 'site-a', 'a.example.com', { createReferenceGrants: false, listeners: [https('a.example.com', ListenerTls.terminateWithSecret('a-tls', { namespace: 'certs' }))] });
    expect(docs(synthValid(other), 'ReferenceGrant')).toHaveLength(1);
    expectMessage(problemAt(other, 'test/site-a', 'listeners[0].tls'), {
      path: 'test/site-a', field: 'listeners[0].tls', value: '"certs/a-tls"',
      problem: 'listener "https" uses Secret certs/a-tls from another namespace and the app defines no ReferenceGrant for it to ListenerSets of namespace "site-a"; the Gateway API ignores the reference (RefNotPermitted)',
      fix: 'set createReferenceGrants or add a ReferenceGrant',
    });
  });

  test('certManagerIssuer annotates the ListenerSet for cert-manager\'s gateway-shim with the library\'s key defaults', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    const issuer = new FakeIssuer(chart, 'Le', { name: 'le', kind: 'ClusterIssuer', type: undefined });
    const ls = site(chart, gw, 'site-a', 'a.example.com', { certManagerIssuer: issuer, listeners: [{ ...http, hostname: 'a.example.com' }, https('a.example.com', ListenerTls.terminateWithSecret('a-tls'))] });
    expect(ls.certManagerIssuer).toBe(issuer);
    expect(doc(synthValid(chart), 'ListenerSet').metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'le',
      'cert-manager.io/private-key-algorithm': 'ECDSA', 'cert-manager.io/private-key-size': '256', 'cert-manager.io/private-key-rotation-policy': 'Always',
    });
  });

  test('the parent Gateway of another app (a fleet\'s shared Gateway in another GitOps folder) is declared outside this one, with its allowedListeners and listeners', () => {
    const platform = newChart('edge').chart;
    const gw = sharedGateway(platform, AllowedListeners.fromAllNamespaces());
    const siteApp = newChart('site-a').chart;
    site(siteApp, gw, 'site-a', 'a.example.com');
    expect(problems(siteApp)).toEqual([]);
    // its allowedListeners are known there
    const notAdmitted = newChart('site-b').chart;
    site(notAdmitted, new Gateway(platform, 'Closed', { metadata: { name: 'closed', namespace: 'edge' }, listeners: [http] }), 'site-b', 'b.example.com');
    expect(problems(notAdmitted)).toEqual([
      'error [test/site-b] Gateway edge/closed (of another app) admits no ListenerSets (allowedListeners None, the Gateway API default), so none of this ListenerSet\'s listeners are served (parentRef: "edge/closed") — set allowedListeners on the Gateway, e.g. AllowedListeners.fromAllNamespaces() (spec.allowedListeners.namespaces.from: All), or AllowedListeners.fromNamespacesWithLabels()',
    ]);
    // and so are its listeners: conflicts are found
    const clash = newChart('site-c').chart;
    const shared443 = new Gateway(platform, 'Shared443', {
      metadata: { name: 'shared-443', namespace: 'edge' }, allowedListeners: AllowedListeners.fromAllNamespaces(), listeners: [https('c.example.com', ListenerTls.terminateWithSecret('edge-tls'))],
    });
    site(clash, shared443, 'site-c', 'c.example.com');
    expect(problems(clash)).toEqual([expect.stringMatching(/^error \[test\/site-c\] merged into Gateway edge\/shared-443, this listener conflicts with listener "https" \(HTTPS 443 c\.example\.com\) of gateway edge\/shared-443 \(HostnameConflict/)]);
    // a Gateway declared with fromGatewayAttributes (in any app) is not checked for admission
    const declared = newChart('site-d').chart;
    site(declared, Gateway.fromGatewayAttributes(platform, 'Declared', { name: 'declared', namespace: 'edge' }), 'site-d', 'd.example.com');
    expect(problems(declared)).toEqual([]);
  });

  describe('fails at construction if', () => {
    const cases: Array<[string, (chart: Chart, gw: Gateway) => unknown, { field: string; value?: string; problem?: string | RegExp; fix: RegExp }]> = [
      ['props are missing', (c) => new ListenerSet(c, 'Ls', undefined as any), { field: 'props', value: 'unset', fix: /parentRef: gateway/ }],
      ['parentRef is missing', (c) => new ListenerSet(c, 'Ls', { listeners: [http] } as any), { field: 'parentRef', value: 'unset', fix: /pass a Gateway/ }],
      ['parentRef is not a Gateway', (c) => new ListenerSet(c, 'Ls', { parentRef: 'shared' as any, listeners: [http] }), { field: 'parentRef', value: '"shared"', fix: /Gateway\.fromGatewayAttributes/ }],
      ['listeners is not a list', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: 'http' as any }), { field: 'listeners', value: '"http"', fix: /array/ }],
      ['a listener name is not a DNS subdomain', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [{ ...http, name: 'HTTP_1' }] }),
        { field: 'listeners[0].name', value: '"HTTP_1"', fix: /lowercase name/ }],
      ['two listeners share a name', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [http, { ...http, port: 8080 }] }),
        { field: 'listeners[1].name', value: '"http"', problem: 'listener name must be unique within the ListenerSet', fix: /own name/ }],
      ['a port is out of range', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [{ ...http, port: 0 }] }), { field: 'listeners[0].port', value: '0', fix: /valid port number/ }],
      ['a hostname is an IP address', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [{ ...http, hostname: '10.0.0.1' }] }),
        { field: 'listeners[0].hostname', value: '"10.0.0.1"', fix: /IP addresses are not allowed/ }],
      ['the protocol is not HTTP, HTTPS or TLS', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [{ ...http, protocol: 'TCP' as ListenerProtocol }] }),
        { field: 'listeners[0].protocol', value: '"TCP"', fix: /ListenerProtocol/ }],
      ['an HTTP listener has tls', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [{ ...http, tls: ListenerTls.terminateWithSecret('x-tls') }] }),
        { field: 'listeners[0].tls', value: '"x-tls"', problem: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']", fix: /remove tls/ }],
      ['an HTTPS listener has no tls', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS }] }),
        { field: 'listeners[0].tls', value: 'unset', fix: /ListenerTls\.terminate/ }],
      ['two listeners repeat port, protocol and hostname', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [http, { ...http, name: 'http2' }] }),
        { field: 'listeners[1]', value: '"HTTP:80 (any host)"', fix: /merge the two listeners/ }],
      ['HTTP and HTTPS share a port', (c, gw) => new ListenerSet(c, 'Ls', {
        parentRef: gw, listeners: [http, { name: 'https', protocol: ListenerProtocol.HTTPS, port: 80, tls: ListenerTls.terminateWithSecret('x-tls') }],
      }), { field: 'listeners[1].port', value: '80', problem: 'ProtocolConflict', fix: /another port/ }],
      ['a ListenerSet gets more than 64 listeners', (c, gw) => {
        const ls = new ListenerSet(c, 'Ls', { parentRef: gw });
        for (let i = 0; i <= 64; i++) ls.addListener({ name: `l${i}`, protocol: ListenerProtocol.HTTP, port: 1000 + i });
      }, { field: 'listeners[64]', value: '"l64"', problem: 'a ListenerSet has at most 64 listeners', fix: /split the listeners across several ListenerSets/ }],
      ['a namespaced Issuer for the gateway-shim is in another namespace', (c, gw) => new ListenerSet(c, 'Ls', {
        metadata: { namespace: 'site-a' }, parentRef: gw, listeners: [http], certManagerIssuer: new FakeIssuer(c, 'I', { name: 'ca', kind: 'Issuer', namespace: 'edge' }),
      }), { field: 'certManagerIssuer', value: '"edge/ca"', problem: 'the gateway-shim only uses a namespaced Issuer in the ListenerSet\'s namespace "site-a"', fix: /Issuer in the ListenerSet's namespace or a ClusterIssuer/ }],
      ['certManagerIssuer meets an issuer annotation of the user\'s own', (c, gw) => new ListenerSet(c, 'Ls', {
        parentRef: gw, listeners: [http], certManagerIssuer: new FakeIssuer(c, 'I', { name: 'le', kind: 'ClusterIssuer' }),
        metadata: { annotations: { 'cert-manager.io/cluster-issuer': 'other' } },
      }), { field: 'metadata.annotations["cert-manager.io/cluster-issuer"]', value: '"other"', fix: /certManagerIssuer only/ }],
      ['a listener tls is not made by ListenerTls', (c, gw) => new ListenerSet(c, 'Ls', { parentRef: gw, listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, tls: { secretName: 'x' } as any }] }),
        { field: 'listeners[0].tls', fix: /ListenerTls\.terminate/ }],
    ];
    test.each(cases)('%s', (_name, build, expected) => {
      const { chart } = newChart('edge');
      const gw = sharedGateway(chart);
      expectFailure(() => build(chart, gw), { path: 'test/Ls', field: expected.field, value: expected.value, problem: expected.problem, fix: expected.fix });
    });

    test('a factory value has a problem: named by the ListenerSet\'s path and the field it arrived in', () => {
      const { chart } = newChart('edge');
      const gw = sharedGateway(chart);
      expectFailure(() => new ListenerSet(chart, 'Ls', { parentRef: gw, listeners: [{ ...http, allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({}) }] }),
        { path: 'test/Ls', field: 'listeners[0].allowedRoutes.matchLabels', value: '{}', problem: 'AllowedRoutes.fromNamespacesWithLabels: ', fix: /fromAllNamespaces/ });
      expectFailure(() => new ListenerSet(chart, 'Ls2', { parentRef: gw, listeners: [https('a.example.com', ListenerTls.terminateWithSecret('A_TLS'))] }),
        { path: 'test/Ls2', field: 'listeners[0].tls.secretName', value: '"A_TLS"', problem: 'ListenerTls.terminateWithSecret: ', fix: /valid Secret name/ });
    });
  });
});

describe('Gateway allowedListeners', () => {
  test('renders spec.allowedListeners.namespaces for every AllowedListeners value; nothing when not given (the API default, None)', () => {
    const { chart } = newChart('edge');
    const values: Array<[AllowedListeners | undefined, any]> = [
      [undefined, undefined],
      [AllowedListeners.none(), { namespaces: { from: 'None' } }],
      [AllowedListeners.fromSameNamespace(), { namespaces: { from: 'Same' } }],
      [AllowedListeners.fromAllNamespaces(), { namespaces: { from: 'All' } }],
      [AllowedListeners.fromNamespacesWithLabels({ 'example.com/site': 'true' }), { namespaces: { from: 'Selector', selector: { matchLabels: { 'example.com/site': 'true' } } } }],
    ];
    values.forEach(([allowedListeners], i) => new Gateway(chart, `Gw${i}`, { allowedListeners, listeners: [http] }));
    const gateways = docs(synthValid(chart), 'Gateway');
    values.forEach(([, rendered], i) => expect(gateways[i].spec.allowedListeners).toEqual(rendered));
    expect(AllowedListeners.fromAllNamespaces().from).toBe(ListenerNamespaces.ALL);
    expect(AllowedListeners.fromNamespacesWithLabels({ a: 'b' }).matchLabels).toEqual({ a: 'b' });
    expect(new Gateway(chart, 'Read', { allowedListeners: AllowedListeners.none(), listeners: [http] }).allowedListeners!.from).toBe(ListenerNamespaces.NONE);
  });

  test('fails if the selector is empty or not made by AllowedListeners (named by the Gateway\'s path and field)', () => {
    const { chart } = newChart('edge');
    expectFailure(() => new Gateway(chart, 'Gw', { allowedListeners: AllowedListeners.fromNamespacesWithLabels({}), listeners: [http] }),
      { path: 'test/Gw', field: 'allowedListeners.matchLabels', value: '{}', problem: 'AllowedListeners.fromNamespacesWithLabels: an empty selector matches every namespace', fix: /AllowedListeners\.fromAllNamespaces\(\)/ });
    expectFailure(() => new Gateway(chart, 'Gw2', { allowedListeners: AllowedListeners.fromNamespacesWithLabels({ 'bad key!': 'x' }), listeners: [http] }),
      { path: 'test/Gw2', field: 'allowedListeners.matchLabels["bad key!"]', value: '"bad key!"', fix: /valid Kubernetes label key/ });
    expectFailure(() => new Gateway(chart, 'Gw3', { allowedListeners: { from: 'All' } as any, listeners: [http] }),
      { path: 'test/Gw3', field: 'allowedListeners', fix: /AllowedListeners factories/ });
  });
});

describe('the Gateway admits its ListenerSets (gateway-api/listener-sets)', () => {
  test('fails if the Gateway leaves allowedListeners out (None, the Gateway API default), naming the Gateway and allowedListeners', () => {
    const { chart } = newChart('edge');
    site(chart, sharedGateway(chart, 'unset'), 'site-a', 'a.example.com');
    expectMessage(problemAt(chart, 'test/site-a', 'parentRef'), {
      path: 'test/site-a', field: 'parentRef', value: '"edge/shared"',
      problem: 'Gateway edge/shared (test/Shared) admits no ListenerSets (allowedListeners None, the Gateway API default), so none of this ListenerSet\'s listeners are served',
      fix: 'set allowedListeners on the Gateway, e.g. AllowedListeners.fromAllNamespaces() (spec.allowedListeners.namespaces.from: All), or AllowedListeners.fromNamespacesWithLabels()',
    });
    const none = newChart('edge').chart;
    site(none, sharedGateway(none, AllowedListeners.none()), 'site-a', 'a.example.com');
    expect(problemAt(none, 'test/site-a', 'parentRef')).toContain('(allowedListeners None, the Gateway API default)');
  });

  test('Same admits ListenerSets of the Gateway\'s namespace only', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart, AllowedListeners.fromSameNamespace());
    site(chart, gw, 'site-a', 'a.example.com');
    new ListenerSet(chart, 'Local', { metadata: { name: 'local', namespace: 'edge' }, parentRef: gw, listeners: [https('local.example.com', ListenerTls.terminateWithSecret('local-tls'))] });
    expect(problems(chart)).toEqual([
      'error [test/site-a] Gateway edge/shared (test/Shared) only admits ListenerSets from its own namespace "edge" (allowedListeners Same), and this ListenerSet is in "site-a", so none of its listeners are served (parentRef: "edge/shared") — create the ListenerSet in namespace "edge", or set allowedListeners on the Gateway to AllowedListeners.fromAllNamespaces() / fromNamespacesWithLabels()',
    ]);
  });

  test('Selector: decided by the Namespace the app renders (or the kubernetes.io/metadata.name label), else a warning', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart, AllowedListeners.fromNamespacesWithLabels({ 'example.com/fleet': 'sites' }));
    new ApiObject(chart, 'NsA', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'site-a', labels: { 'example.com/fleet': 'sites' } } });
    new ApiObject(chart, 'NsB', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'site-b' } });
    site(chart, gw, 'site-a', 'a.example.com');
    site(chart, gw, 'site-b', 'b.example.com');
    site(chart, gw, 'site-c', 'c.example.com');
    expect(problems(chart)).toEqual([
      'error [test/site-b] Gateway edge/shared (test/Shared) admits ListenerSets from namespaces selected by {"matchLabels":{"example.com/fleet":"sites"}} (allowedListeners Selector), and namespace "site-b" as the app renders it does not match, so none of its listeners are served (parentRef: "edge/shared") — label namespace "site-b" to match the selector, or change allowedListeners on the Gateway',
      'warning [test/site-c] Gateway edge/shared (test/Shared) admits ListenerSets from namespaces selected by {"matchLabels":{"example.com/fleet":"sites"}} (allowedListeners Selector), and whether namespace "site-c" carries those labels depends on a Namespace the app does not render (parentRef: "edge/shared") — label namespace "site-c" to match (or render the Namespace in the app so it is checked), or set allowedListeners to AllowedListeners.fromAllNamespaces()',
    ]);
    const byName = newChart('edge').chart;
    const gw2 = sharedGateway(byName, AllowedListeners.fromNamespacesWithLabels({ 'kubernetes.io/metadata.name': 'site-a' }));
    site(byName, gw2, 'site-a', 'a.example.com');
    site(byName, gw2, 'site-b', 'b.example.com');
    expect(problems(byName)).toEqual([expect.stringMatching(/^error \[test\/site-b\] .*namespace "site-b" as the app renders it does not match/)]);
  });

  test('fails if the parent Gateway is not in the app; a Gateway declared with fromGatewayAttributes is not checked further', () => {
    const { chart } = newChart('site-a');
    new ApiObject(chart, 'Ls', {
      apiVersion: GW, kind: 'ListenerSet', metadata: { name: 'site-a', namespace: 'site-a' },
      spec: { parentRef: { name: 'shared', namespace: 'edge' }, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    expect(problems(chart)).toEqual([
      'error [test/Ls] the parent Gateway edge/shared is neither in the app nor declared as outside it, so the ListenerSet\'s listeners attach to nothing (or to a Gateway the checks cannot see) (spec.parentRef: "edge/shared") — create the Gateway in the app, or declare it with Gateway.fromGatewayAttributes() (the library\'s ListenerSet does this for a Gateway of another app)',
    ]);
    Gateway.fromGatewayAttributes(chart, 'Shared', { name: 'shared', namespace: 'edge' });
    expect(problems(chart)).toEqual([]);
  });

  test('fails if the parentRef names another kind than the Gateway API Gateway (plain manifest)', () => {
    const { chart } = newChart('site-a');
    new ApiObject(chart, 'Ls', {
      apiVersion: GW, kind: 'ListenerSet', metadata: { name: 'site-a', namespace: 'site-a' },
      spec: { parentRef: { group: 'networking.istio.io', kind: 'Gateway', name: 'shared' }, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    expect(problems(chart)).toEqual([
      'error [test/Ls] a ListenerSet attaches its listeners to a Gateway API Gateway only; implementations do not accept it with another parent (spec.parentRef: "networking.istio.io/Gateway") — name a Gateway (group gateway.networking.k8s.io, kind Gateway)',
    ]);
  });

  test('fails if a ListenerSet has no listener (synth)', () => {
    const { chart } = newChart('edge');
    new ListenerSet(chart, 'Ls', { parentRef: sharedGateway(chart) });
    expectMessage(problemAt(chart, 'test/Ls', 'listeners'), { path: 'test/Ls', field: 'listeners', value: '[]', problem: 'a ListenerSet needs at least one listener', fix: 'pass listeners or call addListener()' });
  });
});

describe('listeners merged into the Gateway do not conflict (gateway-api/listener-sets)', () => {
  test('fails if a ListenerSet repeats the port, protocol and hostname of a Gateway listener: the Gateway\'s come first', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart, AllowedListeners.fromAllNamespaces(), [http, https('a.example.com', ListenerTls.terminateWithSecret('edge-tls'))]);
    site(chart, gw, 'site-a', 'a.example.com');
    expect(problems(chart)).toEqual([
      'error [test/site-a] merged into Gateway edge/shared, this listener conflicts with listener "https" (HTTPS 443 a.example.com) of gateway edge/shared (HostnameConflict: the same port, protocol and hostname); the Gateway\'s own listeners come first, so this one is marked Conflicted and not served (listeners[0]: "HTTPS:443 a.example.com") — give the listener another hostname or port',
    ]);
  });

  test('fails if a ListenerSet uses a Gateway port with another protocol (ProtocolConflict)', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    new ListenerSet(chart, 'Tls80', { metadata: { name: 'tls80', namespace: 'site-a' }, parentRef: gw, listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, port: 80, hostname: 'a.example.com', tls: ListenerTls.terminateWithSecret('a-tls') }] });
    expectMessage(problemAt(chart, 'test/Tls80', 'listeners[0]'), {
      path: 'test/Tls80', field: 'listeners[0]', value: '"HTTPS:80 a.example.com"',
      problem: 'conflicts with listener "http" (HTTP 80 any host) of gateway edge/shared (ProtocolConflict: port 80 with protocol HTTP)',
      fix: 'use another port for this protocol',
    });
  });

  test('fails on the later of two ListenerSets with the same port, protocol and hostname; names, and other hostnames, may repeat', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    site(chart, gw, 'site-b', 'shop.example.com');
    site(chart, gw, 'site-a', 'shop.example.com');
    site(chart, gw, 'site-c', 'c.example.com'); // listener "https" too: names are per ListenerSet
    expect(problems(chart)).toEqual([
      'error [test/site-b] merged into Gateway edge/shared, this listener conflicts with listener "https" (HTTPS 443 shop.example.com) of ListenerSet site-a/site-a (HostnameConflict: the same port, protocol and hostname); the Gateway API keeps the listener of the older ListenerSet (then the first by namespace/name), so one of the two is marked Conflicted and not served, depending on which was created first (listeners[0]: "HTTPS:443 shop.example.com") — give the listener another hostname or port',
    ]);
  });

  test('a ListenerSet the Gateway does not admit is not merged: only its admission is reported', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart, AllowedListeners.fromSameNamespace(), [http, https('a.example.com', ListenerTls.terminateWithSecret('edge-tls'))]);
    site(chart, gw, 'site-a', 'a.example.com');
    expect(problems(chart)).toEqual([expect.stringMatching(/^error \[test\/site-a\] Gateway edge\/shared \(test\/Shared\) only admits ListenerSets from its own namespace/)]);
  });

  test('warns on the Gateway when its listeners and those of its ListenerSets are more than 64 (each object\'s own 64 is a construction error)', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    for (let s = 0; s < 2; s++) {
      new ListenerSet(chart, `Site${s}`, {
        metadata: { name: `site-${s}`, namespace: `site-${s}` }, parentRef: gw,
        listeners: Array.from({ length: 32 }, (_, i) => ({ name: `l${i}`, protocol: ListenerProtocol.HTTP, port: 1000 + s * 100 + i })),
      });
    }
    expect(problems(chart)).toEqual([
      'warning [test/Shared] Gateway edge/shared has 65 listeners with those of its ListenerSets (site-0/site-0, site-1/site-1), more than 64; the Gateway API lets implementations refuse the listeners beyond (Accepted false, reason TooManyListeners) (listeners: 65) — check that the gateway implementation accepts that many listeners, or split the ListenerSets across several Gateways',
    ]);
  });
});

describe('listener certificates are relative to the ListenerSet\'s namespace (gateway-api/gateways)', () => {
  test('fails if the Certificate writing the Secret in the ListenerSet\'s namespace does not cover the listener hostname', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    const ca = new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.selfSigned() });
    new Certificate(chart, 'SiteCert', { metadata: { namespace: 'site-a' }, issuer: ca, dnsNames: ['www.a.example.com'], secretName: 'site-a-tls' });
    // the same Secret name in the Gateway's namespace is another Secret
    new Certificate(chart, 'EdgeCert', { metadata: { namespace: 'edge' }, issuer: ca, dnsNames: ['a.example.com'], secretName: 'site-a-tls' });
    site(chart, gw, 'site-a', 'a.example.com');
    expect(problems(chart)).toEqual([
      'error [test/site-a] certificate site-a/site-a-tls (dnsNames ["www.a.example.com"]) does not cover the listener hostname; clients would get a name mismatch (listeners[0].hostname: "a.example.com") — add the hostname to the Certificate\'s dnsNames or use a certificate that covers it',
    ]);
  });

  test('the gateway-shim on a ListenerSet: Secrets in its namespace, one owner per shim Certificate across Gateways and ListenerSets', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    const le = new FakeIssuer(chart, 'Le', { name: 'le', kind: 'ClusterIssuer' });
    site(chart, gw, 'site-a', 'a.example.com', { certManagerIssuer: le, listeners: [https('a.example.com', ListenerTls.terminateWithSecret('a-tls', { namespace: 'certs' }))] });
    new ListenerSet(chart, 'Local', { metadata: { name: 'local', namespace: 'edge' }, parentRef: gw, certManagerIssuer: le, listeners: [https('l.example.com', ListenerTls.terminateWithSecret('edge-tls'))] });
    new Gateway(chart, 'Other', { metadata: { name: 'other', namespace: 'edge' }, certManagerIssuer: le, listeners: [https('o.example.com', ListenerTls.terminateWithSecret('edge-tls'))] });
    expectMessage(problemAt(chart, 'test/site-a', 'listeners[0].tls.secretNamespace'), {
      path: 'test/site-a', field: 'listeners[0].tls.secretNamespace', value: '"certs"',
      problem: 'cert-manager\'s gateway-shim only issues certificates for Secrets in the ListenerSet\'s namespace', fix: 'leave out the Secret namespace',
    });
    expectMessage(problemAt(chart, 'test/Local', 'listeners[0].tls'), {
      path: 'test/Local', field: 'listeners[0].tls', value: '"edge/edge-tls"',
      problem: 'Gateway test/Other also has cert-manager\'s gateway-shim issue this Secret', fix: 'give each ListenerSet its own listener Secret, or merge the listeners into one ListenerSet',
    });
    expect(problemAt(chart, 'test/Other', 'listeners[0].tls')).toContain('ListenerSet test/Local also has cert-manager\'s gateway-shim issue this Secret');
  });
});

describe('the gateway-shim\'s challenge route of a ListenerSet attaches to the ListenerSet (or, with the fallback annotation, its Gateway)', () => {
  /** An ACME ClusterIssuer whose only solver is a gatewayHTTPRoute solver without parentRefs (the shim's Certificates name them). */
  const issuer = (chart: Chart) => new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01GatewayHttpRoute()] }) });

  test('fails if the ListenerSet has HTTPS listeners only: the ACME server asks on port 80', () => {
    const { chart } = newChart('edge');
    site(chart, sharedGateway(chart), 'site-a', 'a.example.com', { certManagerIssuer: issuer(chart) });
    expectMessage(problemAt(chart, 'test/site-a', 'listeners[0].hostname'), {
      path: 'test/site-a', field: 'listeners[0].hostname', value: '"a.example.com"',
      problem: 'the HTTP-01 solver of issuer "le" for this name (the ListenerSet the shim\'s Certificate names): the challenge HTTPRoute for "a.example.com" attaches only to listener(s) "https" (HTTPS 443) of ListenerSet site-a/site-a, and the ACME server asks for the challenge over plain HTTP on port 80',
      fix: 'give the ListenerSet an HTTP listener for this name, or attach the challenge route to the Gateway\'s HTTP listener (annotate the ListenerSet acme.cert-manager.io/http01-parentreffallback: "true" when the gateway-shim issues it), or use a DNS-01 solver',
    });
  });

  test('passes with an HTTP listener in the ListenerSet, or with the fallback annotation and a Gateway HTTP listener admitting the site\'s namespace', () => {
    const own = newChart('edge').chart;
    site(own, sharedGateway(own), 'site-a', 'a.example.com', {
      certManagerIssuer: issuer(own),
      listeners: [{ ...http, hostname: 'a.example.com' }, https('a.example.com', ListenerTls.terminateWithSecret('site-a-tls'))],
    });
    expect(problems(own)).toEqual([]);

    const fallback = newChart('edge').chart;
    site(fallback, sharedGateway(fallback), 'site-a', 'a.example.com', {
      certManagerIssuer: issuer(fallback), metadata: { name: 'site-a', namespace: 'site-a', annotations: { 'acme.cert-manager.io/http01-parentreffallback': 'true' } },
    });
    expect(problems(fallback)).toEqual([]);

    // the fallback route is in the site's namespace: the Gateway's HTTP listener must admit it
    const same = newChart('edge').chart;
    site(same, sharedGateway(same, AllowedListeners.fromAllNamespaces(), [http]), 'site-a', 'a.example.com', {
      certManagerIssuer: issuer(same), metadata: { name: 'site-a', namespace: 'site-a', annotations: { 'acme.cert-manager.io/http01-parentreffallback': 'true' } },
    });
    expect(problemAt(same, 'test/site-a', 'listeners[0].hostname')).toContain('(the Gateway the shim\'s Certificate names): cert-manager creates the challenge HTTPRoute in the Certificate\'s namespace "site-a", and listener(s) "http" of gateway edge/shared only accept routes from namespace "edge"');
  });
});

describe('HTTPRoutes attach to a ListenerSet (gateway-api/routes)', () => {
  test('renders a parentRef of kind ListenerSet with sectionName and port, valid against the upstream schema', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    const ls = site(chart, gw, 'site-a', 'a.example.com', { listeners: [{ ...http, hostname: 'a.example.com' }, https('a.example.com', ListenerTls.terminateWithSecret('site-a-tls'))] });
    const route = new HttpRoute(chart, 'Route', {
      metadata: { namespace: 'site-a' },
      parentRefs: [{ listenerSet: ls, sectionName: 'https', port: 443 }, { listenerSet: ls, sectionName: 'http' }, { gateway: gw }],
      hostnames: ['a.example.com'],
      rules: [{ backendRefs: [{ serviceName: 'shop', port: 80 }] }],
    });
    expect(route.parentRefs[0].listenerSet).toBe(ls);
    expect(doc(synthValid(chart), 'HTTPRoute').spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'site-a', namespace: 'site-a', sectionName: 'https', port: 443 },
      { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'site-a', namespace: 'site-a', sectionName: 'http' },
      { name: 'shared', namespace: 'edge' },
    ]);
    expect(problems(chart)).toEqual([]);
  });

  test('sectionName, allowedRoutes (relative to the ListenerSet\'s namespace), hostnames and certificates are checked as for a Gateway', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    const ca = new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.selfSigned() });
    new Certificate(chart, 'SiteCert', { metadata: { namespace: 'site-a' }, issuer: ca, dnsNames: ['a.example.com', '*.a.example.com'], secretName: 'site-a-tls' });
    const ls = site(chart, gw, 'site-a', '*.a.example.com');
    const route = (id: string, namespace: string, sectionName: string | undefined, hostnames: string[]) => new HttpRoute(chart, id, {
      metadata: { namespace }, parentRefs: [{ listenerSet: ls, sectionName }], hostnames, rules: [{ backendRefs: [{ serviceName: 'shop', port: 80 }] }],
    });
    route('Fine', 'site-a', 'https', ['www.a.example.com']);
    route('NoSection', 'site-a', 'http', []);
    route('OtherNs', 'edge', undefined, []);
    route('NoHost', 'site-a', undefined, ['b.example.com']);
    route('Uncovered', 'site-a', undefined, ['x.y.a.example.com']);
    // a route naming the Gateway attaches to the Gateway's own listeners, not to those of its ListenerSets
    new HttpRoute(chart, 'ViaGateway', { metadata: { namespace: 'site-a' }, parentRefs: [{ gateway: gw, sectionName: 'https' }], rules: [{ backendRefs: [{ serviceName: 'shop', port: 80 }] }] });
    expect(problems(chart)).toEqual([
      'error [test/NoSection] ListenerSet site-a/site-a has no listener with this name (listeners: https) (parentRefs[0].sectionName: "http") — use the name of one of the ListenerSet\'s listeners',
      'error [test/OtherNs] the listener(s) "https" only accept routes from namespace "site-a" (allowedRoutes Same), and this route is in "edge" (parentRefs[0]: "site-a/site-a") — create the route in the ListenerSet\'s namespace, or give the listener AllowedRoutes.fromAllNamespaces() / fromNamespacesWithLabels()',
      'error [test/NoHost] no hostname of the route intersects the hostname of listener "https" (*.a.example.com) of ListenerSet site-a/site-a, so the route would not be accepted (hostnames: ["b.example.com"]) — use hostnames the listener serves, or attach the route to a listener for these hostnames',
      'error [test/Uncovered] HTTPS listener "https" of ListenerSet site-a/site-a serves this host with certificate site-a/site-a-tls, whose dnsNames ["a.example.com","*.a.example.com"] do not cover it; clients would get a name mismatch (hostnames: "x.y.a.example.com") — add the host to the Certificate\'s dnsNames or attach the route to a listener with a certificate for it',
      'error [test/ViaGateway] gateway edge/shared has no listener with this name (listeners: http) (parentRefs[0].sectionName: "https") — use the name of one of the gateway\'s listeners',
    ]);
  });

  test('fails at construction if a parent reference names both or neither, or a ListenerSet twice without sectionName', () => {
    const { chart } = newChart('edge');
    const gw = sharedGateway(chart);
    const ls = site(chart, gw, 'site-a', 'a.example.com');
    const rules = [{ backendRefs: [{ serviceName: 'shop', port: 80 }] }];
    expectFailure(() => new HttpRoute(chart, 'Both', { parentRefs: [{ gateway: gw, listenerSet: ls }], rules }),
      { path: 'test/Both', field: 'parentRefs[0].listenerSet', value: '"site-a"', problem: 'a parent reference names one parent', fix: /two parent references/ });
    expectFailure(() => new HttpRoute(chart, 'Neither', { parentRefs: [{ sectionName: 'http' }], rules }),
      { path: 'test/Neither', field: 'parentRefs[0]', problem: 'a parent reference needs a gateway or a listenerSet', fix: /\{ listenerSet, sectionName\? \}/ });
    expectFailure(() => new HttpRoute(chart, 'NotLs', { parentRefs: [{ listenerSet: 'site-a' as any }], rules }),
      { path: 'test/NotLs', field: 'parentRefs[0].listenerSet', value: '"site-a"', problem: 'must be a ListenerSet', fix: /pass a ListenerSet/ });
    expectFailure(() => new HttpRoute(chart, 'Twice', { parentRefs: [{ listenerSet: ls }, { listenerSet: ls, sectionName: 'https' }], rules }),
      { path: 'test/Twice', field: 'parentRefs[1].sectionName', value: '"https"', problem: 'sectionName must be specified when parentRefs includes 2 or more references to ListenerSet site-a/site-a', fix: /every reference to that ListenerSet/ });
    // a Gateway and a ListenerSet of the same name are different parents
    const sameName = new ListenerSet(chart, 'SameName', { metadata: { name: 'shared', namespace: 'edge' }, parentRef: gw, listeners: [https('s.example.com', ListenerTls.terminateWithSecret('s-tls'))] });
    expect(() => new HttpRoute(chart, 'Distinct', { metadata: { namespace: 'edge' }, parentRefs: [{ gateway: gw }, { listenerSet: sameName }], rules })).not.toThrow();
  });
});

describe('the checks read the wire form: ListenerSets, Gateways and routes written as plain manifests', () => {
  test('admission, conflicts and route attachment on plain ApiObjects', () => {
    const { chart } = newChart();
    new ApiObject(chart, 'Gw', {
      apiVersion: GW, kind: 'Gateway', metadata: { name: 'shared', namespace: 'edge' },
      spec: {
        gatewayClassName: 'istio', allowedListeners: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['site-a', 'site-b'] }] } } },
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
      },
    });
    const listenerSet = (id: string, namespace: string, listeners: any[]) => new ApiObject(chart, id, {
      apiVersion: GW, kind: 'ListenerSet', metadata: { name: id.toLowerCase(), namespace }, spec: { parentRef: { name: 'shared', namespace: 'edge' }, listeners },
    });
    listenerSet('A', 'site-a', [{ name: 'web', port: 8080, protocol: 'HTTP', hostname: 'a.example.com' }]);
    listenerSet('B', 'site-b', [{ name: 'web', port: 8080, protocol: 'HTTP', hostname: 'a.example.com' }]);
    listenerSet('C', 'site-c', [{ name: 'web', port: 8080, protocol: 'HTTP', hostname: 'c.example.com' }]);
    new ApiObject(chart, 'R', {
      apiVersion: GW, kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'site-a' },
      spec: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'a', sectionName: 'api' }], rules: [{ backendRefs: [{ name: 'a', port: 80 }] }] },
    });
    expect(problems(chart)).toEqual([
      'error [test/C] Gateway edge/shared (test/Gw) admits ListenerSets from namespaces selected by {"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"In","values":["site-a","site-b"]}]} (allowedListeners Selector), and namespace "site-c" as the app renders it does not match, so none of its listeners are served (spec.parentRef: "edge/shared") — label namespace "site-c" to match the selector, or change allowedListeners on the Gateway',
      'error [test/B] merged into Gateway edge/shared, this listener conflicts with listener "web" (HTTP 8080 a.example.com) of ListenerSet site-a/a (HostnameConflict: the same port, protocol and hostname); the Gateway API keeps the listener of the older ListenerSet (then the first by namespace/name), so one of the two is marked Conflicted and not served, depending on which was created first (spec.listeners[0]: "HTTP:8080 a.example.com") — give the listener another hostname or port',
      'error [test/R] ListenerSet site-a/a has no listener with this name (listeners: web) (spec.parentRefs[0].sectionName: "api") — use the name of one of the ListenerSet\'s listeners',
    ]);
  });
});
