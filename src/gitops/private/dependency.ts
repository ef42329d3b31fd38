// Shared parts of the dependency Applications (cert-manager, trust-manager, istio-csr).
import { Duration } from 'cdk8s';
import { fail, Where } from '../../validation/error';
import { ApplicationDestination, SyncPolicy, SyncRetry } from '../sync-policy';

/**
 * Automated sync with prune and self-heal; the namespace is created; server-side apply (chart
 * CRDs exceed the 256 KiB last-applied annotation of client-side apply); ignored differences
 * are respected by syncs too.
 */
export function dependencySyncPolicy(retry: SyncRetry | undefined): SyncPolicy {
  return {
    automated: { prune: true, selfHeal: true },
    syncOptions: ['CreateNamespace=true', 'ServerSideApply=true', 'RespectIgnoreDifferences=true'],
    retry: retry ?? { limit: 10, backoffDuration: Duration.seconds(10), backoffFactor: 2, backoffMaxDuration: Duration.minutes(5) },
  };
}

/** The destination with the component's namespace (a different one given by the user is an error). */
export function resolveDestination(where: Where, d: ApplicationDestination | undefined, namespace: string): ApplicationDestination {
  if (d !== undefined && d !== null && typeof d === 'object' && d.namespace !== undefined && d.namespace !== namespace) {
    fail(where, 'destination.namespace', d.namespace, `the chart is installed into namespace "${namespace}"`, 'set the namespace prop instead, or leave destination.namespace out');
  }
  return { ...(d ?? {}), namespace };
}
