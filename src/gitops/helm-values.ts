import { ApiObjectMetadata, Size } from 'cdk8s';
import { ApplicationDestination, SyncRetry } from './sync-policy';

/** CPU and memory of one chart component's container. */
export interface ComponentResources {
  /**
   * CPU request in millicores.
   *
   * @default - none
   */
  readonly cpuRequestMillis?: number;
  /**
   * Memory request.
   *
   * @default - none
   */
  readonly memoryRequest?: Size;
  /**
   * CPU limit in millicores.
   *
   * @default - none
   */
  readonly cpuLimitMillis?: number;
  /**
   * Memory limit.
   *
   * @default - none
   */
  readonly memoryLimit?: Size;
}

/** Replicas, resources and disruption budget of one chart component. */
export interface ChartComponentOptions {
  /**
   * Number of replicas (the components elect a leader; more replicas make failover fast).
   *
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Container resources.
   *
   * @default - the high-availability values of the cert-manager + Istio guide for this component
   */
  readonly resources?: ComponentResources;
  /**
   * Create a PodDisruptionBudget with `minAvailable: 1`, so a node drain never takes the last
   * replica. Needs at least 2 replicas (with one, the budget would block every drain).
   *
   * @default - true when replicas > 1
   */
  readonly podDisruptionBudget?: boolean;
}

/** How Prometheus finds a chart's metrics endpoint. */
export enum MetricsScraping {
  /** No metrics configuration. */
  NONE = 'None',
  /** `prometheus.io/*` annotations on the pods (Prometheus' kubernetes-pods scrape job). */
  ANNOTATIONS = 'Annotations',
  /** A prometheus-operator `ServiceMonitor` (needs the operator's CRDs in the cluster). */
  SERVICE_MONITOR = 'ServiceMonitor',
  /** A prometheus-operator `PodMonitor` (cert-manager only). */
  POD_MONITOR = 'PodMonitor',
}

/** What every dependency Application (cert-manager, trust-manager, istio-csr) takes. */
export interface HelmApplicationOptions {
  /**
   * Metadata of the Application.
   *
   * @default - named after the chart, in namespace `argocd`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The AppProject.
   *
   * @default 'default'
   */
  readonly project?: string;
  /**
   * The cluster to install into (`server` or `name`); the namespace is the component's.
   *
   * @default - the cluster Argo CD runs in
   */
  readonly destination?: ApplicationDestination;
  /**
   * Exact chart version.
   *
   * @default - the version this library was tested with
   */
  readonly chartVersion?: string;
  /**
   * Helm repository.
   *
   * @default 'https://charts.jetstack.io'
   */
  readonly repoURL?: string;
  /**
   * Sync wave of the Application in the app-of-apps.
   *
   * @default - wave 0 (`GitOpsRepo` sets the order: cert-manager, trust-manager, your folders, istio-csr)
   */
  readonly syncWave?: number;
  /**
   * Retries of failed syncs.
   *
   * @default - 10 retries, backoff from 10s doubling up to 5m
   */
  readonly retry?: SyncRetry;
  /**
   * More chart values, deep-merged over the typed ones (objects merge; arrays and scalars
   * replace). Reference credentials by Secret name only: values are committed to Git.
   *
   * @default - none
   */
  readonly extraValues?: { [key: string]: any };
}
