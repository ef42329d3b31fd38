import { Duration } from 'cdk8s';
import {
  AcmeChallengeType, AcmeSolver, AcmeSolverServiceType, AcmeSolverTaintEffect, AcmeSolverTolerationOperator, ClusterIssuer, Dns01Provider, DnsCnameStrategy,
  Http01SolverKind, IssuerConfig,
} from '../../src/cert-manager';
import { doc, newChart, synthValid } from '../util/expect';
import { expectReceived } from './given';

const cloudflare = () => Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: 'token' } });

/** Render a solver through a ClusterIssuer and return `spec.acme.solvers[0]`. */
function render(solver: AcmeSolver): any {
  const { chart } = newChart();
  new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: [solver] }) });
  return doc(synthValid(chart), 'ClusterIssuer').spec.acme.solvers[0];
}

describe('AcmeSolver', () => {
  test('http01Ingress renders class / ingressClassName / name, serviceType, podTemplate and ingressTemplate', () => {
    const solver = AcmeSolver.http01Ingress({
      ingressClassName: 'istio',
      serviceType: AcmeSolverServiceType.CLUSTER_IP,
      podTemplate: {
        labels: { 'app': 'acme-solver', 'example.com/route': 'shop' },
        annotations: { 'sidecar.istio.io/inject': 'false' },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: AcmeSolverTolerationOperator.EQUAL, value: 'ingress', effect: AcmeSolverTaintEffect.NO_SCHEDULE }],
        priorityClassName: 'system-cluster-critical',
        serviceAccountName: 'acme-solver',
      },
      ingressTemplate: { labels: { team: 'web' }, annotations: { 'example.com/x': 'y' } },
      selector: { dnsNames: ['shop.example.com'] },
      waitInsteadOfSelfCheck: Duration.seconds(90),
    });
    expect(solver.challengeType).toBe(AcmeChallengeType.HTTP01);
    expect(solver.http01Kind).toBe(Http01SolverKind.INGRESS);
    expect(solver.podLabels).toEqual({ 'app': 'acme-solver', 'example.com/route': 'shop' });
    expect(solver.ingressClassName).toBe('istio');
    expect(solver.selector).toEqual({ dnsNames: ['shop.example.com'] });
    expect(solver.parentRefs).toEqual([]);
    expect(render(solver)).toEqual({
      http01: {
        ingress: {
          ingressClassName: 'istio',
          serviceType: 'ClusterIP',
          podTemplate: {
            metadata: { labels: { 'app': 'acme-solver', 'example.com/route': 'shop' }, annotations: { 'sidecar.istio.io/inject': 'false' } },
            spec: {
              nodeSelector: { 'kubernetes.io/os': 'linux' },
              tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ingress', effect: 'NoSchedule' }],
              priorityClassName: 'system-cluster-critical',
              serviceAccountName: 'acme-solver',
            },
          },
          ingressTemplate: { metadata: { labels: { team: 'web' }, annotations: { 'example.com/x': 'y' } } },
        },
      },
      selector: { dnsNames: ['shop.example.com'] },
      waitInsteadOfSelfCheck: '1m30s',
    });
    expect(render(AcmeSolver.http01Ingress({ ingressClass: 'nginx' }))).toEqual({ http01: { ingress: { class: 'nginx' } } });
    expect(render(AcmeSolver.http01Ingress({ ingressName: 'web' }))).toEqual({ http01: { ingress: { name: 'web' } } });
  });

  test('http01GatewayHttpRoute without parentRefs (the CRD allows it: each Certificate names its parent with annotations) renders none', () => {
    for (const solver of [AcmeSolver.http01GatewayHttpRoute(), AcmeSolver.http01GatewayHttpRoute({ parentRefs: [] })]) {
      expect(solver.parentRefs).toEqual([]);
      expect(render(solver)).toEqual({ http01: { gatewayHTTPRoute: {} } });
    }
  });

  test('http01GatewayHttpRoute renders parentRefs (kind defaults to Gateway), serviceType, labels and podTemplate', () => {
    const solver = AcmeSolver.http01GatewayHttpRoute({
      parentRefs: [
        { name: 'istio-gateway', namespace: 'istio-system', sectionName: 'http', port: 80 },
        { name: 'other', kind: 'ListenerSet', group: 'gateway.networking.x-k8s.io' },
      ],
      serviceType: AcmeSolverServiceType.CLUSTER_IP,
      labels: { route: 'acme' },
      podTemplate: { labels: { solver: 'gw' } },
    });
    expect(solver.http01Kind).toBe(Http01SolverKind.GATEWAY_HTTP_ROUTE);
    expect(solver.parentRefs[0]).toEqual({ name: 'istio-gateway', namespace: 'istio-system', kind: 'Gateway', sectionName: 'http', port: 80 });
    expect(solver.podLabels).toEqual({ solver: 'gw' });
    expect(solver.serviceType).toBe(AcmeSolverServiceType.CLUSTER_IP);
    expect(render(solver)).toEqual({
      http01: {
        gatewayHTTPRoute: {
          parentRefs: [
            { name: 'istio-gateway', namespace: 'istio-system', kind: 'Gateway', sectionName: 'http', port: 80 },
            { name: 'other', kind: 'ListenerSet', group: 'gateway.networking.x-k8s.io' },
          ],
          serviceType: 'ClusterIP',
          labels: { route: 'acme' },
          podTemplate: { metadata: { labels: { solver: 'gw' } } },
        },
      },
    });
  });

  test('dns01 renders the provider, cnameStrategy and the selector', () => {
    const provider = cloudflare();
    const solver = AcmeSolver.dns01(provider, { cnameStrategy: DnsCnameStrategy.FOLLOW, selector: { dnsZones: ['example.com'], matchLabels: { wildcard: 'true' } } });
    expect(solver.challengeType).toBe(AcmeChallengeType.DNS01);
    expect(solver.dns01Provider).toBe(provider);
    expect(solver.http01Kind).toBeUndefined();
    expect(solver.podLabels).toEqual({});
    expect(solver.cnameStrategy).toBe(DnsCnameStrategy.FOLLOW);
    expect(render(solver)).toEqual({
      dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } }, cnameStrategy: 'Follow' },
      selector: { dnsZones: ['example.com'], matchLabels: { wildcard: 'true' } },
    });
  });
});

describe('AcmeSolver validation', () => {
  test('fails if more than one of ingressClass, ingressClassName and ingressName is set', () => {
    expectReceived(() => AcmeSolver.http01Ingress({ ingressClass: 'nginx', ingressClassName: 'istio' }),
      { factory: 'AcmeSolver.http01Ingress', field: 'ingressClassName', value: '"istio"', problem: /only one of 'ingressClassName', 'name' or 'class'/, fix: /set only one/ });
  });
  test('fails if ingressClassName is not a valid IngressClass name', () => {
    expectReceived(() => AcmeSolver.http01Ingress({ ingressClassName: 'Istio_GW' }),
      { factory: 'AcmeSolver.http01Ingress', field: 'ingressClassName', value: '"Istio_GW"', problem: /must be a valid IngressClass name/, fix: /IngressClass name/ });
  });
  test('fails if serviceType is not ClusterIP or NodePort', () => {
    expectReceived(() => AcmeSolver.http01Ingress({ serviceType: 'LoadBalancer' as any }),
      { factory: 'AcmeSolver.http01Ingress', field: 'serviceType', value: '"LoadBalancer"', problem: /must be one of "ClusterIP", "NodePort"/, fix: /AcmeSolverServiceType/ });
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw' }], serviceType: 'LoadBalancer' as any }),
      { factory: 'AcmeSolver.http01GatewayHttpRoute', field: 'serviceType', value: '"LoadBalancer"', problem: /must be one of/, fix: /AcmeSolverServiceType/ });
  });
  test('fails if gatewayHTTPRoute parentRefs is not an array', () => {
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: { name: 'gw' } as any }),
      { factory: 'AcmeSolver.http01GatewayHttpRoute', field: 'parentRefs', value: '{"name":"gw"}', problem: /must be an array/, fix: /reference the Gateway .*or leave it out and annotate the Certificates/ });
  });
  test('fails if a parentRef has an invalid name, kind, namespace, group, sectionName or port', () => {
    const w = 'AcmeSolver.http01GatewayHttpRoute';
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: '' }] }), { factory: w, field: 'parentRefs[0].name', value: '""', problem: /name is required/, fix: /name the Gateway/ });
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'Gw' }] }), { factory: w, field: 'parentRefs[0].name', value: '"Gw"', problem: /Gateway name/, fix: /metadata.name of the Gateway/ });
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw', kind: '1Gateway' }] }), { factory: w, field: 'parentRefs[0].kind', value: '"1Gateway"', problem: /starting with a letter/, fix: /'Gateway'/ });
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw', namespace: 'istio.system' }] }), { factory: w, field: 'parentRefs[0].namespace', value: '"istio.system"', problem: /RFC 1123 label/, fix: /namespace of the Gateway/ });
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw', group: 'Gateway API' }] }), { factory: w, field: 'parentRefs[0].group', value: '"Gateway API"', problem: /API group/, fix: /gateway.networking.k8s.io/ });
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw', sectionName: 'HTTP_80' }] }), { factory: w, field: 'parentRefs[0].sectionName', value: '"HTTP_80"', problem: /section name/, fix: /listener/ });
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw', port: 0 }] }), { factory: w, field: 'parentRefs[0].port', value: '0', problem: /between 1 and 65535/, fix: /listener port/ });
  });
  test('fails if a podTemplate label or annotation is invalid', () => {
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { labels: { 'bad key!': 'x' } } }),
      { factory: 'AcmeSolver.http01Ingress', field: 'podTemplate.labels["bad key!"]', value: '"bad key!"', problem: /label key/, fix: /valid Kubernetes label key/ });
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { labels: { app: 'not valid' } } }),
      { factory: 'AcmeSolver.http01Ingress', field: 'podTemplate.labels["app"]', value: '"not valid"', problem: /label value/, fix: /valid Kubernetes label value/ });
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { annotations: { '/x': 'y' } } }),
      { factory: 'AcmeSolver.http01Ingress', field: 'podTemplate.annotations["/x"]', value: '"/x"', problem: /annotation key/, fix: /valid Kubernetes annotation key/ });
  });
  test('fails if a podTemplate label uses a key cert-manager reserves', () => {
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { labels: { 'acme.cert-manager.io/http01-solver': 'false' } } }),
      { factory: 'AcmeSolver.http01Ingress', field: 'podTemplate.labels["acme.cert-manager.io/http01-solver"]', problem: /sets this label on solver pods itself/, fix: /label key of your own/ });
  });
  test('fails if the podTemplate nodeSelector, priorityClassName or serviceAccountName is invalid', () => {
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { nodeSelector: { 'kubernetes.io/os': 'Linux OS' } } }),
      { factory: 'AcmeSolver.http01Ingress', field: 'podTemplate.nodeSelector["kubernetes.io/os"]', value: '"Linux OS"', problem: /label value/, fix: /label value/ });
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { priorityClassName: 'High' } }),
      { factory: 'AcmeSolver.http01Ingress', field: 'podTemplate.priorityClassName', value: '"High"', problem: /PriorityClass name/, fix: /valid PriorityClass name/ });
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw' }], podTemplate: { serviceAccountName: 'sa_1' } }),
      { factory: 'AcmeSolver.http01GatewayHttpRoute', field: 'podTemplate.serviceAccountName', value: '"sa_1"', problem: /ServiceAccount name/, fix: /valid ServiceAccount name/ });
  });
  test('fails if a toleration is inconsistent', () => {
    const w = 'AcmeSolver.http01Ingress';
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { tolerations: [{ value: 'x' }] } }),
      { factory: w, field: 'podTemplate.tolerations[0].operator', value: '"Equal"', problem: /must be Exists when the key is empty/, fix: /operator: Exists/ });
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { tolerations: [{ key: 'k', operator: AcmeSolverTolerationOperator.EXISTS, value: 'v' }] } }),
      { factory: w, field: 'podTemplate.tolerations[0].value', value: '"v"', problem: /value must be empty/, fix: /remove the value/ });
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { tolerations: [{ key: 'k', tolerationSeconds: 30, effect: AcmeSolverTaintEffect.NO_SCHEDULE }] } }),
      { factory: w, field: 'podTemplate.tolerations[0].effect', value: '"NoSchedule"', problem: /NoExecute/, fix: /effect: NoExecute/ });
    expectReceived(() => AcmeSolver.http01Ingress({ podTemplate: { tolerations: [{ key: 'k', effect: 'Never' as any }] } }),
      { factory: w, field: 'podTemplate.tolerations[0].effect', value: '"Never"', problem: /must be one of/, fix: /AcmeSolverTaintEffect/ });
  });
  test('fails if the ingressTemplate labels are invalid', () => {
    expectReceived(() => AcmeSolver.http01Ingress({ ingressTemplate: { labels: { team: 'a b' } } }),
      { factory: 'AcmeSolver.http01Ingress', field: 'ingressTemplate.labels["team"]', value: '"a b"', problem: /label value/, fix: /label value/ });
  });
  test('fails if the gatewayHTTPRoute labels are invalid', () => {
    expectReceived(() => AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'gw' }], labels: { 'a//b': 'c' } }),
      { factory: 'AcmeSolver.http01GatewayHttpRoute', field: 'labels["a//b"]', value: '"a//b"', problem: /at most one/, fix: /label key/ });
  });
  test('fails if a selector lists an invalid DNS name or zone', () => {
    expectReceived(() => AcmeSolver.dns01(cloudflare(), { selector: { dnsNames: ['Shop.Example.com'] } }),
      { factory: 'AcmeSolver.dns01', field: 'selector.dnsNames[0]', value: '"Shop.Example.com"', problem: /lowercase/, fix: /fully qualified lowercase name/ });
    expectReceived(() => AcmeSolver.dns01(cloudflare(), { selector: { dnsZones: ['*.example.com'] } }),
      { factory: 'AcmeSolver.dns01', field: 'selector.dnsZones[0]', value: '"*.example.com"', problem: /wildcard/, fix: /lowercase name/ });
  });
  test('fails if a selector list is empty', () => {
    expectReceived(() => AcmeSolver.dns01(cloudflare(), { selector: { dnsZones: [] } }),
      { factory: 'AcmeSolver.dns01', field: 'selector.dnsZones', value: '[]', problem: /matches every name/, fix: /list the zones or remove selector.dnsZones/ });
  });
  test('fails if selector matchLabels are invalid', () => {
    expectReceived(() => AcmeSolver.dns01(cloudflare(), { selector: { matchLabels: { wildcard: 'yes please' } } }),
      { factory: 'AcmeSolver.dns01', field: 'selector.matchLabels["wildcard"]', value: '"yes please"', problem: /label value/, fix: /label value/ });
  });
  test('fails if the cnameStrategy is not None or Follow', () => {
    expectReceived(() => AcmeSolver.dns01(cloudflare(), { cnameStrategy: 'Chase' as any }),
      { factory: 'AcmeSolver.dns01', field: 'cnameStrategy', value: '"Chase"', problem: /must be one of "None", "Follow"/, fix: /DnsCnameStrategy/ });
  });
  test('fails if dns01 is given something other than a Dns01Provider', () => {
    expectReceived(() => AcmeSolver.dns01({ cloudflare: {} } as any),
      { factory: 'AcmeSolver.dns01', field: 'provider', problem: /must be a Dns01Provider/, fix: /Dns01Provider.cloudflare/ });
  });
});
