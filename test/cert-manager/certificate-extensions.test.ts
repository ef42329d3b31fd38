// Certificate fields beyond names and key: literalSubject, otherNames, nameConstraints, keystores.
// Upstream rules: cert-manager v1.21.1 internal/apis/certmanager/validation/certificate.go
// (ValidateCertificateSpec, validateKeystores), pkg/util/pki/subject.go (literal subjects via
// go-ldap v3.4.13 v3/dn.go ParseDN), pkg/util/pki/csr.go (name constraint CIDRs), CRD schema.
import { Construct } from 'constructs';
import { AcmeSolver, Certificate, ClusterIssuer, Issuer, IssuerConfig, Pkcs12Profile } from '../../src/cert-manager';
import { commonNameOf, parseLiteralSubject, parseOid } from '../../src/cert-manager/private/x509-names';
import { doc, expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';

function caIssuer(scope: Construct): Issuer {
  return new Issuer(scope, 'Ca', { config: IssuerConfig.ca({ secretName: 'root-ca' }) });
}

describe('Certificate keystores, literalSubject, otherNames, nameConstraints', () => {
  test('render schema-valid: keystores with password Secret references, a literal subject, otherNames', () => {
    const { chart } = newChart('payments');
    new Certificate(chart, 'Java', {
      issuer: caIssuer(chart),
      dnsNames: ['payments.corp.example.com'],
      literalSubject: 'CN=payments.corp.example.com,OU=Payments,O=Example\\, Inc.,DC=corp,DC=example,DC=com',
      otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'payments@corp.example.com' }],
      keystores: {
        jks: { passwordSecretRef: { name: 'keystore-password', key: 'password' }, alias: 'payments' },
        pkcs12: { passwordSecretRef: { name: 'keystore-password', key: 'password' }, profile: Pkcs12Profile.MODERN_2023 },
      },
    });
    const spec = doc(synthValid(chart), 'Certificate').spec;
    expect(spec.literalSubject).toBe('CN=payments.corp.example.com,OU=Payments,O=Example\\, Inc.,DC=corp,DC=example,DC=com');
    expect(spec.commonName).toBeUndefined();
    expect(spec.subject).toBeUndefined();
    expect(spec.otherNames).toEqual([{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'payments@corp.example.com' }]);
    expect(spec.keystores).toEqual({
      jks: { create: true, alias: 'payments', passwordSecretRef: { name: 'keystore-password', key: 'password' } },
      pkcs12: { create: true, passwordSecretRef: { name: 'keystore-password', key: 'password' }, profile: 'Modern2023' },
    });
  });

  test('a CA certificate with name constraints; an otherName alone is enough of a name', () => {
    const { chart } = newChart('pki');
    const issuer = caIssuer(chart);
    new Certificate(chart, 'TeamCa', {
      issuer,
      commonName: 'Team CA',
      isCa: true,
      nameConstraints: {
        critical: true,
        permitted: { dnsDomains: ['team.example.com'], ipRanges: ['10.20.0.0/16', 'fd00::/8'] },
        excluded: { dnsDomains: ['secret.team.example.com'], emailAddresses: ['example.com'], uriDomains: ['.example.org'] },
      },
    });
    new Certificate(chart, 'Upn', { issuer, otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'jane@corp.example.com' }] });
    const docs = synthValid(chart);
    expect(doc(docs, 'Certificate', 'team-ca').spec.nameConstraints).toEqual({
      critical: true,
      permitted: { dnsDomains: ['team.example.com'], ipRanges: ['10.20.0.0/16', 'fd00::/8'] },
      excluded: { dnsDomains: ['secret.team.example.com'], emailAddresses: ['example.com'], uriDomains: ['.example.org'] },
    });
    expect(doc(docs, 'Certificate', 'upn').spec.otherNames).toEqual([{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'jane@corp.example.com' }]);
  });

  test('a CN inside literalSubject counts as the name (webhook: "from the commonName field or from a literalSubject")', () => {
    const { chart } = newChart();
    new Certificate(chart, 'Ldap', { issuer: caIssuer(chart), literalSubject: 'UID=jdoe,CN=John Doe,DC=corp,DC=example,DC=com' });
    expect(doc(synthValid(chart), 'Certificate').spec.literalSubject).toBe('UID=jdoe,CN=John Doe,DC=corp,DC=example,DC=com');
  });
});

describe('Certificate keystores, literalSubject, otherNames, nameConstraints: refused as upstream does', () => {
  const make = (props: any) => () => {
    const { chart } = newChart();
    return new Certificate(chart, 'Cert', { issuer: caIssuer(chart), dnsNames: ['a.example.com'], ...props });
  };
  const P = 'test/Cert';
  const password = { name: 'keystore-password', key: 'password' };

  test('literalSubject excludes commonName and every subject field, serialNumber included', () => {
    expectFailure(make({ literalSubject: 'CN=a.example.com', commonName: 'a.example.com' }), { path: P, field: 'commonName', value: '"a.example.com"', problem: /no `commonName` may be provided/, fix: /into literalSubject as CN=/ });
    expectFailure(make({ literalSubject: 'CN=a.example.com', subject: { organizations: ['Example'] } }), { path: P, field: 'subject', value: '{"organizations":["Example"]}', problem: /no `Subject` properties/, fix: /remove subject/ });
    // v1.21.1 counts serialNumber too
    expectFailure(make({ literalSubject: 'CN=a.example.com', subject: { serialNumber: '42' } }), { path: P, field: 'subject', value: '{"serialNumber":"42"}', problem: /no `Subject` properties/, fix: /SERIALNUMBER=/ });
  });
  test('literalSubject must parse as a distinguished name', () => {
    expectFailure(make({ literalSubject: 'CN=a,O' }), { path: P, field: 'literalSubject', value: '"CN=a,O"', problem: /DN ended with incomplete type, value pair/, fix: /escape/ });
    expectFailure(make({ literalSubject: 'CN=a\\' }), { path: P, field: 'literalSubject', value: '"CN=a\\\\"', problem: /corrupted escaped character/, fix: /backslash/ });
    expectFailure(make({ literalSubject: '' }), { path: P, field: 'literalSubject', value: '""', problem: /non-empty distinguished name/, fix: /RFC 4514/ });
  });
  test('literalSubject attribute types cert-manager does not recognise (case-sensitive, as its map)', () => {
    expectFailure(make({ literalSubject: 'cn=a.example.com' }), { path: P, field: 'literalSubject', value: '"cn=a.example.com"', problem: /unrecognized key with value \[a.example.com\] \(attribute type "cn"\)/, fix: /upper case/ });
    expectFailure(make({ literalSubject: 'CN=a,E=ops@example.com' }), { path: P, field: 'literalSubject', value: '"CN=a,E=ops@example.com"', problem: /attribute type "E"/, fix: /dotted OID/ });
  });
  test('a CN in literalSubject is at most 64 bytes, as a commonName', () => {
    expectFailure(make({ literalSubject: `CN=${'a'.repeat(65)}` }), { path: P, field: 'literalSubject', value: `"CN=${'a'.repeat(65)}"`, problem: /at most 64 bytes \(has 65\)/, fix: /shorten the CN/ });
  });
  test('otherNames: a valid OID and a non-empty UTF-8 value', () => {
    expectFailure(make({ otherNames: [{ utf8Value: 'x' }] }), { path: P, field: 'otherNames[0].oid', value: 'unset', problem: /must be specified/, fix: /1.3.6.1.4.1.311.20.2.3/ });
    expectFailure(make({ otherNames: [{ oid: 'upn', utf8Value: 'x' }] }), { path: P, field: 'otherNames[0].oid', value: '"upn"', problem: /invalid oid syntax/, fix: /dotted decimals/ });
    expectFailure(make({ otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: '' }] }), { path: P, field: 'otherNames[0].utf8Value', value: '""', problem: /valid non-empty UTF8 string/, fix: /UPN/ });
    expectFailure(make({ otherNames: [{ oid: '1.2.3', utf8Value: 'bad \ud800' }] }), { path: P, field: 'otherNames[0].utf8Value', value: '"bad \\ud800"', problem: /valid non-empty UTF8/, fix: /set the value/ });
  });
  test('nameConstraints: only with isCa, with permitted or excluded, IP ranges as CIDRs', () => {
    expectFailure(make({ nameConstraints: { permitted: { dnsDomains: ['example.com'] } } }), { path: P, field: 'nameConstraints', value: '{"permitted":{"dnsDomains":["example.com"]}}', problem: /isCa should be true/, fix: /isCa: true/ });
    expectFailure(make({ isCa: true, nameConstraints: { critical: true } }), { path: P, field: 'nameConstraints', value: '{"critical":true}', problem: /either permitted or excluded must be set/, fix: /permitted/ });
    expectFailure(make({ isCa: true, nameConstraints: { permitted: { ipRanges: ['10.0.0.1'] } } }), { path: P, field: 'nameConstraints.permitted.ipRanges[0]', value: '"10.0.0.1"', problem: /invalid CIDR address/, fix: /10.0.0.0\/8/ });
    expectFailure(make({ isCa: true, nameConstraints: { excluded: { ipRanges: ['10.0.0.0/33'] } } }), { path: P, field: 'nameConstraints.excluded.ipRanges[0]', value: '"10.0.0.0/33"', problem: /invalid CIDR/, fix: /prefix length/ });
  });
  test('keystores need a password Secret reference (webhook: "must set exactly one of passwordSecretRef and password")', () => {
    expectFailure(make({ keystores: { jks: {} } }), { path: P, field: 'keystores.jks.passwordSecretRef', value: 'unset', problem: /JKS keystore needs a password/, fix: /passwordSecretRef: \{ name, key \}/ });
    expectFailure(make({ keystores: { pkcs12: { passwordSecretRef: { name: 'keystore-password' } } } }), { path: P, field: 'keystores.pkcs12.passwordSecretRef.key', value: 'unset', problem: /secret key is required/, fix: /key inside the Secret/ });
    expectFailure(make({ keystores: { pkcs12: { passwordSecretRef: { name: 'Keystore', key: 'password' } } } }), { path: P, field: 'keystores.pkcs12.passwordSecretRef.name', value: '"Keystore"', problem: /Secret name/, fix: /valid Secret name/ });
    expectFailure(make({ keystores: {} }), { path: P, field: 'keystores', value: '{}', problem: /no keystore/, fix: /keystores.jks/ });
  });
  test('keystores: a known PKCS#12 profile, a non-empty JKS alias', () => {
    expectFailure(make({ keystores: { pkcs12: { passwordSecretRef: password, profile: 'Modern2024' } } }), { path: P, field: 'keystores.pkcs12.profile', value: '"Modern2024"', problem: /LegacyRC2.*Modern2026/, fix: /Pkcs12Profile/ });
    expectFailure(make({ keystores: { jks: { passwordSecretRef: password, alias: ' ' } } }), { path: P, field: 'keystores.jks.alias', value: '" "', problem: /non-empty/, fix: /default alias/ });
  });

  test('ACME: a CN of literalSubject must be among dnsNames (cert-manager fails the order with InvalidOrder)', () => {
    const { chart } = newChart('istio-system');
    const issuer = new ClusterIssuer(chart, 'Le', {
      config: IssuerConfig.letsEncrypt({ email: 'ops@example.io', solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw', namespace: 'istio-system', sectionName: 'http' }] })] }),
    });
    new Certificate(chart, 'Shop', { issuer, dnsNames: ['shop.example.com'], literalSubject: 'CN=www.shop.example.com,O=Example' });
    expectSynthFailure(chart, { path: 'test/Shop', field: 'literalSubject', value: '"CN=www.shop.example.com,O=Example"', problem: /CN "www.shop.example.com" of literalSubject\) to also be in dnsNames/, fix: /add "www.shop.example.com" to dnsNames/ });
  });
});

describe('literal subjects and OIDs as cert-manager reads them', () => {
  test('RDNs, multi-valued RDNs, escapes, hex bytes and BER values (go-ldap ParseDN)', () => {
    const s = parseLiteralSubject(' CN = a\\2c b ,O=Caf\\C3\\A9+OU=R\\+D;C=#13024445');
    expect(s.error).toBeUndefined();
    expect(s.rdns.map((r) => r.map((a) => [a.type, a.value]))).toEqual([[['CN', 'a, b']], [['O', 'Café'], ['OU', 'R+D']], [['C', 'DE']]]);
    expect(commonNameOf(s)).toBe('a, b');
    expect(commonNameOf(parseLiteralSubject('O=x,2.5.4.3=by-oid'))).toBe('by-oid');
    expect(parseLiteralSubject('CN=a,1.2.3.4=x').rdns[1][0].recognised).toBe(true);
    expect(parseLiteralSubject('CN=\\zz').error).toMatch(/invalid hex pair/);
    expect(parseLiteralSubject('=a').error).toBe('DN ended with incomplete type, value pair');
    expect(parseLiteralSubject(',CN=a').error).toBe('incomplete type, value pair');
  });
  test('OIDs Go can encode', () => {
    expect(parseOid('1.3.6.1.4.1.311.20.2.3')).toEqual([1, 3, 6, 1, 4, 1, 311, 20, 2, 3]);
    expect(parseOid('2.999.1')).toEqual([2, 999, 1]);
    for (const bad of ['1', '3.1', '1.40', '1..2', '1.2.', '-1.2', 'a.b']) expect(parseOid(bad)).toBeUndefined();
  });
});
