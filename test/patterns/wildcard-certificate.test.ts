import {
  AcmeSolver, ClusterIssuer, Dns01Provider, Issuer, IssuerConfig, LetsEncryptEnvironment, PrivateKeyAlgorithm,
} from '../../src/cert-manager';
import { Gateway, ListenerProtocol } from '../../src/gateway-api';
import { Gateway as IstioGateway, TlsProtocolVersion } from '../../src/istio';
import { AcmeIssuerChoice, HttpsRedirectGateway, WildcardCertificate } from '../../src/patterns';
import { Warnings } from '../../src/validation';
import { doc, docs, expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';

const ROUTE53 = Dns01Provider.route53({ region: 'ca-central-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKeySecretRef: { name: 'prod-route53-credentials-secret', key: 'secret-access-key' } });
const CLOUDFLARE = Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } });

describe('WildcardCertificate', () => {
  test('issues *.zone over DNS-01 from a Let\'s Encrypt issuer it creates (staging by default)', () => {
    const { chart } = newChart();
    const wc = new WildcardCertificate(chart, 'Wildcard', {
      metadata: { namespace: 'istio-system' }, zone: 'example.com', issuer: AcmeIssuerChoice.letsEncrypt(), dns01: CLOUDFLARE,
    });
    const all = synthValid(chart);
    expect(wc.dnsNames).toEqual(['*.example.com']);
    expect(wc.secretName).toBe('wildcard-tls');
    expect(wc.namespace).toBe('istio-system');
    expect(wc.environment).toBe(LetsEncryptEnvironment.STAGING);
    const cert = doc(all, 'Certificate');
    // the label selects the issuer's one DNS-01 solver for these provider settings, shared by every zone
    expect(cert.metadata).toEqual({ name: 'wildcard', namespace: 'istio-system', labels: { 'acme.cdk8s-istio-tls.io/dns01-solver': expect.stringMatching(/^cloudflare-[0-9a-f]{10}$/) } });
    expect(cert.spec).toMatchObject({ dnsNames: ['*.example.com'], secretName: 'wildcard-tls', issuerRef: { kind: 'Issuer', name: 'wildcard-letsencrypt-staging' } });
    const issuer = doc(all, 'Issuer');
    expect(issuer.metadata.namespace).toBe('istio-system');
    expect(issuer.spec.acme.solvers).toEqual([{
      selector: { matchLabels: cert.metadata.labels },
      dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } },
    }]);
  });

  test('apex and additional names (seed 001: many names, one Secret): one solver selected by the Certificate\'s label serves every name', () => {
    const { chart } = newChart();
    const wc = new WildcardCertificate(chart, 'DomainIngressCerts', {
      metadata: { namespace: 'istio-system' }, zone: 'domain.com', includeApex: true, additionalDnsNames: ['www.otherdomain.com', 'a.b.domain.com'],
      issuer: AcmeIssuerChoice.letsEncrypt({ environment: LetsEncryptEnvironment.PRODUCTION, clusterIssuer: true, name: 'letsencrypt-prod' }),
      dns01: ROUTE53, secretName: 'istio-ingressgateway-certs',
    });
    const all = synthValid(chart);
    expect(wc.dnsNames).toEqual(['*.domain.com', 'domain.com', 'www.otherdomain.com', 'a.b.domain.com']);
    expect(doc(all, 'Certificate').spec.secretName).toBe('istio-ingressgateway-certs');
    const solvers = doc(all, 'ClusterIssuer').spec.acme.solvers;
    expect(solvers.map((s: any) => s.selector)).toEqual([{ matchLabels: doc(all, 'Certificate').metadata.labels }]);
    for (const name of wc.dnsNames) expect(wc.issuer!.solverFor(name, wc.certificate.labels)).toBe(wc.solvers[0]);
    expect(solvers[0].dns01.route53).toEqual({ region: 'ca-central-1', accessKeyID: 'AKIAIOSFODNN7EXAMPLE', secretAccessKeySecretRef: { name: 'prod-route53-credentials-secret', key: 'secret-access-key' } });
  });

  test('one issuer serves several zones through different providers, one solver per provider selected by label (seed 003)', () => {
    const { chart } = newChart('istio-system');
    const dns = new ClusterIssuer(chart, 'LetsencryptDns01', { config: IssuerConfig.letsEncrypt({ environment: LetsEncryptEnvironment.PRODUCTION }) });
    const a = new WildcardCertificate(chart, 'Example', { zone: 'example.com', includeApex: true, issuer: AcmeIssuerChoice.fromIssuer(dns), dns01: CLOUDFLARE });
    const b = new WildcardCertificate(chart, 'Aws', { zone: 'aws-example.com', issuer: AcmeIssuerChoice.fromIssuer(dns), dns01: Dns01Provider.route53({ region: 'us-east-1', role: 'arn:aws:iam::123456789012:role/cert-manager-route53' }) });
    const c = new WildcardCertificate(chart, 'Gcp', { zone: 'gcp-example.com', issuer: AcmeIssuerChoice.fromIssuer(dns), dns01: Dns01Provider.cloudDns({ project: 'my-gcp-project', serviceAccountSecretRef: { name: 'gcp-dns-credentials', key: 'credentials.json' } }) });
    const all = synthValid(chart);
    expect(doc(all, 'ClusterIssuer').spec.acme.solvers.map((s: any) => Object.keys(s.dns01)[0])).toEqual(['cloudflare', 'route53', 'cloudDNS']);
    expect(dns.solverFor('*.example.com', a.certificate.labels)).toBe(a.solvers[0]);
    expect(dns.solverFor('example.com', a.certificate.labels)).toBe(a.solvers[0]);
    expect(dns.solverFor('*.aws-example.com', b.certificate.labels)).toBe(b.solvers[0]);
    expect(dns.solverFor('*.gcp-example.com', c.certificate.labels)).toBe(c.solvers[0]);
    // a second zone with the same provider settings uses the same solver
    const d = new WildcardCertificate(chart, 'More', { zone: 'more-example.com', issuer: AcmeIssuerChoice.fromIssuer(dns), dns01: CLOUDFLARE });
    expect(d.solvers[0]).toBe(a.solvers[0]);
    expect(dns.acmeSolvers).toHaveLength(3);
    expect(docs(all, 'Certificate').map((d) => d.spec.issuerRef.name)).toEqual(['letsencrypt-dns01', 'letsencrypt-dns01', 'letsencrypt-dns01']);
  });

  test('uses an issuer that already selects a DNS-01 solver, and a CA issuer without any challenge', () => {
    const { chart } = newChart('istio-system');
    const dns = new ClusterIssuer(chart, 'Dns', { config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(CLOUDFLARE)] }) });
    const ca = new Issuer(chart, 'Ca', { config: IssuerConfig.ca({ secretName: 'internal-ca' }) });
    const a = new WildcardCertificate(chart, 'Public', { zone: 'example.com', issuer: AcmeIssuerChoice.fromIssuer(dns) });
    new WildcardCertificate(chart, 'Internal', { zone: 'corp.internal', issuer: AcmeIssuerChoice.fromIssuer(ca) });
    const all = synthValid(chart);
    expect(a.solvers).toEqual([]);
    expect(doc(all, 'ClusterIssuer').spec.acme.solvers).toHaveLength(1);
    expect(docs(all, 'Certificate').map((d) => d.spec.issuerRef.kind)).toEqual(['ClusterIssuer', 'Issuer']);
  });

  test('implements ICertificate and reads back what it renders', () => {
    const { chart } = newChart('istio-system');
    const wc = new WildcardCertificate(chart, 'W', { zone: 'example.com', issuer: AcmeIssuerChoice.letsEncrypt(), dns01: CLOUDFLARE, privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 2048 } });
    expect(wc.certificate.dnsNames).toEqual(wc.dnsNames);
    expect(wc.issuer).toBe(wc.certificate.issuer);
    expect(wc.zone).toBe('example.com');
    expect(doc(synthValid(chart), 'Certificate').spec.privateKey).toMatchObject({ algorithm: 'RSA', size: 2048 });
  });

  // Istio gives every HTTPS server its own route table (istio/istio pilot/pkg/model/gateway.go,
  // gatewayRDSRouteName): hosts sharing the certificate go into one server, or a reused HTTP/2
  // connection gets 404 for the hosts of the other server.
  test('serves one Secret from one server of one IstioGateway: later calls add their hosts to it (no IST0138/IST0145, no shared-certificate warning)', () => {
    const { app, chart } = newChart();
    const wc = new WildcardCertificate(chart, 'Certs', { metadata: { namespace: 'istio-system' }, zone: 'domain.com', additionalDnsNames: ['www.otherdomain.com'], issuer: AcmeIssuerChoice.letsEncrypt(), dns01: ROUTE53 });
    const gw = new IstioGateway(chart, 'WebGateway', { metadata: { namespace: 'test' }, workloadNamespace: 'istio-system' });
    gw.addHttpServer({ hosts: ['my.domain.com'] });
    wc.addIstioServer(gw, { hosts: ['my.domain.com'], portName: 'https' });
    wc.addIstioServer(gw, { hosts: ['www.otherdomain.com'] });
    const server = wc.addIstioServer(gw, { hosts: ['api.domain.com', 'my.domain.com'], portName: 'https' });
    expect(server).toMatchObject({ portName: 'https', credentialName: 'certs-tls', hosts: ['my.domain.com', 'www.otherdomain.com', 'api.domain.com'] });
    const all = synthValid(chart);
    const servers = doc(all, 'Gateway').spec.servers;
    expect(servers.map((s: any) => [s.port.name, s.port.number, s.hosts, s.tls?.credentialName, s.tls?.mode])).toEqual([
      ['http-80-my', 80, ['my.domain.com'], undefined, undefined],
      ['https', 443, ['my.domain.com', 'www.otherdomain.com', 'api.domain.com'], 'certs-tls', 'SIMPLE'],
    ]);
    expect(Warnings.collect(app)).toEqual([]);
  });

  test('another portName or other TLS options make a separate server, which the synth warns about', () => {
    const { app, chart } = newChart();
    const wc = new WildcardCertificate(chart, 'Certs', { metadata: { namespace: 'istio-system' }, zone: 'domain.com', issuer: AcmeIssuerChoice.letsEncrypt(), dns01: ROUTE53 });
    const gw = new IstioGateway(chart, 'Web', { metadata: { namespace: 'istio-system' } });
    wc.addIstioServer(gw, { hosts: ['a.domain.com'], portName: 'https-a' });
    wc.addIstioServer(gw, { hosts: ['b.domain.com'], portName: 'https-b' });
    wc.addIstioServer(gw, { hosts: ['c.domain.com'], tls: { minProtocolVersion: TlsProtocolVersion.TLSV1_3 } });
    expect(docs(synthValid(chart), 'Gateway')[0].spec.servers.map((s: any) => s.port.name)).toEqual(['https-a', 'https-b', 'https-443-c']);
    expect(Warnings.collect(app)).toEqual([
      expect.stringMatching(/^\[test\/Web\] servers\[0\] of this gateway \(port name "https-a", hosts \["a\.domain\.com"\]\) serves the same certificate on port 443: .* \(servers\[1\]\.tls\.certificate: "certs-tls"\) — put the hosts in one server/),
      expect.stringMatching(/^\[test\/Web\] servers\[0\] of this gateway .* \(servers\[2\]\.tls\.certificate: "certs-tls"\) — put the hosts in one server \(gateway\.addServerHosts\("https-a", hosts\)/),
    ]);
  });

  test('serves the certificate from HTTPS listeners of several Gateway API Gateways (a ReferenceGrant for the one in another namespace)', () => {
    const { chart } = newChart();
    const wc = new WildcardCertificate(chart, 'Certs', { metadata: { namespace: 'gw' }, zone: 'example.com', includeApex: true, issuer: AcmeIssuerChoice.letsEncrypt(), dns01: CLOUDFLARE });
    const a = new Gateway(chart, 'A', { metadata: { namespace: 'gw' }, listeners: [{ name: 'http', protocol: ListenerProtocol.HTTP }] });
    const b = new Gateway(chart, 'B', { metadata: { namespace: 'other' } });
    const l = wc.addGatewayApiListener(a, { hostname: '*.example.com' });
    wc.addGatewayApiListener(b, { name: 'https-apex', hostname: 'example.com', port: 8443 });
    expect(l).toMatchObject({ name: 'https', port: 443, hostname: '*.example.com' });
    const all = synthValid(chart);
    const gws = docs(all, 'Gateway');
    expect(gws[0].spec.listeners[1].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'certs-tls' }]);
    expect(gws[1].spec.listeners[0]).toMatchObject({ name: 'https-apex', port: 8443, hostname: 'example.com', tls: { certificateRefs: [{ group: '', kind: 'Secret', name: 'certs-tls', namespace: 'gw' }] } });
    expect(doc(all, 'ReferenceGrant').metadata.namespace).toBe('gw');
  });

  test('shares an issuer with HttpsRedirectGateway: HTTP-01 for the exact names, DNS-01 for the wildcard', () => {
    const { chart } = newChart();
    const le = new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt() });
    const site = new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], workload: { namespace: 'istio-system' }, issuer: AcmeIssuerChoice.fromIssuer(le), routes: [{ serviceName: 'shop', port: 80 }] });
    const wc = new WildcardCertificate(chart, 'Apps', { metadata: { namespace: 'istio-system' }, zone: 'apps.example.com', issuer: AcmeIssuerChoice.fromIssuer(le), dns01: CLOUDFLARE });
    synthValid(chart);
    expect(le.solverFor('shop.example.com', site.certificate.labels)).toBe(site.solvers[0]);
    expect(le.solverFor('*.apps.example.com', wc.certificate.labels)).toBe(wc.solvers[0]);
  });
});

describe('WildcardCertificate validation', () => {
  const base = { zone: 'example.com', issuer: AcmeIssuerChoice.letsEncrypt(), dns01: CLOUDFLARE };

  test('fails if the zone is missing, a wildcard, or a top-level domain', () => {
    const { chart } = newChart();
    expectFailure(() => new WildcardCertificate(chart, 'A', { ...base, zone: undefined as any }), { path: 'test/A', field: 'zone', value: 'unset', fix: /"example\.com"/ });
    expectFailure(() => new WildcardCertificate(chart, 'B', { ...base, zone: '*.example.com' }), { path: 'test/B', field: 'zone', value: '"*.example.com"', fix: /without "\*\.": "example\.com"/ });
    expectFailure(() => new WildcardCertificate(chart, 'C', { ...base, zone: 'com' }), { path: 'test/C', field: 'zone', value: '"com"', problem: /top-level domain/, fix: /registered domain/ });
    expectFailure(() => new WildcardCertificate(chart, 'D', { ...base, zone: 'Example.com' }), { path: 'test/D', field: 'zone', value: '"Example.com"', fix: /lowercase DNS zone/ });
  });

  test('fails if an additional name is invalid or already covered', () => {
    const { chart } = newChart();
    expectFailure(() => new WildcardCertificate(chart, 'A', { ...base, additionalDnsNames: ['shop.example.com'] }), {
      path: 'test/A', field: 'additionalDnsNames[0]', value: '"shop.example.com"', problem: /already covered by "\*\.example\.com"/, fix: /remove it/,
    });
    expectFailure(() => new WildcardCertificate(chart, 'B', { ...base, includeApex: true, additionalDnsNames: ['example.com'] }), { path: 'test/B', field: 'additionalDnsNames[0]', problem: /already covered by "example\.com"/, fix: /remove it/ });
    expectFailure(() => new WildcardCertificate(chart, 'C', { ...base, additionalDnsNames: ['bad_name.org'] }), { path: 'test/C', field: 'additionalDnsNames[0]', value: '"bad_name.org"', fix: /lowercase name/ });
    expectFailure(() => new WildcardCertificate(chart, 'D', { ...base, additionalDnsNames: 'www.x.org' as any }), { path: 'test/D', field: 'additionalDnsNames', fix: /array/ });
    expectFailure(() => new WildcardCertificate(chart, 'E', { ...base, includeApex: 'yes' as any }), { path: 'test/E', field: 'includeApex', value: '"yes"', fix: /true or false/ });
  });

  test('fails if the created Let\'s Encrypt issuer has no DNS-01 provider', () => {
    const { chart } = newChart();
    expectFailure(() => new WildcardCertificate(chart, 'W', { zone: 'example.com', issuer: AcmeIssuerChoice.letsEncrypt() }), {
      path: 'test/W', field: 'dns01', value: 'unset', problem: /wildcard names can only be validated over DNS-01/, fix: /Dns01Provider\.route53/,
    });
    expectFailure(() => new WildcardCertificate(chart, 'X', { ...base, dns01: { route53: {} } as any }), { path: 'test/X', field: 'dns01', fix: /Dns01Provider factory/ });
    expectFailure(() => new WildcardCertificate(chart, 'Y', { zone: 'example.com', issuer: undefined as any }), { path: 'test/Y', field: 'issuer', value: 'unset', fix: /AcmeIssuerChoice/ });
  });

  test('factory values with a problem are reported with the pattern\'s path and the prop they were given in', () => {
    const { chart } = newChart();
    const badToken = Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: '' } });
    expectFailure(() => new WildcardCertificate(chart, 'A', { ...base, dns01: badToken }), {
      path: 'test/A', field: 'dns01.apiTokenSecretRef.key', value: '""', problem: /^\[test\/A\] Dns01Provider\.cloudflare: secret key is required/, fix: /key inside the Secret/,
    });
    expectFailure(() => new WildcardCertificate(chart, 'B', { ...base, issuer: AcmeIssuerChoice.letsEncrypt({ clusterIssuer: 'yes' as any }) }), {
      path: 'test/B', field: 'issuer.clusterIssuer', value: '"yes"', problem: /^\[test\/B\] AcmeIssuerChoice\.letsEncrypt: must be a boolean/, fix: /true or false/,
    });
  });

  test('fails if dns01 is given for an issuer the pattern cannot or need not add it to', () => {
    const { chart } = newChart();
    const imported = ClusterIssuer.fromClusterIssuerName(chart, 'Imported', 'corp-acme');
    expectFailure(() => new WildcardCertificate(chart, 'A', { ...base, issuer: AcmeIssuerChoice.fromIssuer(imported) }), {
      path: 'test/A', field: 'dns01', value: '"cloudflare"', problem: /defined outside the app/, fix: /leave dns01 out/,
    });
    const ca = new Issuer(chart, 'Ca', { config: IssuerConfig.ca({ secretName: 'ca' }) });
    expectFailure(() => new WildcardCertificate(chart, 'B', { ...base, issuer: AcmeIssuerChoice.fromIssuer(ca) }), { path: 'test/B', field: 'dns01', problem: /needs no challenge/, fix: /remove dns01/ });
  });

  test('warns when the issuer is defined outside the app', () => {
    const { app, chart } = newChart();
    const imported = ClusterIssuer.fromClusterIssuerName(chart, 'Imported', 'corp-acme');
    new WildcardCertificate(chart, 'W', { zone: 'example.com', issuer: AcmeIssuerChoice.fromIssuer(imported) });
    synthValid(chart);
    expect(Warnings.collect(app)).toEqual([expect.stringMatching(/^\[test\/W\] issuer ClusterIssuer\/corp-acme is defined outside the app: .*DNS-01/)]);
  });

  test('fails at synth if a wildcard name gets no DNS-01 solver (the Certificate\'s check, in the pattern)', () => {
    const { chart } = newChart();
    const http = new ClusterIssuer(chart, 'Http', { config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'istio' })] }) });
    new WildcardCertificate(chart, 'W', { zone: 'example.com', issuer: AcmeIssuerChoice.fromIssuer(http) });
    expectSynthFailure(chart, {
      path: 'test/W/Certificate', field: 'dnsNames[0]', value: '"*.example.com"', problem: /only an HTTP-01 solver matches/, fix: /AcmeSolver\.dns01/,
    });
  });

  test('warns when the issuer selects another solver than the pattern\'s for a name', () => {
    const { app, chart } = newChart();
    const le = new ClusterIssuer(chart, 'Le', {
      config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(ROUTE53, { selector: { dnsNames: ['*.example.com'] } })] }),
    });
    new WildcardCertificate(chart, 'W', { zone: 'example.com', issuer: AcmeIssuerChoice.fromIssuer(le), dns01: CLOUDFLARE });
    synthValid(chart);
    synthValid(chart);
    expect(Warnings.collect(app)).toEqual([expect.stringContaining('[test/W] ClusterIssuer "le" selects its solvers[0] (DNS-01 route53) for "*.example.com", not the cloudflare solver the pattern added')]);
  });

  test('fails if the certificate is served from two IstioGateways of the same pods (IST0138)', () => {
    const { chart } = newChart('istio-system');
    const wc = new WildcardCertificate(chart, 'W', base);
    const a = new IstioGateway(chart, 'GatewayMydomain');
    const b = new IstioGateway(chart, 'GatewayOtherdomain');
    wc.addIstioServer(a, { hosts: ['my.example.com'] });
    expectFailure(() => wc.addIstioServer(b, { hosts: ['other.example.com'] }), {
      path: 'test/W', field: 'istioGateways[1]', value: '"istio-system/gateway-otherdomain"', problem: /IST0138/, fix: 'add the hosts to istio-system/gateway-mydomain instead: addIstioServer() on it puts them in the server that already serves the certificate',
    });
    b.addHttpServer({ hosts: ['other.example.com'], httpsRedirect: true });
    // gateways of other pods may share it
    const c = new IstioGateway(chart, 'Internal', { selector: { istio: 'internal-gateway' } });
    wc.addIstioServer(c, { hosts: ['internal.example.com'] });
    synthValid(chart);
  });

  test('fails if a server or listener host is not covered by the certificate', () => {
    const { chart } = newChart('istio-system');
    const wc = new WildcardCertificate(chart, 'W', base);
    const gw = new IstioGateway(chart, 'Gw');
    expectFailure(() => wc.addIstioServer(gw, { hosts: ['a.b.example.com'] }), { path: 'test/W', field: 'istioGateways[0].hosts[0]', value: '"a.b.example.com"', problem: /exactly one label|not covered/, fix: /additionalDnsNames/ });
    expectFailure(() => wc.addIstioServer(gw, { hosts: [] }), { path: 'test/W', field: 'istioGateways[0].hosts', value: '[]', fix: /list the hosts/ });
    expectFailure(() => wc.addIstioServer({} as any), { path: 'test/W', field: 'istioGateways[0]', fix: /istio.Gateway construct/ });
    const g = new Gateway(chart, 'Api');
    expectFailure(() => wc.addGatewayApiListener(g, { hostname: 'example.com' }), { path: 'test/W', field: 'hostname', value: '"example.com"', fix: /hostname the certificate covers/ });
    expectFailure(() => wc.addGatewayApiListener({} as any), { path: 'test/W', field: 'gateway', fix: /Gateway construct/ });
  });

  test('fails if a second server on one gateway repeats a host (Istio would drop it; the Istio Gateway\'s check)', () => {
    const { chart } = newChart('istio-system');
    const wc = new WildcardCertificate(chart, 'W', base);
    const gw = new IstioGateway(chart, 'Gw');
    wc.addIstioServer(gw);
    expectFailure(() => wc.addIstioServer(gw, { portName: 'https-again' }), {
      path: 'test/Gw', field: 'servers[1].hosts[0]', value: '"*.example.com"',
      problem: /servers\[0\] of this gateway already has this host on port 443 with TLS settings: Istio skips a later server/, fix: /serve each host from one server per port/,
    });
    wc.addIstioServer(gw, { hosts: ['api.example.com'] });
    synthValid(chart);
  });

  test('fails if the certificate is not in the namespace of the gateway pods (the Istio Gateway\'s check)', () => {
    const { chart } = newChart();
    const wc = new WildcardCertificate(chart, 'W', { ...base, metadata: { namespace: 'certs' } });
    const gw = new IstioGateway(chart, 'Gw', { metadata: { namespace: 'web' }, workloadNamespace: 'istio-system' });
    wc.addIstioServer(gw);
    expectSynthFailure(chart, { path: 'test/Gw', field: 'servers[0].tls.certificate', value: '"certs/w-tls"', problem: /gateway workload namespace "istio-system"/, fix: /namespace "istio-system"/ });
  });

  test('fails if the cipher suites of a server cannot be used with the key', () => {
    const { chart } = newChart('istio-system');
    const wc = new WildcardCertificate(chart, 'W', base);
    const gw = new IstioGateway(chart, 'Gw');
    expectFailure(() => wc.addIstioServer(gw, { tls: { cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256'] } }), {
      path: 'test/W', field: 'istioGateways[0].tls.cipherSuites', problem: /ECDSA key/, fix: /ECDHE-ECDSA/,
    });
  });

  test('fails at synth if two wildcard certificates write one Secret (the Certificate\'s check)', () => {
    const { chart } = newChart('istio-system');
    new WildcardCertificate(chart, 'A', { ...base, secretName: 'wildcard' });
    new WildcardCertificate(chart, 'B', { ...base, zone: 'example.org', secretName: 'wildcard' });
    expectSynthFailure(chart, { path: 'test/A/Certificate', field: 'secretName', value: '"wildcard"', problem: /write the same Secret/, fix: /own secretName/ });
  });
});
