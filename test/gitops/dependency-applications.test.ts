import { Duration, Size, Testing } from 'cdk8s';
import { AcmeSolver } from '../../src/cert-manager/acme-solver';
import { ClusterIssuer } from '../../src/cert-manager/cluster-issuer';
import { Issuer } from '../../src/cert-manager/issuer';
import { IssuerConfig } from '../../src/cert-manager/issuer-config';
import { CertManagerApplication } from '../../src/gitops/cert-manager-application';
import { MetricsScraping } from '../../src/gitops/helm-values';
import { IstioCsrApplication } from '../../src/gitops/istio-csr-application';
import { RecommendedIgnoreDifferences } from '../../src/gitops/recommended-ignore-differences';
import { TrustManagerApplication } from '../../src/gitops/trust-manager-application';
import { Warnings } from '../../src/validation/warnings';
import { expectFailure } from '../util/expect';
import { validateManifests } from '../util/schema';

const WEBHOOK_IGNORES = [
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
];

describe('CertManagerApplication', () => {
  test('installs the pinned chart with CRDs and the high-availability values of the guide', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new CertManagerApplication(chart, 'CertManager');
    const docs = Testing.synth(chart);

    // THEN
    expect(validateManifests(docs)).toEqual([]);
    const [app] = docs;
    expect(app.metadata).toEqual({ name: 'cert-manager', namespace: 'argocd' });
    expect(app.spec.source).toMatchObject({ repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: 'v1.21.1', helm: { releaseName: 'cert-manager' } });
    expect(app.spec.source.helm.valuesObject).toEqual({
      crds: { enabled: true, keep: true },
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
      prometheus: { enabled: true, servicemonitor: { enabled: false }, podmonitor: { enabled: false } },
      webhook: {
        replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, timeoutSeconds: 30,
        resources: { requests: { cpu: '25m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
      },
      cainjector: {
        replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 },
        resources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '100m', memory: '256Mi' } },
      },
    });
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'cert-manager' });
    expect(app.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true', 'ServerSideApply=true', 'RespectIgnoreDifferences=true'],
      retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m0s' } },
    });
    expect(app.spec.ignoreDifferences).toEqual(WEBHOOK_IGNORES);
  });

  test('Gateway API support, ServiceMonitor, DNS-01 nameservers, no startup check, extra values', () => {
    const chart = Testing.chart();
    const cm = new CertManagerApplication(chart, 'CertManager', {
      gatewayApi: true,
      metrics: MetricsScraping.SERVICE_MONITOR,
      dns01RecursiveNameservers: ['1.1.1.1:53', 'https://1.1.1.1/dns-query'],
      dns01RecursiveNameserversOnly: true,
      startupApiCheck: false,
      controller: { replicas: 3, resources: { cpuRequestMillis: 100, memoryRequest: Size.mebibytes(128) } },
      webhook: { timeout: Duration.seconds(10) },
      extraValues: { webhook: { hostNetwork: true }, global: { priorityClassName: 'system-cluster-critical' } },
      syncWave: -1,
    });
    const [app] = Testing.synth(chart);
    const v = app.spec.source.helm.valuesObject;
    expect(v.config).toEqual({ apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', gatewayAPI: { enabled: true } });
    expect(v.prometheus.servicemonitor).toEqual({ enabled: true, honorLabels: true });
    expect(v.dns01RecursiveNameservers).toBe('1.1.1.1:53,https://1.1.1.1/dns-query');
    expect(v.dns01RecursiveNameserversOnly).toBe(true);
    expect(v.startupapicheck).toEqual({ enabled: false });
    expect(v.replicaCount).toBe(3);
    expect(v.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' } });
    expect(v.webhook.timeoutSeconds).toBe(10);
    expect(v.webhook.hostNetwork).toBe(true);
    expect(v.webhook.replicaCount).toBe(2);
    expect(v.global).toEqual({ priorityClassName: 'system-cluster-critical' });
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
    expect(cm.gatewayApi).toBe(true);
  });

  test('ListenerSet support: the alpha feature gate ListenerSets and gatewayAPI.enableListenerSet, with Gateway API support', () => {
    const chart = Testing.chart();
    const cm = new CertManagerApplication(chart, 'CertManager', { listenerSets: true });
    const [app] = Testing.synth(chart);
    expect(validateManifests([app])).toEqual([]);
    const v = app.spec.source.helm.valuesObject;
    // the chart renders featureGates as the controller's --feature-gates
    expect(v.featureGates).toBe('ListenerSets=true');
    expect(v.config).toEqual({ apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', gatewayAPI: { enabled: true, enableListenerSet: true } });
    expect(cm.listenerSets).toBe(true);
    expect(cm.gatewayApi).toBe(true);
    // off by default
    const off = new CertManagerApplication(Testing.chart(), 'CertManager', { gatewayApi: true });
    expect(off.listenerSets).toBe(false);
    expect(off.values.featureGates).toBeUndefined();
    expect(off.values.config.gatewayAPI).toEqual({ enabled: true });
  });

  test('fails if ListenerSet support is asked for without Gateway API support', () => {
    expectFailure(() => new CertManagerApplication(Testing.chart(), 'CertManager', { listenerSets: true, gatewayApi: false }), {
      path: 'test/CertManager', field: 'listenerSets', value: 'true',
      problem: 'cert-manager runs its ListenerSet shim only with its Gateway API support', fix: 'leave gatewayApi out (or set it to true) with listenerSets, or drop listenerSets',
    });
  });

  test('a ServiceMonitor or PodMonitor keeps the Certificate\'s namespace in the `namespace` label the alerts and dashboard read', () => {
    // the chart's default honorLabels: false lets prometheus-operator overwrite cert-manager's
    // `namespace` label with the scraped pod's namespace (cert-manager) and move the
    // Certificate's to `exported_namespace`
    const values = (metrics: MetricsScraping) => {
      const chart = Testing.chart();
      new CertManagerApplication(chart, 'CertManager', { metrics });
      return Testing.synth(chart)[0].spec.source.helm.valuesObject.prometheus;
    };
    expect(values(MetricsScraping.SERVICE_MONITOR)).toEqual({ enabled: true, servicemonitor: { enabled: true, honorLabels: true }, podmonitor: { enabled: false } });
    expect(values(MetricsScraping.POD_MONITOR)).toEqual({ enabled: true, servicemonitor: { enabled: false }, podmonitor: { enabled: true, honorLabels: true } });
    expect(values(MetricsScraping.NONE)).toEqual({ enabled: false });
  });

  test('fails if a single replica gets a disruption budget', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerApplication(chart, 'CM', { webhook: { replicas: 1, podDisruptionBudget: true } }))
      .toThrow(/^\[test\/CM\] a disruption budget of minAvailable 1 on a single replica blocks every node drain \(webhook\.podDisruptionBudget: true\) — run at least 2 replicas, or turn the budget off$/);
  });

  test('a single replica gets no disruption budget by default', () => {
    const chart = Testing.chart();
    const cm = new CertManagerApplication(chart, 'CM', { cainjector: { replicas: 1 } });
    expect(cm.values.cainjector.podDisruptionBudget).toEqual({ enabled: false });
  });

  test('fails if a resource request is above its limit', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerApplication(chart, 'CM', { controller: { resources: { memoryRequest: Size.mebibytes(512), memoryLimit: Size.mebibytes(256) } } }))
      .toThrow(/^\[test\/CM\] the request is above the limit \(256Mi\); Kubernetes rejects the pod \(controller\.resources\.memoryRequest: "512Mi"\) — lower the request or raise the limit$/);
  });

  test('fails if CPU is not whole millicores', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerApplication(chart, 'CM', { controller: { resources: { cpuRequestMillis: 0.5 } } }))
      .toThrow(/^\[test\/CM\] CPU must be a positive whole number of millicores \(controller\.resources\.cpuRequestMillis: 0\.5\) — use e\.g\. 50 for 50m$/);
  });

  test('fails if the webhook timeout is out of the API server range', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerApplication(chart, 'CM', { webhook: { timeout: Duration.seconds(31) } }))
      .toThrow(/^\[test\/CM\] the API server accepts webhook timeouts of 1 to 30 whole seconds \(webhook\.timeout: 31s\) — use e\.g\. Duration\.seconds\(30\)$/);
  });

  test('fails if a DNS-01 nameserver has no port', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerApplication(chart, 'CM', { dns01RecursiveNameservers: ['1.1.1.1'] }))
      .toThrow(/^\[test\/CM\] a nameserver must be host:port .* \(dns01RecursiveNameservers\[0\]: "1\.1\.1\.1"\) — write e\.g\. "1\.1\.1\.1:53"/);
  });

  test('fails if only recursive nameservers are to be used but none are given', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerApplication(chart, 'CM', { dns01RecursiveNameserversOnly: true }))
      .toThrow(/^\[test\/CM\] only the recursive nameservers would be queried, but none are configured \(dns01RecursiveNameserversOnly: true\) — set dns01RecursiveNameservers too$/);
  });

  test('fails if the destination names another namespace', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerApplication(chart, 'CM', { destination: { namespace: 'security' } }))
      .toThrow(/^\[test\/CM\] the chart is installed into namespace "cert-manager" \(destination\.namespace: "security"\) — set the namespace prop instead/);
  });

  test('fails if the chart version is a range', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerApplication(chart, 'CM', { chartVersion: '^1.21' }))
      .toThrow(/^\[test\/CM\] the chart version must be an exact SemVer version.* \(chartVersion: "\^1\.21"\) — pin the exact chart version, e\.g\. "v1\.21\.1"$/);
  });

  test('fails if the Helm repository, the namespaces or the extra values are invalid, naming the prop', () => {
    expectFailure(() => new CertManagerApplication(Testing.chart(), 'CM', { repoURL: '' }), { path: 'test/CM', field: 'repoURL', value: '""', fix: /charts\.jetstack\.io/ });
    expectFailure(() => new CertManagerApplication(Testing.chart(), 'CM', { namespace: 'Cert_Manager' }), { path: 'test/CM', field: 'namespace', value: '"Cert_Manager"', fix: 'use a valid namespace name' });
    expectFailure(() => new CertManagerApplication(Testing.chart(), 'CM', { clusterResourceNamespace: 'Issuers' }),
      { path: 'test/CM', field: 'clusterResourceNamespace', value: '"Issuers"', fix: 'use a valid namespace name' });
    expectFailure(() => new CertManagerApplication(Testing.chart(), 'CM', { extraValues: { webhook: { hook: () => 1 } } as any }),
      { path: 'test/CM', field: 'extraValues.webhook.hook', value: '"function"', fix: 'pass plain data' });
  });
});

describe('TrustManagerApplication', () => {
  test('installs trust-manager after cert-manager with HA values and the trust namespace', () => {
    const chart = Testing.chart();
    new TrustManagerApplication(chart, 'TrustManager', { secretTargets: ['mesh-roots'], metrics: MetricsScraping.SERVICE_MONITOR });
    const docs = Testing.synth(chart);
    expect(validateManifests(docs)).toEqual([]);
    const [app] = docs;
    expect(app.spec.source).toMatchObject({ chart: 'trust-manager', targetRevision: 'v0.24.0', helm: { releaseName: 'trust-manager' } });
    expect(app.spec.source.helm.valuesObject).toEqual({
      crds: { enabled: true, keep: true },
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      resources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '100m', memory: '256Mi' } },
      defaultPackage: { enabled: true },
      secretTargets: { enabled: true, authorizedSecrets: ['mesh-roots'] },
      app: { trust: { namespace: 'cert-manager' }, metrics: { service: { enabled: true, servicemonitor: { enabled: true } } } },
    });
    expect(app.spec.destination.namespace).toBe('cert-manager');
    expect(app.spec.ignoreDifferences).toEqual(WEBHOOK_IGNORES);
  });

  test('fails if asked for a PodMonitor', () => {
    const chart = Testing.chart();
    expect(() => new TrustManagerApplication(chart, 'TM', { metrics: MetricsScraping.POD_MONITOR }))
      .toThrow(/^\[test\/TM\] trust-manager's chart only offers a ServiceMonitor \(metrics: "PodMonitor"\) — use MetricsScraping\.SERVICE_MONITOR or MetricsScraping\.NONE$/);
  });

  test('fails if a secret target is not a Secret name', () => {
    const chart = Testing.chart();
    expect(() => new TrustManagerApplication(chart, 'TM', { secretTargets: ['Mesh_Roots'] }))
      .toThrow(/^\[test\/TM\] Secret name must be a lowercase RFC 1123 subdomain.* \(secretTargets\[0\]: "Mesh_Roots"\) — use a valid Secret name$/);
  });

  test('fails if the trust namespace is invalid', () => {
    const chart = Testing.chart();
    expect(() => new TrustManagerApplication(chart, 'TM', { trustNamespace: 'Trust' }))
      .toThrow(/^\[test\/TM\] namespace .* \(trustNamespace: "Trust"\) — use a valid namespace name$/);
  });
});

describe('IstioCsrApplication', () => {
  const caIssuer = (chart: any) => new Issuer(chart, 'MeshCa', { metadata: { namespace: 'istio-system' }, config: IssuerConfig.ca({ secretName: 'mesh-intermediate' }) });

  test('points istio-csr at a namespaced CA issuer and pins the root', () => {
    const chart = Testing.chart();
    const issuer = caIssuer(chart);
    const csr = new IstioCsrApplication(chart, 'IstioCsr', { issuer, rootCa: { name: 'mesh-root', key: 'ca.crt' }, clusterId: 'cluster-a', trustDomain: 'mesh.example.com' });
    const docs = Testing.synth(chart);
    expect(validateManifests(docs)).toEqual([]);
    const app = docs.find((d) => d.kind === 'Application');
    expect(app.spec.source).toMatchObject({ chart: 'cert-manager-istio-csr', targetRevision: 'v0.17.0' });
    const v = app.spec.source.helm.valuesObject;
    expect(v.app.certmanager).toEqual({ namespace: 'istio-system', issuer: { name: 'mesh-ca', kind: 'Issuer', group: 'cert-manager.io' } });
    expect(v.app.tls).toEqual({
      trustDomain: 'mesh.example.com', certificateDuration: '1h0m0s', rootCAFile: '/var/run/secrets/istio-csr/root-ca/ca.crt',
      certificateDNSNames: ['cert-manager-istio-csr.cert-manager.svc'],
    });
    expect(v.app.controller).toEqual({ leaderElectionNamespace: 'istio-system' });
    expect(v.app.server).toEqual({ clusterID: 'cluster-a', maxCertificateDuration: '1h0m0s' });
    expect(v.volumes).toEqual([{ name: 'root-ca', secret: { secretName: 'mesh-root', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }]);
    expect(v.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(csr.caAddress).toBe('cert-manager-istio-csr.cert-manager.svc:443');
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('outside cert-manager\'s namespace, the serving certificate names the Service Istio dials, and leader election follows istiod', () => {
    // GIVEN istio-csr in its own namespace, Istio in istio-control
    const chart = Testing.chart();
    const issuer = new Issuer(chart, 'MeshCa', { metadata: { namespace: 'istio-control' }, config: IssuerConfig.ca({ secretName: 'mesh-intermediate' }) });

    // WHEN
    const csr = new IstioCsrApplication(chart, 'IstioCsr', { issuer, namespace: 'istio-csr', istioNamespace: 'istio-control', rootCa: { name: 'mesh-root', key: 'ca.crt' } });
    const v = Testing.synth(chart).find((d) => d.kind === 'Application').spec.source.helm.valuesObject;

    // THEN the chart's defaults (cert-manager-istio-csr.cert-manager.svc, istio-system) would
    // make proxies reject the serving certificate and put the leases Role in a missing namespace
    expect(csr.caAddress).toBe('cert-manager-istio-csr.istio-csr.svc:443');
    expect(v.app.tls.certificateDNSNames).toEqual(['cert-manager-istio-csr.istio-csr.svc']);
    expect(v.app.controller).toEqual({ leaderElectionNamespace: 'istio-control' });
    expect(v.app.istio.namespace).toBe('istio-control');
  });

  test('warns without a pinned root and with a cluster-scoped issuer', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'MeshCa', { config: IssuerConfig.ca({ secretName: 'mesh-intermediate' }) });
    new IstioCsrApplication(chart, 'IstioCsr', { issuer });
    const warnings = Warnings.collect(chart);
    expect(warnings).toEqual([
      expect.stringMatching(/^\[test\/IstioCsr\] istio-csr uses the cluster-scoped ClusterIssuer mesh-ca; prefer a namespaced Issuer/),
      expect.stringMatching(/^\[test\/IstioCsr\] istio-csr is not given the root CA \(rootCa\).*istio-csr#103/),
    ]);
  });

  test('fails if given an ACME issuer', () => {
    const chart = Testing.chart();
    const le = new Issuer(chart, 'Le', { metadata: { namespace: 'istio-system' }, config: IssuerConfig.letsEncrypt({ email: 'ops@example.io', solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'istio' })] }) });
    expect(() => new IstioCsrApplication(chart, 'IstioCsr', { issuer: le }))
      .toThrow(/^\[test\/IstioCsr\] an ACME issuer cannot sign workload certificates.* \(issuer: "Issuer\/le"\) — use a CA issuer/);
  });

  test('fails if the requests would land outside the namespaced issuer', () => {
    const chart = Testing.chart();
    expect(() => new IstioCsrApplication(chart, 'IstioCsr', { issuer: caIssuer(chart), certificateRequestNamespace: 'cert-manager' }))
      .toThrow(/^\[test\/IstioCsr\] the namespaced Issuer mesh-ca only signs requests in its own namespace "istio-system" \(certificateRequestNamespace: "cert-manager"\) — leave certificateRequestNamespace out, or move the Issuer$/);
  });

  test('fails if the cluster ID has spaces', () => {
    const chart = Testing.chart();
    expect(() => new IstioCsrApplication(chart, 'IstioCsr', { issuer: caIssuer(chart), clusterId: 'cluster a' }))
      .toThrow(/^\[test\/IstioCsr\] the cluster ID must be .* \(clusterId: "cluster a"\) — use Istio's multiCluster\.clusterName/);
  });

  test('the workload certificates\' maximum and istio-csr\'s serving certificate are separate chart values', () => {
    // GIVEN 24h workload certificates (as seed 004 asks), a short-lived serving certificate
    const chart = Testing.chart();
    new IstioCsrApplication(chart, 'IstioCsr', {
      issuer: caIssuer(chart), rootCa: { name: 'mesh-root', key: 'ca.crt' },
      maxWorkloadCertificateDuration: Duration.hours(24), servingCertificateDuration: Duration.minutes(30),
    });

    // WHEN
    const v = Testing.synth(chart).find((d) => d.kind === 'Application').spec.source.helm.valuesObject;

    // THEN app.server.maxCertificateDuration caps workload certificates; app.tls.certificateDuration is istio-csr's own
    expect(v.app.server.maxCertificateDuration).toBe('24h0m0s');
    expect(v.app.tls.certificateDuration).toBe('30m0s');
  });

  test('fails if the old certificateDuration prop is passed (it set both values)', () => {
    const chart = Testing.chart();
    expect(() => new IstioCsrApplication(chart, 'IstioCsr', { issuer: caIssuer(chart), certificateDuration: Duration.hours(24) } as any))
      .toThrow(/^\[test\/IstioCsr\] certificateDuration is no longer a prop.* \(certificateDuration: 24h0m0s\) — use maxWorkloadCertificateDuration \(app\.server\.maxCertificateDuration\) and\/or servingCertificateDuration \(app\.tls\.certificateDuration\)$/);
  });

  test('fails if a certificate duration is under a minute', () => {
    const chart = Testing.chart();
    const issuer = caIssuer(chart);
    expect(() => new IstioCsrApplication(chart, 'IstioCsr', { issuer, maxWorkloadCertificateDuration: Duration.seconds(30) }))
      .toThrow(/^\[test\/IstioCsr\] workload certificates must live at least a minute, in whole seconds \(maxWorkloadCertificateDuration: 30s\)/);
    expect(() => new IstioCsrApplication(chart, 'IstioCsr2', { issuer, servingCertificateDuration: Duration.seconds(90.5) }))
      .toThrow(/^\[test\/IstioCsr2\] istio-csr's serving certificate must live at least a minute, in whole seconds \(servingCertificateDuration: /);
  });
});

describe('RecommendedIgnoreDifferences', () => {
  test('istiod webhook: caBundle and failurePolicy', () => {
    expect(RecommendedIgnoreDifferences.istioValidatingWebhook()[0].jqPathExpressions).toEqual(['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy']);
    expect(RecommendedIgnoreDifferences.webhookCaBundles()).toEqual(WEBHOOK_IGNORES);
  });
});
