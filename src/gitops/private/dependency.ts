// Shared parts of the dependency Applications (cert-manager, trust-manager, istio-csr, Istio): each
// composes one Application and checks its own props; whatever concerns the whole app (two
// Applications installing the same release) is checked over the model (application-checks.ts).
import { Construct } from 'constructs';
import { checkNamespaceName } from '../../private/fields';
import { fail, Where } from '../../validation/error';
import { Application } from '../application';
import { ApplicationSource } from '../application-source';
import { HelmApplicationOptions } from '../helm-values';
import { RecommendedIgnoreDifferences } from '../recommended-ignore-differences';
import { ApplicationDestination, IgnoreDifference, SyncPolicy, SyncRetry } from '../sync-policy';
import { DEFAULT_RETRY } from './argocd';
import { checkChartVersion, checkHelmRepoURL, checkHelmValues } from './source-input';

/** The Helm repository of cert-manager, trust-manager and istio-csr. */
export const JETSTACK_CHARTS = 'https://charts.jetstack.io';

/**
 * Automated sync with prune and self-heal; the namespace is created; server-side apply (chart
 * CRDs exceed the 256 KiB last-applied annotation of client-side apply); ignored differences
 * are respected by syncs too.
 */
export function dependencySyncPolicy(retry: SyncRetry | undefined): SyncPolicy {
  return {
    automated: { prune: true, selfHeal: true },
    syncOptions: ['CreateNamespace=true', 'ServerSideApply=true', 'RespectIgnoreDifferences=true'],
    retry: retry ?? DEFAULT_RETRY,
  };
}

/** The destination with the component's namespace (a different one given by the user is an error). */
export function resolveDestination(where: Where, d: ApplicationDestination | undefined, namespace: string): ApplicationDestination {
  if (d !== undefined && d !== null && typeof d === 'object' && d.namespace !== undefined && d.namespace !== namespace) {
    fail(where, 'destination.namespace', d.namespace, `the chart is installed into namespace "${namespace}"`, 'set the namespace prop instead, or leave destination.namespace out');
  }
  return { ...(d ?? {}), namespace };
}

/** The chart a dependency Application installs, and the Application's default name. */
export interface DependencyChart {
  /** Default `metadata.name` of the Application. */
  readonly applicationName: string;
  /** Chart name in the Helm repository. */
  readonly chart: string;
  /** Pinned chart version (used unless `chartVersion` is given). */
  readonly version: string;
  /** Helm release name. */
  readonly releaseName: string;
  /** Helm repository (used unless `repoURL` is given). Default: `JETSTACK_CHARTS`. */
  readonly repoURL?: string;
  /** What controllers change after install. Default: `RecommendedIgnoreDifferences.webhookCaBundles()`. */
  readonly ignoreDifferences?: IgnoreDifference[];
}

/**
 * The Application of a dependency chart (construct id `Application` under `scope`): the
 * user's metadata, project, repository, version, destination, retry and wave over the pinned
 * defaults; sync policy and webhook `caBundle` ignores of `dependencySyncPolicy()`.
 */
export function dependencyApplication(scope: Construct, props: HelmApplicationOptions, chart: DependencyChart, namespace: string,
  values: { [key: string]: any }): Application {
  // the source's inputs, checked as the props the user wrote
  checkNamespaceName(scope, 'namespace', namespace);
  const repoURL = checkHelmRepoURL(scope, 'repoURL', props.repoURL ?? chart.repoURL ?? JETSTACK_CHARTS);
  const version = checkChartVersion(scope, 'chartVersion', props.chartVersion ?? chart.version);
  checkHelmValues(scope, 'extraValues', props.extraValues);
  return new Application(scope, 'Application', {
    metadata: { name: chart.applicationName, ...props.metadata },
    project: props.project,
    source: ApplicationSource.helm({ repoURL, chart: chart.chart, targetRevision: version, releaseName: chart.releaseName, values }),
    destination: resolveDestination(scope, props.destination, namespace),
    syncPolicy: dependencySyncPolicy(props.retry),
    ignoreDifferences: chart.ignoreDifferences ?? RecommendedIgnoreDifferences.webhookCaBundles(),
    syncWave: props.syncWave,
  });
}
