// The resolved objects of a construct subtree, shared by the whole-app passes of this folder
// (sync waves, Argo CD hygiene, Let's Encrypt budget, synth report). They all run inside
// cdk8s validation, which `App.synth()` calls once for the app and again for every chart, so
// the (costly) resolution of every ApiObject is done once per App.synth() (generation).
import { ApiObject, resolve } from 'cdk8s';
import { IConstruct } from 'constructs';
import { onlyDefaultResolvers } from '../../private/plain-render';
import { synthSessionId } from '../../private/synth-session';

/** One ApiObject and its resolved manifest. */
export interface Resource {
  /** Position in the inventory (tree order). */
  readonly index: number;
  readonly obj: ApiObject;
  /** API group, '' for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** '' when the manifest has no namespace (cluster-scoped, or left to the destination). */
  readonly namespace: string;
  /** The manifest as it will be written; undefined when it cannot be serialized (synth reports that itself). */
  readonly json: any;
  /** Construct path, for messages. */
  readonly path: string;
}

interface Cached {
  readonly generation: number;
  readonly resources: Resource[];
}

const cache = new WeakMap<IConstruct, Cached>();

/**
 * The current synth generation: the same for every pass of one `App.synth()` (cdk8s repeats
 * the validations for every chart; they share one resolution), a new one for the next synth.
 * Outside a synth (`Testing.synth(chart)`, direct `node.validate()`) every call is a new
 * generation, so a change to the app is always seen.
 */
export function currentGeneration(): number {
  // NaN outside a synth: equal to nothing (not even itself), so no cached result is reused
  return synthSessionId() ?? NaN;
}

/** Drop cached resolutions. A no-op since they live only inside one `App.synth()`; kept for callers. */
export function nextGeneration(): void {
  // nothing to do: see currentGeneration()
}

/** Every ApiObject under `scope` (tree order). */
export function apiObjectsOf(scope: IConstruct): ApiObject[] {
  const out: ApiObject[] = [];
  for (const c of scope.node.findAll()) if (ApiObject.isApiObject(c)) out.push(c);
  return out;
}

/** The resolved objects under `scope`, resolved once per generation. */
export function inventory(scope: IConstruct): Resource[] {
  const g = currentGeneration();
  const hit = cache.get(scope);
  if (hit && hit.generation === g) return hit.resources;
  const resources = apiObjectsOf(scope).map((obj, index) => describe(obj, index));
  cache.set(scope, { generation: g, resources });
  return resources;
}

function describe(obj: ApiObject, index: number): Resource {
  let json: any;
  try {
    json = obj.toJson();
    if (json !== undefined) shareWithSynth(obj, json);
  } catch {
    // a construct with invalid input may not serialize; its own validation or the synth
    // itself reports that, with a better message than we could give here
    json = undefined;
  }
  const apiVersion: string = json?.apiVersion ?? obj.apiVersion;
  const slash = apiVersion.lastIndexOf('/');
  return {
    index,
    obj,
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    kind: json?.kind ?? obj.kind,
    name: String(json?.metadata?.name ?? obj.name),
    namespace: typeof json?.metadata?.namespace === 'string' ? json.metadata.namespace : '',
    json,
    // computed on demand: only messages need it, and a path is built from every scope
    get path() {
      return obj.node.path;
    },
  };
}

/** `Kind ns/name` (or `Kind name` when cluster-scoped), for messages and reports. */
export function describeResource(r: Resource): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** Index key of an object by group, kind, namespace and name. */
export function objectKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}|${kind}|${namespace}|${name}`;
}

// shared and frozen: the passes call these tens of thousands of times per synth and only read
const NO_ITEMS: any[] = Object.freeze([]) as unknown as any[];
const NO_FIELDS: { [key: string]: any } = Object.freeze({});

/** Plain array or empty (read-only). */
export function arr(v: any): any[] {
  return Array.isArray(v) ? v : NO_ITEMS;
}

/** Plain object or empty (read-only). */
export function obj(v: any): { [key: string]: any } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : NO_FIELDS;
}

/** String or undefined. */
export function str(v: any): string | undefined {
  return typeof v === 'string' ? v : undefined;
}


/**
 * Let the synth that follows reuse the manifest resolved here instead of resolving every
 * object a second time (resolution is most of a synth's cost). The instance's `toJson()` serves
 * the manifest once, in the same generation, with `metadata` resolved afresh (so annotations
 * written by the passes, or anything else added to the metadata since, are included), to an
 * object without JSON patches; in every other case it drops itself and `toJson()` runs as
 * usual.
 */
function shareWithSynth(o: ApiObject, json: any): void {
  const g = currentGeneration();
  const internals = o as unknown as { patches?: unknown[] };
  if (!Array.isArray(internals.patches) || process.env.CDK8S_DISABLE_SORT) return;
  Object.defineProperty(o, 'toJson', {
    configurable: true,
    writable: true,
    value: function sharedToJson(this: ApiObject): any {
      delete (this as any).toJson;
      if (currentGeneration() !== g || internals.patches!.length > 0) return this.toJson();
      // metadata.toJson() resolves the metadata; cdk8s resolves that output a second time, which
      // only custom resolvers can change (the default ones leave resolved values as they are)
      const metadata = this.metadata.toJson();
      return { ...json, metadata: sortKeys(onlyDefaultResolvers(this) ? metadata : resolve(['metadata'], metadata, this)) };
    },
  });
}


/** What cdk8s' sanitizeValue does to metadata: drop null / undefined, sort keys at every level. */
function sortKeys(v: any): any {
  if (v === null || v === undefined || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortKeys);
  const out: { [key: string]: any } = {};
  for (const k of Object.keys(v).sort()) {
    const x = sortKeys(v[k]);
    if (x !== null && x !== undefined) out[k] = x;
  }
  return out;
}
