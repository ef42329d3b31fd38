// Helpers for the cert-manager tests.
import { App, Chart, Testing } from 'cdk8s';
import { Errors } from '../../src/validation';
import { validateManifests } from '../util/schema';

/** A fresh app and a chart named `test` (optionally with a namespace). */
export function newChart(namespace?: string): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', namespace ? { namespace } : {});
  return { app, chart };
}

/** Synthesize `chart`, check every document against the upstream schemas, return the documents. */
export function synthValid(chart: Chart): any[] {
  const docs = Testing.synth(chart);
  expect(validateManifests(docs)).toEqual([]);
  return docs;
}

/** The single document of `kind` (and `name`, if given). */
export function doc(docs: any[], kind: string, name?: string): any {
  const found = docs.filter((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
  expect(found).toHaveLength(1);
  return found[0];
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

export interface Expected {
  /** Construct path, or the static factory name. */
  readonly path: string;
  /** Field as named in the message. */
  readonly field: string;
  /** Rendered value, e.g. `"abc"` or `1024`. */
  readonly value?: string;
  /** What is wrong. */
  readonly problem?: RegExp;
  /** How to fix it. */
  readonly fix: RegExp;
}

/** Assert a message has the library's shape `[path] problem (field: value) — fix`. */
export function expectMessage(message: string, e: Expected): void {
  expect(message).toContain(`[${e.path}]`);
  expect(message).toContain(`(${e.field}: `);
  if (e.value !== undefined) expect(message).toContain(`(${e.field}: ${e.value})`);
  if (e.problem) expect(message).toMatch(e.problem);
  const fix = message.split(' — ').slice(1).join(' — ');
  expect(fix).toMatch(e.fix);
}

/** `fn` throws the library's validation error with the expected parts. */
export function expectFailure(fn: () => unknown, e: Expected): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  if (thrown === undefined) throw new Error('expected an error, none was thrown');
  expect(Errors.isValidationError(thrown)).toBe(true);
  expectMessage((thrown as Error).message, e);
}

/** Synthesizing `chart` fails validation with a message containing the expected parts. */
export function expectSynthFailure(chart: Chart, e: Expected): string {
  const message = errorOf(() => Testing.synth(chart));
  expect(message).toMatch(/^Validation failed/);
  const line = message.split('\n').find((l) => l.includes(`[${e.path}]`) && l.includes(`(${e.field}: `));
  if (!line) throw new Error(`no validation error for [${e.path}] (${e.field}: ...) in:\n${message}`);
  expectMessage(line, e);
  return message;
}
