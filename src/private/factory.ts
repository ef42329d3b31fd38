// Values made by static factories (`Dns01Provider.cloudflare(...)`, `GatewayTls.simple(...)`,
// ...) have no construct: a wrong input is found by the factory but reported with the path of
// the construct that receives the value, and the field it arrived in. Not exported.
import { Errors, pathOf, ValidationError, Where } from '../validation/error';
import { ValidationProblem } from '../validation/problem';

/** The problem found by the factory that made a value (values without one are not in the map). */
const problems = new WeakMap<object, { factory: string; problem: ValidationProblem; passedOn: boolean }>();

/**
 * Problems `receive()` threw: inside a factory they are another factory's problem passed on
 * (they keep that factory's name), not the receiving factory's own.
 */
const passedOn = new WeakSet<ValidationProblem>();

/**
 * Run a factory: `make()` checks the input (throwing the library's error) and returns the
 * value. When a check fails, the factory still returns a value of `type` — an empty instance
 * carrying the problem — so the problem is reported where the value is received (`receive()`),
 * with that construct's path. Any other error is thrown at once.
 *
 * @param name the factory as users call it, e.g. `Dns01Provider.cloudflare`
 * @param type the class of the values it makes (its constructor may be private)
 */
export function factory<T extends object>(name: string, type: { readonly prototype: T }, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!Errors.isValidationError(e)) throw e;
    const placeholder = Object.create(type.prototype) as T;
    const problem = (e as ValidationError).problems[0];
    problems.set(placeholder, { factory: name, problem, passedOn: passedOn.has(problem) });
    return placeholder;
  }
}

/**
 * Accept a factory-made `value` given to `where` in `field`: throws the factory's problem, if
 * it found one, as a problem of `where` (`[path] Dns01Provider.cloudflare: secret key is
 * required (solvers[0].dns01.apiTokenSecretRef.key: unset) — ...`). Inside another factory,
 * `where` is that factory's name and the problem travels on with its value. Returns `value`.
 */
export function receive<T>(where: Where, field: string, value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const found = problems.get(value as unknown as object);
  if (!found) return value;
  const p = found.problem;
  // a problem reported by the factory itself names the factory; one passed on keeps its text
  const what = found.passedOn ? p.problem : `${found.factory}: ${p.problem}`;
  const inner = p.field === '' ? field : `${field}.${p.field}`;
  const path = pathOf(where);
  // the value keeps the factory's rendering
  const thrown: ValidationProblem = { ...p, path, field: inner, problem: what, message: `[${path}] ${what} (${inner}: ${p.value}) — ${p.fix}` };
  passedOn.add(thrown);
  throw new ValidationError([thrown]);
}

/** `receive()` for every value of a list (`field[i]`). */
export function receiveAll<T>(where: Where, field: string, values: T[] | undefined): T[] | undefined {
  values?.forEach((v, i) => receive(where, `${field}[${i}]`, v));
  return values;
}

/** Whether `value` was made by a factory whose check failed. */
export function isFaulty(value: unknown): boolean {
  return value !== null && typeof value === 'object' && problems.has(value);
}

