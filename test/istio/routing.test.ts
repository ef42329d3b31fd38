// Istio's HTTP routing semantics over the rendered rules (src/istio/routing.ts): the Istio
// family's interface for other families asking which rule may take a request.
import {
  describeHttpRule, GatewayRequest, httpMatchMayTake, httpRuleTaking, isCatchAllHttpMatch, isUnconditionalCatchAll, qualifiedGatewayName,
} from '../../src/istio/routing';

const GET: GatewayRequest = { gateway: 'istio-system/public', host: 'shop.example.com', port: 443, scheme: 'https', method: 'GET', path: '/api/items' };
const TOKEN: GatewayRequest = { ...GET, path: '/.well-known/acme-challenge/', lastSegment: ['KJ4Yd0yYbTA9D6Y4OX-CKmjxMxmB0oOgV4Ga3wgIHE0', 'a'], unknownHeaders: ['user-agent'] };

describe('catch-all matches (Istio IsCatchAllRoute)', () => {
  test.each([
    [undefined, true],
    [{}, true],
    [{ uri: { prefix: '/' } }, true],
    [{ uri: { regex: '.*' }, name: 'all' }, true],
    [{ uri: { prefix: '/' }, port: 80 }, true],
    [{ uri: { prefix: '/api' } }, false],
    [{ uri: { exact: '/' } }, false],
    [{ uri: { prefix: '/' }, queryParams: { a: { exact: '1' } } }, false],
    [{ uri: { prefix: '/' }, withoutHeaders: { a: { exact: '1' } } }, false],
    [{ uri: { prefix: '/' }, method: { exact: 'GET' } }, false],
  ])('%j → %s', (match, expected) => expect(isCatchAllHttpMatch(match)).toBe(expected));

  test('unconditional: no port, gateway or source condition', () => {
    expect(isUnconditionalCatchAll(undefined)).toBe(true);
    expect(isUnconditionalCatchAll({ uri: { prefix: '/' } })).toBe(true);
    expect(isUnconditionalCatchAll({ uri: { prefix: '/' }, port: 80 })).toBe(false);
    expect(isUnconditionalCatchAll({ uri: { prefix: '/' }, gateways: ['istio-system/public'] })).toBe(false);
    expect(isUnconditionalCatchAll({ uri: { prefix: '/' }, sourceLabels: { app: 'a' } })).toBe(false);
    expect(isUnconditionalCatchAll({ uri: { prefix: '/' }, sourceNamespace: 'web' })).toBe(false);
  });
});

describe('which rendered match may take a request', () => {
  test('path, method, scheme, authority, port and query conditions of a known path', () => {
    const take = (m: any) => httpMatchMayTake(m, GET, 'web');
    expect(take({ uri: { prefix: '/api' } })).toBe(true);
    expect(take({ uri: { exact: '/api/items' } })).toBe(true);
    expect(take({ uri: { exact: '/api' } })).toBe(false);
    expect(take({ uri: { regex: '/api/.*' } })).toBe(true);
    expect(take({ uri: { prefix: '/API' }, ignoreUriCase: true })).toBe(true);
    expect(take({ uri: { prefix: '/API' } })).toBe(false);
    expect(take({ method: { exact: 'POST' } })).toBe(false);
    expect(take({ scheme: { exact: 'http' } })).toBe(false);
    expect(take({ authority: { prefix: 'shop.example.com:' } })).toBe(true);
    expect(take({ authority: { exact: 'www.example.com' } })).toBe(false);
    expect(take({ port: 80 })).toBe(false);
    expect(take({ queryParams: { q: { exact: '1' } } })).toBe(false);
    expect(httpMatchMayTake({ queryParams: { q: { exact: '1' } } }, { ...GET, query: true }, 'web')).toBe(true);
  });

  test('a path with an unknown last segment (an ACME token): prefixes and exact paths decided for any segment, regexes on samples', () => {
    const take = (m: any) => httpMatchMayTake(m, TOKEN, 'web');
    expect(take({ uri: { prefix: '/.well-known' } })).toBe(true);
    expect(take({ uri: { prefix: '/.well-known/acme-challenge/K' } })).toBe(true);
    expect(take({ uri: { exact: '/.well-known/acme-challenge/abc' } })).toBe(true);
    expect(take({ uri: { exact: '/.well-known/acme-challenge/' } })).toBe(false);
    expect(take({ uri: { exact: '/.well-known/acme-challenge/a/b' } })).toBe(false);
    expect(take({ uri: { regex: '/\\.well-known/.*' } })).toBe(true);
    expect(take({ uri: { regex: '/api/.*' } })).toBe(false);
  });

  test('regexes are RE2, full matches (Envoy safe_regex): RE2-only syntax is decided, not assumed', () => {
    const take = (m: any) => httpMatchMayTake(m, TOKEN, 'web');
    expect(take({ uri: { regex: '(?i)/\\.WELL-KNOWN/.*' } })).toBe(true);
    expect(take({ uri: { regex: '(?i)/api/.*' } })).toBe(false);
    expect(take({ uri: { regex: '/[[:punct:]]well-known/(?P<rest>.*)' } })).toBe(true);
    expect(take({ uri: { regex: '/\\.well-known' } })).toBe(false); // a prefix of the path is no full match
    // a pattern RE2 refuses (from outside the library) cannot be judged: it may match
    expect(take({ uri: { regex: '/(?!x).*' } })).toBe(true);
  });

  test('headers: x-forwarded-proto is the scheme, headers with unknown values (client or gateway) may hold, no other header is sent', () => {
    const take = (headers: any) => httpMatchMayTake({ headers }, TOKEN, 'web');
    expect(take({ 'X-Forwarded-Proto': { exact: 'https' } })).toBe(true);
    expect(take({ 'x-forwarded-proto': { exact: 'http' } })).toBe(false);
    expect(take({ 'user-agent': { regex: '.*' } })).toBe(true);
    expect(take({ 'x-request-id': { prefix: 'a' } })).toBe(true);
    expect(take({ 'x-canary': { exact: '1' } })).toBe(false);
    expect(httpMatchMayTake({ headers: { 'user-agent': { regex: '.*' } } }, GET, 'web')).toBe(false);
  });

  test('match gateways: a short name is in the VirtualService\'s namespace', () => {
    expect(qualifiedGatewayName('public', 'istio-system')).toBe('istio-system/public');
    expect(qualifiedGatewayName('mesh', 'web')).toBe('mesh');
    expect(httpMatchMayTake({ gateways: ['public'] }, GET, 'istio-system')).toBe(true);
    expect(httpMatchMayTake({ gateways: ['public'] }, GET, 'web')).toBe(false);
    expect(httpMatchMayTake({ gateways: ['mesh', 'istio-system/public'] }, GET, 'web')).toBe(true);
  });

  // istio/istio pilot/pkg/model/config.go (1.30.3) resolveGatewayName
  test('gateway names resolve as Istio resolves them: ./name in the namespace, the legacy name.namespace[.svc.cluster.local] form', () => {
    expect(qualifiedGatewayName('./public', 'istio-system')).toBe('istio-system/public');
    expect(qualifiedGatewayName('public.istio-system', 'web')).toBe('istio-system/public');
    expect(qualifiedGatewayName('public.istio-system.svc.cluster.local', 'web')).toBe('istio-system/public');
    expect(qualifiedGatewayName('other/public', 'web')).toBe('other/public');
    expect(httpMatchMayTake({ gateways: ['public.istio-system'] }, GET, 'web')).toBe(true);
  });

  test('a rule: catch-all when only catch-all matches may take the request, ordered when a kept match may, else none', () => {
    expect(httpRuleTaking({ route: [] }, GET, 'web')).toBe('catch-all');
    expect(httpRuleTaking({ match: [{ uri: { prefix: '/' } }] }, GET, 'web')).toBe('catch-all');
    expect(httpRuleTaking({ match: [{ uri: { prefix: '/' } }, { uri: { prefix: '/api' } }] }, GET, 'web')).toBe('ordered');
    expect(httpRuleTaking({ match: [{ uri: { prefix: '/web' } }] }, GET, 'web')).toBeUndefined();
  });

  test('what a rule does, for messages', () => {
    expect(describeHttpRule({ redirect: { scheme: 'https' } })).toBe('a redirect');
    expect(describeHttpRule({ directResponse: { status: 404 } })).toBe('a direct response 404');
    expect(describeHttpRule({ route: [{ destination: { host: 'a', port: { number: 80 } } }, { destination: { host: 'b' } }] })).toBe('a route to a:80, b');
  });
});
