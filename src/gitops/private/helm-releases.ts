// One Helm release per chart, cluster and namespace (not exported from the package): two
// Applications installing the same release would own the same objects and undo each other's
// syncs (and prune each other's resources).
import { IConstruct } from 'constructs';
import { describeProblem } from '../../validation/error';
import { ApplicationSource, ApplicationSourceType } from '../application-source';
import { ApplicationDestination } from '../sync-policy';

/** Registry (`private/registry`) of Applications by Helm release. */
export const HELM_RELEASE_REGISTRY = 'gitops.HelmRelease';

/** What the check reads from an Application. */
export interface HelmReleaseOwner extends IConstruct {
  readonly name: string;
  readonly source: ApplicationSource;
  readonly destination: ApplicationDestination;
}

/** `cluster|namespace|chart|release` of a Helm Application, or undefined for Git sources. */
export function helmReleaseKey(app: HelmReleaseOwner): string | undefined {
  const s = app.source;
  if (s.type !== ApplicationSourceType.HELM) return undefined;
  const d = app.destination;
  const cluster = d.name !== undefined ? `name=${d.name}` : `server=${d.server ?? ''}`;
  return [cluster, d.namespace ?? '', s.chart ?? '', s.releaseName ?? app.name].join('|');
}

/** The problem reported on `app` when `first` already installs the same release. */
export function duplicateReleaseProblem(app: HelmReleaseOwner, first: HelmReleaseOwner): string {
  const s = app.source;
  const d = app.destination;
  const where = `namespace "${d.namespace ?? ''}" of cluster ${d.name !== undefined ? `"${d.name}"` : d.server}`;
  const istioCsr = s.chart === 'cert-manager-istio-csr'
    ? '; MeshCa in istio-csr mode already installs istio-csr with values derived from the mesh, so do not also use GitOpsRepo.addIstioCsr() / IstioCsrApplication for that cluster'
    : '';
  return describeProblem('source.helm.releaseName', s.releaseName ?? app.name,
    `another Application (${first.node.path}) already installs chart "${s.chart}" as this release into ${where}: both would own the same objects and undo (and prune) each other's syncs`,
    `keep one of the two Applications${istioCsr}`);
}
