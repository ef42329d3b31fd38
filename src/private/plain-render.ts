// Render the library's own API objects without cdk8s' token resolution when there is nothing
// to resolve (issue #7).
//
// cdk8s' `ApiObject.toJson()` passes every value of a manifest through `resolve()`: per value
// it finds the App (a walk to the root), allocates a key path and a resolution context and asks
// each resolver, then `sanitizeValue()` copies the result with sorted keys. On a value with no
// token that is the identity followed by the sort. The L2s validate their input (strings are
// strings, lists are lists), so the specs they render hold plain data and the `Lazy` values
// the L2s create themselves; producing those and sorting in one walk gives the same manifest
// at about half the cost (a third of a fleet's synth went to resolution).
//
// The shortcut is taken only when it cannot differ from cdk8s' own path: the app has no custom
// resolvers, the object has no JSON patches, `CDK8S_DISABLE_SORT` is unset, and no value other
// than a `Lazy` and plain data is found (anything else, e.g. a token object, an `IntOrString`
// or a class instance, sends the object through `super.toJson()` unchanged). Tests compare the
// two paths (test/private/plain-render.test.ts) and every rendered example byte for byte.
import { ApiObject, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';

/** A generated L1 class (or `ApiObject` itself): constructor `(scope, id, props)`. */
export type ApiObjectClass<P> = new (scope: Construct, id: string, props: P) => ApiObject;

const PROPS = Symbol('plain-render.props');
const PATCHED = Symbol('plain-render.patched');

/**
 * A subclass of `base` whose `toJson()` renders plain props without `resolve()`.
 *
 * @param base the generated L1 class (its static `GVK` is added to the props, as its constructor does), or `ApiObject`
 * @param mapper the L1's `toJson_<Kind>Props` (camelCase props → manifest keys); none for `ApiObject`
 */
export function plainRendering<P extends object>(base: ApiObjectClass<P>, mapper?: (props: any) => any): ApiObjectClass<P> {
  const gvk: { apiVersion?: string; kind?: string } | undefined = (base as any).GVK;
  const Base = base as unknown as new (scope: Construct, id: string, props: P) => ApiObject;
  class PlainRendered extends Base {
    private readonly [PROPS]: P;
    private [PATCHED] = false;

    public constructor(scope: Construct, id: string, props: P) {
      super(scope, id, props);
      this[PROPS] = props;
    }

    public addJsonPatch(...ops: JsonPatch[]): void {
      this[PATCHED] = true;
      super.addJsonPatch(...ops);
    }

    public toJson(): any {
      if (this[PATCHED] || process.env.CDK8S_DISABLE_SORT || !onlyDefaultResolvers(this)) return super.toJson();
      const rendered = renderPlain({ ...gvk, ...this[PROPS], metadata: this.metadata.toJson() });
      if (rendered === undefined) return super.toJson();
      // what the generated L1's toJson() returns: its mapper picks metadata and spec by name
      if (mapper) return { ...gvk, ...mapper(rendered) };
      // what ApiObject.toJson() returns: apiVersion, kind and metadata first, then the rest
      const ordered: { [key: string]: any } = {};
      for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(rendered)]) {
        if (k in rendered && !(k in ordered)) ordered[k] = rendered[k];
      }
      return ordered;
    }
  }
  return PlainRendered;
}

/**
 * Whether `o` is rendered by `plainRendering()` and has no JSON patches (then its manifest's
 * metadata is exactly its resolved metadata); false when that is not known.
 */
export function hasNoJsonPatches(o: ApiObject): boolean {
  return (o as any)[PATCHED] === false;
}

/** Whether the app resolves values with cdk8s' built-in resolvers only (no `AppProps.resolvers`). */
export function onlyDefaultResolvers(o: ApiObject): boolean {
  const r = App.of(o).resolvers;
  return r.length === 3 && r[0] instanceof LazyResolver && r[1] instanceof ImplicitTokenResolver && r[2] instanceof NumberStringUnionResolver;
}

/** Thrown (and caught) when a value needs cdk8s' resolvers. */
const NEEDS_RESOLUTION = Symbol('needs resolution');

/**
 * `resolve()` + `sanitizeValue({ sortKeys: true })` for plain data and Lazy; undefined if
 * anything else is found, or if producing a value failed (cdk8s' path then fails the same way
 * and reports it with the object's path).
 */
function renderPlain(data: { [key: string]: any }): { [key: string]: any } | undefined {
  try {
    return plain(data);
  } catch {
    return undefined;
  }
}

function plain(v: any): any {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Lazy) return plain(v.produce());
  // class instances (tokens, IntOrString, ...) and objects with a resolve() are cdk8s' to resolve
  if (v.constructor !== Object || typeof v.resolve === 'function') throw NEEDS_RESOLUTION;
  const out: { [key: string]: any } = {};
  const keys = Object.keys(v);
  if (keys.length > 1) keys.sort();
  for (const k of keys) {
    const x = plain(v[k]);
    if (x !== null && x !== undefined) out[k] = x;
  }
  return out;
}
