// The pattern's private helpers: the names of solver Services and labels, cipher suites for
// the certificate's key. (Which Istio rules can take an ACME challenge request:
// test/istio/acme-challenge.test.ts.)
import { PrivateKeyAlgorithm } from '../../src/cert-manager';
import { TlsProtocolVersion } from '../../src/istio';
import { checkCipherSuitesForKey } from '../../src/patterns/private/ciphers';
import { solverServiceName } from '../../src/patterns/private/http01';
import { checkDns1035Label } from '../../src/private/names';
import { expectFailure } from '../util/expect';

describe('names', () => {
  test('solver Service names are DNS-1035 labels, stable, unique per host', () => {
    const hosts = ['shop.example.com', '0day.example.com', `${'x'.repeat(63)}.example.com`, `${'x'.repeat(63)}.example.org`];
    const names = hosts.map(solverServiceName);
    for (const n of names) expect(checkDns1035Label(n)).toBeUndefined();
    expect(new Set(names).size).toBe(hosts.length);
    expect(names[0]).toBe('acme-http01-shop-example-com');
    expect(hosts.map(solverServiceName)).toEqual(names);
  });
});

describe('checkCipherSuitesForKey', () => {
  const check = (suites: string[] | undefined, alg?: PrivateKeyAlgorithm, min?: TlsProtocolVersion) => () => checkCipherSuitesForKey('t', 'cipherSuites', suites, alg, min);
  test('accepts lists with a suite for the key, unknown operator syntax, TLS 1.3-only servers and Ed25519', () => {
    expect(check(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'])).not.toThrow();
    expect(check(['ECDHE-RSA-AES128-GCM-SHA256', 'AES256-SHA'], PrivateKeyAlgorithm.RSA)).not.toThrow();
    expect(check(['[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-AES256-GCM-SHA384]'])).not.toThrow();
    expect(check(['ECDHE-RSA-AES128-GCM-SHA256'], undefined, TlsProtocolVersion.TLSV1_3)).not.toThrow();
    expect(check(['ECDHE-RSA-AES128-GCM-SHA256'], PrivateKeyAlgorithm.ED25519)).not.toThrow();
    expect(check(undefined)).not.toThrow();
  });
  test('fails if no suite fits the key', () => {
    expectFailure(check(['ECDHE-ECDSA-AES128-GCM-SHA256'], PrivateKeyAlgorithm.RSA), { path: 't', field: 'cipherSuites', problem: /RSA key/, fix: /ECDHE-RSA/ });
    expectFailure(check(['AES128-GCM-SHA256']), { path: 't', field: 'cipherSuites', problem: /ECDSA key/, fix: /ECDHE-ECDSA/ });
  });
});
