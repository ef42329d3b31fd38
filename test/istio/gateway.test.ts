import { ApiObject, Chart, Testing } from 'cdk8s';
import { CLUSTER_CONTEXT_KEY } from '../../src/private/cluster';
import { Warnings } from '../../src';
import {
  GatewayProtocol, GatewayTls, GatewayTlsMode, Gateway, TlsProtocolVersion,
} from '../../src/istio';
import { expectFailure, expectMessage, expectSynthFailure, newChart, synthErrors, synthValid } from '../util/expect';
import { FakeCertificate } from '../util/fakes';
import { acmeIssuer, certificate } from './fixtures';

function gateway(namespace = 'istio-system') {
  const { app, chart } = newChart();
  const gw = new Gateway(chart, 'Public', { metadata: { namespace } });
  return { app, chart, gw };
}

describe('Gateway', () => {
  test('renders the cert-manager Istio page shape: HTTP redirect + SIMPLE with credentialName, TLS >= 1.2', () => {
    const { app, chart, gw } = gateway();
    const cert = new FakeCertificate(chart, 'Shop', { dnsNames: ['shop.example.com'] });
    gw.addHttpServer({ hosts: ['shop.example.com'], httpsRedirect: true });
    gw.addHttpsServer({ tls: GatewayTls.simple(cert) });
    const [doc] = synthValid(chart);
    expect(doc.apiVersion).toBe('networking.istio.io/v1');
    expect(doc.metadata).toEqual({ name: 'public', namespace: 'istio-system' });
    expect(doc.spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(doc.spec.servers).toEqual([
      { port: { number: 80, name: 'http-80-shop', protocol: 'HTTP' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true } },
      { port: { number: 443, name: 'https-443-shop', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_2' } },
    ]);
    expect(synthErrors(app)).toEqual([]);
  });

  test('exposes read-back of name, namespaces, selector and servers', () => {
    const { chart, gw } = gateway();
    const cert = new FakeCertificate(chart, 'Shop');
    gw.addHttpsServer({ tls: GatewayTls.simple(cert) });
    expect(gw.qualifiedName).toBe('istio-system/public');
    expect(gw.workloadNamespace).toBe('istio-system');
    expect(gw.isImported).toBe(false);
    expect(gw.apiObject).toBeInstanceOf(ApiObject);
    expect(gw.servers).toEqual([expect.objectContaining({
      portName: 'https-443-shop', port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['shop.example.com'],
      tlsMode: GatewayTlsMode.SIMPLE, httpsRedirect: false, certificate: cert, credentialName: 'shop-tls',
    })]);
    synthValid(chart);
  });

  test('workload namespace defaults to the Gateway namespace and can differ from it', () => {
    const { app, chart } = newChart('web');
    const a = new Gateway(chart, 'A');
    const b = new Gateway(chart, 'B', { workloadNamespace: 'istio-ingress', selector: { istio: 'ingress' } });
    expect(a.workloadNamespace).toBe('web');
    expect(b.namespace).toBe('web');
    expect(b.workloadNamespace).toBe('istio-ingress');
    const cert = certificate(chart, 'Shop', { namespace: 'istio-ingress' });
    b.addHttpsServer({ tls: GatewayTls.simple(cert) });
    a.addHttpServer({ hosts: ['a.example.com'] });
    const docs = synthValid(chart);
    expect(docs[1].spec.selector).toEqual({ istio: 'ingress' });
    expect(synthErrors(app)).toEqual([]);
    // the same Certificate in the Gateway's namespace would be in the wrong place
    new Gateway(chart, 'C', { workloadNamespace: 'istio-ingress', selector: { istio: 'c' } }).addHttpsServer({ tls: GatewayTls.simple(certificate(chart, 'Web', { namespace: 'web' })) });
    expectSynthFailure(app, { path: 'test/C', field: 'servers[0].tls.certificate', value: '"web/web-tls"', problem: 'gateway workload namespace "istio-ingress"', fix: 'create the Certificate in namespace "istio-ingress"' });
  });

  test('generates readable unique port names and keeps given ones', () => {
    const { chart, gw } = gateway();
    gw.addServer({ port: 80, protocol: GatewayProtocol.HTTP, hosts: ['shop.example.com'] });
    gw.addServer({ port: 80, protocol: GatewayProtocol.HTTP, hosts: ['shop.example.org'] });
    gw.addServer({ port: 8080, protocol: GatewayProtocol.HTTP, hosts: ['*.apps.example.com'] });
    gw.addServer({ port: 8081, protocol: GatewayProtocol.HTTP, hosts: ['*'] });
    gw.addServer({ port: 9000, protocol: GatewayProtocol.TCP, hosts: ['db.example.com'], portName: 'mongo' });
    expect(gw.servers.map((s) => s.portName)).toEqual(['http-80-shop', 'http-80-shop-2', 'http-8080-wildcard-apps', 'http-8081-any', 'mongo']);
    synthValid(chart);
  });

  test('renders every TLS mode with mode written explicitly', () => {
    const { chart, gw } = gateway();
    const cert = new FakeCertificate(chart, 'Shop', { dnsNames: ['*.example.com'] });
    gw.addServer({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['a.example.com'], tls: GatewayTls.mutual(cert, { subjectAltNames: ['client.example.com'], caCertCredentialName: 'clients-ca' }) });
    gw.addServer({ port: 8443, protocol: GatewayProtocol.HTTPS, hosts: ['b.example.com'], tls: GatewayTls.optionalMutual(cert, { minProtocolVersion: TlsProtocolVersion.TLSV1_3 }) });
    gw.addServer({ port: 9443, protocol: GatewayProtocol.TLS, hosts: ['c.example.com'], tls: GatewayTls.passthrough() });
    gw.addServer({ port: 15443, protocol: GatewayProtocol.TLS, hosts: ['*.local'], tls: GatewayTls.autoPassthrough() });
    gw.addServer({ port: 10443, protocol: GatewayProtocol.TLS, hosts: ['d.example.com'], tls: GatewayTls.istioMutual({ subjectAltNames: ['spiffe://cluster.local/ns/a/sa/b'] }) });
    gw.addServer({ port: 11443, protocol: GatewayProtocol.HTTPS, hosts: ['e.example.com'], tls: GatewayTls.fromCredentialName('external-tls', { cipherSuites: ['ECDHE-ECDSA-AES128-GCM-SHA256'], maxProtocolVersion: TlsProtocolVersion.TLSV1_3 }) });
    const tls = synthValid(chart)[0].spec.servers.map((s: any) => s.tls);
    expect(tls).toEqual([
      { mode: 'MUTUAL', credentialName: 'shop-tls', caCertCredentialName: 'clients-ca', subjectAltNames: ['client.example.com'], minProtocolVersion: 'TLSV1_2' },
      { mode: 'OPTIONAL_MUTUAL', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_3' },
      { mode: 'PASSTHROUGH' },
      { mode: 'AUTO_PASSTHROUGH' },
      { mode: 'ISTIO_MUTUAL', subjectAltNames: ['spiffe://cluster.local/ns/a/sa/b'], minProtocolVersion: 'TLSV1_2' },
      { mode: 'SIMPLE', credentialName: 'external-tls', minProtocolVersion: 'TLSV1_2', maxProtocolVersion: 'TLSV1_3', cipherSuites: ['ECDHE-ECDSA-AES128-GCM-SHA256'] },
    ]);
  });

  test('servers can be passed as props; importer references an external gateway', () => {
    const { chart } = newChart('web');
    const gw = new Gateway(chart, 'Gw', { servers: [{ port: 80, protocol: GatewayProtocol.HTTP, hosts: ['a.example.com'] }] });
    expect(gw.servers).toHaveLength(1);
    const ext = Gateway.fromGatewayName(chart, 'Ext', 'ingress', { namespace: 'istio-system' });
    expect(ext.qualifiedName).toBe('istio-system/ingress');
    expect(ext.workloadNamespace).toBe('istio-system');
    expect(ext.selector).toEqual({ istio: 'ingressgateway' });
    expect(ext.isImported).toBe(true);
    expect(ext.servers).toEqual([]);
    expect(Gateway.fromGatewayName(chart, 'Ext2', 'other').namespace).toBe('web');
    synthValid(chart);
  });

  describe('fails at construction', () => {
    test('fails if the Gateway name is not a DNS-1123 label', () => {
      const { chart } = newChart();
      expectFailure(() => new Gateway(chart, 'Gw', { metadata: { name: 'public.gw' } }),
        { path: 'test/Gw', field: 'metadata.name', value: '"public.gw"', problem: 'Gateway name must be a lowercase RFC 1123 label', fix: 'choose a valid name' });
    });
    test('fails if the imported Gateway name is not a DNS-1123 label', () => {
      const { chart } = newChart();
      expectFailure(() => Gateway.fromGatewayName(chart, 'Ext', 'a.b'), { path: 'test/Ext', field: 'name', value: '"a.b"', fix: 'pass the name of an existing Istio Gateway' });
    });
    test('fails if the selector is empty', () => {
      const { chart } = newChart();
      expectFailure(() => new Gateway(chart, 'Gw', { selector: {} }),
        { path: 'test/Gw', field: 'selector', value: '{}', problem: 'selects every workload', fix: "select the gateway pods, e.g. { istio: 'ingressgateway' }" });
    });
    test('fails if the selector uses a wildcard', () => {
      const { chart } = newChart();
      expectFailure(() => new Gateway(chart, 'Gw', { selector: { istio: '*' } }),
        { path: 'test/Gw', field: 'selector["istio"]', value: '"*"', problem: 'wildcards are not supported', fix: 'select with exact label values' });
    });
    test('fails if the workload namespace is invalid', () => {
      const { chart } = newChart();
      expectFailure(() => new Gateway(chart, 'Gw', { workloadNamespace: 'Istio_System' }),
        { path: 'test/Gw', field: 'workloadNamespace', value: '"Istio_System"', problem: 'namespace must be a lowercase RFC 1123 label', fix: 'use a valid namespace name' });
    });
    test('fails if an internal Istio annotation or istio.io/dry-run is set', () => {
      const { chart } = newChart();
      expectFailure(() => new Gateway(chart, 'Gw', { metadata: { annotations: { 'istio.io/dry-run': 'true' } } }),
        { path: 'test/Gw', field: 'metadata.annotations["istio.io/dry-run"]', value: '"true"', problem: 'Gateway does not support', fix: 'remove the annotation' });
      expectFailure(() => new Gateway(chart, 'Gw2', { metadata: { annotations: { 'internal.istio.io/webhook-always-reject': 'x' } } }),
        { path: 'test/Gw2', field: 'metadata.annotations["internal.istio.io/webhook-always-reject"]', value: '"x"', fix: 'remove the annotation' });
    });
    test('fails if a server has no hosts', () => {
      const { gw } = gateway();
      expectFailure(() => gw.addServer({ port: 80, protocol: GatewayProtocol.HTTP, hosts: [] }),
        { path: 'test/Public', field: 'servers[0].hosts', value: '[]', fix: 'list at least one host, e.g. ["shop.example.com"]' });
    });
    test.each([
      ['a host carries a port', 'shop.example.com:443', 'remove the port suffix: "shop.example.com"'],
      ['a host is a partial wildcard', '*shop.example.com', 'use "*.example.com" or list the names'],
      ['a host is a short name', 'shop', 'use the fully qualified name, e.g. "shop.example.com"'],
      ['a host has an invalid namespace part', 'Web_NS/shop.example.com', 'use a valid namespace name before the "/"'],
      ['a host uses the reserved ~ namespace', '~/shop.example.com', 'use "*", "." or a namespace name'],
    ])('fails if %s', (_n, host, fix) => {
      const { gw } = gateway();
      expectFailure(() => gw.addHttpServer({ hosts: ['ok.example.com', host] }), { path: 'test/Public', field: 'servers[0].hosts[1]', value: JSON.stringify(host), fix });
    });
    test('fails if the port is out of range', () => {
      const { gw } = gateway();
      expectFailure(() => gw.addServer({ port: 70000, protocol: GatewayProtocol.HTTP, hosts: ['a.example.com'] }),
        { path: 'test/Public', field: 'servers[0].port', value: '70000', problem: 'port must be an integer from 1 to 65535', fix: 'use a valid port number, e.g. 443' });
    });
    test('fails if the protocol is unknown', () => {
      const { gw } = gateway();
      expectFailure(() => gw.addServer({ port: 80, protocol: 'HTTP3' as GatewayProtocol, hosts: ['a.example.com'] }),
        { path: 'test/Public', field: 'servers[0].protocol', value: '"HTTP3"', problem: 'must be one of "HTTP", "HTTPS"', fix: 'use a GatewayProtocol value' });
      expectFailure(() => gw.addServer({ port: 80, hosts: ['a.example.com'] } as any),
        { path: 'test/Public', field: 'servers[0].protocol', value: 'unset', problem: 'is required', fix: 'use a GatewayProtocol value' });
    });
    test('fails if an HTTPS or TLS server has no TLS settings', () => {
      const { gw } = gateway();
      expectFailure(() => gw.addServer({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['a.example.com'] }),
        { path: 'test/Public', field: 'servers[0].tls', value: 'unset', problem: 'server must have TLS settings for HTTPS', fix: 'pass tls: GatewayTls.simple(certificate) (or passthrough())' });
    });
    test('fails if a plain HTTP server gets a TLS mode', () => {
      const { chart, gw } = gateway();
      const cert = new FakeCertificate(chart, 'Shop');
      expectFailure(() => gw.addServer({ port: 80, protocol: GatewayProtocol.HTTP, hosts: ['shop.example.com'], tls: GatewayTls.simple(cert) }),
        { path: 'test/Public', field: 'servers[0].tls', value: '"SIMPLE"', problem: 'plain text HTTP ports', fix: 'use protocol HTTPS (or TLS) for a TLS server' });
    });
    test('fails if a TCP server has TLS settings', () => {
      const { gw } = gateway();
      expectFailure(() => gw.addServer({ port: 9000, protocol: GatewayProtocol.TCP, hosts: ['db.example.com'], tls: GatewayTls.passthrough() }),
        { path: 'test/Public', field: 'servers[0].tls', value: '"PASSTHROUGH"', problem: 'cannot have TLS settings for TCP ports', fix: 'use protocol TLS or HTTPS for TLS, or remove tls' });
    });
    test('fails if httpsRedirect is used on an HTTPS server', () => {
      const { gw } = gateway();
      expectFailure(() => gw.addServer({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['a.example.com'], tls: GatewayTls.httpsRedirect() }),
        { path: 'test/Public', field: 'servers[0].tls', value: '"httpsRedirect"', problem: 'only applies to plain HTTP servers', fix: 'use GatewayTls.simple(certificate) here and put httpsRedirect on the port-80 HTTP server' });
    });
    test('fails if AUTO_PASSTHROUGH is used without protocol TLS', () => {
      const { gw } = gateway();
      expectFailure(() => gw.addServer({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['a.example.com'], tls: GatewayTls.autoPassthrough() }),
        { path: 'test/Public', field: 'servers[0].tls', value: '"AUTO_PASSTHROUGH"', fix: 'use protocol GatewayProtocol.TLS' });
    });
    test('fails if port names are not unique', () => {
      const { gw } = gateway();
      gw.addHttpServer({ hosts: ['a.example.com'], portName: 'http' });
      expectFailure(() => gw.addHttpServer({ hosts: ['b.example.com'], port: 8080, portName: 'http' }),
        { path: 'test/Public', field: 'servers[1].portName', value: '"http"', problem: 'port names in servers must be unique', fix: 'choose another portName or omit it' });
    });
    test('fails if addHttpsServer gets no hosts and the certificate has no dnsNames', () => {
      const { chart, gw } = gateway();
      const cert = new FakeCertificate(chart, 'Ip', { dnsNames: [] });
      expectFailure(() => gw.addHttpsServer({ tls: GatewayTls.simple(cert) }), { path: 'test/Public', field: 'servers[0].hosts', value: '[]', fix: 'pass hosts explicitly' });
    });
  });

  describe('GatewayTls fails', () => {
    const cert = () => new FakeCertificate(newChart().chart, 'Shop');
    /** The problems of a GatewayTls factory are reported by the gateway receiving the value. */
    const received = (tls: GatewayTls) => gateway().gw.addHttpsServer({ hosts: ['shop.example.com'], tls });
    test('fails if minProtocolVersion is above maxProtocolVersion', () => {
      expectFailure(() => received(GatewayTls.simple(cert(), { minProtocolVersion: TlsProtocolVersion.TLSV1_3, maxProtocolVersion: TlsProtocolVersion.TLSV1_2 })),
        { path: 'test/Public', field: 'servers[0].tls.minProtocolVersion', value: '"TLSV1_3"', problem: 'GatewayTls.simple: the minimum TLS version is above the maximum', fix: 'lower minProtocolVersion or raise maxProtocolVersion' });
    });
    test('fails if a cipher suite is unknown', () => {
      expectFailure(() => received(GatewayTls.simple(cert(), { cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'RC4-MD5'] })),
        { path: 'test/Public', field: 'servers[0].tls.cipherSuites[1]', value: '"RC4-MD5"', problem: 'GatewayTls.simple: unknown cipher suite', fix: 'use one of ECDHE-ECDSA-AES128-GCM-SHA256' });
    });
    test('fails if a cipher suite is listed twice', () => {
      expectFailure(() => received(GatewayTls.simple(cert(), { cipherSuites: ['AES128-SHA', 'AES128-SHA'] })),
        { path: 'test/Public', field: 'servers[0].tls.cipherSuites[1]', value: '"AES128-SHA"', problem: 'GatewayTls.simple: duplicate cipher suite', fix: 'list each cipher suite once' });
    });
    test('fails if a TLS version is unknown', () => {
      expectFailure(() => received(GatewayTls.simple(cert(), { minProtocolVersion: 'TLSV1_4' as TlsProtocolVersion })),
        { path: 'test/Public', field: 'servers[0].tls.minProtocolVersion', value: '"TLSV1_4"', problem: 'GatewayTls.simple: must be one of "TLS_AUTO", "TLSV1_0"', fix: 'use a TlsProtocolVersion value' });
    });
    test('fails if the credentialName is a file path or the legacy "sds" marker', () => {
      expectFailure(() => received(GatewayTls.fromCredentialName('/etc/istio/ingressgateway-certs/tls.crt')),
        { path: 'test/Public', field: 'servers[0].tls.credentialName', value: '"/etc/istio/ingressgateway-certs/tls.crt"', problem: 'GatewayTls.fromCredentialName: file-based certificates', fix: 'create a cert-manager Certificate and use GatewayTls.simple(certificate)' });
      expectFailure(() => received(GatewayTls.fromCredentialName('sds')),
        { path: 'test/Public', field: 'servers[0].tls.credentialName', value: '"sds"', problem: /^\[test\/Public\] GatewayTls\.fromCredentialName: file-based .*serverCertificate\/privateKey.*never combine credentialName with serverCertificate\/privateKey$/, fix: 'create a cert-manager Certificate' });
    });
    test('fails if fromCredentialName is given a non-terminating mode', () => {
      expectFailure(() => received(GatewayTls.fromCredentialName('x-tls', { mode: GatewayTlsMode.ISTIO_MUTUAL })),
        { path: 'test/Public', field: 'servers[0].tls.mode', value: '"ISTIO_MUTUAL"', problem: 'GatewayTls.fromCredentialName: a credentialName is only used by the terminating modes', fix: 'use GatewayTls.passthrough() or GatewayTls.istioMutual()' });
    });
    test('fails if client-certificate options are given to SIMPLE', () => {
      expectFailure(() => received(GatewayTls.fromCredentialName('x-tls', { subjectAltNames: ['a'] })),
        { path: 'test/Public', field: 'servers[0].tls.subjectAltNames', value: '["a"]', problem: 'GatewayTls.fromCredentialName: subjectAltNames verify client certificates', fix: 'use GatewayTls.mutual()' });
      expectFailure(() => received(GatewayTls.fromCredentialName('x-tls', { caCertCredentialName: 'ca' })),
        { path: 'test/Public', field: 'servers[0].tls.caCertCredentialName', value: '"ca"', fix: 'use GatewayTls.mutual()' });
    });
    test('fails if caCertCredentialName is not a Secret name, saying which Secret to name', () => {
      expectFailure(() => received(GatewayTls.mutual(cert(), { caCertCredentialName: 'Client CA' })),
        { path: 'test/Public', field: 'servers[0].tls.caCertCredentialName', value: '"Client CA"', fix: 'name the Secret (key `ca.crt`) holding the client CA, in the gateway workload namespace' });
    });
    test('fails if caCertCredentialName is a file path (the seed\'s caCertificates), naming the client CA Secret, not the server certificate', () => {
      const seedPath = () => received(GatewayTls.mutual(cert(), { caCertCredentialName: '/etc/istio/ingressgateway-ca-certs/ca-chain.cert.pem' }));
      expectFailure(seedPath, {
        path: 'test/Public', field: 'servers[0].tls.caCertCredentialName', value: '"/etc/istio/ingressgateway-ca-certs/ca-chain.cert.pem"',
        problem: 'GatewayTls.mutual: caCertCredentialName names a Secret holding the client CA bundle, not a file', fix: 'name the Secret (key `ca.crt`) holding the client CA',
      });
      expect(() => seedPath()).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/serverCertificate\/privateKey|GatewayTls\.simple/) }));
      expectFailure(() => received(GatewayTls.optionalMutual(cert(), { caCertCredentialName: 'sds' })),
        { path: 'test/Public', field: 'servers[0].tls.caCertCredentialName', value: '"sds"', fix: 'name the Secret (key `ca.crt`) holding the client CA' });
    });
    test('fails if no certificate is given', () => {
      expectFailure(() => received(GatewayTls.simple(undefined as any)), { path: 'test/Public', field: 'servers[0].tls.certificate', value: 'unset', problem: 'GatewayTls.simple: a cert-manager certificate', fix: 'pass a Certificate of this app' });
    });
    test('a factory returns its value and the gateway receiving it reports the problem, with its path and the server\'s field (addServer, addHttpsServer, servers props)', () => {
      const tls = GatewayTls.simple(cert(), { cipherSuites: ['RC4-MD5'] });
      expect(tls).toBeInstanceOf(GatewayTls);
      const { chart, gw } = gateway();
      gw.addHttpServer({ hosts: ['a.example.com'] });
      expectFailure(() => gw.addServer({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['a.example.com'], tls }),
        { path: 'test/Public', field: 'servers[1].tls.cipherSuites[0]', value: '"RC4-MD5"', problem: 'GatewayTls.simple: unknown cipher suite', fix: 'use one of ECDHE-ECDSA-AES128-GCM-SHA256' });
      expectFailure(() => gw.addHttpsServer({ tls }), { path: 'test/Public', field: 'servers[1].tls.cipherSuites[0]', problem: 'GatewayTls.simple: unknown cipher suite', fix: 'use one of' });
      expectFailure(() => new Gateway(chart, 'Other', { servers: [{ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['a.example.com'], tls }] }),
        { path: 'test/Other', field: 'servers[0].tls.cipherSuites[0]', problem: 'GatewayTls.simple: unknown cipher suite', fix: 'use one of' });
    });
  });

  describe('warnings', () => {
    test('warns about TLS versions below 1.2 without cipher suites', () => {
      const { chart, gw } = gateway();
      gw.addHttpsServer({ hosts: ['a.example.com'], tls: GatewayTls.fromCredentialName('a-tls', { minProtocolVersion: TlsProtocolVersion.TLSV1_0 }) });
      expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/Public\] servers\[0\]\.tls\.minProtocolVersion is TLSV1_0 without cipherSuites/)]);
    });
    test('warns about UDP servers', () => {
      const { chart, gw } = gateway();
      gw.addServer({ port: 53, protocol: GatewayProtocol.UDP, hosts: ['dns.example.com'] });
      expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/UDP/)]);
    });
    test('warns when MUTUAL uses an ACME certificate without a client CA (at synth: the issuer is another object)', () => {
      const { app, chart, gw } = gateway();
      const cert = certificate(chart, 'Shop', { issuer: acmeIssuer(chart) });
      gw.addHttpsServer({ tls: GatewayTls.mutual(cert) });
      expect(synthErrors(app)).toEqual([]);
      expect(Warnings.collect(app)).toEqual([
        expect.stringMatching(/^\[test\/Public\] MUTUAL with the ACME certificate \S+: .*no ca\.crt.*"shop-tls-cacert" exists in namespace "istio-system" \(servers\[0\]\.tls\.mode: "MUTUAL"\) — set caCertCredentialName/),
      ]);
      gw.addHttpsServer({ port: 8443, tls: GatewayTls.mutual(cert, { caCertCredentialName: 'clients-ca' }) });
      expect(synthErrors(app)).toEqual([]);
      expect(Warnings.collect(app)).toHaveLength(1);
    });

    test('no client-CA warning when the app writes <credentialName>-cacert, or the issuer is not ACME', () => {
      const { app, chart, gw } = gateway();
      const cert = certificate(chart, 'Shop', { issuer: acmeIssuer(chart) });
      certificate(chart, 'ClientCa', { secretName: 'shop-tls-cacert', dnsNames: ['ca.example.com'] });
      gw.addHttpsServer({ tls: GatewayTls.mutual(cert) });
      gw.addHttpsServer({ port: 8443, hosts: ['shop.example.com'], tls: GatewayTls.optionalMutual(certificate(chart, 'Own', { dnsNames: ['shop.example.com'] })) });
      expect(synthErrors(app)).toEqual([]);
      expect(Warnings.collect(app)).toEqual([]);
    });
  });
});

describe('Gateway wiring (synth)', () => {
  test('fails if the gateway has no server', () => {
    const { app } = gateway();
    expectSynthFailure(app, { path: 'test/Public', field: 'servers', value: '[]', problem: 'gateway must have at least one server', fix: 'pass servers or call addServer()' });
  });

  test('fails if the certificate is not in the gateway workload namespace (istio/istio#27740)', () => {
    const { app, chart } = newChart('web');
    const gw = new Gateway(chart, 'Gw', { workloadNamespace: 'istio-system' });
    const cert = certificate(chart, 'Shop', { namespace: 'web' });
    gw.addHttpsServer({ tls: GatewayTls.simple(cert) });
    expectSynthFailure(app, {
      path: 'test/Gw', field: 'servers[0].tls.certificate', value: '"web/shop-tls"', problem: 'Istio reads credentialName from the gateway workload namespace "istio-system"',
      fix: 'create the Certificate in namespace "istio-system" (metadata.namespace), or correct workloadNamespace if the gateway pods run in "web"',
    });
  });

  test('without workloadNamespace, the namespace error offers workloadNamespace first (Gateway with the app, pods in istio-system)', () => {
    const { app, chart } = newChart('web');
    const gw = new Gateway(chart, 'Gw');
    gw.addHttpsServer({ tls: GatewayTls.simple(certificate(chart, 'Shop', { namespace: 'istio-system' })) });
    expectSynthFailure(app, {
      path: 'test/Gw', field: 'servers[0].tls.certificate', value: '"istio-system/shop-tls"',
      problem: 'Istio reads credentialName from the gateway workload namespace "web" (istio/istio#27740); workloadNamespace is not set, so it is taken to be the Gateway\'s own namespace',
      fix: 'set workloadNamespace: "istio-system" on the gateway if its pods run there (the Gateway object may stay in "web"), or else create the Certificate in namespace "web" (metadata.namespace)',
    });
  });

  test('fails if two servers of one gateway have the same host on a port with TLS settings (Istio drops the later server)', () => {
    const { chart, gw } = gateway();
    const a = certificate(chart, 'A', { dnsNames: ['*.example.com'] });
    const b = certificate(chart, 'B', { dnsNames: ['shop.example.com', 'api.example.com'] });
    gw.addHttpsServer({ hosts: ['shop.example.com'], tls: GatewayTls.simple(a) });
    expectFailure(() => gw.addHttpsServer({ hosts: ['api.example.com', 'shop.example.com'], tls: GatewayTls.simple(b) }), {
      path: 'test/Public', field: 'servers[1].hosts[1]', value: '"shop.example.com"',
      problem: 'servers[0] of this gateway already has this host on port 443 with TLS settings', fix: 'serve each host from one server per port',
    });
    expectFailure(() => gw.addHttpsServer({ hosts: ['istio-system/shop.example.com'], tls: GatewayTls.simple(b) }), {
      path: 'test/Public', field: 'servers[1].hosts[0]', value: '"istio-system/shop.example.com"',
      problem: /already has this host \(as "shop.example.com"\) on port 443 with TLS settings: both servers would claim the SNI name "shop.example.com" on the port's listener/,
      fix: 'serve each host from one server per port',
    });
    gw.addHttpServer({ hosts: ['./shop.example.com'], httpsRedirect: true });
    expectFailure(() => gw.addHttpServer({ hosts: ['istio-system/shop.example.com'], httpsRedirect: true, portName: 'again' }), {
      path: 'test/Public', field: 'servers[2].hosts[0]', value: '"istio-system/shop.example.com"', problem: /\(its redirect included\) would be ignored /, fix: 'serve each host from one server per port',
    });
  });

  test('no duplicate-host error for other ports, plain HTTP servers, or a wildcard next to a name it covers', () => {
    const { app, chart, gw } = gateway();
    const wild = certificate(chart, 'Wild', { dnsNames: ['*.example.com'] });
    gw.addHttpsServer({ hosts: ['*.example.com'], tls: GatewayTls.simple(wild) });
    gw.addHttpsServer({ hosts: ['shop.example.com'], tls: GatewayTls.simple(certificate(chart, 'Shop')) });
    gw.addHttpsServer({ hosts: ['shop.example.com'], port: 8443, tls: GatewayTls.simple(wild) });
    gw.addHttpServer({ hosts: ['shop.example.com'] });
    gw.addHttpServer({ hosts: ['shop.example.com'], httpsRedirect: true, portName: 'redirect' });
    gw.addHttpServer({ hosts: ['web/shop.example.com'], httpsRedirect: true, portName: 'redirect-web' });
    expect(synthErrors(app)).toEqual([]);
  });

  test('fails if the certificate does not cover the server hosts (wildcards cover one label)', () => {
    const { app, chart, gw } = gateway();
    const cert = certificate(chart, 'Apps', { dnsNames: ['*.apps.example.com'] });
    gw.addHttpsServer({ hosts: ['a.apps.example.com', 'x.y.apps.example.com', 'ns1/b.apps.example.com'], tls: GatewayTls.simple(cert) });
    expectSynthFailure(app, {
      path: 'test/Public', field: 'servers[0].hosts', value: '["x.y.apps.example.com"]', problem: 'does not cover these server hosts',
      fix: 'add the hosts to the certificate\'s dnsNames (a wildcard "*.example.com" covers exactly one label) or remove them from the server',
    });
  });

  test('fails if a server host "*" is to be covered by a certificate', () => {
    const { app, chart, gw } = gateway();
    const cert = certificate(chart, 'Shop');
    gw.addHttpsServer({ hosts: ['*'], tls: GatewayTls.simple(cert) });
    expectSynthFailure(app, { path: 'test/Public', field: 'servers[0].hosts', value: '["*"]', fix: 'a host "*" cannot be covered by any certificate' });
  });

  test('fails if certificate and gateway render for different clusters', () => {
    const app = newChart().app;
    const a = new Chart(app, 'a');
    a.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a');
    const b = new Chart(app, 'b');
    b.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-b');
    const cert = certificate(a, 'Shop', { namespace: 'default' });
    const gw = new Gateway(b, 'Gw');
    gw.addHttpsServer({ tls: GatewayTls.simple(cert) });
    expectSynthFailure(app, { path: 'b/Gw', field: 'servers[0].tls.certificate', value: '"a/Shop"', problem: 'cluster "cluster-a"', fix: 'create the Certificate in the same cluster as the gateway' });
  });

  test('fails if two gateways with the same selector claim the same host on the same port (IST0145)', () => {
    const { app, chart } = newChart('istio-system');
    const one = new Gateway(chart, 'One');
    const two = new Gateway(chart, 'Two');
    one.addHttpServer({ hosts: ['shop.example.com'] });
    two.addHttpServer({ hosts: ['shop.example.com'] });
    const message = expectSynthFailure(app, {
      path: 'test/Two', field: 'servers[0].hosts[0]', value: '"shop.example.com"', problem: 'overlaps a host of gateway istio-system/one (test/One) on port 80',
      fix: 'merge the servers into one istio.Gateway (addServer on a single gateway) or use distinct hosts',
    });
    // reported once, on the later gateway, naming the earlier one
    expect(message.match(/IST0145/g)).toHaveLength(1);
  });

  test('fails if a wildcard host of one gateway overlaps a host of another (the seed\'s acme gateway on "*")', () => {
    const { app, chart } = newChart('istio-system');
    const acme = new Gateway(chart, 'Acme');
    acme.addHttpServer({ hosts: ['*'], portName: 'http-acme' });
    const site = new Gateway(chart, 'Site');
    site.addHttpServer({ hosts: ['app.example.com', 'api.example.com'] });
    const message = expectSynthFailure(app, { path: 'test/Site', field: 'servers[0].hosts[1]', value: '"api.example.com"', problem: 'gateway istio-system/acme', fix: 'merge the servers' });
    expect(message.match(/IST0145/g)).toHaveLength(2);
  });

  test('no IST0145 across ports, selectors, workload namespaces or clusters, nor within one gateway', () => {
    const { app, chart } = newChart('istio-system');
    new Gateway(chart, 'A').addHttpServer({ hosts: ['shop.example.com'] });
    new Gateway(chart, 'B').addHttpServer({ hosts: ['shop.example.com'], port: 8080 });
    new Gateway(chart, 'C', { selector: { istio: 'internal' } }).addHttpServer({ hosts: ['shop.example.com'] });
    new Gateway(chart, 'D', { workloadNamespace: 'istio-ingress' }).addHttpServer({ hosts: ['shop.example.com'] });
    new Gateway(chart, 'E').addHttpServer({ hosts: ['other.example.com'] });
    const self = new Gateway(chart, 'F');
    self.addHttpServer({ hosts: ['x.example.com'] });
    self.addHttpServer({ hosts: ['x.example.com'], portName: 'again' });
    const other = new Chart(app, 'other');
    other.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-b');
    new Gateway(other, 'A', { metadata: { namespace: 'istio-system' } }).addHttpServer({ hosts: ['shop.example.com'] });
    expect(synthErrors(app)).toEqual([]);
  });

  // istio/istio pilot/pkg/model/gateway.go (1.30.3), gatewayRDSRouteName: "each filter chain in the
  // multi-filter-chain listener will have a distinct RDS route name ... so that when a RDS request comes
  // in, we serve the virtual hosts and associated routes for that server" -- a reused HTTP/2 connection
  // carries requests for the other server's hosts into a route table without them: 404 (envoyproxy/envoy#6767).
  test('warns if two HTTPS servers of one gateway share a credentialName on one port (each server has its own route table)', () => {
    const { app, chart } = newChart('istio-system');
    const cert = certificate(chart, 'Wild', { dnsNames: ['*.example.com'] });
    const gw = new Gateway(chart, 'Web');
    gw.addHttpsServer({ hosts: ['a.example.com'], portName: 'https-a', tls: GatewayTls.simple(cert) });
    gw.addHttpsServer({ hosts: ['b.example.com'], portName: 'https-b', tls: GatewayTls.simple(cert) });
    // another port, or a passthrough server, has no shared route table to miss
    gw.addHttpsServer({ hosts: ['c.example.com'], port: 8443, tls: GatewayTls.simple(cert) });
    expect(synthErrors(app)).toEqual([]);
    const warnings = Warnings.collect(app);
    expect(warnings).toHaveLength(1);
    expectMessage(warnings[0], {
      path: 'test/Web', field: 'servers[1].tls.certificate', value: '"wild-tls"',
      problem: 'servers[0] of this gateway (port name "https-a", hosts ["a.example.com"]) serves the same certificate on port 443: Istio gives every HTTPS server its own route table behind its own SNI filter chain, so a browser reusing an HTTP/2 connection opened for a host of one server gets 404 for the hosts of the other',
      fix: 'put the hosts in one server (gateway.addServerHosts("https-a", hosts) instead of another server), or give each server its own certificate',
    });
  });

  test('addServerHosts() adds hosts to a server (the fix for the shared certificate: one server, no warning)', () => {
    const { app, chart } = newChart('istio-system');
    const cert = certificate(chart, 'Wild', { dnsNames: ['*.example.com'] });
    const gw = new Gateway(chart, 'Web');
    gw.addHttpsServer({ hosts: ['a.example.com'], portName: 'https', tls: GatewayTls.simple(cert) });
    const server = gw.addServerHosts('https', ['b.example.com', 'a.example.com', 'b.example.com']);
    expect(server.hosts).toEqual(['a.example.com', 'b.example.com']);
    expect(gw.servers).toEqual([server]);
    expect(synthErrors(app)).toEqual([]);
    expect(Warnings.collect(app)).toEqual([]);
    expect(Testing.synth(chart).find((o) => o.kind === 'Gateway').spec.servers).toEqual([
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['a.example.com', 'b.example.com'], tls: expect.objectContaining({ mode: 'SIMPLE', credentialName: 'wild-tls' }) },
    ]);
  });

  test('addServerHosts() checks the server name and the hosts as addServer() does', () => {
    const { chart } = newChart('istio-system');
    const cert = certificate(chart, 'Wild', { dnsNames: ['*.example.com'] });
    const gw = new Gateway(chart, 'Web');
    gw.addHttpsServer({ hosts: ['a.example.com'], portName: 'https-a', tls: GatewayTls.simple(cert) });
    gw.addHttpsServer({ hosts: ['b.example.com'], port: 8443, portName: 'https-b', tls: GatewayTls.simple(cert) });
    expectFailure(() => gw.addServerHosts('https', ['c.example.com']), {
      path: 'test/Web', field: 'portName', value: '"https"', problem: 'no server of this gateway has this port name', fix: 'use one of "https-a", "https-b"',
    });
    expectFailure(() => gw.addServerHosts('https-a', ['c.example.com:443']), { path: 'test/Web', field: 'servers[0].hosts[1]', value: '"c.example.com:443"', fix: /./ });
    expectFailure(() => gw.addServerHosts('https-a', []), { path: 'test/Web', field: 'servers[0].hosts', value: '[]', fix: 'list at least one host, e.g. ["shop.example.com"]' });
    gw.addHttpsServer({ hosts: ['d.example.com'], portName: 'https-d', tls: GatewayTls.simple(cert) });
    // a host another TLS server of the port already has (pilot/pkg/model/gateway.go CheckDuplicates)
    expectFailure(() => gw.addServerHosts('https-a', ['d.example.com']), {
      path: 'test/Web', field: 'servers[0].hosts[1]', value: '"d.example.com"', problem: 'servers[2] of this gateway already has this host on port 443', fix: /^serve each host from one server per port/,
    });
  });

  test('warns if two gateways with overlapping selectors share a credentialName (IST0138)', () => {
    const { app, chart } = newChart('istio-system');
    const cert = certificate(chart, 'Wild', { dnsNames: ['*.example.com'] });
    new Gateway(chart, 'A').addHttpsServer({ hosts: ['a.example.com'], tls: GatewayTls.simple(cert) });
    new Gateway(chart, 'B', { selector: { istio: 'ingressgateway', app: 'x' } }).addHttpsServer({ hosts: ['b.example.com'], tls: GatewayTls.simple(cert) });
    new Gateway(chart, 'C', { selector: { istio: 'other' } }).addHttpsServer({ hosts: ['c.example.com'], tls: GatewayTls.simple(cert) });
    expect(synthErrors(app)).toEqual([]);
    expect(Warnings.collect(app)).toEqual([
      expect.stringMatching(/^\[test\/B\] the same credentialName is also used by gateway istio-system\/a \(test\/A\), whose selector overlaps: .*\(IST0138\) \(servers\[0\]\.tls\.certificate: "wild-tls"\) — serve these hosts from one server of one istio\.Gateway/),
    ]);
  });
});
