// Shared test helpers: a fresh chart, synthesis checked against the upstream schemas, document
// look-ups, and assertions on the library's error message shape
// `[path] problem (field: value) — fix`.
import { App, Chart, Testing } from 'cdk8s';
import { Errors } from '../../src/validation';
import { validateManifests } from './schema';

/** A fresh app and a chart named `test` (in `namespace`, if given). */
export function newChart(namespace?: string): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', namespace ? { namespace } : {});
  return { app, chart };
}

/**
 * Synthesize `chart`, check every document against the upstream schemas and for key material
 * (the library never writes any), return the documents.
 */
export function synthValid(chart: Chart): any[] {
  const docs = Testing.synth(chart);
  expect(validateManifests(docs)).toEqual([]);
  expect(JSON.stringify(docs)).not.toMatch(/PRIVATE KEY/);
  return docs;
}

/** The single document of `kind` (and `name`, if given); fails the test unless there is exactly one. */
export function doc(docs: any[], kind: string, name?: string): any {
  const found = docs.filter((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name === undefined ? '' : ` ${name}`}, found ${found.length}: ${docs.map((d) => `${d.kind}/${d.metadata.name}`).join(', ')}`);
  }
  return found[0];
}

/** All documents of `kind`. */
export function docs(all: any[], kind: string): any[] {
  return all.filter((d) => d.kind === kind);
}

/** The Argo CD sync wave written on a rendered document, as a number (NaN when there is none). */
export function waveOf(d: any): number {
  return Number(d?.metadata?.annotations?.['argocd.argoproj.io/sync-wave']);
}

/** Message of the error `fn` throws; fails the test if it does not throw. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}

/** Message of the library's validation error `fn` throws; fails the test on no error or another error. */
export function validationErrorOf(fn: () => unknown): string {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  if (thrown === undefined) throw new Error('expected an error, none was thrown');
  expect(Errors.isValidationError(thrown)).toBe(true);
  return (thrown as Error).message;
}

/** The parts of a library error message `[path] problem (field: value) — fix`. */
export interface Expected {
  /** Construct path (or the static factory name), as written inside the brackets. */
  readonly path: string;
  /** Field as named in the message. */
  readonly field: string;
  /** Rendered value, e.g. `"abc"`, `1024` or `[]`: the message holds `(field: value)`. */
  readonly value?: string;
  /** What is wrong: a substring, or a pattern the message matches. */
  readonly problem?: string | RegExp;
  /** How to fix it: a string that follows ` — ` directly, or a pattern the text after the first ` — ` matches. */
  readonly fix: string | RegExp;
}

/** Assert `message` has the library's shape `[path] problem (field: value) — fix` with the expected parts. */
export function expectMessage(message: string, e: Expected): void {
  expect(message).toContain(`[${e.path}]`);
  expect(message).toContain(`(${e.field}: `);
  if (e.value !== undefined) expect(message).toContain(`(${e.field}: ${e.value})`);
  if (typeof e.problem === 'string') expect(message).toContain(e.problem);
  else if (e.problem) expect(message).toMatch(e.problem);
  expect(message).toContain(' — ');
  if (typeof e.fix === 'string') expect(message).toContain(` — ${e.fix}`);
  else expect(message.split(' — ').slice(1).join(' — ')).toMatch(e.fix);
}

/** `fn` throws the library's validation error with the expected parts. */
export function expectFailure(fn: () => unknown, e: Expected): void {
  expectMessage(validationErrorOf(fn), e);
}

/** Synthesize a whole app (`App.synthYaml()`, the path `cdk8s synth` takes) or one chart (`Testing.synth`). */
function synth(scope: App | Chart): void {
  if (scope instanceof App) scope.synthYaml();
  else Testing.synth(scope);
}

/** The whole message of the validation report synthesizing `scope` fails with; fails the test if it passes. */
export function synthErrorOf(scope: App | Chart): string {
  const message = errorOf(() => synth(scope));
  expect(message).toMatch(/^Validation failed/);
  return message;
}

/**
 * Synthesizing `scope` fails validation, and the first reported line for `[path]` and `field`
 * carries all the expected parts; returns the whole message.
 */
export function expectSynthFailure(scope: App | Chart, e: Expected): string {
  const message = synthErrorOf(scope);
  const line = message.split('\n').find((l) => l.includes(`[${e.path}]`) && l.includes(`(${e.field}: `));
  if (!line) throw new Error(`no validation error for [${e.path}] (${e.field}: ...) in:\n${message}`);
  expectMessage(line, e);
  return message;
}

/**
 * The validation errors synthesizing `scope` reports, one a line (empty when it passes); any
 * other error is thrown on.
 */
export function synthErrors(scope: App | Chart): string[] {
  try {
    synth(scope);
    return [];
  } catch (e) {
    const message = (e as Error).message;
    if (!message.startsWith('Validation failed')) throw e;
    const lines = message.split('\n').slice(1).map((l) => l.trim());
    return lines.length > 0 ? lines : [message];
  }
}
