import { ApiObject, App, Chart } from 'cdk8s';
import { Certificate, ClusterIssuer, IssuerConfig } from '../../src/cert-manager';
import { Synthesis } from '../../src/core';
import { Bundle, BundleProps, BundleSource, BundleSourceType, Pkcs12Profile } from '../../src/trust';
import { Warnings } from '../../src/validation';
import { expectFailure, expectMessage, expectSynthFailure, newChart, synthValid, validationErrorOf } from '../util/expect';
import { FakeCertificate } from '../util/fakes';

// Public test certificates (the keys were thrown away): a CA and a non-CA leaf.
const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBhDCCASugAwIBAgIUKXaKVeYfkqmZV/UN1u129SQg01cwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMVGVzdCBSb290IENBMCAXDTI2MTEyMzE3MzIwNloYDzIxMjYx
MDMwMTczMjA2WjAXMRUwEwYDVQQDDAxUZXN0IFJvb3QgQ0EwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAARdoB/Z47IzB3O+9tZzrAfYCgEAmS+bl8AGIj/nZQo1fVQ9
9JqpRgn3XAsQPUAs13kwBmW3ZuQkVjuF7i78GSYCo1MwUTAdBgNVHQ4EFgQU1Hkd
K7Tyo91Jr2vA1YXUgyOnYGEwHwYDVR0jBBgwFoAU1HkdK7Tyo91Jr2vA1YXUgyOn
YGEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAu1O+AmUIlVdaQ
ffYwEG2utgOXPsTk0tKEVuCmyIkkDwIgXCNuZXKbmlyVhQoYF0nim89CF1fk4O24
vFXf//B4Jtk=
-----END CERTIFICATE-----
`;
const LEAF_PEM = `-----BEGIN CERTIFICATE-----
MIIBiTCCATCgAwIBAgIUF3xE4blj7dAemtKsX2T6Mx85nmAwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQbGVhZi5leGFtcGxlLmNvbTAgFw0yNjExMjMxNzMyMDZaGA8y
MTI2MTAzMDE3MzIwNlowGzEZMBcGA1UEAwwQbGVhZi5leGFtcGxlLmNvbTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABOD3HpQhikYBX3c9Q6kv2dQgKn5w5LUvTn2f
l8lI0hTGMNvLfCkFZ9RVLzHP3y+5m/fpVkbkHJnOLUmV/uRJ6wWjUDBOMB0GA1Ud
DgQWBBRCD6NDUlozlJGgnjHqjFTz4aPpUjAfBgNVHSMEGDAWgBRCD6NDUlozlJGg
njHqjFTz4aPpUjAMBgNVHRMBAf8EAjAAMAoGCCqGSM49BAMCA0cAMEQCIFKoLwM3
zKE5ZL8guvepuohgVOoVNYMIysqPMQUnh5GtAiAptM5Gzeq3azUBb07aCBEp1gko
1vHuzvlIckI6k7vEZQ==
-----END CERTIFICATE-----
`;
// Not a key: an obviously fake block with the label a private key would carry.
const FAKE_KEY_BLOCK = ['-----BEGIN', 'PRIVATE KEY-----\nTk9UIEEgS0VZ\n-----END', 'PRIVATE KEY-----\n'].join(' ');

const setup = (): Chart => newChart('apps').chart;

describe('Bundle', () => {
  test('renders sources and targets; cluster-scoped even in a namespaced chart', () => {
    const chart = setup();
    const root = new FakeCertificate(chart, 'Root', { secretName: 'root-ca', namespace: 'cert-manager', dnsNames: [] });
    const bundle = new Bundle(chart, 'MeshTrust', {
      sources: [
        BundleSource.useDefaultCAs(),
        BundleSource.secret({ name: 'corp-ca', key: 'ca.crt' }),
        BundleSource.configMap({ name: 'partner-roots', key: 'roots.pem' }),
        BundleSource.inLine(CA_PEM),
      ],
      target: {
        configMapKey: 'trust-bundle.pem',
        secretKey: 'ca.crt',
        namespaceSelector: { 'trust.example.com/inject': 'enabled' },
        additionalFormats: { pkcs12: { key: 'bundle.p12', profile: Pkcs12Profile.MODERN_2023 } },
      },
    });
    bundle.addSource(BundleSource.fromCertificate(root));
    const [doc] = synthValid(chart);
    expect(doc.apiVersion).toBe('trust.cert-manager.io/v1alpha1');
    expect(doc.kind).toBe('Bundle');
    expect(doc.metadata).toEqual({ name: 'mesh-trust' });
    expect(doc.spec).toEqual({
      sources: [
        { useDefaultCAs: true },
        { secret: { name: 'corp-ca', key: 'ca.crt' } },
        { configMap: { name: 'partner-roots', key: 'roots.pem' } },
        { inLine: CA_PEM },
        { secret: { name: 'root-ca', key: 'ca.crt' } },
      ],
      target: {
        configMap: { key: 'trust-bundle.pem' },
        secret: { key: 'ca.crt' },
        namespaceSelector: { matchLabels: { 'trust.example.com/inject': 'enabled' } },
        additionalFormats: { pkcs12: { key: 'bundle.p12', profile: 'Modern2023' } },
      },
    });
    expect(bundle.trustNamespace).toBe('cert-manager');
    expect(bundle.sources.map((s) => s.type)).toEqual([
      BundleSourceType.DEFAULT_CAS, BundleSourceType.SECRET, BundleSourceType.CONFIG_MAP, BundleSourceType.IN_LINE, BundleSourceType.SECRET,
    ]);
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('warns about non-CA inline certificates and deprecated JKS', () => {
    const chart = setup();
    new Bundle(chart, 'B', {
      sources: [BundleSource.inLine(CA_PEM + LEAF_PEM)],
      target: { configMapKey: 'ca.pem', additionalFormats: { jks: { key: 'ca.jks' } } },
    });
    const [doc] = synthValid(chart);
    expect(doc.spec.target.additionalFormats).toEqual({ jks: { key: 'ca.jks' } });
    expect(Warnings.collect(chart)).toEqual([
      expect.stringMatching(/^\[test\/B\] JKS trust stores are deprecated/),
      expect.stringMatching(/^\[test\/B\] sources\[0\]: inline certificate 1 \(CN=leaf.example.com\) is not a CA certificate/),
    ]);
  });

  test('a custom trust namespace accepts certificates there', () => {
    const chart = setup();
    const root = new FakeCertificate(chart, 'Root', { secretName: 'root-ca', namespace: 'trust', dnsNames: [] });
    new Bundle(chart, 'B', { trustNamespace: 'trust', sources: [BundleSource.fromCertificate(root, 'tls.crt')], target: { configMapKey: 'ca.pem' } });
    expect(synthValid(chart)[0].spec.sources).toEqual([{ secret: { name: 'root-ca', key: 'tls.crt' } }]);
  });

  describe('fails if', () => {
    const target = { configMapKey: 'ca.pem' };
    const cases: Array<[string, (chart: Chart) => unknown, string, string | undefined, RegExp]> = [
      ['the target is missing', (c) => new Bundle(c, 'B', { sources: [BundleSource.useDefaultCAs()] } as unknown as BundleProps), 'target', 'unset', /configMapKey/],
      ['the target has neither configMapKey nor secretKey', (c) => new Bundle(c, 'B', { target: {} }), 'target', '{}', /target\.configMapKey/],
      ['a target key is invalid', (c) => new Bundle(c, 'B', { target: { configMapKey: 'ca pem' } }), 'target.configMapKey', '"ca pem"', /trust-bundle\.pem/],
      ['a namespaceSelector label is invalid', (c) => new Bundle(c, 'B', { target: { ...target, namespaceSelector: { 'a/b/c': 'x' } } }),
        'target.namespaceSelector["a/b/c"]', '"a/b/c"', /valid Kubernetes label key/],
      ['additionalFormats is empty', (c) => new Bundle(c, 'B', { target: { ...target, additionalFormats: {} } }), 'target.additionalFormats', '{}', /pkcs12/],
      ['an additional format reuses the bundle key', (c) => new Bundle(c, 'B', { target: { ...target, additionalFormats: { pkcs12: { key: 'ca.pem' } } } }),
        'target.additionalFormats.pkcs12.key', '"ca.pem"', /distinct key/],
      ['a JKS password is empty', (c) => new Bundle(c, 'B', { target: { ...target, additionalFormats: { jks: { key: 'a.jks', password: '' } } } }),
        'target.additionalFormats.jks.password', '"<not shown>"', /changeit/],
      ['a PKCS#12 profile is unknown', (c) => new Bundle(c, 'B', { target: { ...target, additionalFormats: { pkcs12: { key: 'a.p12', profile: 'AES' as Pkcs12Profile } } } }),
        'target.additionalFormats.pkcs12.profile', '"AES"', /MODERN_2023/],
      ['the trust namespace is invalid', (c) => new Bundle(c, 'B', { target, trustNamespace: 'Cert_Manager' }), 'trustNamespace', '"Cert_Manager"', /valid namespace name/],
      ['the Bundle has a namespace', (c) => new Bundle(c, 'B', { target, metadata: { namespace: 'x' } }), 'metadata.namespace', '"x"', /remove metadata\.namespace/],
      ['a source is the target itself (trust-manager webhook)', (c) => new Bundle(c, 'B', {
        metadata: { name: 'ca-bundle' }, target, sources: [BundleSource.configMap({ name: 'ca-bundle', key: 'ca.pem' })],
      }), 'sources[0]', '"configMap ca-bundle/ca.pem"', /another object or key/],
      ['a source is listed twice', (c) => new Bundle(c, 'B', { target, sources: [BundleSource.useDefaultCAs(), BundleSource.useDefaultCAs()] }),
        'sources[1]', '"useDefaultCAs"', /each source once/],
      ['a source is not made by BundleSource', (c) => new Bundle(c, 'B', { target, sources: [{ useDefaultCAs: true } as any] }), 'sources[0]', '{"useDefaultCAs":true}', /BundleSource\.secret/],
      ['there are more than 100 sources', (c) => {
        const b = new Bundle(c, 'B', { target });
        for (let i = 0; i <= 100; i++) b.addSource(BundleSource.secret({ name: `ca-${i}`, key: 'ca.crt' }));
      }, 'sources[100]', '"secret"', /split the bundle/],
    ];
    test.each(cases)('%s', (_name, build, field, value, fix) => {
      expectFailure(() => build(setup()), { path: 'test/B', field, value, fix });
    });

    const factoryCases: Array<[string, () => unknown, string, string, string | undefined, RegExp]> = [
      ['inline PEM holds a private key (never echoed)', () => BundleSource.inLine(CA_PEM + FAKE_KEY_BLOCK), 'BundleSource.inLine', 'pem',
        '"<PEM containing a PRIVATE KEY block, not shown>"', /only the CA certificate/],
      ['inline PEM holds no certificate', () => BundleSource.inLine('just text'), 'BundleSource.inLine', 'pem', '"just text"', /BEGIN CERTIFICATE/],
      ['inline PEM holds a non-certificate block', () => BundleSource.inLine(CA_PEM + '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'),
        'BundleSource.inLine', 'pem (block 1)', '"PUBLIC KEY"', /remove the non-certificate block/],
      ['inline PEM carries headers', () => BundleSource.inLine(CA_PEM.replace('-----\nMII', '-----\nProc-Type: 4,ENCRYPTED\n\nMII')),
        'BundleSource.inLine', 'pem (block 0)', '"PEM headers"', /remove the header lines/],
      ['inline PEM does not parse', () => BundleSource.inLine('-----BEGIN CERTIFICATE-----\nTk9UIEEgQ0VSVA==\n-----END CERTIFICATE-----\n'),
        'BundleSource.inLine', 'pem (block 0)', undefined, /exactly as PEM-encoded/],
      ['inline PEM is empty', () => BundleSource.inLine(''), 'BundleSource.inLine', 'pem', '""', /BEGIN CERTIFICATE/],
      ['a secret source name is invalid', () => BundleSource.secret({ name: 'Corp_CA', key: 'ca.crt' }), 'BundleSource.secret', 'name', '"Corp_CA"', /valid Secret name/],
      ['a secret source key is invalid', () => BundleSource.secret({ name: 'corp-ca', key: '' }), 'BundleSource.secret', 'key', '""', /ca\.crt/],
      ['a configMap source is missing', () => BundleSource.configMap(undefined as any), 'BundleSource.configMap', 'ref', 'unset', /name the ConfigMap/],
      ['a certificate source key is invalid', () => BundleSource.fromCertificate({ secretName: 'a', namespace: 'b', dnsNames: [] } as any, 'ca crt'),
        'BundleSource.fromCertificate', 'key', '"ca crt"', /ca\.crt/],
    ];
    // a factory's problem surfaces where its value is received: named by the Bundle's path and the field it arrived in
    test.each(factoryCases)('%s', (_name, make, factoryName, field, value, fix) => {
      const source = make() as BundleSource; // no error yet: the value carries its problem
      const message = validationErrorOf(() => new Bundle(setup(), 'B', { target, sources: [source] }));
      expectMessage(message, { path: 'test/B', field: `sources[0].${field}`, value, problem: `${factoryName}: `, fix });
      expect(message).not.toContain('Tk9UIEEgS0VZ');
    });

    test('a faulty source passed to addSource() names the Bundle too', () => {
      const bundle = new Bundle(setup(), 'B', { target, sources: [BundleSource.useDefaultCAs()] });
      expectFailure(() => bundle.addSource(BundleSource.configMap({ name: 'corp-ca', key: 'ca pem' })),
        { path: 'test/B', field: 'sources[1].key', value: '"ca pem"', problem: 'BundleSource.configMap: ', fix: /ca\.crt/ });
    });

    test('a certificate source is outside the trust namespace (synth)', () => {
      const chart = setup();
      const root = new FakeCertificate(chart, 'Root', { secretName: 'root-ca', namespace: 'istio-system', dnsNames: [] });
      new Bundle(chart, 'B', { sources: [BundleSource.fromCertificate(root)], target });
      expectSynthFailure(chart,
        { path: 'test/B', field: 'sources[0]', value: '"istio-system/root-ca"', problem: /only from its trust namespace "cert-manager"/, fix: /trust namespace/ });
    });

    test('the Bundle has no source (synth)', () => {
      const chart = setup();
      new Bundle(chart, 'B', { target });
      expectSynthFailure(chart, { path: 'test/B', field: 'sources', value: '[]', fix: /addSource/ });
    });

    test('two Bundles share a name (synth)', () => {
      const chart = setup();
      new Bundle(chart, 'A', { metadata: { name: 'ca' }, sources: [BundleSource.useDefaultCAs()], target });
      new Bundle(chart, 'B', { metadata: { name: 'ca' }, sources: [BundleSource.useDefaultCAs()], target });
      expectSynthFailure(chart, { path: 'test/B', field: 'metadata.name', value: '"ca"', problem: /test\/A/, fix: /own name/ });
    });
  });
});

describe('trust/bundles reads the wire form: Bundles written as plain ApiObjects', () => {
  const bundle = (chart: Chart, id: string, name: string, sources: any[]) => new ApiObject(chart, id, {
    apiVersion: 'trust.cert-manager.io/v1alpha1', kind: 'Bundle', metadata: { name }, spec: { sources, target: { configMap: { key: 'ca.pem' } } },
  });
  const problems = (chart: Chart) => Synthesis.problems([chart.node.root as App]).map((p) => p.message);

  test('a Bundle without sources, and one named like a Bundle of the L2', () => {
    const chart = setup();
    new Bundle(chart, 'Ours', { metadata: { name: 'ca' }, sources: [BundleSource.useDefaultCAs()], target: { configMapKey: 'ca.pem' } });
    bundle(chart, 'Empty', 'empty', []);
    bundle(chart, 'Same', 'ca', [{ useDefaultCAs: true }]);
    expect(problems(chart)).toEqual([
      '[test/Empty] a Bundle needs at least one source (spec.sources: []) — pass sources or call addSource()',
      '[test/Same] another Bundle (test/Ours) has this name; both would write the same target (metadata.name: "ca") — give each Bundle its own name',
    ]);
  });

  test('a Secret source the app writes only outside the trust namespace (the default, cert-manager) is warned about', () => {
    const chart = setup();
    const issuer = new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.selfSigned() });
    new Certificate(chart, 'Root', { metadata: { namespace: 'istio-system' }, issuer, commonName: 'root', isCa: true, secretName: 'root-ca' });
    bundle(chart, 'Manifest', 'mesh', [{ secret: { name: 'root-ca', key: 'ca.crt' } }]);
    expect(problems(chart)).toEqual([
      expect.stringMatching(/^\[test\/Manifest\] trust-manager reads source Secrets only from its trust namespace "cert-manager" .*the app writes Secret "root-ca" only in "istio-system" \(Certificate test\/Root\).* \(spec\.sources\[0\]: "istio-system\/root-ca"\) — create the Certificate in the trust namespace$/),
    ]);
    const ok = setup();
    new Certificate(ok, 'Root', { metadata: { namespace: 'cert-manager' }, issuer: new ClusterIssuer(ok, 'Ca', { config: IssuerConfig.selfSigned() }), commonName: 'root', isCa: true, secretName: 'root-ca' });
    bundle(ok, 'Manifest', 'mesh', [{ secret: { name: 'root-ca', key: 'ca.crt' } }]);
    expect(problems(ok)).toEqual([]);
  });
});
