import './private/manifest-placement';
import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as argo from '../../imports/argo-cd-argoproj.io';
import { Resource, ResourceType } from '../core/resource';
import { requireArray } from '../private/fields';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { ApplicationSource } from './application-source';
import { checkDestination, checkIgnoreDifference, checkProject, checkSource, checkSyncPolicy, checkSyncWave } from './private/application-input';
import { applicationMetadata, renderSpec } from './private/application-render';
import { ARGOCD_NAMESPACE } from './private/argocd';
import './private/application-checks';
import { ApplicationDestination, IgnoreDifference, SyncPolicy } from './sync-policy';

const APPLICATION = ResourceType._of({ l1: argo.Application, mapper: argo.toJson_ApplicationProps, kind: 'Application', namespaced: true });

/** Properties of an Argo CD `Application`. */
export interface ApplicationProps {
  /**
   * Name, namespace, labels and annotations. Do not set the `app.kubernetes.io/instance` label
   * (Argo CD's tracking label) or hook annotations.
   *
   * @default - name from the construct id; namespace `argocd`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The AppProject.
   *
   * @default 'default'
   */
  readonly project?: string;
  /** Where the manifests come from. */
  readonly source: ApplicationSource;
  /**
   * Where they are deployed.
   *
   * @default - the cluster Argo CD runs in (`https://kubernetes.default.svc`), no default namespace
   */
  readonly destination?: ApplicationDestination;
  /**
   * Sync policy.
   *
   * @default - manual sync
   */
  readonly syncPolicy?: SyncPolicy;
  /**
   * Differences to ignore (e.g. webhook `caBundle`s injected in the cluster); more with
   * `addIgnoreDifference()`.
   *
   * @default - none
   */
  readonly ignoreDifferences?: IgnoreDifference[];
  /**
   * Sync wave of the Application itself (annotation `argocd.argoproj.io/sync-wave`), for
   * app-of-apps ordering: lower waves sync (and must be healthy) first.
   *
   * @default - wave 0
   */
  readonly syncWave?: number;
  /**
   * Add Argo CD's `resources-finalizer.argocd.argoproj.io`: deleting the Application deletes
   * its resources too.
   *
   * @default false
   */
  readonly resourcesFinalizer?: boolean;
}

/**
 * An Argo CD `Application` (argoproj.io/v1alpha1).
 *
 * Checked at construction: names, repository URL, path inside the repository, Helm chart
 * pinned to an exact version, destination with exactly one of server / name, `Key=Value` sync
 * options with the values Argo CD accepts, ignoreDifferences that ignore something. Checked at
 * synth: no two Applications with the same name and namespace.
 */
export class Application extends Resource {
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** The AppProject. */
  public readonly project: string;
  /** The source. */
  public readonly source: ApplicationSource;
  /** The destination, defaults resolved. */
  public readonly destination: ApplicationDestination;
  /** The sync policy, if any. */
  public readonly syncPolicy?: SyncPolicy;
  /** The sync wave, if set. */
  public readonly syncWave?: number;

  private readonly _ignoreDifferences: IgnoreDifference[] = [];

  public constructor(scope: Construct, id: string, props: ApplicationProps) {
    if (props === null || typeof props !== 'object') fail(`${scope.node.path}/${id}`, 'props', props, 'Application props are required', 'pass { source, destination }');
    super(scope, id, APPLICATION, applicationMetadata(props.metadata, ARGOCD_NAMESPACE, props.syncWave, props.resourcesFinalizer));
    checkSyncWave(this, props.syncWave);
    this.namespace = this.apiObject.metadata.namespace!;
    this.project = checkProject(this, props.project ?? 'default');
    this.source = checkSource(this, props.source);
    this.destination = checkDestination(this, props.destination);
    const notes = checkSyncPolicy(this, props.syncPolicy);
    this.syncPolicy = props.syncPolicy;
    this.syncWave = props.syncWave;
    [...this.source._notes, ...notes].forEach((n) => Warnings.add(this, n));
    requireArray(this, 'ignoreDifferences', props.ignoreDifferences, { fix: 'pass an array of ignoreDifferences entries' }).forEach((d) => this.addIgnoreDifference(d));
  }

  /** @internal */
  protected _toSpec(): any {
    return renderSpec({
      project: this.project,
      source: this.source,
      destination: this.destination,
      syncPolicy: this.syncPolicy,
      ignoreDifferences: this._ignoreDifferences,
    });
  }

  /** The ignoreDifferences entries (copy). */
  public get ignoreDifferences(): IgnoreDifference[] {
    return this._ignoreDifferences.map((d) => ({ ...d }));
  }

  /** Ignore differences in some fields of some resources. */
  public addIgnoreDifference(difference: IgnoreDifference): void {
    this._ignoreDifferences.push(checkIgnoreDifference(this, `ignoreDifferences[${this._ignoreDifferences.length}]`, difference));
  }
}
