import { Warnings } from '../../src';
import { ClientTls, ClientTlsMode, DestinationRule, LoadBalancerAlgorithm } from '../../src/istio';
import { expectFailure, newChart, synthValid } from '../util/expect';
import { FakeCertificate } from '../util/fakes';

describe('DestinationRule', () => {
  test('renders host, TLS origination with a cert-manager client certificate, load balancing and subsets', () => {
    const { chart } = newChart('egress');
    const cert = new FakeCertificate(chart, 'Client', { namespace: 'egress', secretName: 'db-client-tls' });
    const dr = new DestinationRule(chart, 'Db', {
      host: 'db.example.com',
      trafficPolicy: { tls: ClientTls.mutual(cert, { sni: 'db.example.com', subjectAltNames: ['db.example.com'] }), loadBalancer: LoadBalancerAlgorithm.ROUND_ROBIN },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
      exportTo: ['.'],
    });
    dr.addSubset({ name: 'v2', labels: { version: 'v2' }, trafficPolicy: { tls: ClientTls.istioMutual() } });
    const [doc] = synthValid(chart);
    expect(doc.apiVersion).toBe('networking.istio.io/v1');
    expect(doc.metadata).toEqual({ name: 'db', namespace: 'egress' });
    expect(doc.spec).toEqual({
      host: 'db.example.com',
      trafficPolicy: {
        tls: { mode: 'MUTUAL', credentialName: 'db-client-tls', sni: 'db.example.com', subjectAltNames: ['db.example.com'] },
        loadBalancer: { simple: 'ROUND_ROBIN' },
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
      ],
      exportTo: ['.'],
    });
    expect(dr.subsets.map((s) => s.name)).toEqual(['v1', 'v2']);
    expect(dr.trafficPolicy?.tls?.mode).toBe(ClientTlsMode.MUTUAL);
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('renders SIMPLE with a CA certificate, DISABLE, and Secrets created elsewhere', () => {
    const { chart } = newChart();
    const ca = new FakeCertificate(chart, 'Ca', { namespace: 'default', secretName: 'corp-ca' });
    new DestinationRule(chart, 'A', { host: 'a.example.com', trafficPolicy: { tls: ClientTls.simple({ caCertificate: ca }) } });
    new DestinationRule(chart, 'B', { host: 'b', trafficPolicy: { tls: ClientTls.disable() } });
    new DestinationRule(chart, 'C', { host: 'c.example.com', trafficPolicy: { tls: ClientTls.mutualFromCredentialName('c-client') } });
    new DestinationRule(chart, 'D', { host: 'd.example.com', trafficPolicy: { tls: ClientTls.simple() } });
    const tls = synthValid(chart).map((d) => d.spec.trafficPolicy.tls);
    expect(tls).toEqual([{ mode: 'SIMPLE', credentialName: 'corp-ca' }, { mode: 'DISABLE' }, { mode: 'MUTUAL', credentialName: 'c-client' }, { mode: 'SIMPLE' }]);
  });

  test('warns when the client certificate is in another namespace and when verification is skipped', () => {
    const { chart } = newChart('web');
    const cert = new FakeCertificate(chart, 'Client', { namespace: 'istio-system' });
    new DestinationRule(chart, 'A', { host: 'a.example.com', trafficPolicy: { tls: ClientTls.mutual(cert) } });
    new DestinationRule(chart, 'B', { host: 'b.example.com', trafficPolicy: { tls: ClientTls.simple({ insecureSkipVerify: true }) } });
    expect(Warnings.collect(chart)).toEqual([
      expect.stringMatching(/^\[test\/A\] trafficPolicy\.tls uses certificate test\/Client from namespace "istio-system"/),
      expect.stringMatching(/^\[test\/B\] trafficPolicy\.tls\.insecureSkipVerify is true/),
    ]);
    synthValid(chart);
  });

  test('fails if the host is invalid', () => {
    const { chart } = newChart();
    expectFailure(() => new DestinationRule(chart, 'Dr', { host: 'web/db.example.com' }), { path: 'test/Dr', field: 'host', value: '"web/db.example.com"', fix: 'use the bare host "db.example.com"' });
  });
  test('fails if the traffic policy is empty', () => {
    const { chart } = newChart();
    expectFailure(() => new DestinationRule(chart, 'Dr', { host: 'db', trafficPolicy: {} }),
      { path: 'test/Dr', field: 'trafficPolicy', value: '{}', problem: 'traffic policy must have at least one field', fix: 'set tls or loadBalancer, or omit trafficPolicy' });
  });
  test('fails if subset names repeat', () => {
    const { chart } = newChart();
    expectFailure(() => new DestinationRule(chart, 'Dr', { host: 'db', subsets: [{ name: 'v1' }, { name: 'v1' }] }),
      { path: 'test/Dr', field: 'subsets[1].name', value: '"v1"', problem: 'duplicate subset names', fix: 'give each subset its own name' });
  });
  test('fails if a subset name is not a DNS-1123 label', () => {
    const { chart } = newChart();
    expectFailure(() => new DestinationRule(chart, 'Dr', { host: 'db', subsets: [{ name: 'V1.0' }] }), { path: 'test/Dr', field: 'subsets[0].name', value: '"V1.0"', fix: 'use a DNS-1123 label, e.g. "v1"' });
  });
  test('fails if subset labels are invalid', () => {
    const { chart } = newChart();
    expectFailure(() => new DestinationRule(chart, 'Dr', { host: 'db', subsets: [{ name: 'v1', labels: { version: 'v 1' } }] }),
      { path: 'test/Dr', field: 'subsets[0].labels["version"]', value: '"v 1"', fix: 'use a valid Kubernetes label value' });
  });
  test('fails if the load balancer is unknown', () => {
    const { chart } = newChart();
    expectFailure(() => new DestinationRule(chart, 'Dr', { host: 'db', trafficPolicy: { loadBalancer: 'FASTEST' as LoadBalancerAlgorithm } }),
      { path: 'test/Dr', field: 'trafficPolicy.loadBalancer', value: '"FASTEST"', problem: 'must be one of "ROUND_ROBIN"', fix: 'use a LoadBalancerAlgorithm value' });
  });
  /** The problems of a ClientTls factory are reported by the DestinationRule receiving the value. */
  const received = (tls: ClientTls) => new DestinationRule(newChart().chart, 'Dr', { host: 'db', trafficPolicy: { tls } });
  test('fails if insecureSkipVerify is combined with a CA or SANs', () => {
    expectFailure(() => received(ClientTls.simple({ credentialName: 'ca', insecureSkipVerify: true })),
      { path: 'test/Dr', field: 'trafficPolicy.tls.insecureSkipVerify', value: 'true', problem: 'ClientTls.simple: cannot specify a CA', fix: 'remove one of them' });
  });
  test('fails if the CA credentialName of ClientTls.simple is a file, naming the CA Secret', () => {
    expectFailure(() => received(ClientTls.simple({ credentialName: '/etc/certs/ca.pem' })),
      { path: 'test/Dr', field: 'trafficPolicy.tls.credentialName', value: '"/etc/certs/ca.pem"', problem: 'ClientTls.simple: credentialName names a Secret holding the CA bundle, not a file', fix: 'name the Secret (key `ca.crt`) holding the CA that signs the upstream\'s certificate' });
  });
  test('fails if both caCertificate and credentialName are given', () => {
    const cert = new FakeCertificate(newChart().chart, 'Ca');
    expectFailure(() => received(ClientTls.simple({ caCertificate: cert, credentialName: 'x' })), { path: 'test/Dr', field: 'trafficPolicy.tls.credentialName', value: '"x"', problem: 'ClientTls.simple: caCertificate and credentialName both name the CA Secret', fix: 'set one of them' });
  });
  test('fails if a client credential is a file path', () => {
    expectFailure(() => received(ClientTls.mutualFromCredentialName('/etc/certs/client.pem')),
      { path: 'test/Dr', field: 'trafficPolicy.tls.credentialName', value: '"/etc/certs/client.pem"', problem: 'ClientTls.mutualFromCredentialName: file-based certificates', fix: 'create a cert-manager Certificate' });
  });
  test('fails if the SNI is not a bare host name', () => {
    expectFailure(() => received(ClientTls.istioMutual({ sni: 'https://db.example.com' })), { path: 'test/Dr', field: 'trafficPolicy.tls.sni', value: '"https://db.example.com"', problem: 'ClientTls.istioMutual: an SNI is a bare host name', fix: 'remove scheme, port and path' });
  });
  test('fails if a subjectAltName is empty', () => {
    expectFailure(() => received(ClientTls.istioMutual({ subjectAltNames: [''] })), { path: 'test/Dr', field: 'trafficPolicy.tls.subjectAltNames[0]', value: '""', problem: 'ClientTls.istioMutual: empty values are not allowed', fix: 'list the accepted server identities' });
  });
  test('a ClientTls factory returns its value; a subset receiving it reports the problem with its field', () => {
    const tls = ClientTls.istioMutual({ sni: 'https://db.example.com' });
    expect(tls).toBeInstanceOf(ClientTls);
    const { chart } = newChart();
    const dr = new DestinationRule(chart, 'Dr', { host: 'db' });
    expectFailure(() => dr.addSubset({ name: 'v1', trafficPolicy: { tls } }),
      { path: 'test/Dr', field: 'subsets[0].trafficPolicy.tls.sni', value: '"https://db.example.com"', problem: 'ClientTls.istioMutual: an SNI is a bare host name', fix: 'remove scheme, port and path' });
  });
  test('fails if tls is not a ClientTls', () => {
    const { chart } = newChart();
    expectFailure(() => new DestinationRule(chart, 'Dr', { host: 'db', trafficPolicy: { tls: { mode: 'SIMPLE' } as any } }),
      { path: 'test/Dr', field: 'trafficPolicy.tls', value: '{"mode":"SIMPLE"}', fix: 'use ClientTls.simple(), mutual(), istioMutual() or disable()' });
  });
});
