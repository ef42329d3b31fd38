// The Gateway API's whole-app checks read the wire form: they hold for Gateways, HTTPRoutes
// and ReferenceGrants written as plain ApiObjects (or read from files) as for the L2s.
import { ApiObject, App, Chart } from 'cdk8s';
import { Synthesis } from '../../src/core';
import { Gateway, ListenerProtocol, ListenerTls } from '../../src/gateway-api';
import { ProblemSeverity } from '../../src/validation';
import { newChart } from '../util/expect';

const GW = 'gateway.networking.k8s.io/v1';

/** Every problem of the app of `chart` (errors and warnings), as `severity message`. */
function problems(chart: Chart): string[] {
  return Synthesis.problems([chart.node.root as App]).map((p) => `${p.severity === ProblemSeverity.ERROR ? 'error' : 'warning'} ${p.message}`);
}

function gateway(chart: Chart, id: string, spec: any, metadata: any = {}): ApiObject {
  return new ApiObject(chart, id, { apiVersion: GW, kind: 'Gateway', metadata: { name: id.toLowerCase(), namespace: 'istio-ingress', ...metadata }, spec: { gatewayClassName: 'istio', ...spec } });
}

function route(chart: Chart, id: string, spec: any, namespace = 'istio-ingress'): ApiObject {
  return new ApiObject(chart, id, { apiVersion: GW, kind: 'HTTPRoute', metadata: { name: id.toLowerCase(), namespace }, spec });
}

const backend = { backendRefs: [{ name: 'shop', port: 80 }] };

describe('Gateway API checks over manifests', () => {
  test('a Gateway without listeners, a ReferenceGrant without entries, an HTTPRoute without parents and rules', () => {
    const { chart } = newChart();
    gateway(chart, 'Empty', { listeners: [] });
    new ApiObject(chart, 'Grant', { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'grant', namespace: 'certs' }, spec: { from: [], to: [] } });
    route(chart, 'Lonely', {});
    expect(problems(chart).sort()).toEqual([
      'error [test/Empty] a Gateway needs at least one listener (spec.listeners: []) — pass listeners or call addListener()',
      'error [test/Grant] a ReferenceGrant needs at least one "from" entry (spec.from: []) — call addFrom({ kind, namespace })',
      'error [test/Grant] a ReferenceGrant needs at least one "to" entry (spec.to: []) — call addTo({ kind, name })',
      'error [test/Lonely] the route attaches to no Gateway (spec.parentRefs: []) — pass parentRefs or call addParentRef({ gateway }) / addParentRef({ listenerSet })',
      'error [test/Lonely] the route has no rules (spec.rules: []) — pass rules or call addRule()',
    ].sort());
  });

  test('route attachment: sectionName, port, allowedRoutes, hostnames; ignored hostnames warned about', () => {
    const { chart } = newChart();
    gateway(chart, 'Web', {
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP' },
        { name: 'apps', port: 8080, protocol: 'HTTP', hostname: '*.apps.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    });
    route(chart, 'NoSection', { parentRefs: [{ name: 'web', sectionName: 'https' }], rules: [backend] });
    route(chart, 'NoPort', { parentRefs: [{ name: 'web', sectionName: 'http', port: 443 }], rules: [backend] });
    route(chart, 'OtherNs', { parentRefs: [{ name: 'web', namespace: 'istio-ingress', sectionName: 'http' }], rules: [backend] }, 'team');
    route(chart, 'NoHost', { parentRefs: [{ name: 'web', sectionName: 'apps' }], hostnames: ['shop.example.com'], rules: [backend] });
    route(chart, 'Partly', { parentRefs: [{ name: 'web', sectionName: 'apps' }], hostnames: ['a.apps.example.com', 'shop.example.com'], rules: [backend] });
    route(chart, 'Fine', { parentRefs: [{ name: 'web', namespace: 'istio-ingress', sectionName: 'apps' }], hostnames: ['b.apps.example.com'], rules: [backend] }, 'team');
    expect(problems(chart)).toEqual([
      'error [test/NoSection] gateway istio-ingress/web has no listener with this name (listeners: http, apps) (spec.parentRefs[0].sectionName: "https") — use the name of one of the gateway\'s listeners',
      'error [test/NoPort] gateway istio-ingress/web has no listener "http" on this port (spec.parentRefs[0].port: 443) — use the port of the listener, or leave port out',
      'error [test/OtherNs] the listener(s) "http" only accept routes from namespace "istio-ingress" (allowedRoutes Same), and this route is in "team" (spec.parentRefs[0]: "istio-ingress/web") — create the route in the gateway\'s namespace, or give the listener AllowedRoutes.fromAllNamespaces() / fromNamespacesWithLabels()',
      'error [test/NoHost] no hostname of the route intersects the hostname of listener "apps" (*.apps.example.com) of gateway istio-ingress/web, so the route would not be accepted (spec.hostnames: ["shop.example.com"]) — use hostnames the listener serves, or attach the route to a listener for these hostnames',
      'warning [test/Partly] hostnames ["shop.example.com"] match no listener hostname of gateway istio-ingress/web; the Gateway API ignores them there (spec.parentRefs[0]: "istio-ingress/web") — attach the route to a listener for these hostnames too, or move them to another route',
    ]);
  });

  test('a route attaches to a Gateway declared with its listeners (Gateway.fromGatewayAttributes), not to one without', () => {
    const { chart } = newChart('team');
    Gateway.fromGatewayAttributes(chart, 'Shared', { name: 'shared', namespace: 'edge', listeners: [{ name: 'http', protocol: ListenerProtocol.HTTP }] });
    Gateway.fromGatewayAttributes(chart, 'Unknown', { name: 'unknown', namespace: 'edge' });
    route(chart, 'R', { parentRefs: [{ name: 'shared', namespace: 'edge', sectionName: 'http' }, { name: 'unknown', namespace: 'edge', sectionName: 'any' }], rules: [backend] }, 'team');
    expect(problems(chart)).toEqual([
      'error [test/R] the listener(s) "http" only accept routes from namespace "edge" (allowedRoutes Same), and this route is in "team" (spec.parentRefs[0]: "edge/shared") — create the route in the gateway\'s namespace, or give the listener AllowedRoutes.fromAllNamespaces() / fromNamespacesWithLabels()',
    ]);
  });

  test('references into other namespaces need a ReferenceGrant there: certificate Secrets of listeners, route backends', () => {
    const { chart } = newChart();
    gateway(chart, 'Web', { listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-tls', namespace: 'certs' }] } }] });
    route(chart, 'R', { parentRefs: [{ name: 'web' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [{ name: 'shop', namespace: 'shop', port: 80 }] }] });
    expect(problems(chart)).toEqual([
      'warning [test/Web] listener "https" uses Secret certs/shop-tls from another namespace and the app defines no ReferenceGrant for it; the Gateway API ignores the reference (RefNotPermitted) unless a grant exists in the cluster (spec.listeners[0].tls.certificateRefs[0]: "certs/shop-tls") — set createReferenceGrants or add a ReferenceGrant',
      'warning [test/R] the backend refers to Service shop/shop in another namespace and the app defines no ReferenceGrant for it; the Gateway API ignores the reference (RefNotPermitted) unless a grant exists in the cluster (spec.rules[0].backendRefs[0]: "shop/shop") — add a ReferenceGrant in that namespace',
    ]);

    const granted = newChart().chart;
    gateway(granted, 'Web', { listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { certificateRefs: [{ name: 'shop-tls', namespace: 'certs' }] } }] });
    route(granted, 'R', { parentRefs: [{ name: 'web' }], rules: [{ backendRefs: [{ name: 'shop', namespace: 'shop', port: 80 }] }] });
    new ApiObject(granted, 'Certs', {
      apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'gw', namespace: 'certs' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'istio-ingress' }], to: [{ group: '', kind: 'Secret' }] },
    });
    new ApiObject(granted, 'Shop', {
      apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'routes', namespace: 'shop' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'istio-ingress' }], to: [{ group: '', kind: 'Service', name: 'shop' }] },
    });
    expect(problems(granted)).toEqual([]);
  });

  test('a Gateway annotated for cert-manager\'s gateway-shim by hand: listener hostnames, Secrets in its namespace, one owner per shim Certificate', () => {
    const { chart } = newChart();
    const tls = (name: string, namespace?: string) => ({ mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name, ...(namespace ? { namespace } : {}) }] });
    gateway(chart, 'A', {
      listeners: [
        { name: 'nohost', port: 443, protocol: 'HTTPS', tls: tls('a-tls') },
        { name: 'elsewhere', port: 443, protocol: 'HTTPS', hostname: 'x.example.com', tls: tls('x-tls', 'certs') },
        { name: 'shared', port: 443, protocol: 'HTTPS', hostname: 'shared.example.com', tls: tls('shared-tls') },
      ],
    }, { annotations: { 'cert-manager.io/cluster-issuer': 'le' } });
    gateway(chart, 'B', { listeners: [{ name: 'shared', port: 443, protocol: 'HTTPS', hostname: 'b.example.com', tls: tls('shared-tls') }] },
      { annotations: { 'cert-manager.io/issuer': 'ca', 'cert-manager.io/issuer-kind': 'Issuer' } });
    new ApiObject(chart, 'Named', {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'shared-tls', namespace: 'istio-ingress' },
      spec: { secretName: 'other-tls', dnsNames: ['o.example.com'], issuerRef: { name: 'ca', kind: 'Issuer' } },
    });
    const found = problems(chart).filter((p) => !p.includes('grant'));
    expect(found).toEqual([
      'error [test/A] cert-manager\'s gateway-shim skips TLS listeners without a hostname, so no certificate would be issued for this one (spec.listeners[0].hostname: unset) — set the listener hostname',
      'error [test/A] cert-manager\'s gateway-shim only issues certificates for Secrets in the Gateway\'s namespace (cert-manager#5610) (spec.listeners[1].tls.certificateRefs[0].namespace: "certs") — leave out the Secret namespace',
      'error [test/A] the gateway-shim creates a Certificate named after the Secret, "shared-tls", and the app already defines Certificate test/Named with that name in namespace "istio-ingress"; cert-manager refuses to update a Certificate it does not own, so this listener\'s Secret would never be issued (spec.listeners[2].tls.certificateRefs[0]: "istio-ingress/shared-tls") — rename the listener\'s Secret or that Certificate',
      'error [test/A] Gateway test/B also has cert-manager\'s gateway-shim issue this Secret; the shim\'s Certificate (named "shared-tls") can have only one owner, so the other Gateway\'s hostnames would never be added to it (spec.listeners[2].tls.certificateRefs[0]: "istio-ingress/shared-tls") — give each Gateway its own listener Secret, or merge the listeners into one Gateway',
      expect.stringMatching(/^error \[test\/B\] the gateway-shim creates a Certificate named after the Secret, "shared-tls"/),
      expect.stringMatching(/^error \[test\/B\] Gateway test\/A also has cert-manager's gateway-shim issue this Secret/),
    ]);
  });

  test('a Gateway of the L2 names its listener fields as the props do', () => {
    const { chart } = newChart('istio-ingress');
    const gw = new Gateway(chart, 'Gw', { createReferenceGrants: false });
    gw.addListener({ name: 'https', protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: ListenerTls.terminateWithSecret('shop-tls', { namespace: 'certs' }) });
    expect(problems(chart)).toEqual([
      expect.stringMatching(/^warning \[test\/Gw\] listener "https" uses Secret certs\/shop-tls .* \(listeners\[0\]\.tls: "certs\/shop-tls"\) — /),
    ]);
  });
});
