// VirtualService HTTP rules: corsPolicy, fault, mirrors and delegation. Upstream rules: istio 1.30.3
// pkg/config/validation/virtualservice.go (validateHTTPRoute, validateHTTPRouteConflict) and
// validation.go (ValidateVirtualService, validateCORSPolicy, validateHTTPFaultInjection*,
// validatePercentage, validateHTTPMirrors, validateDestination); delegation at synth:
// pilot/pkg/model/virtualservice_controller.go mergeVirtualServices; CRD schema + CEL.
import { Chart, Duration } from 'cdk8s';
import {
  CorsUnmatchedPreflights, Gateway, GatewayTls, GrpcStatus, HttpMatch, HttpRouteOptions, StringMatch, VirtualService,
} from '../../src/istio';
import { Warnings } from '../../src/validation/warnings';
import { expectFailure, expectSynthFailure, newChart, synthErrors, synthValid } from '../util/expect';
import { FakeCertificate } from '../util/fakes';

function fixture(namespace = 'web') {
  const { app, chart } = newChart(namespace);
  const cert = new FakeCertificate(chart, 'ShopCert', { dnsNames: ['shop.example.com'] });
  const gw = new Gateway(chart, 'Public', { metadata: { namespace: 'istio-system' } });
  gw.addHttpsServer({ tls: GatewayTls.simple(cert) });
  return { app, chart, gw };
}
const vsOf = (docs: any[], name: string) => docs.find((d) => d.kind === 'VirtualService' && d.metadata.name === name);

describe('VirtualService CORS, fault injection, mirrors', () => {
  test('render schema-valid', () => {
    const { app, chart, gw } = fixture();
    new VirtualService(chart, 'Shop', {
      hosts: ['shop.example.com'],
      gateways: [gw],
      httpRoutes: [{
        matches: [HttpMatch.uriPrefix('/api')],
        destinations: [{ host: 'api', port: 8080 }],
        corsPolicy: {
          allowOrigins: [StringMatch.exact('https://shop.example.com'), StringMatch.regex('https://.*\\.shop\\.example\\.com')],
          allowMethods: ['GET', 'POST'],
          allowHeaders: ['content-type', 'x-request-id'],
          exposeHeaders: ['x-total-count'],
          maxAge: Duration.hours(24),
          allowCredentials: true,
          unmatchedPreflights: CorsUnmatchedPreflights.IGNORE,
        },
        fault: { delay: { fixedDelay: Duration.seconds(5), percentage: 0.5 }, abort: { httpStatus: 503, percentage: 1 } },
        mirrors: [{ host: 'api-canary', port: 8080, percentage: 10 }, { host: 'api-shadow', subset: 'v2' }],
      }, {
        matches: [HttpMatch.uriPrefix('/grpc')],
        destinations: [{ host: 'grpc', port: 9090 }],
        fault: { abort: { grpcStatus: GrpcStatus.UNAVAILABLE } },
      }],
    });
    const http = vsOf(synthValid(chart), 'shop').spec.http;
    expect(http[0]).toMatchObject({
      corsPolicy: {
        allowOrigins: [{ exact: 'https://shop.example.com' }, { regex: 'https://.*\\.shop\\.example\\.com' }],
        allowMethods: ['GET', 'POST'], allowHeaders: ['content-type', 'x-request-id'], exposeHeaders: ['x-total-count'],
        maxAge: '86400s', allowCredentials: true, unmatchedPreflights: 'IGNORE',
      },
      fault: { delay: { fixedDelay: '5s', percentage: { value: 0.5 } }, abort: { httpStatus: 503, percentage: { value: 1 } } },
      mirrors: [{ destination: { host: 'api-canary', port: { number: 8080 } }, percentage: { value: 10 } }, { destination: { host: 'api-shadow', subset: 'v2' } }],
    });
    expect(http[1].fault).toEqual({ abort: { grpcStatus: 'UNAVAILABLE' } });
    expect(synthErrors(app)).toEqual([]);
  });

  describe('refused as Istio does', () => {
    const route = (options: Partial<HttpRouteOptions>, e: { field: string; value?: string; problem: RegExp; fix: RegExp }) => {
      const { chart } = newChart();
      const vs = new VirtualService(chart, 'Vs', { hosts: ['shop.example.com'] });
      expectFailure(() => vs.addHttpRoute({ destinations: [{ host: 'web' }], ...options }), { path: 'test/Vs', ...e });
    };
    test('CORS: origins non-empty, methods Go knows, header names as tokens, maxAge in whole seconds', () => {
      route({ corsPolicy: { allowOrigins: [StringMatch.exact('')] } }, { field: 'http[0].corsPolicy.allowOrigins[0]', value: '""', problem: /not a valid match type for CORS allow origins/, fix: /origin/ });
      route({ corsPolicy: { allowOrigins: [] } }, { field: 'http[0].corsPolicy.allowOrigins', value: '[]', problem: /empty list/, fix: /StringMatch.exact/ });
      route({ corsPolicy: { allowOrigins: [StringMatch.exact('*')], allowMethods: ['get'] } }, { field: 'http[0].corsPolicy.allowMethods[0]', value: '"get"', problem: /"get" is not a supported HTTP method/, fix: /upper case/ });
      route({ corsPolicy: { allowOrigins: [StringMatch.exact('*')], allowHeaders: ['x y'] } }, { field: 'http[0].corsPolicy.allowHeaders[0]', value: '"x y"', problem: /not a valid header name/, fix: /header name only/ });
      route({ corsPolicy: { allowOrigins: [StringMatch.exact('*')], maxAge: Duration.millis(1500) } }, { field: 'http[0].corsPolicy.maxAge', value: '1.5s', problem: /seconds precision/, fix: /whole seconds/ });
    });
    test('fault: delay and/or abort, one error type, status 200–599, percentages 0 or 0.0001–100, not with a redirect', () => {
      route({ fault: {} }, { field: 'http[0].fault', value: '{}', problem: /must have an abort and\/or a delay/, fix: /fixedDelay/ });
      route({ fault: { abort: { percentage: 5 } } }, { field: 'http[0].fault.abort', value: '{"percentage":5}', problem: /error type not set/, fix: /httpStatus/ });
      route({ fault: { abort: { httpStatus: 503, grpcStatus: GrpcStatus.INTERNAL } } }, { field: 'http[0].fault.abort', value: '{"httpStatus":503,"grpcStatus":"INTERNAL"}', problem: /one error type/, fix: /not both/ });
      route({ fault: { abort: { httpStatus: 600 } } }, { field: 'http[0].fault.abort.httpStatus', value: '600', problem: /HTTP status 600 is not in range 200-599/, fix: /503/ });
      route({ fault: { delay: { fixedDelay: Duration.seconds(1), percentage: 0.00001 } } }, { field: 'http[0].fault.delay.percentage.value', value: '0.00001', problem: /neither 0.0, nor in range \[0.0001, 100.0\]/, fix: /percentage/ });
      route({ fault: { delay: { fixedDelay: Duration.seconds(1), percentage: 101 } } }, { field: 'http[0].fault.delay.percentage.value', value: '101', problem: /neither 0.0/, fix: /10/ });
      route({ fault: { abort: { grpcStatus: 'NOPE' as any } } }, { field: 'http[0].fault.abort.grpcStatus', value: '"NOPE"', problem: /must be one of/, fix: /GrpcStatus/ });
      route({ destinations: undefined, redirect: { uri: '/x' }, fault: { abort: { httpStatus: 503 } } }, { field: 'http[0].fault', value: '{"abort":{"httpStatus":503}}', problem: /cannot contain both fault and redirect/, fix: /forwards/ });
    });
    test('mirrors: valid destinations, percentage 0–100', () => {
      route({ mirrors: [{ host: '*' }] }, { field: 'http[0].mirrors[0].destination.host', value: '"*"', problem: /invalid destination host \*/, fix: /Service host/ });
      route({ mirrors: [{ host: 'canary', percentage: 120 }] }, { field: 'http[0].mirrors[0].percentage.value', value: '120', problem: /between 0 and 100 \(it has 120\)/, fix: /10/ });
      route({ mirrors: [] }, { field: 'http[0].mirrors', value: '[]', problem: /empty list/, fix: /leave mirrors out/ });
    });
    test('mirrors on a rule that forwards nothing: a warning', () => {
      const { chart } = newChart();
      const vs = new VirtualService(chart, 'Vs', { hosts: ['shop.example.com'] });
      vs.addHttpRoute({ directResponse: { status: 404 }, mirrors: [{ host: 'audit' }] });
      expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/Vs\] http\[0\]\.mirrors has no effect: the rule answers with a direct response/)]);
    });
  });
});

describe('VirtualService delegation', () => {
  test('a root rule delegates to a VirtualService without hosts in another namespace; render schema-valid', () => {
    const { app, chart, gw } = fixture('istio-system');
    const team = new Chart(app, 'team', { namespace: 'shop' });
    const delegate = new VirtualService(team, 'ShopRoutes', {
      exportTo: ['istio-system'],
      httpRoutes: [{ matches: [HttpMatch.uriPrefix('/shop/cart')], destinations: [{ host: 'cart', port: 8080 }] }, { destinations: [{ host: 'shop', port: 80 }] }],
    });
    expect(delegate.isDelegate).toBe(true);
    new VirtualService(chart, 'Root', {
      hosts: ['shop.example.com'],
      gateways: [gw],
      httpRoutes: [{ matches: [HttpMatch.uriPrefix('/shop')], delegate, timeout: Duration.seconds(10), corsPolicy: { allowOrigins: [StringMatch.exact('https://shop.example.com')] } }],
    });
    const docs = [...synthValid(chart), ...synthValid(team)];
    expect(vsOf(docs, 'root').spec.http).toEqual([{
      match: [{ uri: { prefix: '/shop' } }], delegate: { name: 'shop-routes', namespace: 'shop' }, timeout: '10s',
      corsPolicy: { allowOrigins: [{ exact: 'https://shop.example.com' }] },
    }]);
    const d = vsOf(docs, 'shop-routes');
    expect(d.spec.hosts).toBeUndefined();
    expect(d.spec.gateways).toBeUndefined();
    expect(synthErrors(app)).toEqual([]);
  });

  test('a delegate outside the app (fromVirtualServiceName)', () => {
    const { chart } = newChart('istio-system');
    const vs = new VirtualService(chart, 'Root', { hosts: ['shop.example.com'] });
    vs.addHttpRoute({ delegate: VirtualService.fromVirtualServiceName(chart, 'Team', 'shop-routes', 'shop') });
    expect(vsOf(synthValid(chart), 'root').spec.http).toEqual([{ delegate: { name: 'shop-routes', namespace: 'shop' } }]);
  });

  test('a root rule only delegates; a delegate has no gateways, TLS/TCP rules or delegation of its own', () => {
    const { chart } = newChart();
    const delegate = new VirtualService(chart, 'D', { httpRoutes: [{ destinations: [{ host: 'web' }] }] });
    const root = new VirtualService(chart, 'Root', { hosts: ['shop.example.com'] });
    expectFailure(() => root.addHttpRoute({ delegate, destinations: [{ host: 'web' }] }), { path: 'test/Root', field: 'http[0].destinations', value: '[{"host":"web"}]', problem: /root HTTP route must not specify route/, fix: /remove destinations, or remove delegate/ });
    expectFailure(() => root.addHttpRoute({ delegate, redirect: { uri: '/' } }), { path: 'test/Root', field: 'http[0].redirect', value: '{"uri":"/"}', problem: /must not specify redirect/, fix: /remove redirect/ });
    expectFailure(() => delegate.addHttpRoute({ delegate: root }), { path: 'test/D', field: 'http[1].delegate', value: '"root"', problem: /delegate HTTP route cannot contain delegate/, fix: /root VirtualService directly/ });
    expectFailure(() => delegate.addTcpRoute({ destinations: [{ host: 'db' }] }), { path: 'test/D', field: 'tcp[0]', value: '{"destinations":[{"host":"db"}]}', problem: /no tcp route specified/, fix: /hosts/ });
    const gw = Gateway.fromGatewayName(chart, 'Gw', 'public', { namespace: 'istio-system' });
    expectFailure(() => new VirtualService(chart, 'D2', { gateways: [gw], httpRoutes: [{ destinations: [{ host: 'web' }] }] }),
      { path: 'test/D2', field: 'gateways', value: '["istio-system/public"]', problem: /delegate virtual service must have no gateways specified/, fix: /root VirtualService/ });
    expectFailure(() => new VirtualService(chart, 'D3', { includeMesh: true }), { path: 'test/D3', field: 'includeMesh', value: 'true', problem: /applies wherever its root does/, fix: /root/ });
  });

  test('whole app: the target must be a delegate exported to the root namespace (else Istio skips the rule)', () => {
    const { app, chart } = newChart('istio-system');
    const team = new Chart(app, 'team', { namespace: 'shop' });
    const withHosts = new VirtualService(team, 'Hosted', { hosts: ['cart.example.com'], httpRoutes: [{ destinations: [{ host: 'cart' }] }] });
    const hidden = new VirtualService(team, 'Hidden', { exportTo: ['.'], httpRoutes: [{ destinations: [{ host: 'shop' }] }] });
    const root = new VirtualService(chart, 'Root', { hosts: ['shop.example.com'] });
    root.addHttpRoute({ matches: [HttpMatch.uriPrefix('/cart')], delegate: withHosts });
    root.addHttpRoute({ delegate: hidden });
    expectSynthFailure(app, { path: 'test/Root', field: 'http[0].delegate', value: '"shop/hosted"', problem: /has hosts, so it is not a delegate/, fix: /leave hosts out/ });
    expectSynthFailure(app, { path: 'test/Root', field: 'http[1].delegate', value: '"shop/hidden"', problem: /not exported to namespace "istio-system" \(exportTo \["\."\]\)/, fix: /add "istio-system" \(or "\*"\) to the delegate's exportTo/ });
  });
});
