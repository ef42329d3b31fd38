import { ApiObject, Chart, Duration } from 'cdk8s';
import { CLUSTER_CONTEXT_KEY } from '../../src/private/cluster';
import { Warnings } from '../../src';
import {
  GatewayProtocol, GatewayTls, HttpMatch, HttpRouteOptions, Gateway, HttpRedirectPortSelection, RedirectScheme, StringMatch, StringMatchType, VirtualService,
} from '../../src/istio';
import { expectFailure, expectSynthFailure, newChart, synthErrors, synthValid } from '../util/expect';
import { FakeCertificate } from '../util/fakes';

/** A chart with an ingress gateway in istio-system serving shop.example.com on 80 and 443. */
function fixture(namespace = 'web') {
  const { app, chart } = newChart(namespace);
  const cert = new FakeCertificate(chart, 'ShopCert', { dnsNames: ['shop.example.com', 'api.example.com'] });
  const gw = new Gateway(chart, 'Public', { metadata: { namespace: 'istio-system' } });
  gw.addHttpServer({ hosts: ['shop.example.com', 'api.example.com'], httpsRedirect: true });
  gw.addHttpsServer({ tls: GatewayTls.simple(cert) });
  return { app, chart, gw };
}

function vsDoc(docs: any[]) {
  return docs.find((d) => d.kind === 'VirtualService');
}

describe('VirtualService', () => {
  test('binds to gateways as namespace/name and renders ordered HTTP rules', () => {
    const { app, chart, gw } = fixture();
    const vs = new VirtualService(chart, 'Shop', { hosts: ['shop.example.com'], gateways: [gw] });
    vs.addHttpRoute({ name: 'api', matches: [HttpMatch.uriPrefix('/api')], destinations: [{ host: 'api', port: 8080 }], timeout: Duration.seconds(15) });
    vs.addHttpRoute({ destinations: [{ host: 'frontend', port: 80 }] });
    const doc = vsDoc(synthValid(chart));
    expect(doc.metadata).toEqual({ name: 'shop', namespace: 'web' });
    expect(doc.spec.gateways).toEqual(['istio-system/public']);
    expect(doc.spec.hosts).toEqual(['shop.example.com']);
    expect(doc.spec.http).toEqual([
      { name: 'api', match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: 'api', port: { number: 8080 } } }], timeout: '15s' },
      { route: [{ destination: { host: 'frontend', port: { number: 80 } } }] },
    ]);
    expect(vs.httpRoutes.map((r) => r.name)).toEqual(['api', undefined]);
    expect(vs.appliesToMesh).toBe(false);
    expect(synthErrors(app)).toEqual([]);
  });

  test('applies to the mesh when no gateway is given, or alongside gateways with includeMesh', () => {
    const { chart, gw } = fixture();
    const mesh = new VirtualService(chart, 'Mesh', { hosts: ['reviews'], httpRoutes: [{ destinations: [{ host: 'reviews', subset: 'v1' }] }] });
    const both = new VirtualService(chart, 'Both', { hosts: ['shop.example.com'], gateways: [gw], includeMesh: true, httpRoutes: [{ destinations: [{ host: 'shop' }] }] });
    expect(mesh.appliesToMesh).toBe(true);
    expect(both.appliesToMesh).toBe(true);
    const docs = synthValid(chart).filter((d) => d.kind === 'VirtualService');
    expect(docs[0].spec.gateways).toBeUndefined();
    expect(docs[1].spec.gateways).toEqual(['istio-system/public', 'mesh']);
  });

  test('renders match conditions, redirect, rewrite, direct response, retries and headers', () => {
    const { chart, gw } = fixture();
    const vs = new VirtualService(chart, 'Shop', { hosts: ['shop.example.com'], gateways: [gw], exportTo: ['.', 'istio-system'] });
    vs.addHttpRoute({
      matches: [HttpMatch.of({
        name: 'm', uri: StringMatch.regex('^/v[0-9]+/.*'), scheme: StringMatch.exact('https'), method: StringMatch.exact('GET'),
        authority: StringMatch.prefix('shop'), headers: { 'x-user': StringMatch.exact('a') }, withoutHeaders: { 'x-debug': StringMatch.exact('1') },
        queryParams: { v: StringMatch.prefix('2') }, ignoreUriCase: true, port: 443, gateways: [gw],
      })],
      destinations: [{ host: 'api', subset: 'v2', port: 8080, weight: 90 }, { host: 'api', subset: 'v1', port: 8080, weight: 10 }],
      rewrite: { uri: '/', authority: 'api.internal' },
      retries: { attempts: 3, perTryTimeout: Duration.millis(500), retryOn: ['5xx', 'reset', '503'], retryRemoteLocalities: true },
      headers: { request: { set: { 'x-forwarded-proto': 'https' }, remove: ['x-secret'] }, response: { add: { 'x-served-by': '%HOSTNAME%' } } },
    });
    vs.addHttpRoute({ matches: [HttpMatch.uriExact('/old')], redirect: { uri: '/new', authority: 'www.example.com', scheme: RedirectScheme.HTTPS, derivePort: HttpRedirectPortSelection.FROM_PROTOCOL_DEFAULT, redirectCode: 308 } });
    vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/health')], directResponse: { status: 200, body: 'ok' } });
    vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/v2')], destinations: [{ host: 'api' }], rewrite: { uriRegexRewrite: { match: '^/v2/(.*)', rewrite: '/\\1' } } });
    const http = vsDoc(synthValid(chart)).spec.http;
    expect(http[0].match).toEqual([{
      name: 'm', uri: { regex: '^/v[0-9]+/.*' }, scheme: { exact: 'https' }, method: { exact: 'GET' }, authority: { prefix: 'shop' },
      headers: { 'x-user': { exact: 'a' } }, withoutHeaders: { 'x-debug': { exact: '1' } }, queryParams: { v: { prefix: '2' } }, ignoreUriCase: true, port: 443,
      gateways: ['istio-system/public'],
    }]);
    expect(http[0].route.map((r: any) => r.weight)).toEqual([90, 10]);
    expect(http[0].rewrite).toEqual({ uri: '/', authority: 'api.internal' });
    expect(http[0].retries).toEqual({ attempts: 3, perTryTimeout: '0.5s', retryOn: '5xx,reset,503', retryRemoteLocalities: true });
    expect(http[0].headers).toEqual({ request: { set: { 'x-forwarded-proto': 'https' }, remove: ['x-secret'] }, response: { add: { 'x-served-by': '%HOSTNAME%' } } });
    expect(http[1].redirect).toEqual({ uri: '/new', authority: 'www.example.com', scheme: 'https', derivePort: 'FROM_PROTOCOL_DEFAULT', redirectCode: 308 });
    expect(http[2].directResponse).toEqual({ status: 200, body: { string: 'ok' } });
    expect(http[3].rewrite).toEqual({ uriRegexRewrite: { match: '^/v2/(.*)', rewrite: '/\\1' } });
    expect(vsDoc(synthValid(chart)).spec.exportTo).toEqual(['.', 'istio-system']);
  });

  test('splits traffic evenly when no weight is given (summing to 100)', () => {
    const { chart, gw } = fixture();
    new VirtualService(chart, 'Shop', { hosts: ['shop.example.com'], gateways: [gw], httpRoutes: [{ destinations: [{ host: 'a' }, { host: 'b' }, { host: 'c' }] }] });
    expect(vsDoc(synthValid(chart)).spec.http[0].route.map((r: any) => r.weight)).toEqual([34, 33, 33]);
  });

  test('renders TLS (SNI) and TCP rules', () => {
    const { chart } = newChart('istio-system');
    const gw = new Gateway(chart, 'Pass');
    gw.addServer({ port: 443, protocol: GatewayProtocol.TLS, hosts: ['*.example.com'], tls: GatewayTls.passthrough() });
    gw.addServer({ port: 5432, protocol: GatewayProtocol.TCP, hosts: ['db.example.com'] });
    const vs = new VirtualService(chart, 'Tls', { hosts: ['*.example.com'], gateways: [gw] });
    vs.addTlsRoute({ sniHosts: ['a.example.com'], port: 443, destinations: [{ host: 'a', port: 8443 }] });
    vs.addTcpRoute({ port: 5432, gateways: [gw], destinations: [{ host: 'db', port: 5432 }] });
    const doc = vsDoc(synthValid(chart));
    expect(doc.spec.tls).toEqual([{ match: [{ sniHosts: ['a.example.com'], port: 443 }], route: [{ destination: { host: 'a', port: { number: 8443 } } }] }]);
    expect(doc.spec.tcp).toEqual([{ match: [{ port: 5432, gateways: ['istio-system/pass'] }], route: [{ destination: { host: 'db', port: { number: 5432 } } }] }]);
    expect(vs.tlsRoutes).toHaveLength(1);
    expect(vs.tcpRoutes).toHaveLength(1);
  });

  // istio/istio pkg/config/validation/validation.go validateStringRegexp compiles with Go's regexp (RE2)
  test('RE2 syntax that JavaScript lacks renders, schema-valid', () => {
    const { chart, gw } = fixture();
    const vs = new VirtualService(chart, 'Re2', { hosts: ['shop.example.com'], gateways: [gw] });
    vs.addHttpRoute({
      matches: [
        HttpMatch.uriRegex('(?i)/api/.*'),
        HttpMatch.of({ uri: StringMatch.regex('/(?P<v>v[0-9]+)/[[:alpha:]]+'), headers: { 'x-tenant': StringMatch.regex('(?i:acme)') } }),
      ],
      destinations: [{ host: 'api' }],
      rewrite: { uriRegexRewrite: { match: '^/(?P<v>v[0-9]+)/(.*)', rewrite: '/\\2' } },
    });
    const http = synthValid(chart).find((d) => d.kind === 'VirtualService' && d.metadata.name === 're2').spec.http;
    expect(http[0].match).toEqual([
      { uri: { regex: '(?i)/api/.*' } },
      { uri: { regex: '/(?P<v>v[0-9]+)/[[:alpha:]]+' }, headers: { 'x-tenant': { regex: '(?i:acme)' } } },
    ]);
    expect(http[0].rewrite).toEqual({ uriRegexRewrite: { match: '^/(?P<v>v[0-9]+)/(.*)', rewrite: '/\\2' } });
  });

  test('StringMatch and HttpMatch expose what they match, for patterns to inspect', () => {
    const m = HttpMatch.uriPrefix('/.well-known/acme-challenge/');
    expect(m.options.uri?.type).toBe(StringMatchType.PREFIX);
    expect(m.options.uri?.value).toBe('/.well-known/acme-challenge/');
    expect(m.usesJwtClaims).toBe(false);
    expect(HttpMatch.of({ headers: { '@request.auth.claims.group': StringMatch.exact('admin') } }).usesJwtClaims).toBe(true);
  });

  describe('fails at construction', () => {
    const vs = () => {
      const f = fixture();
      return { ...f, vs: new VirtualService(f.chart, 'Vs', { hosts: ['shop.example.com'], gateways: [f.gw] }) };
    };
    const route = (options: HttpRouteOptions, e: { field: string; value?: string; problem?: string | RegExp; fix: string | RegExp }) => {
      const { vs: v } = vs();
      expectFailure(() => v.addHttpRoute(options), { path: 'test/Vs', ...e });
    };

    test('fails if hosts are missing', () => {
      const { chart } = newChart();
      expectFailure(() => new VirtualService(chart, 'Vs', { hosts: [] }), { path: 'test/Vs', field: 'hosts', value: '[]', fix: 'list the hosts, e.g. ["shop.example.com"]' });
    });
    test.each([
      ['a host has a namespace part', 'web/shop.example.com', 'use the bare host "shop.example.com"'],
      ['a host carries a port', 'shop.example.com:443', 'remove the port suffix: "shop.example.com"'],
      ['a host is not lowercase', 'Shop.example.com', 'use "shop.example.com"'],
    ])('fails if %s', (_n, host, fix) => {
      const { chart } = newChart();
      expectFailure(() => new VirtualService(chart, 'Vs', { hosts: [host] }), { path: 'test/Vs', field: 'hosts[0]', value: JSON.stringify(host), fix });
    });
    test('fails if hosts overlap', () => {
      const { chart } = newChart();
      expectFailure(() => new VirtualService(chart, 'Vs', { hosts: ['*.example.com', 'a.example.com'] }),
        { path: 'test/Vs', field: 'hosts[1]', value: '"a.example.com"', problem: 'duplicate hosts in virtual service', fix: 'list each host once' });
    });
    test('fails if exportTo repeats the own namespace', () => {
      const { chart } = newChart('web');
      expectFailure(() => new VirtualService(chart, 'Vs', { hosts: ['a'], exportTo: ['.', 'web'] }), { path: 'test/Vs', field: 'exportTo[1]', value: '"web"', fix: 'list every namespace once' });
    });
    test('fails if a gateway is given by name instead of reference', () => {
      const { chart } = newChart();
      expectFailure(() => new VirtualService(chart, 'Vs', { hosts: ['a'], gateways: ['istio-system/public' as any] }),
        { path: 'test/Vs', field: 'gateways[0]', value: '"istio-system/public"', fix: 'pass the gateway object, not its name' });
    });
    test('fails if a rule has no action', () => route({ matches: [HttpMatch.uriPrefix('/')] },
      { field: 'http[0]', problem: 'HTTP route, redirect or direct_response is required', fix: 'set destinations, redirect or directResponse' }));
    test('fails if a rule both redirects and forwards', () => route({ destinations: [{ host: 'a' }], redirect: { scheme: RedirectScheme.HTTPS } },
      { field: 'http[0]', value: '["destinations","redirect"]', fix: 'split it into separate rules or keep one action' }));
    test('fails if a rule has a direct response and forwards', () => route({ destinations: [{ host: 'a' }], directResponse: { status: 404 } },
      { field: 'http[0]', value: '["destinations","directResponse"]', fix: 'split it into separate rules' }));
    test('fails if a redirect rule has a rewrite', () => route({ redirect: { scheme: RedirectScheme.HTTPS }, rewrite: { uri: '/' } },
      { field: 'http[0].rewrite', value: '{"uri":"/"}', problem: 'not to a redirect', fix: 'remove rewrite, or forward to destinations' }));
    test('fails if destinations is empty', () => route({ destinations: [] }, { field: 'http[0].route', value: '[]', fix: 'list at least one destination' }));
    test('fails if a destination host is *', () => route({ destinations: [{ host: '*' }] },
      { field: 'http[0].route[0].destination.host', value: '"*"', problem: 'invalid destination host *', fix: 'name the Service host' }));
    test('fails if a destination subset is invalid', () => route({ destinations: [{ host: 'a', subset: 'V1' }] },
      { field: 'http[0].route[0].destination.subset', value: '"V1"', fix: 'use the name of a DestinationRule subset' }));
    test('fails if a destination port is invalid', () => route({ destinations: [{ host: 'a', port: 0 }] },
      { field: 'http[0].route[0].destination.port.number', value: '0', fix: 'use a valid port number, e.g. 443' }));
    test('fails if only some destinations have weights', () => route({ destinations: [{ host: 'a', weight: 50 }, { host: 'b' }] },
      { field: 'http[0].route', value: '[50,null]', fix: 'set weight on all destinations (summing to 100), or on none for an even split' }));
    test('fails if weights do not sum to 100', () => route({ destinations: [{ host: 'a', weight: 50 }, { host: 'b', weight: 40 }] },
      { field: 'http[0].route', value: '[50,40]', problem: 'sum to 90', fix: 'adjust the weights' }));
    test('fails if a weight is negative', () => route({ destinations: [{ host: 'a', weight: -1 }, { host: 'b', weight: 101 }] },
      { field: 'http[0].route[0].weight', value: '-1', fix: 'use e.g. 90 and 10' }));
    test('fails if a redirect changes nothing', () => route({ redirect: {} },
      { field: 'http[0].redirect', value: '{}', problem: 'redirect must specify URI, authority, scheme, or port', fix: 'set at least one' }));
    test('fails if the redirect code is not 3xx', () => route({ redirect: { scheme: RedirectScheme.HTTPS, redirectCode: 200 } },
      { field: 'http[0].redirect.redirectCode', value: '200', fix: 'use 301, 302, 307 or 308' }));
    test('fails if redirect port and derivePort are both set', () => route({ redirect: { port: 8443, derivePort: HttpRedirectPortSelection.FROM_REQUEST_PORT } },
      { field: 'http[0].redirect.port', value: '8443', problem: 'mutually exclusive', fix: 'set one of them' }));
    test('fails if the redirect scheme is not http or https', () => route({ redirect: { scheme: 'ftp' as RedirectScheme } },
      { field: 'http[0].redirect.scheme', value: '"ftp"', problem: 'must be one of "http", "https"', fix: 'use a RedirectScheme value' }));
    test('fails if a direct response status is out of range', () => route({ directResponse: { status: 600 } },
      { field: 'http[0].directResponse.status', value: '600', problem: 'not in range 200-599', fix: 'use a valid status, e.g. 404' }));
    test('fails if a direct response body exceeds 1MB', () => route({ directResponse: { status: 200, body: 'x'.repeat(1024 * 1024 + 1) } },
      { field: 'http[0].directResponse.body', value: '"1048577 bytes"', fix: 'serve large bodies from a Service' }));
    test('fails if rewrite has both uri and uriRegexRewrite', () => route({ destinations: [{ host: 'a' }], rewrite: { uri: '/', uriRegexRewrite: { match: 'a', rewrite: 'b' } } },
      { field: 'http[0].rewrite', problem: 'only contain one of uri or uriRegexRewrite', fix: 'keep one of them' }));
    test('fails if rewrite is empty', () => route({ destinations: [{ host: 'a' }], rewrite: {} },
      { field: 'http[0].rewrite', value: '{}', fix: 'set one of them or remove rewrite' }));
    test('fails if uriRegexRewrite has an unsupported regex', () => route({ destinations: [{ host: 'a' }], rewrite: { uriRegexRewrite: { match: '(?=x)', rewrite: '/' } } },
      { field: 'http[0].rewrite.uriRegexRewrite.match', value: '"(?=x)"', problem: "RE2 (Istio/Envoy's engine) rejects", fix: /^RE2 has no look-around/ }));
    test('fails if uriRegexRewrite uses a back-reference in its match', () => route({ destinations: [{ host: 'a' }], rewrite: { uriRegexRewrite: { match: '^/(a)\\1', rewrite: '/' } } },
      { field: 'http[0].rewrite.uriRegexRewrite.match', value: '"^/(a)\\\\1"', problem: 'invalid escape sequence: `\\1`', fix: /^RE2 has no back-references/ }));
    test('fails if the timeout is below 1ms', () => route({ destinations: [{ host: 'a' }], timeout: Duration.millis(0.5) },
      { field: 'http[0].timeout', value: '0.5ms', fix: 'use e.g. Duration.millis(500) or Duration.seconds(15)' }));
    test('fails if retry attempts are negative', () => route({ destinations: [{ host: 'a' }], retries: { attempts: -1 } },
      { field: 'http[0].retries.attempts', value: '-1', fix: 'use e.g. 3, or 0 to disable retries' }));
    test('fails if retries are disabled but configured', () => route({ destinations: [{ host: 'a' }], retries: { attempts: 0, retryOn: ['5xx'] } },
      { field: 'http[0].retries', problem: 'attempts are set to 0 (disabled)', fix: 'remove perTryTimeout/retryOn/retryRemoteLocalities, or set attempts > 0' }));
    test('fails if a retryOn policy is unknown', () => route({ destinations: [{ host: 'a' }], retries: { attempts: 2, retryOn: ['5xx', 'sometimes', '599'] } },
      { field: 'http[0].retries.retryOn[1]', value: '"sometimes"', problem: 'is not a valid retryOn policy', fix: 'use HTTP status codes or 5xx' }));
    test('fails if a retry perTryTimeout has sub-millisecond precision', () => route({ destinations: [{ host: 'a' }], retries: { attempts: 2, perTryTimeout: Duration.millis(1.5) } },
      { field: 'http[0].retries.perTryTimeout', value: '1.5ms', fix: 'use e.g. Duration.millis(500)' }));
    test('fails if a header edit sets Host', () => route({ destinations: [{ host: 'a' }], headers: { response: { set: { Host: 'x' } } } },
      { field: 'http[0].headers.response.set["Host"]', value: '"Host"', problem: 'cannot set the Host header', fix: 'edit a regular header' }));
    test('fails if a header edit removes a pseudo-header', () => route({ destinations: [{ host: 'a' }], headers: { request: { remove: [':path'] } } },
      { field: 'http[0].headers.request.remove[0]', value: '":path"', fix: 'remove a regular header' }));
    test('fails if the authority is set twice', () => route({ destinations: [{ host: 'a' }], rewrite: { authority: 'a.internal' }, headers: { request: { set: { ':authority': 'b.internal' } } } },
      { field: 'http[0].headers.request.set[":authority"]', value: '"b.internal"', problem: 'authority header cannot be set multiple times', fix: 'set the authority once' }));
    test('fails if a header value has a stray %', () => route({ destinations: [{ host: 'a' }], headers: { request: { add: { 'x-rate': '100%' } } } },
      { field: 'http[0].headers.request.add["x-rate"]', value: '"100%"', fix: 'escape a literal "%" as "%%"' }));
    test('fails if a match is not an HttpMatch', () => route({ matches: [{ uri: { prefix: '/' } } as any], destinations: [{ host: 'a' }] },
      { field: 'http[0].match[0]', fix: 'use HttpMatch.uriPrefix("/") or HttpMatch.of({...})' }));
    test('fails if a TLS rule SNI host is outside the hosts', () => {
      const { vs: v } = vs();
      expectFailure(() => v.addTlsRoute({ sniHosts: ['other.example.com'], destinations: [{ host: 'a' }] }),
        { path: 'test/Vs', field: 'tls[0].sniHosts[0]', value: '"other.example.com"', problem: 'not within any of the virtual service hosts', fix: 'add the name to hosts or use one of them' });
    });
    test('fails if a TCP rule has no destination', () => {
      const { vs: v } = vs();
      expectFailure(() => v.addTcpRoute({ destinations: [] }), { path: 'test/Vs', field: 'tcp[0].destinations', value: '[]', fix: 'list where to forward' });
    });
  });

  describe('HttpMatch / StringMatch fail where the match is received', () => {
    /** The problems of a match factory are reported by the VirtualService receiving the match. */
    const received = (match: HttpMatch) => {
      const f = fixture();
      return new VirtualService(f.chart, 'Vs', { hosts: ['shop.example.com'], gateways: [f.gw] }).addHttpRoute({ matches: [HttpMatch.uriPrefix('/a'), match], destinations: [{ host: 'a' }] });
    };
    test('fails if a method prefix is empty', () => {
      expectFailure(() => received(HttpMatch.of({ method: StringMatch.prefix('') })),
        { path: 'test/Vs', field: 'http[0].match[1].method', value: '""', problem: 'HttpMatch.of: prefix string match should not be empty', fix: 'use a non-empty prefix or omit the condition' });
    });
    test('fails if a header name is invalid', () => {
      expectFailure(() => received(HttpMatch.of({ headers: { 'x user': StringMatch.exact('a') } })),
        { path: 'test/Vs', field: 'http[0].match[1].headers["x user"]', value: '"x user"', problem: 'HttpMatch.of: is not a valid header name', fix: 'use the header name' });
    });
    test('fails if a regex uses look-ahead (not RE2), naming the StringMatch factory and the field the match arrived in', () => {
      expectFailure(() => received(HttpMatch.of({ uri: StringMatch.regex('^/(?!admin)') })),
        { path: 'test/Vs', field: 'http[0].match[1].uri.value', value: '"^/(?!admin)"', problem: "StringMatch.regex: RE2 (Istio/Envoy's engine) rejects this regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?!`", fix: /^RE2 has no look-around/ });
      expectFailure(() => received(HttpMatch.uriRegex('^/(?!admin)')),
        { path: 'test/Vs', field: 'http[0].match[1].uri.value', value: '"^/(?!admin)"', problem: /StringMatch\.regex: RE2 \(Istio\/Envoy's engine\) rejects/, fix: /^RE2 has no look-around/ });
      expectFailure(() => received(HttpMatch.of({ headers: { 'x-v': StringMatch.regex('(?=x)') } })),
        { path: 'test/Vs', field: 'http[0].match[1].headers["x-v"].value', value: '"(?=x)"', problem: /StringMatch\.regex: RE2 \(Istio\/Envoy's engine\) rejects/, fix: /^RE2 has no look-around/ });
    });
    test('fails if the match port is invalid', () => {
      expectFailure(() => received(HttpMatch.uriPrefix('/', { port: 0 })),
        { path: 'test/Vs', field: 'http[0].match[1].port', value: '0', problem: 'HttpMatch.of: port must be an integer from 1 to 65535', fix: 'use a valid port' });
    });
    test('fails if sourceNamespace is invalid', () => {
      expectFailure(() => received(HttpMatch.of({ sourceNamespace: 'Web' })),
        { path: 'test/Vs', field: 'http[0].match[1].sourceNamespace', value: '"Web"', problem: 'HttpMatch.of: namespace must be a lowercase RFC 1123 label', fix: 'use a valid namespace name' });
    });
    test('fails if includeMesh is set without match gateways', () => {
      expectFailure(() => received(HttpMatch.of({ includeMesh: true })),
        { path: 'test/Vs', field: 'http[0].match[1].includeMesh', value: 'true', problem: 'HttpMatch.of: includeMesh only adds the mesh', fix: 'list gateways too' });
    });
    test('the factories return their value; nothing is thrown until a VirtualService receives it', () => {
      const m = HttpMatch.uriPrefix('/', { port: 0 });
      expect(m).toBeInstanceOf(HttpMatch);
      expect(StringMatch.regex('(?=x)')).toBeInstanceOf(StringMatch);
    });
  });

  describe('warnings', () => {
    test('warns about rules after a catch-all and rules whose matches are all taken (IST0130)', () => {
      const { chart, gw } = fixture();
      const vs = new VirtualService(chart, 'Vs', { hosts: ['shop.example.com'], gateways: [gw] });
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/a')], destinations: [{ host: 'a' }] });
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/a', { name: 'again' })], destinations: [{ host: 'b' }] });
      vs.addHttpRoute({ destinations: [{ host: 'c' }] });
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/d')], destinations: [{ host: 'd' }] });
      expect(Warnings.collect(chart)).toEqual([
        expect.stringMatching(/^\[test\/Vs\] http\[1\] is never used: all its matches are used by earlier rules/),
        expect.stringMatching(/^\[test\/Vs\] http\[3\] is never used: rule http\[2\] has no match/),
      ]);
    });

    test('warns about rules after an unconditional prefix "/" rule: Istio builds no route of the VirtualService after it', () => {
      const { chart, gw } = fixture();
      const vs = new VirtualService(chart, 'Vs', { hosts: ['shop.example.com'], gateways: [gw] });
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/', { port: 80 })], redirect: { scheme: RedirectScheme.HTTPS } });
      vs.addHttpRoute({ matches: [HttpMatch.of({ uri: StringMatch.prefix('/'), headers: { 'x-canary': StringMatch.exact('1') } })], destinations: [{ host: 'canary' }] });
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/')], destinations: [{ host: 'frontend' }] });
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/api')], destinations: [{ host: 'api' }] });
      expect(Warnings.collect(chart)).toEqual([
        expect.stringMatching(/^\[test\/Vs\] http\[3\] is never used: rule http\[2\] matches every request \(uri prefix "\/" or regex "\.\*" without other conditions\), and Istio builds no route of a VirtualService after such a rule — move the catch-all rule last$/),
      ]);
    });

    test('warns when a destination is a Service cert-manager generates per challenge (seed 003\'s cm-acme-http-solver route)', () => {
      const { app, chart, gw } = fixture();
      const vs = new VirtualService(chart, 'AcmeChallengeRoute', { hosts: ['shop.example.com'], gateways: [gw] });
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/.well-known/acme-challenge/')], destinations: [{ host: 'cm-acme-http-solver', port: 8089 }] });
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/x')], destinations: [{ host: 'a', weight: 50 }, { host: 'cm-acme-http-solver-x7k2p.istio-system.svc.cluster.local', weight: 50 }] });
      // names that merely resemble it are fine
      vs.addHttpRoute({ matches: [HttpMatch.uriPrefix('/y')], destinations: [{ host: 'acme-http01-shop-example-com.istio-system.svc.cluster.local' }] });
      vs.addHttpRoute({ destinations: [{ host: 'cm-acme-http-solverx' }] });
      expect(synthErrors(app)).toEqual([]);
      expect(Warnings.collect(chart)).toEqual([
        expect.stringMatching(/^\[test\/AcmeChallengeRoute\] http\[0\]\.route\[0\]\.destination\.host "cm-acme-http-solver" names a Service cert-manager creates per challenge: it generates the name \(cm-acme-http-solver-<random>\) and deletes the Service .* — route the challenge path to a Service of the app that selects the solver pods/),
        expect.stringMatching(/^\[test\/AcmeChallengeRoute\] http\[1\]\.route\[1\]\.destination\.host "cm-acme-http-solver-x7k2p\.istio-system\.svc\.cluster\.local" names a Service cert-manager creates/),
      ]);
    });
  });
});

describe('VirtualService wiring (synth)', () => {
  test('fails if there is no rule', () => {
    const { app, chart, gw } = fixture();
    new VirtualService(chart, 'Vs', { hosts: ['shop.example.com'], gateways: [gw] });
    expectSynthFailure(app, { path: 'test/Vs', field: 'http', value: '[]', problem: 'http, tcp or tls must be provided', fix: 'call addHttpRoute()' });
  });

  test('fails if includeMesh is false and no gateway is bound (an empty gateways list is the mesh to Istio)', () => {
    const { app, chart } = fixture();
    new VirtualService(chart, 'Vs', { hosts: ['shop.example.com'], includeMesh: false, httpRoutes: [{ destinations: [{ host: 'a' }] }] });
    // pilot/pkg/model/push_context.go getGatewayNames: an absent or empty gateways list is the mesh
    expectSynthFailure(app, {
      path: 'test/Vs', field: 'gateways', value: '[]',
      problem: 'includeMesh is false but no gateway is bound: Istio reads an absent or empty gateways list as the mesh (pilot/pkg/model/push_context.go getGatewayNames), so the rules would apply to the sidecars',
      fix: 'bind a gateway (gateways / addGateway()) or include the mesh',
    });
  });

  test('fails if host * applies to the mesh', () => {
    const { app, chart } = fixture();
    new VirtualService(chart, 'Vs', { hosts: ['*'], httpRoutes: [{ destinations: [{ host: 'a' }] }] });
    expectSynthFailure(app, { path: 'test/Vs', field: 'hosts', value: '"*"', problem: 'not allowed for virtual services bound to the mesh gateway', fix: 'name the hosts, or bind only gateways' });
  });

  test('fails if JWT claim routing applies to the mesh', () => {
    const { app, chart } = fixture();
    new VirtualService(chart, 'Vs', {
      hosts: ['reviews'],
      httpRoutes: [{ matches: [HttpMatch.of({ headers: { '@request.auth.claims.group': StringMatch.exact('admin') } })], destinations: [{ host: 'reviews' }] }],
    });
    expectSynthFailure(app, { path: 'test/Vs', field: 'http[0].match[0].headers', value: '["@request.auth.claims.group"]', fix: 'bind the VirtualService only to gateways' });
  });

  test('fails if a bound gateway serves none of the hosts (IST0132)', () => {
    const { app, chart, gw } = fixture();
    new VirtualService(chart, 'Vs', { hosts: ['blog.example.com'], gateways: [gw], httpRoutes: [{ destinations: [{ host: 'blog' }] }] });
    expectSynthFailure(app, {
      path: 'test/Vs', field: 'gateways[0]', value: '"istio-system/public"', problem: /serves none of the hosts \["blog\.example\.com"\].*IST0132/,
      fix: 'add a server for these hosts to the gateway',
    });
  });

  test('fails if a host is served by none of the bound gateways', () => {
    const { app, chart, gw } = fixture();
    new VirtualService(chart, 'Vs', { hosts: ['shop.example.com', 'blog.example.com'], gateways: [gw], httpRoutes: [{ destinations: [{ host: 'shop' }] }] });
    expectSynthFailure(app, { path: 'test/Vs', field: 'hosts', value: '"blog.example.com"', problem: 'no bound gateway serves this host', fix: 'add the host to a server of a bound gateway, or remove it from hosts' });
  });

  test('honours namespace-restricted gateway hosts and wildcards', () => {
    const { app, chart } = newChart('web');
    const gw = new Gateway(chart, 'Gw', { metadata: { namespace: 'istio-system' } });
    gw.addHttpServer({ hosts: ['other/a.example.com', 'web/b.example.com', '*.apps.example.com'] });
    new VirtualService(chart, 'Ok', { hosts: ['b.example.com', 'x.apps.example.com'], gateways: [gw], httpRoutes: [{ destinations: [{ host: 'b' }] }] });
    expect(synthErrors(app)).toEqual([]);
    new VirtualService(chart, 'Hidden', { hosts: ['a.example.com'], gateways: [gw], httpRoutes: [{ destinations: [{ host: 'a' }] }] });
    expectSynthFailure(app, { path: 'test/Hidden', field: 'gateways[0]', problem: 'for namespace "web"', fix: 'add a server for these hosts to the gateway (mind "ns/host" restrictions)' });
  });

  test('a wildcard route host matches the specific hosts a gateway serves', () => {
    const { app, chart, gw } = fixture();
    const vs = new VirtualService(chart, 'Wild', { hosts: ['*.example.com'], includeMesh: false, httpRoutes: [{ destinations: [{ host: 'shop' }] }] });
    vs.addGateway(gw);
    vs.addGateway(gw);
    expect(vs.gateways).toEqual([gw]);
    expect(synthErrors(app)).toEqual([]);
    expect(vsDoc(synthValid(chart)).spec.gateways).toEqual(['istio-system/public']);
  });

  test('checks gateways implemented outside the library through their rendered servers', () => {
    const { app, chart, gw } = fixture();
    // a Gateway written as a plain ApiObject, referenced by a hand-made IGateway
    new ApiObject(chart, 'Custom', {
      apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'custom', namespace: 'istio-system' },
      spec: { selector: { istio: 'custom' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] }] },
    });
    const custom = { node: gw.node, name: 'custom', namespace: 'istio-system', workloadNamespace: 'istio-system', selector: {}, qualifiedName: 'istio-system/custom', isImported: false, servers: [] };
    new VirtualService(chart, 'Vs', { hosts: ['blog.example.com'], gateways: [custom as any], httpRoutes: [{ destinations: [{ host: 'blog' }] }] });
    const message = expectSynthFailure(app, { path: 'test/Vs', field: 'gateways[0]', value: '"istio-system/custom"', problem: 'gateway test/Custom serves none of the hosts ["blog.example.com"] for namespace "web" (it serves ["shop.example.com"])', fix: 'add a server for these hosts' });
    expect(message).toContain('[test/Vs] no bound gateway serves this host (gateways: istio-system/custom)');
  });

  test('a gateway reference to no object of the app has unknown servers: host checks are skipped', () => {
    const { app, chart, gw } = fixture();
    const elsewhere = { node: gw.node, name: 'elsewhere', namespace: 'istio-system', workloadNamespace: 'istio-system', selector: {}, qualifiedName: 'istio-system/elsewhere', isImported: false, servers: [] };
    new VirtualService(chart, 'Vs', { hosts: ['blog.example.com'], gateways: [elsewhere as any], httpRoutes: [{ destinations: [{ host: 'blog' }] }] });
    expect(synthErrors(app)).toEqual([]);
  });

  test('skips host checks for imported gateways and for routes that also apply to the mesh', () => {
    const { app, chart, gw } = fixture();
    const ext = Gateway.fromGatewayName(chart, 'Ext', 'legacy', { namespace: 'istio-system' });
    new VirtualService(chart, 'A', { hosts: ['blog.example.com'], gateways: [ext], httpRoutes: [{ destinations: [{ host: 'blog' }] }] });
    new VirtualService(chart, 'B', { hosts: ['shop.example.com', 'reviews'], gateways: [gw], includeMesh: true, httpRoutes: [{ destinations: [{ host: 'shop' }] }] });
    expect(synthErrors(app)).toEqual([]);
    synthValid(chart);
  });

  test('fails if the gateway renders for another cluster', () => {
    const { app } = newChart();
    const a = new Chart(app, 'a');
    a.node.setContext(CLUSTER_CONTEXT_KEY, 'one');
    const b = new Chart(app, 'b');
    b.node.setContext(CLUSTER_CONTEXT_KEY, 'two');
    const gw = new Gateway(a, 'Gw');
    gw.addHttpServer({ hosts: ['shop.example.com'] });
    new VirtualService(b, 'Vs', { hosts: ['shop.example.com'], gateways: [gw], httpRoutes: [{ destinations: [{ host: 'shop' }] }] });
    expectSynthFailure(app, { path: 'b/Vs', field: 'gateways[0]', value: '"default/gw"', problem: 'cluster "one"', fix: 'bind gateways of the same cluster' });
  });
});

describe('untyped callers', () => {
  test('fails if props are missing (JavaScript callers)', () => {
    const { chart } = newChart();
    expectFailure(() => new (VirtualService as any)(chart, 'Vs'), { path: 'test/Vs', field: 'props', value: 'unset', fix: 'pass { hosts: ["shop.example.com"], gateways: [gateway] }' });
  });
});
