// GRPCRoute (gateway.networking.k8s.io/v1, Gateway API v1.6.1 standard CRDs): the CRD schema and
// CEL rules of method matches ("One or both of 'service' or 'method' must be specified", the
// Exact service and method character rules), limits, and attachment to HTTP/HTTPS listeners
// only (istio 1.30.3 pilot/pkg/config/kube/gateway/conditions.go generateSupportedKinds).
import { Gateway, GrpcMethodMatchType, GrpcRoute, HeaderMatchType, ListenerProtocol, ListenerTls } from '../../src/gateway-api';
import { expectFailure, expectSynthFailure, newChart, synthErrors, synthValid } from '../util/expect';

function setup() {
  const { app, chart } = newChart('shop');
  const gateway = new Gateway(chart, 'Gw', {
    listeners: [
      { name: 'http', protocol: ListenerProtocol.HTTP },
      { name: 'tls', protocol: ListenerProtocol.TLS, tls: ListenerTls.passthrough() },
    ],
  });
  return { app, chart, gateway };
}
const backendRefs = [{ serviceName: 'cart', port: 9090 }];

describe('GrpcRoute', () => {
  test('renders schema-valid and attaches to the HTTP listener', () => {
    const { app, chart, gateway } = setup();
    const route = new GrpcRoute(chart, 'Cart', {
      parentRefs: [{ gateway, sectionName: 'http' }],
      hostnames: ['grpc.example.com'],
      rules: [
        { name: 'add', matches: [{ method: { service: 'shop.v1.CartService', method: 'AddItem' }, headers: [{ name: 'x-tenant', value: 'acme' }] }], backendRefs: [{ serviceName: 'cart-v2', port: 9090 }] },
        { matches: [{ method: { service: 'shop\\.v1\\..*', type: GrpcMethodMatchType.REGULAR_EXPRESSION } }, { headers: [{ name: 'x-debug', value: '1|true', type: HeaderMatchType.REGULAR_EXPRESSION }] }], backendRefs },
        { backendRefs },
      ],
    });
    expect(route.rules).toHaveLength(3);
    const doc = synthValid(chart).find((d) => d.kind === 'GRPCRoute');
    expect(doc.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(doc.spec).toEqual({
      parentRefs: [{ name: 'gw', namespace: 'shop', sectionName: 'http' }],
      hostnames: ['grpc.example.com'],
      rules: [
        {
          name: 'add',
          matches: [{ method: { type: 'Exact', service: 'shop.v1.CartService', method: 'AddItem' }, headers: [{ name: 'x-tenant', value: 'acme', type: 'Exact' }] }],
          backendRefs: [{ name: 'cart-v2', port: 9090 }],
        },
        {
          matches: [{ method: { type: 'RegularExpression', service: 'shop\\.v1\\..*' } }, { headers: [{ name: 'x-debug', value: '1|true', type: 'RegularExpression' }] }],
          backendRefs: [{ name: 'cart', port: 9090 }],
        },
        { backendRefs: [{ name: 'cart', port: 9090 }] },
      ],
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test('refused as the CRD does', () => {
    const make = (rule: any) => () => {
      const { chart } = newChart('shop');
      return new GrpcRoute(chart, 'R', { rules: [rule] });
    };
    const P = 'test/R';
    expectFailure(make({ matches: [{ method: {} }], backendRefs }), { path: P, field: 'rules[0].matches[0].method', value: '{}', problem: "One or both of 'service' or 'method' must be specified", fix: /leave method out/ });
    expectFailure(make({ matches: [{ method: { service: 'shop.v1/Cart' } }], backendRefs }),
      { path: P, field: 'rules[0].matches[0].method.service', value: '"shop.v1/Cart"', problem: /service must only contain valid characters/, fix: /no "\/"/ });
    expectFailure(make({ matches: [{ method: { method: 'Add-Item' } }], backendRefs }),
      { path: P, field: 'rules[0].matches[0].method.method', value: '"Add-Item"', problem: /method must only contain valid characters/, fix: /AddItem/ });
    expectFailure(make({ matches: [{ method: { method: '(?=x)', type: GrpcMethodMatchType.REGULAR_EXPRESSION } }], backendRefs }),
      { path: P, field: 'rules[0].matches[0].method.method', value: '"(?=x)"', problem: /look-around|RE2|regular expression/i, fix: /./ });
    expectFailure(make({ matches: [{ headers: [{ name: 'bad header', value: 'x' }] }], backendRefs }),
      { path: P, field: 'rules[0].matches[0].headers[0].name', value: '"bad header"', problem: /header name/i, fix: /./ });
    expectFailure(make({}), { path: P, field: 'rules[0].backendRefs', value: 'unset', problem: /needs backends/, fix: /serviceName/ });
    expectFailure(make({ name: 'Add', backendRefs }), { path: P, field: 'rules[0].name', value: '"Add"', problem: /rule name/, fix: /lowercase/ });
  });

  test('at synth: not on a TLS listener', () => {
    const { app, chart, gateway } = setup();
    new GrpcRoute(chart, 'OnTls', { parentRefs: [{ gateway, sectionName: 'tls' }], rules: [{ backendRefs }] });
    expectSynthFailure(app, { path: 'test/OnTls', field: 'parentRefs[0]', value: '"shop/gw"', problem: /"tls" \(TLS, tls Passthrough: takes TLSRoute\).* do not accept a GRPCRoute/, fix: /HTTP or HTTPS listener/ });
  });
});
