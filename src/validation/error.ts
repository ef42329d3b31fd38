import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { goDuration } from '../private/duration';
// every construct of the library throws through this file: load the once-per-synth validation here
import '../private/synth-session';

const VALIDATION_ERROR = Symbol.for('cdk8s-istio-tls.ValidationError');

/**
 * Recognise the errors this library throws.
 */
export class Errors {
  /**
   * Whether `x` is an error thrown by this library's synth-time validation.
   *
   * Messages have the form `[construct path] what is wrong (field: value) — how to fix`.
   */
  public static isValidationError(x: any): boolean {
    return x !== null && typeof x === 'object' && (x as any)[VALIDATION_ERROR] === true;
  }

  private constructor() {}
}

/**
 * The one error class of the library. Not part of the jsii API (jsii cannot extend Error);
 * use `Errors.isValidationError()` to recognise it.
 *
 * @internal
 */
export class ValidationError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
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
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * The message body without the path, as returned from `node.addValidation()` (cdk8s adds the
 * `[path]` itself): `<problem> (<field>: <value>) — <fix>`.
 */
export function describeProblem(field: string, value: unknown, problem: string, fix: string): string {
  return `${problem} (${field}: ${formatValue(value)}) — ${fix}`;
}

/** `[path]` of a construct, or the name given for scope-less code. */
export function pathOf(where: Where): string {
  return typeof where === 'string' ? where : (where.node.path || '<root>');
}

/**
 * Throw the library's error: `[path] problem (field: value) — fix`.
 *
 * @param where the construct (or static factory name) that received the input
 * @param field the field as the user wrote it, e.g. `renewBefore` or `servers[1].tls.mode`
 * @param value the value received
 * @param problem what is wrong, lowercase, no trailing period
 * @param fix how to fix it
 */
export function fail(where: Where, field: string, value: unknown, problem: string, fix: string): never {
  throw new ValidationError(`[${pathOf(where)}] ${describeProblem(field, value, problem, fix)}`);
}
