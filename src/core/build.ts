// Building the model of an app from its constructs: one walk of the tree, every ApiObject
// rendered once. Reads the constructs, never changes them. Not exported from the package.
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { clusterOf } from '../private/cluster';
import { groupOf } from '../private/wire';
import { Errors } from '../validation/error';
import { ValidationProblem } from '../validation/problem';
import { Contribution, contributionsOf, ModelPass } from './contributions';
import { AppModel, Declaration, ModelObject } from './model';
import { ownershipOf } from './ownership';

/** A model and what its constructs contributed besides objects. */
export interface BuiltModel {
  readonly model: AppModel;
  /** Checks constructs attached, with their construct. */
  readonly checks: Array<{ construct: IConstruct; contribution: Contribution }>;
  /** Passes, in tree order. */
  readonly passes: ModelPass[];
  /** Problems of objects whose rendering failed with the library's error (a Lazy that validated). */
  readonly renderProblems: ValidationProblem[];
  /** Rendering failures of any other kind: synth rethrows the first, as cdk8s would. */
  readonly renderErrors: unknown[];
}

/** The model of the app (or subtree) `root`. */
export function buildModel(root: IConstruct): BuiltModel {
  const objects: ModelObject[] = [];
  const declarations: Declaration[] = [];
  const checks: Array<{ construct: IConstruct; contribution: Contribution }> = [];
  const passes: ModelPass[] = [];
  const renderProblems: ValidationProblem[] = [];
  const renderErrors: unknown[] = [];

  for (const c of root.node.findAll()) {
    if (ApiObject.isApiObject(c)) {
      let json: any;
      try {
        json = c.toJson();
      } catch (e) {
        if (Errors.isValidationError(e)) renderProblems.push(...Errors.problemsOf(e));
        else renderErrors.push(e);
      }
      const ownership = ownershipOf(c);
      const owner = ownership?.owner ?? c;
      const apiVersion: string = typeof json?.apiVersion === 'string' ? json.apiVersion : c.apiVersion;
      objects.push({
        index: objects.length,
        apiVersion,
        group: groupOf(apiVersion),
        kind: typeof json?.kind === 'string' ? json.kind : c.kind,
        name: String(json?.metadata?.name ?? c.name),
        namespace: typeof json?.metadata?.namespace === 'string' ? json.metadata.namespace : '',
        cluster: clusterOf(c) ?? '',
        json,
        apiObject: c,
        owner,
        // computed on demand: only messages need it, and a path is built from every scope
        get path() {
          return owner.node.path;
        },
        facts: ownership?.facts?.() ?? {},
        external: false,
      });
    }
    const contributed = contributionsOf(c);
    if (!contributed) continue;
    for (const contribution of contributed) {
      for (const x of contribution.externals?.() ?? []) {
        const apiVersion = x.apiVersion;
        objects.push({
          index: objects.length,
          apiVersion,
          group: groupOf(apiVersion),
          kind: x.kind,
          name: x.name,
          namespace: x.namespace,
          cluster: clusterOf(c) ?? '',
          json: undefined,
          owner: c,
          get path() {
            return c.node.path;
          },
          facts: x.facts ?? {},
          external: true,
        });
      }
      for (const d of contribution.declarations?.() ?? []) declarations.push({ ...d, owner: c });
      if (contribution.check) checks.push({ construct: c, contribution });
      if (contribution.pass) passes.push(contribution.pass);
    }
  }
  return { model: new AppModel(root, objects, declarations), checks, passes, renderProblems, renderErrors };
}
