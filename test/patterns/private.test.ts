// The pattern's private helpers: which Istio rules can take an ACME challenge request, and the
// names of solver Services and labels.
import { Chart, Testing } from 'cdk8s';
import { PrivateKeyAlgorithm } from '../../src/cert-manager';
import { HttpMatch, IstioGateway, StringMatch, TlsProtocolVersion } from '../../src/istio';
import { isCatchAllHttpMatch } from '../../src/istio/routing';
import { challengeTaking, routeMayTakeChallenge } from '../../src/patterns/private/challenge-match';
import { checkCipherSuitesForKey } from '../../src/patterns/private/ciphers';
import { hostLabelValue, solverServiceName } from '../../src/patterns/private/http01';
import { checkDns1035Label, checkLabelValue } from '../../src/private/names';
import { expectFailure } from '../util/expect';

const HOP = { host: 'shop.example.com', port: 443, scheme: 'https' as const };
const GW = 'istio-system/shop';
const take = (matches: HttpMatch[] | undefined) => routeMayTakeChallenge({ matches, destinations: [{ host: 'x' }] }, HOP, GW);

describe('routeMayTakeChallenge', () => {
  test('catch-alls and covering paths take it', () => {
    expect(take(undefined)).toBe(true);
    expect(take([HttpMatch.uriPrefix('/')])).toBe(true);
    expect(take([HttpMatch.uriPrefix('/.well-known')])).toBe(true);
    expect(take([HttpMatch.uriPrefix('/.well-known/acme-challenge/')])).toBe(true);
    expect(take([HttpMatch.uriExact('/.well-known/acme-challenge/abc')])).toBe(true);
    expect(take([HttpMatch.uriRegex('/\\.well-known/.*')])).toBe(true);
    expect(take([HttpMatch.uriRegex('.*')])).toBe(true);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/.WELL-KNOWN'), ignoreUriCase: true })])).toBe(true);
  });

  test('other paths do not', () => {
    expect(take([HttpMatch.uriPrefix('/api')])).toBe(false);
    expect(take([HttpMatch.uriExact('/.well-known/acme-challenge/')])).toBe(false);
    expect(take([HttpMatch.uriExact('/.well-known/acme-challenge/a/b')])).toBe(false);
    expect(take([HttpMatch.uriRegex('/api/.*')])).toBe(false);
    expect(take([HttpMatch.uriPrefix('/.WELL-KNOWN')])).toBe(false);
  });

  test('conditions a validation request cannot meet do not', () => {
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), method: StringMatch.exact('POST') })])).toBe(false);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), method: StringMatch.exact('GET') })])).toBe(true);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), scheme: StringMatch.exact('http') })])).toBe(false);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), port: 80 })])).toBe(false);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), port: 443 })])).toBe(true);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), authority: StringMatch.exact('www.example.com') })])).toBe(false);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), authority: StringMatch.prefix('shop.example.com:') })])).toBe(true);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), authority: StringMatch.regex('shop\\..*') })])).toBe(true);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), headers: { 'x-canary': StringMatch.exact('1') } })])).toBe(false);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), queryParams: { debug: StringMatch.exact('1') } })])).toBe(false);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), withoutHeaders: { 'x-canary': StringMatch.exact('1') } })])).toBe(true);
  });

  test('headers the gateway sets or passes on may hold: x-forwarded-proto is the hop\'s scheme, others are unknown', () => {
    const xfp = (v: string) => take([HttpMatch.of({ uri: StringMatch.prefix('/'), headers: { 'X-Forwarded-Proto': StringMatch.exact(v) } })]);
    expect(xfp('https')).toBe(true);
    expect(xfp('http')).toBe(false);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), headers: { 'user-agent': StringMatch.regex('.*Let.s Encrypt.*') } })])).toBe(true);
    expect(take([HttpMatch.of({ uri: StringMatch.prefix('/'), headers: { 'user-agent': StringMatch.regex('.*'), 'x-canary': StringMatch.exact('1') } })])).toBe(false);
  });

  test('Istio\'s catch-alls (moved behind all other routes) are told apart from rules kept in place', () => {
    const kind = (matches: HttpMatch[] | undefined) => challengeTaking({ matches, destinations: [{ host: 'x' }] }, HOP, GW);
    expect(kind(undefined)).toBe('catch-all');
    expect(kind([HttpMatch.uriPrefix('/')])).toBe('catch-all');
    expect(kind([HttpMatch.uriRegex('.*')])).toBe('catch-all');
    expect(kind([HttpMatch.uriPrefix('/', { port: 443 })])).toBe('catch-all');
    expect(kind([HttpMatch.of({ uri: StringMatch.prefix('/'), ignoreUriCase: true })])).toBe('catch-all');
    expect(kind([HttpMatch.of({ uri: StringMatch.prefix('/'), method: StringMatch.exact('GET') })])).toBe('ordered');
    expect(kind([HttpMatch.of({ uri: StringMatch.prefix('/'), withoutHeaders: { 'x-canary': StringMatch.exact('1') } })])).toBe('ordered');
    expect(kind([HttpMatch.uriPrefix('/.well-known')])).toBe('ordered');
    expect(kind([HttpMatch.uriPrefix('/'), HttpMatch.uriPrefix('/.well-known')])).toBe('ordered');
    expect(kind([HttpMatch.uriPrefix('/api')])).toBeUndefined();
    expect(isCatchAllHttpMatch(undefined)).toBe(true);
    expect(isCatchAllHttpMatch({ uri: { prefix: '/' }, queryParams: { a: { exact: '1' } } })).toBe(false);
  });

  test('a match restricted to other gateways does not; any match of a rule is enough', () => {
    const chart = new Chart(Testing.app(), 'test');
    const other = new IstioGateway(chart, 'Other', { metadata: { namespace: 'istio-system' } });
    const mine = new IstioGateway(chart, 'Shop', { metadata: { namespace: 'istio-system' } });
    expect(take([HttpMatch.uriPrefix('/', { gateways: [other] })])).toBe(false);
    expect(take([HttpMatch.uriPrefix('/', { gateways: [mine] })])).toBe(true);
    expect(take([HttpMatch.uriPrefix('/api'), HttpMatch.uriPrefix('/')])).toBe(true);
  });
});

describe('names', () => {
  test('solver Service names are DNS-1035 labels, stable, unique per host', () => {
    const hosts = ['shop.example.com', '0day.example.com', `${'x'.repeat(63)}.example.com`, `${'x'.repeat(63)}.example.org`];
    const names = hosts.map(solverServiceName);
    for (const n of names) expect(checkDns1035Label(n)).toBeUndefined();
    expect(new Set(names).size).toBe(hosts.length);
    expect(names[0]).toBe('acme-http01-shop-example-com');
    expect(hosts.map(solverServiceName)).toEqual(names);
  });

  test('label values are the host when it fits, else cut with a hash', () => {
    expect(hostLabelValue('shop.example.com')).toBe('shop.example.com');
    const long = [`${'a'.repeat(60)}.example.com`, `${'a'.repeat(60)}.example.org`].map(hostLabelValue);
    for (const v of long) expect(checkLabelValue(v)).toBeUndefined();
    expect(long[0]).not.toBe(long[1]);
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
