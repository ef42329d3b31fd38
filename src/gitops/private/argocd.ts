// Argo CD's names the family writes, and the library's defaults (not exported from the package).
import { Duration } from 'cdk8s';
import { ModelObject } from '../../core/model';
import { obj } from '../../private/wire';
import { SyncRetry } from '../sync-policy';

/** Argo CD's namespace, where Applications live unless "apps in any namespace" is enabled. */
export const ARGOCD_NAMESPACE = 'argocd';
/** The cluster Argo CD runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
/** Argo CD's cascading-delete finalizer. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
/** The annotation ordering objects (and Applications in an app of apps) in a sync. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The sync wave Argo CD gives a rendered object (0 without the annotation, or when it is no integer). */
export function syncWaveOf(o: ModelObject): number {
  const w = Number(obj(o.json?.metadata?.annotations)[SYNC_WAVE_ANNOTATION] ?? 0);
  return Number.isInteger(w) ? w : 0;
}

/** Retries of the folder and dependency Applications unless the user gives some. */
export const DEFAULT_RETRY: SyncRetry = { limit: 10, backoffDuration: Duration.seconds(10), backoffFactor: 2, backoffMaxDuration: Duration.minutes(5) };
