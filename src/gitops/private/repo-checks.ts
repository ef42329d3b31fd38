// The checks of a GitOps repository as a whole, over the models of all its folders (not
// exported from the package): construct checks of the repository, which alone knows which
// apps are its folders.
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ModelSource } from '../../core/contributions';
import { declareToModel } from '../../core/declare';
import { ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj } from '../../private/wire';
import { helmReleaseKey, reportDuplicateRelease } from './application-checks';
import { syncWaveOf } from './argocd';
import { certManagerInstallations, reportFeatureGates } from './cert-manager-feature-gates';
import { gatewayApiCrdInstallers, installsCertManagerWithGatewayApi, lateCrdsProblem } from './gateway-api-crds';
import { checkGatewaySelectors, checkIstioCrdOrder } from './istio-install-checks';

/** What the checks read of the repository (GitOpsRepo implements it). */
export interface RepoView {
  /** The app of apps. */
  readonly appOfApps: App;
  /** The folder apps, as added so far. */
  folderApps(): App[];
  /** Whether cert-manager's Gateway API support is on; undefined when the repository does not install cert-manager. */
  certManagerGatewayApi(): boolean | undefined;
  /** Whether cert-manager's gateway-shim for ListenerSets is on; undefined when the repository does not install cert-manager. */
  certManagerListenerSets(): boolean | undefined;
}

/** Attach the repository's checks to its app of apps (construct `GitOpsRepo`). */
export function checkRepo(appOfApps: App, repo: RepoView): void {
  const at = new Construct(appOfApps, 'GitOpsRepo');
  declareToModel(at, {
    check: (_model, report, models) => {
      duplicateReleases(repo, report, models);
      gatewayApiSupport(at, repo, report, models);
      listenerSetSupport(at, repo, report, models);
      featureGates(repo, report, models);
      checkIstioCrdOrder(repo, report, models);
      checkGatewaySelectors(repo, report, models);
      gatewayApiCrdsInFolders(repo, report, models);
    },
  });
}

/**
 * The same Helm release installed by Applications of different folders (e.g. istio-csr by
 * a MeshCa in a folder and by addIstioCsr() in the app of apps). Duplicates within one
 * folder are reported by the folder's own check (`gitops/applications`).
 */
function duplicateReleases(repo: RepoView, report: Reporter, models: ModelSource): void {
  const first = new Map<string, { app: ModelObject; folder: IConstruct }>();
  for (const folder of [repo.appOfApps, ...repo.folderApps()]) {
    for (const app of models.modelOf(folder).ofKind('argoproj.io', 'Application')) {
      const key = helmReleaseKey(app);
      if (key === undefined) continue;
      const seen = first.get(key);
      if (!seen) first.set(key, { app, folder });
      else if (seen.folder !== folder) reportDuplicateRelease(report, app, seen.app);
    }
  }
}

/** Folders using cert-manager's Gateway API support while the repository installs cert-manager without it. */
function gatewayApiSupport(at: IConstruct, repo: RepoView, report: Reporter, models: ModelSource): void {
  if (repo.certManagerGatewayApi() !== false) return;
  const needing = repo.folderApps()
    .filter((a) => models.modelOf(a).rendered.some((r) => usesGatewayApi(r.group, r.kind, r.json)))
    .map((a) => path.basename(a.outdir));
  if (needing.length === 0) return;
  report.error(at, 'gatewayApi', false,
    `folder(s) ${needing.join(', ')} use gatewayHTTPRoute HTTP-01 solvers or gateway-shim annotations, which cert-manager ignores without its Gateway API support`,
    'pass gatewayApi: true to addCertManager(), or call addCertManager() after building the folders');
}

/** Certificates of the folders using fields the cert-manager of the app of apps has gated off. */
function featureGates(repo: RepoView, report: Reporter, models: ModelSource): void {
  const installed = certManagerInstallations(models.modelOf(repo.appOfApps).ofKind('argoproj.io', 'Application').filter((a) => !a.external));
  if (installed.length === 0) return;
  for (const folder of repo.folderApps()) {
    reportFeatureGates(installed, models.modelOf(folder).ofKind('cert-manager.io', 'Certificate').filter((c) => !c.external), report);
  }
}

/** Folders handing ListenerSets to cert-manager's gateway-shim while the repository installs cert-manager without its ListenerSet shim. */
function listenerSetSupport(at: IConstruct, repo: RepoView, report: Reporter, models: ModelSource): void {
  if (repo.certManagerListenerSets() !== false) return;
  const needing = repo.folderApps()
    .filter((a) => models.modelOf(a).rendered.some((r) => isShimListenerSet(r.group, r.kind, r.json)))
    .map((a) => path.basename(a.outdir));
  if (needing.length === 0) return;
  report.error(at, 'listenerSets', false,
    `folder(s) ${needing.join(', ')} annotate ListenerSets for cert-manager's gateway-shim (cert-manager.io/issuer or cluster-issuer), which cert-manager ignores without its alpha feature gate ListenerSets and config.gatewayAPI.enableListenerSet, so their listener certificates are never issued`,
    'pass listenerSets: true to addCertManager(), or call addCertManager() after building the folders');
}

/**
 * Folders installing the Gateway API CRDs synced after a cert-manager of the app of apps that
 * needs them at start-up (within one app, `gitops/gateway-api-crds-before-cert-manager` compares
 * the objects' own waves; a folder's objects all come with its Application's wave).
 */
function gatewayApiCrdsInFolders(repo: RepoView, report: Reporter, models: ModelSource): void {
  const appOfApps = models.modelOf(repo.appOfApps).ofKind('argoproj.io', 'Application');
  const certManagers = appOfApps.filter(installsCertManagerWithGatewayApi);
  if (certManagers.length === 0) return;
  for (const folder of repo.folderApps()) {
    const installers = gatewayApiCrdInstallers(models.modelOf(folder));
    const name = path.basename(folder.outdir);
    const folderApp = appOfApps.find((a) => a.name === name);
    if (installers.length === 0 || !folderApp) continue;
    const wave = syncWaveOf(folderApp);
    for (const cm of certManagers) {
      const cmWave = syncWaveOf(cm);
      if (wave <= cmWave) continue;
      const what = installers.slice(0, 3).map((i) => `${i.kind} "${i.name}"`).join(', ') + (installers.length > 3 ? `, … (${installers.length})` : '');
      report.error(folderApp, 'syncWave', wave, lateCrdsProblem(`folder ${name} (${what})`, wave, cm, cmWave),
        `sync the folder in wave ${cmWave} or earlier (GitOpsRepo.addFolder('${name}', { syncWave: ${cmWave - 1} })), or install the CRDs with the cluster`);
    }
  }
}

/**
 * Whether an app built so far needs cert-manager's Gateway API support, for the default of
 * `addCertManager()` (only issuers, Gateways and ListenerSets are rendered; the synth-time
 * checks above see objects added later).
 */
export function needsGatewayApi(app: App): boolean {
  return someApiObject(app, usesGatewayApi);
}

/** Whether an app built so far hands ListenerSets to cert-manager's gateway-shim, for the default of `addCertManager()`. */
export function needsListenerSets(app: App): boolean {
  return someApiObject(app, isShimListenerSet);
}

/** Whether some ApiObject of `app` (a Gateway, ListenerSet or issuer, as rendered so far) satisfies `test`. */
function someApiObject(app: App, test: (group: string, kind: string, json: any) => boolean): boolean {
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const group = c.apiVersion.split('/')[0];
    if (group === 'gateway.networking.k8s.io' && (c.kind === 'Gateway' || c.kind === 'ListenerSet')) {
      if (test(group, c.kind, { metadata: c.metadata.toJson() })) return true;
    } else if (group === 'cert-manager.io' && (c.kind === 'Issuer' || c.kind === 'ClusterIssuer')) {
      let json: any;
      try {
        json = c.toJson();
      } catch {
        continue; // invalid issuers report themselves at synth
      }
      if (test(group, c.kind, json)) return true;
    }
  }
  return false;
}

/** A gateway-shim annotation on a Gateway API Gateway or ListenerSet, or a `gatewayHTTPRoute` solver of an issuer. */
function usesGatewayApi(group: string, kind: string, json: any): boolean {
  if (group === 'gateway.networking.k8s.io' && (kind === 'Gateway' || kind === 'ListenerSet')) return hasShimAnnotation(json);
  if (group === 'cert-manager.io' && (kind === 'Issuer' || kind === 'ClusterIssuer')) {
    return arr(obj(obj(json?.spec).acme).solvers).some((s) => obj(obj(s).http01).gatewayHTTPRoute !== undefined);
  }
  return false;
}

/** A Gateway API ListenerSet annotated for the gateway-shim. */
function isShimListenerSet(group: string, kind: string, json: any): boolean {
  return group === 'gateway.networking.k8s.io' && kind === 'ListenerSet' && hasShimAnnotation(json);
}

/** The gateway-shim's trigger annotations (cert-manager's hasShimAnnotation). */
function hasShimAnnotation(json: any): boolean {
  const a = obj(json?.metadata?.annotations);
  return a['cert-manager.io/issuer'] !== undefined || a['cert-manager.io/cluster-issuer'] !== undefined;
}
