// Rendering of an Application's parts, shared by Application and the ApplicationSet template,
// and of ApplicationSet generators (not exported from the package). Values are in the
// generated L1 classes' shape (`repoUrl`, which their mappers write as the wire's `repoURL`).
import { ApiObjectMetadata } from 'cdk8s';
import { goDuration } from '../../private/duration';
import { ApplicationSetGenerator, GeneratorType } from '../application-set-generator';
import { ApplicationSource, ApplicationSourceType } from '../application-source';
import { ApplicationDestination, IgnoreDifference, SyncPolicy, SyncRetry } from '../sync-policy';
import { RESOURCES_FINALIZER, SYNC_WAVE_ANNOTATION } from './argocd';

/** The parts of an Application spec, checked. */
export interface SpecParts {
  readonly project: string;
  readonly source: ApplicationSource;
  readonly destination: ApplicationDestination;
  readonly syncPolicy?: SyncPolicy;
  readonly ignoreDifferences: IgnoreDifference[];
}

/** An Application's metadata: the user's, plus the sync-wave annotation and the finalizer when asked. */
export function applicationMetadata(metadata: ApiObjectMetadata | undefined, namespace: string, syncWave: unknown, resourcesFinalizer: boolean | undefined): ApiObjectMetadata {
  const annotations = {
    ...(metadata?.annotations ?? {}),
    ...(typeof syncWave === 'number' ? { [SYNC_WAVE_ANNOTATION]: String(syncWave) } : {}),
  };
  return {
    ...metadata,
    namespace: metadata?.namespace ?? namespace,
    ...(Object.keys(annotations).length ? { annotations } : {}),
    ...(resourcesFinalizer ? { finalizers: [...new Set([...(metadata?.finalizers ?? []), RESOURCES_FINALIZER])] } : {}),
  };
}

/** The Application spec as Argo CD reads it. */
export function renderSpec(parts: SpecParts): any {
  const syncPolicy = parts.syncPolicy ? renderSyncPolicy(parts.syncPolicy) : undefined;
  return {
    project: parts.project,
    source: renderSource(parts.source),
    destination: { ...parts.destination },
    ...(syncPolicy && Object.keys(syncPolicy).length ? { syncPolicy } : {}),
    ...(parts.ignoreDifferences.length ? { ignoreDifferences: parts.ignoreDifferences.map((d) => ({ ...d })) } : {}),
  };
}

function renderSyncPolicy(p: SyncPolicy): any {
  const m = p.managedNamespaceMetadata;
  return {
    ...(p.automated ? {
      automated: {
        ...(p.automated.prune !== undefined ? { prune: p.automated.prune } : {}),
        ...(p.automated.selfHeal !== undefined ? { selfHeal: p.automated.selfHeal } : {}),
        ...(p.automated.allowEmpty !== undefined ? { allowEmpty: p.automated.allowEmpty } : {}),
      },
    } : {}),
    ...(p.syncOptions?.length ? { syncOptions: [...p.syncOptions] } : {}),
    ...(m ? {
      managedNamespaceMetadata: {
        ...(m.labels ? { labels: { ...m.labels } } : {}),
        ...(m.annotations ? { annotations: { ...m.annotations } } : {}),
      },
    } : {}),
    ...(p.retry ? { retry: renderRetry(p.retry) } : {}),
  };
}

function renderRetry(r: SyncRetry): any {
  const backoff = {
    ...(r.backoffDuration ? { duration: goDuration(r.backoffDuration) } : {}),
    ...(r.backoffFactor !== undefined ? { factor: r.backoffFactor } : {}),
    ...(r.backoffMaxDuration ? { maxDuration: goDuration(r.backoffMaxDuration) } : {}),
  };
  return {
    ...(r.limit !== undefined ? { limit: r.limit } : {}),
    ...(Object.keys(backoff).length ? { backoff } : {}),
    ...(r.refresh !== undefined ? { refresh: r.refresh } : {}),
  };
}

/** A source in the generated classes' shape. */
export function renderSource(s: ApplicationSource): any {
  if (s.type === ApplicationSourceType.GIT) {
    const d = s.directory;
    return {
      repoUrl: s.repoURL,
      path: s.path,
      targetRevision: s.targetRevision,
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
    ...(s.releaseName !== undefined ? { releaseName: s.releaseName } : {}),
    ...(s.skipCrds !== undefined ? { skipCrds: s.skipCrds } : {}),
    ...(s.values !== undefined ? { valuesObject: JSON.parse(JSON.stringify(s.values)) } : {}),
  };
  return {
    repoUrl: s.repoURL,
    chart: s.chart,
    targetRevision: s.targetRevision,
    ...(Object.keys(helm).length ? { helm } : {}),
  };
}

/** A generator in the generated classes' shape. */
export function renderGenerator(g: ApplicationSetGenerator): any {
  if (g.type === GeneratorType.CLUSTERS) {
    return {
      clusters: {
        ...(g.selector ? { selector: { matchLabels: { ...g.selector } } } : {}),
        ...(g.values ? { values: { ...g.values } } : {}),
      },
    };
  }
  return { list: { elements: g.elements!.map((e) => ({ ...e })) } };
}

/** The metadata of the Applications an ApplicationSet template generates. */
export function templateMetadata(t: { name: string; labels?: { [key: string]: string }; annotations?: { [key: string]: string }; syncWave?: number; resourcesFinalizer?: boolean }): any {
  const annotations = { ...(t.annotations ?? {}), ...(t.syncWave !== undefined ? { [SYNC_WAVE_ANNOTATION]: String(t.syncWave) } : {}) };
  return {
    name: t.name,
    ...(t.labels ? { labels: { ...t.labels } } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    ...(t.resourcesFinalizer ? { finalizers: [RESOURCES_FINALIZER] } : {}),
  };
}
