// Collects what whole-app checks find, as data. Not exported from the package.
import { IConstruct } from 'constructs';
import { pathOf, problem } from '../validation/error';
import { ProblemSeverity, ValidationProblem } from '../validation/problem';
import { describeObject, ModelObject } from './model';
import { displayFieldOf } from './ownership';

/** Where a problem is reported: an object of the model, or a construct. */
export type At = ModelObject | IConstruct;

function isModelObject(at: At): at is ModelObject {
  return typeof (at as ModelObject).index === 'number' && typeof (at as ModelObject).kind === 'string' && !('node' in at);
}

/** One problem and the construct it belongs to (warnings are recorded there). */
export interface Reported {
  readonly problem: ValidationProblem;
  readonly construct?: IConstruct;
  /** The id of the registered check that found it (set when manifests are checked). */
  readonly check?: string;
}

/** Collects problems: `[path] problem (field: value) — fix`. */
export class Reporter {
  public readonly reported: Reported[] = [];

  /**
   * An error: the cluster would reject it, or issuance would silently fail.
   *
   * @param at the object (fields as wire paths, e.g. `spec.dnsNames[0]`; shown as the L2's prop
   * names for objects the library renders) or the construct (fields as its props)
   */
  public error(at: At, field: string, value: unknown, what: string, fix: string): void {
    this.add(ProblemSeverity.ERROR, at, field, value, what, fix);
  }

  /** A warning: legal but dangerous, or depending on something outside the app (say so). */
  public warn(at: At, field: string, value: unknown, what: string, fix: string): void {
    this.add(ProblemSeverity.WARNING, at, field, value, what, fix);
  }

  /** A construct's own validation message (cdk8s' `node.addValidation()`), as cdk8s prints it. */
  public foreign(construct: IConstruct, message: string): void {
    this.reported.push({ problem: problem(ProblemSeverity.ERROR, pathOf(construct), '', '', message, ''), construct });
  }

  /** The problems, errors and warnings. */
  public get problems(): ValidationProblem[] {
    return this.reported.map((r) => r.problem);
  }

  private add(severity: ProblemSeverity, at: At, field: string, value: unknown, what: string, fix: string): void {
    if (isModelObject(at)) {
      const shown = displayFieldOf(at.owner, field);
      this.reported.push({ problem: problem(severity, at.path, shown, value, what, fix, describeObject(at)), construct: at.owner });
    } else {
      this.reported.push({ problem: problem(severity, pathOf(at), field, value, what, fix), construct: at });
    }
  }
}
