import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as argo from '../../imports/argo-cd-argoproj.io';
import { resolveMetadata } from '../private/metadata';
import { checkDns1123Subdomain, checkLabelKey, checkLabelValue } from '../private/names';
import { fail, Where } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { ApplicationSource } from './application-source';
import { checkLabelMap, checkObjectName } from './checks';
import {
  checkDestination, checkIgnoreDifference, checkProject, checkSource, checkSyncPolicy, checkSyncWave, renderSpec,
  RESOURCES_FINALIZER, SYNC_WAVE_ANNOTATION,
} from './render';
import { ApplicationDestination, IgnoreDifference, SyncPolicy } from './sync-policy';
import { plainRendering } from '../private/plain-render';

/** The ApplicationSet API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const ApplicationSetObject = plainRendering(argo.ApplicationSet, argo.toJson_ApplicationSetProps);

const ARGOCD_NAMESPACE = 'argocd';
/** Parameters the cluster generator provides besides `metadata.*` and `values.*`. */
const CLUSTER_PARAMS = ['name', 'nameNormalized', 'server', 'project'];
/** Go template keywords that look like bare identifiers. */
const GO_KEYWORDS = new Set(['end', 'else', 'nil', 'true', 'false', 'break', 'continue']);
const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

/** The kind of an ApplicationSet generator. */
export enum GeneratorType {
  /** One Application per cluster registered in Argo CD (optionally filtered by labels). */
  CLUSTERS = 'clusters',
  /** One Application per element of a fixed list. */
  LIST = 'list',
}

/** Options of the cluster generator. */
export interface ClusterGeneratorOptions {
  /**
   * Only clusters whose Argo CD cluster Secret carries these labels. The local cluster
   * (`in-cluster`) has no Secret unless one is created, so label selectors skip it.
   *
   * @default - every registered cluster
   */
  readonly selector?: { [key: string]: string };
  /**
   * Extra parameters for every cluster, available as `values.<key>`.
   *
   * @default - none
   */
  readonly values?: { [key: string]: string };
}

/**
 * What an ApplicationSet iterates over. Only the cluster and list generators are typed by the
 * library (the generated classes trim the others).
 */
export class ApplicationSetGenerator {
  /**
   * One Application per cluster. Parameters: `name`, `nameNormalized`, `server`, `project`,
   * `metadata.labels.<key>`, `metadata.annotations.<key>`, `values.<key>`.
   */
  public static clusters(options: ClusterGeneratorOptions = {}): ApplicationSetGenerator {
    const where = 'ApplicationSetGenerator.clusters';
    checkStringMap(where, 'selector', options.selector, true);
    checkStringMap(where, 'values', options.values, false);
    return new ApplicationSetGenerator(GeneratorType.CLUSTERS, options.selector ? { ...options.selector } : undefined,
      options.values ? { ...options.values } : undefined, undefined);
  }

  /**
   * One Application per element; each element's keys are the parameters.
   *
   * @param elements e.g. `[{ cluster: 'eu-1', url: 'https://…' }, { cluster: 'us-1', url: 'https://…' }]`
   */
  public static list(elements: { [key: string]: string }[]): ApplicationSetGenerator {
    const where = 'ApplicationSetGenerator.list';
    if (!Array.isArray(elements) || elements.length === 0) fail(where, 'elements', elements, 'a list generator needs at least one element', 'pass one parameter map per Application');
    elements.forEach((e, i) => checkStringMap(where, `elements[${i}]`, e, false));
    return new ApplicationSetGenerator(GeneratorType.LIST, undefined, undefined, elements.map((e) => ({ ...e })));
  }

  private constructor(
    /** Cluster or list. */
    public readonly type: GeneratorType,
    /** Cluster label selector (cluster generator). */
    public readonly selector?: { [key: string]: string },
    /** Extra values (cluster generator). */
    public readonly values?: { [key: string]: string },
    /** Elements (list generator). */
    public readonly elements?: { [key: string]: string }[],
  ) {}

  /**
   * Whether the generator provides parameter `path` (dotted) to every Application; else
   * a description of what is missing.
   *
   * @internal
   */
  public _missing(path: string, goTemplate: boolean): string | undefined {
    const [root, ...rest] = path.split('.');
    if (this.type === GeneratorType.CLUSTERS) {
      if (CLUSTER_PARAMS.includes(path)) return undefined;
      if (root === 'metadata' && (rest.length === 0 ? goTemplate : ['labels', 'annotations'].includes(rest[0]) && (rest.length > 1 || goTemplate))) return undefined;
      if (root === 'values') {
        if (rest.length === 0 && goTemplate) return undefined;
        if (this.values && rest.length > 0 && rest.join('.') in this.values) return undefined;
        return `the cluster generator has no "${path}" (values: ${Object.keys(this.values ?? {}).join(', ') || 'none'})`;
      }
      return `the cluster generator provides name, nameNormalized, server, project, metadata.labels.*, metadata.annotations.* and values.*, not "${path}"`;
    }
    const key = goTemplate ? root : path;
    const without = (this.elements ?? []).findIndex((e) => !(key in e));
    return without < 0 ? undefined : `list element ${without} has no "${key}"`;
  }

  /** @internal */
  public _toKube(): any {
    if (this.type === GeneratorType.CLUSTERS) {
      return {
        clusters: {
          ...(this.selector ? { selector: { matchLabels: { ...this.selector } } } : {}),
          ...(this.values ? { values: { ...this.values } } : {}),
        },
      };
    }
    return { list: { elements: this.elements!.map((e) => ({ ...e })) } };
  }
}

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
export class ApplicationSet extends Construct {
  /** The L1 object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Whether Go templates are used. */
  public readonly goTemplate: boolean;
  /** The generators. */
  public readonly generators: ApplicationSetGenerator[];
  /** The template. */
  public readonly template: ApplicationSetTemplate;

  public constructor(scope: Construct, id: string, props: ApplicationSetProps) {
    super(scope, id);
    if (props === null || typeof props !== 'object') fail(this, 'props', props, 'ApplicationSet props are required', 'pass { generators, template }');
    const metadata = resolveMetadata(this, { ...props.metadata, namespace: props.metadata?.namespace ?? ARGOCD_NAMESPACE }, { namespaced: true, kind: 'ApplicationSet' });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    this.goTemplate = props.goTemplate ?? true;
    if (!Array.isArray(props.generators) || props.generators.length === 0) {
      fail(this, 'generators', props.generators, 'an ApplicationSet needs at least one generator', 'pass e.g. [ApplicationSetGenerator.clusters()]');
    }
    props.generators.forEach((g, i) => {
      if (!(g instanceof ApplicationSetGenerator)) fail(this, `generators[${i}]`, g, 'must be created with ApplicationSetGenerator.clusters() or list()', 'use the ApplicationSetGenerator factories');
    });
    this.generators = [...props.generators];
    const t = props.template;
    if (t === null || typeof t !== 'object') fail(this, 'template', t, 'an ApplicationSet needs a template', 'pass { name, source, destination }');
    this.template = t;

    // the template's parts, checked as for an Application (parameters relax the syntax checks)
    checkObjectName(this, 'template.name', t.name, 'Application name', 'use a pattern such as "{{.nameNormalized}}-platform"');
    checkSyncWave(this, t.syncWave, 'template.');
    checkLabelMap(this, 'template.labels', t.labels);
    const project = checkProject(this, t.project ?? 'default', 'template.');
    const source = checkSource(this, t.source, 'template.');
    if (t.destination === undefined) fail(this, 'template.destination', t.destination, 'the template needs a destination', 'pass e.g. { server: "{{.server}}", namespace: "istio-system" }');
    const destination = checkDestination(this, t.destination, 'template.');
    const notes = [...source._notes, ...checkSyncPolicy(this, t.syncPolicy, 'template.')];
    const ignoreDifferences = (t.ignoreDifferences ?? []).map((d, i) => checkIgnoreDifference(this, `template.ignoreDifferences[${i}]`, d));

    const annotations = { ...(t.annotations ?? {}), ...(t.syncWave !== undefined ? { [SYNC_WAVE_ANNOTATION]: String(t.syncWave) } : {}) };
    const templateMetadata = {
      name: t.name,
      ...(t.labels ? { labels: { ...t.labels } } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ...(t.resourcesFinalizer ? { finalizers: [RESOURCES_FINALIZER] } : {}),
    };
    const templateSpec = renderSpec({ project, source, destination, syncPolicy: t.syncPolicy, ignoreDifferences });
    this.checkParameters({ metadata: templateMetadata, spec: templateSpec });
    this.checkNames(t.name);
    if (this.generators.some((g) => g.type === GeneratorType.CLUSTERS) && references(t.name, this.goTemplate).some((r) => r.path === 'name')) {
      notes.push('template.name uses the cluster "name", which need not be a valid Kubernetes name (e.g. EKS ARNs); nameNormalized is');
    }
    notes.forEach((n) => Warnings.add(this, n));

    this.apiObject = new ApplicationSetObject(this, 'Resource', {
      metadata,
      spec: {
        ...(this.goTemplate ? { goTemplate: true, goTemplateOptions: ['missingkey=error'] } : {}),
        generators: this.generators.map((g) => g._toKube()),
        template: { metadata: templateMetadata, spec: templateSpec },
        ...(props.preserveResourcesOnDeletion !== undefined ? { syncPolicy: { preserveResourcesOnDeletion: props.preserveResourcesOnDeletion } } : {}),
      },
    });
  }

  /** Every parameter the template uses exists in every generator, in the right syntax. */
  private checkParameters(template: any): void {
    walkStrings(template, 'template', (field, text) => {
      for (const ref of references(text, this.goTemplate)) {
        if (ref.wrongSyntax) {
          fail(this, field, text, this.goTemplate
            ? `"{{${ref.action}}}" is fasttemplate syntax, but goTemplate is on`
            : `"{{${ref.action}}}" is Go template syntax, but goTemplate is off`,
          this.goTemplate ? `write {{.${ref.path}}}` : `write {{${ref.path}}} or set goTemplate: true`);
        }
        this.generators.forEach((g, i) => {
          const missing = g._missing(ref.path, this.goTemplate);
          if (missing) fail(this, field, text, `parameter "${ref.path}" is not provided by generators[${i}]: ${missing}`, 'use a parameter every generator provides, or add it (list element keys, cluster values)');
        });
      }
    });
  }

  /** The name pattern gives valid names, distinct per list element. */
  private checkNames(pattern: string): void {
    const sample = pattern.replace(ACTION, 'x');
    const problem = checkDns1123Subdomain(sample);
    if (problem) fail(this, 'template.name', pattern, `Application names from this pattern (e.g. "${sample}") ${problem}`, 'keep the fixed parts of the pattern lowercase letters, digits, "-" and "."');
    for (const g of this.generators) {
      if (g.type !== GeneratorType.LIST) continue;
      const seen = new Map<string, number>();
      g.elements!.forEach((e, i) => {
        const name = render(pattern, e, this.goTemplate);
        if (name === undefined) return;
        const p = checkDns1123Subdomain(name);
        if (p) fail(this, 'template.name', name, `the Application name for list element ${i} ${p}`, 'use element values that give valid names (or nameNormalized-like values)');
        if (seen.has(name)) fail(this, 'template.name', name, `list elements ${seen.get(name)} and ${i} give the same Application name`, 'make the name pattern use a parameter that differs per element');
        seen.set(name, i);
      });
    }
  }
}

interface Reference {
  readonly action: string;
  readonly path: string;
  readonly wrongSyntax: boolean;
}

/** Parameter references in a string: `{{.a.b}}` (Go) or `{{a.b}}` (fasttemplate). */
function references(text: string, goTemplate: boolean): Reference[] {
  const out: Reference[] = [];
  for (const m of text.matchAll(ACTION)) {
    const action = m[1];
    if (goTemplate) {
      const bare = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)$/.exec(action);
      if (bare && !GO_KEYWORDS.has(bare[1].split('.')[0])) {
        out.push({ action, path: bare[1], wrongSyntax: true });
        continue;
      }
      // field chains starting with '.', not after an identifier, ')' or ']' (method / index results)
      for (const f of action.matchAll(/(?<![\w)\]$])\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g)) {
        out.push({ action, path: f[1], wrongSyntax: false });
      }
    } else {
      const path = action.trim();
      out.push({ action, path: path.replace(/^\./, ''), wrongSyntax: path.startsWith('.') });
    }
  }
  return out;
}

/** Render a simple pattern for one list element; undefined when it uses more than plain references. */
function render(pattern: string, element: { [key: string]: string }, goTemplate: boolean): string | undefined {
  let complex = false;
  const out = pattern.replace(ACTION, (_all, action: string) => {
    const m = goTemplate ? /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(action) : /^([^\s{}]+)$/.exec(action);
    if (!m || !(m[1] in element)) {
      complex = true;
      return 'x';
    }
    return element[m[1]];
  });
  return complex ? undefined : out;
}

function walkStrings(value: any, field: string, visit: (field: string, text: string) => void): void {
  if (typeof value === 'string') {
    visit(field, value);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walkStrings(v, `${field}[${i}]`, visit));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('{{')) visit(`${field} (key)`, k);
      walkStrings(v, `${field}.${k}`, visit);
    }
  }
}

function checkStringMap(where: Where, field: string, map: { [key: string]: string } | undefined, labels: boolean): void {
  if (map === undefined) return;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) fail(where, field, map, 'must be a map of strings', 'pass an object of string values');
  for (const [key, value] of Object.entries(map)) {
    const f = `${field}[${JSON.stringify(key)}]`;
    if (typeof value !== 'string') fail(where, f, value, 'value must be a string', 'quote the value');
    if (key.length === 0) fail(where, f, key, 'key must not be empty', 'name the parameter');
    if (labels) {
      const problem = checkLabelKey(key) ?? checkLabelValue(value);
      if (problem) fail(where, f, value, `label ${problem}`, 'use a valid Kubernetes label');
    }
  }
}
