import { fail, Where } from '../validation/error';

/** The JavaScript type a field must have: `object` is a plain object (no array, no null), `map` one of strings. */
export type FieldType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'string[]' | 'map';

const WANTED: Record<FieldType, [string, string]> = {
  'string': ['must be a string', 'pass a string or leave it out'],
  'number': ['must be a number', 'pass a number or leave it out'],
  'boolean': ['must be true or false', 'pass a boolean or leave it out'],
  'object': ['must be an object', 'pass an object ({ ... }) or leave it out'],
  'array': ['must be an array', 'pass an array ([ ... ]) or leave it out'],
  'string[]': ['must be an array of strings', "pass an array of strings (['...']) or leave it out"],
  'map': ['must be a map of strings', "pass { key: 'value' } or leave it out"],
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function hasType(v: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    case 'string[]': return Array.isArray(v) && v.every((e) => typeof e === 'string');
    case 'map': return isObject(v) && Object.values(v).every((e) => typeof e === 'string');
  }
}

/**
 * Plain-JavaScript (and jsii) callers can pass anything. Fail with the library's error unless
 * optional `v` is undefined or of `type` (`null` is not accepted: TypeScript's `?` means undefined).
 */
export function expectType(where: Where, field: string, v: unknown, type: FieldType): void {
  if (v === undefined || hasType(v, type)) return;
  const [problem, fix] = WANTED[type];
  fail(where, field, v, `${field.replace(/^.*\./, '')} ${problem}`, fix);
}

/**
 * `obj` (the options or props at `prefix`, e.g. `podTemplate`) is undefined or an object whose
 * listed fields are undefined or of their types. Returns `obj` for chaining.
 */
export function expectFields<T>(where: Where, prefix: string, obj: T, fields: { [field: string]: FieldType }): T {
  if (obj === undefined) return obj;
  if (!isObject(obj)) fail(where, prefix || 'options', obj, `${(prefix || 'options').replace(/^.*\./, '')} must be an object`, 'pass an object ({ ... }) or leave it out');
  for (const [field, type] of Object.entries(fields)) {
    expectType(where, prefix ? `${prefix}.${field}` : field, (obj as any)[field], type);
  }
  return obj;
}

/**
 * Optional construct props: undefined or null (how jsii languages leave an argument out) is
 * `{}`, anything but an object fails. Returns the props to use.
 */
export function optionalProps<T extends object>(where: Where, props: T | undefined | null): T {
  if (props === undefined || props === null) return {} as T;
  if (!isObject(props)) fail(where, 'props', props, 'props must be an object', 'pass { ... } or leave props out');
  return props;
}
