import { Chart, Testing } from 'cdk8s';
import { AcmeSolver, Certificate, ClusterIssuer, Dns01Provider, IssuerConfig } from '../../src/cert-manager';
import {
  AllowedRoutes, Gateway, GatewayProps, ListenerOptions, ListenerProtocol, ListenerTls, ReferenceGrant, RouteNamespaces,
} from '../../src/gateway-api';
import { Warnings } from '../../src/validation';
import { expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';
import { FakeCertificate, FakeIssuer } from '../util/fakes';

const setup = (namespace = 'istio-ingress') => newChart(namespace);

const http: ListenerOptions = { name: 'http', protocol: ListenerProtocol.HTTP };
const caIssuer = (chart: Chart) => new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.selfSigned() });

describe('Gateway', () => {
  test('renders listeners with defaults: class istio, ports 80/443, Same namespace, TLS Terminate', () => {
    const { chart } = setup();
    const cert = new FakeCertificate(chart, 'Cert', { secretName: 'shop-tls', namespace: 'istio-ingress', dnsNames: ['shop.example.com'] });
    const g = new Gateway(chart, 'IngressGateway', {
      listeners: [http, { name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminate(cert) }],
    });
    const docs = synthValid(chart);
    expect(docs).toHaveLength(1); // no ReferenceGrant for a Secret in the gateway's namespace
    const [doc] = docs;
    expect(doc.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(doc.metadata).toEqual({ name: 'ingress-gateway', namespace: 'istio-ingress' });
    expect(doc.spec.gatewayClassName).toBe('istio');
    expect(doc.spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
    ]);
    expect(g.name).toBe('ingress-gateway');
    expect(g.namespace).toBe('istio-ingress');
    expect(g.gatewayClassName).toBe('istio');
    expect(g.listenersKnown).toBe(true);
    expect(g.listeners.map((l) => [l.name, l.port, l.protocol])).toEqual([['http', 80, 'HTTP'], ['https', 443, 'HTTPS']]);
    expect(g.findListener('https')!.tls!.certificate).toBe(cert);
    expect(g.findListener('nope')).toBeUndefined();
  });

  test('addListener() after construction, custom class, ports and allowedRoutes', () => {
    const { chart } = setup();
    const g = new Gateway(chart, 'Gw', { gatewayClassName: 'istio-waypoint', metadata: { name: 'shared', namespace: 'edge' } });
    const l = g.addListener({ name: 'web', protocol: ListenerProtocol.HTTP, port: 8080, allowedRoutes: AllowedRoutes.fromAllNamespaces() });
    g.addListener({ name: 'team', protocol: ListenerProtocol.HTTP, port: 8081, allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ 'gateway-access': 'true' }) });
    expect(l).toEqual(expect.objectContaining({ name: 'web', port: 8080 }));
    expect(l.allowedRoutes.from).toBe(RouteNamespaces.ALL);
    const [doc] = synthValid(chart);
    expect(doc.metadata).toEqual({ name: 'shared', namespace: 'edge' });
    expect(doc.spec.gatewayClassName).toBe('istio-waypoint');
    expect(doc.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'All' } });
    expect(doc.spec.listeners[1].allowedRoutes).toEqual({ namespaces: { from: 'Selector', selector: { matchLabels: { 'gateway-access': 'true' } } } });
  });

  test('a certificate in another namespace gets a ReferenceGrant there, for exactly its Secrets', () => {
    const { chart } = setup();
    const a = new FakeCertificate(chart, 'A', { secretName: 'a-tls', namespace: 'certs', dnsNames: ['a.example.com'] });
    const b = new FakeCertificate(chart, 'B', { secretName: 'b-tls', namespace: 'certs', dnsNames: ['b.example.com'] });
    const c = new FakeCertificate(chart, 'C', { secretName: 'c-tls', namespace: 'other', dnsNames: ['c.example.com'] });
    new Gateway(chart, 'Gw', {
      listeners: [
        { name: 'a', protocol: ListenerProtocol.HTTPS, hostname: 'a.example.com', tls: ListenerTls.terminate(a) },
        { name: 'b', protocol: ListenerProtocol.HTTPS, hostname: 'b.example.com', tls: ListenerTls.terminate(b) },
        { name: 'b2', protocol: ListenerProtocol.HTTPS, port: 8443, hostname: 'b.example.com', tls: ListenerTls.terminate(b) },
        { name: 'c', protocol: ListenerProtocol.HTTPS, hostname: 'c.example.com', tls: ListenerTls.terminate(c) },
      ],
    });
    const docs = synthValid(chart);
    const gwDoc = docs.find((d) => d.kind === 'Gateway');
    expect(gwDoc.spec.listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'a-tls', namespace: 'certs' }]);
    const grants = docs.filter((d) => d.kind === 'ReferenceGrant');
    expect(grants.map((g) => g.metadata)).toEqual([
      { name: 'gateway-istio-ingress-gw', namespace: 'certs' },
      { name: 'gateway-istio-ingress-gw', namespace: 'other' },
    ]);
    expect(grants[0].apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    expect(grants[0].spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'istio-ingress' }],
      to: [{ group: '', kind: 'Secret', name: 'a-tls' }, { group: '', kind: 'Secret', name: 'b-tls' }],
    });
  });

  test('createReferenceGrants: false creates none and warns unless the app has a grant', () => {
    const { chart } = setup();
    const cert = new FakeCertificate(chart, 'Cert', { secretName: 'shop-tls', namespace: 'certs', dnsNames: ['shop.example.com'] });
    const listeners = [{ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminate(cert) }];
    new Gateway(chart, 'Gw', { createReferenceGrants: false, listeners });
    const docs = synthValid(chart);
    expect(docs.filter((d) => d.kind === 'ReferenceGrant')).toEqual([]);
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/Gw\] listener "https" uses Secret certs\/shop-tls .*ReferenceGrant/)]);

    const other = setup();
    const cert2 = new FakeCertificate(other.chart, 'Cert', { secretName: 'shop-tls', namespace: 'certs', dnsNames: ['shop.example.com'] });
    new ReferenceGrant(other.chart, 'Grant', { metadata: { namespace: 'certs' }, from: [{ kind: 'Gateway', namespace: 'istio-ingress' }], to: [{ kind: 'Secret' }] });
    new Gateway(other.chart, 'Gw', { createReferenceGrants: false, listeners: [{ ...listeners[0], tls: ListenerTls.terminate(cert2) }] });
    synthValid(other.chart);
    expect(Warnings.collect(other.chart)).toEqual([]);
  });

  test('certManagerIssuer adds gateway-shim annotations with secure key defaults', () => {
    const { chart } = setup();
    const cluster = new FakeIssuer(chart, 'LE', { name: 'letsencrypt-staging', kind: 'ClusterIssuer' });
    const ns = new FakeIssuer(chart, 'Ns', { name: 'local-ca', kind: 'Issuer', namespace: 'istio-ingress' });
    const ext = new FakeIssuer(chart, 'Ext', { name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' });
    // each Gateway its own Secret: the shim's Certificate is named after it and has one owner
    const tls = (secret: string) => ({ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminateWithSecret(secret) });
    new Gateway(chart, 'A', { certManagerIssuer: cluster, listeners: [tls('shop-tls')] });
    new Gateway(chart, 'B', { certManagerIssuer: ns, listeners: [tls('shop-b-tls')] });
    new Gateway(chart, 'C', { certManagerIssuer: ext, listeners: [tls('shop-c-tls')], metadata: { annotations: { 'cert-manager.io/private-key-size': '384' } } });
    const docs = synthValid(chart);
    const keys = { 'cert-manager.io/private-key-algorithm': 'ECDSA', 'cert-manager.io/private-key-size': '256', 'cert-manager.io/private-key-rotation-policy': 'Always' };
    expect(docs[0].metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-staging', ...keys });
    expect(docs[1].metadata.annotations).toEqual({ 'cert-manager.io/issuer': 'local-ca', ...keys });
    expect(docs[2].metadata.annotations).toEqual({
      'cert-manager.io/issuer': 'pca', 'cert-manager.io/issuer-kind': 'AWSPCAClusterIssuer', 'cert-manager.io/issuer-group': 'awspca.cert-manager.io',
      ...keys, 'cert-manager.io/private-key-size': '384',
    });
    expect(docs[0].spec.listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'shop-tls' }]);
  });

  test('the gateway-shim selects solvers with the Gateway\'s labels, which its Certificates carry', () => {
    const { chart } = setup();
    const issuer = new ClusterIssuer(chart, 'Le', {
      config: IssuerConfig.letsEncrypt({
        solvers: [AcmeSolver.dns01(Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: 'token' } }), { selector: { matchLabels: { team: 'shop' } } })],
      }),
    });
    const listeners = [{ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: '*.shop.example.com', tls: ListenerTls.terminateWithSecret('shop-tls') }];
    new Gateway(chart, 'Labelled', { metadata: { labels: { team: 'shop' } }, certManagerIssuer: issuer, listeners });
    expect(() => synthValid(chart)).not.toThrow();
    new Gateway(chart, 'Unlabelled', { certManagerIssuer: issuer, listeners });
    expectSynthFailure(chart, { path: 'test/Unlabelled', field: 'listeners[0].hostname', problem: /none of its solvers would be selected/, fix: /matching solver/ });
  });

  test('Gateway.fromGatewayAttributes() refers to an existing gateway', () => {
    const { chart } = setup();
    const known = Gateway.fromGatewayAttributes(chart, 'Shared', { name: 'shared', namespace: 'istio-ingress', listeners: [http] });
    const unknown = Gateway.fromGatewayAttributes(chart, 'Other', { name: 'other', namespace: 'edge' });
    expect(known.listenersKnown).toBe(true);
    expect(known.findListener('http')).toEqual(expect.objectContaining({ port: 80, protocol: ListenerProtocol.HTTP }));
    expect(unknown.listenersKnown).toBe(false);
    expect(unknown.listeners).toEqual([]);
    expect(Testing.synth(chart)).toEqual([]);
  });

  describe('fails if', () => {
    const cases: Array<[string, (chart: Chart) => unknown, { path?: string; field: string; value?: string; fix: RegExp }]> = [
      ['gatewayClassName is not a valid name', (c) => new Gateway(c, 'Gw', { gatewayClassName: 'Istio', listeners: [http] }),
        { field: 'gatewayClassName', value: '"Istio"', fix: /valid GatewayClass name/ }],
      ['a listener name is not a DNS subdomain', (c) => new Gateway(c, 'Gw', { listeners: [{ ...http, name: 'HTTP_1' }] }),
        { field: 'listeners[0].name', value: '"HTTP_1"', fix: /lowercase name/ }],
      ['two listeners share a name', (c) => new Gateway(c, 'Gw', { listeners: [http, { ...http, port: 8080 }] }),
        { field: 'listeners[1].name', value: '"http"', fix: /own name/ }],
      ['a port is out of range', (c) => new Gateway(c, 'Gw', { listeners: [{ ...http, port: 70000 }] }),
        { field: 'listeners[0].port', value: '70000', fix: /valid port number/ }],
      ['a hostname is an IP address', (c) => new Gateway(c, 'Gw', { listeners: [{ ...http, hostname: '10.0.0.1' }] }),
        { field: 'listeners[0].hostname', value: '"10.0.0.1"', fix: /IP addresses are not allowed/ }],
      ['a hostname is not lowercase', (c) => new Gateway(c, 'Gw', { listeners: [{ ...http, hostname: 'Shop.example.com' }] }),
        { field: 'listeners[0].hostname', value: '"Shop.example.com"', fix: /lowercase DNS name/ }],
      ['the protocol is not HTTP or HTTPS', (c) => new Gateway(c, 'Gw', { listeners: [{ ...http, protocol: 'TCP' as ListenerProtocol }] }),
        { field: 'listeners[0].protocol', value: '"TCP"', fix: /ListenerProtocol/ }],
      ['an HTTP listener has tls', (c) => new Gateway(c, 'Gw', { listeners: [{ ...http, tls: ListenerTls.terminateWithSecret('x-tls') }] }),
        { field: 'listeners[0].tls', value: '"x-tls"', fix: /remove tls/ }],
      ['an HTTPS listener has no tls', (c) => new Gateway(c, 'Gw', { listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS }] }),
        { field: 'listeners[0].tls', value: 'unset', fix: /ListenerTls\.terminate/ }],
      ['two listeners repeat port, protocol and hostname', (c) => new Gateway(c, 'Gw', { listeners: [http, { ...http, name: 'http2' }] }),
        { field: 'listeners[1]', value: '"HTTP:80 (any host)"', fix: /merge the two listeners/ }],
      ['HTTP and HTTPS share a port', (c) => new Gateway(c, 'Gw', {
        listeners: [http, { name: 'https', protocol: ListenerProtocol.HTTPS, port: 80, tls: ListenerTls.terminateWithSecret('x-tls') }],
      }), { field: 'listeners[1].port', value: '80', fix: /another port/ }],
      ['a Gateway gets more than 64 listeners', (c) => {
        const g = new Gateway(c, 'Gw');
        for (let i = 0; i <= 64; i++) g.addListener({ name: `l${i}`, protocol: ListenerProtocol.HTTP, port: 1000 + i });
      }, { field: 'listeners[64]', value: '"l64"', fix: /several Gateways/ }],
      ['a namespaced Issuer for the gateway-shim is in another namespace', (c) => new Gateway(c, 'Gw', {
        certManagerIssuer: new FakeIssuer(c, 'I', { name: 'ca', kind: 'Issuer', namespace: 'certs' }), listeners: [http],
      }), { field: 'certManagerIssuer', value: '"certs/ca"', fix: /ClusterIssuer/ }],
      ['a namespaced external issuer for the gateway-shim is in another namespace', (c) => new Gateway(c, 'Gw', {
        certManagerIssuer: new FakeIssuer(c, 'I', { name: 'step', kind: 'StepIssuer', group: 'certmanager.step.sm', namespace: 'certs' }), listeners: [http],
      }), { field: 'certManagerIssuer', value: '"certs/step"', fix: /ClusterIssuer/ }],
      ['certManagerIssuer meets an issuer annotation of the user\'s own (the shim would see two issuers)', (c) => new Gateway(c, 'Gw', {
        certManagerIssuer: new FakeIssuer(c, 'I', { name: 'le', kind: 'ClusterIssuer' }), listeners: [http],
        metadata: { annotations: { 'cert-manager.io/issuer': 'other' } },
      }), { field: 'metadata.annotations["cert-manager.io/issuer"]', value: '"other"', fix: /certManagerIssuer only/ }],
      ['a listener tls is not made by ListenerTls', (c) => new Gateway(c, 'Gw', {
        listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, tls: { secretName: 'x' } as any }],
      }), { field: 'listeners[0].tls', fix: /ListenerTls\.terminate/ }],
      ['a listener is not an object', (c) => new Gateway(c, 'Gw', { listeners: [null as any] }),
        { field: 'listeners[0]', value: 'null', fix: /listener options/ }],
      ['listeners is not a list', (c) => new Gateway(c, 'Gw', { listeners: 'http' as any } as GatewayProps),
        { field: 'listeners', value: '"http"', fix: /array/ }],
    ];
    test.each(cases)('%s', (_name, build, expected) => {
      const { chart } = setup();
      expectFailure(() => build(chart), { path: expected.path ?? 'test/Gw', field: expected.field, value: expected.value, fix: expected.fix });
    });

    // a factory's problem surfaces where its value is received: named by the Gateway's path and the field it arrived in
    const factoryCases: Array<[string, () => any, 'tls' | 'allowedRoutes', string, string | undefined, RegExp, string]> = [
      ['an AllowedRoutes selector is empty', () => AllowedRoutes.fromNamespacesWithLabels({}), 'allowedRoutes', 'matchLabels', '{}', /fromAllNamespaces/, 'AllowedRoutes.fromNamespacesWithLabels'],
      ['an AllowedRoutes selector label is invalid', () => AllowedRoutes.fromNamespacesWithLabels({ 'bad key!': 'x' }), 'allowedRoutes', 'matchLabels["bad key!"]', '"bad key!"', /valid Kubernetes label key/, 'AllowedRoutes.fromNamespacesWithLabels'],
      ['a TLS Secret name is invalid', () => ListenerTls.terminateWithSecret('Shop_TLS'), 'tls', 'secretName', '"Shop_TLS"', /valid Secret name/, 'ListenerTls.terminateWithSecret'],
      ['a TLS Secret namespace is invalid', () => ListenerTls.terminateWithSecret('shop-tls', { namespace: 'a.b' }), 'tls', 'namespace', '"a.b"', /valid namespace/, 'ListenerTls.terminateWithSecret'],
      ['a certificate is missing', () => ListenerTls.terminate(undefined as any), 'tls', 'certificate', 'unset', /Certificate construct/, 'ListenerTls.terminate'],
    ];
    test.each(factoryCases)('%s', (_name, make, slot, field, value, fix, factoryName) => {
      const { chart } = setup();
      const made = make(); // no error yet: the value carries its problem
      const listener: ListenerOptions = slot === 'tls'
        ? { name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: made }
        : { ...http, allowedRoutes: made };
      expectFailure(() => new Gateway(chart, 'Gw', { listeners: [listener] }),
        { path: 'test/Gw', field: `listeners[0].${slot}.${field}`, value, problem: `${factoryName}: `, fix });
    });

    test('an imported gateway has an invalid name', () => {
      const { chart } = setup();
      expectFailure(() => Gateway.fromGatewayAttributes(chart, 'Imp', { name: 'Bad_Name', namespace: 'x' }),
        { path: 'test/Imp', field: 'name', value: '"Bad_Name"', fix: /valid Gateway name/ });
    });

    test('the Gateway has no listener (synth)', () => {
      const { chart } = setup();
      new Gateway(chart, 'Gw');
      expectSynthFailure(chart, { path: 'test/Gw', field: 'listeners', value: '[]', fix: /addListener/ });
    });

    test('the certificate does not cover the listener hostname (synth)', () => {
      const { chart } = setup();
      const cert = new Certificate(chart, 'Cert', { issuer: caIssuer(chart), secretName: 'shop-tls', dnsNames: ['*.example.com'] });
      new Gateway(chart, 'Gw', { listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'a.b.example.com', tls: ListenerTls.terminate(cert) }] });
      expectSynthFailure(chart,
        { path: 'test/Gw', field: 'listeners[0].hostname', value: '"a.b.example.com"', problem: /does not cover/, fix: /dnsNames/ });
    });

    test('the gateway-shim meets a listener without hostname (synth)', () => {
      const { chart } = setup();
      const issuer = new FakeIssuer(chart, 'LE', { name: 'le', kind: 'ClusterIssuer' });
      new Gateway(chart, 'Gw', { certManagerIssuer: issuer, listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, tls: ListenerTls.terminateWithSecret('x-tls') }] });
      expectSynthFailure(chart, { path: 'test/Gw', field: 'listeners[0].hostname', value: 'unset', fix: /set the listener hostname/ });
    });

    test('the gateway-shim and a Certificate would both own a Secret (synth)', () => {
      const { chart } = setup();
      const issuer = new FakeIssuer(chart, 'LE', { name: 'le', kind: 'ClusterIssuer' });
      const cert = new FakeCertificate(chart, 'Cert', { secretName: 'shop-tls', namespace: 'istio-ingress', dnsNames: ['shop.example.com'] });
      new Gateway(chart, 'Gw', { certManagerIssuer: issuer, listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminate(cert) }] });
      expectSynthFailure(chart,
        { path: 'test/Gw', field: 'listeners[0].tls', value: '"istio-ingress/shop-tls"', problem: /two owners/, fix: /terminateWithSecret/ });
    });

    test('the gateway-shim would find no ACME solver for a listener hostname (synth)', () => {
      const { chart } = setup();
      const issuer = new ClusterIssuer(chart, 'LE', { metadata: { name: 'le-http' }, config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01Ingress()] }) }); // HTTP-01 only
      new Gateway(chart, 'Gw', {
        certManagerIssuer: issuer,
        listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: '*.example.com', tls: ListenerTls.terminateWithSecret('wild-tls') }],
      });
      expectSynthFailure(chart,
        { path: 'test/Gw', field: 'listeners[0].hostname', value: '"*.example.com"', problem: /wildcard names need a DNS-01 solver/, fix: /DNS-01 for wildcards/ });
    });

    test('the gateway-shim\'s HTTP-01 solver would attach its challenge route to a listener the Gateway does not have (synth)', () => {
      const { chart } = setup();
      const issuer = new ClusterIssuer(chart, 'Le', {
        config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw', sectionName: 'web' }] })] }),
      });
      new Gateway(chart, 'Gw', {
        metadata: { name: 'gw' }, certManagerIssuer: issuer,
        listeners: [http, { name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminateWithSecret('shop-tls') }],
      });
      expectSynthFailure(chart, {
        path: 'test/Gw', field: 'listeners[1].hostname', value: '"shop.example.com"',
        problem: /the HTTP-01 solver of issuer "le" for this name \(parentRefs\[0\]\): gateway istio-ingress\/gw has no listener "web" \(listeners: http, https\)/,
        fix: /HTTP listener as sectionName/,
      });
    });

    describe('the gateway-shim\'s Certificate is named after the listener Secret and has one owner (cert-manager certificate-shim)', () => {
      const shimListener = (name: string, hostname: string, secret: string): ListenerOptions =>
        ({ name, protocol: ListenerProtocol.HTTPS, hostname, tls: ListenerTls.terminateWithSecret(secret) });
      const fixture = () => {
        const { chart } = setup();
        const shim = new FakeIssuer(chart, 'LE', { name: 'le', kind: 'ClusterIssuer' });
        const ca = new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.selfSigned() });
        return { chart, shim, ca };
      };

      test('an app Certificate writes the Secret the shim issues', () => {
        const { chart, shim, ca } = fixture();
        new Certificate(chart, 'Shop', { metadata: { name: 'shop' }, issuer: ca, dnsNames: ['shop.example.com'], secretName: 'shop-tls' });
        new Gateway(chart, 'Gw', { certManagerIssuer: shim, listeners: [shimListener('https', 'shop.example.com', 'shop-tls')] });
        expectSynthFailure(chart, {
          path: 'test/Gw', field: 'listeners[0].tls', value: '"istio-ingress/shop-tls"',
          problem: /Certificate test\/Shop of the app writes it too/, fix: /ListenerTls\.terminate\(certificate\)/,
        });
      });

      test('an app Certificate already has the name the shim\'s Certificate would get', () => {
        const { chart, shim, ca } = fixture();
        new Certificate(chart, 'Named', { metadata: { name: 'shop-tls' }, issuer: ca, dnsNames: ['other.example.com'], secretName: 'other-tls' });
        new Gateway(chart, 'Gw', { certManagerIssuer: shim, listeners: [shimListener('https', 'shop.example.com', 'shop-tls')] });
        expectSynthFailure(chart, {
          path: 'test/Gw', field: 'listeners[0].tls', value: '"istio-ingress/shop-tls"',
          problem: /already defines Certificate test\/Named with that name.*would never be issued/, fix: /rename/,
        });
      });

      test('two Gateways have the shim issue the same Secret: both are told', () => {
        const { chart, shim } = fixture();
        new Gateway(chart, 'A', { certManagerIssuer: shim, listeners: [shimListener('https', 'a.example.com', 'shared-tls')] });
        new Gateway(chart, 'B', { certManagerIssuer: shim, listeners: [shimListener('https', 'b.example.com', 'shared-tls')] });
        expectSynthFailure(chart, { path: 'test/A', field: 'listeners[0].tls', value: '"istio-ingress/shared-tls"', problem: /Gateway test\/B also has/, fix: /its own listener Secret/ });
        expectSynthFailure(chart, { path: 'test/B', field: 'listeners[0].tls', value: '"istio-ingress/shared-tls"', problem: /Gateway test\/A also has/, fix: /its own listener Secret/ });
      });

      test('one Gateway may use one shim Secret on several listeners; other namespaces and clusters do not clash', () => {
        const { chart, shim, ca } = fixture();
        new Gateway(chart, 'Gw', { certManagerIssuer: shim, listeners: [shimListener('a', 'a.example.com', 'shop-tls'), shimListener('b', 'b.example.com', 'shop-tls')] });
        new Certificate(chart, 'Elsewhere', { metadata: { name: 'shop-tls', namespace: 'other' }, issuer: ca, dnsNames: ['x.example.com'], secretName: 'shop-tls' });
        new Gateway(chart, 'Other', { metadata: { namespace: 'other-ingress' }, certManagerIssuer: shim, listeners: [shimListener('https', 'c.example.com', 'shop-tls')] });
        synthValid(chart);
      });
    });

    test('the gateway-shim is asked for a Secret in another namespace (synth)', () => {
      const { chart } = setup();
      const issuer = new FakeIssuer(chart, 'LE', { name: 'le', kind: 'ClusterIssuer' });
      new Gateway(chart, 'Gw', {
        certManagerIssuer: issuer,
        listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminateWithSecret('x-tls', { namespace: 'certs' }) }],
      });
      expectSynthFailure(chart, { path: 'test/Gw', field: 'listeners[0].tls.secretNamespace', value: '"certs"', fix: /leave out the Secret namespace/ });
    });
  });
});
