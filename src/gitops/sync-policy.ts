import { Duration } from 'cdk8s';

/** The cluster and namespace an Application deploys to. Exactly one of `server` and `name`. */
export interface ApplicationDestination {
  /**
   * API server URL of the target cluster.
   *
   * @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in) when `name` is not set
   */
  readonly server?: string;
  /**
   * Name of a cluster registered in Argo CD (instead of `server`).
   *
   * @default - use `server`
   */
  readonly name?: string;
  /**
   * Namespace for namespaced resources that do not set one.
   *
   * @default - resources must carry their own namespace
   */
  readonly namespace?: string;
}

/** Automated sync. */
export interface AutomatedSync {
  /**
   * Delete resources that are no longer in the source.
   *
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Revert changes made in the cluster.
   *
   * @default false
   */
  readonly selfHeal?: boolean;
  /**
   * Allow the sync to leave the Application with no resources.
   *
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** Retries of failed syncs. */
export interface SyncRetry {
  /**
   * Number of retries; negative means unlimited, 0 none.
   *
   * @default - Argo CD's default (5 in recent versions)
   */
  readonly limit?: number;
  /**
   * First backoff.
   *
   * @default - Argo CD's default (5s)
   */
  readonly backoffDuration?: Duration;
  /**
   * Factor the backoff grows by after each retry (an integer ≥ 1).
   *
   * @default - Argo CD's default (2)
   */
  readonly backoffFactor?: number;
  /**
   * Longest backoff.
   *
   * @default - Argo CD's default (3m)
   */
  readonly backoffMaxDuration?: Duration;
  /**
   * Retry with the latest revision instead of the one that failed.
   *
   * @default false
   */
  readonly refresh?: boolean;
}

/** Labels and annotations of the namespace created by `CreateNamespace=true`. */
export interface ManagedNamespaceMetadata {
  /**
   * Namespace labels (e.g. `istio-injection: enabled`).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Namespace annotations.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** How and when Argo CD syncs an Application. */
export interface SyncPolicy {
  /**
   * Sync automatically when the source or the cluster changes.
   *
   * @default - manual sync
   */
  readonly automated?: AutomatedSync;
  /**
   * Sync options, each `Key=Value`, e.g. `CreateNamespace=true`, `ServerSideApply=true`,
   * `SkipDryRunOnMissingResource=true`.
   *
   * @default - none
   */
  readonly syncOptions?: string[];
  /**
   * Retry failed syncs.
   *
   * @default - no retries configured
   */
  readonly retry?: SyncRetry;
  /**
   * Metadata of the destination namespace when `CreateNamespace=true`.
   *
   * @default - none
   */
  readonly managedNamespaceMetadata?: ManagedNamespaceMetadata;
}

/** Fields of live resources Argo CD ignores when diffing (`spec.ignoreDifferences`). */
export interface IgnoreDifference {
  /**
   * API group of the resources; `""` for core kinds.
   *
   * @default '' (core)
   */
  readonly group?: string;
  /** Kind of the resources, e.g. `ValidatingWebhookConfiguration`. */
  readonly kind: string;
  /**
   * Only the resource with this name.
   *
   * @default - every resource of the kind
   */
  readonly name?: string;
  /**
   * Only resources in this namespace.
   *
   * @default - every namespace
   */
  readonly namespace?: string;
  /**
   * JSON pointers (RFC 6901) of ignored fields, e.g. `/webhooks/0/clientConfig/caBundle`.
   *
   * @default - none
   */
  readonly jsonPointers?: string[];
  /**
   * jq paths of ignored fields, e.g. `.webhooks[]?.clientConfig.caBundle`.
   *
   * @default - none
   */
  readonly jqPathExpressions?: string[];
  /**
   * Field managers whose changes are ignored (e.g. `kube-controller-manager`).
   *
   * @default - none
   */
  readonly managedFieldsManagers?: string[];
}
