// Input rules of Application sources (not exported from the package): the Git repository,
// path and revision; the Helm chart, its exact version, release name and plain-JSON values.
// Used by the ApplicationSource factories, and by constructs that take the same inputs as
// props (GitOpsRepo's repository, the dependency Applications' chart version) so that their
// problems name the prop the user wrote.
import { fail, Where } from '../../validation/error';
import { DirectoryOptions, GitSourceOptions, HelmSourceOptions } from '../application-source-options';
import { isTemplated, requireToken } from './template';

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

/** A Git source's fields, checked and defaulted. */
export interface GitSourceInput {
  readonly repoURL: string;
  readonly path: string;
  readonly targetRevision: string;
  readonly directory?: DirectoryOptions;
}

/** A Helm source's fields, checked; `notes` are warnings for the Application using it. */
export interface HelmSourceInput {
  readonly values?: { [key: string]: any };
  readonly notes: string[];
}

/** Repository URL, relative path inside the repository, revision (default `HEAD`) of a Git source. */
export function checkGitLocation(where: Where, o: { repoURL: unknown; path: unknown; targetRevision?: unknown }): { repoURL: string; path: string; targetRevision: string } {
  const repoURL = requireToken(where, 'repoURL', o.repoURL, 'give the repository URL, e.g. "https://github.com/org/gitops.git"');
  const path = requireToken(where, 'path', o.path, 'give the directory in the repository, e.g. "dist/platform" ("." for the root)');
  if (!isTemplated(path) && (path.startsWith('/') || path.split('/').includes('..'))) {
    fail(where, 'path', path, 'path must be relative to the repository root and stay inside it (Argo CD rejects absolute paths and "..")', 'use a relative path such as "dist/platform"');
  }
  const targetRevision = requireToken(where, 'targetRevision', o.targetRevision ?? 'HEAD', 'give a branch, tag or commit, or leave it out for HEAD');
  return { repoURL, path, targetRevision };
}

/** The options of `ApplicationSource.git()`. */
export function checkGitSource(where: Where, options: GitSourceOptions): GitSourceInput {
  if (options === null || typeof options !== 'object') fail(where, 'options', options, 'Git source options are required', 'pass { repoURL, path }');
  const location = checkGitLocation(where, options);
  const directory = options.directory;
  if (directory !== undefined) {
    if (directory === null || typeof directory !== 'object') fail(where, 'directory', directory, 'must be an object { recurse?, include?, exclude? }', 'pass directory options');
    for (const key of ['include', 'exclude'] as const) {
      const glob = directory[key];
      if (glob !== undefined && (typeof glob !== 'string' || glob.length === 0)) fail(where, `directory.${key}`, glob, 'glob must be a non-empty string', 'use e.g. "*.yaml"');
    }
  }
  return { ...location, ...(directory ? { directory: { ...directory } } : {}) };
}

/** An exact chart version (a template is accepted as is). */
export function checkChartVersion(where: Where, field: string, version: unknown): string {
  if (typeof version !== 'string' || version.trim().length === 0) {
    fail(where, field, version, 'the chart version must be pinned; an empty version tracks the latest chart', 'give the exact chart version, e.g. "v1.21.1"');
  }
  if (!isTemplated(version) && !EXACT_SEMVER.test(version)) {
    fail(where, field, version, 'the chart version must be an exact SemVer version; a range (*, ^, ~, >=, x) lets the deployed chart change without a commit',
      'pin the exact chart version, e.g. "v1.21.1"');
  }
  return version;
}

/** The Helm repository URL of a chart source. */
export function checkHelmRepoURL(where: Where, field: string, v: unknown): string {
  return requireToken(where, field, v, 'give the Helm repository URL, e.g. "https://charts.jetstack.io"');
}

/** The options of `ApplicationSource.helm()`. */
export function checkHelmSource(where: Where, options: HelmSourceOptions): HelmSourceInput {
  if (options === null || typeof options !== 'object') fail(where, 'options', options, 'Helm source options are required', 'pass { repoURL, chart, targetRevision }');
  checkHelmRepoURL(where, 'repoURL', options.repoURL);
  requireToken(where, 'chart', options.chart, 'name the chart, e.g. "cert-manager"');
  if (options.chart.includes('/') && !isTemplated(options.chart)) {
    fail(where, 'chart', options.chart, 'chart is the chart name only; the repository goes into repoURL', 'split "repo/chart" into repoURL and chart');
  }
  checkChartVersion(where, 'targetRevision', options.targetRevision);
  const release = options.releaseName;
  if (release !== undefined && !isTemplated(release) && (typeof release !== 'string' || release.length > 53 || !RELEASE_NAME.test(release))) {
    fail(where, 'releaseName', release, 'a Helm release name must be a lowercase DNS subdomain of at most 53 characters', 'use e.g. "cert-manager"');
  }
  const notes: string[] = [];
  if (options.values === undefined) return { notes };
  checkValues(where, 'values', options.values, notes);
  return { values: JSON.parse(JSON.stringify(options.values)), notes };
}

/** Helm values given as a prop (`undefined` passes); the credential warnings are the source's to record. */
export function checkHelmValues(where: Where, field: string, v: { [key: string]: any } | undefined): void {
  if (v !== undefined) checkValues(where, field, v, []);
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
