// The synth pipeline's analysis: validate constructs, build one model per app, run the
// whole-app checks, run the GitOps passes, apply what they annotate. Rendering and writing are
// in write.ts. Not exported from the package.
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ProblemSeverity, ValidationProblem } from '../validation/problem';
import { record } from '../validation/warnings';
import { BuiltModel, buildModel } from './build';
import { ModelSource, registeredChecks } from './contributions';
import { AppModel, ModelObject } from './model';
import { applyAnnotations } from './render';
import { Reported, Reporter } from './reporter';

/** Builds each app's model once per synth and lends it to checks of other apps. */
export class Session implements ModelSource {
  private readonly built = new Map<IConstruct, BuiltModel>();

  /** The model of `root` with what its constructs contributed. */
  public builtModel(root: IConstruct): BuiltModel {
    let b = this.built.get(root);
    if (!b) this.built.set(root, (b = buildModel(root)));
    return b;
  }

  public modelOf(root: IConstruct): AppModel {
    return this.builtModel(root).model;
  }
}

/** What analysing apps found. */
export interface Analysis {
  readonly session: Session;
  /** Errors and warnings, in the order found. */
  readonly reported: Reported[];
}

/** Options of `analyse()`. */
export interface AnalyseOptions {
  /**
   * Run every construct's own `node.validate()` first (the pipeline validates each construct
   * once); constructs for which `skip` is true are left out.
   */
  readonly constructValidations: boolean;
  readonly skip?: (c: IConstruct) => boolean;
}

/**
 * Analyse `roots` together: construct validations, one model per root, the registered
 * whole-app checks and the constructs' own checks over it, then the passes, whose annotations
 * are applied to the ApiObjects and the model. Warnings are recorded on their constructs.
 */
export function analyse(roots: IConstruct[], options: AnalyseOptions): Analysis {
  const session = new Session();
  const report = new Reporter();
  if (options.constructValidations) {
    for (const root of roots) collectConstructValidations(root, report, options.skip);
  }
  for (const root of roots) {
    const b = session.builtModel(root);
    for (const p of b.renderProblems) report.reported.push({ problem: p });
    for (const check of registeredChecks()) if (check.phase === undefined || check.phase === 'model') check.check(b.model, report, session);
    for (const { contribution } of b.checks) contribution.check!(b.model, report, session);
  }
  for (const root of roots) {
    const b = session.builtModel(root);
    for (const pass of b.passes) pass.run(b.model, report, objectsUnder(b.model, pass.scope), session);
    applyAnnotations(b.model);
    for (const check of registeredChecks()) if (check.phase === 'output') check.check(b.model, report, session);
  }
  for (const r of report.reported) {
    if (r.problem.severity === ProblemSeverity.WARNING && r.construct) record(r.construct, r.problem);
  }
  return { session, reported: report.reported };
}

/** Every construct's own validation messages under `root` (cdk8s' `node.validate()`). */
export function collectConstructValidations(root: IConstruct, report: Reporter, skip?: (c: IConstruct) => boolean): void {
  for (const c of root.node.findAll()) {
    if (skip?.(c)) continue;
    for (const message of c.node.validate()) report.foreign(c, message);
  }
}

/** The errors among `reported`. */
export function errorsOf(reported: Reported[]): ValidationProblem[] {
  return reported.filter((r) => r.problem.severity === ProblemSeverity.ERROR).map((r) => r.problem);
}

/** The rendered objects of `model` whose ApiObject is `scope` or under it. */
function objectsUnder(model: AppModel, scope: IConstruct): ModelObject[] {
  if (scope === model.root) return model.rendered;
  const under = new Set<IConstruct>(scope.node.findAll().filter((c) => ApiObject.isApiObject(c)));
  return model.rendered.filter((o) => o.apiObject !== undefined && under.has(o.apiObject));
}
