// Which rendered Istio rules can take an ACME HTTP-01 validation request as it arrives at a
// gateway (src/istio/routing.ts): the routing semantics the whole-app challenge checks use.
import { Chart, Testing } from 'cdk8s';
import { HttpMatch, Gateway, StringMatch } from '../../src/istio';
import { acmeChallengeRequest, httpRuleTaking, isAcmeChallengeMatch, isCatchAllHttpMatch } from '../../src/istio/routing';

/** The CA's request for shop.example.com, redirected to 443, at the gateway istio-system/shop. */
const REQUEST = acmeChallengeRequest('istio-system/shop', 'shop.example.com', 443, 'https');
/** A rule with these matches as a VirtualService renders it. */
const rule = (matches: HttpMatch[] | undefined) => ({ match: (matches ?? []).map((m) => m._toKube()), route: [{ destination: { host: 'x' } }] });
const take = (matches: HttpMatch[] | undefined) => httpRuleTaking(rule(matches), REQUEST, '') !== undefined;

describe('which rules may take an ACME challenge request', () => {
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
    const kind = (matches: HttpMatch[] | undefined) => httpRuleTaking(rule(matches), REQUEST, '');
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
    const other = new Gateway(chart, 'Other', { metadata: { namespace: 'istio-system' } });
    const mine = new Gateway(chart, 'Shop', { metadata: { namespace: 'istio-system' } });
    expect(take([HttpMatch.uriPrefix('/', { gateways: [other] })])).toBe(false);
    expect(take([HttpMatch.uriPrefix('/', { gateways: [mine] })])).toBe(true);
    expect(take([HttpMatch.uriPrefix('/api'), HttpMatch.uriPrefix('/')])).toBe(true);
  });
});

describe('isAcmeChallengeMatch', () => {
  test('a prefix on the challenge path routes every token; other matches do not', () => {
    expect(isAcmeChallengeMatch(HttpMatch.uriPrefix('/.well-known/acme-challenge/')._toKube())).toBe(true);
    expect(isAcmeChallengeMatch(HttpMatch.uriPrefix('/.well-known/acme-challenge')._toKube())).toBe(true);
    expect(isAcmeChallengeMatch(HttpMatch.uriExact('/.well-known/acme-challenge/abc')._toKube())).toBe(false);
    expect(isAcmeChallengeMatch(HttpMatch.uriPrefix('/.well-known')._toKube())).toBe(false);
    expect(isAcmeChallengeMatch(HttpMatch.uriPrefix('/')._toKube())).toBe(false);
  });
});
