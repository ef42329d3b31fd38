// The folders of a GitOps repository (not exported from the package): one cdk8s App per
// folder, and the Application of the app of apps that syncs it.
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDns1123Label } from '../../private/names';
import { fail, Where } from '../../validation/error';
import { Application } from '../application';
import { ApplicationSource } from '../application-source';
import { GitOpsFolderOptions, GitOpsRepoProps } from '../gitops-repo-options';
import { ARGOCD_NAMESPACE, DEFAULT_RETRY } from './argocd';

/** The App of one folder: `<outdir>/<folder>`, one YAML file per chart. */
export function newFolderApp(outdir: string, folder: string): App {
  return new App({ outdir: path.join(outdir, folder), outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
}

/** A folder name: a DNS label, since it is also the name of the folder's Application. */
export function checkFolderName(where: Where, field: string, name: unknown): string {
  const problem = typeof name === 'string' ? checkDns1123Label(name) : 'must be a string';
  if (problem) fail(where, field, name, `folder name ${problem} (it is also the Application's name)`, 'use e.g. "platform" or "cluster-a"');
  return name as string;
}

/** Where the repository's folders are, as the folder Applications read them. */
export interface RepoLocation {
  readonly repoURL: string;
  /** Path of the output directory in the repository ('' for the root). */
  readonly path: string;
  readonly targetRevision: string;
}

/**
 * The Application (in `scope`, the app-of-apps chart) syncing folder `name`: automated sync
 * with prune and self-heal, `PruneLast`, retries; the folder's namespace created when it has one.
 */
export function folderApplication(scope: Construct, name: string, at: RepoLocation, props: GitOpsRepoProps, options: GitOpsFolderOptions, wave: number): Application {
  return new Application(scope, name, {
    metadata: { name, namespace: props.argocdNamespace ?? ARGOCD_NAMESPACE },
    project: props.project,
    source: ApplicationSource.git({ repoURL: at.repoURL, path: at.path ? `${at.path}/${name}` : name, targetRevision: at.targetRevision }),
    destination: options.namespace !== undefined
      ? { ...(options.destination ?? props.destination ?? {}), namespace: options.namespace }
      : options.destination ?? props.destination,
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['PruneLast=true', ...(options.namespace !== undefined ? ['CreateNamespace=true'] : []), ...(options.serverSideApply ? ['ServerSideApply=true'] : [])],
      retry: props.retry ?? DEFAULT_RETRY,
    },
    syncWave: wave,
  });
}
