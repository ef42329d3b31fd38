// How constructs take part in the model (the one entry for families). Not exported from the package.
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppValidation } from './app-validation';
import { contribute, Contribution } from './contributions';
import { own, Ownership, registerDisplay } from './ownership';

/**
 * Attach `contribution` to `construct` (objects defined outside the app, declarations, a check
 * of its own, a pass), and make sure its app runs the library's checks under `app.synth()`.
 */
export function declareToModel(construct: IConstruct, contribution: Contribution): void {
  contribute(construct, contribution);
  AppValidation.ensure(construct);
}

/** Record that `ownership.owner` renders `apiObject` (messages name the owner; facts go with the object). */
export function ownApiObject(apiObject: ApiObject, ownership: Ownership): void {
  own(apiObject, ownership);
  registerDisplay(ownership);
  AppValidation.ensure(ownership.owner);
}
