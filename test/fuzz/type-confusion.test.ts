// Type confusion: plain-JavaScript and jsii callers ignore the TypeScript types. Starting from
// valid props of each main public construct (or options of a factory / add method), replace ONE
// field (top level, or one level deep: a field of a nested object, an element of an array or a
// field of its first element) with a wrongly-typed value, construct and synthesize. The outcome
// must be the library's error (thrown at once, or in cdk8s' "Validation failed" report), or
// manifests that parse and pass the upstream schemas; never a TypeError, never "[object Object]".
//
// Every field is tried with every value of a fixed list, then with generated values (fast-check,
// fixed seed).
import { Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  AcmeSolver, AcmeSolverTaintEffect, AcmeSolverTolerationOperator, Certificate, ClusterIssuer, DnsCnameStrategy, Dns01Provider,
  Issuer, IssuerConfig, IssuerType, KeyUsage, LetsEncryptEnvironment, PrivateKeyAlgorithm, Rfc2136TsigAlgorithm, VaultAuth,
} from '../../src/cert-manager';
import {
  AllowedRoutes, Gateway, HttpMethod, HttpPathMatch, HttpRoute, ListenerProtocol, ListenerTls,
} from '../../src/gateway-api';
import {
  AuthorizationAction, AuthorizationPolicy, GatewayProtocol, GatewayTls, HttpMatch, Gateway as IstioGateway, MtlsMode, PeerAuthentication,
  TlsProtocolVersion, VirtualService,
} from '../../src/istio';
import { AcmeIssuerChoice, HttpsRedirectGateway, IngressApi, WildcardCertificate } from '../../src/patterns';
import { Bundle, BundleSource } from '../../src/trust';
import { Errors } from '../../src/validation';
import { FakeCertificate, FakeIssuer } from '../util/fakes';
import { validateManifests } from '../util/schema';

/** A fuzz target: fresh valid props (made in `chart`), and what to do with them. */
interface Target {
  readonly name: string;
  readonly props: (chart: Chart) => any;
  readonly build: (chart: Chart, props: any) => void;
  /** Optional fields the props leave unset, fuzzed too (`a.b` for a nested one). */
  readonly unset?: string[];
  /** The props are the test's bundle of a factory's arguments, not one object of the API: do not replace them whole. */
  readonly argumentList?: boolean;
}

const ref = (name: string, key = 'key') => ({ name, key });
const cert = (c: Construct) => new FakeCertificate(c, 'Cert', { secretName: 'shop-tls', namespace: 'istio-system' });
const caIssuer = (c: Construct) => new FakeIssuer(c, 'Ca', { name: 'ca', kind: 'ClusterIssuer', type: IssuerType.CA });
const leIssuer = (c: Construct) => new ClusterIssuer(c, 'LE', {
  metadata: { name: 'letsencrypt' },
  config: IssuerConfig.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, email: 'ops@example.io' }),
});
const leWith = (c: Construct, solvers: AcmeSolver[]) => new ClusterIssuer(c, 'LE', {
  config: IssuerConfig.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, email: 'ops@example.io', solvers }),
});
const istioGateway = (c: Construct) => new IstioGateway(c, 'Gw', { metadata: { namespace: 'istio-system' } });
const apiGateway = (c: Construct) => new Gateway(c, 'ApiGw', {
  metadata: { namespace: 'istio-ingress' },
  listeners: [{ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminate(cert(c)) }],
});
const dns01 = (provider: (o: any) => Dns01Provider): Target['build'] =>
  (c, p) => { leWith(c, [AcmeSolver.dns01(provider(p))]); };

const TARGETS: Target[] = [
  {
    name: 'Certificate',
    props: (c) => ({
      metadata: { name: 'shop', namespace: 'istio-system', labels: { team: 'shop' } },
      issuer: caIssuer(c),
      secretName: 'shop-tls',
      dnsNames: ['shop.example.com'],
      commonName: 'shop.example.com',
      uris: ['spiffe://cluster.local/ns/shop/sa/shop'],
      ipAddresses: ['192.0.2.1'],
      emailAddresses: ['ops@example.com'],
      duration: Duration.days(90),
      renewBefore: Duration.days(30),
      subject: { organizations: ['Example'], countries: ['DE'], serialNumber: '1' },
      privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 256 },
      usages: [KeyUsage.DIGITAL_SIGNATURE],
      isCa: false,
      secretTemplate: { labels: { team: 'shop' }, annotations: { owner: 'shop' } },
      revisionHistoryLimit: 3,
    }),
    build: (c, p) => { new Certificate(c, 'Shop', p); },
    unset: ['signatureAlgorithm', 'renewBeforePercentage', 'temporaryCertificate', 'additionalOutputFormats', 'privateKey.encoding', 'privateKey.rotationPolicy'],
  },
  {
    name: 'Issuer',
    props: () => ({ metadata: { name: 'ca', namespace: 'shop' }, config: IssuerConfig.ca({ secretName: 'ca-key-pair' }) }),
    build: (c, p) => { new Issuer(c, 'Ca', p); },
  },
  {
    name: 'ClusterIssuer',
    props: () => ({ metadata: { name: 'self-signed' }, config: IssuerConfig.selfSigned() }),
    build: (c, p) => { new ClusterIssuer(c, 'SelfSigned', p); },
  },
  {
    name: 'IssuerConfig.letsEncrypt',
    props: () => ({
      environment: LetsEncryptEnvironment.STAGING,
      email: 'ops@example.io',
      privateKeySecretName: 'le-account-key',
      solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'istio' })],
      preferredChain: 'ISRG Root X1',
      disableAccountKeyGeneration: false,
    }),
    build: (c, p) => { new ClusterIssuer(c, 'LE', { config: IssuerConfig.letsEncrypt(p) }); },
    unset: ['profile', 'enableDurationFeature'],
  },
  {
    name: 'IssuerConfig.ca',
    props: () => ({ secretName: 'ca-key-pair', crlDistributionPoints: ['http://crl.example.com/ca.crl'], ocspServers: ['http://ocsp.example.com'] }),
    build: (c, p) => { new Issuer(c, 'Ca', { config: IssuerConfig.ca(p) }); },
    unset: ['issuingCertificateUrls'],
  },
  {
    name: 'IssuerConfig.vault',
    props: () => ({
      server: 'https://vault.example.com:8200',
      path: 'pki_int/sign/example-dot-com',
      auth: VaultAuth.token(ref('vault-token', 'token')),
      caBundleSecretRef: ref('vault-ca', 'ca.crt'),
      vaultNamespace: 'team-a',
    }),
    build: (c, p) => { new Issuer(c, 'Vault', { config: IssuerConfig.vault(p) }); },
    unset: ['caBundle', 'clientCertSecretRef', 'clientKeySecretRef', 'serverName'],
  },
  {
    name: 'VaultAuth.kubernetes',
    props: () => ({ role: 'cert-manager', mountPath: '/v1/auth/kubernetes', serviceAccountRef: { name: 'vault-issuer' } }),
    build: (c, p) => { new Issuer(c, 'Vault', { config: IssuerConfig.vault({ server: 'https://vault.example.com', path: 'pki/sign/x', auth: VaultAuth.kubernetes(p) }) }); },
  },
  {
    name: 'AcmeSolver.http01Ingress',
    props: () => ({
      ingressClassName: 'istio',
      selector: { dnsNames: ['shop.example.com'] },
      podTemplate: {
        labels: { team: 'shop' },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: AcmeSolverTolerationOperator.EXISTS, effect: AcmeSolverTaintEffect.NO_SCHEDULE }],
      },
      ingressTemplate: { annotations: { owner: 'shop' } },
    }),
    build: (c, p) => { leWith(c, [AcmeSolver.http01Ingress(p)]); },
    unset: ['serviceType', 'waitInsteadOfSelfCheck', 'podTemplate.priorityClassName', 'podTemplate.serviceAccountName', 'podTemplate.annotations', 'ingressTemplate.labels'],
  },
  {
    name: 'AcmeSolver.http01GatewayHttpRoute',
    props: () => ({ parentRefs: [{ name: 'gw', namespace: 'istio-ingress', kind: 'Gateway' }], labels: { team: 'shop' }, selector: { dnsZones: ['example.com'] } }),
    build: (c, p) => { leWith(c, [AcmeSolver.http01GatewayHttpRoute(p)]); },
    unset: ['serviceType', 'podTemplate', 'parentRefs.0.sectionName', 'parentRefs.0.port', 'parentRefs.0.group'],
  },
  {
    name: 'AcmeSolver.dns01',
    props: () => ({ selector: { dnsZones: ['example.com'], matchLabels: { a: 'b' } }, cnameStrategy: DnsCnameStrategy.FOLLOW, waitInsteadOfSelfCheck: Duration.seconds(30) }),
    build: (c, p) => { leWith(c, [AcmeSolver.dns01(Dns01Provider.cloudflare({ apiTokenSecretRef: ref('cf') }), p)]); },
  },
  { name: 'Dns01Provider.cloudflare', props: () => ({ apiTokenSecretRef: ref('cf', 'api-token') }), build: dns01(Dns01Provider.cloudflare), unset: ['apiKeySecretRef', 'email'] },
  {
    name: 'Dns01Provider.route53',
    props: () => ({ region: 'eu-west-1', hostedZoneId: 'Z123', accessKeyIdSecretRef: ref('aws', 'id'), secretAccessKeySecretRef: ref('aws', 'secret') }),
    build: dns01(Dns01Provider.route53),
    unset: ['role', 'serviceAccountRef', 'accessKeyId'],
  },
  { name: 'Dns01Provider.cloudDns', props: () => ({ project: 'my-project', serviceAccountSecretRef: ref('gcp', 'key.json') }), build: dns01(Dns01Provider.cloudDns) },
  {
    name: 'Dns01Provider.azureDns',
    props: () => ({ subscriptionId: 'sub', resourceGroupName: 'rg', hostedZoneName: 'example.com', managedIdentity: { clientId: 'id' } }),
    build: dns01(Dns01Provider.azureDns),
    unset: ['environment', 'zoneType', 'clientSecretSecretRef', 'managedIdentity.resourceId'],
  },
  { name: 'Dns01Provider.digitalOcean', props: () => ({ tokenSecretRef: ref('do', 'token') }), build: dns01(Dns01Provider.digitalOcean) },
  { name: 'Dns01Provider.acmeDns', props: () => ({ host: 'https://acme-dns.example.com', accountSecretRef: ref('acme-dns', 'acmedns.json') }), build: dns01(Dns01Provider.acmeDns) },
  {
    name: 'Dns01Provider.rfc2136',
    props: () => ({ nameserver: '192.0.2.53:53', tsigKeyName: 'tsig', tsigAlgorithm: Rfc2136TsigAlgorithm.HMACSHA256, tsigSecretSecretRef: ref('tsig', 'secret') }),
    build: dns01(Dns01Provider.rfc2136),
    unset: ['protocol'],
  },
  {
    name: 'Dns01Provider.akamai',
    props: () => ({ serviceConsumerDomain: 'akab.example.net', clientTokenSecretRef: ref('ak', 'ct'), clientSecretSecretRef: ref('ak', 'cs'), accessTokenSecretRef: ref('ak', 'at') }),
    build: dns01(Dns01Provider.akamai),
  },
  {
    name: 'Dns01Provider.webhook',
    props: () => ({ groupName: 'acme.example.com', solverName: 'example', config: { apiUrl: 'https://dns.example.com' } }),
    build: dns01(Dns01Provider.webhook),
  },
  {
    name: 'IstioGateway',
    props: () => ({
      metadata: { namespace: 'istio-system' },
      selector: { istio: 'ingressgateway' },
      servers: [{ port: 80, protocol: GatewayProtocol.HTTP, hosts: ['shop.example.com'], portName: 'http' }],
    }),
    build: (c, p) => { new IstioGateway(c, 'Gw', p); },
    unset: ['workloadNamespace'],
  },
  {
    name: 'IstioGateway.addServer',
    props: (c) => ({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['shop.example.com'], tls: GatewayTls.simple(cert(c)), portName: 'https' }),
    build: (c, p) => { istioGateway(c).addServer(p); },
  },
  {
    name: 'IstioGateway.addHttpServer',
    props: () => ({ hosts: ['shop.example.com'], port: 80, httpsRedirect: true, portName: 'http' }),
    build: (c, p) => { istioGateway(c).addHttpServer(p); },
  },
  {
    name: 'IstioGateway.addHttpsServer',
    props: (c) => ({ tls: GatewayTls.simple(cert(c)), hosts: ['shop.example.com'], port: 443, portName: 'https' }),
    build: (c, p) => { istioGateway(c).addHttpsServer(p); },
  },
  {
    name: 'GatewayTls.simple',
    argumentList: true,
    props: (c) => ({ certificate: cert(c), options: { minProtocolVersion: TlsProtocolVersion.TLSV1_2, cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'] } }),
    build: (c, p) => { istioGateway(c).addHttpsServer({ tls: GatewayTls.simple(p.certificate, p.options) }); },
  },
  {
    name: 'GatewayTls.mutual',
    argumentList: true,
    props: (c) => ({ certificate: cert(c), options: { subjectAltNames: ['spiffe://cluster.local/ns/a/sa/b'], caCertCredentialName: 'shop-ca' } }),
    build: (c, p) => { istioGateway(c).addHttpsServer({ tls: GatewayTls.mutual(p.certificate, p.options) }); },
  },
  {
    name: 'GatewayTls.fromCredentialName',
    argumentList: true,
    props: () => ({ credentialName: 'shop-tls', options: { minProtocolVersion: TlsProtocolVersion.TLSV1_2 } }),
    build: (c, p) => { istioGateway(c).addHttpsServer({ tls: GatewayTls.fromCredentialName(p.credentialName, p.options), hosts: ['shop.example.com'] }); },
  },
  {
    name: 'VirtualService',
    props: (c) => ({
      metadata: { namespace: 'shop' },
      hosts: ['shop.example.com'],
      gateways: [istioGateway(c)],
      exportTo: ['.'],
      httpRoutes: [{ destinations: [{ host: 'shop.shop.svc.cluster.local', port: 8080 }] }],
    }),
    build: (c, p) => { new VirtualService(c, 'Vs', p); },
    unset: ['includeMesh', 'tlsRoutes', 'tcpRoutes'],
  },
  {
    name: 'VirtualService.addHttpRoute',
    props: () => ({
      name: 'api',
      matches: [HttpMatch.uriPrefix('/api')],
      destinations: [{ host: 'shop', port: 8080, weight: 100 }],
      timeout: Duration.seconds(10),
      retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: ['5xx'] },
      rewrite: { uri: '/' },
      headers: { request: { set: { 'x-a': 'b' }, remove: ['x-debug'] } },
    }),
    build: (c, p) => { new VirtualService(c, 'Vs', { metadata: { namespace: 'shop' }, hosts: ['shop.example.com'] }).addHttpRoute(p); },
  },
  {
    name: 'PeerAuthentication',
    props: () => ({ metadata: { namespace: 'shop' }, mode: MtlsMode.STRICT, selector: { app: 'shop' }, portLevelMtls: [{ port: 8080, mode: MtlsMode.PERMISSIVE }] }),
    build: (c, p) => { new PeerAuthentication(c, 'Pa', p); },
    unset: ['meshRootNamespace'],
  },
  {
    name: 'AuthorizationPolicy',
    props: () => ({
      metadata: { namespace: 'shop' },
      action: AuthorizationAction.ALLOW,
      selector: { app: 'shop' },
      rules: [{ from: [{ principals: ['cluster.local/ns/shop/sa/*'] }], to: [{ methods: ['GET'], ports: [8080] }], when: [{ key: 'source.ip', values: ['10.0.0.0/8'] }] }],
    }),
    build: (c, p) => { new AuthorizationPolicy(c, 'Ap', p); },
    unset: ['provider', 'targetRefs'],
  },
  {
    name: 'Gateway',
    props: (c) => ({
      metadata: { namespace: 'istio-ingress' },
      gatewayClassName: 'istio',
      listeners: [{
        name: 'https', protocol: ListenerProtocol.HTTPS, port: 443, hostname: 'shop.example.com',
        tls: ListenerTls.terminate(cert(c)), allowedRoutes: AllowedRoutes.fromAllNamespaces(),
      }],
    }),
    build: (c, p) => { new Gateway(c, 'Gw', p); },
    unset: ['certManagerIssuer', 'createReferenceGrants'],
  },
  {
    name: 'HttpRoute',
    props: (c) => ({
      metadata: { namespace: 'istio-ingress' },
      parentRefs: [{ gateway: apiGateway(c), sectionName: 'https', port: 443 }],
      hostnames: ['shop.example.com'],
      rules: [{
        name: 'api',
        matches: [{ path: HttpPathMatch.pathPrefix('/api'), method: HttpMethod.GET, headers: [{ name: 'x-canary', value: 'true' }] }],
        backendRefs: [{ serviceName: 'shop', port: 8080, weight: 1 }],
      }],
    }),
    build: (c, p) => { new HttpRoute(c, 'Route', p); },
  },
  {
    name: 'Bundle',
    props: () => ({
      sources: [BundleSource.useDefaultCAs(), BundleSource.secret(ref('root-ca', 'ca.crt'))],
      target: { configMapKey: 'ca.crt', namespaceSelector: { trust: 'enabled' }, additionalFormats: { jks: { key: 'ca.jks' } } },
      trustNamespace: 'cert-manager',
    }),
    build: (c, p) => { new Bundle(c, 'Trust', p); },
    unset: ['target.secretKey', 'target.additionalFormats.pkcs12'],
  },
  {
    name: 'HttpsRedirectGateway',
    props: (c) => ({
      hosts: ['shop.example.com'],
      workload: { namespace: 'istio-system', selector: { istio: 'ingressgateway' } },
      issuer: AcmeIssuerChoice.fromIssuer(leIssuer(c)),
      api: IngressApi.ISTIO,
      routes: [{ pathPrefix: '/api', serviceName: 'shop', serviceNamespace: 'shop', port: 8080 }],
      tls: { minProtocolVersion: TlsProtocolVersion.TLSV1_2 },
      secretName: 'shop-tls',
      privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 256 },
      renewBefore: Duration.days(30),
    }),
    build: (c, p) => { new HttpsRedirectGateway(c, 'Shop', p); },
    unset: ['metadata', 'gatewayClassName'],
  },
  {
    name: 'WildcardCertificate',
    props: (c) => ({
      metadata: { namespace: 'istio-system' },
      zone: 'apps.example.com',
      includeApex: true,
      additionalDnsNames: ['apps.example.org'],
      issuer: AcmeIssuerChoice.fromIssuer(leIssuer(c)),
      dns01: Dns01Provider.cloudflare({ apiTokenSecretRef: ref('cf', 'api-token') }),
      secretName: 'apps-tls',
      privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA },
      renewBefore: Duration.days(30),
    }),
    build: (c, p) => { new WildcardCertificate(c, 'Apps', p); },
  },
];

/** Wrongly-typed values: null, numbers, booleans, strings, arrays and objects, empty ones included. */
const WRONG: unknown[] = [null, 0, -1, 1.5, true, false, '', 'x', [], ['x'], [1], [null], [{}], {}, { a: 1 }];

/**
 * Generated values of the wrong kinds: numbers, booleans, strings, arrays and maps of them, null.
 * Maps have Object.prototype: cdk8s itself cannot serialize null-prototype objects.
 */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...WRONG),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 6 }),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), { maxKeys: 2, noNullPrototype: true }),
);

type Path = (string | number)[];

function isPlain(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * The fields of `props` to replace: the props themselves, every top-level field, one level into
 * plain objects and arrays, and the unset optional fields the target lists.
 */
function pathsOf(target: Target): Path[] {
  const props = target.props(new Chart(Testing.app(), 'paths'));
  const unset = (target.unset ?? []).map((u) => u.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
  const out: Path[] = [...(target.argumentList ? [] : [[]]), ...unset];
  for (const [k, v] of Object.entries(props)) {
    out.push([k]);
    if (isPlain(v)) for (const j of Object.keys(v)) out.push([k, j]);
    if (Array.isArray(v) && v.length > 0) {
      out.push([k, 0]);
      if (isPlain(v[0])) for (const j of Object.keys(v[0])) out.push([k, 0, j]);
    }
  }
  return out;
}

/** A copy of `obj` with the value at `path` replaced by `value` (copies along the path only). */
function replaced(obj: any, path: Path, value: unknown): any {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = Array.isArray(obj) ? [...obj] : { ...(obj ?? {}) };
  (copy as any)[head] = rest.length === 0 ? value : replaced(obj[head], rest, value);
  return copy;
}

function show(path: Path, value: unknown): string {
  const field = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1) || '(props)';
  return `${field} = ${fc.stringify(value)}`;
}

/** A problem with the outcome of one case, or undefined when it is acceptable. */
function problemOf(target: Target, path: Path | undefined, value?: unknown): string | undefined {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  let yaml: string;
  try {
    const props = target.props(chart);
    target.build(chart, path ? replaced(props, path, value) : props);
    yaml = app.synthYaml();
  } catch (e) {
    if (Errors.isValidationError(e)) return undefined;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof Error && e.constructor === Error && message.startsWith('Validation failed')) {
      const lines = message.split('\n').slice(1).map((l) => l.trim()).filter((l) => l);
      const foreign = lines.filter((l) => !/^\[[^\]]*\] .*\(.+: .*\) — /.test(l));
      return foreign.length === 0 ? undefined : `validation report with foreign lines: ${foreign.join(' | ')}`;
    }
    return `${(e as any)?.constructor?.name ?? typeof e}: ${message.split('\n')[0]}`;
  }
  const parsed = parseAllDocuments(yaml);
  const errors = parsed.flatMap((d) => d.errors.map((er) => er.message));
  if (errors.length > 0) return `invalid YAML: ${errors[0]}`;
  const docs = parsed.map((d) => d.toJS()).filter((d) => d !== null);
  const invalid = validateManifests(docs);
  if (invalid.length > 0) return `schema: ${invalid.slice(0, 2).join(' | ')}`;
  const json = JSON.stringify(docs);
  const junk = ['[object Object]', 'NaN', '"undefined"', '"null"'].find((j) => json.includes(j));
  if (junk) return `output contains ${junk}`;
  return undefined;
}

describe('type confusion: one wrongly-typed field gets the library error or valid manifests', () => {
  test.each(TARGETS.map((t) => [t.name, t] as const))('%s: the unmodified props render valid manifests', (_name, target) => {
    expect(problemOf(target, undefined)).toBeUndefined();
  });

  // Every field × every value of WRONG: deterministic, and cheap enough to run in full.
  test('every field × every listed wrong value', () => {
    const failures: string[] = [];
    for (const target of TARGETS) {
      for (const path of pathsOf(target)) {
        for (const value of WRONG) {
          const problem = problemOf(target, path, value);
          if (problem) failures.push(`${target.name} ${show(path, value)}: ${problem}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  // Generated wrongly-typed values beyond the list (fixed seed: the same cases every run).
  test.each(TARGETS.map((t) => [t.name, t] as const))('%s: generated wrong values', (_name, target) => {
    fc.assert(
      fc.property(fc.constantFrom(...pathsOf(target)), wrongValue, (path, value) => {
        const problem = problemOf(target, path, value);
        if (problem) throw new Error(`${target.name} ${show(path, value)}: ${problem}`);
      }),
      { seed: 20261123, numRuns: 25 },
    );
  });
});
