// The options of the ApplicationSource factories.

/** Directory options of a Git source. */
export interface DirectoryOptions {
  /**
   * Read manifests from subdirectories too.
   *
   * @default false
   */
  readonly recurse?: boolean;
  /**
   * Glob of files to include, e.g. `*.yaml` or `{a.yaml,b.yaml}`.
   *
   * @default - all manifests
   */
  readonly include?: string;
  /**
   * Glob of files to exclude.
   *
   * @default - none
   */
  readonly exclude?: string;
}

/** A Git source. */
export interface GitSourceOptions {
  /** Repository URL (`https://github.com/org/repo.git`, `git@github.com:org/repo.git`). */
  readonly repoURL: string;
  /** Directory in the repository, relative (`dist/platform`, `.` for the root). */
  readonly path: string;
  /**
   * Branch, tag or commit.
   *
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Directory options (plain manifests only).
   *
   * @default - Argo CD's defaults (no recursion)
   */
  readonly directory?: DirectoryOptions;
}

/** A Helm chart source. */
export interface HelmSourceOptions {
  /** Helm repository URL (`https://charts.jetstack.io`, or an OCI registry such as `quay.io/jetstack/charts`). */
  readonly repoURL: string;
  /** Chart name, e.g. `cert-manager`. */
  readonly chart: string;
  /** Exact chart version, e.g. `v1.21.1` (ranges are refused: GitOps output must be reproducible). */
  readonly targetRevision: string;
  /**
   * Helm release name.
   *
   * @default - the Application's name
   */
  readonly releaseName?: string;
  /**
   * Helm values, rendered as `helm.valuesObject`. Reference credentials (existing Secret names),
   * never put them here: the values end up in Git.
   *
   * @default - the chart's defaults
   */
  readonly values?: { [key: string]: any };
  /**
   * Skip the chart's CRDs (`helm --skip-crds`).
   *
   * @default false
   */
  readonly skipCrds?: boolean;
}
