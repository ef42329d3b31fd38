import { factory } from '../private/factory';
import { DirectoryOptions, GitSourceOptions, HelmSourceOptions } from './application-source-options';
import { checkGitSource, checkHelmSource } from './private/source-input';

/** The kind of an Application source. */
export enum ApplicationSourceType {
  /** Plain manifests (or Kustomize / Helm chart) from a Git repository path. */
  GIT = 'Git',
  /** A chart from a Helm repository (HTTP or OCI). */
  HELM = 'Helm',
}

/**
 * Where an Application's manifests come from: `ApplicationSource.git()` or `ApplicationSource.helm()`.
 *
 * The factories check their input; a problem is reported by the Application (or
 * ApplicationSet) the source is given to, with its path and the field (`source.path`).
 */
export class ApplicationSource {
  /** Manifests from a path of a Git repository. */
  public static git(options: GitSourceOptions): ApplicationSource {
    return factory('ApplicationSource.git', ApplicationSource, () => {
      const o = checkGitSource('ApplicationSource.git', options);
      return new ApplicationSource(ApplicationSourceType.GIT, o.repoURL, o.targetRevision, { path: o.path, directory: o.directory }, []);
    });
  }

  /** A chart from a Helm repository, at an exact version. */
  public static helm(options: HelmSourceOptions): ApplicationSource {
    return factory('ApplicationSource.helm', ApplicationSource, () => {
      const o = checkHelmSource('ApplicationSource.helm', options);
      return new ApplicationSource(ApplicationSourceType.HELM, options.repoURL, options.targetRevision, {
        chart: options.chart,
        releaseName: options.releaseName,
        values: o.values,
        skipCrds: options.skipCrds,
      }, o.notes);
    });
  }

  /** Repository path (Git sources). */
  public readonly path?: string;
  /** Directory options (Git sources). */
  public readonly directory?: DirectoryOptions;
  /** Chart name (Helm sources). */
  public readonly chart?: string;
  /** Release name (Helm sources), if set. */
  public readonly releaseName?: string;
  /** Helm values (Helm sources; a copy), if set. */
  public readonly values?: { [key: string]: any };
  /** Whether CRDs are skipped (Helm sources), if set. */
  public readonly skipCrds?: boolean;
  /**
   * Warnings recorded on the Application that uses the source.
   *
   * @internal
   */
  public readonly _notes: string[];

  private constructor(
    /** Git or Helm. */
    public readonly type: ApplicationSourceType,
    /** Repository URL. */
    public readonly repoURL: string,
    /** Revision: Git branch / tag / commit, or the exact chart version. */
    public readonly targetRevision: string,
    parts: { path?: string; directory?: DirectoryOptions; chart?: string; releaseName?: string; values?: { [key: string]: any }; skipCrds?: boolean },
    notes: string[],
  ) {
    this.path = parts.path;
    this.directory = parts.directory;
    this.chart = parts.chart;
    this.releaseName = parts.releaseName;
    this.values = parts.values;
    this.skipCrds = parts.skipCrds;
    this._notes = notes;
  }
}
