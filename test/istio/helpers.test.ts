import { Duration } from 'cdk8s';
import { checkCredentialName, checkExportTo, checkIstioDuration, checkRegex } from '../../src/istio/private/checks';
import { selectorKey, selectorsOverlap } from '../../src/istio/workload-selectors';
import { checkGatewayHost, checkServiceHost, gatewayHostName, gatewayHostVisible } from '../../src/istio/private/hosts';
import {
  istioHostMatches as hostMatches, istioHostSubsetOf as hostSubsetOf, istioWildcardAncestors as wildcardAncestors,
} from '../../src/private/hostnames';
import { expectFailure, validationErrorOf } from '../util/expect';

describe('gateway hosts (B.1 #6-7)', () => {
  test.each([
    'shop.example.com', '*.example.com', '*', 'ns1/shop.example.com', './shop.example.com', '*/shop.example.com', '*/*', '10.0.0.1', '2001:db8::1',
  ])('accepts %s', (h) => expect(checkGatewayHost(h)).toBeUndefined());

  test.each([
    ['', /must not be empty/],
    ['shop.example.com:443', /carries no port/],
    ['*shop.example.com', /partial wildcard/],
    ['shop.*.example.com', /partial wildcard/],
    ['shop', /short names/],
    ['~/shop.example.com', /reserved/],
    ['Bad_NS/shop.example.com', /namespace part/],
    ['/shop.example.com', /must not be empty/],
    ['ns/a/b.example.com', /at most one/],
    ['Shop.Example.com', /lowercase/],
    ['shop.example.123', /all-numeric/],
  ])('rejects %s', (h, problem) => {
    const p = checkGatewayHost(h);
    expect(p?.problem).toMatch(problem);
    expect(p?.fix.length).toBeGreaterThan(0);
  });
  test('gatewayHostName strips the namespace part', () => {
    expect(gatewayHostName('ns/Shop.example.com')).toBe('shop.example.com');
    expect(gatewayHostName('*')).toBe('*');
  });
});

describe('service hosts (ValidateWildcardDomain)', () => {
  test.each(['reviews', 'reviews.shop.svc.cluster.local', '*.example.com', '*', '*foo.example.com', '192.0.2.1', 'example.com.'])('accepts %s', (h) => {
    expect(checkServiceHost(h)).toBeUndefined();
  });
  test.each([
    ['ns/shop.example.com', /no "namespace\/" part/],
    ['shop.example.com:8080', /carries no port/],
    ['Shop.example.com', /lowercase/],
    ['shop.*.com', /label "\*" is invalid/],
    ['foo*.example.com', /first label/],
    ['a.1', /all-numeric/],
    ['', /must not be empty/],
  ])('rejects %s', (h, problem) => expect(checkServiceHost(h)?.problem).toMatch(problem));
});

describe('Istio host matching (suffix wildcards, unlike certificates)', () => {
  test.each([
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*', 'anything.io', true],
    ['*.b.com', '*.a.b.com', true],
    ['a.com', 'b.com', false],
    ['A.com', 'a.com', true],
  ])('%s ~ %s = %s', (a, b, expected) => {
    expect(hostMatches(a as string, b as string)).toBe(expected);
    expect(hostMatches(b as string, a as string)).toBe(expected);
  });
  test('subset', () => {
    expect(hostSubsetOf('a.example.com', '*.example.com')).toBe(true);
    expect(hostSubsetOf('*.example.com', 'a.example.com')).toBe(false);
    expect(hostSubsetOf('*.a.example.com', '*.example.com')).toBe(true);
    expect(hostSubsetOf('a.com', 'a.com')).toBe(true);
  });
  test('wildcard ancestors enumerate every wildcard that matches a host', () => {
    expect(wildcardAncestors('a.b.com')).toEqual(['*.b.com', '*.com', '*']);
    expect(wildcardAncestors('*.b.com')).toEqual(['*.com', '*']);
    expect(wildcardAncestors('*')).toEqual([]);
  });
  test('namespace-restricted gateway hosts are visible only to their namespace', () => {
    expect(gatewayHostVisible('gw', 'shop.example.com', 'web')).toBe(true);
    expect(gatewayHostVisible('gw', '*/shop.example.com', 'web')).toBe(true);
    expect(gatewayHostVisible('gw', 'web/shop.example.com', 'web')).toBe(true);
    expect(gatewayHostVisible('gw', 'other/shop.example.com', 'web')).toBe(false);
    expect(gatewayHostVisible('web', './shop.example.com', 'web')).toBe(true);
    expect(gatewayHostVisible('gw', './shop.example.com', 'web')).toBe(false);
  });
});

describe('shared checks', () => {
  // istio/istio pkg/config/validation/validation.go validateStringRegexp: at most 1024 characters,
  // then Go's regexp.Compile (RE2 syntax; re2js words its errors as Go does)
  test('regex: RE2 syntax accepted, what RE2 refuses rejected with its reason', () => {
    for (const ok of ['(?i)^/api/(?P<v>v[0-9]+)/.*$', '[[:alpha:]]+', '(?s:.)\\pL{2}', 'a{1000}', '(?U)a+']) expect(() => checkRegex('X', 'f', ok)).not.toThrow();
    expectFailure(() => checkRegex('X', 'f', '^/a(?=b)'), {
      path: 'X', field: 'f', value: '"^/a(?=b)"',
      problem: "RE2 (Istio/Envoy's engine) rejects this regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
      fix: /^RE2 has no look-around/,
    });
    expectFailure(() => checkRegex('X', 'f', '(?<!a)b'), { path: 'X', field: 'f', value: '"(?<!a)b"', problem: 'invalid named capture', fix: /^RE2 has no look-around/ });
    expectFailure(() => checkRegex('X', 'f', '(a)\\1'), { path: 'X', field: 'f', value: '"(a)\\\\1"', problem: 'invalid escape sequence: `\\1`', fix: /^RE2 has no back-references/ });
    expectFailure(() => checkRegex('X', 'f', '(?<n>a)\\k<n>'), { path: 'X', field: 'f', problem: 'invalid escape sequence: `\\k`', fix: /^RE2 has no back-references/ });
    expectFailure(() => checkRegex('X', 'f', '[a-'), { path: 'X', field: 'f', value: '"[a-"', problem: 'missing closing ]', fix: /^write RE2 syntax \(https:\/\/github.com\/google\/re2\/wiki\/Syntax\)/ });
    expectFailure(() => checkRegex('X', 'f', 'a{1001}'), { path: 'X', field: 'f', value: '"a{1001}"', problem: 'invalid repeat count', fix: /repeats up to \{1000\}/ });
    expectFailure(() => checkRegex('X', 'f', 'a++'), { path: 'X', field: 'f', value: '"a++"', problem: 'invalid nested repetition operator', fix: /^write RE2 syntax/ });
    expect(validationErrorOf(() => checkRegex('X', 'f', 'a'.repeat(1025)))).toMatch(/max length allowed is 1024/);
  });
  test('exportTo', () => {
    expect(() => checkExportTo('X', 'exportTo', ['.', 'other'], 'web')).not.toThrow();
    expect(validationErrorOf(() => checkExportTo('X', 'exportTo', ['.', 'web'], 'web'))).toMatch(/\(exportTo\[1\]: "web"\) — list every namespace once/);
    expect(validationErrorOf(() => checkExportTo('X', 'exportTo', ['*', 'a'], 'web'))).toMatch(/cannot be combined/);
    expect(validationErrorOf(() => checkExportTo('X', 'exportTo', ['Bad'], 'web'))).toMatch(/must be "\.", "\*" or a namespace name/);
  });
  test('credential names: Secrets only, no files', () => {
    expect(checkCredentialName('X', 'c', 'shop-tls')).toBe('shop-tls');
    expect(validationErrorOf(() => checkCredentialName('X', 'c', 'sds'))).toMatch(/file-based certificates.*— create a cert-manager Certificate and use GatewayTls.simple/);
    expect(validationErrorOf(() => checkCredentialName('X', 'c', '/etc/istio/ingressgateway-certs/tls.crt'))).toMatch(/file-based/);
    expect(validationErrorOf(() => checkCredentialName('X', 'c', 'kubernetes://shop'))).toMatch(/credential URLs/);
    expect(validationErrorOf(() => checkCredentialName('X', 'c', 'Shop'))).toMatch(/secret name must be a lowercase RFC 1123 subdomain/);
  });
  test('credential names: the wording follows what the Secret holds (client CA, upstream CA)', () => {
    const clientCa = validationErrorOf(() => checkCredentialName('X', 'caCertCredentialName', '/etc/istio/ingressgateway-ca-certs/ca-chain.cert.pem', 'client-ca'));
    expect(clientCa).toMatch(/names a Secret holding the client CA bundle, not a file .* — name the Secret \(key `ca.crt`\) holding the client CA, in the gateway workload namespace$/);
    expect(clientCa).not.toMatch(/serverCertificate\/privateKey|tls\.key/);
    expect(validationErrorOf(() => checkCredentialName('X', 'c', 'Client CA', 'client-ca'))).toMatch(/— name the Secret \(key `ca.crt`\) holding the client CA/);
    expect(validationErrorOf(() => checkCredentialName('X', 'c', '', 'client-ca'))).toMatch(/— name the Secret \(key `ca.crt`\) holding the client CA$/);
    expect(validationErrorOf(() => checkCredentialName('X', 'c', '/etc/ssl/ca.pem', 'upstream-ca'))).toMatch(/— name the Secret \(key `ca.crt`\) holding the CA that signs the upstream's certificate/);
  });
  test('durations: at least 1ms, whole milliseconds', () => {
    expect(() => checkIstioDuration('X', 't', Duration.millis(1))).not.toThrow();
    expect(validationErrorOf(() => checkIstioDuration('X', 't', Duration.millis(0.5)))).toMatch(/at least 1ms and a whole number of milliseconds \(t: 0.5ms\) — use e.g. Duration.millis/);
  });
  test('selectors', () => {
    expect(selectorKey({ b: '2', a: '1' })).toBe(selectorKey({ a: '1', b: '2' }));
    expect(selectorsOverlap({ istio: 'ingressgateway' }, { istio: 'ingressgateway', app: 'x' })).toBe(true);
    expect(selectorsOverlap({ istio: 'a' }, { istio: 'b' })).toBe(false);
  });
});
