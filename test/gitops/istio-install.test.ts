// Istio's installation as Argo CD Applications of its Helm charts (issue #12 point 2). Chart
// keys checked against Istio 1.30.3 (istio/istio manifests/charts/base/values.yaml,
// istio-control/istio-discovery/values.yaml + templates/zzy_descope_legacy.yaml,
// gateway/values.yaml + templates/_helpers.tpl).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Issuer } from '../../src/cert-manager/issuer';
import { IssuerConfig } from '../../src/cert-manager/issuer-config';
import { GitOpsRepo } from '../../src/gitops/gitops-repo';
import { IstioBaseApplication } from '../../src/gitops/istio-base-application';
import { IstioGatewayApplication } from '../../src/gitops/istio-gateway-application';
import { GatewayServiceType } from '../../src/gitops/istio-gateway-application-props';
import { IstiodApplication } from '../../src/gitops/istiod-application';
import { OutboundTrafficPolicyMode } from '../../src/gitops/istiod-application-props';
import { Gateway as IstioGateway } from '../../src/istio';
import { HttpsRedirectGateway, MeshCa, MeshCaMode } from '../../src/patterns';
import { Errors } from '../../src/validation/error';
import { expectFailure } from '../util/expect';
import { validateManifests } from '../util/schema';

const ISTIO_REPO = 'https://istio-release.storage.googleapis.com/charts';

describe('IstioBaseApplication', () => {
  test('installs the pinned base chart (CRDs) with server-side apply, ignoring the validator istiod patches', () => {
    const chart = Testing.chart();
    const base = new IstioBaseApplication(chart, 'Base', { namespace: 'istio-control', defaultRevision: 'stable' });
    const [app] = Testing.synth(chart);
    expect(validateManifests([app])).toEqual([]);
    expect(app.metadata.name).toBe('istio-base');
    expect(app.spec.source).toMatchObject({ repoURL: ISTIO_REPO, chart: 'base', targetRevision: '1.30.3', helm: { releaseName: 'istio-base' } });
    expect(app.spec.source.helm.valuesObject).toEqual({ defaultRevision: 'stable', global: { istioNamespace: 'istio-control' } });
    expect(base.values).toEqual(app.spec.source.helm.valuesObject);
    expect(app.spec.destination.namespace).toBe('istio-control');
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(app.spec.ignoreDifferences).toEqual([{ group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'] }]);
  });
});

describe('IstiodApplication', () => {
  test('highly available by default: 2 replicas without autoscaling, the PodDisruptionBudget on', () => {
    const chart = Testing.chart();
    new IstiodApplication(chart, 'Istiod');
    const [app] = Testing.synth(chart);
    expect(validateManifests([app])).toEqual([]);
    expect(app.spec.source).toMatchObject({ repoURL: ISTIO_REPO, chart: 'istiod', targetRevision: '1.30.3', helm: { releaseName: 'istiod' } });
    expect(app.spec.source.helm.valuesObject).toEqual({
      global: { defaultPodDisruptionBudget: { enabled: true } },
      pilot: { autoscaleEnabled: false, replicaCount: 2, resources: { requests: { cpu: '500m', memory: '2048Mi' } } },
    });
  });

  test('with istio-csr: caAddress set and the built-in CA off (seed 004\'s install, with the variable istio-csr documents), typed meshConfig', () => {
    const chart = Testing.chart();
    const istiod = new IstiodApplication(chart, 'Istiod', {
      caAddress: 'cert-manager-istio-csr.cert-manager.svc:443',
      clusterName: 'cluster-a',
      meshConfig: {
        trustDomain: 'example.org', accessLogFile: '/dev/stdout', outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY,
        caCertificates: [{ pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', trustDomains: ['other.org'] }],
        proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' },
      },
      pilotEnv: { PILOT_ENABLE_ALPHA_GATEWAY_API: 'true' },
    });
    expect(istiod.values).toEqual({
      global: { caAddress: 'cert-manager-istio-csr.cert-manager.svc:443', multiCluster: { clusterName: 'cluster-a' }, defaultPodDisruptionBudget: { enabled: true } },
      pilot: {
        autoscaleEnabled: false, replicaCount: 2, resources: { requests: { cpu: '500m', memory: '2048Mi' } },
        env: { PILOT_ENABLE_ALPHA_GATEWAY_API: 'true', ENABLE_CA_SERVER: 'false' },
      },
      meshConfig: {
        trustDomain: 'example.org', accessLogFile: '/dev/stdout', outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
        caCertificates: [{ pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', trustDomains: ['other.org'] }],
        defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } },
      },
    });
    expect(validateManifests(Testing.synth(chart))).toEqual([]);
  });

  test('refuses the built-in CA with an external one, a CA address without port, and seed 002\'s caCertificates shape', () => {
    const chart = Testing.chart();
    expectFailure(() => new IstiodApplication(chart, 'A', { caAddress: 'csr.cert-manager.svc:443', pilotEnv: { ENABLE_CA_SERVER: 'true' } }), {
      path: 'test/A', field: 'pilotEnv.ENABLE_CA_SERVER', value: '"true"', problem: /built-in CA must be off/, fix: /remove pilotEnv.ENABLE_CA_SERVER/,
    });
    expectFailure(() => new IstiodApplication(chart, 'B', { caAddress: 'cert-manager-istio-csr.cert-manager.svc' }), {
      path: 'test/B', field: 'caAddress', value: '"cert-manager-istio-csr.cert-manager.svc"', fix: /:443/,
    });
    // seed 002: `caCertificates: [{ certs: [...], name: cacerts }]` — neither key exists in MeshConfig.CertificateData
    expectFailure(() => new IstiodApplication(chart, 'C', { meshConfig: { caCertificates: [{ certs: ['istiod.istio-system.svc'], name: 'cacerts' } as any] } }), {
      path: 'test/C', field: 'meshConfig.caCertificates[0]', value: '{"certs":["istiod.istio-system.svc"],"name":"cacerts"}', problem: /exactly one of pem and spiffeBundleUrl/, fix: /pem/,
    });
    expectFailure(() => new IstiodApplication(chart, 'D', { revision: '1.30' }), { path: 'test/D', field: 'revision', value: '"1.30"', fix: /1-30-3/ });
  });
});

describe('IstioGatewayApplication', () => {
  test('the default ingress gateway: istio-ingressgateway in istio-system, pods labelled istio: ingressgateway, 2 replicas and a budget, a LoadBalancer', () => {
    const chart = Testing.chart();
    const gw = new IstioGatewayApplication(chart, 'Gateway');
    const [app] = Testing.synth(chart);
    expect(validateManifests([app])).toEqual([]);
    expect(app.metadata.name).toBe('istio-ingressgateway');
    expect(app.spec.source).toMatchObject({ repoURL: ISTIO_REPO, chart: 'gateway', targetRevision: '1.30.3', helm: { releaseName: 'istio-ingressgateway' } });
    expect(app.spec.destination.namespace).toBe('istio-system');
    expect(app.spec.source.helm.valuesObject).toEqual({
      replicaCount: 2, autoscaling: { enabled: false }, podDisruptionBudget: { minAvailable: 1 },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
      service: { type: 'LoadBalancer' },
    });
    // gateway templates/_helpers.tpl: app = name, istio = name without "istio-"; the chart's default labels
    expect(gw.podLabels).toEqual({ 'app': 'istio-ingressgateway', 'istio': 'ingressgateway', 'istio.io/dataplane-mode': 'none' });
  });

  test('seed 002\'s ingressGateways[istio-ingressgateway] with autoscaling, a cloud load balancer\'s annotations, ports and labels', () => {
    const chart = Testing.chart();
    const gw = new IstioGatewayApplication(chart, 'Gateway', {
      name: 'public-gateway', namespace: 'istio-ingress', labels: { istio: 'public', team: 'edge' },
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      ports: [{ name: 'status-port', port: 15021 }, { name: 'http2', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }],
    });
    expect(gw.values).toMatchObject({
      labels: { istio: 'public', team: 'edge' },
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 80 },
      podDisruptionBudget: { minAvailable: 1 },
      service: {
        type: 'LoadBalancer', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
        ports: [{ name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 }, { name: 'http2', port: 80, protocol: 'TCP', targetPort: 8080 }, { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }],
      },
    });
    expect(gw.values.replicaCount).toBeUndefined();
    expect(gw.podLabels).toEqual({ 'app': 'public-gateway', 'istio': 'public', 'team': 'edge', 'istio.io/dataplane-mode': 'none' });
    expect(validateManifests(Testing.synth(chart))).toEqual([]);
  });

  test('refuses replicas with autoscaling, a budget on one replica, ports twice, a name with dots, ports without a Service', () => {
    const chart = Testing.chart();
    expectFailure(() => new IstioGatewayApplication(chart, 'A', { replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 4 } }), { path: 'test/A', field: 'replicas', value: '3', fix: /remove replicas/ });
    expectFailure(() => new IstioGatewayApplication(chart, 'B', { autoscaling: { minReplicas: 4, maxReplicas: 2 } }), { path: 'test/B', field: 'autoscaling.maxReplicas', value: '2', fix: /at least 4/ });
    expectFailure(() => new IstioGatewayApplication(chart, 'C', { replicas: 1, podDisruptionBudget: true }), { path: 'test/C', field: 'podDisruptionBudget', value: 'true', fix: /at least 2 replicas/ });
    expectFailure(() => new IstioGatewayApplication(chart, 'D', { ports: [{ name: 'https', port: 443 }, { name: 'https', port: 8443 }] }), { path: 'test/D', field: 'ports[1].name', value: '"https"', fix: /its own name/ });
    expectFailure(() => new IstioGatewayApplication(chart, 'E', { name: 'ingress.gateway' }), { path: 'test/E', field: 'name', value: '"ingress.gateway"', fix: /istio-ingressgateway/ });
    expectFailure(() => new IstioGatewayApplication(chart, 'F', { serviceType: GatewayServiceType.NONE, ports: [{ name: 'https', port: 443 }] }), { path: 'test/F', field: 'ports', value: '[{"name":"https","port":443}]', fix: /another serviceType/ });
  });

  test('one replica: no budget (the chart\'s {} creates none)', () => {
    const chart = Testing.chart();
    const gw = new IstioGatewayApplication(chart, 'Gateway', { replicas: 1 });
    expect([gw.values.replicaCount, gw.values.podDisruptionBudget]).toEqual([1, {}]);
  });
});

describe('GitOpsRepo: the Istio installation', () => {
  function tmp(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), 'istio-install-'));
  }
  function problems(repo: GitOpsRepo): string[] {
    try {
      repo.synth({ printSummary: false });
      return [];
    } catch (e) {
      if (!Errors.isValidationError(e)) throw e;
      return Errors.problemsOf(e).map((p) => p.message);
    }
  }
  const WORKLOAD = { namespace: 'istio-system', selector: { istio: 'ingressgateway' } };

  test('own CA: base, istiod and the gateway before cert-manager and the folders', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: 'https://github.com/acme/gitops.git' });
    new HttpsRedirectGateway(new Chart(repo.addFolder('ingress'), 'ingress'), 'Shop', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: [{ serviceName: 'shop', port: 80 }] });
    const base = repo.addIstioBase();
    const istiod = repo.addIstiod();
    const gw = repo.addIstioGateway();
    repo.addCertManager();
    expect([base.application.syncWave, istiod.application.syncWave, gw.application.syncWave]).toEqual([-2, -1, 0]);
    expect(problems(repo)).toEqual([]);
  });

  test('istio-csr: istiod after istio-csr, the gateway after istiod; a folder of Certificates through the gateway must come later', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: 'https://github.com/acme/gitops.git' });
    const ingress = new Chart(repo.addFolder('ingress'), 'ingress');
    new HttpsRedirectGateway(ingress, 'Shop', { hosts: ['shop.example.com'], workload: WORKLOAD, routes: [{ serviceName: 'shop', port: 80 }] });
    repo.addIstioBase();
    const istiod = repo.addIstiod({ caAddress: 'cert-manager-istio-csr.cert-manager.svc:443' });
    const gw = repo.addIstioGateway();
    expect([istiod.application.syncWave, gw.application.syncWave]).toEqual([5, 6]);
    const found = problems(repo);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/folder ingress has Certificates and the Gateway istio-system\/shop served by istio-ingressgateway \(Application wave 6\)/);
    expect(found[0]).toMatch(/syncWave: 7/);
  });

  test('istiod with caAddress follows the istio-csr Application of the issuer\'s folder; MeshCa\'s istiod (in a folder) and addIstiod() for one cluster are a duplicate release', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: 'https://github.com/acme/gitops.git' });
    const pki = new Chart(repo.addFolder('pki', { syncWave: 5 }), 'pki');
    const issuer = new Issuer(pki, 'MeshCa', { metadata: { name: 'mesh-ca', namespace: 'istio-system' }, config: IssuerConfig.ca({ secretName: 'mesh-ca' }) });
    const csr = repo.addIstioCsr({ issuer });
    const istiod = repo.addIstiod({ caAddress: csr.caAddress });
    expect([csr.application.syncWave, istiod.application.syncWave, repo.addIstioGateway().application.syncWave]).toEqual([6, 7, 8]);
    expect(istiod.values.global.caAddress).toBe('cert-manager-istio-csr.cert-manager.svc:443');
    expect(problems(repo)).toEqual([]);

    const twice = new GitOpsRepo({ outdir: tmp(), repoURL: 'https://github.com/acme/gitops.git' });
    new MeshCa(new Chart(twice.addFolder('mesh'), 'mesh'), 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });
    twice.addIstiod();
    expect(problems(twice).some((m) => /already installs chart "istiod" as this release/.test(m))).toBe(true);
    // the gateway follows the folder whose MeshCa renders istiod
    expect(twice.addIstioGateway().application.syncWave).toBe(GitOpsRepo.FOLDER_WAVE + 1);
  });

  test('an Istio Gateway whose selector no installed gateway matches is an error naming the installed ones', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: 'https://github.com/acme/gitops.git' });
    const chart = new Chart(repo.addFolder('ingress'), 'ingress');
    const gw = new IstioGateway(chart, 'Internal', { metadata: { name: 'internal', namespace: 'istio-system' }, selector: { istio: 'internal-gateway' } });
    gw.addHttpServer({ hosts: ['internal.example.com'] });
    repo.addIstioGateway();
    const found = problems(repo);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('(selector: {"istio":"internal-gateway"})');
    expect(found[0]).toMatch(/no ingress gateway installed by the repository has pods with these labels.*istio-ingressgateway in istio-system \(app: istio-ingressgateway, istio: ingressgateway\)/);
    expect(found[0]).toMatch(/\{"istio":"ingressgateway"\}/);
  });

  test('a folder using Istio\'s kinds in a wave no later than the base chart is an error on its wave', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: 'https://github.com/acme/gitops.git' });
    const chart = new Chart(repo.addFolder('ingress', { syncWave: -3 }), 'ingress');
    new IstioGateway(chart, 'Web', { metadata: { name: 'web', namespace: 'istio-system' }, selector: { istio: 'ingressgateway' } }).addHttpServer({ hosts: ['web.example.com'] });
    repo.addIstioBase();
    const found = problems(repo);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/folder ingress holds Gateway istio-system\/web, whose CRD Istio's base chart \(Application istio-base, wave -2\) installs, and syncs no later/);
    expect(found[0]).toMatch(/\(syncWave: -3\) — give the folder a wave after -2/);
  });

  test('a repository that installs no gateway: selectors are not checked (the gateway comes from elsewhere)', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: 'https://github.com/acme/gitops.git' });
    const chart = new Chart(repo.addFolder('ingress'), 'ingress');
    new IstioGateway(chart, 'Internal', { metadata: { name: 'internal', namespace: 'istio-system' }, selector: { istio: 'internal-gateway' } }).addHttpServer({ hosts: ['internal.example.com'] });
    expect(problems(repo)).toEqual([]);
  });
});
