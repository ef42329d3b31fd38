// The Istio family's check of DestinationRules on the gateway → solver hop of an ACME HTTP-01
// challenge (`istio/acme-solver-destination-rules`), over objects of any origin.
//
// Upstream facts the cases are built from:
// - cert-manager's solver pods carry `sidecar.istio.io/inject: "false"` (cert-manager
//   pkg/issuer/acme/http/pod.go) and serve plain HTTP on 8089 (pkg/issuer/acme/http/solver/solver.go).
// - A DestinationRule's tls settings are used as given ("userSupplied"); only without them does
//   auto mTLS send mTLS to sidecar endpoints alone, by the `tlsMode` endpoint label
//   (istio/istio pilot/pkg/networking/core/cluster_tls.go buildUpstreamTLSSettings,
//   applyUpstreamTLSSettings): ISTIO_MUTUAL, MUTUAL or SIMPLE toward the solver fails the
//   handshake, the gateway answers 503. PeerAuthentication is enforced by the receiving sidecar,
//   which the solver pod does not have.
// - Which rule applies to the gateway's proxy: its own namespace first (for the root namespace,
//   its private rules), then the rules the Service's namespace exports to it, then the root
//   namespace's; the most specific host wins in each (pilot/pkg/model/push_context.go
//   destinationRule, setDestinationRules, getExportedDestinationRuleFromNamespace).
import { ApiObject, App, Chart } from 'cdk8s';
import { Synthesis } from '../../src';
import { ClientTls, DestinationRule } from '../../src/istio';
import { IngressApi, HttpsRedirectGateway } from '../../src/patterns';
import { Expected, expectMessage, newChart } from '../util/expect';

const ABOUT = /DestinationRule \(host|this DestinationRule/;

function errors(app: App): string[] {
  return Synthesis.problems([app]).filter((p) => p.severity === 'error' && ABOUT.test(p.message)).map((p) => p.message);
}

function expectOnly(app: App, e: Expected): void {
  const found = errors(app);
  expect(found).toHaveLength(1);
  expectMessage(found[0], e);
}

let n = 0;
function destinationRule(chart: Chart, namespace: string, spec: any): ApiObject {
  n++;
  return new ApiObject(chart, `Dr${n}`, { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `dr${n}`, namespace }, spec });
}

/** HttpsRedirectGateway for shop.example.com on the gateway pods in `workloadNamespace` (default istio-system, Istio's root namespace). */
function site(workloadNamespace = 'istio-system', api = IngressApi.ISTIO): { app: App; chart: Chart } {
  const { app, chart } = newChart();
  new HttpsRedirectGateway(chart, 'Shop', { hosts: ['shop.example.com'], api, workload: { namespace: workloadNamespace }, routes: [{ serviceName: 'web', serviceNamespace: 'web', port: 80 }] });
  return { app, chart };
}

const MESH_WIDE = { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } };
const SOLVER_FQDN = 'acme-http01-shop-example-com.istio-system.svc.cluster.local';

describe('a DestinationRule originating TLS toward the solver Service', () => {
  test('mesh-wide ISTIO_MUTUAL from the root namespace: an error on the rule, by field, with the fix', () => {
    const { app, chart } = site();
    const dr = destinationRule(chart, 'istio-system', MESH_WIDE);
    expectOnly(app, {
      path: dr.node.path, field: 'spec.trafficPolicy.tls.mode', value: '"ISTIO_MUTUAL"',
      problem: `this DestinationRule (host "*.svc.cluster.local", mesh-wide, from the root namespace) applies to the connections of the gateway pods in istio-system to the solver Service ${SOLVER_FQDN}:8089, which the ACME HTTP-01 challenge for shop.example.com takes through the rule http[0] of VirtualService istio-system/shop (test/Shop/VirtualService): it makes the gateway originate ISTIO_MUTUAL TLS, but cert-manager runs the solver pods without a sidecar (sidecar.istio.io/inject: "false") serving plain HTTP on 8089, so the gateway answers 503`,
      fix: `add a DestinationRule for host "${SOLVER_FQDN}" with trafficPolicy.tls.mode DISABLE in namespace istio-system with exportTo ["."] (the gateway pods' own rules are looked up first, and the more specific host wins)`,
    });
  });

  test('the fix: a rule for the solver Service\'s host with DISABLE wins (more specific host)', () => {
    const { app, chart } = site();
    destinationRule(chart, 'istio-system', MESH_WIDE);
    destinationRule(chart, 'istio-system', { host: SOLVER_FQDN, trafficPolicy: { tls: { mode: 'DISABLE' } }, exportTo: ['.'] });
    expect(errors(app)).toEqual([]);
  });

  test('MUTUAL and SIMPLE fail as well; DISABLE and no tls do not', () => {
    for (const mode of ['MUTUAL', 'SIMPLE']) {
      const { app, chart } = site();
      destinationRule(chart, 'istio-system', { host: '*.istio-system.svc.cluster.local', trafficPolicy: { tls: { mode } } });
      expect(errors(app)).toEqual([expect.stringContaining(`(spec.trafficPolicy.tls.mode: "${mode}")`)]);
    }
    const { app, chart } = site();
    destinationRule(chart, 'istio-system', { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } });
    destinationRule(chart, 'istio-system', { host: '*.local', trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } });
    expect(errors(app)).toEqual([]);
  });

  test('portLevelSettings for 8089 decide over the top-level tls', () => {
    const port = site();
    destinationRule(port.chart, 'istio-system', { host: '*.svc.cluster.local', trafficPolicy: { portLevelSettings: [{ port: { number: 8089 }, tls: { mode: 'ISTIO_MUTUAL' } }] } });
    expect(errors(port.app)).toEqual([expect.stringContaining('(spec.trafficPolicy.portLevelSettings[0].tls.mode: "ISTIO_MUTUAL")')]);
    const excluded = site();
    destinationRule(excluded.chart, 'istio-system', { host: '*.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, portLevelSettings: [{ port: { number: 8089 }, tls: { mode: 'DISABLE' } }] } });
    expect(errors(excluded.app)).toEqual([]);
  });

  test('a rule of another namespace, or one selecting other workloads, does not apply to the gateway', () => {
    const { app, chart } = site();
    destinationRule(chart, 'web', MESH_WIDE);
    destinationRule(chart, 'istio-system', { ...MESH_WIDE, exportTo: ['.'], workloadSelector: { matchLabels: { app: 'egress' } } });
    expect(errors(app)).toEqual([]);
  });

  test('gateway pods outside the root namespace: their namespace\'s rules first, even private ones', () => {
    const { app, chart } = site('istio-ingress');
    destinationRule(chart, 'istio-ingress', { host: '*.local', exportTo: ['.'], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    expect(errors(app)).toEqual([expect.stringContaining('(host "*.local", from namespace istio-ingress) applies to the connections of the gateway pods in istio-ingress to the solver Service acme-http01-shop-example-com.istio-ingress.svc.cluster.local:8089')]);
  });

  test('cert-manager\'s own solver Service behind a Gateway API challenge route: only wildcard hosts reach it, the fix names portLevelSettings', () => {
    const { app, chart } = site('shop', IngressApi.GATEWAY_API);
    const dr = destinationRule(chart, 'istio-system', MESH_WIDE);
    expectOnly(app, {
      path: dr.node.path, field: 'spec.trafficPolicy.tls.mode', value: '"ISTIO_MUTUAL"',
      problem: /applies to the connections of the gateway pods in shop to cert-manager's solver Service in shop \(cm-acme-http-solver-…\):8089, which the ACME HTTP-01 challenge for shop\.example\.com takes through the HTTPRoute cert-manager attaches to Gateway shop\/shop/,
      fix: /^add portLevelSettings for port 8089 with tls.mode DISABLE to this rule, or a DestinationRule for host "\*\.shop\.svc\.cluster\.local"/,
    });
  });
});

test('PeerAuthentication STRICT (mesh-wide) is no concern for the gateway → solver hop', () => {
  const { app, chart } = site();
  new ApiObject(chart, 'Strict', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } });
  expect(Synthesis.problems([app]).filter((p) => p.severity === 'error')).toEqual([]);
});

test('the library\'s DestinationRule: the message names its path and props', () => {
  const { app, chart } = site();
  new DestinationRule(chart, 'MeshMtls', { metadata: { name: 'mesh-mtls', namespace: 'istio-system' }, host: '*.svc.cluster.local', trafficPolicy: { tls: ClientTls.istioMutual() } });
  expect(errors(app)).toEqual([expect.stringMatching(/^\[test\/MeshMtls\] this DestinationRule \(host "\*\.svc\.cluster\.local", mesh-wide, from the root namespace\) applies .* \(trafficPolicy\.tls\.mode: "ISTIO_MUTUAL"\) — add a DestinationRule for host "acme-http01-shop-example-com\.istio-system\.svc\.cluster\.local"/)]);
});

test('a subset the challenge route names: its trafficPolicy decides (Istio: subset settings override the service level)', () => {
  const { app, chart } = newChart();
  const m = (id: string, apiVersion: string, kind: string, metadata: any, spec: any) => new ApiObject(chart, id, { apiVersion, kind, metadata, spec });
  m('Edge', 'networking.istio.io/v1', 'Gateway', { name: 'edge', namespace: 'istio-system' }, { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] }] });
  m('Site', 'networking.istio.io/v1', 'VirtualService', { name: 'site', namespace: 'istio-system' }, {
    hosts: ['shop.example.com'], gateways: ['edge'],
    http: [{ match: [{ uri: { prefix: '/.well-known/acme-challenge/' } }], route: [{ destination: { host: 'solver', subset: 'pods', port: { number: 8089 } } }] }],
  });
  const dr = destinationRule(chart, 'istio-system', { host: 'solver', trafficPolicy: { tls: { mode: 'DISABLE' } }, subsets: [{ name: 'pods', labels: { app: 'solver' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }] });
  expectOnly(app, { path: dr.node.path, field: 'spec.subsets[0].trafficPolicy.tls.mode', value: '"ISTIO_MUTUAL"', problem: 'to the solver Service solver.istio-system.svc.cluster.local:8089, which the ACME HTTP-01 challenge for shop.example.com takes through the rule http[0] of VirtualService istio-system/site (test/Site)', fix: 'set this tls.mode to DISABLE (or leave tls out): the solver pods serve plain HTTP' });
});
