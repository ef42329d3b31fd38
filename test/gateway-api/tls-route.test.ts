// TLS passthrough listeners and TLSRoute (gateway.networking.k8s.io/v1 in the pinned Gateway API
// v1.6.1 standard CRDs). Upstream rules: the Gateway CRD's CEL rules on listeners ("tls mode must
// be set for protocol TLS", "tls mode must be Terminate for protocol HTTPS", "tls must not be
// specified for protocols ['HTTP', 'TCP', 'UDP']"), the TLSRoute v1 schema (1..1024 hostnames
// without IPs, exactly one rule with 1..16 backends), and the route kinds each listener protocol
// takes (istio 1.30.3 pilot/pkg/config/kube/gateway/conditions.go generateSupportedKinds).
import { Certificate, ClusterIssuer, IssuerConfig } from '../../src/cert-manager';
import { Gateway, HttpRoute, ListenerProtocol, ListenerTls, ListenerTlsMode, TlsRoute } from '../../src/gateway-api';
import { expectFailure, expectSynthFailure, newChart, synthErrors, synthValid } from '../util/expect';

function setup() {
  const { app, chart } = newChart('edge');
  const issuer = new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.selfSigned() });
  const cert = new Certificate(chart, 'Cert', { issuer, secretName: 'web-tls', dnsNames: ['www.example.com'] });
  const gateway = new Gateway(chart, 'Gw', {
    listeners: [
      { name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'www.example.com', tls: ListenerTls.terminate(cert) },
      // TLS passthrough next to HTTPS on 443: both TLS on the wire, told apart by SNI
      { name: 'passthrough', protocol: ListenerProtocol.TLS, hostname: '*.db.example.com', tls: ListenerTls.passthrough() },
    ],
  });
  return { app, chart, gateway };
}

describe('TLS passthrough listeners and TlsRoute', () => {
  test('render schema-valid; the route attaches to the passthrough listener', () => {
    const { app, chart, gateway } = setup();
    const route = new TlsRoute(chart, 'Db', {
      parentRefs: [{ gateway, sectionName: 'passthrough' }],
      hostnames: ['pg.db.example.com'],
      rules: [{ name: 'primary', backendRefs: [{ serviceName: 'pg', port: 5432, weight: 90 }, { serviceName: 'pg-canary', port: 5432, weight: 10 }] }],
    });
    expect(route.hostnames).toEqual(['pg.db.example.com']);
    const docs = synthValid(chart);
    expect(docs.find((d) => d.kind === 'Gateway').spec.listeners[1]).toEqual({
      name: 'passthrough', port: 443, protocol: 'TLS', hostname: '*.db.example.com', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'Same' } },
    });
    const doc = docs.find((d) => d.kind === 'TLSRoute');
    expect(doc.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(doc.spec).toEqual({
      parentRefs: [{ name: 'gw', namespace: 'edge', sectionName: 'passthrough' }],
      hostnames: ['pg.db.example.com'],
      rules: [{ name: 'primary', backendRefs: [{ name: 'pg', port: 5432, weight: 90 }, { name: 'pg-canary', port: 5432, weight: 10 }] }],
    });
    expect(ListenerTls.passthrough().mode).toBe(ListenerTlsMode.PASSTHROUGH);
    expect(synthErrors(app)).toEqual([]);
  });

  test('listener rules: TLS needs a tls mode, HTTPS only terminates, HTTP and TLS do not share a port', () => {
    const make = (listeners: any[]) => () => new Gateway(newChart('edge').chart, 'Gw', { listeners });
    expectFailure(make([{ name: 'tls', protocol: ListenerProtocol.TLS }]),
      { path: 'test/Gw', field: 'listeners[0].tls', value: 'unset', problem: 'tls mode must be set for protocol TLS', fix: /ListenerTls.passthrough\(\)/ });
    expectFailure(make([{ name: 'https', protocol: ListenerProtocol.HTTPS, tls: ListenerTls.passthrough() }]),
      { path: 'test/Gw', field: 'listeners[0].tls', value: '"Passthrough"', problem: 'tls mode must be Terminate for protocol HTTPS', fix: /ListenerProtocol.TLS for passthrough/ });
    expectFailure(make([{ name: 'http', protocol: ListenerProtocol.HTTP, tls: ListenerTls.passthrough() }]),
      { path: 'test/Gw', field: 'listeners[0].tls', value: '"Passthrough"', problem: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']", fix: /remove tls/ });
    expectFailure(make([{ name: 'http', protocol: ListenerProtocol.HTTP, port: 8443 }, { name: 'tls', protocol: ListenerProtocol.TLS, port: 8443, tls: ListenerTls.passthrough() }]),
      { path: 'test/Gw', field: 'listeners[1].port', value: '8443', problem: /ProtocolConflict/, fix: /another port/ });
  });

  test('TlsRoute input: hostnames required (no IPs), one rule with 1–16 backends', () => {
    const { chart, gateway } = setup();
    const parentRefs = [{ gateway, sectionName: 'passthrough' }];
    const rules = [{ backendRefs: [{ serviceName: 'pg', port: 5432 }] }];
    expectFailure(() => new TlsRoute(chart, 'R1', { parentRefs, rules } as any), { path: 'test/R1', field: 'hostnames', value: 'unset', problem: /at least one hostname/, fix: /db.example.com/ });
    expectFailure(() => new TlsRoute(chart, 'R2', { parentRefs, rules, hostnames: ['10.0.0.1'] }), { path: 'test/R2', field: 'hostnames[0]', value: '"10.0.0.1"', problem: /hostname/, fix: /IP addresses are not allowed/ });
    expectFailure(() => new TlsRoute(chart, 'R3', { parentRefs, hostnames: ['pg.db.example.com'], rules: [...rules, ...rules] }),
      { path: 'test/R3', field: 'rules[1]', value: 'unset', problem: /exactly one rule/, fix: /one rule/ });
    expectFailure(() => new TlsRoute(chart, 'R4', { parentRefs, hostnames: ['pg.db.example.com'], rules: [{ backendRefs: [] }] }),
      { path: 'test/R4', field: 'rules[0].backendRefs', value: '[]', problem: /empty list/, fix: /serviceName/ });
    expectFailure(() => new TlsRoute(chart, 'R5', { parentRefs, hostnames: ['pg.db.example.com'], rules: [{ backendRefs: [{ serviceName: 'pg' } as any] }] }),
      { path: 'test/R5', field: 'rules[0].backendRefs[0].port', value: 'unset', problem: /must have a port/, fix: /Service port/ });
  });

  test('at synth: a TLSRoute only attaches to TLS listeners, an HTTPRoute not to them; hostnames must meet the listener', () => {
    const { app, chart, gateway } = setup();
    new TlsRoute(chart, 'OnHttps', { parentRefs: [{ gateway, sectionName: 'https' }], hostnames: ['www.example.com'], rules: [{ backendRefs: [{ serviceName: 'web', port: 443 }] }] });
    new HttpRoute(chart, 'OnTls', { parentRefs: [{ gateway, sectionName: 'passthrough' }], hostnames: ['pg.db.example.com'], rules: [{ backendRefs: [{ serviceName: 'pg', port: 8080 }] }] });
    new TlsRoute(chart, 'OtherHost', { parentRefs: [{ gateway, sectionName: 'passthrough' }], hostnames: ['mq.example.org'], rules: [{ backendRefs: [{ serviceName: 'mq', port: 5671 }] }] });
    expectSynthFailure(app, { path: 'test/OnHttps', field: 'parentRefs[0]', value: '"edge/gw"', problem: /listener\(s\) "https" \(HTTPS, tls Terminate: takes HTTPRoute, GRPCRoute\) of gateway edge\/gw do not accept a TLSRoute/, fix: /ListenerProtocol.TLS with ListenerTls.passthrough\(\)/ });
    expectSynthFailure(app, { path: 'test/OnTls', field: 'parentRefs[0]', value: '"edge/gw"', problem: /"passthrough" \(TLS, tls Passthrough: takes TLSRoute\).*do not accept an HTTPRoute/, fix: /HTTP or HTTPS listener/ });
    expectSynthFailure(app, { path: 'test/OtherHost', field: 'hostnames', value: '["mq.example.org"]', problem: /no hostname of the route intersects/, fix: /hostnames the listener serves/ });
  });
});
