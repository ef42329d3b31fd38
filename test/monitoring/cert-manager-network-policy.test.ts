import { Testing } from 'cdk8s';
import { CertManagerNetworkPolicy } from '../../src/monitoring/cert-manager-network-policy';
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
});
