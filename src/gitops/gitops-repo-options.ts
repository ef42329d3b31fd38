import { ArgoCdHygieneOptions } from './argocd-hygiene';
import { LetsEncryptBudgetOptions } from './letsencrypt-budget';
import { ApplicationDestination, SyncRetry } from './sync-policy';
import { SyncWavesOptions } from './sync-waves';

/** Properties of `GitOpsRepo`. */
export interface GitOpsRepoProps {
  /**
   * Directory the folders are written to.
   *
   * @default - `CDK8S_OUTDIR` (what `cdk8s synth -o DIR` and `output:` in cdk8s.yaml set), else `dist`
   */
  readonly outdir?: string;
  /** URL of the Git repository Argo CD reads the rendered manifests from. */
  readonly repoURL: string;
  /**
   * Path of `outdir` inside the repository (what the Applications point at).
   *
   * @default 'dist'
   */
  readonly path?: string;
  /**
   * Branch, tag or commit Argo CD follows.
   *
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * The AppProject of every Application.
   *
   * @default 'default'
   */
  readonly project?: string;
  /**
   * Namespace of the Application objects (Argo CD's namespace).
   *
   * @default 'argocd'
   */
  readonly argocdNamespace?: string;
  /**
   * Name of the app-of-apps folder, which holds one Application per folder and the
   * dependency Applications.
   *
   * @default 'argocd'
   */
  readonly appOfAppsFolder?: string;
  /**
   * Where folders deploy unless they say otherwise.
   *
   * @default - the cluster Argo CD runs in
   */
  readonly destination?: ApplicationDestination;
  /**
   * Retries of failed syncs of the folder Applications.
   *
   * @default - 10 retries, backoff from 10s doubling up to 5m
   */
  readonly retry?: SyncRetry;
  /**
   * Check Let's Encrypt's weekly limits over the certificates of all folders together.
   *
   * @default true
   */
  readonly letsEncryptBudget?: boolean;
  /**
   * Limits and warning threshold of the Let's Encrypt check (`apps` is set to the folders).
   *
   * @default - Let's Encrypt's published limits, warnings at 80%
   */
  readonly letsEncryptBudgetOptions?: LetsEncryptBudgetOptions;
}

/** Options of one folder (`GitOpsRepo.addFolder()`). */
export interface GitOpsFolderOptions {
  /**
   * Sync wave of the folder's Application in the app-of-apps.
   *
   * @default GitOpsRepo.FOLDER_WAVE
   */
  readonly syncWave?: number;
  /**
   * Where the folder deploys (e.g. `{ name: 'cluster-b' }` for a cluster registered in Argo CD).
   *
   * @default - the repository's destination
   */
  readonly destination?: ApplicationDestination;
  /**
   * Default namespace of the folder's Application (`destination.namespace`), created by the
   * sync (`CreateNamespace=true`). Objects that name their own namespace keep it.
   *
   * @default - no default namespace; every object carries its own
   */
  readonly namespace?: string;
  /**
   * Name of the cluster the folder renders for (context `cdk8s-istio-tls:cluster`, so that
   * cross-resource checks compare objects of the same cluster only).
   *
   * @default - not set
   */
  readonly cluster?: string;
  /**
   * Write sync waves on the folder's objects (`SyncWaves.apply()`).
   *
   * @default true
   */
  readonly syncWaves?: boolean;
  /**
   * Options of the sync waves.
   *
   * @default - cert-manager's and trust-manager's default namespaces
   */
  readonly syncWavesOptions?: SyncWavesOptions;
  /**
   * Options of the Argo CD checks (`ArgoCdHygiene.apply()`, always applied).
   *
   * @default - SkipDryRunOnMissingResource on every custom resource
   */
  readonly hygiene?: ArgoCdHygieneOptions;
  /**
   * Sync the folder with server-side apply (`ServerSideApply=true`): Argo CD then keeps no copy
   * of each object in the `kubectl.kubernetes.io/last-applied-configuration` annotation, which
   * limits an object to 256 KiB under client-side apply; the API server's request limit
   * (1.5 MiB) remains. The synth checks every object against the limit of the folder's mode.
   *
   * @default false
   */
  readonly serverSideApply?: boolean;
}

/** Options of `GitOpsRepo.synth()`. */
export interface GitOpsRepoSynthOptions {
  /**
   * Print the synth summary (`SynthReport`: host → certificate → issuer → gateway, the Let's
   * Encrypt budget, the largest objects, every warning) to stderr once the files are written.
   * stderr is what `cdk8s synth` shows of an app (it keeps the app's stdout to itself).
   *
   * @default - true, unless the environment variable `CDK8S_ISTIO_TLS_QUIET` is set to
   * anything but "" or "0" (`CDK8S_ISTIO_TLS_QUIET=1 cdk8s synth`)
   */
  readonly printSummary?: boolean;
}
