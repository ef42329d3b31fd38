// Drop the `undefined` properties of a rendered spec before cdk8s resolves it (issue #7).
//
// The L2s render specs as object literals that name every optional field (`timeout:
// o.timeout?.x`, ...), so most properties are `undefined`: a VirtualService of the fleet bench
// carried 108 values for 45 written ones. cdk8s' `resolve()` visits each value (finding the
// App, allocating a key path and a resolution context) before `sanitizeValue()` drops the
// `undefined` ones, which made resolving the library's objects twice as costly as resolving the
// same manifests written as plain objects. The output is unchanged: cdk8s drops them anyway.

/**
 * `v` without `undefined` properties, recursively through plain objects and arrays (array
 * elements are kept as they are). Other values (class instances such as `Lazy`, strings,
 * numbers) are returned unchanged.
 */
export function compact<T>(v: T): T {
  if (Array.isArray(v)) return v.map(compact) as unknown as T;
  if (v === null || typeof v !== 'object' || (v as object).constructor !== Object) return v;
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(v as object)) {
    const x = (v as { [key: string]: unknown })[key];
    if (x !== undefined) out[key] = compact(x);
  }
  return out as T;
}
