// Input checks shared by the Argo CD constructs (not exported from the package).
import { checkDns1123Label, checkDns1123Subdomain, checkLabelKey, checkLabelValue } from '../private/names';
import { fail, Where } from '../validation/error';

/** Whether a value holds an ApplicationSet template action (`{{ ... }}`): checks then relax. */
export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && v.includes('{{');
}

/** Throws unless `v` is a non-empty string without whitespace; returns it. */
export function requireToken(where: Where, field: string, v: unknown, fix: string): string {
  if (typeof v !== 'string' || v.trim().length === 0) fail(where, field, v, 'is required and must be a non-empty string', fix);
  if (/\s/.test(v as string) && !isTemplated(v)) fail(where, field, v, 'must not contain whitespace', fix);
  return v as string;
}

/** A namespace name (DNS-1123 label), unless templated. */
export function checkNamespaceName(where: Where, field: string, v: unknown): void {
  requireToken(where, field, v, 'name the namespace');
  if (isTemplated(v)) return;
  const problem = checkDns1123Label(v as string);
  if (problem) fail(where, field, v, `namespace ${problem}`, 'use a valid namespace name');
}

/** An object name (DNS-1123 subdomain), unless templated. */
export function checkObjectName(where: Where, field: string, v: unknown, what: string, fix: string): void {
  requireToken(where, field, v, fix);
  if (isTemplated(v)) return;
  const problem = checkDns1123Subdomain(v as string);
  if (problem) fail(where, field, v, `${what} ${problem}`, fix);
}

/** Label maps (template values allowed). */
export function checkLabelMap(where: Where, field: string, labels: { [key: string]: string } | undefined): void {
  if (labels === undefined) return;
  if (labels === null || typeof labels !== 'object') fail(where, field, labels, 'must be a map of label keys to values', 'pass an object of labels');
  for (const [key, value] of Object.entries(labels)) {
    const problem = checkLabelKey(key) ?? (typeof value !== 'string' ? 'value must be a string' : isTemplated(value) ? undefined : checkLabelValue(value));
    if (problem) fail(where, `${field}[${JSON.stringify(key)}]`, value, `label ${problem}`, 'use a valid Kubernetes label');
  }
}
