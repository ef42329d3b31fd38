// The model of manifests read from files (the `check` command), and the registered checks run
// over it: the same AppModel and the same checks as a synth, built from plain documents. Not
// exported from the package.
import { groupOf } from '../private/wire';
import { registeredChecks } from './contributions';
import { AppModel, Facts, ManifestSettings, ManifestSource, ModelObject } from './model';
import { Reported, Reporter } from './reporter';
// manifests from files are also checked against the pinned CRDs' schemas
import './schema-check';

/**
 * The facts about the cluster a user may state when checking manifests (`check --gateway-namespace`
 * ...), by setting name; each is read by the family it concerns, with its documented default.
 */
export const MANIFEST_SETTINGS = {
  /** Where gateway pods run when no workload of the input matches a Gateway's selector. */
  gatewayNamespace: 'gatewayNamespace',
  /** trust-manager's trust namespace. */
  trustNamespace: 'trustNamespace',
  /** cert-manager's cluster resource namespace (where ClusterIssuers read Secrets). */
  clusterResourceNamespace: 'clusterResourceNamespace',
} as const;

/** One document read from a file. */
export interface ManifestDocument {
  readonly source: ManifestSource;
  /** The parsed document (any shape: it is checked here). */
  readonly json: unknown;
}

/** What a family knows about manifests of one kind beyond their wire form (a gateway's pods' namespace). */
export interface ManifestFactsRule {
  readonly group: string;
  readonly kind: string;
  /**
   * The facts of `object`, taken from other objects of the model or from the settings, and
   * a note saying where each came from (shown to the user).
   */
  facts(object: ModelObject, model: AppModel): { facts: Facts; note?: string } | undefined;
}

const factsRules: ManifestFactsRule[] = [];

/**
 * How manifests of a folder reach a cluster, as a family knows it from objects of the input (an
 * Argo CD Application syncing the folder): the cluster of each folder ('' for the cluster the
 * tool runs in, or when nothing says), with a note saying why.
 */
export type ManifestPlacement = (model: AppModel) => Map<string, { cluster: string; note: string }>;

const placements: ManifestPlacement[] = [];

/** Register how a family places folders of manifests in clusters. */
export function registerManifestPlacement(placement: ManifestPlacement): void {
  if (!placements.includes(placement)) placements.push(placement);
}

/** Register how a family derives the facts of manifests read from files (once per kind). */
export function registerManifestFacts(rule: ManifestFactsRule): void {
  if (!factsRules.some((r) => r.group === rule.group && r.kind === rule.kind)) factsRules.push(rule);
}

/** A manifest that is not an object the API server would take, found while building the model. */
export interface ShapeProblem {
  readonly source: ManifestSource;
  readonly field: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/** The model of a set of manifests, with where its facts came from. */
export interface ManifestModel {
  readonly model: AppModel;
  /** Where facts not in the manifests were taken from, per object. */
  readonly notes: Array<{ object: ModelObject; note: string }>;
  /** Which cluster each folder was taken to reach, and why. */
  readonly folderNotes: Array<{ folder: string; note: string }>;
  /** Documents that are not Kubernetes objects (left out of the model). */
  readonly shapeProblems: ShapeProblem[];
}

/**
 * The rendered objects of a model of manifests by folder: what one Argo CD Application syncs
 * together in a GitOps repo (one group for a model of an app).
 */
export function objectsByFolder(model: AppModel): ModelObject[][] {
  const folders = new Map<string, ModelObject[]>();
  for (const o of model.rendered) {
    const key = o.source?.folder ?? '';
    const list = folders.get(key);
    if (list) list.push(o);
    else folders.set(key, [o]);
  }
  return [...folders.values()];
}

/** `file#document`, the path messages name a manifest by. */
export function sourcePath(source: ManifestSource): string {
  return `${source.file}#${source.document}`;
}

/** Build the model of `documents`: `List` kinds are unpacked, facts derived by the families' rules. */
export function modelFromManifests(documents: ManifestDocument[], settings: ManifestSettings = {}): ManifestModel {
  const shapeProblems: ShapeProblem[] = [];
  const plain: Array<Omit<ModelObject, 'index' | 'facts'>> = [];
  const add = (source: ManifestSource, json: any, prefix: string) => {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      shapeProblems.push({ source, field: prefix || '<document>', value: json, problem: 'is not a Kubernetes object (a YAML mapping)', fix: 'give each document apiVersion, kind and metadata' });
      return;
    }
    if (typeof json.kind === 'string' && json.kind.endsWith('List') && Array.isArray(json.items)) {
      json.items.forEach((item: unknown, i: number) => add(source, item, `${prefix}items[${i}]`));
      return;
    }
    const missing = ['apiVersion', 'kind'].find((f) => typeof json[f] !== 'string' || json[f] === '')
      ?? (typeof json.metadata?.name !== 'string' || json.metadata.name === '' ? 'metadata.name' : undefined);
    if (missing !== undefined) {
      shapeProblems.push({ source, field: `${prefix}${missing}`, value: undefined, problem: `a Kubernetes object needs ${missing}; the API server rejects this document`, fix: `set ${missing}` });
      return;
    }
    plain.push({
      apiVersion: json.apiVersion,
      group: groupOf(json.apiVersion),
      kind: json.kind,
      name: json.metadata.name,
      namespace: typeof json.metadata.namespace === 'string' ? json.metadata.namespace : '',
      cluster: '',
      json,
      path: prefix ? `${sourcePath(source)} ${prefix}` : sourcePath(source),
      external: false,
      source,
    });
  };
  for (const d of documents) add(d.source, d.json, '');

  // the cluster and the facts may depend on other objects (the Application syncing a folder,
  // the Deployment running a gateway's pods): derive them over a model without, then build
  // the final one
  const notes: Array<{ index: number; note: string }> = [];
  let bare = new AppModel(undefined, plain.map((o, index) => ({ ...o, index, facts: {} })), [], settings);
  const clusters = new Map<string, { cluster: string; note: string }>();
  for (const placement of placements) for (const [folder, c] of placement(bare)) if (!clusters.has(folder)) clusters.set(folder, c);
  if (clusters.size > 0) {
    bare = new AppModel(undefined, bare.objects.map((o) => ({ ...o, cluster: clusters.get(o.source!.folder)?.cluster ?? '' })), [], settings);
  }
  const objects = bare.objects.map((o) => {
    const rule = factsRules.find((r) => r.group === o.group && r.kind === o.kind);
    const derived = rule?.facts(o, bare);
    if (derived?.note) notes.push({ index: o.index, note: derived.note });
    return derived ? { ...o, facts: derived.facts } : o;
  });
  const model = new AppModel(undefined, objects, [], settings);
  return {
    model,
    notes: notes.map((n) => ({ object: model.objects[n.index], note: n.note })),
    folderNotes: [...clusters].map(([folder, c]) => ({ folder, note: c.note })),
    shapeProblems,
  };
}

/**
 * Run every registered check over a model of manifests: the model checks, the checks of what
 * an app's passes would have written (`manifests`), then the output checks; each problem
 * tagged with the check's id.
 */
export function checkManifestModel(model: AppModel): Reported[] {
  const report = new Reporter();
  const models = { modelOf: () => model };
  for (const phase of ['model', 'manifests', 'output']) {
    for (const check of registeredChecks()) {
      if ((check.phase ?? 'model') !== phase) continue;
      const before = report.reported.length;
      check.check(model, report, models);
      for (let i = before; i < report.reported.length; i++) report.reported[i] = { ...report.reported[i], check: check.id };
    }
  }
  return report.reported;
}
