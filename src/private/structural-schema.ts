// Validating a manifest against a CRD's OpenAPI v3 structural schema the way the API server
// does (type, required, enum, formats it enforces none of, patterns, bounds, and strict field
// validation: a field the schema doesn't list is an error unless it preserves unknown fields).
// CEL rules (`x-kubernetes-validations`) are not evaluated here. Used for manifests read from
// files; the library's own objects are valid by construction.
import { re2Find } from './re2';

/** One schema violation: the wire path (`spec.servers[0].port`) and what is wrong. */
export interface SchemaViolation {
  readonly field: string;
  readonly value: unknown;
  readonly problem: string;
}

type Schema = { [key: string]: any };

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** The violations of `value` against `schema` (the CRD version's `openAPIV3Schema`). */
export function validateStructural(value: unknown, schema: Schema): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  visit(value, schema, '', out);
  return out;
}

function visit(v: unknown, s: Schema, path: string, out: SchemaViolation[]): void {
  if (v === null) {
    if (!s.nullable && s.type !== undefined) out.push({ field: path, value: v, problem: `must be ${s.type}, not null` });
    return;
  }
  const t = typeOf(v);
  if (s['x-kubernetes-int-or-string']) {
    if (t !== 'integer' && t !== 'string') out.push({ field: path, value: v, problem: `must be an integer or a string, not ${t}` });
  } else if (s.type !== undefined && !(s.type === t || (s.type === 'number' && t === 'integer'))) {
    out.push({ field: path, value: v, problem: `must be ${s.type === 'integer' ? 'an integer' : s.type === 'array' ? 'a list' : s.type === 'object' ? 'an object' : `a ${s.type}`}, not ${t === 'array' ? 'a list' : t === 'object' ? 'an object' : `a ${t}`}` });
    return;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => e === v)) {
    out.push({ field: path, value: v, problem: `must be one of ${s.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}` });
  }
  if (typeof v === 'string') {
    if (typeof s.maxLength === 'number' && [...v].length > s.maxLength) out.push({ field: path, value: v, problem: `must be at most ${s.maxLength} characters` });
    if (typeof s.minLength === 'number' && [...v].length < s.minLength) out.push({ field: path, value: v, problem: `must be at least ${s.minLength} characters` });
    // patterns are RE2, matched anywhere in the value as Go's MatchString does
    if (typeof s.pattern === 'string' && re2Find(s.pattern, v) === false) out.push({ field: path, value: v, problem: `must match ${s.pattern}` });
  }
  if (typeof v === 'number') {
    if (typeof s.maximum === 'number' && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) out.push({ field: path, value: v, problem: `must be ${s.exclusiveMaximum ? 'less than' : 'at most'} ${s.maximum}` });
    if (typeof s.minimum === 'number' && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) out.push({ field: path, value: v, problem: `must be ${s.exclusiveMinimum ? 'more than' : 'at least'} ${s.minimum}` });
  }
  if (Array.isArray(v)) {
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) out.push({ field: path, value: v.length, problem: `must have at most ${s.maxItems} items` });
    if (typeof s.minItems === 'number' && v.length < s.minItems) out.push({ field: path, value: v.length, problem: `must have at least ${s.minItems} items` });
    if (s.items) v.forEach((item, i) => visit(item, s.items, `${path}[${i}]`, out));
  }
  if (t === 'object') {
    const o = v as { [key: string]: unknown };
    const keys = Object.keys(o);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) out.push({ field: path, value: keys, problem: `must have at most ${s.maxProperties} entries` });
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) out.push({ field: path, value: keys, problem: `must have at least ${s.minProperties} entries` });
    for (const r of Array.isArray(s.required) ? s.required : []) {
      if (o[r] === undefined) out.push({ field: join(path, r), value: undefined, problem: 'is required' });
    }
    const props: Schema | undefined = s.properties;
    for (const k of keys) {
      if (props && props[k]) visit(o[k], props[k], join(path, k), out);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') visit(o[k], s.additionalProperties, join(path, k), out);
      else if (props && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true) {
        out.push({ field: join(path, k), value: o[k], problem: 'is not a field of this object' });
      }
    }
  }
  // value validations over the structural schema (Istio's CRDs use them for one-of fields)
  for (const sub of Array.isArray(s.allOf) ? s.allOf : []) visitConstraint(v, sub, path, out);
  if (Array.isArray(s.oneOf)) {
    const matching = s.oneOf.filter((sub: Schema) => constraintHolds(v, sub)).length;
    if (matching !== 1) out.push({ field: path, value: v, problem: matching === 0 ? 'matches none of the forms the schema allows (oneOf)' : 'sets fields of more than one of the forms the schema allows; set only one (oneOf)' });
  }
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub: Schema) => constraintHolds(v, sub))) {
    out.push({ field: path, value: v, problem: 'matches none of the forms the schema allows (anyOf)' });
  }
  if (s.not && constraintHolds(v, s.not)) out.push({ field: path, value: v, problem: 'has a combination of fields the schema forbids (not)' });
}

/** A value validation (`allOf` / `oneOf` / `anyOf` / `not` member) is checked without closing objects: it only adds constraints. */
function constraintHolds(v: unknown, s: Schema): boolean {
  const out: SchemaViolation[] = [];
  visitConstraint(v, s, '', out);
  return out.length === 0;
}

function visitConstraint(v: unknown, s: Schema, path: string, out: SchemaViolation[]): void {
  visit(v, { ...s, ...(s.properties ? { 'x-kubernetes-preserve-unknown-fields': true } : {}) }, path, out);
}
