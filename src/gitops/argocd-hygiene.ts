import { Construct, IConstruct } from 'constructs';
import { registerChecks } from '../core/contributions';
import { declareToModel } from '../core/declare';
import { objectsByFolder } from '../core/manifests';
import { AppModel, describeObject, ModelObject } from '../core/model';
import { Reporter } from '../core/reporter';
import { parseGoDuration } from '../private/duration';
import { obj } from '../private/wire';
import { declareServerSideApply } from './private/apply-limits';

const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';
/** Argo CD's tracking label under label tracking: a generated object must not carry it then (argo-cd#4081). */
const INSTANCE_LABEL = 'app.kubernetes.io/instance';
/** Hook annotations turn an object into a hook that blocks or skips the sync (argo-cd#4275). */
const HOOK_ANNOTATION_PREFIXES = ['helm.sh/hook', 'argocd.argoproj.io/hook'];

/**
 * API groups served by the Kubernetes API server itself (no CRD needed). Everything else is a
 * custom resource whose CRD must be installed first.
 */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'storage.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'scheduling.k8s.io', 'node.k8s.io', 'certificates.k8s.io',
  'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io',
  'resource.k8s.io', 'internal.apiserver.k8s.io', 'storagemigration.k8s.io',
]);

/** Where cert-manager kinds carry Go durations, which its webhook parses. */
const DURATION_FIELDS: { [kind: string]: string[] } = {
  Certificate: ['duration', 'renewBefore'],
  CertificateRequest: ['duration'],
};

/**
 * How the Argo CD instance tracks which Application an object belongs to: its argocd-cm
 * setting `application.resourceTrackingMethod`.
 */
export enum ResourceTracking {
  /** By the `argocd.argoproj.io/tracking-id` annotation: Argo CD's default since 3.0. */
  ANNOTATION = 'annotation',
  /** By the `app.kubernetes.io/instance` label: the default before Argo CD 3.0. */
  LABEL = 'label',
  /** By the annotation; Argo CD also writes the instance label (informational). */
  ANNOTATION_AND_LABEL = 'annotation+label',
}

/** Options for `ArgoCdHygiene.apply()`. */
export interface ArgoCdHygieneOptions {
  /**
   * Write `argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true` on custom
   * resources whose CRD is not part of the same app (it comes from another Argo CD
   * Application, e.g. the cert-manager chart): without it, the first sync of a new cluster
   * fails its dry run because the CRD does not exist yet.
   *
   * @default true
   */
  readonly skipDryRunOnMissingResource?: boolean;

  /**
   * API groups whose CRDs are known to exist before this app syncs, so no
   * `SkipDryRunOnMissingResource` is written for them.
   *
   * @default ['argoproj.io'] (Argo CD's own CRDs exist wherever Argo CD runs)
   */
  readonly preinstalledGroups?: string[];

  /**
   * How the Argo CD instance tracks resources (`application.resourceTrackingMethod` in
   * argocd-cm). Under `LABEL` tracking an object carrying `app.kubernetes.io/instance` is taken
   * for another Application's (an error); otherwise the label is only a warning.
   *
   * @default ResourceTracking.ANNOTATION (Argo CD ≥ 3.0)
   */
  readonly resourceTracking?: ResourceTracking;

  /**
   * The Argo CD Application syncing these objects uses server-side apply (`ServerSideApply=true`
   * in its sync options): objects may then be up to the API server's 1.5 MiB instead of the
   * 256 KiB that client-side apply's `last-applied-configuration` annotation allows.
   *
   * @default false
   */
  readonly serverSideApply?: boolean;
}

/**
 * What Argo CD needs from every generated object, checked and written at synth time for a
 * whole app (L2 constructs, patterns and plain cdk8s objects alike):
 *
 * - custom resources whose CRD another Application installs get
 *   `SkipDryRunOnMissingResource=true` (merged into existing sync options);
 * - no object carries a Helm or Argo CD hook annotation (a Certificate turned into a hook
 *   blocks the sync, argo-cd#4275); the `app.kubernetes.io/instance` label is an error under
 *   label tracking (argo-cd#4081), a warning otherwise;
 * - cert-manager durations are Go durations (cert-manager ≥ 1.14 keeps them as written, so
 *   a non-canonical form such as `90m` causes no drift; its webhook rejects what Go cannot
 *   parse).
 *
 * @example
 * const app = new App();
 * new Chart(app, 'platform');
 * gitops.ArgoCdHygiene.apply(app);
 */
export class ArgoCdHygiene {
  /** The sync option written on custom resources whose CRD another Application installs. */
  public static readonly SKIP_DRY_RUN_ON_MISSING_RESOURCE = SKIP_DRY_RUN;

  /**
   * Check and annotate every ApiObject under `scope` when it is synthesized. A second call on
   * the same scope is a no-op.
   *
   * @param scope the app (or chart) one Argo CD Application syncs
   * @param options which CRDs are installed elsewhere
   */
  public static apply(scope: IConstruct, options: ArgoCdHygieneOptions = {}): void {
    if (scope.node.tryFindChild(CONSTRUCT_ID)) return;
    new HygieneValidation(scope, options);
  }

  private constructor() {}
}

const CONSTRUCT_ID = 'ArgoCdHygiene';

/** The pass: checks the objects under the target and writes their sync options. */
class HygieneValidation extends Construct {

  public constructor(target: IConstruct, options: ArgoCdHygieneOptions) {
    super(target, CONSTRUCT_ID);
    declareToModel(this, {
      pass: { scope: target, run: (model, report, objects) => check(model, report, objects, options) },
      declarations: () => (options.serverSideApply ? [declareServerSideApply(target)] : []),
    });
  }
}

function check(model: AppModel, report: Reporter, resources: ModelObject[], options: ArgoCdHygieneOptions, certificateDurations = true): void {
  const preinstalled = new Set(options.preinstalledGroups ?? ['argoproj.io']);
  const labelTracking = options.resourceTracking === ResourceTracking.LABEL;
  // CRDs shipped in the same app: Argo CD orders and dry-runs those itself
  const ownCrds = new Set<string>();
  for (const r of resources) {
    if (r.group === 'apiextensions.k8s.io' && r.kind === 'CustomResourceDefinition') {
      const spec = obj(r.json?.spec);
      ownCrds.add(`${spec.group}|${obj(spec.names).kind}`);
    }
  }

  for (const r of resources) {
    if (!r.json) continue;
    const meta = obj(r.json.metadata);
    const labels = obj(meta.labels);
    const annotations = obj(meta.annotations);
    if (labels[INSTANCE_LABEL] !== undefined) {
      if (labelTracking) {
        report.error(r, `metadata.labels["${INSTANCE_LABEL}"]`, labels[INSTANCE_LABEL],
          `${describeObject(r)} carries the label Argo CD tracks resources by (resourceTrackingMethod: label), so Argo CD would take it for another Application's object`,
          'remove the label (argo-cd#4081); use app.kubernetes.io/part-of or a label of your own');
      } else {
        report.warn(r, `metadata.labels["${INSTANCE_LABEL}"]`, labels[INSTANCE_LABEL],
          `${describeObject(r)} carries app.kubernetes.io/instance: harmless under Argo CD's default annotation tracking (≥ 3.0), but an Argo CD instance configured with resourceTrackingMethod: label would take it for another Application's object (argo-cd#4081)`,
          'remove the label, or pass resourceTracking if the Argo CD instance is known (ResourceTracking.LABEL makes this an error)');
      }
    }
    for (const key of Object.keys(annotations)) {
      if (HOOK_ANNOTATION_PREFIXES.some((p) => key.startsWith(p))) {
        report.error(r, `metadata.annotations["${key}"]`, annotations[key],
          `${describeObject(r)} carries a hook annotation, which makes Argo CD run it as a hook instead of syncing it (argo-cd#4275)`,
          'remove the annotation; order objects with sync waves instead');
      }
    }
    const fields = r.group === 'cert-manager.io' && (certificateDurations || r.kind !== 'Certificate') ? DURATION_FIELDS[r.kind] : undefined;
    for (const field of fields ?? []) {
      const value = obj(r.json.spec)[field];
      if (value === undefined) continue;
      // cert-manager >= 1.14 stores durations as written (its mutating webhook handles only
      // CertificateRequests), so only what Go's time.ParseDuration rejects is a problem
      if (typeof value !== 'string' || parseGoDuration(value) === undefined) {
        report.error(r, `spec.${field}`, value,
          `${describeObject(r)} has a ${field} that is not a Go duration, so cert-manager's webhook rejects it`,
          'write a Go duration such as "2160h" or "2160h0m0s" (units ns, us, ms, s, m, h; there is no "d")');
      }
    }
    if (options.skipDryRunOnMissingResource !== false && !BUILT_IN_GROUPS.has(r.group) && !preinstalled.has(r.group) && !ownCrds.has(`${r.group}|${r.kind}`)) {
      const existing = typeof annotations[SYNC_OPTIONS] === 'string' ? annotations[SYNC_OPTIONS] as string : '';
      const opts = existing.split(',').map((o) => o.trim()).filter((o) => o.length > 0);
      if (!opts.some((o) => o.startsWith('SkipDryRunOnMissingResource='))) {
        model.annotate(r, SYNC_OPTIONS, [...opts, SKIP_DRY_RUN].join(','));
      }
    }
  }
}

/**
 * Manifests read from files: where a folder (what one Argo CD Application syncs) carries Argo
 * CD annotations, the same checks as for an app (nothing is written).
 */
function checkWrittenHygiene(model: AppModel, report: Reporter): void {
  for (const objects of objectsByFolder(model)) {
    const argo = objects.some((o) => Object.keys(obj(obj(o.json?.metadata).annotations)).some((k) => k.startsWith('argocd.argoproj.io/')));
    // durations of manifests are cert-manager's webhook rule, checked for every Certificate (cert-manager/certificate-lifetime)
    if (argo) check(model, report, objects, { skipDryRunOnMissingResource: false }, false);
  }
}

registerChecks({ id: 'gitops/argocd-hygiene', phase: 'manifests', check: checkWrittenHygiene });
