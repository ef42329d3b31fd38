import { fail, Where } from '../validation/error';
import { isTemplated, requireToken } from './checks';

/**
 * An exact SemVer 2 version (Helm 3 chart versions are SemVer), optionally `v`-prefixed. Ranges
 * (`*`, `^1.2`, `~1.2`, `>=1.0`, `1.x`) are what the library refuses: the deployed chart would
 * change without a commit.
 */
const EXACT_SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** Helm release names: DNS-1123 subdomain of at most 53 characters (`helm install` rule). */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Keys whose string values look like credentials in Helm values. */
const SECRET_KEY = /(password|passwd|secret|token|apikey|api_key|privatekey|private_key|credentials?)$/i;

/** The kind of an Application source. */
export enum ApplicationSourceType {
  /** Plain manifests (or Kustomize / Helm chart) from a Git repository path. */
  GIT = 'Git',
  /** A chart from a Helm repository (HTTP or OCI). */
  HELM = 'Helm',
}

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

/** Where an Application's manifests come from: `ApplicationSource.git()` or `ApplicationSource.helm()`. */
export class ApplicationSource {
  /** Manifests from a path of a Git repository. */
  public static git(options: GitSourceOptions): ApplicationSource {
    const where = 'ApplicationSource.git';
    if (options === null || typeof options !== 'object') fail(where, 'options', options, 'Git source options are required', 'pass { repoURL, path }');
    requireToken(where, 'repoURL', options.repoURL, 'give the repository URL, e.g. "https://github.com/org/gitops.git"');
    requireToken(where, 'path', options.path, 'give the directory in the repository, e.g. "dist/platform" ("." for the root)');
    const path = options.path;
    if (!isTemplated(path) && (path.startsWith('/') || path.split('/').includes('..'))) {
      fail(where, 'path', path, 'path must be relative to the repository root and stay inside it (Argo CD rejects absolute paths and "..")', 'use a relative path such as "dist/platform"');
    }
    const targetRevision = options.targetRevision ?? 'HEAD';
    requireToken(where, 'targetRevision', targetRevision, 'give a branch, tag or commit, or leave it out for HEAD');
    const directory = options.directory;
    if (directory !== undefined) {
      if (directory === null || typeof directory !== 'object') fail(where, 'directory', directory, 'must be an object { recurse?, include?, exclude? }', 'pass directory options');
      for (const key of ['include', 'exclude'] as const) {
        const glob = directory[key];
        if (glob !== undefined && (typeof glob !== 'string' || glob.length === 0)) fail(where, `directory.${key}`, glob, 'glob must be a non-empty string', 'use e.g. "*.yaml"');
      }
    }
    return new ApplicationSource(ApplicationSourceType.GIT, options.repoURL, targetRevision, { path, directory: directory ? { ...directory } : undefined });
  }

  /** A chart from a Helm repository, at an exact version. */
  public static helm(options: HelmSourceOptions): ApplicationSource {
    const where = 'ApplicationSource.helm';
    if (options === null || typeof options !== 'object') fail(where, 'options', options, 'Helm source options are required', 'pass { repoURL, chart, targetRevision }');
    requireToken(where, 'repoURL', options.repoURL, 'give the Helm repository URL, e.g. "https://charts.jetstack.io"');
    requireToken(where, 'chart', options.chart, 'name the chart, e.g. "cert-manager"');
    if (options.chart.includes('/') && !isTemplated(options.chart)) {
      fail(where, 'chart', options.chart, 'chart is the chart name only; the repository goes into repoURL', 'split "repo/chart" into repoURL and chart');
    }
    const version = options.targetRevision;
    if (typeof version !== 'string' || version.trim().length === 0) {
      fail(where, 'targetRevision', version, 'the chart version must be pinned; an empty version tracks the latest chart', 'give the exact chart version, e.g. "v1.21.1"');
    }
    if (!isTemplated(version) && !EXACT_SEMVER.test(version)) {
      fail(where, 'targetRevision', version, 'the chart version must be an exact SemVer version; a range (*, ^, ~, >=, x) lets the deployed chart change without a commit',
        'pin the exact chart version, e.g. "v1.21.1"');
    }
    if (options.releaseName !== undefined && !isTemplated(options.releaseName)
      && (typeof options.releaseName !== 'string' || options.releaseName.length > 53 || !RELEASE_NAME.test(options.releaseName))) {
      fail(where, 'releaseName', options.releaseName, 'a Helm release name must be a lowercase DNS subdomain of at most 53 characters', 'use e.g. "cert-manager"');
    }
    const notes: string[] = [];
    if (options.values !== undefined) checkValues(where, 'values', options.values, notes);
    const source = new ApplicationSource(ApplicationSourceType.HELM, options.repoURL, version, {
      chart: options.chart,
      releaseName: options.releaseName,
      values: options.values === undefined ? undefined : JSON.parse(JSON.stringify(options.values)),
      skipCrds: options.skipCrds,
    });
    source._notes.push(...notes);
    return source;
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
  public readonly _notes: string[] = [];

  private constructor(
    /** Git or Helm. */
    public readonly type: ApplicationSourceType,
    /** Repository URL. */
    public readonly repoURL: string,
    /** Revision: Git branch / tag / commit, or the exact chart version. */
    public readonly targetRevision: string,
    parts: { path?: string; directory?: DirectoryOptions; chart?: string; releaseName?: string; values?: { [key: string]: any }; skipCrds?: boolean },
  ) {
    this.path = parts.path;
    this.directory = parts.directory;
    this.chart = parts.chart;
    this.releaseName = parts.releaseName;
    this.values = parts.values;
    this.skipCrds = parts.skipCrds;
  }

  /**
   * In the generated classes' shape (they map `repoUrl` to the wire's `repoURL`).
   *
   * @internal
   */
  public _toKube(): any {
    if (this.type === ApplicationSourceType.GIT) {
      const d = this.directory;
      return {
        repoUrl: this.repoURL,
        path: this.path,
        targetRevision: this.targetRevision,
        ...(d && (d.recurse !== undefined || d.include !== undefined || d.exclude !== undefined) ? {
          directory: {
            ...(d.recurse !== undefined ? { recurse: d.recurse } : {}),
            ...(d.include !== undefined ? { include: d.include } : {}),
            ...(d.exclude !== undefined ? { exclude: d.exclude } : {}),
          },
        } : {}),
      };
    }
    const helm = {
      ...(this.releaseName !== undefined ? { releaseName: this.releaseName } : {}),
      ...(this.skipCrds !== undefined ? { skipCrds: this.skipCrds } : {}),
      ...(this.values !== undefined ? { valuesObject: JSON.parse(JSON.stringify(this.values)) } : {}),
    };
    return {
      repoUrl: this.repoURL,
      chart: this.chart,
      targetRevision: this.targetRevision,
      ...(Object.keys(helm).length ? { helm } : {}),
    };
  }
}

/**
 * Helm values must be plain JSON (objects, arrays, strings, numbers, booleans, null). String
 * values under credential-looking keys are recorded as warnings: values are committed to Git.
 */
function checkValues(where: Where, field: string, v: unknown, notes: string[]): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(where, field, String(v), 'Helm values must be finite numbers', 'use a finite number');
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkValues(where, `${field}[${i}]`, x, notes));
    return;
  }
  if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    for (const [key, value] of Object.entries(v as object)) {
      const f = `${field}.${key}`;
      if (value === undefined) fail(where, f, value, 'Helm values must not be undefined', 'remove the key or give it a value (null to unset a chart default)');
      if (typeof value === 'string' && value.length > 0 && SECRET_KEY.test(key) && !isTemplated(value)) {
        notes.push(`${f} looks like a credential and would be committed to Git in the Application; reference an existing Secret instead`);
      }
      checkValues(where, f, value, notes);
    }
    return;
  }
  fail(where, field, typeof v, 'Helm values must be plain JSON data (objects, arrays, strings, numbers, booleans, null)', 'pass plain data');
}
