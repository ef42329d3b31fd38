// The Istio family's whole-app checks read the wire form: they check Gateways,
// VirtualServices and AuthorizationPolicies the library did not render (plain ApiObjects,
// manifests from elsewhere) as they check the L2s, and the facts the L2s and importers declare
// have documented defaults for manifests.
import { App, ApiObject, Chart } from 'cdk8s';
import { Synthesis } from '../../src';
import { CLUSTER_CONTEXT_KEY } from '../../src/private/cluster';
import { buildModel } from '../../src/core/build';
import { GatewayProtocol, GatewayTls, Gateway, VirtualService } from '../../src/istio';
import { gatewaySelectorOf, workloadNamespaceGiven, workloadNamespaceOf } from '../../src/istio/private/gateway-facts';
import { Expected, expectMessage, newChart } from '../util/expect';
import { certificate } from './fixtures';

/** The problems of the app (whatever built its objects), as `Synthesis.problems()` reports them. */
function messages(app: App, severity?: 'error' | 'warning'): string[] {
  return Synthesis.problems([app]).filter((p) => severity === undefined || p.severity === severity).map((p) => p.message);
}

/** The app has a problem of `severity` for `[path]` and `field` with the expected parts; returns every message. */
function expectProblem(app: App, e: Expected, severity: 'error' | 'warning' = 'error'): string {
  const all = messages(app, severity);
  const line = all.find((m) => m.startsWith(`[${e.path}]`) && m.includes(`(${e.field}: `));
  if (!line) throw new Error(`no ${severity} for [${e.path}] (${e.field}: ...) in:\n${all.join('\n')}`);
  expectMessage(line, e);
  return all.join('\n');
}

function plainGateway(chart: Chart, id: string, name: string, namespace: string, servers: any[], selector: { [k: string]: string } = { istio: 'ingressgateway' }): ApiObject {
  return new ApiObject(chart, id, { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace }, spec: { selector, servers } });
}

const https = (hosts: string[], credentialName: string, number = 443) => ({ port: { number, name: `https-${number}`, protocol: 'HTTPS' }, hosts, tls: { mode: 'SIMPLE', credentialName } });
const http = (hosts: string[], number = 80) => ({ port: { number, name: `http-${number}`, protocol: 'HTTP' }, hosts });

describe('Gateway manifests the library did not render', () => {
  test('a Gateway without servers fails, naming the ApiObject and the wire field', () => {
    const { app, chart } = newChart('istio-system');
    plainGateway(chart, 'Plain', 'plain', 'istio-system', []);
    expectProblem(app, { path: 'test/Plain', field: 'spec.servers', value: '[]', problem: 'gateway must have at least one server', fix: 'pass servers' });
  });

  test('the credentialName Secret is looked for in the Gateway\'s own namespace (the default workload namespace of a manifest)', () => {
    const { app, chart } = newChart('istio-system');
    certificate(chart, 'Shop', { namespace: 'web' });
    plainGateway(chart, 'Plain', 'plain', 'istio-system', [https(['shop.example.com'], 'shop-tls')]);
    expectProblem(app, {
      path: 'test/Plain', field: 'spec.servers[0].tls.credentialName', value: '"web/shop-tls"',
      problem: 'Istio reads credentialName from the gateway workload namespace "istio-system" (istio/istio#27740); workloadNamespace is not set, so it is taken to be the Gateway\'s own namespace',
      fix: 'set workloadNamespace: "web" on the gateway if its pods run there',
    });
  });

  test('the Certificate writing the Secret must cover the server hosts', () => {
    const { app, chart } = newChart('istio-system');
    certificate(chart, 'Shop', { dnsNames: ['shop.example.com'] });
    plainGateway(chart, 'Plain', 'plain', 'istio-system', [https(['shop.example.com', 'api.example.com'], 'shop-tls')]);
    expectProblem(app, { path: 'test/Plain', field: 'spec.servers[0].hosts', value: '["api.example.com"]', problem: 'does not cover these server hosts', fix: 'add the hosts to the certificate\'s dnsNames' });
  });

  test('a credentialName no Certificate of the app writes is a Secret created elsewhere: not checked', () => {
    const { app, chart } = newChart('istio-system');
    plainGateway(chart, 'Plain', 'plain', 'istio-system', [https(['shop.example.com'], 'external-tls')]);
    expect(messages(app, 'error')).toEqual([]);
  });

  test('IST0145 between a manifest and an Gateway of the same pods: reported on the later one', () => {
    const { app, chart } = newChart('istio-system');
    plainGateway(chart, 'Plain', 'plain', 'istio-system', [http(['*.example.com'])]);
    new Gateway(chart, 'Gw').addHttpServer({ hosts: ['shop.example.com'] });
    plainGateway(chart, 'Later', 'later', 'istio-system', [http(['shop.example.com'])]);
    const message = expectProblem(app, {
      path: 'test/Later', field: 'spec.servers[0].hosts[0]', value: '"shop.example.com"',
      problem: 'host overlaps a host of gateway istio-system/gw (test/Gw) on port 80', fix: 'merge the servers into one istio.Gateway',
    });
    expect(message).toMatch(/\[test\/Gw\] host overlaps a host of gateway istio-system\/plain \(test\/Plain\) on port 80 .*\(servers\[0\]\.hosts\[0\]: "shop\.example\.com"\)/);
    expect(message.match(/IST0145/g)).toHaveLength(3);
  });

  test('IST0138 between manifests sharing a credentialName with overlapping selectors (a warning on the later one)', () => {
    const { app, chart } = newChart('istio-system');
    plainGateway(chart, 'A', 'a', 'istio-system', [https(['a.example.com'], 'wild-tls')]);
    plainGateway(chart, 'B', 'b', 'istio-system', [https(['b.example.com'], 'wild-tls')], { istio: 'ingressgateway', app: 'b' });
    plainGateway(chart, 'C', 'c', 'istio-system', [https(['c.example.com'], 'wild-tls')], { istio: 'other' });
    expect(messages(app, 'error')).toEqual([]);
    expect(messages(app, 'warning')).toEqual([
      expect.stringMatching(/^\[test\/B\] the same credentialName is also used by gateway istio-system\/a \(test\/A\), whose selector overlaps: .*\(IST0138\) \(spec\.servers\[0\]\.tls\.credentialName: "wild-tls"\) — serve these hosts/),
    ]);
  });
});

describe('servers sharing a certificate (manifests)', () => {
  // pilot/pkg/model/gateway.go (istio 1.30.3) gatewayRDSRouteName: one route table per terminating HTTPS server
  test('two HTTPS servers of one manifest with one credentialName on one port: a warning naming both servers; different binds, passthrough and TLS servers are not', () => {
    const { app, chart } = newChart('istio-system');
    plainGateway(chart, 'A', 'a', 'istio-system', [
      https(['a.example.com'], 'wild-tls'),
      { ...https(['b.example.com'], 'wild-tls'), port: { number: 443, name: 'https-b', protocol: 'https' } },
      { ...https(['c.example.com'], 'wild-tls'), port: { number: 443, name: 'https-c', protocol: 'HTTPS' }, bind: '10.0.0.1' },
      { port: { number: 443, name: 'tls-d', protocol: 'TLS' }, hosts: ['d.example.com'], tls: { mode: 'SIMPLE', credentialName: 'wild-tls' } },
    ]);
    expect(messages(app, 'error')).toEqual([]);
    const warnings = messages(app, 'warning');
    expect(warnings).toHaveLength(1);
    expectMessage(warnings[0], {
      path: 'test/A', field: 'spec.servers[1].tls.credentialName', value: '"wild-tls"',
      problem: 'servers[0] of this gateway (port name "https-443", hosts ["a.example.com"]) serves the same certificate on port 443',
      fix: 'put the hosts in one server (gateway.addServerHosts("https-443", hosts) instead of another server), or give each server its own certificate',
    });
  });
});

// istio/istio pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go (1.30.3), IST0109
// ConflictingMeshGatewayVirtualServiceHosts (Error): hosts as FQDNs per exportTo scope; an empty gateways
// list is the mesh (pilot/pkg/model/push_context.go getGatewayNames).
describe('VirtualServices bound to the mesh claiming one host (IST0109)', () => {
  const meshVs = (chart: Chart, id: string, namespace: string, spec: any) => new ApiObject(chart, id, {
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: id.toLowerCase(), namespace },
    spec: { http: [{ route: [{ destination: { host: 'reviews' } }] }], ...spec },
  });

  test('a short name and its FQDN in two manifests: an error on each, naming the other', () => {
    const { app, chart } = newChart('web');
    meshVs(chart, 'A', 'web', { hosts: ['reviews'] });
    meshVs(chart, 'B', 'other', { hosts: ['reviews.web.svc.cluster.local'], gateways: [] });
    const all = messages(app, 'error');
    expect(all).toHaveLength(2);
    expectMessage(all.find((m) => m.startsWith('[test/A]'))!, {
      path: 'test/A', field: 'spec.hosts[0]', value: '"reviews"',
      problem: 'VirtualService other/b (test/B) also applies to the mesh for reviews.web.svc.cluster.local: with two mesh VirtualServices for one host, which rules the sidecars apply is undefined (IST0109)',
      fix: 'merge the rules into one VirtualService for the host, or bind the gateway-facing one to gateways only (includeMesh: false)',
    });
    expect(all.find((m) => m.startsWith('[test/B]'))).toContain('VirtualService web/a (test/A) also applies to the mesh');
  });

  test('a VirtualService exported to all namespaces conflicts with a scoped one whose host its wildcard matches', () => {
    const { app, chart } = newChart('a');
    meshVs(chart, 'Scoped', 'a', { hosts: ['reviews'], exportTo: ['.'] });
    meshVs(chart, 'Wild', 'b', { hosts: ['*.a.svc.cluster.local'], gateways: ['mesh'] });
    expect(messages(app, 'error')).toEqual([
      expect.stringMatching(/^\[test\/Scoped\] VirtualService b\/wild \(test\/Wild\) also applies to the mesh for reviews\.a\.svc\.cluster\.local in namespace "a": .*\(IST0109\) \(spec\.hosts\[0\]: "reviews"\)/),
      expect.stringMatching(/^\[test\/Wild\] VirtualService a\/scoped \(test\/Scoped\) also applies/),
    ]);
  });

  test('no conflict: gateway-only bindings, different export scopes, other clusters', () => {
    const { app, chart } = newChart('a');
    const gw = new Gateway(chart, 'Gw');
    gw.addHttpServer({ hosts: ['shop.example.com'] });
    meshVs(chart, 'Mesh', 'a', { hosts: ['shop.example.com'] });
    meshVs(chart, 'Edge', 'a', { hosts: ['shop.example.com'], gateways: ['gw'] });
    meshVs(chart, 'OnlyA', 'a', { hosts: ['api.example.com'], exportTo: ['.'] });
    meshVs(chart, 'OnlyB', 'b', { hosts: ['api.example.com'], exportTo: ['.'] });
    const other = new Chart(app, 'other');
    other.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-b');
    meshVs(other, 'MeshB', 'a', { hosts: ['shop.example.com'] });
    expect(messages(app, 'error')).toEqual([]);
  });

  test('two VirtualService constructs for one host without gateways (the mesh by default)', () => {
    const { app, chart } = newChart('web');
    new VirtualService(chart, 'Reviews', { hosts: ['reviews'], httpRoutes: [{ destinations: [{ host: 'reviews' }] }] });
    new VirtualService(chart, 'ReviewsCanary', { hosts: ['reviews'], httpRoutes: [{ destinations: [{ host: 'reviews', subset: 'v2' }] }] });
    expectProblem(app, {
      path: 'test/ReviewsCanary', field: 'hosts[0]', value: '"reviews"',
      problem: 'VirtualService web/reviews (test/Reviews) also applies to the mesh for reviews.web.svc.cluster.local', fix: /^merge the rules into one VirtualService/,
    });
  });
});

// istio/istio pkg/config/analysis/analyzers/virtualservice/destinationhosts.go (1.30.3): IST0112
// VirtualServiceDestinationPortSelectorRequired (Error) and IST0101 for a host:port the Service lacks.
describe('destination ports of Services in the app (IST0112, IST0101)', () => {
  const svc = (chart: Chart, name: string, namespace: string, ports: number[], annotations?: any) => new ApiObject(chart, `Svc-${namespace}-${name}`, {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, annotations }, spec: { selector: { app: name }, ports: ports.map((port) => ({ name: `p${port}`, port })) },
  });
  const vs = (chart: Chart, id: string, destinations: any[]) => new ApiObject(chart, id, {
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: id.toLowerCase(), namespace: 'web' },
    spec: { hosts: [`${id.toLowerCase()}.example.com`], gateways: ['mesh'], http: [{ route: destinations.map((destination) => ({ destination })) }] },
  });

  test('a Service with several ports and no destination port; a port the Service does not have', () => {
    const { app, chart } = newChart('web');
    svc(chart, 'shop', 'web', [8080, 9090]);
    vs(chart, 'NoPort', [{ host: 'shop' }]);
    vs(chart, 'WrongPort', [{ host: 'shop.web.svc.cluster.local', port: { number: 80 } }]);
    const all = messages(app, 'error');
    expect(all).toHaveLength(2);
    expectMessage(all[0], {
      path: 'test/NoPort', field: 'spec.http[0].route[0].destination.port', value: 'unset',
      problem: 'Service shop.web.svc.cluster.local exposes several ports [8080,9090]: the destination must say which (IST0112)', fix: 'set the destination port, e.g. 8080',
    });
    expectMessage(all[1], {
      path: 'test/WrongPort', field: 'spec.http[0].route[0].destination.port', value: '80',
      problem: 'Service shop.web.svc.cluster.local has no port 80 (its ports: [8080,9090]), so the route has no endpoint (IST0101)', fix: 'use one of the Service\'s ports: 8080, 9090',
    });
  });

  test('not checked: one port, the right port, Services outside the app or limited by exportTo, other namespaces', () => {
    const { app, chart } = newChart('web');
    svc(chart, 'single', 'web', [8080]);
    svc(chart, 'multi', 'web', [8080, 9090]);
    svc(chart, 'scoped', 'web', [8080, 9090], { 'networking.istio.io/exportTo': '.' });
    vs(chart, 'Fine', [
      { host: 'single' }, { host: 'multi', port: { number: 9090 } }, { host: 'scoped' }, { host: 'elsewhere' },
      { host: 'multi.other.svc.cluster.local' }, { host: 'api.example.com' },
    ]);
    expect(messages(app, 'error')).toEqual([]);
  });

  test('the VirtualService construct: the message names its path', () => {
    const { app, chart } = newChart('web');
    svc(chart, 'shop', 'web', [8080, 9090]);
    new VirtualService(chart, 'Shop', { hosts: ['shop.example.com'], httpRoutes: [{ destinations: [{ host: 'shop' }] }] });
    const all = messages(app, 'error');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(/^\[test\/Shop\] Service shop\.web\.svc\.cluster\.local exposes several ports \[8080,9090\]: the destination must say which \(IST0112\) \(http\[0\]\.route\[0\]\.destination\.port: unset\) — set the destination port, e\.g\. 8080$/);
  });
});

describe('VirtualService and AuthorizationPolicy manifests', () => {
  test('a VirtualService manifest bound (by short name) to a gateway that does not serve its host: IST0132', () => {
    const { app, chart } = newChart('istio-system');
    const gw = new Gateway(chart, 'Public');
    gw.addHttpServer({ hosts: ['shop.example.com'] });
    new ApiObject(chart, 'Vs', {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'vs', namespace: 'istio-system' },
      spec: { hosts: ['blog.example.com'], gateways: ['public'], http: [{ route: [{ destination: { host: 'blog' } }] }] },
    });
    const message = expectProblem(app, {
      path: 'test/Vs', field: 'spec.gateways[0]', value: '"istio-system/public"', problem: 'gateway test/Public serves none of the hosts ["blog.example.com"]', fix: 'add a server for these hosts',
    });
    expect(message).toContain('[test/Vs] no bound gateway serves this host (gateways: istio-system/public)');
  });

  // pkg/config/validation/validation.go (istio 1.30.3) validateGatewayNames: a warning, and
  // pilot/pkg/model/config.go resolveGatewayName reads "public.istio-system" as istio-system/public
  test('a VirtualService manifest naming its gateway in the legacy name.namespace form: a warning, bound as Istio binds it', () => {
    const { app, chart } = newChart('web');
    new Gateway(new Chart(app, 'gw', { namespace: 'istio-system' }), 'Public').addHttpServer({ hosts: ['shop.example.com'] });
    new ApiObject(chart, 'Vs', {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'vs', namespace: 'web' },
      spec: { hosts: ['shop.example.com'], gateways: ['public.istio-system'], http: [{ route: [{ destination: { host: 'shop' } }] }] },
    });
    expect(messages(app, 'error')).toEqual([]);
    expectProblem(app, {
      path: 'test/Vs', field: 'spec.gateways[0]', value: '"public.istio-system"',
      problem: 'using legacy gatewayName format; Istio reads it as "istio-system/public"', fix: 'prefer the <namespace>/<name> format: "istio-system/public"',
    }, 'warning');
  });

  test('a VirtualService manifest without rules, applying to the mesh with host "*"', () => {
    const { app, chart } = newChart('web');
    new ApiObject(chart, 'Vs', { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'vs', namespace: 'web' }, spec: { hosts: ['*'] } });
    const message = expectProblem(app, { path: 'test/Vs', field: 'spec.http', value: '[]', problem: 'http, tcp or tls must be provided', fix: 'call addHttpRoute()' });
    expect(message).toContain('[test/Vs] wildcard host * is not allowed for virtual services bound to the mesh gateway (spec.hosts: "*")');
  });

  test('an AuthorizationPolicy manifest: DENY without rules fails, ALLOW without rules warns', () => {
    const { app, chart } = newChart('web');
    new ApiObject(chart, 'Deny', { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny', namespace: 'web' }, spec: { action: 'DENY' } });
    new ApiObject(chart, 'Allow', { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow', namespace: 'web' }, spec: {} });
    expectProblem(app, { path: 'test/Deny', field: 'spec.rules', value: '[]', problem: 'DENY action without `rules` is meaningless', fix: 'add an empty rule {}' });
    expect(messages(app, 'warning')).toEqual([expect.stringMatching(/^\[test\/Allow\] ALLOW policy without rules matches nothing .* \(spec\.rules: \[\]\) — add rules/)]);
  });
});

describe('facts of Istio Gateways', () => {
  test('Gateway declares its workload namespace and whether it was given; manifests default to their own namespace', () => {
    const { app, chart } = newChart('web');
    new Gateway(chart, 'Given', { workloadNamespace: 'istio-ingress', selector: { istio: 'ingress' } }).addHttpServer({ hosts: ['a.example.com'] });
    new Gateway(chart, 'Default').addHttpServer({ hosts: ['b.example.com'] });
    plainGateway(chart, 'Plain', 'plain', 'edge', [http(['c.example.com'])], { app: 'edge' });
    Gateway.fromGatewayName(chart, 'Ext', 'legacy', { namespace: 'istio-system', workloadNamespace: 'istio-ingress', selector: { istio: 'legacy' } });
    const { model } = buildModel(app);
    const gateways = model.ofKind('networking.istio.io', 'Gateway');
    const facts = gateways.map((g) => ({ name: g.name, external: g.external, workloadNamespace: workloadNamespaceOf(g), given: workloadNamespaceGiven(g), selector: gatewaySelectorOf(g) }));
    expect(facts).toEqual([
      { name: 'given', external: false, workloadNamespace: 'istio-ingress', given: true, selector: { istio: 'ingress' } },
      { name: 'default', external: false, workloadNamespace: 'web', given: false, selector: { istio: 'ingressgateway' } },
      { name: 'plain', external: false, workloadNamespace: 'edge', given: false, selector: { app: 'edge' } },
      { name: 'legacy', external: true, workloadNamespace: 'istio-ingress', given: false, selector: { istio: 'legacy' } },
    ]);
    expect(gateways.find((g) => g.external)!.path).toBe('test/Ext');
  });

  test('an imported gateway is found by VirtualServices of its cluster; its servers are unknown, so host checks are skipped', () => {
    const { app, chart } = newChart('web');
    const ext = Gateway.fromGatewayName(chart, 'Ext', 'legacy', { namespace: 'istio-system' });
    new VirtualService(chart, 'Vs', { hosts: ['blog.example.com'], gateways: [ext], httpRoutes: [{ destinations: [{ host: 'blog' }] }] });
    expect(messages(app, 'error')).toEqual([]);
    // the same VirtualService bound to an Gateway of that name would be checked
    const other = newChart('web');
    const gw = new Gateway(other.chart, 'Legacy', { metadata: { name: 'legacy', namespace: 'istio-system' }, servers: [{ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['shop.example.com'], tls: GatewayTls.fromCredentialName('shop-tls') }] });
    new VirtualService(other.chart, 'Vs', { hosts: ['blog.example.com'], gateways: [gw], httpRoutes: [{ destinations: [{ host: 'blog' }] }] });
    expectProblem(other.app, { path: 'test/Vs', field: 'gateways[0]', value: '"istio-system/legacy"', problem: 'serves none of the hosts', fix: 'add a server for these hosts' });
  });
});
