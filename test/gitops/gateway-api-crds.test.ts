// cert-manager with Gateway API support needs the Gateway API CRDs when its controller starts:
// cert-manager v1.21.1 pkg/controller/context.go returns "the Gateway API CRDs do not seem to
// be present, but ExperimentalGatewayAPISupport is set to true. Please install the gateway-api
// CRDs." and the controller exits (crash loop). The CRDs must not come from a later sync wave
// than the cert-manager Application (issue #15, 7d).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Application, ApplicationSource, CertManagerApplication, GitOpsRepo } from '../../src/gitops';
import { installsCertManagerWithGatewayApi } from '../../src/gitops/private/gateway-api-crds';
import { AppModel } from '../../src/core/model';
import { buildModel } from '../../src/core/build';
import { expectSynthFailure, synthErrors } from '../util/expect';

const REPO = 'https://github.com/acme/platform-gitops.git';
const GATEWAY_API = 'https://github.com/kubernetes-sigs/gateway-api';

/** A Gateway API CRD as the standard channel ships it (trimmed to what the check reads and the API server requires). */
function gatewayApiCrd(scope: Chart, id: string, plural: string, kind: string, syncWave?: number): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.gateway.networking.k8s.io`, ...(syncWave !== undefined ? { annotations: { 'argocd.argoproj.io/sync-wave': String(syncWave) } } : {}) },
    spec: {
      group: 'gateway.networking.k8s.io', scope: 'Namespaced', names: { plural, kind, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  });
}

function crdApplication(scope: Chart, syncWave: number): Application {
  return new Application(scope, 'GatewayApiCrds', {
    metadata: { name: 'gateway-api-crds' },
    source: ApplicationSource.git({ repoURL: GATEWAY_API, path: 'config/crd/standard', targetRevision: 'v1.6.1' }),
    destination: { server: 'https://kubernetes.default.svc' },
    syncWave,
  });
}

function model(app: App): AppModel {
  return buildModel(app).model;
}

describe('Gateway API CRDs and cert-manager with Gateway API support', () => {
  test('an Application syncing the CRDs after cert-manager fails the synth, naming its wave and cert-manager\'s', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'argocd', { namespace: 'argocd' });
    new CertManagerApplication(chart, 'CertManager', { gatewayApi: true, syncWave: 1 });
    crdApplication(chart, 2);
    expectSynthFailure(app, {
      path: 'argocd/GatewayApiCrds', field: 'syncWave', value: '2',
      problem: 'Application "gateway-api-crds" installs the Gateway API CRDs in sync wave 2, after the cert-manager Application "cert-manager" (wave 1), which runs with Gateway API support: cert-manager checks for the CRDs when it starts and exits without them (pkg/controller/context.go)',
      fix: 'sync the Gateway API CRDs in wave 1 or earlier (cert-manager\'s is 1), or install them with the cluster',
    });
  });

  test('CRDs in cert-manager\'s wave or earlier pass; so do late CRDs when cert-manager runs without Gateway API support', () => {
    for (const wave of [0, 1]) {
      const app = Testing.app();
      const chart = new Chart(app, 'argocd', { namespace: 'argocd' });
      new CertManagerApplication(chart, 'CertManager', { gatewayApi: true, syncWave: 1 });
      crdApplication(chart, wave);
      gatewayApiCrd(chart, 'HttpRoutes', 'httproutes', 'HTTPRoute', wave);
      expect(synthErrors(app)).toEqual([]);
    }
    const app = Testing.app();
    const chart = new Chart(app, 'argocd', { namespace: 'argocd' });
    new CertManagerApplication(chart, 'CertManager', { syncWave: 1 });
    crdApplication(chart, 5);
    expect(synthErrors(app)).toEqual([]);
  });

  test('CRD objects in a later wave than cert-manager in the same app fail', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'argocd', { namespace: 'argocd' });
    new CertManagerApplication(chart, 'CertManager', { gatewayApi: true, syncWave: 1 });
    gatewayApiCrd(chart, 'Gateways', 'gateways', 'Gateway', 3);
    expectSynthFailure(app, {
      path: 'argocd/Gateways', field: 'metadata.annotations["argocd.argoproj.io/sync-wave"]', value: '3',
      problem: 'CustomResourceDefinition "gateways.gateway.networking.k8s.io" installs the Gateway API CRDs in sync wave 3',
      fix: /^sync the Gateway API CRDs in wave 1 or earlier/,
    });
  });

  test('GitOpsRepo: a folder holding the CRDs synced after cert-manager fails on its folder Application; wave 0 passes', () => {
    const build = (syncWave?: number) => {
      const repo = new GitOpsRepo({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-api-crds-')), repoURL: REPO });
      gatewayApiCrd(new Chart(repo.addFolder('gateway-api', syncWave !== undefined ? { syncWave } : {}), 'gateway-api'), 'HttpRoutes', 'httproutes', 'HTTPRoute');
      repo.addCertManager({ gatewayApi: true });
      return repo;
    };
    const late = build();
    expectSynthFailure(late.appOfApps, {
      path: 'argocd/gateway-api', field: 'syncWave', value: '3',
      problem: 'folder gateway-api (CustomResourceDefinition "httproutes.gateway.networking.k8s.io") installs the Gateway API CRDs in sync wave 3, after the cert-manager Application "cert-manager" (wave 1)',
      fix: 'sync the folder in wave 1 or earlier (GitOpsRepo.addFolder(\'gateway-api\', { syncWave: 0 })), or install the CRDs with the cluster',
    });
    const early = build(0);
    for (const app of early.apps) expect(synthErrors(app)).toEqual([]);
  });
});

describe('which Applications run cert-manager with Gateway API support', () => {
  const certManagerApp = (helm: any) => {
    const app = Testing.app();
    const chart = new Chart(app, 'argocd', { namespace: 'argocd' });
    new ApiObject(chart, 'Cm', {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'cm' },
      spec: { project: 'default', source: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: 'v1.21.1', helm }, destination: { server: 'https://kubernetes.default.svc', namespace: 'cert-manager' } },
    });
    return model(app).ofKind('argoproj.io', 'Application')[0];
  };
  // chart values (deploy/charts/cert-manager/values.yaml `config`, `extraArgs`) and the
  // controller flag (cmd/controller/app/options/options.go --enable-gateway-api)
  test.each([
    [{ valuesObject: { config: { gatewayAPI: { enabled: true } } } }, true],
    [{ valuesObject: { config: { enableGatewayAPI: true } } }, true], // deprecated, still read (v1alpha1 defaults.go)
    [{ valuesObject: { extraArgs: ['--enable-gateway-api'] } }, true],
    [{ parameters: [{ name: 'config.gatewayAPI.enabled', value: 'true' }] }, true],
    [{ valuesObject: { config: { gatewayAPI: { enabled: false } } } }, false],
    [{ valuesObject: { crds: { enabled: true } } }, false],
    [undefined, false],
  ])('%j → %s', (helm, expected) => expect(installsCertManagerWithGatewayApi(certManagerApp(helm))).toBe(expected));
});
