// Checks and rendering shared by Application and the ApplicationSet template (not exported
// from the package).
import { Duration } from 'cdk8s';
import { goDuration } from '../private/duration';
import { checkLabelKey } from '../private/names';
import { fail, Where } from '../validation/error';
import { ApplicationSource } from './application-source';
import { checkLabelMap, checkNamespaceName, checkObjectName, isTemplated, requireToken } from './checks';
import { ApplicationDestination, IgnoreDifference, SyncPolicy } from './sync-policy';

/** The cluster Argo CD runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
/** Argo CD's cascading-delete finalizer. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Application-level sync options Argo CD documents, and the values each accepts. */
const SYNC_OPTIONS: { [key: string]: string[] } = {
  Prune: ['true', 'false', 'confirm'],
  Delete: ['true', 'false', 'confirm'],
  Validate: ['true', 'false'],
  SkipDryRunOnMissingResource: ['true', 'false'],
  ApplyOutOfSyncOnly: ['true', 'false'],
  PrunePropagationPolicy: ['foreground', 'background', 'orphan'],
  PruneLast: ['true', 'false'],
  Replace: ['true', 'false'],
  ServerSideApply: ['true', 'false'],
  ClientSideApplyMigration: ['true', 'false'],
  FailOnSharedResource: ['true', 'false'],
  RespectIgnoreDifferences: ['true', 'false'],
  CreateNamespace: ['true', 'false'],
};
const SYNC_OPTION = /^([A-Za-z][A-Za-z0-9]*)=([^\s=,]+)$/;

/** The parts of an Application spec, checked. */
export interface SpecParts {
  readonly project: string;
  readonly source: ApplicationSource;
  readonly destination: ApplicationDestination;
  readonly syncPolicy?: SyncPolicy;
  readonly ignoreDifferences: IgnoreDifference[];
}

export function checkProject(where: Where, project: unknown, prefix = ''): string {
  checkObjectName(where, `${prefix}project`, project, 'AppProject name', 'name an existing AppProject, e.g. "default"');
  return project as string;
}

export function checkSource(where: Where, source: unknown, prefix = ''): ApplicationSource {
  if (!(source instanceof ApplicationSource)) fail(where, `${prefix}source`, source, 'must be created with ApplicationSource.git() or ApplicationSource.helm()', 'use the ApplicationSource factories');
  return source as ApplicationSource;
}

/** Exactly one of server and name (Argo CD: "can't have both name and server defined"). */
export function checkDestination(where: Where, d: ApplicationDestination | undefined, prefix = ''): ApplicationDestination {
  if (d === undefined) return { server: IN_CLUSTER_SERVER };
  if (d === null || typeof d !== 'object') fail(where, `${prefix}destination`, d, 'must be an object { server | name, namespace? }', 'pass e.g. { namespace: "cert-manager" }');
  if (d.server !== undefined && d.name !== undefined) {
    fail(where, `${prefix}destination`, d, 'destination can\'t have both name and server defined', 'set either server (API URL) or name (cluster registered in Argo CD)');
  }
  if (d.name !== undefined) requireToken(where, `${prefix}destination.name`, d.name, 'give the cluster name as registered in Argo CD');
  const server = d.name === undefined ? (d.server ?? IN_CLUSTER_SERVER) : undefined;
  if (server !== undefined) {
    requireToken(where, `${prefix}destination.server`, server, `give the API server URL, e.g. "${IN_CLUSTER_SERVER}"`);
    if (!isTemplated(server) && !/^https?:\/\/[^/\s]+/.test(server)) {
      fail(where, `${prefix}destination.server`, server, 'server must be the URL of the cluster\'s API server', `use e.g. "${IN_CLUSTER_SERVER}", or set name to a registered cluster's name`);
    }
  }
  if (d.namespace !== undefined) checkNamespaceName(where, `${prefix}destination.namespace`, d.namespace);
  return {
    ...(server !== undefined ? { server } : { name: d.name }),
    ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
  };
}

/** Sync policy checks; returns warnings for the caller to record. */
export function checkSyncPolicy(where: Where, p: SyncPolicy | undefined, prefix = ''): string[] {
  const notes: string[] = [];
  if (p === undefined) return notes;
  if (p === null || typeof p !== 'object') fail(where, `${prefix}syncPolicy`, p, 'must be an object', 'pass { automated?, syncOptions?, retry? }');
  if (p.automated !== undefined && (p.automated === null || typeof p.automated !== 'object')) {
    fail(where, `${prefix}syncPolicy.automated`, p.automated, 'must be an object { prune?, selfHeal?, allowEmpty? }', 'pass e.g. { prune: true, selfHeal: true }');
  }
  const seen = new Map<string, number>();
  const options = p.syncOptions ?? [];
  if (!Array.isArray(options)) fail(where, `${prefix}syncPolicy.syncOptions`, options, 'must be a list of "Key=Value" strings', 'pass e.g. ["CreateNamespace=true"]');
  options.forEach((o, i) => {
    const field = `${prefix}syncPolicy.syncOptions[${i}]`;
    const m = typeof o === 'string' ? SYNC_OPTION.exec(o) : null;
    if (!m) fail(where, field, o, 'a sync option must be "Key=Value" without spaces or commas', 'write e.g. "CreateNamespace=true"');
    const [, key, value] = m;
    if (seen.has(key)) fail(where, field, o, `sync option ${key} is already set by syncOptions[${seen.get(key)}]`, 'set each option once');
    seen.set(key, i);
    const allowed = SYNC_OPTIONS[key];
    if (!allowed) {
      notes.push(`${prefix}syncPolicy.syncOptions[${i}] "${o}" is not an application-level sync option Argo CD documents; Argo CD ignores unknown options`);
    } else if (!allowed.includes(value)) {
      fail(where, field, o, `${key} accepts ${allowed.join(', ')}`, `write e.g. "${key}=${allowed[0]}"`);
    }
  });
  if (p.managedNamespaceMetadata !== undefined) {
    if (!options.includes('CreateNamespace=true')) {
      fail(where, `${prefix}syncPolicy.managedNamespaceMetadata`, p.managedNamespaceMetadata, 'namespace metadata is only applied to a namespace Argo CD creates',
        'add "CreateNamespace=true" to syncOptions, or manage the Namespace as a resource');
    }
    checkLabelMap(where, `${prefix}syncPolicy.managedNamespaceMetadata.labels`, p.managedNamespaceMetadata.labels);
    for (const key of Object.keys(p.managedNamespaceMetadata.annotations ?? {})) {
      const problem = checkLabelKey(key.toLowerCase());
      if (problem) fail(where, `${prefix}syncPolicy.managedNamespaceMetadata.annotations[${JSON.stringify(key)}]`, key, `annotation key ${problem}`, 'use a valid annotation key');
    }
  }
  const r = p.retry;
  if (r !== undefined) {
    if (r === null || typeof r !== 'object') fail(where, `${prefix}syncPolicy.retry`, r, 'must be an object', 'pass e.g. { limit: 5 }');
    if (r.limit !== undefined && !Number.isInteger(r.limit)) fail(where, `${prefix}syncPolicy.retry.limit`, r.limit, 'limit must be an integer (negative: unlimited)', 'use e.g. 5');
    if (r.backoffFactor !== undefined && (!Number.isInteger(r.backoffFactor) || r.backoffFactor < 1)) {
      fail(where, `${prefix}syncPolicy.retry.backoffFactor`, r.backoffFactor, 'factor must be an integer of at least 1', 'use e.g. 2');
    }
    for (const key of ['backoffDuration', 'backoffMaxDuration'] as const) {
      const d = r[key];
      if (d === undefined) continue;
      const ms = d instanceof Duration ? d.toMilliseconds({ integral: false }) : NaN;
      if (!(ms >= 1000) || !Number.isInteger(ms / 1000)) {
        fail(where, `${prefix}syncPolicy.retry.${key}`, d instanceof Duration ? `${ms}ms` : d, 'backoff must be a Duration of whole seconds, at least 1s', 'use e.g. Duration.seconds(5)');
      }
    }
    if (r.backoffDuration && r.backoffMaxDuration && r.backoffMaxDuration.toMilliseconds() < r.backoffDuration.toMilliseconds()) {
      fail(where, `${prefix}syncPolicy.retry.backoffMaxDuration`, r.backoffMaxDuration, 'the longest backoff is shorter than the first', 'make backoffMaxDuration at least backoffDuration');
    }
  }
  return notes;
}

/** RFC 6901 JSON pointer: empty (whole document) or `/`-separated with `~0` / `~1` escapes. */
function isJsonPointer(p: string): boolean {
  return p === '' || (p.startsWith('/') && !/~(?![01])/.test(p));
}

export function checkIgnoreDifference(where: Where, field: string, d: IgnoreDifference): IgnoreDifference {
  if (d === null || typeof d !== 'object') fail(where, field, d, 'must be an object { kind, jsonPointers | jqPathExpressions | managedFieldsManagers }', 'pass e.g. { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"] }');
  requireToken(where, `${field}.kind`, d.kind, 'name the kind, e.g. "ValidatingWebhookConfiguration"');
  if (d.group !== undefined && d.group !== '' && !isTemplated(d.group) && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(d.group)) {
    fail(where, `${field}.group`, d.group, 'group must be empty (core) or an API group name', 'use e.g. "admissionregistration.k8s.io"');
  }
  if (d.namespace !== undefined) checkNamespaceName(where, `${field}.namespace`, d.namespace);
  if (d.name !== undefined) requireToken(where, `${field}.name`, d.name, 'name the resource or leave name out');
  const pointers = d.jsonPointers ?? [];
  const jq = d.jqPathExpressions ?? [];
  const managers = d.managedFieldsManagers ?? [];
  if (pointers.length + jq.length + managers.length === 0) {
    fail(where, field, d.kind, 'an ignoreDifferences entry without jsonPointers, jqPathExpressions or managedFieldsManagers ignores nothing', 'add the fields to ignore');
  }
  pointers.forEach((p, i) => {
    if (typeof p !== 'string' || !isJsonPointer(p)) fail(where, `${field}.jsonPointers[${i}]`, p, 'not a JSON pointer (RFC 6901): must start with "/" and escape "~" as ~0, "/" as ~1', 'write e.g. "/webhooks/0/clientConfig/caBundle"');
  });
  jq.forEach((e, i) => {
    if (typeof e !== 'string' || e.trim().length === 0) fail(where, `${field}.jqPathExpressions[${i}]`, e, 'a jq path expression must be non-empty', 'write e.g. ".webhooks[]?.clientConfig.caBundle"');
  });
  managers.forEach((m, i) => {
    if (typeof m !== 'string' || m.trim().length === 0) fail(where, `${field}.managedFieldsManagers[${i}]`, m, 'a field manager name must be non-empty', 'write e.g. "kube-controller-manager"');
  });
  return {
    ...(d.group !== undefined ? { group: d.group } : {}),
    kind: d.kind,
    ...(d.name !== undefined ? { name: d.name } : {}),
    ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
    ...(pointers.length ? { jsonPointers: [...pointers] } : {}),
    ...(jq.length ? { jqPathExpressions: [...jq] } : {}),
    ...(managers.length ? { managedFieldsManagers: [...managers] } : {}),
  };
}

export function checkSyncWave(where: Where, wave: unknown, prefix = ''): void {
  if (wave !== undefined && (typeof wave !== 'number' || !Number.isInteger(wave))) {
    fail(where, `${prefix}syncWave`, wave, 'a sync wave must be an integer (negative waves sync first)', 'use e.g. -1, 0 or 1');
  }
}

/** The Application spec as Argo CD reads it. */
export function renderSpec(parts: SpecParts): any {
  const p = parts.syncPolicy;
  const r = p?.retry;
  const backoff = r ? {
    ...(r.backoffDuration ? { duration: goDuration(r.backoffDuration) } : {}),
    ...(r.backoffFactor !== undefined ? { factor: r.backoffFactor } : {}),
    ...(r.backoffMaxDuration ? { maxDuration: goDuration(r.backoffMaxDuration) } : {}),
  } : {};
  const syncPolicy = p ? {
    ...(p.automated ? {
      automated: {
        ...(p.automated.prune !== undefined ? { prune: p.automated.prune } : {}),
        ...(p.automated.selfHeal !== undefined ? { selfHeal: p.automated.selfHeal } : {}),
        ...(p.automated.allowEmpty !== undefined ? { allowEmpty: p.automated.allowEmpty } : {}),
      },
    } : {}),
    ...(p.syncOptions?.length ? { syncOptions: [...p.syncOptions] } : {}),
    ...(p.managedNamespaceMetadata ? {
      managedNamespaceMetadata: {
        ...(p.managedNamespaceMetadata.labels ? { labels: { ...p.managedNamespaceMetadata.labels } } : {}),
        ...(p.managedNamespaceMetadata.annotations ? { annotations: { ...p.managedNamespaceMetadata.annotations } } : {}),
      },
    } : {}),
    ...(r ? {
      retry: {
        ...(r.limit !== undefined ? { limit: r.limit } : {}),
        ...(Object.keys(backoff).length ? { backoff } : {}),
        ...(r.refresh !== undefined ? { refresh: r.refresh } : {}),
      },
    } : {}),
  } : undefined;
  return {
    project: parts.project,
    source: parts.source._toKube(),
    destination: { ...parts.destination },
    ...(syncPolicy && Object.keys(syncPolicy).length ? { syncPolicy } : {}),
    ...(parts.ignoreDifferences.length ? { ignoreDifferences: parts.ignoreDifferences.map((d) => ({ ...d })) } : {}),
  };
}
