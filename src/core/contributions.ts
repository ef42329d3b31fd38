// Whole-app checks and GitOps passes, and what constructs declare to the model. Families
// register their checks when their modules load; constructs attach declarations, checks of
// their own and passes when they are created. Not exported from the package.
import { IConstruct } from 'constructs';
import { AppModel, Facts, ModelObject } from './model';
import { Reporter } from './reporter';

/** Models of other apps synthesized together (a Let's Encrypt budget over every folder). */
export interface ModelSource {
  /** The model of the app `root` (built once per synth). */
  modelOf(root: IConstruct): AppModel;
}

/** A check over the wire form of a whole app; runs for every app, whatever built its objects. */
export interface ModelCheck {
  /** Unique name, e.g. `cert-manager/certificate-secrets`. */
  readonly id: string;
  /**
   * `output` checks see the manifests as they will be written, after the passes annotated them
   * (object sizes); `model` checks run before the passes; `manifests` checks run only over
   * manifests read from files, where they check what a pass would have written for an app
   * (sync waves, Argo CD annotations).
   * @default 'model'
   */
  readonly phase?: 'model' | 'output' | 'manifests';
  check(model: AppModel, report: Reporter, models: ModelSource): void;
}

const globalChecks = new Map<string, ModelCheck>();

/** Register checks (once per id; a module loaded twice registers nothing new). */
export function registerChecks(...checks: ModelCheck[]): void {
  for (const c of checks) if (!globalChecks.has(c.id)) globalChecks.set(c.id, c);
}

/** Every registered check, in registration order. */
export function registeredChecks(): ModelCheck[] {
  return [...globalChecks.values()];
}

/** An object that exists outside the app, declared by an importer. */
export interface ExternalObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** '' for cluster-scoped kinds. */
  readonly namespace: string;
  readonly facts?: Facts;
}

/** A pass over the rendered objects under `scope` (sync waves, Argo CD hygiene). */
export interface ModelPass {
  /** The objects it handles: those under this scope. */
  readonly scope: IConstruct;
  run(model: AppModel, report: Reporter, objects: ModelObject[], models: ModelSource): void;
}

/** What one construct contributes to the model. */
export interface Contribution {
  /** Objects defined outside the app that this construct stands for. */
  externals?(): ExternalObject[];
  /** Statements about the app, e.g. `{ type: 'secret-namespaces', data }`. */
  declarations?(): Array<{ type: string; data: any }>;
  /** A check of this construct that needs the whole model; runs once per synth. */
  check?(model: AppModel, report: Reporter, models: ModelSource): void;
  /** A pass writing annotations, run after every check. */
  pass?: ModelPass;
}

const contributions = new WeakMap<IConstruct, Contribution[]>();

/** Attach `contribution` to `construct` (read at every model build). */
export function contribute(construct: IConstruct, contribution: Contribution): void {
  const list = contributions.get(construct);
  if (list) list.push(contribution);
  else contributions.set(construct, [contribution]);
}

/** What `construct` contributes (undefined when nothing). */
export function contributionsOf(construct: IConstruct): readonly Contribution[] | undefined {
  return contributions.get(construct);
}
