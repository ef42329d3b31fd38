import { Chart, Duration, Testing } from 'cdk8s';
import { Warnings } from '../../src';
import { AcmeSolver, ClusterIssuer, Dns01Provider, Issuer, IssuerConfig, VaultAuth } from '../../src/cert-manager';
import { IstioInstallMethod, MeshCa, MeshCaMode, MeshRoot } from '../../src/patterns';
import { BundleSource } from '../../src/trust';
import { IstioCsrApplication } from '../../src/gitops/istio-csr-application';
import { CLUSTER_CONTEXT_KEY } from '../../src/private/cluster';
import * as metadata from '../../src/private/metadata';
import { doc, expectFailure, expectMessage, expectSynthFailure, newChart, synthValid, validationErrorOf, waveOf } from '../util/expect';
import { NEW_ROOT_PEM, ROOT_PEM } from './mesh-ca-fixtures';

const letsEncrypt = (chart: Chart) => new ClusterIssuer(chart, 'Le', {
  metadata: { name: 'letsencrypt' },
  config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: 'token' } }))] }),
});
const vault = () => IssuerConfig.vault({
  server: 'https://vault.example.com:8200',
  path: 'pki_int/sign/istio-mesh',
  auth: VaultAuth.kubernetes({ role: 'cert-manager', serviceAccountRef: { name: 'cert-manager' } }),
});

describe('MeshCa, istio-csr mode', () => {
  const { chart } = newChart();
  const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });
  const docs = synthValid(chart);

  test('bootstraps the root in the cluster: SelfSigned issuer, ECDSA CA certificate that keeps its key, CA ClusterIssuer', () => {
    expect(doc(docs, 'ClusterIssuer', 'mesh-root-ca-selfsigned').spec).toEqual({ selfSigned: {} });
    const root = doc(docs, 'Certificate', 'mesh-root-ca');
    expect(root.metadata.namespace).toBe('cert-manager');
    expect(root.spec).toMatchObject({
      isCA: true, secretName: 'mesh-root-ca', commonName: 'Mesh Root CA', duration: '87600h0m0s', renewBefore: '17520h0m0s',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Never' },
      issuerRef: { name: 'mesh-root-ca-selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect(doc(docs, 'ClusterIssuer', 'mesh-root-ca').spec).toEqual({ ca: { secretName: 'mesh-root-ca' } });
    expect(ca.rootIssuer.issuerRef).toEqual({ name: 'mesh-root-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  test('issues an intermediate in the Istio namespace and a CA Issuer over it for istio-csr', () => {
    const intermediate = doc(docs, 'Certificate', 'istio-ca');
    expect(intermediate.metadata.namespace).toBe('istio-system');
    expect(intermediate.spec).toMatchObject({
      isCA: true, secretName: 'istio-ca', duration: '8760h0m0s', renewBefore: '720h0m0s',
      privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
      issuerRef: { name: 'mesh-root-ca', kind: 'ClusterIssuer' },
    });
    const issuer = doc(docs, 'Issuer', 'istio-ca');
    expect(issuer.metadata.namespace).toBe('istio-system');
    expect(issuer.spec).toEqual({ ca: { secretName: 'istio-ca' } });
  });

  test('distributes the pinned root with a trust-manager Bundle into cert-manager\'s namespace', () => {
    const bundle = doc(docs, 'Bundle', 'mesh-ca-roots');
    expect(bundle.spec).toEqual({
      sources: [{ secret: { name: 'mesh-root-ca', key: 'ca.crt' } }],
      target: { configMap: { key: 'ca.pem' }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cert-manager' } } },
    });
  });

  test('installs istio-csr with values derived from the construct, pinned to chart v0.17.0', () => {
    const app = doc(docs, 'Application', 'cert-manager-istio-csr');
    expect(app.spec.source).toMatchObject({ repoURL: 'https://charts.jetstack.io', chart: 'cert-manager-istio-csr', targetRevision: 'v0.17.0' });
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'cert-manager' });
    const values = app.spec.source.helm.valuesObject;
    expect(app.spec.source.helm.releaseName).toBe('cert-manager-istio-csr');
    expect(values.app.certmanager).toEqual({ namespace: 'istio-system', issuer: { name: 'istio-ca', kind: 'Issuer', group: 'cert-manager.io' } });
    expect(values.app.tls).toEqual({
      trustDomain: 'cluster.local', rootCAFile: '/var/run/secrets/istio-csr/ca.pem', certificateDNSNames: ['cert-manager-istio-csr.cert-manager.svc'],
    });
    expect(values.app.server).toEqual({ clusterID: 'Kubernetes', maxCertificateDuration: '1h0m0s' });
    expect(values.app.istio).toEqual({ revisions: ['default'], namespace: 'istio-system' });
    expect(values.volumes).toEqual([{ name: 'root-ca', configMap: { name: 'mesh-ca-roots' } }]);
    expect(values.volumeMounts).toEqual([{ name: 'root-ca', mountPath: '/var/run/secrets/istio-csr', readOnly: true }]);
    expect(ca.istioCsrValues).toEqual(values);
  });

  test('points Istio at istio-csr with the CA server off, in Applications for the pinned Istio charts', () => {
    const istiod = doc(docs, 'Application', 'istiod');
    expect(istiod.spec.source).toMatchObject({ repoURL: 'https://istio-release.storage.googleapis.com/charts', chart: 'istiod', targetRevision: '1.30.3' });
    // the istiod chart (1.30.3) defines env, autoscaleEnabled, initContainers at its top level (values.yaml)
    expect(istiod.spec.source.helm.valuesObject).toEqual({
      global: { caAddress: 'cert-manager-istio-csr.cert-manager.svc:443', multiCluster: { clusterName: 'Kubernetes' } },
      autoscaleEnabled: false,
      env: { ENABLE_CA_SERVER: 'false' },
      initContainers: [expect.objectContaining({ name: 'wait-for-mesh-ca' })],
      meshConfig: { trustDomain: 'cluster.local' },
    });
    expect(ca.caAddress).toBe('cert-manager-istio-csr.cert-manager.svc:443');
    const base = doc(docs, 'Application', 'istio-base');
    expect(base.spec.source).toMatchObject({ chart: 'base', targetRevision: '1.30.3' });
    expect(base.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(istiod.spec.ignoreDifferences).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'MutatingWebhookConfiguration' })]));
  });

  test('orders the Applications: istio-csr after the issuers and the Bundle, istiod after istio-csr, mesh policies after istiod', () => {
    const csr = waveOf(doc(docs, 'Application', 'cert-manager-istio-csr'));
    const istiod = waveOf(doc(docs, 'Application', 'istiod'));
    // SyncWaves puts the selfSigned issuer at 1, the root at 3, its CA issuer at 4, the intermediate at 5, its issuer at 6
    expect(csr).toBe(7);
    expect(waveOf(doc(docs, 'Application', 'istio-base'))).toBe(7);
    expect(istiod).toBe(8);
    const pa = doc(docs, 'PeerAuthentication', 'default');
    expect(waveOf(pa)).toBe(9);
    expect(pa.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    expect(ca.afterIstioSyncWave).toBe(9);
  });

  test('enforces STRICT mTLS mesh-wide and creates the Istio namespace', () => {
    const pa = doc(docs, 'PeerAuthentication', 'default');
    expect(pa.metadata.namespace).toBe('istio-system');
    expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(doc(docs, 'Namespace', 'istio-system').metadata.labels).toBeUndefined();
  });

  test('records no warnings', () => {
    expect(Warnings.collect(chart)).toEqual([]);
  });
});

describe('MeshCa, plug-in CA mode', () => {
  const { chart } = newChart();
  const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, maxWorkloadCertificateDuration: Duration.hours(12) });
  const docs = synthValid(chart);

  test('writes the intermediate to the cacerts Secret in istio-system', () => {
    const cacerts = doc(docs, 'Certificate', 'cacerts');
    expect(cacerts.metadata.namespace).toBe('istio-system');
    expect(cacerts.spec).toMatchObject({ secretName: 'cacerts', isCA: true, issuerRef: { name: 'mesh-root-ca', kind: 'ClusterIssuer' } });
    expect(ca.intermediateCertificate?.secretName).toBe('cacerts');
    expect(docs.filter((d) => d.kind === 'Issuer')).toEqual([]);
    expect(ca.workloadIssuer).toBeUndefined();
  });

  test('configures istiod to sign workload certificates for at most the maximum lifetime (no AUTO_RELOAD_PLUGIN_CERTS: removed from Istio, the cacerts watcher is always on)', () => {
    const istiod = doc(docs, 'Application', 'istiod');
    expect(istiod.spec.source.helm.valuesObject).toEqual({
      global: { multiCluster: { clusterName: 'Kubernetes' } },
      autoscaleEnabled: false,
      env: { MAX_WORKLOAD_CERT_TTL: '12h0m0s', DEFAULT_WORKLOAD_CERT_TTL: '12h0m0s' },
      initContainers: [expect.objectContaining({ name: 'wait-for-mesh-ca' })],
      meshConfig: { trustDomain: 'cluster.local', defaultConfig: { proxyMetadata: { SECRET_TTL: '12h0m0s' } } },
    });
  });

  test('installs no istio-csr, and istiod only after cacerts is issued', () => {
    expect(docs.filter((d) => d.kind === 'Application').map((d) => d.metadata.name)).toEqual(['istio-base', 'istiod']);
    expect(ca.istioCsrApplication).toBeUndefined();
    // the intermediate is at wave 5 under SyncWaves
    expect(waveOf(doc(docs, 'Application', 'istiod'))).toBe(7);
  });

  test('no trust Bundle: istiod publishes the root of cacerts itself (ConfigMap istio-ca-root-cert), a Bundle would be read by nothing', () => {
    expect(docs.filter((d) => d.kind === 'Bundle')).toEqual([]);
    expect(ca.trustBundle).toBeUndefined();
  });
});

describe('MeshCa options', () => {
  test('an existing root Secret becomes a CA ClusterIssuer; its tls.crt is the trust anchor', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, root: MeshRoot.fromSecret({ secretName: 'corp-root', issuerName: 'corp-root-ca' }) });
    const docs = synthValid(chart);
    expect(doc(docs, 'ClusterIssuer', 'corp-root-ca').spec).toEqual({ ca: { secretName: 'corp-root' } });
    expect(docs.filter((d) => d.kind === 'Certificate').map((d) => d.metadata.name)).toEqual(['istio-ca']);
    expect(doc(docs, 'Bundle').spec.sources).toEqual([{ secret: { name: 'corp-root', key: 'tls.crt' } }]);
    expect(waveOf(doc(docs, 'Application', 'cert-manager-istio-csr'))).toBe(5);
  });

  test('a Vault PKI issuer signs workload certificates directly (seed 004), with the root pinned from a ConfigMap', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', {
      mode: MeshCaMode.ISTIO_CSR,
      root: MeshRoot.fromIssuerConfig(vault(), { issuerName: 'vault-istio-ca', trustAnchor: BundleSource.configMap({ name: 'vault-root-ca', key: 'ca.pem' }) }),
      intermediate: false,
      maxWorkloadCertificateDuration: Duration.hours(48),
    });
    const docs = synthValid(chart);
    expect(doc(docs, 'ClusterIssuer', 'vault-istio-ca').spec.vault).toMatchObject({ path: 'pki_int/sign/istio-mesh' });
    expect(docs.filter((d) => d.kind === 'Certificate')).toEqual([]);
    const values = doc(docs, 'Application', 'cert-manager-istio-csr').spec.source.helm.valuesObject;
    expect(values.app.certmanager.issuer).toEqual({ name: 'vault-istio-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(values.app.server.maxCertificateDuration).toBe('48h0m0s');
    expect(doc(docs, 'Bundle').spec.sources).toEqual([{ configMap: { name: 'vault-root-ca', key: 'ca.pem' } }]);
    expect(ca.workloadIssuer).toBe(ca.rootIssuer);
  });

  test('an existing namespaced Issuer in the Istio namespace can be the root', () => {
    const { chart } = newChart();
    const issuer = new Issuer(chart, 'Corp', { metadata: { name: 'corp-ca', namespace: 'istio-system' }, config: IssuerConfig.ca({ secretName: 'corp-ca' }) });
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, root: MeshRoot.fromIssuer(issuer, { trustAnchor: BundleSource.inLine(ROOT_PEM) }), intermediate: false });
    const docs = synthValid(chart);
    expect(doc(docs, 'Application', 'cert-manager-istio-csr').spec.source.helm.valuesObject.app.certmanager.issuer).toEqual({ name: 'corp-ca', kind: 'Issuer', group: 'cert-manager.io' });
  });

  test('multi-cluster settings: cluster name from the context, mesh ID, network label, equal clusterID and clusterName', () => {
    const { chart } = newChart();
    chart.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a');
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, root: MeshRoot.fromSecret({ secretName: 'mesh-root-ca' }), meshId: 'mesh1', network: 'network-a', trustDomain: 'mesh.example.com' });
    const docs = synthValid(chart);
    expect(ca.clusterName).toBe('cluster-a');
    const csr = doc(docs, 'Application', 'cert-manager-istio-csr');
    expect(csr.spec.destination).toEqual({ name: 'cluster-a', namespace: 'cert-manager' });
    expect(csr.spec.source.helm.valuesObject.app.server.clusterID).toBe('cluster-a');
    expect(csr.spec.source.helm.valuesObject.app.tls.trustDomain).toBe('mesh.example.com');
    expect(doc(docs, 'Application', 'istiod').spec.source.helm.valuesObject.global).toEqual({
      caAddress: 'cert-manager-istio-csr.cert-manager.svc:443', meshID: 'mesh1', multiCluster: { clusterName: 'cluster-a' }, network: 'network-a',
    });
    expect(doc(docs, 'Namespace', 'istio-system').metadata.labels).toEqual({ 'topology.istio.io/network': 'network-a' });
    expect(doc(docs, 'Certificate', 'istio-ca').spec.commonName).toBe('Istio CA cluster-a');
  });

  test('root rotation, istio-csr mode: the Bundle carries the old and the new root', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', {
      mode: MeshCaMode.ISTIO_CSR,
      root: MeshRoot.fromSecret({ secretName: 'root-2026' }),
      additionalTrustAnchors: [BundleSource.secret({ name: 'root-2016', key: 'tls.crt' }), BundleSource.inLine(NEW_ROOT_PEM)],
    });
    const docs = synthValid(chart);
    expect(doc(docs, 'Bundle').spec.sources).toEqual([
      { secret: { name: 'root-2026', key: 'tls.crt' } }, { secret: { name: 'root-2016', key: 'tls.crt' } }, { inLine: NEW_ROOT_PEM },
    ]);
  });

  test('root rotation, plug-in mode: extra roots go to meshConfig.caCertificates with Istio multi-root on', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, additionalTrustAnchors: [BundleSource.inLine(NEW_ROOT_PEM)] });
    const docs = synthValid(chart);
    const values = doc(docs, 'Application', 'istiod').spec.source.helm.valuesObject;
    expect(values.meshConfig.caCertificates).toEqual([{ pem: NEW_ROOT_PEM }]);
    expect(values.meshConfig.defaultConfig.proxyMetadata.PROXY_CONFIG_XDS_AGENT).toBe('true');
    expect(values.env.ISTIO_MULTIROOT_MESH).toBe('true');
  });

  test('IstioOperator install: one IstioOperator carrying the same values, no Istio Applications', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, istioInstall: IstioInstallMethod.ISTIO_OPERATOR, istioRevisions: ['1-30-3', 'default'] });
    const docs = synthValid(chart);
    expect(docs.filter((d) => d.kind === 'Application').map((d) => d.metadata.name)).toEqual(['cert-manager-istio-csr']);
    const iop = doc(docs, 'IstioOperator', 'istio-control-plane-1-30-3');
    expect(iop.apiVersion).toBe('install.istio.io/v1alpha1');
    expect(iop.metadata.namespace).toBe('istio-system');
    expect(iop.spec).toEqual({
      revision: '1-30-3',
      meshConfig: { trustDomain: 'cluster.local' },
      values: {
        global: { caAddress: 'cert-manager-istio-csr.cert-manager.svc:443', multiCluster: { clusterName: 'Kubernetes' } },
        // istioctl flattens values.pilot into the istiod chart's top level (operator/pkg/render/manifest.go)
        pilot: { autoscaleEnabled: false, env: { ENABLE_CA_SERVER: 'false' } },
      },
      components: { pilot: { k8s: { overlays: [expect.objectContaining({ kind: 'Deployment', name: 'istiod-1-30-3' })] } } },
    });
    expect(ca.istioCsrValues?.app.istio.revisions).toEqual(['1-30-3', 'default']);
  });

  test('no Istio install: only the values are exposed', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, istioInstall: IstioInstallMethod.NONE, strictMtls: false, createIstioNamespace: false });
    const docs = synthValid(chart);
    // istiod installed by someone else still needs the restart after a cacerts re-issue
    expect(docs.map((d) => d.kind).sort()).toEqual(['Certificate', 'Certificate', 'ClusterIssuer', 'ClusterIssuer', 'CronJob', 'Role', 'RoleBinding', 'ServiceAccount']);
    expect(ca.istiodValues.env).toEqual({ MAX_WORKLOAD_CERT_TTL: '1h0m0s', DEFAULT_WORKLOAD_CERT_TTL: '1h0m0s' });
  });

  test('install objects can go to another chart (e.g. the Argo CD folder), named per cluster', () => {
    const app = Testing.app();
    const hub = new Chart(app, 'hub');
    const cluster = new Chart(app, 'cluster');
    cluster.node.setContext(CLUSTER_CONTEXT_KEY, 'east');
    new MeshCa(cluster, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, root: MeshRoot.fromSecret({ secretName: 'root' }), installScope: hub, argoCd: { namespace: 'gitops', project: 'mesh' } });
    const hubDocs = synthValid(hub);
    expect(hubDocs.map((d) => d.metadata.name)).toEqual(['cert-manager-istio-csr-east', 'istio-base-east', 'istiod-east']);
    expect(hubDocs.every((d) => d.metadata.namespace === 'gitops' && d.spec.project === 'mesh' && d.spec.destination.name === 'east')).toBe(true);
    expect(synthValid(cluster).filter((d) => d.kind === 'Application')).toEqual([]);
  });

  test('the verification namespace of seed 004: injection, httpbin with its own identity, STRICT, AuthorizationPolicy', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, trustDomain: 'corp.example' });
    const v = ca.addVerification('Verify', { namespace: 'test-mesh' });
    const docs = synthValid(chart);
    expect(doc(docs, 'Namespace', 'test-mesh').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(doc(docs, 'ServiceAccount', 'httpbin').metadata.namespace).toBe('test-mesh');
    const deployment = doc(docs, 'Deployment', 'httpbin');
    expect(waveOf(deployment)).toBe(ca.afterIstioSyncWave);
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'httpbin' } });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'httpbin' });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('httpbin');
    expect(doc(docs, 'Service', 'httpbin').spec).toMatchObject({ selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000, targetPort: 8080 }] });
    expect(doc(docs, 'PeerAuthentication', 'strict-mtls').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(doc(docs, 'AuthorizationPolicy', 'allow-httpbin').spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { app: 'httpbin' } },
      rules: [{ from: [{ source: { principals: ['corp.example/ns/test-mesh/sa/*'] } }], to: [{ operation: { methods: ['GET', 'POST'] } }] }],
    });
    expect(v.spiffeId).toBe('spiffe://corp.example/ns/test-mesh/sa/httpbin');
  });

  test('a revision is used for injection and in the istiod values', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, istioRevisions: ['canary'] });
    ca.addVerification('Verify', { authorizationPolicy: false });
    const docs = synthValid(chart);
    expect(doc(docs, 'Namespace', 'mesh-verify').metadata.labels).toEqual({ 'istio.io/rev': 'canary' });
    expect(doc(docs, 'Application', 'istiod').spec.source.helm.valuesObject.revision).toBe('canary');
    expect(doc(docs, 'Application', 'istio-base').spec.source.helm.valuesObject).toEqual({ defaultRevision: 'canary' });
    expect(docs.filter((d) => d.kind === 'AuthorizationPolicy')).toEqual([]);
  });

  test('in a chart with a namespace, every object keeps its own namespace and cluster-scoped objects have none', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'apps' });
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR }).addVerification('Verify');
    const docs = synthValid(chart);
    expect(docs.filter((d) => d.metadata.namespace === 'apps')).toEqual([]);
    expect(doc(docs, 'Namespace', 'istio-system').metadata.namespace).toBeUndefined();
    expect(doc(docs, 'Namespace', 'mesh-verify').metadata.namespace).toBeUndefined();
  });

  test('its Namespaces drop the chart namespace through the library\'s one helper for cluster-scoped objects (omitNamespace)', () => {
    const omit = jest.spyOn(metadata, 'omitNamespace');
    try {
      const chart = new Chart(Testing.app(), 'test', { namespace: 'apps' });
      new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR }).addVerification('Verify');
      const namespaces = omit.mock.calls.map(([o]) => o).filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
      expect(namespaces).toEqual(['istio-system', 'mesh-verify']);
    } finally {
      omit.mockRestore();
    }
  });

  test('warns when a Vault role endpoint is to sign the intermediate CA', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, root: MeshRoot.fromIssuerConfig(vault(), { trustAnchor: BundleSource.inLine(ROOT_PEM) }) });
    synthValid(chart);
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/MeshCa\] the intermediate CA is to be signed by Vault path "pki_int\/sign\/istio-mesh", but only a root\/sign-intermediate endpoint/)]);
  });

  test('warns when workloads are signed with a root bootstrapped in the cluster', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, intermediate: false, maxWorkloadCertificateDuration: Duration.hours(1) });
    synthValid(chart);
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/MeshCa\] intermediate: false with a root bootstrapped in the cluster/)]);
  });
});

describe('MeshCa validation', () => {
  const P = 'test/MeshCa';
  const make = (props: any, setup?: (chart: Chart) => void) => () => {
    const { chart } = newChart();
    setup?.(chart);
    return new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, ...props });
  };
  /** A MeshRoot factory throws nothing; its problem is reported by the MeshCa receiving the root (`root.<field>`). */
  const expectRootFailure = (makeRoot: () => MeshRoot, e: { factory: string; field: string; value?: string; problem: RegExp; fix: RegExp }) => {
    let root: MeshRoot | undefined;
    expect(() => (root = makeRoot())).not.toThrow();
    const message = validationErrorOf(make({ root }));
    expectMessage(message, { path: P, field: `root.${e.field}`, value: e.value, problem: e.problem, fix: e.fix });
    expect(message.startsWith(`[${P}] ${e.factory}: `)).toBe(true);
  };
  const synthOf = (props: any, setup?: (chart: Chart) => any) => {
    const { chart } = newChart();
    const extra = setup?.(chart) ?? {};
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, ...props, ...extra });
    return chart;
  };

  test('fails if istio-csr is given an ACME issuer', () => {
    const chart = synthOf({ intermediate: false }, (c) => ({ root: MeshRoot.fromIssuer(letsEncrypt(c), { trustAnchor: BundleSource.inLine(ROOT_PEM) }) }));
    expectSynthFailure(chart, { path: P, field: 'root', value: '"ClusterIssuer/letsencrypt"', problem: /istio-csr cannot use an ACME issuer/, fix: /CA, Vault or other private-PKI issuer/ });
  });
  test('fails if the plug-in CA is to be signed by an ACME issuer', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, root: MeshRoot.fromIssuer(letsEncrypt(chart), { trustAnchor: BundleSource.inLine(ROOT_PEM) }) });
    expectSynthFailure(chart, { path: P, field: 'root', problem: /ACME issuer cannot sign the intermediate/, fix: /private-PKI/ });
  });
  test('fails if an ACME config is given as the root', () => {
    expectRootFailure(() => MeshRoot.fromIssuerConfig(IssuerConfig.letsEncrypt(), { trustAnchor: BundleSource.inLine(ROOT_PEM) }),
      { factory: 'MeshRoot.fromIssuerConfig', field: 'config', value: '"https://acme-staging-v02.api.letsencrypt.org/directory"', problem: /ACME issuer cannot be a mesh CA/, fix: /private-PKI issuer/ });
  });
  test('fails if a SelfSigned config or issuer is given as the root', () => {
    expectRootFailure(() => MeshRoot.fromIssuerConfig(IssuerConfig.selfSigned(), { trustAnchor: BundleSource.inLine(ROOT_PEM) }),
      { factory: 'MeshRoot.fromIssuerConfig', field: 'config', value: '"selfSigned"', problem: /its own key/, fix: /MeshRoot.selfSigned\(\)/ });
    const chart = synthOf({}, (c) => ({ root: MeshRoot.fromIssuer(new ClusterIssuer(c, 'Ss', { config: IssuerConfig.selfSigned() }), { trustAnchor: BundleSource.inLine(ROOT_PEM) }) }));
    expectSynthFailure(chart, { path: P, field: 'root', problem: /SelfSigned issuer/, fix: /MeshRoot.selfSigned/ });
  });

  test('fails if the workload certificate lifetime is not shorter than the intermediate', () => {
    const chart = synthOf({ maxWorkloadCertificateDuration: Duration.days(400) });
    expectSynthFailure(chart, {
      path: P, field: 'maxWorkloadCertificateDuration', value: '9600h0m0s',
      problem: /durations cannot chain: maxWorkloadCertificateDuration 9600h0m0s is not shorter than intermediateDuration 8760h0m0s/, fix: /shorter than 8760h0m0s/,
    });
  });
  test('fails if the intermediate is not shorter than the root', () => {
    const chart = synthOf({ root: MeshRoot.selfSigned({ duration: Duration.days(365), renewBefore: Duration.days(100) }), intermediateDuration: Duration.days(365) });
    expectSynthFailure(chart, { path: P, field: 'intermediateDuration', value: '8760h0m0s', problem: /is not shorter than root duration 8760h0m0s/, fix: /intermediateDuration shorter/ });
  });
  test('fails if the intermediate is not shorter than a known external root lifetime', () => {
    const chart = synthOf({ root: MeshRoot.fromSecret({ secretName: 'root', duration: Duration.days(200) }) });
    expectSynthFailure(chart, { path: P, field: 'intermediateDuration', problem: /not shorter than root duration 4800h0m0s/, fix: /root duration longer/ });
  });
  test('fails if a workload certificate could outlive the intermediate\'s renewal window', () => {
    const chart = synthOf({ maxWorkloadCertificateDuration: Duration.days(3), intermediateRenewBefore: Duration.days(2) });
    expectSynthFailure(chart, {
      path: P, field: 'maxWorkloadCertificateDuration', value: '72h0m0s',
      problem: /longer than intermediateRenewBefore 48h0m0s: a workload certificate issued just before the intermediate is re-issued/, fix: /at most 48h0m0s/,
    });
  });
  test('an intermediate may outlive the root\'s renewal window: the root keeps its key, so the renewed root verifies it', () => {
    // istio-csr pins the root from the Bundle, which trust-manager updates when the root is renewed
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, root: MeshRoot.selfSigned({ renewBefore: Duration.days(100) }) });
    const docs = synthValid(chart);
    expect(doc(docs, 'Certificate', 'mesh-root-ca').spec.privateKey.rotationPolicy).toBe('Never');
    // plug-in mode: the intermediate is re-issued (refreshing the root copy in cacerts) 90 days after issuance, within the root's 100
    const plugin = newChart().chart;
    new MeshCa(plugin, 'MeshCa', {
      mode: MeshCaMode.PLUGIN_CA, root: MeshRoot.selfSigned({ renewBefore: Duration.days(100) }),
      intermediateDuration: Duration.days(120), intermediateRenewBefore: Duration.days(30),
    });
    synthValid(plugin);
  });
  test('fails if, in plug-in mode, the root copy in cacerts could expire before the intermediate is re-issued', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, root: MeshRoot.selfSigned({ renewBefore: Duration.days(100) }) });
    expectSynthFailure(chart, {
      path: P, field: 'intermediateDuration', value: '8760h0m0s',
      problem: /istiod serves the copy of the root certificate in cacerts \(ca\.crt\).* 8040h0m0s after issuing it \(intermediateDuration 8760h0m0s - intermediateRenewBefore 720h0m0s\); that is longer than the root's renewBefore 2400h0m0s/,
      fix: /intermediateDuration at most 3120h0m0s, intermediateRenewBefore at least 6360h0m0s, or the root's renewBefore at least 8040h0m0s/,
    });
  });
  test('fails if workload certificates signed by the root directly could outlive it', () => {
    const chart = synthOf({ intermediate: false, maxWorkloadCertificateDuration: Duration.days(10), root: MeshRoot.fromIssuerConfig(vault(), { trustAnchor: BundleSource.inLine(ROOT_PEM), duration: Duration.days(7) }) });
    expectSynthFailure(chart, { path: P, field: 'maxWorkloadCertificateDuration', problem: /not shorter than root duration 168h0m0s/, fix: /shorter than 168h0m0s/ });
  });
  test('fails if a duration is not a positive Duration', () => {
    expectFailure(make({ intermediateDuration: '365d' }), { path: P, field: 'intermediateDuration', value: '"365d"', problem: /must be a Duration/, fix: /Duration.hours/ });
    expectFailure(make({ maxWorkloadCertificateDuration: Duration.millis(1500) }), { path: P, field: 'maxWorkloadCertificateDuration', problem: /whole number of seconds/, fix: /Duration.hours\(1\)/ });
  });

  test('fails if the trust domain is invalid', () => {
    expectFailure(make({ trustDomain: 'Cluster.Local' }), { path: P, field: 'trustDomain', value: '"Cluster.Local"', problem: /invalid trust domain: label "Cluster"/, fix: /cluster\.local/ });
    expectFailure(make({ trustDomain: 'cluster.local.' }), { path: P, field: 'trustDomain', value: '"cluster.local."', problem: /label ""/, fix: /lowercase DNS-like name/ });
    expectFailure(make({ trustDomain: 'spiffe://corp' }), { path: P, field: 'trustDomain', problem: /invalid trust domain/, fix: /mesh\.example\.com/ });
    expectFailure(make({ trustDomain: '' }), { path: P, field: 'trustDomain', value: '""', problem: /must not be empty/, fix: /cluster\.local/ });
  });
  test('fails if the cluster name is invalid', () => {
    expectFailure(make({ clusterName: 'Cluster_A' }), { path: P, field: 'clusterName', value: '"Cluster_A"', problem: /invalid cluster name/, fix: /cluster-a/ });
    expectFailure(make({}, (c) => c.node.setContext(CLUSTER_CONTEXT_KEY, 'East.1')), { path: P, field: 'cluster of the folder', value: '"East.1"', problem: /invalid cluster name/, fix: /output folder/ });
  });
  test('fails if clusterName names another cluster than the one the chart renders for', () => {
    expectFailure(make({ clusterName: 'cluster-b' }, (c) => c.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a')),
      { path: P, field: 'clusterName', value: '"cluster-b"', problem: /renders for cluster "cluster-a"/, fix: /remove clusterName/ });
  });
  test('fails if the mesh ID or network is not a label value', () => {
    expectFailure(make({ meshId: 'mesh 1' }), { path: P, field: 'meshId', value: '"mesh 1"', problem: /invalid mesh ID/, fix: /network-a/ });
    expectFailure(make({ network: '-net' }), { path: P, field: 'network', value: '"-net"', problem: /invalid network name/, fix: /at most 63 characters/ });
  });
  test('fails if namespaces or revisions are invalid', () => {
    expectFailure(make({ istioNamespace: 'Istio' }), { path: P, field: 'istioNamespace', value: '"Istio"', problem: /namespace must be a lowercase RFC 1123 label/, fix: /valid namespace/ });
    expectFailure(make({ certManagerNamespace: 'cert.manager' }), { path: P, field: 'certManagerNamespace', problem: /namespace/, fix: /valid namespace/ });
    expectFailure(make({ istioRevisions: [] }), { path: P, field: 'istioRevisions', value: '[]', problem: /at least one Istio revision/, fix: /default/ });
    expectFailure(make({ istioRevisions: ['1.30'] }), { path: P, field: 'istioRevisions[0]', value: '"1.30"', problem: /revision name/, fix: /1-30-3/ });
  });

  test('fails if the plug-in CA would be written to a Secret istiod does not read', () => {
    expectFailure(make({ mode: MeshCaMode.PLUGIN_CA, intermediateName: 'istio-cacerts' }),
      { path: P, field: 'intermediateName', value: '"istio-cacerts"', problem: /istiod only reads its plug-in CA from a Secret named "cacerts" in its own namespace \("istio-system"\)/, fix: /remove intermediateName/ });
  });
  test('fails if the plug-in CA mode is asked to do without an intermediate', () => {
    expectFailure(make({ mode: MeshCaMode.PLUGIN_CA, intermediate: false }), { path: P, field: 'intermediate', value: 'false', problem: /plug-in CA is an intermediate/, fix: /MeshCaMode.ISTIO_CSR/ });
  });
  test('fails if intermediate options are given without an intermediate', () => {
    expectFailure(make({ intermediate: false, intermediateDuration: Duration.days(30) }), { path: P, field: 'intermediateDuration', problem: /intermediate is false/, fix: /intermediate: true/ });
  });
  test('fails if the root Secret is not where a CA ClusterIssuer reads it', () => {
    expectFailure(make({ root: MeshRoot.fromSecret({ secretName: 'root', namespace: 'istio-system' }) }),
      { path: P, field: 'root.namespace', value: '"istio-system"', problem: /reads its Secret from cert-manager's cluster resource namespace \("cert-manager"\)/, fix: /provision the Secret "root" in "cert-manager"/ });
  });
  test('fails if a namespaced root issuer is not in the Istio namespace', () => {
    const chart = synthOf({ intermediate: false }, (c) => ({
      root: MeshRoot.fromIssuer(new Issuer(c, 'Corp', { metadata: { name: 'corp', namespace: 'pki' }, config: IssuerConfig.ca({ secretName: 'corp' }) }), { trustAnchor: BundleSource.inLine(ROOT_PEM) }),
    }));
    expectSynthFailure(chart, { path: P, field: 'root', value: '"pki/corp"', problem: /istio-csr creates its CertificateRequests in the Istio namespace/, fix: /define the Issuer in "istio-system", or use a ClusterIssuer/ });
  });
  test('fails if the root issuer belongs to another cluster, explaining that cert-manager resolves issuers locally', () => {
    const app = Testing.app();
    const b = new Chart(app, 'b');
    b.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-b');
    const issuer = new ClusterIssuer(b, 'Shared', { metadata: { name: 'shared-ca' }, config: IssuerConfig.ca({ secretName: 'shared-ca' }) });
    const a = new Chart(app, 'a');
    a.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a');
    new MeshCa(a, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, root: MeshRoot.fromIssuer(issuer, { trustAnchor: BundleSource.inLine(ROOT_PEM) }) });
    expectSynthFailure(a, {
      path: 'a/MeshCa', field: 'root', value: '"cluster-b: shared-ca"',
      problem: /defined for cluster "cluster-b" but the mesh CA renders for cluster "cluster-a"; cert-manager resolves issuerRef only in its own cluster/,
      fix: /share the CA, not the issuer: create the same CA issuer in every cluster/,
    });
  });
  test('fails if extra roots cannot reach istiod or are the public CA package', () => {
    expectFailure(make({ mode: MeshCaMode.PLUGIN_CA, additionalTrustAnchors: [BundleSource.secret({ name: 'old-root', key: 'tls.crt' })] }),
      { path: P, field: 'additionalTrustAnchors[0]', value: '"secret old-root/tls.crt"', problem: /istiod takes extra roots only inline/, fix: /BundleSource.inLine\(pem\)/ });
    expectFailure(make({ additionalTrustAnchors: [BundleSource.useDefaultCAs()] }),
      { path: P, field: 'additionalTrustAnchors[0]', value: '"useDefaultCAs"', problem: /public CA package must not be a mesh trust anchor/, fix: /only the mesh roots/ });
  });
  test('fails if istiod would be installed before istio-csr', () => {
    expectFailure(make({ argoCd: { istioCsrSyncWave: 8, istiodSyncWave: 8 } }), { path: P, field: 'argoCd.istiodSyncWave', value: '8', problem: /istiod must be installed after istio-csr/, fix: /greater than 8/ });
  });
  test('fails if istio-csr is installed a second time next to the one the mesh CA installs', () => {
    // GIVEN a mesh CA in istio-csr mode, which installs istio-csr itself
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });

    // WHEN the typed istio-csr Application is added for the same cluster too
    new IstioCsrApplication(chart, 'IstioCsr', { issuer: ca.workloadIssuer!, rootCa: { name: 'mesh-root-ca', key: 'ca.crt' } });

    // THEN two Applications would fight over the one cert-manager-istio-csr release
    expectSynthFailure(chart, {
      path: 'test/IstioCsr/Application', field: 'source.helm.releaseName', value: '"cert-manager-istio-csr"',
      problem: /another Application \(test\/MeshCa\/IstioCsrApplication\) already installs chart "cert-manager-istio-csr" as this release into namespace "cert-manager" of cluster https:\/\/kubernetes\.default\.svc/,
      fix: /keep one of the two Applications; MeshCa in istio-csr mode already installs istio-csr/,
    });
  });
  test('fails if the Application destination has both a server and a name', () => {
    expectFailure(make({ argoCd: { destinationServer: 'https://a.example.com', destinationName: 'a' } }), { path: P, field: 'argoCd.destinationName', value: '"a"', problem: /both name and server/, fix: /either/ });
  });
  test('fails if the mode is missing', () => {
    expectFailure(make({ mode: undefined }), { path: P, field: 'mode', value: 'unset', problem: /mode is required/, fix: /MeshCaMode.ISTIO_CSR/ });
  });
  test('fails if MeshRoot options are invalid', () => {
    expectRootFailure(() => MeshRoot.selfSigned({ keySize: 521 }), { factory: 'MeshRoot.selfSigned', field: 'keySize', value: '521', problem: /256 \(P-256\) or 384/, fix: /256 or 384/ });
    expectRootFailure(() => MeshRoot.selfSigned({ name: 'Root' }), { factory: 'MeshRoot.selfSigned', field: 'name', value: '"Root"', problem: /RFC 1123/, fix: /valid Kubernetes object name/ });
    expectRootFailure(() => MeshRoot.fromSecret({ secretName: 'root_ca' }), { factory: 'MeshRoot.fromSecret', field: 'secretName', problem: /RFC 1123/, fix: /valid/ });
    expectRootFailure(() => MeshRoot.fromIssuerConfig(vault(), {} as any), { factory: 'MeshRoot.fromIssuerConfig', field: 'trustAnchor', value: 'unset', problem: /pinned, never discovered/, fix: /BundleSource.inLine\(rootPem\)/ });
  });
  test('a faulty factory value inside a MeshRoot or among the extra roots names the innermost factory and the whole way in', () => {
    expectRootFailure(() => MeshRoot.fromSecret({ secretName: 'root', trustAnchor: BundleSource.secret({ name: 'root', key: '' }) }),
      { factory: 'BundleSource.secret', field: 'trustAnchor.key', value: '""', problem: /key/, fix: /./ });
    expectFailure(make({ additionalTrustAnchors: [BundleSource.inLine(ROOT_PEM), BundleSource.inLine('not a pem')] }),
      { path: P, field: 'additionalTrustAnchors[1].pem', value: '"not a pem"', problem: /^\[test\/MeshCa\] BundleSource\.inLine: bundle contains no PEM certificates/, fix: /BEGIN CERTIFICATE/ });
  });
  test('fails if the verification namespace is the Istio namespace', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });
    expectFailure(() => ca.addVerification('Verify', { namespace: 'istio-system' }), { path: 'test/MeshCa/Verify', field: 'namespace', value: '"istio-system"', problem: /namespace of its own/, fix: /mesh-verify/ });
  });
});
