// Whether every object fits how it is applied (not exported from the package), checked on the
// manifests as they will be written:
// - the annotations of an object may total at most 256 KiB (apimachinery
//   pkg/api/validation/objectmeta.go, TotalAnnotationSizeLimitB = 256 * (1 << 10));
// - client-side apply — `kubectl apply` and Argo CD's default — stores the whole object in the
//   `kubectl.kubernetes.io/last-applied-configuration` annotation, so the object (plus its other
//   annotations) must fit those 256 KiB too; Argo CD's sync option `ServerSideApply=true` (on the
//   Application, or on one object) keeps no such copy (docs/user-guide/sync-options.md,
//   "Resource is too big to fit in 262144 bytes allowed annotation size");
// - whatever the apply mode, the API server (etcd) takes requests of at most 1.5 MiB.
import { IConstruct } from 'constructs';
import { registerChecks } from '../../core/contributions';
import { AppModel, describeObject, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { obj } from '../../private/wire';

/** apimachinery's limit on the annotations of one object. */
export const ANNOTATIONS_LIMIT = 262144;
/** etcd's default request limit, which the API server enforces on every object it stores. */
export const REQUEST_LIMIT = 1572864;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const TYPE = 'server-side-apply';

/** The declaration that the objects under `scope` are synced with server-side apply. */
export function declareServerSideApply(scope: IConstruct): { type: string; data: any } {
  return { type: TYPE, data: { scope } };
}

/** Bytes of an object's manifest as a client sends it (compact JSON). */
export function manifestBytes(o: ModelObject): number {
  return Buffer.byteLength(JSON.stringify(o.json));
}

function annotationBytes(annotations: { [key: string]: any }): number {
  let n = 0;
  for (const [k, v] of Object.entries(annotations)) n += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  return n;
}

function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

function serverSideApplied(o: ModelObject, scopes: IConstruct[]): boolean {
  const options = obj(o.json?.metadata?.annotations)[SYNC_OPTIONS];
  if (typeof options === 'string' && options.split(',').some((x) => x.trim() === 'ServerSideApply=true')) return true;
  if (!o.apiObject || scopes.length === 0) return false;
  for (let c: IConstruct | undefined = o.apiObject; c; c = c.node.scope) if (scopes.includes(c)) return true;
  return false;
}

function checkApplyLimits(model: AppModel, report: Reporter): void {
  const scopes = model.declared(TYPE).map((d) => d.data.scope as IConstruct);
  for (const o of model.rendered) {
    if (o.json === undefined) continue;
    const annotations = obj(o.json.metadata?.annotations);
    const own = annotationBytes(annotations);
    if (own > ANNOTATIONS_LIMIT) {
      report.error(o, 'metadata.annotations', kib(own),
        `${describeObject(o)} has ${own} bytes of annotations; the API server refuses more than ${ANNOTATIONS_LIMIT} in total`,
        'move large values out of annotations (into a ConfigMap, or the spec)');
      continue;
    }
    const size = manifestBytes(o);
    if (size > REQUEST_LIMIT) {
      report.error(o, 'metadata.name', o.name,
        `${describeObject(o)} is ${kib(size)}; the API server (etcd) takes objects of at most 1.5 MiB, whatever the apply mode`,
        'split the object (e.g. one issuer per group of sites, one dashboard per ConfigMap)');
    } else if (!serverSideApplied(o, scopes) && size + own + LAST_APPLIED.length > ANNOTATIONS_LIMIT) {
      report.error(o, 'metadata.name', o.name,
        `${describeObject(o)} is ${kib(size)}; client-side apply (kubectl's and Argo CD's default) copies the object into its ${LAST_APPLIED} annotation, and annotations may total at most 256 KiB, so the sync fails`,
        'sync its folder with server-side apply (GitOpsRepo.addFolder(name, { serverSideApply: true }), or the annotation argocd.argoproj.io/sync-options: ServerSideApply=true on the object), or split the object');
    }
  }
}

registerChecks({ id: 'gitops/apply-limits', phase: 'output', check: checkApplyLimits });
