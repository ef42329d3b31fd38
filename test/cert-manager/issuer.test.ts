import { Construct } from 'constructs';
import {
  AcmeSolver, Certificate, ClusterIssuer, Dns01Provider, ExternalIssuer, Issuer, IssuerConfig, IssuerType, LetsEncryptEnvironment, VaultAuth,
} from '../../src/cert-manager';
import { Warnings } from '../../src/validation';
import { doc, expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';
import { expectReceived } from './given';

const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBeTCCAR+gAwIBAgIUKGt1Oku3XkCuiOmI58L3ryCex1owCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHdGVzdC1jYTAeFw0yNjExMjMxNzMyMzNaFw0zNjExMjAxNzMy
MzNaMBIxEDAOBgNVBAMMB3Rlc3QtY2EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AASmMVakPEHL0lJj2A9yhM09AfmEfyBviLMt/8H+7iLhpYmzLKVWgeqNFe4NQqqh
A9kurdF1gtyUfrM2oU/mnPs1o1MwUTAdBgNVHQ4EFgQU2RkvxFbKhenKjgXv94w6
/49w+okwHwYDVR0jBBgwFoAU2RkvxFbKhenKjgXv94w6/49w+okwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAzYDHupiBUj/9SFAnpCk2Albb+DUz
ts74DIdxPy8t2GYCIAkW3onwucDjTqfFrkpNS7I0zJNSDJx/z/Koavriq2f6
-----END CERTIFICATE-----
`;
const http01 = () => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'istio-gateway', namespace: 'istio-system', sectionName: 'http' }] });
const ref = (name: string, key = 'key') => ({ name, key });

describe('Issuer and ClusterIssuer', () => {
  test("Let's Encrypt defaults to staging, derives the account key Secret and takes the chart's namespace", () => {
    const { chart } = newChart('istio-system');
    const issuer = new Issuer(chart, 'ExampleIssuer', { config: IssuerConfig.letsEncrypt({ email: 'ops@example.io', solvers: [http01()] }) });
    expect(issuer.name).toBe('example-issuer');
    expect(issuer.issuerNamespace).toBe('istio-system');
    expect(issuer.issuerRef).toEqual({ name: 'example-issuer', kind: 'Issuer', group: 'cert-manager.io' });
    expect(issuer.issuerType).toBe(IssuerType.ACME);
    expect(issuer.acmeServer).toBe(LetsEncryptEnvironment.STAGING);
    expect(issuer.acmeAccountKeySecretName).toBe('example-issuer-account-key');
    const d = doc(synthValid(chart), 'Issuer');
    expect(d.metadata).toEqual({ name: 'example-issuer', namespace: 'istio-system' });
    expect(d.spec.acme).toMatchObject({
      server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
      email: 'ops@example.io',
      privateKeySecretRef: { name: 'example-issuer-account-key' },
    });
    expect(d.spec.acme.solvers).toHaveLength(1);
  });

  test("Let's Encrypt production, a ClusterIssuer has no namespace even in a namespaced chart", () => {
    const { chart } = newChart('apps');
    const issuer = new ClusterIssuer(chart, 'LetsencryptProd', {
      metadata: { name: 'letsencrypt-prod', labels: { team: 'platform' } },
      config: IssuerConfig.letsEncrypt({ environment: LetsEncryptEnvironment.PRODUCTION, privateKeySecretName: 'letsencrypt-prod', solvers: [http01()] }),
    });
    expect(issuer.issuerNamespace).toBeUndefined();
    expect(issuer.acmeServer).toBe(LetsEncryptEnvironment.PRODUCTION);
    const d = doc(synthValid(chart), 'ClusterIssuer');
    expect(d.metadata).toEqual({ name: 'letsencrypt-prod', labels: { team: 'platform' } });
    expect(d.spec.acme.server).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(d.spec.acme.privateKeySecretRef).toEqual({ name: 'letsencrypt-prod' });
  });

  test('a generic ACME issuer renders EAB, caBundle (base64), preferredChain, profile and flags', () => {
    const { chart } = newChart();
    new ClusterIssuer(chart, 'ZeroSsl', {
      config: IssuerConfig.acme({
        server: 'https://acme.zerossl.com/v2/DV90',
        externalAccountBinding: { keyId: 'kid-1', keySecretRef: ref('zerossl-eab', 'secret') },
        caBundle: CA_PEM,
        preferredChain: 'ISRG Root X1',
        profile: 'tlsserver',
        disableAccountKeyGeneration: true,
        enableDurationFeature: true,
        solvers: [AcmeSolver.dns01(Dns01Provider.cloudflare({ apiTokenSecretRef: ref('cf', 'token') }))],
      }),
    });
    const acme = doc(synthValid(chart), 'ClusterIssuer').spec.acme;
    expect(acme).toMatchObject({
      server: 'https://acme.zerossl.com/v2/DV90',
      externalAccountBinding: { keyID: 'kid-1', keySecretRef: { name: 'zerossl-eab', key: 'secret' } },
      preferredChain: 'ISRG Root X1',
      profile: 'tlsserver',
      disableAccountKeyGeneration: true,
      enableDurationFeature: true,
    });
    expect(Buffer.from(acme.caBundle, 'base64').toString('utf8')).toBe(CA_PEM);
  });

  test('addSolver adds solvers after construction, in order', () => {
    const { chart } = newChart();
    const issuer = new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt() });
    const dns = AcmeSolver.dns01(Dns01Provider.route53({ region: 'eu-west-1' }), { selector: { dnsZones: ['example.com'] } });
    issuer.addSolver(http01());
    issuer.addSolver(dns);
    expect(issuer.acmeSolvers[1]).toBe(dns);
    const solvers = doc(synthValid(chart), 'ClusterIssuer').spec.acme.solvers;
    expect(solvers.map((s: any) => Object.keys(s.http01 ?? s.dns01)[0])).toEqual(['gatewayHTTPRoute', 'route53']);
  });

  test('CA and self-signed issuers', () => {
    const { chart } = newChart('istio-system');
    const root = new ClusterIssuer(chart, 'SelfSigned', { config: IssuerConfig.selfSigned() });
    const ca = new Issuer(chart, 'MeshCa', {
      config: IssuerConfig.ca({ secretName: 'mesh-root', crlDistributionPoints: ['http://crl.example.com/root.crl'], ocspServers: ['http://ocsp.example.com'], issuingCertificateUrls: ['http://ca.example.com/root.crt'] }),
    });
    expect(root.issuerType).toBe(IssuerType.SELF_SIGNED);
    expect(ca.issuerType).toBe(IssuerType.CA);
    expect(ca.acmeServer).toBeUndefined();
    expect(ca.acmeSolvers).toEqual([]);
    expect(ca.acmeAccountKeySecretName).toBeUndefined();
    const docs = synthValid(chart);
    expect(doc(docs, 'ClusterIssuer').spec).toEqual({ selfSigned: {} });
    expect(doc(docs, 'Issuer').spec).toEqual({
      ca: { secretName: 'mesh-root', crlDistributionPoints: ['http://crl.example.com/root.crl'], ocspServers: ['http://ocsp.example.com'], issuingCertificateURLs: ['http://ca.example.com/root.crt'] },
    });
  });

  test('Vault with each auth method', () => {
    const { chart } = newChart('vault-pki');
    const vault = (id: string, auth: VaultAuth, extra = {}) =>
      new Issuer(chart, id, { config: IssuerConfig.vault({ server: 'https://vault.example.com:8200', path: 'pki_int/sign/example-dot-com', auth, ...extra }) });
    vault('K8s', VaultAuth.kubernetes({ role: 'cert-manager', mountPath: '/v1/auth/kubernetes', serviceAccountRef: { name: 'vault-issuer' } }), { caBundle: CA_PEM, vaultNamespace: 'team-a' });
    vault('AppRole', VaultAuth.appRole({ roleId: 'role-1', secretRef: ref('approle', 'secretId') }), { caBundleSecretRef: ref('vault-ca', 'ca.crt') });
    vault('Token', VaultAuth.token(ref('vault-token', 'token')));
    vault('Cert', VaultAuth.clientCertificate({ name: 'cm' }), { clientCertSecretRef: ref('vault-client', 'tls.crt'), clientKeySecretRef: ref('vault-client', 'tls.key') });
    vault('Aws', VaultAuth.aws({ role: 'cm', region: 'eu-west-1', iamRoleArn: 'arn:aws:iam::1:role/x', serviceAccountRef: { name: 'vault-aws' } }));
    const docs = synthValid(chart);
    const spec = (name: string) => doc(docs, 'Issuer', name).spec.vault;
    expect(spec('k8s')).toMatchObject({
      server: 'https://vault.example.com:8200', path: 'pki_int/sign/example-dot-com', namespace: 'team-a',
      auth: { kubernetes: { role: 'cert-manager', mountPath: '/v1/auth/kubernetes', serviceAccountRef: { name: 'vault-issuer' } } },
    });
    expect(Buffer.from(spec('k8s').caBundle, 'base64').toString()).toBe(CA_PEM);
    expect(spec('app-role').auth).toEqual({ appRole: { path: 'approle', roleId: 'role-1', secretRef: { name: 'approle', key: 'secretId' } } });
    expect(spec('app-role').caBundleSecretRef).toEqual({ name: 'vault-ca', key: 'ca.crt' });
    expect(spec('token').auth).toEqual({ tokenSecretRef: { name: 'vault-token', key: 'token' } });
    expect(spec('cert')).toMatchObject({ auth: { clientCertificate: { name: 'cm' } }, clientCertSecretRef: { name: 'vault-client', key: 'tls.crt' } });
    expect(spec('aws').auth.aws).toEqual({ role: 'cm', region: 'eu-west-1', iamRoleArn: 'arn:aws:iam::1:role/x', serviceAccountRef: { name: 'vault-aws' } });
  });

  test('warns on skipTlsVerify and on a plain-http Vault server', () => {
    const { chart } = newChart();
    new ClusterIssuer(chart, 'Insecure', { config: IssuerConfig.acme({ server: 'https://acme.internal/directory', skipTlsVerify: true, solvers: [http01()] }) });
    new ClusterIssuer(chart, 'Vault', { config: IssuerConfig.vault({ server: 'http://vault:8200', path: 'pki/sign/x', auth: VaultAuth.token(ref('t')) }) });
    const warnings = Warnings.collect(chart);
    expect(warnings).toEqual([
      expect.stringMatching(/^\[test\/Insecure\] skipTlsVerify disables TLS verification/),
      expect.stringMatching(/^\[test\/Vault\] Vault server "http:\/\/vault:8200" is plain HTTP/),
    ]);
    synthValid(chart);
  });

  test('importers', () => {
    const { chart } = newChart('shop');
    const ns = Issuer.fromIssuerName(chart, 'Ns', 'shop-ca');
    const other = Issuer.fromIssuerName(chart, 'Other', 'ca', { namespace: 'pki' });
    const cluster = ClusterIssuer.fromClusterIssuerName(chart, 'Cluster', 'letsencrypt-prod');
    const ext = ExternalIssuer.fromIssuerReference(chart, 'Pca', { name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' });
    expect(ns.issuerRef).toEqual({ name: 'shop-ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(ns.issuerNamespace).toBe('shop');
    expect(other.issuerNamespace).toBe('pki');
    expect(cluster.issuerRef).toEqual({ name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(cluster.issuerNamespace).toBeUndefined();
    expect(ext.issuerRef).toEqual({ name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' });
    for (const i of [ns, other, cluster, ext]) {
      expect(i.issuerType).toBe(IssuerType.UNKNOWN);
      expect(i.acmeServer).toBeUndefined();
      expect(i.acmeSolvers).toEqual([]);
    }
    expect(synthValid(chart)).toEqual([]);
  });
});

describe('Issuer validation', () => {
  test('fails if the issuer name is not a DNS-1123 subdomain', () => {
    const { chart } = newChart();
    expectFailure(() => new Issuer(chart, 'Le', { metadata: { name: 'Lets_Encrypt' }, config: IssuerConfig.letsEncrypt() }),
      { path: 'test/Le', field: 'metadata.name', value: '"Lets_Encrypt"', problem: /Issuer name must be a lowercase RFC 1123 subdomain/, fix: /valid name/ });
  });
  test('fails if the namespace is not a DNS-1123 label', () => {
    const { chart } = newChart();
    expectFailure(() => new Issuer(chart, 'Le', { metadata: { namespace: 'istio.system' }, config: IssuerConfig.letsEncrypt() }),
      { path: 'test/Le', field: 'metadata.namespace', value: '"istio.system"', problem: /RFC 1123 label/, fix: /valid namespace/ });
  });
  test('fails if a ClusterIssuer is given a namespace', () => {
    const { chart } = newChart();
    expectFailure(() => new ClusterIssuer(chart, 'Le', { metadata: { namespace: 'cert-manager' }, config: IssuerConfig.letsEncrypt() }),
      { path: 'test/Le', field: 'metadata.namespace', value: '"cert-manager"', problem: /cluster-scoped/, fix: /remove metadata.namespace/ });
  });
  test('fails if no config is given', () => {
    const { chart } = newChart();
    expectFailure(() => new Issuer(chart, 'Le', {} as any),
      { path: 'test/Le', field: 'config', value: 'unset', problem: /exactly one issuer type/, fix: /IssuerConfig.letsEncrypt/ });
  });
  test('fails if an ACME issuer has no solvers', () => {
    const { chart } = newChart();
    new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt() });
    expectSynthFailure(chart, { path: 'test/Le', field: 'solvers', value: '[]', problem: /without solvers cannot complete any challenge/, fix: /addSolver/ });
  });
  test('fails if two issuers of the same kind have the same name (and namespace)', () => {
    const { chart } = newChart('a');
    new Issuer(chart, 'One', { metadata: { name: 'ca' }, config: IssuerConfig.ca({ secretName: 'x' }) });
    new Issuer(chart, 'Two', { metadata: { name: 'ca' }, config: IssuerConfig.ca({ secretName: 'y' }) });
    new Issuer(chart, 'Three', { metadata: { name: 'ca', namespace: 'b' }, config: IssuerConfig.ca({ secretName: 'y' }) });
    new ClusterIssuer(chart, 'Four', { metadata: { name: 'ca' }, config: IssuerConfig.ca({ secretName: 'y' }) });
    const message = expectSynthFailure(chart, { path: 'test/Two', field: 'metadata.name', value: '"ca"', problem: /another Issuer with the same name in namespace "a" is defined at test\/One/, fix: /unique metadata.name/ });
    expect(message).not.toMatch(/test\/Three|test\/Four/);
  });
  test('fails if the ACME server is not an https URL', () => {
    expectReceived(() => IssuerConfig.acme({ server: 'http://acme.example.com/directory' }),
      { factory: 'IssuerConfig.acme', field: 'server', value: '"http://acme.example.com/directory"', problem: /scheme 'https'/, fix: /https URL of the ACME directory/ });
    expectReceived(() => IssuerConfig.acme({ server: '' }), { factory: 'IssuerConfig.acme', field: 'server', value: '""', problem: /required/, fix: /https URL/ });
  });
  test('fails if the ACME e-mail is not a bare address', () => {
    expectReceived(() => IssuerConfig.letsEncrypt({ email: 'mailto:ops@example.com' }),
      { factory: 'IssuerConfig.letsEncrypt', field: 'email', value: '"mailto:ops@example.com"', problem: /without 'mailto:'/, fix: /bare address/ });
    expectReceived(() => IssuerConfig.letsEncrypt({ email: 'ops@localhost' }),
      { factory: 'IssuerConfig.letsEncrypt', field: 'email', value: '"ops@localhost"', problem: /invalid domain/, fix: /rejects invalid contacts/ });
  });
  // Boulder policy/pa.go (ValidEmail): an ICANN public domain that is not itself a public suffix,
  // and not one of forbiddenMailDomains (example.com/.net/.org): "contact email has forbidden domain".
  test.each([
    ['your-email@example.com', /reserved domain "example.com"/],
    ['ops@example.org', /reserved domain "example.org"/],
    ['ops@EXAMPLE.NET', /reserved domain "example.net"/],
    ['ops@corp.internal', /"corp.internal", which is not under a public top-level domain/],
    ['ops@co.uk', /"co.uk", which is a public suffix/],
  ])("fails if Let's Encrypt would refuse the contact %s", (email, problem) => {
    for (const environment of [LetsEncryptEnvironment.STAGING, LetsEncryptEnvironment.PRODUCTION]) {
      expectReceived(() => IssuerConfig.letsEncrypt({ environment, email }),
        { factory: 'IssuerConfig.letsEncrypt', field: 'email', value: JSON.stringify(email), problem, fix: /domain you own.*or leave email out/ });
    }
    // the same server named directly
    expectReceived(() => IssuerConfig.acme({ server: LetsEncryptEnvironment.PRODUCTION, email }),
      { factory: 'IssuerConfig.acme', field: 'email', value: JSON.stringify(email), problem, fix: /leave email out/ });
  });
  test("accepts what Let's Encrypt accepts: no contact, a subdomain of a reserved domain, private suffixes, and any address on other ACME servers", () => {
    const { chart } = newChart();
    const configs = [
      IssuerConfig.letsEncrypt(),
      IssuerConfig.letsEncrypt({ email: 'ops@mail.example.com' }),
      IssuerConfig.letsEncrypt({ email: 'ops@team.github.io' }),
      IssuerConfig.letsEncrypt({ email: 'ops@shop.co.uk' }),
      IssuerConfig.acme({ server: 'https://acme.internal/directory', email: 'ops@example.com' }),
    ];
    configs.forEach((config, i) => new ClusterIssuer(chart, `Le${i}`, { config }).addSolver(AcmeSolver.http01Ingress({ ingressClassName: 'istio' })));
    const issuers = synthValid(chart).filter((d) => d.kind === 'ClusterIssuer');
    expect(issuers.map((d) => d.spec.acme.email)).toEqual([undefined, 'ops@mail.example.com', 'ops@team.github.io', 'ops@shop.co.uk', 'ops@example.com']);
  });
  test('fails if the Let\'s Encrypt environment is not a LetsEncryptEnvironment', () => {
    expectReceived(() => IssuerConfig.letsEncrypt({ environment: 'prod' as any }),
      { factory: 'IssuerConfig.letsEncrypt', field: 'environment', value: '"prod"', problem: /STAGING or PRODUCTION/, fix: /LetsEncryptEnvironment/ });
  });
  test('fails if the account key Secret name is invalid', () => {
    expectReceived(() => IssuerConfig.letsEncrypt({ privateKeySecretName: 'Account Key' }),
      { factory: 'IssuerConfig.letsEncrypt', field: 'privateKeySecretName', value: '"Account Key"', problem: /Secret name/, fix: /valid Secret name/ });
    const { chart } = newChart();
    const long = 'a'.repeat(250);
    expectFailure(() => new ClusterIssuer(chart, 'Le', { metadata: { name: long }, config: IssuerConfig.letsEncrypt() }),
      { path: 'test/Le', field: 'privateKeySecretName', problem: /at most 253/, fix: /valid Secret name/ });
  });
  test('fails if caBundle and skipTlsVerify are both set', () => {
    expectReceived(() => IssuerConfig.acme({ server: 'https://acme.internal/directory', caBundle: CA_PEM, skipTlsVerify: true }),
      { factory: 'IssuerConfig.acme', field: 'skipTlsVerify', value: 'true', problem: /mutually exclusive/, fix: /remove skipTlsVerify/ });
  });
  test('fails if caBundle holds no valid certificate', () => {
    expectReceived(() => IssuerConfig.acme({ server: 'https://acme.internal/directory', caBundle: 'not a pem' }),
      { factory: 'IssuerConfig.acme', field: 'caBundle', problem: /didn't contain any valid certificates/, fix: /PEM text/ });
    expectReceived(() => IssuerConfig.acme({ server: 'https://acme.internal/directory', caBundle: Buffer.from(CA_PEM).toString('base64') }),
      { factory: 'IssuerConfig.acme', field: 'caBundle', problem: /didn't contain any valid certificates/, fix: /base64-encoded already/ });
    expectReceived(() => IssuerConfig.acme({ server: 'https://acme.internal/directory', caBundle: CA_PEM.replace('MIIB', 'XXXX') }),
      { factory: 'IssuerConfig.acme', field: 'caBundle', problem: /not a valid X.509 certificate/, fix: /well-formed PEM/ });
  });
  test('fails if preferredChain is longer than 64 characters', () => {
    expectReceived(() => IssuerConfig.letsEncrypt({ preferredChain: 'x'.repeat(65) }),
      { factory: 'IssuerConfig.letsEncrypt', field: 'preferredChain', problem: /at most 64/, fix: /Common Name/ });
  });
  test('fails if the external account binding misses the key ID or the key Secret', () => {
    expectReceived(() => IssuerConfig.acme({ server: 'https://acme.zerossl.com/v2/DV90', externalAccountBinding: { keyId: '', keySecretRef: ref('eab') } }),
      { factory: 'IssuerConfig.acme', field: 'externalAccountBinding.keyId', value: '""', problem: /required/, fix: /keyID field is required/ });
    expectReceived(() => IssuerConfig.acme({ server: 'https://acme.zerossl.com/v2/DV90', externalAccountBinding: { keyId: 'k', keySecretRef: { name: 'eab', key: '' } } }),
      { factory: 'IssuerConfig.acme', field: 'externalAccountBinding.keySecretRef.key', value: '""', problem: /secret key is required/, fix: /key inside the Secret/ });
  });
  test('fails if a solver is not an AcmeSolver', () => {
    expectReceived(() => IssuerConfig.letsEncrypt({ solvers: [{ http01: { istio: {} } } as any] }),
      { factory: 'IssuerConfig.letsEncrypt', field: 'solvers[0]', problem: /must be an AcmeSolver/, fix: /AcmeSolver.http01Ingress/ });
  });
  test('fails if a solver is added to a non-ACME issuer', () => {
    const { chart } = newChart();
    const ca = new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.ca({ secretName: 'root' }) });
    expectFailure(() => ca.addSolver(http01()), { path: 'test/Ca', field: 'solvers', value: '"CA"', problem: /only ACME issuers have challenge solvers/, fix: /IssuerConfig.acme\(\) or IssuerConfig.letsEncrypt\(\)/ });
  });
  test('fails if the same solver is added twice', () => {
    const { chart } = newChart();
    const s = http01();
    const le = new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: [s] }) });
    expectFailure(() => le.addSolver(s), { path: 'test/Le', field: 'solvers[1]', value: '"HTTP-01"', problem: /already added/, fix: /once/ });
  });
  test('fails if the CA secretName is missing or invalid, or a URL list has an empty entry', () => {
    expectReceived(() => IssuerConfig.ca({ secretName: '' }), { factory: 'IssuerConfig.ca', field: 'secretName', value: '""', problem: /required/, fix: /name the Secret/ });
    expectReceived(() => IssuerConfig.ca({ secretName: 'Root CA' }), { factory: 'IssuerConfig.ca', field: 'secretName', value: '"Root CA"', problem: /Secret name/, fix: /valid Secret name/ });
    expectReceived(() => IssuerConfig.ca({ secretName: 'root', ocspServers: [''] }), { factory: 'IssuerConfig.ca', field: 'ocspServers[0]', value: '""', problem: /required/, fix: /remove empty entries/ });
    expectReceived(() => IssuerConfig.selfSigned({ crlDistributionPoints: [''] }), { factory: 'IssuerConfig.selfSigned', field: 'crlDistributionPoints[0]', value: '""', problem: /required/, fix: /remove empty entries/ });
  });
  test('fails if the Vault server, path or auth is missing or invalid', () => {
    const w = 'IssuerConfig.vault';
    const auth = VaultAuth.token(ref('t'));
    expectReceived(() => IssuerConfig.vault({ server: 'vault:8200', path: 'pki/sign/x', auth }), { factory: w, field: 'server', value: '"vault:8200"', problem: /scheme/, fix: /Vault URL/ });
    expectReceived(() => IssuerConfig.vault({ server: 'https://vault', path: '', auth }), { factory: w, field: 'path', value: '""', problem: /required/, fix: /PKI sign path/ });
    expectReceived(() => IssuerConfig.vault({ server: 'https://vault', path: 'pki/../sys/x', auth }), { factory: w, field: 'path', value: '"pki/../sys/x"', problem: /'\.\.' path segments/, fix: /plain mount path/ });
    expectReceived(() => IssuerConfig.vault({ server: 'https://vault', path: 'pki/sign/x', auth: undefined as any }), { factory: w, field: 'auth', value: 'unset', problem: /auth is required/, fix: /VaultAuth.kubernetes/ });
  });
  test('fails if Vault caBundle and caBundleSecretRef are both set, or caBundle is invalid', () => {
    const w = 'IssuerConfig.vault';
    const auth = VaultAuth.token(ref('t'));
    expectReceived(() => IssuerConfig.vault({ server: 'https://vault', path: 'pki/sign/x', auth, caBundle: CA_PEM, caBundleSecretRef: ref('ca') }),
      { factory: w, field: 'caBundleSecretRef', value: '"ca"', problem: /cannot be used together/, fix: /only one/ });
    expectReceived(() => IssuerConfig.vault({ server: 'https://vault', path: 'pki/sign/x', auth, caBundle: 'x' }), { factory: w, field: 'caBundle', problem: /valid certificates/, fix: /PEM/ });
  });
  test('fails if only one of the Vault client certificate and key is set', () => {
    expectReceived(() => IssuerConfig.vault({ server: 'https://vault', path: 'pki/sign/x', auth: VaultAuth.token(ref('t')), clientCertSecretRef: ref('c') }),
      { factory: 'IssuerConfig.vault', field: 'clientKeySecretRef', value: 'unset', problem: /must be provided together/, fix: /set clientKeySecretRef/ });
  });
  test('fails if Vault client-certificate auth has no certificate', () => {
    expectReceived(() => IssuerConfig.vault({ server: 'https://vault', path: 'pki/sign/x', auth: VaultAuth.clientCertificate() }),
      { factory: 'IssuerConfig.vault', field: 'auth', value: '"clientCertificate"', problem: /clientCertSecretRef\/clientKeySecretRef, which are not set/, fix: /secretName/ });
  });
  test('fails if Vault AppRole misses the role ID or has a bad path', () => {
    expectReceived(() => VaultAuth.appRole({ roleId: '', secretRef: ref('s') }), { factory: 'VaultAuth.appRole', field: 'roleId', value: '""', problem: /required/, fix: /role ID/ });
    expectReceived(() => VaultAuth.appRole({ roleId: 'r', secretRef: ref('s'), path: '../approle' }), { factory: 'VaultAuth.appRole', field: 'path', value: '"../approle"', problem: /'\.\.'/, fix: /mount path/ });
  });
  test('fails if Vault Kubernetes auth has no role, or not exactly one of serviceAccountRef and secretRef', () => {
    const w = 'VaultAuth.kubernetes';
    expectReceived(() => VaultAuth.kubernetes({ role: '', serviceAccountRef: { name: 'sa' } }), { factory: w, field: 'role', value: '""', problem: /required/, fix: /Vault role/ });
    expectReceived(() => VaultAuth.kubernetes({ role: 'r' }), { factory: w, field: 'serviceAccountRef', value: 'unset', problem: /please supply one of: secretRef, serviceAccountRef/, fix: /ServiceAccount/ });
    expectReceived(() => VaultAuth.kubernetes({ role: 'r', serviceAccountRef: { name: 'sa' }, secretRef: ref('t') }), { factory: w, field: 'secretRef', value: '"t"', problem: /please supply one of/, fix: /remove secretRef/ });
    expectReceived(() => VaultAuth.kubernetes({ role: 'r', serviceAccountRef: { name: 'sa' }, mountPath: '/v1/auth/../x' }), { factory: w, field: 'mountPath', problem: /'\.\.'/, fix: /mount path/ });
  });
  test('fails if Vault AWS auth uses IRSA without iamRoleArn', () => {
    expectReceived(() => VaultAuth.aws({ role: 'r', serviceAccountRef: { name: 'sa' } }),
      { factory: 'VaultAuth.aws', field: 'iamRoleArn', value: 'unset', problem: /iamRoleArn is required when using serviceAccountRef/, fix: /ARN/ });
  });
  test('fails if the Vault token Secret reference is incomplete', () => {
    expectReceived(() => VaultAuth.token({ name: 'vault-token' } as any), { factory: 'VaultAuth.token', field: 'tokenSecretRef.key', value: 'unset', problem: /secret key is required/, fix: /key inside the Secret/ });
  });
  test('fails if an imported issuer has an invalid name or namespace', () => {
    const { chart } = newChart();
    expectFailure(() => Issuer.fromIssuerName(chart, 'Bad', 'My Issuer'), { path: 'test/Bad', field: 'name', value: '"My Issuer"', problem: /issuer name/, fix: /metadata.name of the existing issuer/ });
    expectFailure(() => Issuer.fromIssuerName(chart, 'BadNs', 'ok', { namespace: 'A' }), { path: 'test/BadNs', field: 'namespace', value: '"A"', problem: /namespace/, fix: /valid namespace/ });
    expectFailure(() => ClusterIssuer.fromClusterIssuerName(chart, 'BadCluster', ''), { path: 'test/BadCluster', field: 'name', value: '""', problem: /issuer name/, fix: /existing issuer/ });
  });
  test('fails if an external issuer is a cert-manager.io kind, lacks a kind, or has an invalid group', () => {
    const { chart } = newChart();
    expectFailure(() => ExternalIssuer.fromIssuerReference(chart, 'A', { name: 'x', kind: 'Issuer', group: 'cert-manager.io' }),
      { path: 'test/A', field: 'group', value: '"cert-manager.io"', problem: /not external issuers/, fix: /Issuer.fromIssuerName/ });
    expectFailure(() => ExternalIssuer.fromIssuerReference(chart, 'B', { name: 'x', kind: '', group: 'awspca.cert-manager.io' }),
      { path: 'test/B', field: 'kind', value: '""', problem: /needs its kind/, fix: /kind of the issuer CRD/ });
    expectFailure(() => ExternalIssuer.fromIssuerReference(chart, 'C', { name: 'x', kind: 'StepIssuer', group: 'Step' }),
      { path: 'test/C', field: 'group', value: '"Step"', problem: /API group/, fix: /API group of the issuer CRD/ });
    expectFailure(() => ExternalIssuer.fromIssuerReference(chart, 'D', { name: 'x', kind: 'StepIssuer', group: '' }),
      { path: 'test/D', field: 'group', value: '""', problem: /needs its API group/, fix: /group the issuer controller serves/ });
  });
});

describe('CA issuers and where their Secret is', () => {
  const root = (scope: Construct, namespace: string) => new Certificate(scope, `Root-${namespace}`, {
    metadata: { namespace }, issuer: new Issuer(scope, `SelfSigned-${namespace}`, { metadata: { namespace }, config: IssuerConfig.selfSigned() }),
    secretName: 'root-ca', commonName: 'root', isCa: true,
  });

  test('warns when a namespaced CA Issuer\'s Secret is written by the app only in another namespace', () => {
    const { app, chart } = newChart();
    root(chart, 'cert-manager');
    new Issuer(chart, 'Ca', { metadata: { namespace: 'istio-system' }, config: IssuerConfig.ca({ secretName: 'root-ca' }) });
    synthValid(chart);
    synthValid(chart); // recorded once however often the app is synthesized
    expect(Warnings.collect(app)).toEqual([
      '[test/Ca] the CA Secret "root-ca" is read from the Issuer\'s own namespace "istio-system", but the app writes it only in "cert-manager" (test/Root-cert-manager); '
        + 'the Issuer stays not Ready unless a copy exists in "istio-system" (config.secretName: "root-ca") — create the CA Certificate in "istio-system", or use a ClusterIssuer with the Secret in cert-manager\'s cluster resource namespace',
    ]);
  });

  test('no warning when the Secret is written in the Issuer\'s namespace, not written by the app at all, or read by a ClusterIssuer', () => {
    const { app, chart } = newChart();
    root(chart, 'cert-manager');
    root(chart, 'istio-system');
    new Issuer(chart, 'Ca', { metadata: { namespace: 'istio-system' }, config: IssuerConfig.ca({ secretName: 'root-ca' }) });
    new Issuer(chart, 'Other', { metadata: { namespace: 'istio-system' }, config: IssuerConfig.ca({ secretName: 'provisioned-out-of-band' }) });
    new ClusterIssuer(chart, 'Cluster', { config: IssuerConfig.ca({ secretName: 'root-ca' }) });
    synthValid(chart);
    expect(Warnings.collect(app)).toEqual([]);
  });
});
