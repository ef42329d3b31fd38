import { Chart } from 'cdk8s';
import { Certificate, ClusterIssuer, IssuerConfig } from '../../src/cert-manager';
import {
  AllowedRoutes, Gateway, HeaderMatchType, HttpMethod, HttpPathMatch, HttpPathModifier, HttpRoute, HttpRouteFilter, HttpRouteFilterType,
  HttpRouteRule, IGateway, ListenerProtocol, ListenerTls, PathMatchType, RedirectScheme, ReferenceGrant,
} from '../../src/gateway-api';
import { gatewayApiEffectiveHostname as effectiveHostname, gatewayApiHostnamesIntersect as hostnamesIntersect } from '../../src/private/hostnames';
import { Warnings } from '../../src/validation';
import { expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';

function setup() {
  const { app, chart } = newChart('istio-ingress');
  const issuer = new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.selfSigned() });
  const cert = new Certificate(chart, 'Cert', { issuer, secretName: 'shop-tls', dnsNames: ['shop.example.com', '*.apps.example.com'] });
  const gateway = new Gateway(chart, 'Gw', {
    listeners: [
      { name: 'http', protocol: ListenerProtocol.HTTP },
      { name: 'https', protocol: ListenerProtocol.HTTPS, tls: ListenerTls.terminate(cert) },
      { name: 'apps', protocol: ListenerProtocol.HTTPS, hostname: '*.apps.example.com', tls: ListenerTls.terminate(cert), allowedRoutes: AllowedRoutes.fromAllNamespaces() },
    ],
  });
  return { app, chart, gateway, cert };
}

const backend = { serviceName: 'shop', port: 8080 };
const rule: HttpRouteRule = { backendRefs: [backend] };

describe('HttpRoute', () => {
  test('renders the HTTP→HTTPS redirect route of the Gateway API pattern', () => {
    const { chart, gateway } = setup();
    const route = new HttpRoute(chart, 'HttpsRedirect', {
      parentRefs: [{ gateway, sectionName: 'http' }],
      hostnames: ['shop.example.com'],
      rules: [{ filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, statusCode: 301 })] }],
    });
    const doc = synthValid(chart).find((d) => d.kind === 'HTTPRoute');
    expect(doc.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(doc.metadata).toEqual({ name: 'https-redirect', namespace: 'istio-ingress' });
    expect(doc.spec).toEqual({
      parentRefs: [{ name: 'gw', namespace: 'istio-ingress', sectionName: 'http' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
      }],
    });
    // read-back for patterns that trace routing
    const [r] = route.rules;
    expect(r.matches![0].path!.type).toBe(PathMatchType.PATH_PREFIX);
    expect(r.filters![0].type).toBe(HttpRouteFilterType.REQUEST_REDIRECT);
    expect(r.filters![0].redirect).toEqual(expect.objectContaining({ scheme: RedirectScheme.HTTPS, statusCode: 301 }));
    expect(route.parentRefs[0].gateway).toBe(gateway);
    expect(route.hostnames).toEqual(['shop.example.com']);
  });

  test('renders matches, filters and weighted backends', () => {
    const { chart, gateway } = setup();
    const route = new HttpRoute(chart, 'Shop', { parentRefs: [{ gateway, sectionName: 'https', port: 443 }], hostnames: ['shop.example.com'] });
    route.addRule({
      name: 'api',
      matches: [
        { path: HttpPathMatch.exact('/api/health'), method: HttpMethod.GET },
        { path: HttpPathMatch.regularExpression('/v[0-9]+/.*'), headers: [{ name: 'x-canary', value: 'true' }, { name: 'x-tenant', value: 'a|b', type: HeaderMatchType.REGULAR_EXPRESSION }] },
      ],
      filters: [
        HttpRouteFilter.requestHeaderModifier({ set: { 'x-forwarded-proto': 'https' }, add: { 'x-route': 'api' }, remove: ['x-debug'] }),
        HttpRouteFilter.urlRewrite({ hostname: 'api.internal', path: HttpPathModifier.replaceFullPath('/') }),
      ],
      backendRefs: [{ serviceName: 'api-v1', port: 80, weight: 90 }, { serviceName: 'api-v2', port: 80, weight: 10, namespace: 'istio-ingress' }],
    });
    route.addRule({
      matches: [{ path: HttpPathMatch.pathPrefix('/old') }],
      filters: [HttpRouteFilter.requestRedirect({ path: HttpPathModifier.replacePrefixMatch('/new'), hostname: 'shop.example.com', port: 8443, scheme: RedirectScheme.HTTPS })],
    });
    const doc = synthValid(chart).find((d) => d.kind === 'HTTPRoute');
    expect(doc.spec.parentRefs).toEqual([{ name: 'gw', namespace: 'istio-ingress', sectionName: 'https', port: 443 }]);
    expect(doc.spec.rules[0]).toEqual({
      name: 'api',
      matches: [
        { path: { type: 'Exact', value: '/api/health' }, method: 'GET' },
        {
          path: { type: 'RegularExpression', value: '/v[0-9]+/.*' },
          headers: [{ name: 'x-canary', value: 'true', type: 'Exact' }, { name: 'x-tenant', value: 'a|b', type: 'RegularExpression' }],
        },
      ],
      filters: [
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-forwarded-proto', value: 'https' }], add: [{ name: 'x-route', value: 'api' }], remove: ['x-debug'] } },
        { type: 'URLRewrite', urlRewrite: { hostname: 'api.internal', path: { type: 'ReplaceFullPath', replaceFullPath: '/' } } },
      ],
      backendRefs: [{ name: 'api-v1', port: 80, weight: 90 }, { name: 'api-v2', namespace: 'istio-ingress', port: 80, weight: 10 }],
    });
    expect(doc.spec.rules[1].filters).toEqual([{
      type: 'RequestRedirect',
      requestRedirect: { scheme: 'https', hostname: 'shop.example.com', port: 8443, path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' }, statusCode: 302 },
    }]);
  });

  test('HttpPathMatch.matchesPath() follows the Gateway API semantics (the ACME challenge path)', () => {
    const challenge = '/.well-known/acme-challenge/abc123';
    expect(HttpPathMatch.exact(challenge).matchesPath(challenge)).toBe(true);
    expect(HttpPathMatch.exact(challenge).matchesPath(`${challenge}/`)).toBe(false);
    expect(HttpPathMatch.pathPrefix('/').matchesPath(challenge)).toBe(true);
    expect(HttpPathMatch.pathPrefix('/.well-known').matchesPath(challenge)).toBe(true);
    expect(HttpPathMatch.pathPrefix('/.well-known/').matchesPath('/.well-known')).toBe(true);
    expect(HttpPathMatch.pathPrefix('/abc').matchesPath('/abcd')).toBe(false);
    expect(HttpPathMatch.regularExpression('/\\.well-known/.*').matchesPath(challenge)).toBe(true);
    expect(HttpPathMatch.regularExpression('/x').matchesPath('/x/y')).toBe(false);
  });

  // Istio passes RegularExpression values to Envoy unchanged (istio/istio
  // pilot/pkg/config/kube/gateway/conversion.go createURIMatch / createHeadersMatch): RE2 syntax,
  // full match. These were refused when JavaScript's RegExp judged them (issue #15).
  test('RE2 syntax that JavaScript lacks renders, schema-valid, and matches as RE2 does', () => {
    const { chart, gateway } = setup();
    const paths = ['(?i)/api/.*', '/(?P<version>v[0-9]+)/.*', '/[[:alpha:]]+'];
    new HttpRoute(chart, 'R', {
      parentRefs: [{ gateway, sectionName: 'https' }],
      rules: [{
        matches: [
          ...paths.map((p) => ({ path: HttpPathMatch.regularExpression(p) })),
          { headers: [{ name: 'x-tenant', value: '(?i)acme|(?P<t>[[:digit:]]+)', type: HeaderMatchType.REGULAR_EXPRESSION }] },
        ],
        backendRefs: [backend],
      }],
    });
    const doc = synthValid(chart).find((d) => d.kind === 'HTTPRoute');
    expect(doc.spec.rules[0].matches.slice(0, 3).map((m: any) => m.path)).toEqual(paths.map((value) => ({ type: 'RegularExpression', value })));
    expect(doc.spec.rules[0].matches[3].headers).toEqual([{ name: 'x-tenant', value: '(?i)acme|(?P<t>[[:digit:]]+)', type: 'RegularExpression' }]);
    expect(HttpPathMatch.regularExpression('(?i)/api/.*').matchesPath('/API/v1')).toBe(true);
    expect(HttpPathMatch.regularExpression('/[[:alpha:]]+').matchesPath('/abc')).toBe(true);
    expect(HttpPathMatch.regularExpression('/[[:alpha:]]+').matchesPath('/abc1')).toBe(false);
  });

  test('a regex RE2 refuses is named with RE2\'s reason and the fix', () => {
    const { chart } = setup();
    expectFailure(() => new HttpRoute(chart, 'R', { rules: [{ matches: [{ path: HttpPathMatch.regularExpression('/(?=admin).*') }], backendRefs: [backend] }] }), {
      path: 'test/R', field: 'rules[0].matches[0].path.regex', value: '"/(?=admin).*"',
      problem: "HttpPathMatch.regularExpression: RE2 (Istio/Envoy's engine) rejects this regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
      fix: /^RE2 has no look-around: drop \(\?=, \(\?!, \(\?<= and \(\?<!/,
    });
  });

  test('routes from other namespaces attach to listeners that allow them; unknown gateways are not checked', () => {
    const { chart, gateway } = setup();
    const other = new Chart(chart.node.scope!, 'team', { namespace: 'team-a' });
    new HttpRoute(other, 'App', { parentRefs: [{ gateway, sectionName: 'apps' }], hostnames: ['app.apps.example.com'], rules: [rule] });
    const imported: IGateway = Gateway.fromGatewayAttributes(other, 'Shared', { name: 'shared', namespace: 'edge' });
    new HttpRoute(other, 'Elsewhere', { parentRefs: [{ gateway: imported, sectionName: 'whatever' }], rules: [rule] });
    const docs = synthValid(other);
    expect(docs[0].spec.parentRefs).toEqual([{ name: 'gw', namespace: 'istio-ingress', sectionName: 'apps' }]);
    expect(docs[1].spec.parentRefs).toEqual([{ name: 'shared', namespace: 'edge', sectionName: 'whatever' }]);
  });

  test('a wildcard listener accepts deeper hosts and the wildcard certificate covers one label', () => {
    const { chart, gateway } = setup();
    new HttpRoute(chart, 'Ok', { parentRefs: [{ gateway, sectionName: 'apps' }], hostnames: ['a.apps.example.com', '*.apps.example.com'], rules: [rule] });
    synthValid(chart);
  });

  test('hostnames no attached listener serves are reported as ignored', () => {
    const { chart, gateway } = setup();
    new HttpRoute(chart, 'R', { parentRefs: [{ gateway, sectionName: 'apps' }], hostnames: ['a.apps.example.com', 'shop.example.com'], rules: [rule] });
    synthValid(chart);
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/R\] hostnames \["shop.example.com"\] match no listener hostname of gateway istio-ingress\/gw; .* \(parentRefs\[0\]: "istio-ingress\/gw"\) — /)]);
  });

  test('cross-namespace backends warn unless a ReferenceGrant in the app allows them', () => {
    const { chart, gateway } = setup();
    new HttpRoute(chart, 'R', { parentRefs: [{ gateway, sectionName: 'http' }], rules: [{ backendRefs: [{ serviceName: 'shop', port: 80, namespace: 'shop' }] }] });
    synthValid(chart);
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/R\] the backend refers to Service shop\/shop .*ReferenceGrant.* \(rules\[0\]\.backendRefs\[0\]: "shop\/shop"\) — add a ReferenceGrant/)]);

    const again = setup();
    new ReferenceGrant(again.chart, 'Grant', { metadata: { namespace: 'shop' }, from: [{ kind: 'HTTPRoute', namespace: 'istio-ingress' }], to: [{ kind: 'Service', name: 'shop' }] });
    new HttpRoute(again.chart, 'R', { parentRefs: [{ gateway: again.gateway, sectionName: 'http' }], rules: [{ backendRefs: [{ serviceName: 'shop', port: 80, namespace: 'shop' }] }] });
    synthValid(again.chart);
    expect(Warnings.collect(again.chart)).toEqual([]);
  });

  test('hostname intersection and effective host follow the Gateway API rules', () => {
    expect(hostnamesIntersect('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'example.com')).toBe(false);
    expect(hostnamesIntersect('a.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', '*.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', '*.example.net')).toBe(false);
    expect(hostnamesIntersect('a.example.com', 'b.example.com')).toBe(false);
    expect(effectiveHostname(undefined, '*.x.com')).toBe('*.x.com');
    expect(effectiveHostname('a.x.com', '*.x.com')).toBe('a.x.com');
    expect(effectiveHostname('*.a.x.com', '*.x.com')).toBe('*.a.x.com');
    expect(effectiveHostname('a.x.com', 'b.x.com')).toBeUndefined();
  });

  describe('fails if', () => {
    const redirect = HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS });
    const cases: Array<[string, (route: HttpRoute, gateway: Gateway) => unknown, string, string | undefined, RegExp]> = [
      ['a rule has neither backends nor a redirect', (r) => r.addRule({}), 'rules[0].backendRefs', '[]', /add a backend/],
      ['a redirect rule also has backends', (r) => r.addRule({ filters: [redirect], backendRefs: [backend] }), 'rules[0].backendRefs', '["shop"]', /remove the backends/],
      ['a filter type is repeated', (r) => r.addRule({ filters: [redirect, redirect] }), 'rules[0].filters[1]', '"RequestRedirect"', /merge the two filters/],
      ['RequestRedirect and URLRewrite are combined', (r) => r.addRule({ filters: [redirect, HttpRouteFilter.urlRewrite({ hostname: 'a.b' })] }),
        'rules[0].filters', '["RequestRedirect","URLRewrite"]', /one of the two/],
      ['replacePrefixMatch is used without a single PathPrefix match', (r) => r.addRule({
        matches: [{ path: HttpPathMatch.exact('/a') }], filters: [HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replacePrefixMatch('/b') })], backendRefs: [backend],
      }), 'rules[0].matches', '["Exact /a"]', /single PathPrefix match/],
      ['a filter is not made by HttpRouteFilter', (r) => r.addRule({ filters: [{ type: 'RequestRedirect' } as any], backendRefs: [backend] }),
        'rules[0].filters[0]', undefined, /HttpRouteFilter\.requestRedirect/],
      ['a backend Service name is not a DNS-1035 label', (r) => r.addRule({ backendRefs: [{ serviceName: '1shop', port: 80 }] }), 'rules[0].backendRefs[0].serviceName', '"1shop"', /metadata\.name/],
      ['a backend has no port', (r) => r.addRule({ backendRefs: [{ serviceName: 'shop' } as any] }), 'rules[0].backendRefs[0].port', 'unset', /Service port/],
      ['a backend weight is out of range', (r) => r.addRule({ backendRefs: [{ ...backend, weight: 1000001 }] }), 'rules[0].backendRefs[0].weight', '1000001', /relative weight/],
      ['a backend namespace is invalid', (r) => r.addRule({ backendRefs: [{ ...backend, namespace: 'Shop' }] }), 'rules[0].backendRefs[0].namespace', '"Shop"', /valid namespace/],
      ['a rule has more than 16 backends', (r) => r.addRule({ backendRefs: Array.from({ length: 17 }, (_, i) => ({ serviceName: `s${i}`, port: 80 })) }),
        'rules[0].backendRefs', '17', /fewer backends/],
      ['a rule name is invalid', (r) => r.addRule({ ...rule, name: 'API' }), 'rules[0].name', '"API"', /lowercase name/],
      ['two rules have the same name', (r) => { r.addRule({ ...rule, name: 'api' }); r.addRule({ ...rule, name: 'api' }); }, 'rules[1].name', '"api"', /its own name/],
      ['a match method is unknown', (r) => r.addRule({ ...rule, matches: [{ method: 'FETCH' as HttpMethod }] }), 'rules[0].matches[0].method', '"FETCH"', /HttpMethod/],
      ['a header name is invalid', (r) => r.addRule({ ...rule, matches: [{ headers: [{ name: 'x bad', value: '1' }] }] }), 'rules[0].matches[0].headers[0].name', '"x bad"', /header name such as/],
      ['a header value is empty', (r) => r.addRule({ ...rule, matches: [{ headers: [{ name: 'x-a', value: '' }] }] }), 'rules[0].matches[0].headers[0].value', '""', /non-empty value/],
      ['a header is matched twice', (r) => r.addRule({ ...rule, matches: [{ headers: [{ name: 'X-A', value: '1' }, { name: 'x-a', value: '2' }] }] }),
        'rules[0].matches[0].headers[1].name', '"x-a"', /combine the conditions/],
      ['a header regex uses lookbehind', (r) => r.addRule({ ...rule, matches: [{ headers: [{ name: 'x-a', value: '(?<=a)b', type: HeaderMatchType.REGULAR_EXPRESSION }] }] }),
        'rules[0].matches[0].headers[0].value', '"(?<=a)b"', /RE2 has no look-around/],
      ['a header regex uses a back-reference', (r) => r.addRule({ ...rule, matches: [{ headers: [{ name: 'x-a', value: '(a)\\1', type: HeaderMatchType.REGULAR_EXPRESSION }] }] }),
        'rules[0].matches[0].headers[0].value', '"(a)\\\\1"', /RE2 has no back-references/],
      ['a rule has more than 64 matches', (r) => r.addRule({ ...rule, matches: Array.from({ length: 65 }, (_, i) => ({ path: HttpPathMatch.exact(`/p${i}`) })) }),
        'rules[0].matches', '65', /split the rule/],
      ['a route has more than 128 matches', (r) => {
        for (let j = 0; j < 3; j++) r.addRule({ ...rule, matches: Array.from({ length: 60 }, (_, i) => ({ path: HttpPathMatch.exact(`/p${j}-${i}`) })) });
      }, 'rules[2].matches', '180', /split the route/],
      ['a route has more than 16 rules', (r) => {
        for (let i = 0; i <= 16; i++) r.addRule(rule);
      }, 'rules[16]', 'unset', /merge rules/],
      ['a hostname is an IP address', (r) => r.addHostname('192.168.0.1'), 'hostnames[0]', '"192.168.0.1"', /IP addresses are not allowed/],
      ['a route has more than 16 hostnames', (r) => {
        for (let i = 0; i <= 16; i++) r.addHostname(`h${i}.example.com`);
      }, 'hostnames[16]', '"h16.example.com"', /split the route/],
      ['the same gateway is referenced twice without sectionName', (r, g) => {
        r.addParentRef({ gateway: g }); r.addParentRef({ gateway: g, sectionName: 'http' });
      }, 'parentRefs[1].sectionName', '"http"', /name the listener in every reference/],
      ['the same listener is referenced twice', (r, g) => {
        r.addParentRef({ gateway: g, sectionName: 'http' }); r.addParentRef({ gateway: g, sectionName: 'http' });
      }, 'parentRefs[1].sectionName', '"http"', /each listener once/],
      ['a sectionName is not a valid name', (r, g) => r.addParentRef({ gateway: g, sectionName: 'HTTP' }), 'parentRefs[0].sectionName', '"HTTP"', /lowercase name/],
      ['a parent port is out of range', (r, g) => r.addParentRef({ gateway: g, port: 0 }), 'parentRefs[0].port', '0', /valid port number/],
      ['a parent reference has no gateway', (r) => r.addParentRef({} as any), 'parentRefs[0]', '{}', /gateway/],
    ];
    test.each(cases)('%s', (_name, build, field, value, fix) => {
      const { chart, gateway } = setup();
      const route = new HttpRoute(chart, 'R');
      expectFailure(() => build(route, gateway), { path: 'test/R', field, value, fix });
    });

    // a factory's problem surfaces where its value is received: named by the route's path and the field it arrived in
    const match = (path: HttpPathMatch): HttpRouteRule => ({ matches: [{ path }], backendRefs: [backend] });
    const filter = (f: HttpRouteFilter): HttpRouteRule => ({ filters: [f], backendRefs: f.type === HttpRouteFilterType.REQUEST_REDIRECT ? [] : [backend] });
    const factoryCases: Array<[string, () => HttpRouteRule, string, string, string | undefined, RegExp]> = [
      ['a path does not start with /', () => match(HttpPathMatch.pathPrefix('api')), 'HttpPathMatch.pathPrefix', 'rules[0].matches[0].path.prefix', '"api"', /absolute, normalized path/],
      ['a path contains //', () => match(HttpPathMatch.exact('/a//b')), 'HttpPathMatch.exact', 'rules[0].matches[0].path.path', '"/a//b"', /absolute, normalized path/],
      ['a path contains an encoded slash', () => match(HttpPathMatch.exact('/a%2Fb')), 'HttpPathMatch.exact', 'rules[0].matches[0].path.path', '"/a%2Fb"', /encoded/],
      ['a path contains #', () => match(HttpPathMatch.exact('/a#b')), 'HttpPathMatch.exact', 'rules[0].matches[0].path.path', '"/a#b"', /absolute, normalized path/],
      ['a path ends with /.', () => match(HttpPathMatch.pathPrefix('/a/.')), 'HttpPathMatch.pathPrefix', 'rules[0].matches[0].path.prefix', '"/a/."', /absolute, normalized path/],
      ['a path contains a space', () => match(HttpPathMatch.exact('/a b')), 'HttpPathMatch.exact', 'rules[0].matches[0].path.path', '"/a b"', /absolute, normalized path/],
      ['a path is longer than 1024', () => match(HttpPathMatch.exact(`/${'a'.repeat(1024)}`)), 'HttpPathMatch.exact', 'rules[0].matches[0].path.path', undefined, /shorten/],
      ['a regular expression does not compile', () => match(HttpPathMatch.regularExpression('/(a')), 'HttpPathMatch.regularExpression', 'rules[0].matches[0].path.regex', '"/(a"', /write RE2 syntax/],
      ['a regular expression uses lookahead', () => match(HttpPathMatch.regularExpression('/(?!admin).*')), 'HttpPathMatch.regularExpression', 'rules[0].matches[0].path.regex', '"/(?!admin).*"', /RE2 has no look-around/],
      ['a regular expression is longer than 1024', () => match(HttpPathMatch.regularExpression(`/${'a'.repeat(1024)}`)), 'HttpPathMatch.regularExpression', 'rules[0].matches[0].path.regex', undefined, /shorten the expression/],
      ['a redirect status code is not a redirect', () => filter(HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, statusCode: 404 })), 'HttpRouteFilter.requestRedirect', 'rules[0].filters[0].statusCode', '404', /301/],
      ['a redirect scheme is unknown', () => filter(HttpRouteFilter.requestRedirect({ scheme: 'ftp' as RedirectScheme })), 'HttpRouteFilter.requestRedirect', 'rules[0].filters[0].scheme', '"ftp"', /RedirectScheme\.HTTPS/],
      ['a redirect hostname is a wildcard', () => filter(HttpRouteFilter.requestRedirect({ hostname: '*.example.com' })), 'HttpRouteFilter.requestRedirect', 'rules[0].filters[0].hostname', '"*.example.com"', /no wildcard/],
      ['a redirect port is out of range', () => filter(HttpRouteFilter.requestRedirect({ port: 0 })), 'HttpRouteFilter.requestRedirect', 'rules[0].filters[0].port', '0', /valid port number/],
      ['a redirect changes nothing (loop)', () => filter(HttpRouteFilter.requestRedirect({ statusCode: 301 })), 'HttpRouteFilter.requestRedirect', 'rules[0].filters[0].options', '{"statusCode":301}', /at least one of scheme/],
      ['a rewrite changes nothing', () => filter(HttpRouteFilter.urlRewrite({})), 'HttpRouteFilter.urlRewrite', 'rules[0].filters[0].options', '{}', /hostname and\/or path/],
      ['a rewrite path is relative', () => filter(HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replaceFullPath('v2') })), 'HttpPathModifier.replaceFullPath', 'rules[0].filters[0].path.path', '"v2"', /absolute path/],
      ['a header modifier changes nothing', () => filter(HttpRouteFilter.requestHeaderModifier({})), 'HttpRouteFilter.requestHeaderModifier', 'rules[0].filters[0].options', '{}', /set set, add or remove/],
      ['a header modifier changes a header twice', () => filter(HttpRouteFilter.requestHeaderModifier({ set: { 'X-A': '1' }, remove: ['x-a'] })),
        'HttpRouteFilter.requestHeaderModifier', 'rules[0].filters[0].remove[0]', '"x-a"', /one place only/],
      ['a header modifier sets more than 16 headers', () => filter(HttpRouteFilter.requestHeaderModifier({ set: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`x-${i}`, 'v'])) })),
        'HttpRouteFilter.requestHeaderModifier', 'rules[0].filters[0].set', '17', /fewer headers/],
      ['a header modifier value is empty', () => filter(HttpRouteFilter.requestHeaderModifier({ add: { 'x-a': '' } })), 'HttpRouteFilter.requestHeaderModifier', 'rules[0].filters[0].add["x-a"]', '""', /non-empty value/],
    ];
    test.each(factoryCases)('%s', (_name, make, factoryName, field, value, fix) => {
      const { chart } = setup();
      const rule = make(); // no error yet: the value carries its problem
      expectFailure(() => new HttpRoute(chart, 'R', { rules: [rule] }), { path: 'test/R', field, value, problem: `${factoryName}: `, fix });
    });

    const synthCases: Array<[string, (chart: Chart, gateway: Gateway) => unknown, string, string | undefined, RegExp, RegExp]> = [
      ['the route has no parent (synth)', (c) => new HttpRoute(c, 'R', { rules: [rule] }), 'parentRefs', '[]', /attaches to no Gateway/, /addParentRef/],
      ['the route has no rule (synth)', (c, g) => new HttpRoute(c, 'R', { parentRefs: [{ gateway: g }] }), 'rules', '[]', /no rules/, /addRule/],
      ['a sectionName names no listener of the gateway (synth)', (c, g) => new HttpRoute(c, 'R', { parentRefs: [{ gateway: g, sectionName: 'web' }], rules: [rule] }),
        'parentRefs[0].sectionName', '"web"', /no listener with this name \(listeners: http, https, apps\)/, /one of the gateway's listeners/],
      ['a parent port matches no listener (synth)', (c, g) => new HttpRoute(c, 'R', { parentRefs: [{ gateway: g, sectionName: 'http', port: 8080 }], rules: [rule] }),
        'parentRefs[0].port', '8080', /no listener "http" on this port/, /port of the listener/],
      ['the route namespace is not admitted by allowedRoutes Same (synth)', (c, g) => new HttpRoute(c, 'R', {
        metadata: { namespace: 'team-a' }, parentRefs: [{ gateway: g, sectionName: 'https' }], rules: [rule],
      }), 'parentRefs[0]', '"istio-ingress/gw"', /only accept routes from namespace "istio-ingress"/, /fromAllNamespaces/],
      ['the route hostnames do not intersect the listener hostname (synth)', (c, g) => new HttpRoute(c, 'R', {
        parentRefs: [{ gateway: g, sectionName: 'apps' }], hostnames: ['shop.example.com'], rules: [rule],
      }), 'hostnames', '["shop.example.com"]', /would not be accepted/, /hostnames the listener serves/],
      ['the HTTPS certificate does not cover a route hostname (synth)', (c, g) => new HttpRoute(c, 'R', {
        parentRefs: [{ gateway: g, sectionName: 'https' }], hostnames: ['api.example.com'], rules: [rule],
      }), 'hostnames', '"api.example.com"', /do not cover it/, /dnsNames/],
      ['a wildcard certificate would serve a host two labels deep (synth)', (c, g) => new HttpRoute(c, 'R', {
        parentRefs: [{ gateway: g, sectionName: 'apps' }], hostnames: ['a.b.apps.example.com'], rules: [rule],
      }), 'hostnames', '"a.b.apps.example.com"', /do not cover it/, /dnsNames/],
    ];
    test.each(synthCases)('%s', (_name, build, field, value, problem, fix) => {
      const { chart, gateway } = setup();
      build(chart, gateway);
      expectSynthFailure(chart, { path: 'test/R', field, value, problem, fix });
    });
  });
});
