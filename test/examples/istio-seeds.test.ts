// Issue #3 item 5: the Gateway / VirtualService / PeerAuthentication / AuthorizationPolicy
// configurations of seeds 001, 003 and 004 written with the L2 constructs
// (examples/istio-seed-00{1,3,4}-*). Each example renders with the seeds' names, namespaces,
// hosts and ports; where a seed shows a form today's Istio or cert-manager rejects (or one that
// cannot work), the example writes the valid form and a test here shows the seed's form is
// rejected with a helpful message. test/render.test.ts checks the committed dist/ (fresh synth,
// byte stability, upstream schemas).
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { AcmeSolver, Certificate, ClusterIssuer, Dns01Provider, IssuerConfig, LetsEncryptEnvironment, PrivateKeyAlgorithm } from '../../src/cert-manager';
import { AuthorizationPolicy, GatewayProtocol, GatewayTls, HttpMatch, Gateway as IstioGateway, VirtualService } from '../../src/istio';
import { Synthesis } from '../../src/core';
// the Gateway API family's checks (the challenge routes of gatewayHTTPRoute solvers) register when it loads; the package's entry point loads every family
import '../../src/gateway-api';
import { Warnings } from '../../src/validation';
import * as seed001 from '../../examples/istio-seed-001-gateways/main';
import * as seed003 from '../../examples/istio-seed-003-gateways/main';
import * as seed004 from '../../examples/istio-seed-004-policies/main';
import { traceHttp01 } from '../util/acme-trace';
import { expectFailure, expectSynthFailure, synthErrors } from '../util/expect';
import { buildTarget, documents, renderUnvalidated, ROOT } from '../util/render';
import { validateManifests } from '../util/schema';

interface Rendered {
  readonly apps: App[];
  /** Documents per output folder. */
  readonly folders: Map<string, any[]>;
}

/** Build and synthesize an example into a temporary folder. */
function render(name: string): Rendered {
  const { outdir, apps } = buildTarget({ name: `examples/${name}`, module: path.join(ROOT, 'examples', name, 'main.ts'), outdir: path.join('examples', name, 'dist') });
  for (const app of apps) app.synth();
  const folders = new Map<string, any[]>();
  for (const { file, doc } of documents(outdir)) {
    const folder = file.split(path.sep)[0];
    folders.set(folder, [...(folders.get(folder) ?? []), doc]);
  }
  return { apps, folders };
}

/** The one document of `kind` named `name` (and in `namespace`, for namespaced kinds). */
function find(docs: any[], kind: string, name: string, namespace?: string): any {
  const found = docs.filter((d) => d.kind === kind && d.metadata.name === name && d.metadata.namespace === namespace);
  expect({ kind, name, namespace, found: found.length }).toEqual({ kind, name, namespace, found: 1 });
  return found[0];
}

/** Plain objects of a YAML stream (a seed's manifests as written). */
function manifests(yaml: string): any[] {
  return YAML.parseAllDocuments(yaml).map((d) => d.toJSON());
}

describe('examples/istio-seed-001-gateways', () => {
  const { apps, folders } = render('istio-seed-001-gateways');

  test('two alternative folders: web-gateway/ and gateway-per-domain/', () => {
    expect([...folders.keys()].sort()).toEqual(['argocd', 'gateway-per-domain', 'web-gateway']);
    for (const docs of folders.values()) expect(validateManifests(docs)).toEqual([]);
  });

  test('web-gateway/: the seed\'s ClusterIssuer, Certificate, Gateway and VirtualServices with its names, hosts and ports', () => {
    const docs = folders.get('web-gateway')!;
    expect(docs.map((d) => `${d.kind} ${d.metadata.namespace ?? ''}/${d.metadata.name}`)).toEqual([
      'ClusterIssuer /letsencrypt-prod', 'Certificate istio-system/domain-ingress-certs',
      'Gateway test/web-gateway', 'VirtualService test/domain-http', 'VirtualService test/subnet-http',
    ]);
    const issuer = find(docs, 'ClusterIssuer', 'letsencrypt-prod');
    expect(issuer.spec.acme).toEqual({
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'me@ici.com',
      privateKeySecretRef: { name: 'letsencrypt-prod' },
      solvers: [{ dns01: { route53: { region: 'ca-central-1', accessKeyID: 'AKIAIOSFODNN7EXAMPLE', secretAccessKeySecretRef: { name: 'prod-route53-credentials-secret', key: 'secret-access-key' } } } }],
    });
    const cert = find(docs, 'Certificate', 'domain-ingress-certs', 'istio-system');
    expect(cert.spec).toMatchObject({
      secretName: 'istio-ingressgateway-certs',
      commonName: 'my.domain.com',
      dnsNames: ['my.domain.com', 'subnet.domain.com', 'www.otherdomain.com'],
      issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt-prod', group: 'cert-manager.io' },
    });
    expect(find(docs, 'Gateway', 'web-gateway', 'test').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { name: 'http', number: 80, protocol: 'HTTP' }, hosts: ['my.domain.com'] },
        {
          port: { name: 'https', number: 443, protocol: 'HTTPS' },
          hosts: ['my.domain.com', 'subnet.domain.com'],
          tls: { mode: 'SIMPLE', credentialName: 'istio-ingressgateway-certs', minProtocolVersion: 'TLSV1_2' },
        },
      ],
    });
    expect(find(docs, 'VirtualService', 'domain-http', 'test').spec).toEqual({
      gateways: ['test/web-gateway'],
      hosts: ['my.domain.com'],
      http: [{ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'my-http-service', port: { number: 1080 } } }] }],
    });
    expect(find(docs, 'VirtualService', 'subnet-http', 'test').spec).toEqual({
      gateways: ['test/web-gateway'],
      hosts: ['subnet.domain.com'],
      http: [{ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'subnet-http-service', port: { number: 1081 } } }] }],
    });
  });

  test('gateway-per-domain/: the 2018-08-22 update, two Gateways on 443 sharing the certificate', () => {
    const docs = folders.get('gateway-per-domain')!;
    const cert = find(docs, 'Certificate', 'domain-ingress-certs', 'istio-system');
    expect(cert.spec.dnsNames).toEqual(['my.domain.com', 'subnet.domain.com', 'www.otherdomain.com', 'other.domain.com']);
    for (const [name, port, host] of [['gateway-mydomain', 'https-mydomain', 'my.domain.com'], ['gateway-otherdomain', 'https-otherdomain', 'other.domain.com']]) {
      expect(find(docs, 'Gateway', name, 'test').spec.servers).toEqual([{
        port: { name: port, number: 443, protocol: 'HTTPS' },
        hosts: [host],
        tls: { mode: 'SIMPLE', credentialName: 'istio-ingressgateway-certs', minProtocolVersion: 'TLSV1_2' },
      }]);
    }
  });

  test('the shared certificate is shown as the IST0138 warning (report() prints it); web-gateway/ has none', () => {
    const [, web, perDomain] = apps; // apps[0] is the app-of-apps folder
    expect(Warnings.collect(web)).toEqual([]);
    expect(Warnings.collect(perDomain)).toEqual([
      expect.stringMatching(/^\[test\/GatewayOtherdomain\] the same credentialName is also used by gateway test\/gateway-mydomain .*\(IST0138\) \(servers\[0\]\.tls\.certificate: "istio-ingressgateway-certs"\) — serve these hosts from one server of one istio\.Gateway/),
    ]);
    expect(seed001.report(apps)).toMatch(/^warning: \[test\/GatewayOtherdomain\] .*IST0138/);
  });

  test('the merged form (one server of one Gateway serving both hosts, as web-gateway/) or one certificate per gateway has no warning; two servers of one Gateway do', () => {
    const merged = Testing.app();
    const cert = seed001.certificates(new Chart(merged, 'cert-manager'), ['my.domain.com', 'other.domain.com']);
    new IstioGateway(new Chart(merged, 'test', { namespace: 'test' }), 'Gateway', {
      workloadNamespace: 'istio-system',
      servers: [{ port: 443, portName: 'https', protocol: GatewayProtocol.HTTPS, hosts: ['my.domain.com', 'other.domain.com'], tls: GatewayTls.simple(cert) }],
    });
    expect(synthErrors(merged)).toEqual([]);
    expect(Warnings.collect(merged)).toEqual([]);

    // each HTTPS server has its own route table (istio pilot/pkg/model/gateway.go gatewayRDSRouteName): one Gateway is not enough
    const twoServers = Testing.app();
    const shared = seed001.certificates(new Chart(twoServers, 'cert-manager'), ['my.domain.com', 'other.domain.com']);
    new IstioGateway(new Chart(twoServers, 'test', { namespace: 'test' }), 'Gateway', {
      workloadNamespace: 'istio-system',
      servers: [
        { port: 443, portName: 'https-mydomain', protocol: GatewayProtocol.HTTPS, hosts: ['my.domain.com'], tls: GatewayTls.simple(shared) },
        { port: 443, portName: 'https-otherdomain', protocol: GatewayProtocol.HTTPS, hosts: ['other.domain.com'], tls: GatewayTls.simple(shared) },
      ],
    });
    expect(synthErrors(twoServers)).toEqual([]);
    expect(Warnings.collect(twoServers)).toEqual([
      expect.stringMatching(/^\[test\/Gateway\] servers\[0\] of this gateway \(port name "https-mydomain", hosts \["my\.domain\.com"\]\) serves the same certificate on port 443: .*\(servers\[1\]\.tls\.certificate: "istio-ingressgateway-certs"\) — put the hosts in one server/),
    ]);

    const separate = Testing.app();
    const chart = new Chart(separate, 'test', { namespace: 'test' });
    const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'Le', 'letsencrypt-prod');
    for (const [id, host] of [['Mydomain', 'my.domain.com'], ['Otherdomain', 'other.domain.com']]) {
      const own = new Certificate(chart, `${id}Cert`, { metadata: { namespace: 'istio-system' }, issuer, dnsNames: [host] });
      new IstioGateway(chart, `Gateway${id}`, {
        workloadNamespace: 'istio-system',
        servers: [{ port: 443, protocol: GatewayProtocol.HTTPS, hosts: [host], tls: GatewayTls.simple(own) }],
      });
    }
    expect(synthErrors(separate)).toEqual([]);
    expect(Warnings.collect(separate)).toEqual([]);
  });

  describe('the seed\'s forms are rejected with a helpful message', () => {
    function webGateway(props: { workloadNamespace?: string } = { workloadNamespace: 'istio-system' }) {
      const app = Testing.app();
      const cert = seed001.certificates(new Chart(app, 'cert-manager'), ['my.domain.com', 'subnet.domain.com', 'www.otherdomain.com']);
      const test = new Chart(app, 'test', { namespace: 'test' });
      const gateway = new IstioGateway(test, 'WebGateway', { metadata: { name: 'web-gateway' }, ...props });
      return { app, cert, test, gateway };
    }

    test('Gateway server hosts with ports (my.domain.com:443)', () => {
      const { cert, gateway } = webGateway();
      expectFailure(() => gateway.addServer({
        port: 443, portName: 'https', protocol: GatewayProtocol.HTTPS,
        hosts: ['my.domain.com', 'my.domain.com:443', 'subnet.domain.com', 'subnet.domain.com:443'], tls: GatewayTls.simple(cert),
      }), {
        path: 'test/WebGateway', field: 'servers[0].hosts[1]', value: '"my.domain.com:443"',
        problem: 'a host carries no port (Istio rejects "host:port"', fix: 'remove the port suffix: "my.domain.com"',
      });
    });

    test('VirtualService hosts with ports (my.domain.com:443)', () => {
      const { test, gateway } = webGateway();
      expectFailure(() => new VirtualService(test, 'DomainHttp', {
        metadata: { name: 'domain-http' }, gateways: [gateway], hosts: ['my.domain.com', 'my.domain.com:443'],
        httpRoutes: [{ matches: [HttpMatch.uriPrefix('/')], destinations: [{ host: 'my-http-service', port: 1080 }] }],
      }), {
        path: 'test/DomainHttp', field: 'hosts[1]', value: '"my.domain.com:443"',
        problem: 'a host carries no port', fix: 'remove the port suffix: "my.domain.com"',
      });
    });

    test('privateKey / serverCertificate file paths (/etc/istio/ingressgateway-certs/...) and seed 000\'s `sds` marker', () => {
      for (const value of ['/etc/istio/ingressgateway-certs/tls.key', '/etc/istio/ingressgateway-certs/tls.crt', 'sds']) {
        const { gateway } = webGateway();
        expectFailure(() => gateway.addHttpsServer({ hosts: ['my.domain.com'], tls: GatewayTls.fromCredentialName(value) }), {
          path: 'test/WebGateway', field: 'servers[0].tls.credentialName', value: JSON.stringify(value),
          problem: 'GatewayTls.fromCredentialName: file-based certificates (serverCertificate/privateKey paths, "sds") are not supported: Istio gateways load certificates by credentialName from a Secret',
          fix: 'create a cert-manager Certificate and use GatewayTls.simple(certificate)',
        });
      }
    });

    test('the seed\'s tls block as a plain object (JavaScript callers)', () => {
      const { gateway } = webGateway();
      const seedTls = { mode: 'SIMPLE', privateKey: '/etc/istio/ingressgateway-certs/tls.key', serverCertificate: '/etc/istio/ingressgateway-certs/tls.crt' };
      expectFailure(() => gateway.addServer({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['my.domain.com'], tls: seedTls as any }), {
        path: 'test/WebGateway', field: 'servers[0].tls', value: JSON.stringify(seedTls),
        problem: 'must be a GatewayTls', fix: 'use GatewayTls.simple(certificate)',
      });
    });

    test('the Gateway in `test` reading a Secret of istio-system needs the workload namespace, else synth explains istio/istio#27740', () => {
      const { app, cert, gateway } = webGateway({});
      gateway.addServer({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['my.domain.com', 'subnet.domain.com'], tls: GatewayTls.simple(cert) });
      expectSynthFailure(app, {
        path: 'test/WebGateway', field: 'servers[0].tls.certificate', value: '"istio-system/istio-ingressgateway-certs"',
        problem: 'Istio reads credentialName from the gateway workload namespace "test" (istio/istio#27740)',
        fix: 'set workloadNamespace: "istio-system" on the gateway if its pods run there (the Gateway object may stay in "test"), or else create the Certificate in namespace "test" (metadata.namespace)',
      });
    });

    test('the ClusterIssuer with `namespace: cert-manager`', () => {
      const chart = new Chart(Testing.app(), 'cert-manager');
      expectFailure(() => new ClusterIssuer(chart, 'LetsencryptProd', {
        metadata: { name: 'letsencrypt-prod', namespace: 'cert-manager' },
        config: IssuerConfig.letsEncrypt({ environment: LetsEncryptEnvironment.PRODUCTION, solvers: [AcmeSolver.dns01(Dns01Provider.route53({ region: 'ca-central-1' }))] }),
      }), { path: 'cert-manager/LetsencryptProd', field: 'metadata.namespace', value: '"cert-manager"', problem: 'ClusterIssuer is cluster-scoped and has no namespace', fix: 'remove metadata.namespace' });
    });

    test('cert-manager v1alpha1 fields (ClusterIssuer dns01.providers, Certificate acme.config) have no L2 equivalent; the API server rejects them', () => {
      const seed = manifests(`
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: {name: letsencrypt-prod}
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    email: me@ici.com
    privateKeySecretRef: {name: letsencrypt-prod}
    dns01:
      providers:
      - name: aws-dns-prod
        route53: {region: ca-central-1, accessKeyID: AKIAIOSFODNN7EXAMPLE, secretAccessKeySecretRef: {name: prod-route53-credentials-secret, key: secret-access-key}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: domain-ingress-certs, namespace: istio-system}
spec:
  acme:
    config:
    - dns01: {provider: aws-dns-prod}
      domains: [my.domain.com, subnet.domain.com, www.otherdomain.com]
  commonName: my.domain.com
  dnsNames: [my.domain.com, subnet.domain.com, www.otherdomain.com]
  issuerRef: {kind: ClusterIssuer, name: letsencrypt-prod}
  secretName: istio-ingressgateway-certs
`);
      expect(validateManifests(seed)).toEqual([
        'ClusterIssuer /letsencrypt-prod: /spec/acme must NOT have additional properties (dns01)',
        'Certificate istio-system/domain-ingress-certs: /spec must NOT have additional properties (acme)',
      ]);
    });

    test('the original Gateway and the update\'s gateway-mydomain in one cluster: both claim my.domain.com:443 (IST0145)', () => {
      const { app, cert, test, gateway } = webGateway();
      gateway.addServer({ port: 443, portName: 'https', protocol: GatewayProtocol.HTTPS, hosts: ['my.domain.com', 'subnet.domain.com'], tls: GatewayTls.simple(cert) });
      new IstioGateway(test, 'GatewayMydomain', {
        metadata: { name: 'gateway-mydomain' }, workloadNamespace: 'istio-system',
        servers: [{ port: 443, portName: 'https-mydomain', protocol: GatewayProtocol.HTTPS, hosts: ['my.domain.com'], tls: GatewayTls.simple(cert) }],
      });
      expectSynthFailure(app, {
        path: 'test/GatewayMydomain', field: 'servers[0].hosts[0]', value: '"my.domain.com"',
        problem: 'host overlaps a host of gateway test/web-gateway (test/WebGateway) on port 443',
        fix: 'merge the servers into one istio.Gateway (addServer on a single gateway) or use distinct hosts',
      });
    });

    test('the update\'s gateway-otherdomain with the seed\'s certificate, which does not name other.domain.com', () => {
      const { app, cert, test } = webGateway();
      new IstioGateway(test, 'GatewayOtherdomain', {
        metadata: { name: 'gateway-otherdomain' }, workloadNamespace: 'istio-system',
        servers: [{ port: 443, portName: 'https-otherdomain', protocol: GatewayProtocol.HTTPS, hosts: ['other.domain.com'], tls: GatewayTls.simple(cert) }],
      });
      expectSynthFailure(app, {
        path: 'test/GatewayOtherdomain', field: 'servers[0].hosts', value: '["other.domain.com"]',
        problem: 'does not cover these server hosts: clients get a name mismatch', fix: 'add the hosts to the certificate\'s dnsNames',
      });
    });
  });
});

describe('examples/istio-seed-003-gateways', () => {
  const { apps, folders } = render('istio-seed-003-gateways');
  const docs = folders.get('ingress')!;

  test('one folder, ingress/, schema-valid and without warnings', () => {
    expect([...folders.keys()]).toEqual(['argocd', 'ingress']);
    expect(validateManifests(docs)).toEqual([]);
    expect(apps.flatMap((a) => Warnings.collect(a))).toEqual([]);
    expect(seed003.report(apps)).toBe('');
  });

  test('istio-gateway: the seed\'s HTTPS server (TLS 1.2, its cipher suites) and HTTP redirect, hosts and ports', () => {
    const hosts = ['app.example.com', 'api.example.com', 'www.example.com'];
    expect(find(docs, 'Gateway', 'istio-gateway', 'istio-system').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { name: 'https', number: 443, protocol: 'HTTPS' },
          hosts,
          tls: {
            mode: 'SIMPLE', credentialName: 'gateway-tls-secret', minProtocolVersion: 'TLSV1_2',
            cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'],
          },
        },
        { port: { name: 'http', number: 80, protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
      ],
    });
  });

  test('mtls-gateway: MUTUAL on https-mtls for secure-api.example.com, its own certificate, client CA from a Secret', () => {
    expect(find(docs, 'Gateway', 'mtls-gateway', 'istio-system').spec.servers).toEqual([{
      port: { name: 'https-mtls', number: 443, protocol: 'HTTPS' },
      hosts: ['secure-api.example.com'],
      tls: { mode: 'MUTUAL', credentialName: 'secure-api-tls', caCertCredentialName: 'client-ca', minProtocolVersion: 'TLSV1_2' },
    }]);
    expect(find(docs, 'Certificate', 'secure-api-certificate', 'istio-system').spec).toMatchObject({ secretName: 'secure-api-tls', dnsNames: ['secure-api.example.com'] });
  });

  test('app-routes in default, bound to istio-system/istio-gateway: /api → api-service:8080, the rest → frontend-service:80', () => {
    expect(find(docs, 'VirtualService', 'app-routes', 'default').spec).toEqual({
      hosts: ['app.example.com'],
      gateways: ['istio-system/istio-gateway'],
      http: [
        { match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: 'api-service', port: { number: 8080 } } }] },
        { route: [{ destination: { host: 'frontend-service', port: { number: 80 } } }] },
      ],
    });
  });

  test('the seed\'s issuers and certificates (names, secrets, keys); the certificates validate over DNS-01', () => {
    expect(find(docs, 'ClusterIssuer', 'letsencrypt-staging').spec.acme).toMatchObject({
      server: 'https://acme-staging-v02.api.letsencrypt.org/directory', email: 'your-email@your-domain.com', privateKeySecretRef: { name: 'letsencrypt-staging-account-key' },
    });
    expect(find(docs, 'ClusterIssuer', 'letsencrypt-dns').spec.acme).toMatchObject({
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      privateKeySecretRef: { name: 'letsencrypt-dns-account-key' },
      solvers: [{
        dns01: { cloudflare: { email: 'your-cloudflare-email@example.com', apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } },
        selector: { dnsZones: ['example.com'] },
      }],
    });
    expect(find(docs, 'Certificate', 'gateway-certificate', 'istio-system').spec).toEqual({
      secretName: 'gateway-tls-secret',
      renewBefore: '720h0m0s',
      subject: { organizations: ['My Organization'] },
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS1', rotationPolicy: 'Always' },
      usages: ['server auth', 'client auth'],
      dnsNames: ['app.example.com', 'api.example.com', 'www.example.com'],
      issuerRef: { name: 'letsencrypt-staging', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect(find(docs, 'Certificate', 'wildcard-certificate', 'istio-system').spec).toMatchObject({
      secretName: 'wildcard-tls-secret', dnsNames: ['*.example.com', 'example.com'], privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      issuerRef: { name: 'letsencrypt-dns', kind: 'ClusterIssuer' },
    });
    for (const host of ['app.example.com', 'secure-api.example.com']) {
      const trace = traceHttp01(docs, { host });
      expect(trace.reachesSolver).toBe(false);
      expect(trace.reason).toMatch(/ and it is DNS-01: .* is validated through DNS, no HTTP-01 request is made$/);
    }
  });

  describe('the seed\'s forms are rejected with a helpful message', () => {
    function ingress() {
      const app = Testing.app();
      const issuers = seed003.letsEncryptIssuers(new Chart(app, 'issuers'));
      const certs = seed003.certificates(new Chart(app, 'certificates', { namespace: 'istio-system' }), issuers);
      const gateways = new Chart(app, 'gateways', { namespace: 'istio-system' });
      return { app, issuers, certs, gateways };
    }

    /** The seed's staging issuer (HTTP-01 via a Gateway API parent istio-system/istio-gateway) and gateway certificate. */
    function seedCertificate() {
      const app = Testing.app();
      const chart = new Chart(app, 'seed', { namespace: 'istio-system' });
      const issuer = new ClusterIssuer(chart, 'LetsencryptStaging', {
        metadata: { name: 'letsencrypt-staging' },
        config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'istio-gateway', namespace: 'istio-system', kind: 'Gateway' }] })] }),
      });
      new Certificate(chart, 'GatewayCertificate', { metadata: { name: 'gateway-certificate' }, issuer, secretName: 'gateway-tls-secret', dnsNames: ['app.example.com'] });
      return { app, chart };
    }

    test('MUTUAL with `caCertificates: /etc/istio/client-ca/ca.crt`: a file path is not a credential', () => {
      const { certs, gateways } = ingress();
      const gateway = new IstioGateway(gateways, 'MtlsGateway', { metadata: { name: 'mtls-gateway' } });
      expectFailure(() => gateway.addHttpsServer({ tls: GatewayTls.mutual(certs.secureApi, { caCertCredentialName: '/etc/istio/client-ca/ca.crt' }) }), {
        path: 'gateways/MtlsGateway', field: 'servers[0].tls.caCertCredentialName', value: '"/etc/istio/client-ca/ca.crt"',
        problem: 'GatewayTls.mutual: caCertCredentialName names a Secret holding the client CA bundle, not a file', fix: 'name the Secret (key `ca.crt`) holding the client CA',
      });
    });

    test('the seed\'s `caCertificates` key passed through (JavaScript callers) is not rendered; the Let\'s Encrypt Secret has no ca.crt, and the warning says where the client CA goes', () => {
      const { app, certs, gateways } = ingress();
      new IstioGateway(gateways, 'MtlsGateway', {
        metadata: { name: 'mtls-gateway' },
        servers: [{
          port: 443, portName: 'https-mtls', protocol: GatewayProtocol.HTTPS, hosts: ['secure-api.example.com'],
          tls: GatewayTls.mutual(certs.secureApi, { caCertificates: '/etc/istio/client-ca/ca.crt' } as any),
        }],
      });
      expect(synthErrors(app)).toEqual([]);
      expect(Warnings.collect(app)).toEqual([expect.stringMatching(new RegExp(
        `^\\[gateways/MtlsGateway\\] MUTUAL with the ACME certificate certificates/SecureApiCertificate: the Secret cert-manager writes for an ACME certificate has no ca\\.crt, .* \\(servers\\[0\\]\\.tls\\.mode: "MUTUAL"\\) — set caCertCredentialName to the Secret holding the client CA$`,
      ))]);
    });

    test('mtls-gateway serving secure-api.example.com with gateway-tls-secret, whose certificate does not name it', () => {
      const { app, certs, gateways } = ingress();
      new IstioGateway(gateways, 'MtlsGateway', {
        metadata: { name: 'mtls-gateway' },
        servers: [{
          port: 443, portName: 'https-mtls', protocol: GatewayProtocol.HTTPS, hosts: ['secure-api.example.com'],
          tls: GatewayTls.mutual(certs.gateway, { caCertCredentialName: 'client-ca' }),
        }],
      });
      expectSynthFailure(app, {
        path: 'gateways/MtlsGateway', field: 'servers[0].hosts', value: '["secure-api.example.com"]',
        problem: `certificate certificates/GatewayCertificate (dnsNames ["app.example.com","api.example.com","www.example.com"]) does not cover these server hosts`,
        fix: 'add the hosts to the certificate\'s dnsNames',
      });
    });

    test('adding secure-api.example.com to gateway-certificate instead still shares the Secret with istio-gateway (IST0138)', () => {
      const app = Testing.app();
      const issuers = seed003.letsEncryptIssuers(new Chart(app, 'issuers'));
      const chart = new Chart(app, 'gateways', { namespace: 'istio-system' });
      const shared = new Certificate(chart, 'GatewayCertificate', {
        metadata: { name: 'gateway-certificate' }, issuer: issuers.staging, secretName: 'gateway-tls-secret',
        privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 2048 },
        dnsNames: ['app.example.com', 'api.example.com', 'www.example.com', 'secure-api.example.com'],
      });
      new IstioGateway(chart, 'IstioGateway', {
        metadata: { name: 'istio-gateway' },
        servers: [{ port: 443, portName: 'https', protocol: GatewayProtocol.HTTPS, hosts: ['app.example.com'], tls: GatewayTls.simple(shared) }],
      });
      new IstioGateway(chart, 'MtlsGateway', {
        metadata: { name: 'mtls-gateway' },
        servers: [{
          port: 443, portName: 'https-mtls', protocol: GatewayProtocol.HTTPS, hosts: ['secure-api.example.com'],
          tls: GatewayTls.mutual(shared, { caCertCredentialName: 'client-ca' }),
        }],
      });
      expect(synthErrors(app)).toEqual([]);
      expect(Warnings.collect(app)).toEqual([expect.stringMatching(
        /^\[gateways\/MtlsGateway\] the same credentialName is also used by gateway istio-system\/istio-gateway .*\(IST0138\) \(servers\[0\]\.tls\.certificate: "gateway-tls-secret"\)/,
      )]);
    });

    test('acme-gateway (port 80, hosts "*") next to istio-gateway\'s port-80 server: IST0145', () => {
      const { app, certs, gateways } = ingress();
      const hosts = ['app.example.com', 'api.example.com', 'www.example.com'];
      new IstioGateway(gateways, 'IstioGateway', {
        metadata: { name: 'istio-gateway' },
        servers: [
          { port: 443, portName: 'https', protocol: GatewayProtocol.HTTPS, hosts, tls: GatewayTls.simple(certs.gateway) },
          { port: 80, portName: 'http', protocol: GatewayProtocol.HTTP, hosts, tls: GatewayTls.httpsRedirect() },
        ],
      });
      new IstioGateway(gateways, 'AcmeGateway', {
        metadata: { name: 'acme-gateway' },
        servers: [{ port: 80, portName: 'http-acme', protocol: GatewayProtocol.HTTP, hosts: ['*'] }],
      });
      expectSynthFailure(app, {
        path: 'gateways/IstioGateway', field: 'servers[1].hosts[0]', value: '"app.example.com"',
        problem: 'host overlaps a host of gateway istio-system/acme-gateway (gateways/AcmeGateway) on port 80 with the same selector',
        fix: 'merge the servers into one istio.Gateway',
      });
    });

    test('acme-challenge-route sends the challenge to Service `cm-acme-http-solver`, which never exists: cert-manager names it cm-acme-http-solver-<random>', () => {
      // the seed's issuer, certificate, acme-gateway and acme-challenge-route (synth accepts them: the
      // route is valid Istio; only following the challenge shows it cannot work)
      const { app, chart } = seedCertificate();
      const acme = new IstioGateway(chart, 'AcmeGateway', {
        metadata: { name: 'acme-gateway' },
        servers: [{ port: 80, portName: 'http-acme', protocol: GatewayProtocol.HTTP, hosts: ['*'] }],
      });
      new VirtualService(chart, 'AcmeChallengeRoute', {
        metadata: { name: 'acme-challenge-route' }, hosts: ['*'], gateways: [acme],
        httpRoutes: [{ matches: [HttpMatch.uriPrefix('/.well-known/acme-challenge/')], destinations: [{ host: 'cm-acme-http-solver', port: 8089 }] }],
      });
      expect(synthErrors(app)).toEqual([]);
      const trace = traceHttp01(Testing.synth(chart), { host: 'app.example.com' });
      expect(trace.reachesSolver).toBe(false);
      expect(trace.hops).toContainEqual(expect.stringMatching(/Service cm-acme-http-solver-[a-z0-9]+ \(NodePort\) :8089/));
      expect(trace.hops).toContain('VirtualService istio-system/acme-challenge-route http[0] /.well-known/acme-challenge/ → cm-acme-http-solver:8089');
      expect(trace.reason).toMatch(/Service istio-system\/cm-acme-http-solver is not in the app \(and is not the solver Service cert-manager creates, whose name is generated\)$/);
    });

    test('the seed\'s HTTP-01 solver attaches its HTTPRoute to a Gateway API parent `istio-system/istio-gateway`; the Istio Gateway of that name never sees it, and synth says so', () => {
      // the seed's staging issuer and gateway certificate, with an Istio Gateway named istio-gateway
      // serving the host on plain HTTP (without the redirect, which would take the request first)
      const { app, chart } = seedCertificate();
      new IstioGateway(chart, 'IstioGateway', { metadata: { name: 'istio-gateway' }, servers: [{ port: 80, portName: 'http', protocol: GatewayProtocol.HTTP, hosts: ['app.example.com'] }] });
      // the Gateway API family's wire check (gateway-api/solver-routes) names the Certificate and
      // the Istio Gateway by their L2s, and the Certificate's prop
      const line = Synthesis.problems([app]).map((p) => p.message)
        .find((m) => m.startsWith('[seed/GatewayCertificate] ') && m.includes('(dnsNames[0]: "app.example.com")'));
      expect(line).toMatch(/istio-system\/istio-gateway is an Istio networking\.istio\.io Gateway in this app \(seed\/IstioGateway\), not a Gateway API Gateway/);
      expect(line).toContain(' — point the solver\'s parentRefs at a Gateway API Gateway');
      const trace = traceHttp01(renderUnvalidated(chart), { host: 'app.example.com' });
      expect(trace.reachesSolver).toBe(false);
      expect(trace.reason).toMatch(/no virtual host for app\.example\.com on port 80 .*: Envoy answers 404$/);
    });

    test('the seed\'s `duration: 2160h` with Let\'s Encrypt is not sent to the CA (warning); the example drops it', () => {
      const app = Testing.app();
      const issuers = seed003.letsEncryptIssuers(new Chart(app, 'issuers'));
      new Certificate(new Chart(app, 'seed', { namespace: 'istio-system' }), 'GatewayCertificate', {
        metadata: { name: 'gateway-certificate' }, issuer: issuers.staging, secretName: 'gateway-tls-secret',
        duration: Duration.hours(2160), renewBefore: Duration.hours(720), dnsNames: ['app.example.com', 'api.example.com', 'www.example.com'],
      });
      expect(synthErrors(app)).toEqual([]);
      expect(Warnings.collect(app)).toEqual([
        '[seed/GatewayCertificate] duration 2160h0m0s is not sent to the ACME server (issuer letsencrypt-staging has no enableDurationFeature); the CA picks the lifetime (Let\'s Encrypt: 90 days or shorter) '
          + '(duration: "2160h0m0s") — remove duration, or set enableDurationFeature on an issuer whose CA honours it',
      ]);
    });
  });
});

describe('examples/istio-seed-004-policies', () => {
  const { apps, folders } = render('istio-seed-004-policies');
  const docs = folders.get('policies')!;

  test('one folder, policies/, schema-valid and without warnings', () => {
    expect([...folders.keys()]).toEqual(['argocd', 'policies']);
    expect(validateManifests(docs)).toEqual([]);
    expect(apps.flatMap((a) => Warnings.collect(a))).toEqual([]);
    expect(docs.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.namespace ?? ''}/${d.metadata.name}`)).toEqual([
      'cert-manager.io/v1 ClusterIssuer /letsencrypt-prod',
      'cert-manager.io/v1 Certificate istio-system/istio-gateway-cert',
      'networking.istio.io/v1 Gateway istio-system/external-gateway',
      'security.istio.io/v1 PeerAuthentication test-mesh/strict-mtls',
      'security.istio.io/v1 AuthorizationPolicy test-mesh/allow-httpbin',
    ]);
  });

  test('the gateway certificate and external-gateway as in the seed', () => {
    expect(find(docs, 'Certificate', 'istio-gateway-cert', 'istio-system').spec).toEqual({
      secretName: 'istio-gateway-tls',
      renewBefore: '720h0m0s',
      issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      commonName: 'gateway.example.com',
      dnsNames: ['gateway.example.com', '*.example.com'],
      privateKey: { algorithm: 'RSA', size: 2048, rotationPolicy: 'Always' },
    });
    expect(find(docs, 'Gateway', 'external-gateway', 'istio-system').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [{
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['*.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'istio-gateway-tls', minProtocolVersion: 'TLSV1_2' },
      }],
    });
  });

  test('strict-mtls: namespace-wide STRICT; allow-httpbin: the seed\'s principal `cluster.local/ns/test-mesh/sa/*` (valid) and methods', () => {
    expect(find(docs, 'PeerAuthentication', 'strict-mtls', 'test-mesh').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(find(docs, 'AuthorizationPolicy', 'allow-httpbin', 'test-mesh').spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { app: 'httpbin' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/test-mesh/sa/*'] } }], to: [{ operation: { methods: ['GET', 'POST'] } }] }],
    });
  });

  describe('the seed\'s forms, and near misses, are rejected with a helpful message', () => {
    test.each([
      ['spiffe://cluster.local/ns/test-mesh/sa/*', 'principal has too many "/"-separated parts'],
      ['cluster.local/ns/*/sa/httpbin', 'principal "*" is only allowed at the start or the end'],
      ['test-mesh/httpbin', 'principal has too few "/"-separated parts'],
    ])('principal %s is rejected (the seed\'s `cluster.local/ns/test-mesh/sa/*` renders verbatim)', (principal, problem) => {
      const chart = new Chart(Testing.app(), 'test-mesh', { namespace: 'test-mesh' });
      expectFailure(() => new AuthorizationPolicy(chart, 'AllowHttpbin', {
        selector: { app: 'httpbin' }, rules: [{ from: [{ principals: [principal] }], to: [{ methods: ['GET', 'POST'] }] }],
      }), {
        path: 'test-mesh/AllowHttpbin', field: 'rules[0].from[0].principals[0]', value: JSON.stringify(principal), problem,
        fix: 'write "<trust-domain>/ns/<namespace>/sa/<service-account>", optionally with a leading or trailing "*" (e.g. "cluster.local/ns/shop/sa/*")',
      });
    });

    test('the seed\'s `duration: 2160h` with Let\'s Encrypt is not sent to the CA (warning); the example drops it', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'gateway', { namespace: 'istio-system' });
      new Certificate(chart, 'IstioGatewayCert', {
        metadata: { name: 'istio-gateway-cert' }, issuer: seed004.letsEncryptProd(chart), secretName: 'istio-gateway-tls',
        duration: Duration.hours(2160), renewBefore: Duration.hours(720),
        commonName: 'gateway.example.com', dnsNames: ['gateway.example.com', '*.example.com'], privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 2048 },
      });
      synthErrors(app); // the warning is a whole-app check (it needs the issuer); the wildcard's error is the next test's
      expect(Warnings.collect(app)).toEqual([expect.stringMatching(/^\[gateway\/IstioGatewayCert\] duration 2160h0m0s is not sent to the ACME server/)]);
    });

    test('*.example.com from a letsencrypt-prod that only solves HTTP-01 (like seed 003\'s) fails at synth: wildcards need DNS-01', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'gateway', { namespace: 'istio-system' });
      const httpOnly = new ClusterIssuer(chart, 'LetsencryptProd', {
        metadata: { name: 'letsencrypt-prod' },
        config: IssuerConfig.letsEncrypt({
          environment: LetsEncryptEnvironment.PRODUCTION,
          solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'istio-gateway', namespace: 'istio-system' }] })],
        }),
      });
      new Certificate(chart, 'IstioGatewayCert', {
        metadata: { name: 'istio-gateway-cert' }, issuer: httpOnly, secretName: 'istio-gateway-tls',
        commonName: 'gateway.example.com', dnsNames: ['gateway.example.com', '*.example.com'],
      });
      expectSynthFailure(app, {
        path: 'gateway/IstioGatewayCert', field: 'dnsNames[1]', value: '"*.example.com"',
        problem: 'wildcard names can only be validated over DNS-01', fix: 'add AcmeSolver.dns01(...) to the issuer',
      });
    });
  });
});

test('every example folder explains itself in a README.md naming each deviation', () => {
  const expectations: { [name: string]: RegExp[] } = {
    'istio-seed-001-gateways': [/:443/, /privateKey/, /IST0138/, /IST0145/, /workloadNamespace/, /namespace: cert-manager/, /acme\.config|`config`/, /other\.domain\.com/],
    'istio-seed-003-gateways': [/caCertificates/, /cm-acme-http-solver-/, /HttpsRedirectGateway/, /IST0145/, /IST0138/, /gatewayHTTPRoute/, /duration/, /secure-api/],
    'istio-seed-004-policies': [/cluster\.local\/ns\/test-mesh\/sa\/\*/, /duration/, /DNS-01/, /letsencrypt-prod/],
  };
  for (const [name, patterns] of Object.entries(expectations)) {
    const readme = fs.readFileSync(path.join(ROOT, 'examples', name, 'README.md'), 'utf8');
    for (const p of patterns) expect({ name, pattern: String(p), found: p.test(readme) }).toEqual({ name, pattern: String(p), found: true });
  }
});

