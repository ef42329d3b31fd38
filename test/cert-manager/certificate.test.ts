import { Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AcmeSolver, AdditionalOutputFormat, Certificate, ClusterIssuer, Dns01Provider, ExternalIssuer, IIssuer, Issuer, IssuerConfig, IssuerType, KeyUsage,
  PrivateKeyAlgorithm, PrivateKeyEncoding, PrivateKeyRotationPolicy, SignatureAlgorithm,
} from '../../src/cert-manager';
import { CLUSTER_CONTEXT_KEY } from '../../src/private/cluster';
import { Warnings } from '../../src/validation';
import { doc, expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';

const gatewaySolver = () => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'istio-gateway', namespace: 'istio-system', sectionName: 'http' }] });
const cloudflare = (selector?: any) => AcmeSolver.dns01(Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } }), { selector });

function letsEncrypt(scope: Construct, solvers: AcmeSolver[] = [gatewaySolver()], id = 'LetsencryptStaging'): ClusterIssuer {
  return new ClusterIssuer(scope, id, { config: IssuerConfig.letsEncrypt({ email: 'ops@example.io', solvers }) });
}
function caIssuer(scope: Construct, namespace?: string): Issuer {
  return new Issuer(scope, 'Ca', { metadata: namespace ? { namespace } : undefined, config: IssuerConfig.ca({ secretName: 'root-ca' }) });
}

describe('Certificate', () => {
  test('defaults: secretName <name>-tls, ECDSA P-256 with rotationPolicy Always, the chart namespace', () => {
    const { chart } = newChart('istio-system');
    const issuer = letsEncrypt(chart);
    const cert = new Certificate(chart, 'ShopCert', { issuer, dnsNames: ['shop.example.com'] });
    expect(cert.name).toBe('shop-cert');
    expect(cert.secretName).toBe('shop-cert-tls');
    expect(cert.namespace).toBe('istio-system');
    expect(cert.dnsNames).toEqual(['shop.example.com']);
    expect(cert.issuer).toBe(issuer);
    const d = doc(synthValid(chart), 'Certificate');
    expect(d.metadata).toEqual({ name: 'shop-cert', namespace: 'istio-system' });
    expect(d.spec).toEqual({
      secretName: 'shop-cert-tls',
      dnsNames: ['shop.example.com'],
      issuerRef: { name: 'letsencrypt-staging', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    });
  });

  test('renders every field; durations in Go canonical form', () => {
    const { chart } = newChart('pki');
    const issuer = caIssuer(chart);
    new Certificate(chart, 'Internal', {
      metadata: { name: 'internal', labels: { team: 'platform' } },
      issuer,
      secretName: 'internal-cert',
      commonName: 'internal.example.com',
      dnsNames: ['internal.example.com', '*.internal.example.com'],
      uris: ['spiffe://cluster.local/ns/pki/sa/internal'],
      ipAddresses: ['10.0.0.1', '2001:db8::1'],
      emailAddresses: ['pki@example.com'],
      duration: Duration.days(30),
      renewBefore: Duration.hours(36),
      subject: { organizations: ['Example'], countries: ['DE'], organizationalUnits: ['Platform'], localities: ['Berlin'], provinces: ['BE'], streetAddresses: ['Street 1'], postalCodes: ['10115'], serialNumber: '42' },
      privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 4096, encoding: PrivateKeyEncoding.PKCS8, rotationPolicy: PrivateKeyRotationPolicy.NEVER },
      signatureAlgorithm: SignatureAlgorithm.SHA384_WITH_RSA,
      usages: [KeyUsage.DIGITAL_SIGNATURE, KeyUsage.SERVER_AUTH, KeyUsage.CLIENT_AUTH],
      isCa: false,
      secretTemplate: { labels: { 'app.kubernetes.io/name': 'internal' }, annotations: { 'cert-manager.io/allow-direct-injection': 'true', 'example.com/owner': 'pki' } },
      temporaryCertificate: true,
      revisionHistoryLimit: 3,
      additionalOutputFormats: [AdditionalOutputFormat.COMBINED_PEM, AdditionalOutputFormat.DER],
    });
    const d = doc(synthValid(chart), 'Certificate');
    expect(d.metadata).toEqual({ name: 'internal', namespace: 'pki', labels: { team: 'platform' }, annotations: { 'cert-manager.io/issue-temporary-certificate': 'true' } });
    expect(d.spec).toEqual({
      secretName: 'internal-cert',
      issuerRef: { name: 'ca', kind: 'Issuer', group: 'cert-manager.io' },
      commonName: 'internal.example.com',
      dnsNames: ['internal.example.com', '*.internal.example.com'],
      uris: ['spiffe://cluster.local/ns/pki/sa/internal'],
      ipAddresses: ['10.0.0.1', '2001:db8::1'],
      emailAddresses: ['pki@example.com'],
      duration: '720h0m0s',
      renewBefore: '36h0m0s',
      subject: { organizations: ['Example'], countries: ['DE'], organizationalUnits: ['Platform'], localities: ['Berlin'], provinces: ['BE'], streetAddresses: ['Street 1'], postalCodes: ['10115'], serialNumber: '42' },
      privateKey: { algorithm: 'RSA', size: 4096, encoding: 'PKCS8', rotationPolicy: 'Never' },
      signatureAlgorithm: 'SHA384WithRSA',
      usages: ['digital signature', 'server auth', 'client auth'],
      isCA: false,
      secretTemplate: { labels: { 'app.kubernetes.io/name': 'internal' }, annotations: { 'cert-manager.io/allow-direct-injection': 'true', 'example.com/owner': 'pki' } },
      revisionHistoryLimit: 3,
      additionalOutputFormats: [{ type: 'CombinedPEM' }, { type: 'DER' }],
    });
  });

  test('renewBeforePercentage, Ed25519 and an ECDSA P-384 CA certificate', () => {
    const { chart } = newChart();
    const root = new ClusterIssuer(chart, 'SelfSigned', { config: IssuerConfig.selfSigned() });
    new Certificate(chart, 'Root', { issuer: root, commonName: 'Mesh Root CA', isCa: true, duration: Duration.days(3650), renewBeforePercentage: 20, privateKey: { size: 384 } });
    new Certificate(chart, 'Ed', { issuer: root, dnsNames: ['ed.example.com'], privateKey: { algorithm: PrivateKeyAlgorithm.ED25519 }, signatureAlgorithm: SignatureAlgorithm.PURE_ED25519 });
    const docs = synthValid(chart);
    expect(doc(docs, 'Certificate', 'root').spec).toMatchObject({ isCA: true, duration: '87600h0m0s', renewBeforePercentage: 20, privateKey: { algorithm: 'ECDSA', size: 384 } });
    expect(doc(docs, 'Certificate', 'ed').spec.privateKey).toEqual({ algorithm: 'Ed25519', rotationPolicy: 'Always' });
  });

  test("cert-manager's Istio page: an Issuer in istio-system and a Certificate with a temporary certificate", () => {
    const { chart } = newChart();
    const issuer = new Issuer(chart, 'ExampleIssuer', {
      metadata: { namespace: 'istio-system' },
      config: IssuerConfig.letsEncrypt({ privateKeySecretName: 'example-issuer-account-key', solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'istio' })] }),
    });
    const cert = new Certificate(chart, 'ExampleCert', { metadata: { namespace: 'istio-system' }, issuer, secretName: 'example-cert-secret', dnsNames: ['example.com'], temporaryCertificate: true });
    expect(cert.temporaryCertificate).toBe(true);
    const d = doc(synthValid(chart), 'Certificate');
    expect(d.metadata.annotations).toEqual({ 'cert-manager.io/issue-temporary-certificate': 'true' });
    expect(d.spec.issuerRef).toEqual({ name: 'example-issuer', kind: 'Issuer', group: 'cert-manager.io' });
  });

  test('the Route53 walkthrough: a ClusterIssuer with DNS-01 and a Certificate with a commonName among its dnsNames', () => {
    const { chart } = newChart();
    const issuer = new ClusterIssuer(chart, 'LetsencryptProd', {
      config: IssuerConfig.letsEncrypt({
        email: 'me@ici.com',
        solvers: [AcmeSolver.dns01(Dns01Provider.route53({ region: 'ca-central-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKeySecretRef: { name: 'prod-route53-credentials-secret', key: 'secret-access-key' } }))],
      }),
    });
    new Certificate(chart, 'Gateway', {
      metadata: { namespace: 'istio-system' }, issuer, secretName: 'istio-ingressgateway-certs',
      commonName: 'my.domain.com', dnsNames: ['my.domain.com', 'www.my.domain.com', 'www.otherdomain.com'],
    });
    expect(doc(synthValid(chart), 'Certificate').spec.commonName).toBe('my.domain.com');
  });

  test('a wildcard name with a DNS-01 solver selected by zone, the apex over HTTP-01', () => {
    const { chart } = newChart('istio-system');
    const issuer = letsEncrypt(chart, [gatewaySolver(), cloudflare({ dnsZones: ['apps.example.com'] })]);
    new Certificate(chart, 'Wildcard', { issuer, dnsNames: ['apps.example.com', '*.apps.example.com'] });
    expect(issuer.solverFor('apps.example.com')?.http01Kind).toBeUndefined(); // the zone selector wins
    synthValid(chart);
  });

  test('per-name and per-label solver selection is checked with the certificate labels', () => {
    const { chart } = newChart('istio-system');
    const issuer = letsEncrypt(chart, [cloudflare({ matchLabels: { 'example.com/dns01': 'true' } })]);
    new Certificate(chart, 'Labelled', { metadata: { labels: { 'example.com/dns01': 'true' } }, issuer, dnsNames: ['*.example.com'] });
    synthValid(chart);
  });

  test("the chart's labels and labels added later count for matchLabels", () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { labels: { 'example.com/dns01': 'true' } });
    const issuer = letsEncrypt(chart, [cloudflare({ matchLabels: { 'example.com/dns01': 'true', 'team': 'a' } })]);
    const cert = new Certificate(chart, 'Labelled', { issuer, dnsNames: ['*.example.com'] });
    cert.apiObject.metadata.addLabel('team', 'a');
    expect(cert.labels).toEqual({ 'example.com/dns01': 'true', 'team': 'a' });
    synthValid(chart);
  });

  test('imported, external and cluster-scoped issuers pass the namespace check', () => {
    const { chart } = newChart('shop');
    new Certificate(chart, 'A', { issuer: Issuer.fromIssuerName(chart, 'Local', 'shop-ca'), dnsNames: ['a.example.com'] });
    new Certificate(chart, 'B', { issuer: ClusterIssuer.fromClusterIssuerName(chart, 'Le', 'letsencrypt-prod'), dnsNames: ['b.example.com'] });
    new Certificate(chart, 'C', { issuer: ExternalIssuer.fromIssuerReference(chart, 'Pca', { name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' }), dnsNames: ['c.example.com'] });
    const docs = synthValid(chart);
    expect(doc(docs, 'Certificate', 'c').spec.issuerRef).toEqual({ name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' });
  });

  test('the same issuer defined in each cluster passes the cluster check', () => {
    const app = Testing.app();
    for (const cluster of ['a', 'b']) {
      const chart = new Chart(app, `cluster-${cluster}`, { namespace: 'istio-system' });
      chart.node.setContext(CLUSTER_CONTEXT_KEY, cluster);
      new Certificate(chart, 'Gw', { issuer: caIssuer(chart), dnsNames: [`gw.${cluster}.example.com`] });
      synthValid(chart);
    }
  });

  test('warns when an ACME certificate sets a duration the CA will not honour, and on Ed25519 with PKCS1', () => {
    const { chart } = newChart();
    const issuer = letsEncrypt(chart);
    new Certificate(chart, 'Web', { issuer, dnsNames: ['web.example.com'], duration: Duration.days(30) });
    new Certificate(chart, 'Ed', { issuer: caIssuer(chart), dnsNames: ['ed.example.com'], privateKey: { algorithm: PrivateKeyAlgorithm.ED25519, encoding: PrivateKeyEncoding.PKCS1 } });
    synthValid(chart); // the duration warning needs the issuer: a whole-app check
    expect(Warnings.collect(chart)).toEqual([
      expect.stringMatching(/^\[test\/Web\] duration 720h0m0s is not sent to the ACME server \(issuer letsencrypt-staging has no enableDurationFeature\).*\(duration: "720h0m0s"\) — remove duration/),
      expect.stringMatching(/^\[test\/Ed\] Ed25519 keys cannot be encoded as PKCS1/),
    ]);
  });
});

describe('Certificate validation (single input)', () => {
  // a fresh chart per attempt: a construct that failed half-way stays in its tree
  const make = (props: any) => () => {
    const { chart } = newChart();
    return new Certificate(chart, 'Cert', { issuer: caIssuer(chart), dnsNames: ['a.example.com'], ...props });
  };
  const P = 'test/Cert';

  test('fails if the secretName is not a DNS-1123 subdomain', () => {
    expectFailure(make({ secretName: 'Web_TLS' }), { path: P, field: 'secretName', value: '"Web_TLS"', problem: /Secret name must be a lowercase RFC 1123 subdomain/, fix: /valid Secret name/ });
  });
  test('fails if the metadata name is invalid', () => {
    expectFailure(make({ metadata: { name: 'Web' } }), { path: P, field: 'metadata.name', value: '"Web"', problem: /Certificate name/, fix: /valid name/ });
  });
  test('fails if no issuer is given', () => {
    const { chart } = newChart();
    expectFailure(() => new Certificate(chart, 'Cert', { dnsNames: ['a.example.com'] } as any), { path: P, field: 'issuer', value: 'unset', problem: /issuer is required/, fix: /ClusterIssuer/ });
  });
  test('fails if a cert-manager.io issuerRef has a kind other than Issuer or ClusterIssuer', () => {
    const { chart } = newChart();
    const custom: IIssuer = Object.assign(new Construct(chart, 'Custom'), {
      issuerRef: { name: 'x', kind: 'StepIssuer', group: '' }, issuerType: IssuerType.UNKNOWN, acmeSolvers: [], solverFor: () => undefined,
    });
    expectFailure(() => new Certificate(chart, 'Cert', { issuer: custom, dnsNames: ['a.example.com'] }),
      { path: P, field: 'issuer.issuerRef.kind', value: '"StepIssuer"', problem: /must be one of Issuer or ClusterIssuer \(did you forget to set spec.issuerRef.group\?\)/, fix: /ExternalIssuer/ });
  });
  test('fails if no identity (commonName or a CN of literalSubject, dnsNames, uris, ipAddresses, emailAddresses, otherNames) is set', () => {
    expectFailure(make({ dnsNames: [] }), { path: P, field: 'dnsNames', value: '[]', problem: /at least one of commonName \(from the commonName field or from a literalSubject\), dnsNames, uris, ipAddresses, emailAddresses or otherNames/, fix: /dnsNames/ });
  });
  test('fails if the commonName is longer than 64 bytes', () => {
    const cn = `${'ü'.repeat(32)}x`; // 33 characters, 65 bytes
    expectFailure(make({ commonName: cn }), { path: P, field: 'commonName', problem: /at most 64 bytes \(has 65\)/, fix: /dnsNames/ });
  });
  test('fails if a dnsName is not a valid DNS name', () => {
    expectFailure(make({ dnsNames: ['shop..example.com'] }), { path: P, field: 'dnsNames[0]', value: '"shop..example.com"', problem: /empty labels/, fix: /fully qualified lowercase name/ });
    expectFailure(make({ dnsNames: ['a.*.example.com'] }), { path: P, field: 'dnsNames[0]', value: '"a.*.example.com"', problem: /only as the whole first label/, fix: /\*\.example\.com/ });
    expectFailure(make({ dnsNames: ['Shop.example.com'] }), { path: P, field: 'dnsNames[0]', value: '"Shop.example.com"', problem: /lowercase/, fix: /lowercase/ });
  });
  test('fails if a dnsName is listed twice', () => {
    expectFailure(make({ dnsNames: ['a.example.com', 'a.example.com'] }), { path: P, field: 'dnsNames[1]', value: '"a.example.com"', problem: /duplicate entry/, fix: /once/ });
  });
  test('fails if an ipAddress is not an IP address', () => {
    expectFailure(make({ ipAddresses: ['10.0.0.0/8'] }), { path: P, field: 'ipAddresses[0]', value: '"10.0.0.0/8"', problem: /invalid IP address/, fix: /without a prefix length/ });
  });
  test('fails if an emailAddress is not a bare address', () => {
    expectFailure(make({ emailAddresses: ['PKI <pki@example.com>'] }), { path: P, field: 'emailAddresses[0]', value: '"PKI <pki@example.com>"', problem: /invalid email address/, fix: /bare address/ });
  });
  test('fails if a uri is not an absolute URI', () => {
    expectFailure(make({ uris: ['cluster.local/ns/a'] }), { path: P, field: 'uris[0]', value: '"cluster.local/ns/a"', problem: /absolute URI/, fix: /spiffe:/ });
  });
  test('fails if the duration is shorter than 1h', () => {
    expectFailure(make({ duration: Duration.minutes(59) }), { path: P, field: 'duration', value: '59m0s', problem: /must be greater than 1h0m0s/, fix: /at least 1h \(Duration.hours\(1\)\)/ });
  });
  test('fails if renewBefore and renewBeforePercentage are both set', () => {
    expectFailure(make({ renewBefore: Duration.days(10), renewBeforePercentage: 30 }), { path: P, field: 'renewBeforePercentage', value: '30', problem: /mutually exclusive/, fix: /only one/ });
  });
  test('fails if renewBefore is shorter than 5m', () => {
    expectFailure(make({ renewBefore: Duration.minutes(4) }), { path: P, field: 'renewBefore', value: '4m0s', problem: /greater than 5m0s/, fix: /at least 5 minutes/ });
  });
  test('fails if renewBefore is not shorter than the duration (also the 90-day default)', () => {
    expectFailure(make({ duration: Duration.days(1), renewBefore: Duration.days(1) }), { path: P, field: 'renewBefore', value: '24h0m0s', problem: /certificate duration 24h0m0s must be greater than renewBefore 24h0m0s/, fix: /shorter than the duration/ });
    expectFailure(make({ renewBefore: Duration.days(91) }), { path: P, field: 'renewBefore', value: '2184h0m0s', problem: /duration \(default 90 days\) 2160h0m0s/, fix: /shorter/ });
  });
  test('fails if renewBeforePercentage is outside 1–99 or not an integer', () => {
    expectFailure(make({ renewBeforePercentage: 0 }), { path: P, field: 'renewBeforePercentage', value: '0', problem: /between 1 and 99/, fix: /a third/ });
    expectFailure(make({ renewBeforePercentage: 100 }), { path: P, field: 'renewBeforePercentage', value: '100', problem: /between 1 and 99/, fix: /a third/ });
    expectFailure(make({ renewBeforePercentage: 33.3 }), { path: P, field: 'renewBeforePercentage', value: '33.3', problem: /integer/, fix: /a third/ });
  });
  test('fails if renewBeforePercentage leaves less than 5m on either side (webhook and controller)', () => {
    expectFailure(make({ duration: Duration.hours(1), renewBeforePercentage: 95 }), { path: P, field: 'renewBeforePercentage', value: '95', problem: /with duration 1h0m0s .* shorter than 5m0s/, fix: /further from 0 and 100/ });
    expectFailure(make({ duration: Duration.hours(1), renewBeforePercentage: 5 }), { path: P, field: 'renewBeforePercentage', value: '5', problem: /shorter than 5m0s/, fix: /longer duration/ });
  });
  test('fails if revisionHistoryLimit is below 1', () => {
    expectFailure(make({ revisionHistoryLimit: 0 }), { path: P, field: 'revisionHistoryLimit', value: '0', problem: /between 1 and/, fix: /at least 1/ });
  });
  test('fails if a usage is unknown', () => {
    expectFailure(make({ usages: ['server auth', 'tls server'] }), { path: P, field: 'usages[1]', value: '"tls server"', problem: /must be one of/, fix: /KeyUsage/ });
  });
  test('fails if an additional output format is unknown or repeated', () => {
    expectFailure(make({ additionalOutputFormats: ['PKCS12'] }), { path: P, field: 'additionalOutputFormats[0]', value: '"PKCS12"', problem: /must be one of "DER", "CombinedPEM"/, fix: /AdditionalOutputFormat/ });
    expectFailure(make({ additionalOutputFormats: [AdditionalOutputFormat.DER, AdditionalOutputFormat.DER] }), { path: P, field: 'additionalOutputFormats[1]', value: '"DER"', problem: /duplicate/, fix: /once/ });
  });
  test('fails if the private key algorithm, encoding or rotation policy is unknown', () => {
    expectFailure(make({ privateKey: { algorithm: 'DSA' } }), { path: P, field: 'privateKey.algorithm', value: '"DSA"', problem: /must be one of "RSA", "ECDSA", "Ed25519"/, fix: /PrivateKeyAlgorithm/ });
    expectFailure(make({ privateKey: { encoding: 'PEM' } }), { path: P, field: 'privateKey.encoding', value: '"PEM"', problem: /PKCS1/, fix: /PrivateKeyEncoding/ });
    expectFailure(make({ privateKey: { rotationPolicy: 'Sometimes' } }), { path: P, field: 'privateKey.rotationPolicy', value: '"Sometimes"', problem: /Never/, fix: /PrivateKeyRotationPolicy/ });
  });
  test('fails if an RSA key size is outside 2048–8192 or unusual', () => {
    expectFailure(make({ privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 1024 } }), { path: P, field: 'privateKey.size', value: '1024', problem: /between 2048 and 8192 for rsa/, fix: 'use 2048, 3072, 4096 or 8192' });
    expectFailure(make({ privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 8196 } }), { path: P, field: 'privateKey.size', value: '8196', problem: /between 2048 and 8192/, fix: 'use 2048, 3072, 4096 or 8192' });
    expectFailure(make({ privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 3000 } }), { path: P, field: 'privateKey.size', value: '3000', problem: /unusual RSA key size/, fix: 'use 2048, 3072, 4096 or 8192' });
    // every size the fix names is accepted
    for (const size of [2048, 3072, 4096, 8192]) expect(() => make({ privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size } })()).not.toThrow();
  });
  test('fails if an ECDSA key size is not 256, 384 or 521', () => {
    expectFailure(make({ privateKey: { size: 512 } }), { path: P, field: 'privateKey.size', value: '512', problem: /256, 384, 521/, fix: 'use 256 (P-256), 384 (P-384) or 521 (P-521)' });
    for (const size of [256, 384, 521]) expect(() => make({ privateKey: { size } })()).not.toThrow();
  });
  test('fails if an Ed25519 key has a size', () => {
    expectFailure(make({ privateKey: { algorithm: PrivateKeyAlgorithm.ED25519, size: 256 } }), { path: P, field: 'privateKey.size', value: '256', problem: /fixed size/, fix: /remove privateKey.size/ });
  });
  test('fails if the signature algorithm does not fit the key algorithm', () => {
    expectFailure(make({ signatureAlgorithm: SignatureAlgorithm.SHA256_WITH_RSA }), { path: P, field: 'signatureAlgorithm', value: '"SHA256WithRSA"', problem: /for key algorithm ECDSA the allowed signature algorithms are ECDSAWithSHA256/, fix: /privateKey.algorithm/ });
  });
  test('fails if a secretTemplate label is invalid', () => {
    expectFailure(make({ secretTemplate: { labels: { 'team': '-x' } } }), { path: P, field: 'secretTemplate.labels["team"]', value: '"-x"', problem: /label value/, fix: /label value/ });
  });
  test('fails if a secretTemplate annotation is a cert-manager.io annotation', () => {
    // the field names the key, the value is the annotation's value
    expectFailure(make({ secretTemplate: { annotations: { 'cert-manager.io/certificate-name': 'shop' } } }), {
      path: P, field: 'secretTemplate.annotations["cert-manager.io/certificate-name"]', value: '"shop"',
      problem: /cert-manager.io\/\* annotations are not allowed/, fix: 'use an annotation key of your own (only cert-manager.io/allow-direct-injection is allowed)',
    });
  });
  test('fails if secretTemplate annotations exceed 256 KiB', () => {
    expectFailure(make({ secretTemplate: { annotations: { 'example.com/big': 'x'.repeat(262144) } } }), { path: P, field: 'secretTemplate.annotations', problem: /256 KiB/, fix: /shorten/ });
  });
  test('fails if a subject attribute is empty', () => {
    expectFailure(make({ subject: { organizations: [''] } }), { path: P, field: 'subject.organizations[0]', value: '""', problem: /non-empty/, fix: /remove empty entries/ });
  });
  test('fails if a duration is not a Duration', () => {
    expectFailure(make({ duration: '2160h' }), { path: P, field: 'duration', value: '"2160h"', problem: /must be a Duration/, fix: /Duration.days/ });
  });
});

describe('Certificate wiring (synth)', () => {
  test('fails if a namespaced Issuer is in another namespace', () => {
    const { chart } = newChart('shop');
    const issuer = caIssuer(chart, 'pki');
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['a.example.com'] });
    expectSynthFailure(chart, { path: 'test/Cert', field: 'issuer', value: '"pki/ca"', problem: /lives in namespace "pki", but the Certificate is in "shop"/, fix: /define the Issuer in namespace "shop" or use a ClusterIssuer/ });
  });
  test('fails if an imported namespaced Issuer is in another namespace', () => {
    const { chart } = newChart('shop');
    new Certificate(chart, 'Cert', { issuer: Issuer.fromIssuerName(chart, 'Imp', 'ca', { namespace: 'pki' }), dnsNames: ['a.example.com'] });
    expectSynthFailure(chart, { path: 'test/Cert', field: 'issuer', value: '"pki/ca"', problem: /namespaced/, fix: /ClusterIssuer/ });
  });
  test('fails if the issuer renders for another cluster', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'istio-system' });
    a.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a');
    const b = new Chart(app, 'b', { namespace: 'istio-system' });
    b.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-b');
    const shared = new ClusterIssuer(b, 'LetsencryptStagingClusterB', { config: IssuerConfig.ca({ secretName: 'root' }) });
    new Certificate(a, 'IstioIngressGatewayCert', { issuer: shared, dnsNames: ['istio-ingressgateway.cluster-a.example.com'] });
    expectSynthFailure(a, {
      path: 'a/IstioIngressGatewayCert', field: 'issuer', value: '"cluster-b: letsencrypt-staging-cluster-b"',
      problem: /cert-manager resolves issuerRef in its own cluster, so the issuer must exist in the certificate's cluster/, fix: /shared CA issuer defined in each cluster/,
    });
  });
  test('fails if no ACME solver is selected for a name', () => {
    const { chart } = newChart();
    const issuer = letsEncrypt(chart, [cloudflare({ dnsZones: ['example.com'] })]);
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['shop.example.com', 'shop.example.org'] });
    const message = expectSynthFailure(chart, { path: 'test/Cert', field: 'dnsNames[1]', value: '"shop.example.org"', problem: /no solver of ClusterIssuer "letsencrypt-staging" is selected for this name/, fix: /widen a selector/ });
    expect(message).not.toMatch(/dnsNames\[0\]/);
  });
  test('fails if a label selector excludes the certificate', () => {
    const { chart } = newChart();
    const issuer = letsEncrypt(chart, [cloudflare({ matchLabels: { dns: 'cloudflare' } })]);
    new Certificate(chart, 'Cert', { issuer, dnsNames: ['a.example.com'] });
    expectSynthFailure(chart, { path: 'test/Cert', field: 'dnsNames[0]', value: '"a.example.com"', problem: /matchLabels exclude it/, fix: /Certificate's labels/ });
  });
  test('fails if a wildcard name has only HTTP-01 solvers', () => {
    const { chart } = newChart();
    const issuer = letsEncrypt(chart, [gatewaySolver()]);
    new Certificate(chart, 'Wildcard', { issuer, dnsNames: ['*.apps.example.com'] });
    expectSynthFailure(chart, {
      path: 'test/Wildcard', field: 'dnsNames[0]', value: '"*.apps.example.com"',
      problem: /wildcard names can only be validated over DNS-01.*\(only an HTTP-01 solver matches\).*no configured challenge solvers can be used/, fix: /AcmeSolver.dns01\(\.\.\.\).*dnsZones containing "apps.example.com"/,
    });
  });
  test('fails if the DNS-01 solver does not select the wildcard name', () => {
    const { chart } = newChart();
    const issuer = letsEncrypt(chart, [gatewaySolver(), cloudflare({ dnsZones: ['example.org'] })]);
    new Certificate(chart, 'Wildcard', { issuer, dnsNames: ['*.example.com'] });
    const message = expectSynthFailure(chart, { path: 'test/Wildcard', field: 'dnsNames[0]', value: '"*.example.com"', problem: /no DNS-01 solver/, fix: /dns01/ });
    expect(message).toContain('only an HTTP-01 solver matches');
  });
  test('fails if an ACME commonName is not among the dnsNames, and checks it has a solver', () => {
    const { chart } = newChart();
    const issuer = letsEncrypt(chart, [cloudflare({ dnsNames: ['a.example.com'] })]);
    new Certificate(chart, 'Cert', { issuer, commonName: 'b.example.com', dnsNames: ['a.example.com'] });
    const message = expectSynthFailure(chart, { path: 'test/Cert', field: 'commonName', value: '"b.example.com"', problem: /ACME requires the commonName to also be in dnsNames/, fix: /add "b.example.com" to dnsNames/ });
    expect(message).toMatch(/\(commonName: "b.example.com"\) — add a solver/);
  });
  test('fails if an ACME certificate has uris or emailAddresses', () => {
    const { chart } = newChart();
    new Certificate(chart, 'Cert', { issuer: letsEncrypt(chart), dnsNames: ['a.example.com'], uris: ['spiffe://x/y'], emailAddresses: ['a@example.com'] });
    const message = expectSynthFailure(chart, { path: 'test/Cert', field: 'uris', value: '["spiffe://x/y"]', problem: /ACME CAs only validate DNS names/, fix: /remove uris/ });
    expect(message).toContain('(emailAddresses: ["a@example.com"])');
  });
  test('reports a missing solver once, on the issuer, when an ACME issuer has none', () => {
    const { chart } = newChart();
    new Certificate(chart, 'Cert', { issuer: letsEncrypt(chart, []), dnsNames: ['a.example.com'] });
    const message = expectSynthFailure(chart, { path: 'test/LetsencryptStaging', field: 'solvers', problem: /without solvers/, fix: /addSolver/ });
    expect(message).not.toContain('[test/Cert]');
  });
  test('fails if two Certificates write the same Secret, naming both', () => {
    const { chart } = newChart('istio-system');
    const issuer = caIssuer(chart);
    new Certificate(chart, 'Shop', { issuer, secretName: 'gateway-tls', dnsNames: ['shop.example.com'] });
    new Certificate(chart, 'Api', { issuer, secretName: 'gateway-tls', dnsNames: ['api.example.com'] });
    new Certificate(chart, 'Other', { issuer: ClusterIssuer.fromClusterIssuerName(chart, 'Le', 'le'), metadata: { namespace: 'apps' }, secretName: 'gateway-tls', dnsNames: ['x.example.com'] });
    const message = expectSynthFailure(chart, {
      path: 'test/Api', field: 'secretName', value: '"gateway-tls"',
      problem: /Certificates test\/Api and test\/Shop write the same Secret "istio-system\/gateway-tls"/, fix: /own secretName, or merge their dnsNames/,
    });
    expect(message).toContain('[test/Shop]');
    expect(message).not.toContain('[test/Other]');
  });
  test('fails if two Certificates in one namespace have the same name', () => {
    const { chart } = newChart();
    const issuer = caIssuer(chart);
    new Certificate(chart, 'One', { metadata: { name: 'web' }, issuer, secretName: 'one', dnsNames: ['a.example.com'] });
    new Certificate(chart, 'Two', { metadata: { name: 'web' }, issuer, secretName: 'two', dnsNames: ['b.example.com'] });
    expectSynthFailure(chart, { path: 'test/Two', field: 'metadata.name', value: '"web"', problem: /another Certificate named "web" in namespace "default" is defined at test\/One/, fix: /unique/ });
  });
  test('secrets in different clusters do not clash', () => {
    const app = Testing.app();
    for (const cluster of ['a', 'b']) {
      const chart = new Chart(app, cluster, { namespace: 'istio-system' });
      chart.node.setContext(CLUSTER_CONTEXT_KEY, cluster);
      new Certificate(chart, 'Gw', { issuer: caIssuer(chart), secretName: 'gateway-tls', dnsNames: ['gw.example.com'] });
    }
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('Certificate: temporary certificate', () => {
  test('temporaryCertificate reflects the rendered annotation, also when it is set through metadata.annotations', () => {
    const { chart } = newChart('istio-system');
    const issuer = caIssuer(chart);
    const viaAnnotation = new Certificate(chart, 'A', { metadata: { annotations: { 'cert-manager.io/issue-temporary-certificate': 'true' } }, issuer, dnsNames: ['a.example.com'] });
    const plain = new Certificate(chart, 'B', { issuer, dnsNames: ['b.example.com'] });
    expect(viaAnnotation.temporaryCertificate).toBe(true);
    expect(plain.temporaryCertificate).toBe(false);
  });
});
