import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { goDuration } from '../private/duration';
import { ProblemSeverity, ValidationProblem } from './problem';

const VALIDATION_ERROR = Symbol.for('cdk8s-istio-tls.ValidationError');

/**
 * Recognise the errors this library throws, and read their problems as data.
 */
export class Errors {
  /**
   * Whether `x` is an error thrown by this library's validation: at construction, from
   * `app.synth()` / `Testing.synth()` / `cdk8s synth`, or from `Synthesis` and `GitOpsRepo.synth()`.
   *
   * Messages have the form `[construct path] what is wrong (field: value) — how to fix`.
   */
  public static isValidationError(x: any): boolean {
    return x !== null && typeof x === 'object' && (x as any)[VALIDATION_ERROR] === true;
  }

  /**
   * The problems of a validation error of this library, all of them (an error from a synth
   * reports every problem of the app at once); empty for any other value.
   */
  public static problemsOf(x: any): ValidationProblem[] {
    return Errors.isValidationError(x) && Array.isArray(x.problems) ? [...x.problems] : [];
  }

  private constructor() {}
}

/**
 * The one error class of the library. Not part of the jsii API (jsii cannot extend Error);
 * use `Errors.isValidationError()` to recognise it and `Errors.problemsOf()` to read it.
 *
 * @internal
 */
export class ValidationError extends Error {
  /** Every problem, in the order found. */
  public readonly problems: ValidationProblem[];

  /**
   * @param problems the problems (at least one)
   * @param report `single` prints one problem as `[path] ...`; `all` prints cdk8s' familiar
   * "Validation failed with the following errors:" list
   */
  public constructor(problems: ValidationProblem[], report: 'single' | 'all' = problems.length === 1 ? 'single' : 'all') {
    super(report === 'single' ? problems[0].message : `Validation failed with the following errors:\n  ${problems.map((p) => p.message).join('\n  ')}`);
    this.name = 'ValidationError';
    this.problems = problems;
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
  }
}

/** Where a problem was found: a construct, or a name for scope-less code (static factories). */
export type Where = IConstruct | string;

/** Renders a value for an error message: strings quoted, Durations in Go form. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'unset';
  if (value instanceof Duration) return goDuration(value);
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The message body without the path: `<problem> (<field>: <value>) — <fix>`.
 */
export function describeProblem(field: string, value: unknown, problem: string, fix: string): string {
  return `${problem} (${field}: ${formatValue(value)}) — ${fix}`;
}

/** `[path]` of a construct, or the name given for scope-less code. */
export function pathOf(where: Where): string {
  return typeof where === 'string' ? where : (where.node.path || '<root>');
}

/** A problem as data, with its message `[path] problem (field: value) — fix`. */
export function problem(severity: ProblemSeverity, path: string, field: string, value: unknown, what: string, fix: string, object?: string): ValidationProblem {
  const message = field === '' && fix === ''
    ? `[${path}] ${what}`
    : `[${path}] ${describeProblem(field, value, what, fix)}`;
  return { severity, path, field, value: formatValue(value), problem: what, fix, ...(object !== undefined ? { object } : {}), message };
}

/**
 * Throw the library's error: `[path] problem (field: value) — fix`.
 *
 * @param where the construct (or static factory name) that received the input
 * @param field the field as the user wrote it, e.g. `renewBefore` or `servers[1].tls.mode`
 * @param value the value received
 * @param what what is wrong, lowercase, no trailing period
 * @param fix how to fix it
 */
export function fail(where: Where, field: string, value: unknown, what: string, fix: string): never {
  throw new ValidationError([problem(ProblemSeverity.ERROR, pathOf(where), field, value, what, fix)]);
}
