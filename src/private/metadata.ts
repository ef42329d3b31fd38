import { ApiObject, ApiObjectMetadata, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../validation/error';
import { checkAnnotationKey, checkDns1123Label, checkDns1123Subdomain, checkLabelKey, checkLabelValue, kebabName } from './names';

/** Helm / Argo CD hook annotations turn a resource into a hook and block syncs (argo-cd#4275). */
const FORBIDDEN_ANNOTATION_PREFIXES = ['helm.sh/hook', 'argocd.argoproj.io/hook'];

export interface MetadataOptions {
  /** Namespaced kind (namespace defaulted and checked) or cluster-scoped (namespace rejected). */
  readonly namespaced: boolean;
  /** `label` for kinds whose name must be a DNS-1123 label (Istio Gateway); default subdomain. */
  readonly nameRule?: 'label' | 'subdomain';
  /** The Kubernetes kind (`Gateway` for Istio's and Gateway API's alike), for messages. */
  readonly kind: string;
}

/**
 * The metadata an L2 writes: `name` from props or the kebab-cased construct id (never a
 * hash); `namespace` from props, else the chart's, else `default` (always written, so every
 * cross-resource check sees the real namespace). Names, labels and annotations are checked.
 */
export function resolveMetadata(scope: Construct, metadata: ApiObjectMetadata | undefined, opts: MetadataOptions): ApiObjectMetadata {
  checkMetadataTypes(scope, metadata);
  const name = metadata?.name ?? kebabName(scope.node.id);
  const nameProblem = opts.nameRule === 'label' ? checkDns1123Label(name) : checkDns1123Subdomain(name);
  if (nameProblem) {
    fail(scope, 'metadata.name', name, `${opts.kind} name ${nameProblem}`,
      metadata?.name ? 'choose a valid name' : 'pass metadata.name explicitly or use a construct id that kebab-cases to a valid name');
  }
  let namespace: string | undefined;
  if (opts.namespaced) {
    namespace = metadata?.namespace ?? Chart.of(scope).namespace ?? 'default';
    const nsProblem = checkDns1123Label(namespace);
    if (nsProblem) fail(scope, 'metadata.namespace', namespace, `namespace ${nsProblem}`, 'use a valid namespace name');
  } else if (metadata?.namespace !== undefined) {
    fail(scope, 'metadata.namespace', metadata.namespace, `${opts.kind} is cluster-scoped and has no namespace`, 'remove metadata.namespace');
  }
  for (const [key, value] of Object.entries(metadata?.labels ?? {})) {
    const problem = checkLabelKey(key) ?? checkLabelValue(value);
    if (problem) fail(scope, `metadata.labels[${JSON.stringify(key)}]`, value, `label ${problem}`, 'use a valid Kubernetes label');
  }
  for (const key of Object.keys(metadata?.annotations ?? {})) {
    const problem = checkAnnotationKey(key);
    if (problem) fail(scope, `metadata.annotations[${JSON.stringify(key)}]`, key, `annotation key ${problem}`, 'use a valid annotation key');
    if (FORBIDDEN_ANNOTATION_PREFIXES.some((p) => key.startsWith(p))) {
      fail(scope, `metadata.annotations[${JSON.stringify(key)}]`, key, 'hook annotations turn the object into a Helm/Argo CD hook and block syncs',
        'remove the annotation (argo-cd#4275)');
    }
  }
  return { ...metadata, name, ...(namespace !== undefined ? { namespace } : {}) };
}

/**
 * For the ApiObject of a cluster-scoped kind (ClusterIssuer, Bundle, Namespace, ...): cdk8s
 * copies the chart's namespace into every ApiObject, and a cluster-scoped object must not
 * carry one (Argo CD would track it under a namespace it does not have). Every L2 of a
 * cluster-scoped kind calls this on its ApiObject.
 */
export function omitNamespace(apiObject: ApiObject): void {
  if (apiObject.metadata.namespace !== undefined) apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}

/**
 * Plain-JavaScript (and jsii) callers can pass anything: a `namespace: false` would otherwise pass
 * the regex checks as the string "false" and reach the YAML.
 */
function checkMetadataTypes(scope: Construct, metadata: ApiObjectMetadata | undefined): void {
  if (metadata === undefined) return;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    fail(scope, 'metadata', metadata, 'metadata must be an object', 'pass { name?, namespace?, labels?, annotations? }');
  }
  for (const field of ['name', 'namespace'] as const) {
    const v = (metadata as any)[field];
    if (v !== undefined && typeof v !== 'string') fail(scope, `metadata.${field}`, v, `${field} must be a string`, `pass the ${field} as a string or leave it out`);
  }
  for (const field of ['labels', 'annotations'] as const) {
    const v = (metadata as any)[field];
    if (v === undefined) continue;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      fail(scope, `metadata.${field}`, v, `${field} must be a map of strings`, `pass { key: 'value' } or leave ${field} out`);
    }
    for (const [key, value] of Object.entries(v)) {
      if (typeof value !== 'string') {
        fail(scope, `metadata.${field}[${JSON.stringify(key)}]`, value, `${field} values must be strings`, `quote the value ("${String(value)}")`);
      }
    }
  }
}
