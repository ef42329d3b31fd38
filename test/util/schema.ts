// Independent check of synthesized manifests against the upstream schemas:
// - custom resources: ajv over the openAPIV3Schema of the pinned upstream CRDs
//   (test/schemas/, written by `npm run import`), closed like the API server's strict
//   field validation (unknown fields are errors);
// - core kinds: the validators shipped in `kubernetes-models`.
// Neither uses the generated L1 classes.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';

const SCHEMA_DIR = path.join(__dirname, '..', 'schemas');
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * CRD patterns are Go (RE2) regexes; JavaScript has no inline `(?i)` flag, so a
 * case-insensitive pattern becomes one with `[aA]` classes for its letters.
 */
function jsPattern(pattern: string): string {
  if (!pattern.includes('(?i)')) return pattern;
  let out = '';
  let inClass = false;
  const p = pattern.replace(/\(\?i\)/g, '');
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') { out += c + (p[i + 1] ?? ''); i++; continue; }
    if (c === '[') inClass = true;
    if (c === ']') inClass = false;
    out += /[a-zA-Z]/.test(c) ? (inClass ? c.toLowerCase() + c.toUpperCase() : `[${c.toLowerCase()}${c.toUpperCase()}]`) : c;
  }
  return out;
}

/** Close every object schema that lists properties, as strict field validation does. */
function close(schema: any): any {
  if (Array.isArray(schema)) return schema.map(close);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'pattern' && typeof v === 'string') {
      out[k] = jsPattern(v);
      continue;
    }
    out[k] = (k === 'properties' || k === 'patternProperties')
      ? Object.fromEntries(Object.entries(v as any).map(([pk, pv]) => [pk, close(pv)]))
      : close(v);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function crdValidator(group: string, version: string, kind: string): ValidateFunction | undefined {
  const key = `${group}_${kind}_${version}`;
  if (!compiled.has(key)) {
    const file = path.join(SCHEMA_DIR, `${key}.json`);
    if (!fs.existsSync(file)) return undefined;
    const schema = close(JSON.parse(fs.readFileSync(file, 'utf8')));
    // metadata is validated separately below (CRD schemas only say `type: object`). Some
    // upstream CRDs (Istio's) omit apiVersion/kind/metadata at the root; the API server always
    // accepts them, so the closed root must too.
    if (schema.properties) {
      schema.properties.metadata = { type: 'object' };
      schema.properties.apiVersion ??= { type: 'string' };
      schema.properties.kind ??= { type: 'string' };
    }
    compiled.set(key, ajv.compile(schema));
  }
  return compiled.get(key);
}

function coreValidate(apiVersion: string, kind: string, doc: any): string[] | undefined {
  let mod: any;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  const Model = mod[kind];
  if (!Model) return undefined;
  try {
    new Model(doc).validate();
    return [];
  } catch (e: any) {
    return [String(e.message)];
  }
}

const CLUSTER_SCOPED = new Set(['ClusterIssuer', 'Namespace', 'Bundle', 'ClusterRole', 'ClusterRoleBinding']);

/** Problems of one manifest; empty when it is valid. Unknown kinds are a problem too. */
export function validateManifest(doc: any): string[] {
  const id = `${doc?.kind} ${doc?.metadata?.namespace ?? ''}/${doc?.metadata?.name}`;
  if (!doc || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') return [`${id}: missing apiVersion/kind`];
  const problems: string[] = [];
  const name = doc.metadata?.name;
  if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) problems.push(`${id}: metadata.name is not a DNS-1123 subdomain`);
  const ns = doc.metadata?.namespace;
  if (ns !== undefined && (typeof ns !== 'string' || ns.length > 63 || !DNS1123_LABEL.test(ns))) problems.push(`${id}: metadata.namespace is not a DNS-1123 label`);
  if (CLUSTER_SCOPED.has(doc.kind) && ns !== undefined) problems.push(`${id}: cluster-scoped kind has a namespace`);
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
  const validate = group ? crdValidator(group, version, doc.kind) : undefined;
  if (validate) {
    if (!validate(doc)) {
      for (const e of validate.errors ?? []) {
        problems.push(`${id}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${(e.params as any).additionalProperty})` : ''}`);
      }
    }
    return problems;
  }
  const core = coreValidate(doc.apiVersion, doc.kind, doc);
  if (core === undefined) return [...problems, `${id}: no schema known for ${doc.apiVersion} ${doc.kind}`];
  return [...problems, ...core.map((p) => `${id}: ${p}`)];
}

/** Problems of many manifests. */
export function validateManifests(docs: any[]): string[] {
  return docs.flatMap(validateManifest);
}
