import { Testing } from 'cdk8s';
import { CertManagerComponent, CertManagerNetworkPolicy } from '../../src/monitoring/cert-manager-network-policy';
import { NetworkPeer } from '../../src/monitoring/network-peer';
import { Warnings } from '../../src/validation/warnings';
import { expectFailure } from '../util/expect';
import { validateManifests } from '../util/schema';

describe('CertManagerNetworkPolicy', () => {
  test('default-denies the three components and allows what each needs', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new CertManagerNetworkPolicy(chart, 'Policy', { metricsNamespaces: ['monitoring'] });
    const docs = Testing.synth(chart);

    // THEN
    expect(validateManifests(docs)).toEqual([]);
    expect(docs.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'cert-manager/cert-manager-controller', 'cert-manager/cert-manager-webhook', 'cert-manager/cert-manager-cainjector',
    ]);
    const [controller, webhook, cainjector] = docs;
    expect(controller.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' } });
    expect(controller.spec.policyTypes).toEqual(['Egress', 'Ingress']);
    const ports = (rule: any) => rule.ports.map((p: any) => `${p.protocol}/${p.port}`);
    expect(ports(controller.spec.egress[0])).toEqual(['UDP/53', 'TCP/53', 'TCP/443', 'TCP/6443', 'TCP/80']);
    expect(controller.spec.egress.map((r: any) => r.to[0].ipBlock.cidr)).toEqual(['0.0.0.0/0', '::/0']);
    expect(controller.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} }],
      ports: [{ port: 9402, protocol: 'TCP' }],
    }]);
    // the API server calls the webhook on 10250
    expect(webhook.spec.ingress.filter((r: any) => r.ports[0].port === 10250).map((r: any) => r.from[0].ipBlock.cidr)).toEqual(['0.0.0.0/0', '::/0']);
    expect(ports(webhook.spec.egress[0])).toEqual(['UDP/53', 'TCP/53', 'TCP/443', 'TCP/6443']);
    expect(cainjector.spec.podSelector.matchLabels['app.kubernetes.io/name']).toBe('cainjector');
  });

  test('DNS-01 only: no port 80; extra egress ports; custom namespace', () => {
    const chart = Testing.chart();
    new CertManagerNetworkPolicy(chart, 'Policy', { namespace: 'security', http01SelfCheck: false, extraEgressPorts: [8200], apiServerPorts: [443] });
    const [controller] = Testing.synth(chart);
    expect(controller.metadata.namespace).toBe('security');
    expect(controller.spec.egress[0].ports.map((p: any) => p.port)).toEqual([53, 53, 443, 8200]);
    expect(controller.spec.ingress[0].from).toEqual([{ namespaceSelector: {}, podSelector: {} }]);
  });

  test('fails if a port is out of range', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerNetworkPolicy(chart, 'Policy', { extraEgressPorts: [70000] }))
      .toThrow(/^\[test\/Policy\] port must be an integer from 1 to 65535 \(extraEgressPorts\[0\]: 70000\) — use a valid port number, e\.g\. 443$/);
  });

  test('fails if the namespace is invalid', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerNetworkPolicy(chart, 'Policy', { namespace: 'Cert_Manager' }))
      .toThrow(/^\[test\/Policy\] namespace must be a lowercase RFC 1123 label.* \(namespace: "Cert_Manager"\) — use a valid namespace name$/);
  });

  test('fails if metrics namespaces are given as an empty list', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerNetworkPolicy(chart, 'Policy', { metricsNamespaces: [] }))
      .toThrow(/^\[test\/Policy\] an empty list would block metrics scraping altogether \(metricsNamespaces: \[\]\) — name the Prometheus namespace/);
  });

  test('fails if the API server ports are empty', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerNetworkPolicy(chart, 'Policy', { apiServerPorts: [] }))
      .toThrow(/^\[test\/Policy\] every component must reach the API server \(apiServerPorts: \[\]\) — leave it out for \[443, 6443\]$/);
  });

  // seed 003 (cert-manager + Istio production guide, cert-manager-network-policy.yaml): one policy
  // for the pods labelled app: cert-manager (the chart's controller), DNS over UDP and the API
  // server to every namespace, HTTPS to 0.0.0.0/0, 10250 in from every namespace
  test("configurable: seed 003's policy with its own name, selector and rules", () => {
    const chart = Testing.chart();
    const policy = new CertManagerNetworkPolicy(chart, 'Policy', {
      components: [CertManagerComponent.CONTROLLER],
      controller: { name: 'cert-manager-policy', podLabels: { app: 'cert-manager' } },
      metricsScraping: false,
      dnsEgressTo: [NetworkPeer.allNamespaces()],
      dnsOverTcp: false,
      apiServerEgressTo: [NetworkPeer.allNamespaces()],
      apiServerPorts: [443],
      acmeEgressTo: [NetworkPeer.ipBlock('0.0.0.0/0')],
      http01SelfCheck: false,
      extraIngress: [{ from: [NetworkPeer.allNamespaces()], ports: [10250] }],
    });
    const docs = Testing.synth(chart);
    expect(validateManifests(docs)).toEqual([]);
    expect(docs).toHaveLength(1);
    expect(policy.webhook).toBeUndefined();
    expect(policy.apiObjects).toEqual([policy.controller]);
    expect(docs[0]).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'cert-manager-policy', namespace: 'cert-manager' },
      spec: {
        podSelector: { matchLabels: { app: 'cert-manager' } },
        policyTypes: ['Egress', 'Ingress'],
        // DNS and the API server share their peers, so one rule
        // cdk8s-plus-27 writes a namespace peer with podSelector: {} (every pod of it: the same peer)
        egress: [
          { to: [{ namespaceSelector: {}, podSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }, { port: 443, protocol: 'TCP' }] },
          { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
        ],
        ingress: [{ from: [{ namespaceSelector: {}, podSelector: {} }], ports: [{ port: 10250, protocol: 'TCP' }] }],
      },
    });
    // the API server is not a pod: the document's namespaceSelector does not reach it with most CNIs
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/Policy\] apiServerEgressTo has only namespace or pod selectors, which do not match the API server/)]);
  });

  test('peers: IP blocks with exceptions, namespaces, pods; extra ingress per component', () => {
    const chart = Testing.chart();
    new CertManagerNetworkPolicy(chart, 'Policy', {
      apiServerEgressTo: [NetworkPeer.ipBlock('10.96.0.1/32'), NetworkPeer.ipBlock('fd00::1/128')],
      acmeEgressTo: [NetworkPeer.ipBlock('0.0.0.0/0', ['10.0.0.0/8'])],
      webhookIngressFrom: [NetworkPeer.ipBlock('10.0.0.0/24')],
      extraIngress: [{ from: [NetworkPeer.namespaces(['istio-system']), NetworkPeer.pods({ app: 'prober' }, ['probes'])], ports: [9403], components: [CertManagerComponent.WEBHOOK] }],
    });
    const docs = Testing.synth(chart);
    expect(validateManifests(docs)).toEqual([]);
    const [controller, webhook, cainjector] = docs;
    expect(controller.spec.egress.map((r: any) => [r.to[0].ipBlock, r.ports.map((p: any) => `${p.protocol}/${p.port}`)])).toEqual([
      [{ cidr: '0.0.0.0/0' }, ['UDP/53', 'TCP/53']], [{ cidr: '::/0' }, ['UDP/53', 'TCP/53']],
      [{ cidr: '10.96.0.1/32' }, ['TCP/443', 'TCP/6443']], [{ cidr: 'fd00::1/128' }, ['TCP/443', 'TCP/6443']],
      [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, ['TCP/80', 'TCP/443']],
    ]);
    expect(webhook.spec.ingress.slice(1)).toEqual([
      { from: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ port: 10250, protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: {} }], ports: [{ port: 9403, protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'probes' } }, podSelector: { matchLabels: { app: 'prober' } } }], ports: [{ port: 9403, protocol: 'TCP' }] },
    ]);
    expect(cainjector.spec.ingress).toHaveLength(1);
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('fails on contradicting or invalid configuration', () => {
    const make = (props: any) => () => new CertManagerNetworkPolicy(Testing.chart(), 'Policy', props);
    const P = 'test/Policy';
    expectFailure(make({ components: [CertManagerComponent.CONTROLLER], webhook: { name: 'wh' } }), { path: P, field: 'webhook', value: '{"name":"wh"}', problem: /components leaves the webhook out/, fix: /CertManagerComponent.WEBHOOK/ });
    expectFailure(make({ components: [] }), { path: P, field: 'components', value: '[]', problem: /empty list/, fix: /all three/ });
    expectFailure(make({ components: ['dns'] }), { path: P, field: 'components[0]', value: '"dns"', problem: /must be one of/, fix: /CertManagerComponent/ });
    expectFailure(make({ controller: { name: 'same' }, webhook: { name: 'same' } }), { path: P, field: 'webhook.name', value: '"same"', problem: /the controller policy has this name too/, fix: /its own name/ });
    expectFailure(make({ controller: { podLabels: {} } }), { path: P, field: 'controller.podLabels', value: '{}', problem: /selects every pod/, fix: /podLabels out/ });
    expectFailure(make({ metricsScraping: false, metricsNamespaces: ['monitoring'] }), { path: P, field: 'metricsNamespaces', value: '["monitoring"]', problem: /metricsScraping is false/, fix: /remove metricsNamespaces/ });
    expectFailure(make({ dnsEgressTo: [] }), { path: P, field: 'dnsEgressTo', value: '[]', problem: /empty list/, fix: /NetworkPeer.anywhere/ });
    expectFailure(make({ acmeEgressTo: [NetworkPeer.ipBlock('10.0.0.1')] }), { path: P, field: 'acmeEgressTo[0].cidr', value: '"10.0.0.1"', problem: /NetworkPeer.ipBlock: must be a CIDR/, fix: /10.0.0.0\/8/ });
    expectFailure(make({ acmeEgressTo: [NetworkPeer.ipBlock('10.0.0.0/8', ['fd00::/8'])] }), { path: P, field: 'acmeEgressTo[0].except[0]', value: '"fd00::/8"', problem: /address family/, fix: /within cidr/ });
    expectFailure(make({ webhookIngressFrom: [NetworkPeer.namespaces(['Bad_Ns'])] }), { path: P, field: 'webhookIngressFrom[0].names[0]', value: '"Bad_Ns"', problem: /namespace/, fix: /namespace name/ });
    expectFailure(make({ extraIngress: [{ from: [NetworkPeer.allNamespaces()], ports: [] }] }), { path: P, field: 'extraIngress[0].ports', value: '[]', problem: /needs ports/, fix: /TCP ports/ });
    expectFailure(make({ components: [CertManagerComponent.CONTROLLER], extraIngress: [{ from: [NetworkPeer.allNamespaces()], ports: [8080], components: [CertManagerComponent.WEBHOOK] }] }),
      { path: P, field: 'extraIngress[0].components[0]', value: '"webhook"', problem: /the webhook has no policy/, fix: /add it to components/ });
  });

  test('a webhook reachable only from pod selectors: a warning (the API server calls it)', () => {
    const chart = Testing.chart();
    new CertManagerNetworkPolicy(chart, 'Policy', { webhookIngressFrom: [NetworkPeer.allNamespaces()] });
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/webhookIngressFrom has only namespace or pod selectors.*the API server could not call the webhook/)]);
  });
});
