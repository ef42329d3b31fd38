// Mesh identities only for their owners (issue #16, point 3): whatever the mesh's issuers sign
// chains to the root every proxy trusts, and cert-manager approves every CertificateRequest by
// default (cert-manager v1.21.1 pkg/controller/certificaterequests/approver/approver.go). A
// Certificate elsewhere in the app asking them is refused at synth, over the wire form.
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Certificate, ClusterIssuer, IssuerConfig } from '../../src/cert-manager';
import { MeshCa, MeshCaMode, MeshRoot } from '../../src/patterns';
import { CLUSTER_CONTEXT_KEY } from '../../src/private/cluster';
import { BundleSource } from '../../src/trust';
import { expectSynthFailure, newChart, synthErrors, synthValid } from '../util/expect';
import { ROOT_PEM } from './mesh-ca-fixtures';

const FIX = 'issue it from another CA: e.g. a separate CA ClusterIssuer for gateway certificates, or a public ACME issuer';

describe('only the mesh CA asks the mesh issuers', () => {
  test('a Certificate asking the mesh root ClusterIssuer for istiod\'s SPIFFE identity is refused', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA });
    new Certificate(chart, 'Forged', {
      metadata: { name: 'forged', namespace: 'team-a' }, issuer: ca.rootIssuer, uris: ['spiffe://cluster.local/ns/istio-system/sa/istiod-service-account'],
    });
    expectSynthFailure(chart, { path: 'test/Forged', field: 'issuer', value: '"ClusterIssuer/mesh-root-ca"', problem: 'is an issuer of the mesh CA (test/MeshCa)', fix: FIX });
  });

  test('istio-csr mode: the workload Issuer in the Istio namespace is guarded too (an isCA Certificate there)', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });
    new Certificate(chart, 'SubCa', { metadata: { name: 'sub-ca', namespace: 'istio-system' }, issuer: ca.workloadIssuer!, isCa: true, commonName: 'sub' });
    expectSynthFailure(chart, { path: 'test/SubCa', field: 'issuer', value: '"Issuer/istio-ca"', fix: FIX });
  });

  test('a Certificate the library did not build (a plain manifest) is checked over its wire form', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA });
    new ApiObject(chart, 'Raw', {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'raw', namespace: 'default' },
      spec: { secretName: 'raw', commonName: 'raw', issuerRef: { name: 'mesh-root-ca', kind: 'ClusterIssuer' } },
    });
    const errors = synthErrors(chart);
    expect(errors).toEqual([expect.stringContaining('ClusterIssuer "mesh-root-ca" is an issuer of the mesh CA')]);
    expect(errors[0]).toContain('(spec.issuerRef: "ClusterIssuer/mesh-root-ca")');
  });

  test('the mesh CA\'s own intermediate, and Certificates of other issuers, are fine', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA });
    const other = new ClusterIssuer(chart, 'GatewayCa', { metadata: { name: 'gateway-ca' }, config: IssuerConfig.ca({ secretName: 'gateway-ca' }) });
    new Certificate(chart, 'Gw', { metadata: { name: 'gw', namespace: 'istio-system' }, issuer: other, dnsNames: ['gw.example.com'] });
    expect(synthValid(chart).filter((d) => d.kind === 'Certificate').map((d) => d.spec.issuerRef.name).sort()).toEqual(['gateway-ca', 'mesh-root-ca', 'mesh-root-ca-selfsigned']);
  });

  test('an issuer of the same name in another cluster is another issuer', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    a.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a');
    new MeshCa(a, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, root: MeshRoot.fromSecret({ secretName: 'mesh-root-ca' }) });
    const b = new Chart(app, 'b');
    b.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-b');
    const bIssuer = new ClusterIssuer(b, 'Ca', { metadata: { name: 'mesh-root-ca' }, config: IssuerConfig.ca({ secretName: 'other' }) });
    new Certificate(b, 'Cert', { metadata: { name: 'c', namespace: 'default' }, issuer: bIssuer, dnsNames: ['c.example.com'] });
    expect(synthErrors(app)).toEqual([]);
  });

  test('a root issuer given to the mesh (fromIssuer) becomes the mesh\'s: other Certificates asking it are refused', () => {
    const { chart } = newChart();
    const corporate = new ClusterIssuer(chart, 'Corp', { metadata: { name: 'corp-ca' }, config: IssuerConfig.ca({ secretName: 'corp' }) });
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, root: MeshRoot.fromIssuer(corporate, { trustAnchor: BundleSource.inLine(ROOT_PEM) }) });
    new Certificate(chart, 'App', { metadata: { name: 'app', namespace: 'default' }, issuer: corporate, dnsNames: ['app.example.com'] });
    expectSynthFailure(chart, { path: 'test/App', field: 'issuer', value: '"ClusterIssuer/corp-ca"', fix: FIX });
  });
});
