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

/** What the checks read of the repository (GitOpsRepo implements it). */
export interface RepoView {
  /** The app of apps. */
  readonly appOfApps: App;
  /** The folder apps, as added so far. */
  folderApps(): App[];
  /** Whether cert-manager's Gateway API support is on; undefined when the repository does not install cert-manager. */
  certManagerGatewayApi(): boolean | undefined;
}

/** Attach the repository's checks to its app of apps (construct `GitOpsRepo`). */
export function checkRepo(appOfApps: App, repo: RepoView): void {
  const at = new Construct(appOfApps, 'GitOpsRepo');
  declareToModel(at, {
    check: (_model, report, models) => {
      duplicateReleases(repo, report, models);
      gatewayApiSupport(at, repo, report, models);
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

/**
 * Whether an app built so far needs cert-manager's Gateway API support, for the default of
 * `addCertManager()` (only issuers and Gateways are rendered; the synth-time check above sees
 * objects added later).
 */
export function needsGatewayApi(app: App): boolean {
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const group = c.apiVersion.split('/')[0];
    if (group === 'gateway.networking.k8s.io' && c.kind === 'Gateway') {
      if (usesGatewayApi(group, c.kind, { metadata: c.metadata.toJson() })) return true;
    } else if (group === 'cert-manager.io' && (c.kind === 'Issuer' || c.kind === 'ClusterIssuer')) {
      let json: any;
      try {
        json = c.toJson();
      } catch {
        continue; // invalid issuers report themselves at synth
      }
      if (usesGatewayApi(group, c.kind, json)) return true;
    }
  }
  return false;
}

/** A gateway-shim annotation on a Gateway API Gateway, or a `gatewayHTTPRoute` solver of an issuer. */
function usesGatewayApi(group: string, kind: string, json: any): boolean {
  if (group === 'gateway.networking.k8s.io' && kind === 'Gateway') {
    const a = obj(json?.metadata?.annotations);
    return a['cert-manager.io/issuer'] !== undefined || a['cert-manager.io/cluster-issuer'] !== undefined;
  }
  if (group === 'cert-manager.io' && (kind === 'Issuer' || kind === 'ClusterIssuer')) {
    return arr(obj(obj(json?.spec).acme).solvers).some((s) => obj(obj(s).http01).gatewayHTTPRoute !== undefined);
  }
  return false;
}
