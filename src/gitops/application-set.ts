import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as argo from '../../imports/argo-cd-argoproj.io';
import { Resource, ResourceType } from '../core/resource';
import { receiveAll } from '../private/factory';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { ApplicationSetGenerator } from './application-set-generator';
import { ApplicationSource } from './application-source';
import { checkDestination, checkIgnoreDifferences, checkProject, checkSource, checkSyncPolicy, checkSyncWave } from './private/application-input';
import { renderGenerator, renderSpec, templateMetadata } from './private/application-render';
import { checkTemplateNames, checkTemplateParameters, templateNameNotes } from './private/application-set-template';
import { ARGOCD_NAMESPACE } from './private/argocd';
import { checkTemplatedLabels, checkTemplatedObjectName } from './private/template';
import { ApplicationDestination, IgnoreDifference, SyncPolicy } from './sync-policy';

const APPLICATION_SET = ResourceType._of({ l1: argo.ApplicationSet, mapper: argo.toJson_ApplicationSetProps, kind: 'ApplicationSet', namespaced: true });

/** The Application each generated parameter set becomes. */
export interface ApplicationSetTemplate {
  /** Application name pattern, e.g. `{{.nameNormalized}}-platform` (goTemplate) or `{{name}}-platform`. */
  readonly name: string;
  /**
   * Labels of the Applications (values may use parameters).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the Applications (values may use parameters).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * AppProject (may use parameters).
   *
   * @default 'default'
   */
  readonly project?: string;
  /** Source; Git paths, revisions and Helm values may use parameters (e.g. `clusters/{{.name}}`). */
  readonly source: ApplicationSource;
  /** Destination, e.g. `{ server: '{{.server}}', namespace: 'istio-system' }`. */
  readonly destination: ApplicationDestination;
  /**
   * Sync policy of the Applications.
   *
   * @default - manual sync
   */
  readonly syncPolicy?: SyncPolicy;
  /**
   * Differences to ignore.
   *
   * @default - none
   */
  readonly ignoreDifferences?: IgnoreDifference[];
  /**
   * Sync wave of each generated Application.
   *
   * @default - wave 0
   */
  readonly syncWave?: number;
  /**
   * Add `resources-finalizer.argocd.argoproj.io` to each Application.
   *
   * @default false
   */
  readonly resourcesFinalizer?: boolean;
}

/** Properties of an Argo CD `ApplicationSet`. */
export interface ApplicationSetProps {
  /**
   * Name, namespace, labels and annotations.
   *
   * @default - name from the construct id; namespace `argocd`
   */
  readonly metadata?: ApiObjectMetadata;
  /** Generators; each one's parameter sets become Applications. */
  readonly generators: ApplicationSetGenerator[];
  /** The Application template. */
  readonly template: ApplicationSetTemplate;
  /**
   * Use Go templates (`{{.name}}`), with `missingkey=error` so a missing parameter fails
   * instead of rendering `<no value>`. With false, fasttemplate syntax (`{{name}}`).
   *
   * @default true
   */
  readonly goTemplate?: boolean;
  /**
   * Keep the deployed resources when the ApplicationSet (and so its Applications) is deleted.
   *
   * @default false
   */
  readonly preserveResourcesOnDeletion?: boolean;
}

/**
 * An Argo CD `ApplicationSet` (argoproj.io/v1alpha1): the same Application fanned out over
 * clusters (cluster generator) or a list of parameter sets.
 *
 * Checked at construction: every parameter the template uses is provided by every generator
 * and written in the syntax `goTemplate` selects; the name pattern yields valid, distinct
 * names (per list element); plus everything `Application` checks on the template's parts.
 */
export class ApplicationSet extends Resource {
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Whether Go templates are used. */
  public readonly goTemplate: boolean;
  /** The generators. */
  public readonly generators: ApplicationSetGenerator[];
  /** The template. */
  public readonly template: ApplicationSetTemplate;

  /** The rendered template (checked at construction, where the parameters are checked against it). */
  private readonly renderedTemplate: { metadata: any; spec: any };
  private readonly preserveResourcesOnDeletion?: boolean;

  public constructor(scope: Construct, id: string, props: ApplicationSetProps) {
    if (props === null || typeof props !== 'object') fail(`${scope.node.path}/${id}`, 'props', props, 'ApplicationSet props are required', 'pass { generators, template }');
    super(scope, id, APPLICATION_SET, { ...props.metadata, namespace: props.metadata?.namespace ?? ARGOCD_NAMESPACE });
    this.namespace = this.apiObject.metadata.namespace!;
    this.goTemplate = props.goTemplate ?? true;
    this.preserveResourcesOnDeletion = props.preserveResourcesOnDeletion;
    if (!Array.isArray(props.generators) || props.generators.length === 0) {
      fail(this, 'generators', props.generators, 'an ApplicationSet needs at least one generator', 'pass e.g. [ApplicationSetGenerator.clusters()]');
    }
    receiveAll(this, 'generators', props.generators);
    props.generators.forEach((g, i) => {
      if (!(g instanceof ApplicationSetGenerator)) fail(this, `generators[${i}]`, g, 'must be created with ApplicationSetGenerator.clusters() or list()', 'use the ApplicationSetGenerator factories');
    });
    this.generators = [...props.generators];
    const t = props.template;
    if (t === null || typeof t !== 'object') fail(this, 'template', t, 'an ApplicationSet needs a template', 'pass { name, source, destination }');
    this.template = t;
    const notes: string[] = [];
    this.renderedTemplate = this.checkTemplate(t, notes);
    notes.forEach((n) => Warnings.add(this, n));
  }

  /** @internal */
  protected _toSpec(): any {
    return {
      ...(this.goTemplate ? { goTemplate: true, goTemplateOptions: ['missingkey=error'] } : {}),
      generators: this.generators.map(renderGenerator),
      template: this.renderedTemplate,
      ...(this.preserveResourcesOnDeletion !== undefined ? { syncPolicy: { preserveResourcesOnDeletion: this.preserveResourcesOnDeletion } } : {}),
    };
  }

  /** The template's parts, checked as for an Application (parameters relax the syntax checks), then its parameters; the rendered template. */
  private checkTemplate(t: ApplicationSetTemplate, notes: string[]): { metadata: any; spec: any } {
    checkTemplatedObjectName(this, 'template.name', t.name, 'Application');
    checkSyncWave(this, t.syncWave, 'template.');
    checkTemplatedLabels(this, 'template.labels', t.labels);
    const project = checkProject(this, t.project ?? 'default', 'template.');
    const source = checkSource(this, t.source, 'template.');
    if (t.destination === undefined) fail(this, 'template.destination', t.destination, 'the template needs a destination', 'pass e.g. { server: "{{.server}}", namespace: "istio-system" }');
    const destination = checkDestination(this, t.destination, 'template.');
    notes.push(...source._notes, ...checkSyncPolicy(this, t.syncPolicy, 'template.'));
    const ignoreDifferences = checkIgnoreDifferences(this, 'template.ignoreDifferences', t.ignoreDifferences);
    const rendered = { metadata: templateMetadata(t), spec: renderSpec({ project, source, destination, syncPolicy: t.syncPolicy, ignoreDifferences }) };
    checkTemplateParameters(this, rendered, this.generators, this.goTemplate);
    checkTemplateNames(this, t.name, this.generators, this.goTemplate);
    notes.push(...templateNameNotes(t.name, this.generators, this.goTemplate));
    return rendered;
  }
}
