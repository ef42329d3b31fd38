// Argo CD's template syntax (not exported from the package): an ApplicationSet template's
// values may hold `{{ ... }}` actions, filled in per generated Application, so the generic
// field checks (src/private/fields.ts) apply to the values without actions only. Everything
// here wraps those checks; none re-implements a Kubernetes rule.
import { checkLabels, checkNamespaceName, checkObjectName, requireString } from '../../private/fields';
import { fail, Where } from '../../validation/error';

/** Whether a value holds an ApplicationSet template action (`{{ ... }}`): checks then relax. */
export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && v.includes('{{');
}

/** A non-empty string without whitespace (whitespace allowed inside template actions); returns it. */
export function requireToken(where: Where, field: string, v: unknown, fix: string): string {
  requireString(where, field, v, fix);
  if (/\s/.test(v as string) && !isTemplated(v)) fail(where, field, v, 'must not contain whitespace', fix);
  return v as string;
}

/** A namespace name (`checkNamespaceName`), or a template producing one. */
export function checkTemplatedNamespace(where: Where, field: string, v: unknown): string {
  if (isTemplated(v)) return v as string;
  return checkNamespaceName(where, field, v);
}

/** An object name (`checkObjectName`), or a template producing one. */
export function checkTemplatedObjectName(where: Where, field: string, v: unknown, what: string): string {
  if (isTemplated(v)) return v as string;
  return checkObjectName(where, field, v, what);
}

/** Kubernetes labels (`checkLabels`); values may be templates (their keys are still checked). */
export function checkTemplatedLabels(where: Where, field: string, labels: { [key: string]: string } | undefined): void {
  const plain = labels !== null && typeof labels === 'object' && !Array.isArray(labels)
    // '' is a valid label value: a templated value leaves its key to be checked
    ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, isTemplated(v) ? '' : v]))
    : labels;
  checkLabels(where, field, plain);
}

/** Template parameters (list elements, cluster values): a map of non-empty keys to strings. */
export function checkParameterMap(where: Where, field: string, map: { [key: string]: string } | undefined): void {
  if (map === undefined) return;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) fail(where, field, map, 'must be a map of strings', 'pass an object of string values');
  for (const [key, value] of Object.entries(map)) {
    const f = `${field}[${JSON.stringify(key)}]`;
    if (typeof value !== 'string') fail(where, f, value, 'value must be a string', 'quote the value');
    if (key.length === 0) fail(where, f, key, 'key must not be empty', 'name the parameter');
  }
}
