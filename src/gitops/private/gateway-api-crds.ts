// The Gateway API CRDs and a cert-manager with Gateway API support, over the wire form (not
// exported from the package). cert-manager looks the CRDs up once, when its controller starts,
// and exits when they are missing (cert-manager v1.21.1 pkg/controller/context.go: "the Gateway
// API CRDs do not seem to be present ... Please install the gateway-api CRDs"): it crash-loops,
// issues no certificate of any kind, and its Application is not healthy. An app of apps
// with the Application health check waits for that health before its next wave, so CRDs
// synced in a later wave never come (without the check, cert-manager crash-loops until they do).
// Where the CRDs come from outside the app (installed with the cluster), the library cannot
// see them: that is the documented prerequisite of `gatewayApi` (docs/gitops.md).
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj, str, strings } from '../../private/wire';
import { SYNC_WAVE_ANNOTATION, syncWaveOf } from './argocd';

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The Gateway API repository: its `config/crd` (a kustomization) and `config/crd/standard|experimental` hold the CRDs. */
const GATEWAY_API_REPO = /^(https:\/\/|git@)github\.com[/:]kubernetes-sigs\/gateway-api(\.git)?\/?$/;

function helmSources(app: ModelObject): any[] {
  const spec = obj(app.json?.spec);
  return [obj(spec.source), ...arr(spec.sources).map(obj)].filter((s) => str(s.chart) !== undefined);
}

/**
 * Whether an Application installs the cert-manager chart with Gateway API support on: chart
 * values `config.gatewayAPI.enabled` (or the deprecated `config.enableGatewayAPI`), or the
 * controller flag `--enable-gateway-api` in `extraArgs` (cmd/controller/app/options/options.go).
 */
export function installsCertManagerWithGatewayApi(app: ModelObject): boolean {
  if (app.group !== 'argoproj.io' || app.kind !== 'Application' || app.json === undefined) return false;
  return helmSources(app).some((s) => {
    if (s.chart !== 'cert-manager') return false;
    const values = obj(obj(s.helm).valuesObject);
    const config = obj(values.config);
    if (obj(config.gatewayAPI).enabled === true || config.enableGatewayAPI === true) return true;
    if (strings(values.extraArgs).some((a) => a === '--enable-gateway-api' || a === '--enable-gateway-api=true')) return true;
    return arr(obj(s.helm).parameters).some((p) => ['config.gatewayAPI.enabled', 'config.enableGatewayAPI'].includes(str(obj(p).name) ?? '') && str(obj(p).value) === 'true');
  });
}

/**
 * The objects of an app that install Gateway API CRDs: CustomResourceDefinitions of the group,
 * and Applications syncing the kubernetes-sigs/gateway-api repository (its `config/crd` kustomizations).
 */
export function gatewayApiCrdInstallers(model: AppModel): ModelObject[] {
  const crds = model.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition').filter((c) => obj(c.json?.spec).group === GATEWAY_API_GROUP);
  const apps = model.ofKind('argoproj.io', 'Application').filter((a) => {
    const spec = obj(a.json?.spec);
    return [obj(spec.source), ...arr(spec.sources).map(obj)].some((s) => GATEWAY_API_REPO.test(str(s.repoURL) ?? '') && (str(s.path) ?? '').startsWith('config/crd'));
  });
  return [...crds, ...apps].filter((o) => !o.external);
}

/** The message of a Gateway API CRD installer synced after a cert-manager that needs the CRDs. */
export function lateCrdsProblem(installer: string, wave: number, certManager: ModelObject, certManagerWave: number): string {
  return `${installer} installs the Gateway API CRDs in sync wave ${wave}, after the cert-manager Application "${certManager.name}" (wave ${certManagerWave}), which runs with Gateway API support: `
    + 'cert-manager checks for the CRDs when it starts and exits without them (pkg/controller/context.go), so it crash-loops and issues no certificate until they come, '
    + 'and a parent Application that waits for cert-manager to turn healthy (the Application health check of ArgoCdHealthChecks) never reaches this wave';
}

/** Installers of the CRDs in the same app as a cert-manager Application with Gateway API support, synced in a later wave. */
function checkCrdOrder(model: AppModel, report: Reporter): void {
  const certManagers = model.ofKind('argoproj.io', 'Application').filter(installsCertManagerWithGatewayApi);
  if (certManagers.length === 0) return;
  const installers = gatewayApiCrdInstallers(model);
  for (const cm of certManagers) {
    const cmWave = syncWaveOf(cm);
    for (const i of installers) {
      const wave = syncWaveOf(i);
      if (wave <= cmWave) continue;
      report.error(i, `metadata.annotations["${SYNC_WAVE_ANNOTATION}"]`, wave,
        lateCrdsProblem(`${i.kind} "${i.name}"`, wave, cm, cmWave),
        `sync the Gateway API CRDs in wave ${cmWave} or earlier (cert-manager's is ${cmWave}), or install them with the cluster`);
    }
  }
}

registerChecks({ id: 'gitops/gateway-api-crds-before-cert-manager', check: checkCrdOrder });
