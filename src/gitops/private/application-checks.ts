// Argo CD Applications over the wire form (not exported from the package): one Application per
// name, one Helm release per chart, cluster and namespace — two Applications installing the same
// release would own the same objects and undo (and prune) each other's syncs.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { obj, str } from '../../private/wire';

const ARGO = 'argoproj.io';

/** `cluster|namespace|chart|release` of a Helm Application, or undefined for other sources. */
export function helmReleaseKey(app: ModelObject): string | undefined {
  const spec = obj(app.json?.spec);
  const source = obj(spec.source);
  const chart = str(source.chart);
  if (chart === undefined) return undefined;
  const d = obj(spec.destination);
  const cluster = str(d.name) !== undefined ? `name=${d.name}` : `server=${str(d.server) ?? ''}`;
  return [cluster, str(d.namespace) ?? '', chart, str(obj(source.helm).releaseName) ?? app.name].join('|');
}

/** Report on `app` that `first` already installs the same Helm release. */
export function reportDuplicateRelease(report: Reporter, app: ModelObject, first: ModelObject): void {
  const spec = obj(app.json?.spec);
  const source = obj(spec.source);
  const d = obj(spec.destination);
  const chart = str(source.chart);
  const where = `namespace "${str(d.namespace) ?? ''}" of cluster ${str(d.name) !== undefined ? `"${d.name}"` : str(d.server)}`;
  const istioCsr = chart === 'cert-manager-istio-csr'
    ? '; MeshCa in istio-csr mode already installs istio-csr with values derived from the mesh, so do not also use GitOpsRepo.addIstioCsr() / IstioCsrApplication for that cluster'
    : '';
  report.error(app, 'spec.source.helm.releaseName', str(obj(source.helm).releaseName) ?? app.name,
    `another Application (${first.path}) already installs chart "${chart}" as this release into ${where}: both would own the same objects and undo (and prune) each other's syncs`,
    `keep one of the two Applications${istioCsr}`);
}

function checkApplications(model: AppModel, report: Reporter): void {
  const byName = new Map<string, ModelObject>();
  const byRelease = new Map<string, ModelObject>();
  for (const app of model.ofKind(ARGO, 'Application')) {
    if (app.external) continue;
    const name = `${app.cluster}/${app.namespace}/${app.name}`;
    const sameName = byName.get(name);
    if (sameName) {
      report.error(app, 'metadata.name', app.name, `another Application (${sameName.path}) has this name in namespace "${app.namespace}"`, 'give each Application its own name');
    } else {
      byName.set(name, app);
    }
    const release = helmReleaseKey(app);
    if (release === undefined) continue;
    const first = byRelease.get(release);
    if (first) reportDuplicateRelease(report, app, first);
    else byRelease.set(release, app);
  }
}

registerChecks({ id: 'gitops/applications', check: checkApplications });
