// Input checks of an Application's parts, shared by Application and the ApplicationSet
// template (not exported from the package). `prefix` is where the parts sit in the props
// (`template.` for an ApplicationSet); template actions relax the syntax checks.
import { Duration } from 'cdk8s';
import { checkAnnotations, requireArray } from '../../private/fields';
import { checkDns1123Subdomain } from '../../private/names';
import { receive } from '../../private/factory';
import { fail, Where } from '../../validation/error';
import { ApplicationSource } from '../application-source';
import { ApplicationDestination, IgnoreDifference, ManagedNamespaceMetadata, SyncPolicy, SyncRetry } from '../sync-policy';
import { IN_CLUSTER_SERVER } from './argocd';
import { checkTemplatedLabels, checkTemplatedNamespace, checkTemplatedObjectName, isTemplated, requireToken } from './template';

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

export function checkProject(where: Where, project: unknown, prefix = ''): string {
  return checkTemplatedObjectName(where, `${prefix}project`, project, 'AppProject');
}

/** A source made by the ApplicationSource factories (their problems are reported here). */
export function checkSource(where: Where, source: unknown, prefix = ''): ApplicationSource {
  receive(where, `${prefix}source`, source);
  if (!(source instanceof ApplicationSource)) fail(where, `${prefix}source`, source, 'must be created with ApplicationSource.git() or ApplicationSource.helm()', 'use the ApplicationSource factories');
  return source as ApplicationSource;
}

/** Exactly one of server and name (Argo CD: "can't have both name and server defined"); defaults resolved. */
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
  if (d.namespace !== undefined) checkTemplatedNamespace(where, `${prefix}destination.namespace`, d.namespace);
  return {
    ...(server !== undefined ? { server } : { name: d.name }),
    ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
  };
}

/** Sync policy checks; returns warnings for the caller to record. */
export function checkSyncPolicy(where: Where, p: SyncPolicy | undefined, prefix = ''): string[] {
  if (p === undefined) return [];
  const field = `${prefix}syncPolicy`;
  if (p === null || typeof p !== 'object') fail(where, field, p, 'must be an object', 'pass { automated?, syncOptions?, retry? }');
  if (p.automated !== undefined && (p.automated === null || typeof p.automated !== 'object')) {
    fail(where, `${field}.automated`, p.automated, 'must be an object { prune?, selfHeal?, allowEmpty? }', 'pass e.g. { prune: true, selfHeal: true }');
  }
  const notes = checkSyncOptions(where, `${field}.syncOptions`, p.syncOptions);
  if (p.managedNamespaceMetadata !== undefined) checkManagedNamespaceMetadata(where, `${field}.managedNamespaceMetadata`, p.managedNamespaceMetadata, p.syncOptions ?? []);
  if (p.retry !== undefined) checkRetry(where, `${field}.retry`, p.retry);
  return notes;
}

/** `Key=Value` options, each once, with the values Argo CD accepts; unknown keys are warnings. */
function checkSyncOptions(where: Where, field: string, options: string[] | undefined): string[] {
  const notes: string[] = [];
  const seen = new Map<string, number>();
  if (options !== undefined && !Array.isArray(options)) fail(where, field, options, 'must be a list of "Key=Value" strings', 'pass e.g. ["CreateNamespace=true"]');
  (options ?? []).forEach((o, i) => {
    const m = typeof o === 'string' ? SYNC_OPTION.exec(o) : null;
    if (!m) fail(where, `${field}[${i}]`, o, 'a sync option must be "Key=Value" without spaces or commas', 'write e.g. "CreateNamespace=true"');
    const [, key, value] = m;
    if (seen.has(key)) fail(where, `${field}[${i}]`, o, `sync option ${key} is already set by syncOptions[${seen.get(key)}]`, 'set each option once');
    seen.set(key, i);
    const allowed = SYNC_OPTIONS[key];
    if (!allowed) {
      notes.push(`${field}[${i}] "${o}" is not an application-level sync option Argo CD documents; Argo CD ignores unknown options`);
    } else if (!allowed.includes(value)) {
      fail(where, `${field}[${i}]`, o, `${key} accepts ${allowed.join(', ')}`, `write e.g. "${key}=${allowed[0]}"`);
    }
  });
  return notes;
}

function checkManagedNamespaceMetadata(where: Where, field: string, m: ManagedNamespaceMetadata, options: string[]): void {
  if (!options.includes('CreateNamespace=true')) {
    fail(where, field, m, 'namespace metadata is only applied to a namespace Argo CD creates',
      'add "CreateNamespace=true" to syncOptions, or manage the Namespace as a resource');
  }
  checkTemplatedLabels(where, `${field}.labels`, m.labels);
  checkAnnotations(where, `${field}.annotations`, m.annotations);
}

function checkRetry(where: Where, field: string, r: SyncRetry): void {
  if (r === null || typeof r !== 'object') fail(where, field, r, 'must be an object', 'pass e.g. { limit: 5 }');
  if (r.limit !== undefined && !Number.isInteger(r.limit)) fail(where, `${field}.limit`, r.limit, 'limit must be an integer (negative: unlimited)', 'use e.g. 5');
  if (r.backoffFactor !== undefined && (!Number.isInteger(r.backoffFactor) || r.backoffFactor < 1)) {
    fail(where, `${field}.backoffFactor`, r.backoffFactor, 'factor must be an integer of at least 1', 'use e.g. 2');
  }
  for (const key of ['backoffDuration', 'backoffMaxDuration'] as const) {
    const d = r[key];
    if (d === undefined) continue;
    const ms = d instanceof Duration ? d.toMilliseconds({ integral: false }) : NaN;
    if (!(ms >= 1000) || !Number.isInteger(ms / 1000)) {
      fail(where, `${field}.${key}`, d instanceof Duration ? `${ms}ms` : d, 'backoff must be a Duration of whole seconds, at least 1s', 'use e.g. Duration.seconds(5)');
    }
  }
  if (r.backoffDuration && r.backoffMaxDuration && r.backoffMaxDuration.toMilliseconds() < r.backoffDuration.toMilliseconds()) {
    fail(where, `${field}.backoffMaxDuration`, r.backoffMaxDuration, 'the longest backoff is shorter than the first', 'make backoffMaxDuration at least backoffDuration');
  }
}

/** RFC 6901 JSON pointer: empty (whole document) or `/`-separated with `~0` / `~1` escapes. */
function isJsonPointer(p: string): boolean {
  return p === '' || (p.startsWith('/') && !/~(?![01])/.test(p));
}

/** A list of ignoreDifferences entries, checked (a copy). */
export function checkIgnoreDifferences(where: Where, field: string, list: IgnoreDifference[] | undefined): IgnoreDifference[] {
  return requireArray(where, field, list, { fix: 'pass an array of ignoreDifferences entries' }).map((d, i) => checkIgnoreDifference(where, `${field}[${i}]`, d));
}

/** One ignoreDifferences entry: what to ignore, and at least one field to ignore; returns a copy. */
export function checkIgnoreDifference(where: Where, field: string, d: IgnoreDifference): IgnoreDifference {
  if (d === null || typeof d !== 'object') fail(where, field, d, 'must be an object { kind, jsonPointers | jqPathExpressions | managedFieldsManagers }', 'pass e.g. { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"] }');
  requireToken(where, `${field}.kind`, d.kind, 'name the kind, e.g. "ValidatingWebhookConfiguration"');
  if (d.group !== undefined && d.group !== '' && !isTemplated(d.group) && (typeof d.group !== 'string' || checkDns1123Subdomain(d.group) !== undefined)) {
    fail(where, `${field}.group`, d.group, 'group must be empty (core) or an API group name', 'use e.g. "admissionregistration.k8s.io"');
  }
  if (d.namespace !== undefined) checkTemplatedNamespace(where, `${field}.namespace`, d.namespace);
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

/** An integer wave (Argo CD parses the annotation as an integer). */
export function checkSyncWave(where: Where, wave: unknown, prefix = ''): void {
  if (wave !== undefined && (typeof wave !== 'number' || !Number.isInteger(wave))) {
    fail(where, `${prefix}syncWave`, wave, 'a sync wave must be an integer (negative waves sync first)', 'use e.g. -1, 0 or 1');
  }
}
