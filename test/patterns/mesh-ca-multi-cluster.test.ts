import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Certificate, ClusterIssuer, IssuerConfig, VaultAuth } from '../../src/cert-manager';
import { GatewayProtocol, GatewayTls, Gateway as IstioGateway } from '../../src/istio';
import { MeshCaMode, MeshRoot, MultiClusterMesh } from '../../src/patterns';
import { BundleSource } from '../../src/trust';
import { CLUSTER_CONTEXT_KEY } from '../../src/private/cluster';
import { Warnings } from '../../src/validation';
import { doc, expectFailure, expectSynthFailure, synthValid } from '../util/expect';
import { ROOT_PEM } from './mesh-ca-fixtures';

const DIST = path.join(os.tmpdir(), 'mesh-ca-multi-cluster-test');
const newApp = (folder: string) => new App({ outdir: path.join(DIST, folder) });
const props = {
  meshId: 'mesh1',
  mode: MeshCaMode.PLUGIN_CA,
  root: MeshRoot.fromSecret({ secretName: 'mesh-root-ca' }),
  repoURL: 'https://github.com/example/gitops.git',
  path: 'dist/',
};

function fleet(extra: any = {}) {
  const hub = new Chart(newApp('argocd'), 'argocd');
  const mesh = new MultiClusterMesh(hub, 'Mesh', { ...props, ...extra });
  const a = new Chart(newApp('cluster-a'), 'mesh');
  const b = new Chart(newApp('cluster-b'), 'mesh');
  mesh.addCluster(a, 'cluster-a', { network: 'network-a' });
  mesh.addCluster(b, 'cluster-b', { network: 'network-b' });
  return { hub, mesh, a, b };
}

describe('MultiClusterMesh', () => {
  const { hub, mesh, a, b } = fleet();
  const hubDocs = synthValid(hub);
  const aDocs = synthValid(a);
  const bDocs = synthValid(b);

  test('fans the per-cluster folders out with an ApplicationSet (cluster generator)', () => {
    const set = doc(hubDocs, 'ApplicationSet', 'mesh1-clusters');
    expect(set.metadata.namespace).toBe('argocd');
    expect(set.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { 'mesh.cdk8s-istio-tls.io/mesh-id': 'mesh1' } } } }]);
    expect(set.spec.goTemplate).toBe(true);
    expect(set.spec.template.metadata.name).toBe('{{.nameNormalized}}-mesh1');
    expect(set.spec.template.spec.source).toEqual({ repoURL: 'https://github.com/example/gitops.git', path: 'dist/{{.name}}', targetRevision: 'HEAD' });
    expect(set.spec.template.spec.destination).toEqual({ server: '{{.server}}' });
    expect(mesh.applicationSet.name).toBe('mesh1-clusters');
  });

  test('one shared root: the same CA ClusterIssuer over the out-of-band root Secret in every cluster', () => {
    for (const docs of [aDocs, bDocs]) {
      expect(doc(docs, 'ClusterIssuer', 'mesh-root-ca').spec).toEqual({ ca: { secretName: 'mesh-root-ca' } });
    }
  });

  test('a root Secret in every cluster is warned about: its key is in every cluster, per-cluster intermediates do not limit a compromise (issue #16)', () => {
    expect(Warnings.collect(hub)).toEqual([expect.stringMatching(/^\[argocd\/Mesh\] the root's private key is provisioned into every cluster \(Secret "mesh-root-ca"/)]);
    expect(Warnings.collect(hub)[0]).toContain("root/sign-intermediate");
  });

  test('a Vault root signing each cluster\'s intermediate (root/sign-intermediate) keeps the key out of the clusters: no warning', () => {
    const h = new Chart(newApp('argocd'), 'argocd');
    const vaultMesh = new MultiClusterMesh(h, 'Mesh', {
      ...props,
      root: MeshRoot.fromIssuerConfig(IssuerConfig.vault({
        server: 'https://vault.example.com:8200', path: 'pki/root/sign-intermediate',
        auth: VaultAuth.kubernetes({ role: 'cert-manager', serviceAccountRef: { name: 'cert-manager' } }),
      }), { trustAnchor: BundleSource.inLine(ROOT_PEM) }),
    });
    const c = new Chart(newApp('cluster-a'), 'mesh');
    vaultMesh.addCluster(c, 'cluster-a');
    synthValid(c);
    expect(Warnings.collect(h)).toEqual([]);
    expect(Warnings.collect(c)).toEqual([]);
    expect(doc(synthValid(c), 'Certificate', 'cacerts').spec.issuerRef.name).toBe('mesh-root-ca');
  });

  test('an intermediate per cluster, written to its cacerts', () => {
    expect(doc(aDocs, 'Certificate', 'cacerts').spec.commonName).toBe('Istio CA cluster-a');
    expect(doc(bDocs, 'Certificate', 'cacerts').spec.commonName).toBe('Istio CA cluster-b');
    expect(doc(aDocs, 'Namespace', 'istio-system').metadata.labels).toEqual({ 'topology.istio.io/network': 'network-a' });
  });

  test('the Istio charts of each cluster are Applications in the Argo CD folder, addressed by cluster name', () => {
    const names = hubDocs.filter((d) => d.kind === 'Application').map((d) => d.metadata.name);
    expect(names).toEqual(['istio-base-cluster-a', 'istiod-cluster-a', 'istio-base-cluster-b', 'istiod-cluster-b']);
    const istiod = doc(hubDocs, 'Application', 'istiod-cluster-b');
    expect(istiod.spec.destination).toEqual({ name: 'cluster-b', namespace: 'istio-system' });
    expect(istiod.spec.source.helm.valuesObject.global).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: 'cluster-b' }, network: 'network-b' });
    expect(aDocs.filter((d) => d.kind === 'Application')).toEqual([]);
    expect(mesh.clusters.map((c) => c.clusterName)).toEqual(['cluster-a', 'cluster-b']);
    expect(mesh.meshCaFor('cluster-b')?.clusterName).toBe('cluster-b');
  });

  test('istio-csr in every cluster, with clusterID = clusterName', () => {
    const f = fleet({ mode: MeshCaMode.ISTIO_CSR });
    const docs = synthValid(f.hub);
    const csr = doc(docs, 'Application', 'cert-manager-istio-csr-cluster-a');
    expect(csr.spec.destination).toEqual({ name: 'cluster-a', namespace: 'cert-manager' });
    expect(csr.spec.source.helm.valuesObject.app.server.clusterID).toBe('cluster-a');
    expect(doc(synthValid(f.b), 'Issuer', 'istio-ca').metadata.namespace).toBe('istio-system');
  });

  test('a Vault PKI as the shared root: the same Vault ClusterIssuer in every cluster', () => {
    const f = fleet({
      root: MeshRoot.fromIssuerConfig(IssuerConfig.vault({
        server: 'https://vault.example.com:8200', path: 'pki/root/sign-intermediate', auth: VaultAuth.kubernetes({ role: 'cert-manager', serviceAccountRef: { name: 'cert-manager' } }),
      }), { trustAnchor: BundleSource.inLine(ROOT_PEM) }),
    });
    for (const chart of [f.a, f.b]) expect(doc(synthValid(chart), 'ClusterIssuer', 'mesh-root-ca').spec.vault.path).toBe('pki/root/sign-intermediate');
  });

  test("seed 002's sound form: each gateway certificate issued in its own cluster by a shared gateway CA (not the mesh root), served with MUTUAL TLS", () => {
    const f = fleet();
    for (const [chart, cluster] of [[f.a, 'cluster-a'], [f.b, 'cluster-b']] as const) {
      const gatewayCa = new ClusterIssuer(chart, 'GatewayCa', { metadata: { name: 'gateway-ca' }, config: IssuerConfig.ca({ secretName: 'gateway-ca' }) });
      const cert = new Certificate(chart, 'GatewayCert', { metadata: { namespace: 'istio-system' }, issuer: gatewayCa, dnsNames: [`gw.${cluster}.example.com`] });
      new IstioGateway(chart, 'Gw', {
        metadata: { namespace: 'istio-system' },
        servers: [{ port: 443, portName: 'https', protocol: GatewayProtocol.HTTPS, hosts: [`gw.${cluster}.example.com`], tls: GatewayTls.mutual(cert) }],
      });
      const docs = synthValid(chart);
      expect(doc(docs, 'Certificate', 'gateway-cert').spec.issuerRef.name).toBe('gateway-ca');
      expect(doc(docs, 'Gateway', 'gw').spec.servers[0].tls).toMatchObject({ mode: 'MUTUAL', credentialName: 'gateway-cert-tls' });
    }
  });
});

describe('MultiClusterMesh validation', () => {
  const P = 'argocd/Mesh';
  const hubChart = () => new Chart(newApp('argocd'), 'argocd');

  test("fails if a certificate names another cluster's issuer (seed 002's form), explaining that cert-manager resolves issuerRef locally", () => {
    const app = Testing.app();
    const b = new Chart(app, 'cluster-b');
    b.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-b');
    const issuer = new ClusterIssuer(b, 'Issuer', { metadata: { name: 'letsencrypt-staging-cluster-b' }, config: IssuerConfig.ca({ secretName: 'ca' }) });
    const a = new Chart(app, 'cluster-a');
    a.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a');
    new Certificate(a, 'GatewayCert', {
      metadata: { name: 'istio-ingress-gateway-cert', namespace: 'istio-system' },
      issuer,
      secretName: 'istio-ingressgateway-certs',
      dnsNames: ['istio-ingressgateway.cluster-a.example.com'],
    });
    expectSynthFailure(a, {
      path: 'cluster-a/GatewayCert', field: 'issuer', value: '"cluster-b: letsencrypt-staging-cluster-b"',
      problem: /defined for cluster "cluster-b" but the Certificate renders for cluster "cluster-a"; cert-manager resolves issuerRef in its own cluster/,
      fix: /define the issuer in cluster "cluster-a" too \(e.g. a shared CA issuer defined in each cluster\)/,
    });
  });
  test('fails if the root would be bootstrapped in one cluster', () => {
    expectFailure(() => new MultiClusterMesh(hubChart(), 'Mesh', { ...props, root: MeshRoot.selfSigned() }), {
      path: P, field: 'root', value: '"MeshRoot.selfSigned()"', problem: /every cluster would generate its own root key/, fix: /MeshRoot.fromSecret/,
    });
  });
  test('fails if the root is an issuer object of one cluster', () => {
    const chart = hubChart();
    const issuer = new ClusterIssuer(chart, 'Ca', { metadata: { name: 'corp-ca' }, config: IssuerConfig.ca({ secretName: 'corp' }) });
    expectFailure(() => new MultiClusterMesh(chart, 'Mesh', { ...props, root: MeshRoot.fromIssuer(issuer, { trustAnchor: BundleSource.inLine(ROOT_PEM) }) }), {
      path: P, field: 'root', value: '"corp-ca"', problem: /cert-manager resolves issuerRef only in its own cluster/, fix: /share the CA, not the issuer/,
    });
  });
  test('fails if the mesh ID or a cluster name is invalid, or a cluster is added twice', () => {
    expectFailure(() => new MultiClusterMesh(hubChart(), 'Mesh', { ...props, meshId: 'mesh one' }), { path: P, field: 'meshId', value: '"mesh one"', problem: /invalid mesh ID/, fix: /mesh1/ });
    const mesh = new MultiClusterMesh(hubChart(), 'Mesh', props);
    expectFailure(() => mesh.addCluster(new Chart(newApp('a'), 'x'), 'Cluster A'), { path: P, field: 'clusterName', value: '"Cluster A"', problem: /invalid cluster name/, fix: /cluster-a/ });
    mesh.addCluster(new Chart(newApp('cluster-a'), 'mesh'), 'cluster-a');
    expectFailure(() => mesh.addCluster(new Chart(newApp('cluster-a2'), 'mesh'), 'cluster-a'), { path: P, field: 'clusterName', value: '"cluster-a"', problem: /already added/, fix: /once/ });
  });
  test('a factory\'s problem (the root, an extra root) is reported with the mesh\'s path and the prop', () => {
    expect(() => MeshRoot.fromSecret({ secretName: 'root_ca' })).not.toThrow();
    expectFailure(() => new MultiClusterMesh(hubChart(), 'Mesh', { ...props, root: MeshRoot.fromSecret({ secretName: 'root_ca' }) }), {
      path: P, field: 'root.secretName', value: '"root_ca"', problem: /^\[argocd\/Mesh\] MeshRoot\.fromSecret: /, fix: /valid Kubernetes object name/,
    });
    expectFailure(() => new MultiClusterMesh(hubChart(), 'Mesh', { ...props, additionalTrustAnchors: [BundleSource.inLine('not a pem')] }), {
      path: P, field: 'additionalTrustAnchors[0].pem', value: '"not a pem"', problem: /^\[argocd\/Mesh\] BundleSource\.inLine: /, fix: /BEGIN CERTIFICATE/,
    });
  });
  test('fails if the chart renders for another cluster, or can no longer be marked', () => {
    const mesh = new MultiClusterMesh(hubChart(), 'Mesh', props);
    const other = new Chart(newApp('cluster-a'), 'mesh');
    other.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-z');
    expectFailure(() => mesh.addCluster(other, 'cluster-a'), { path: P, field: 'scope', value: '"mesh"', problem: /renders for cluster "cluster-z"/, fix: /chart of that cluster/ });
    const busy = new Chart(newApp('cluster-b'), 'mesh');
    new ClusterIssuer(busy, 'X', { config: IssuerConfig.selfSigned() });
    expectFailure(() => mesh.addCluster(busy, 'cluster-b'), { path: P, field: 'scope', problem: /context can no longer be set/, fix: /GitOpsRepo\.addFolder\(name, \{ cluster: "cluster-b" \}\)/ });
  });
  test("fails if a cluster's folder is not named like the cluster, or is the Argo CD folder", () => {
    const hub = hubChart();
    const mesh = new MultiClusterMesh(hub, 'Mesh', props);
    mesh.addCluster(new Chart(newApp('east'), 'mesh'), 'cluster-a');
    mesh.addCluster(new Chart(hub.node.scope as App, 'cluster-b'), 'cluster-b');
    const message = expectSynthFailure(hub, {
      path: P, field: 'clusters["cluster-a"]', problem: /syncs folder "dist\/cluster-a" into cluster "cluster-a", but this cluster's App writes to a folder named "east"/, fix: /folder named "cluster-a"/,
    });
    expect(message).toMatch(/same output folder as the ApplicationSet.*\(clusters\["cluster-b"\]: /);
  });
  test('fails if no cluster is added', () => {
    const hub = hubChart();
    new MultiClusterMesh(hub, 'Mesh', props);
    expectSynthFailure(hub, { path: P, field: 'clusters', value: '[]', problem: /without clusters/, fix: /addCluster/ });
  });
});
