// cdk8s-plus-27, loaded when first needed (issue #7). It is 3.4 MB of JavaScript: loading it
// cost every app ~30 ms and ~5 MB of heap, and most apps never create the few objects the
// library builds with it (NetworkPolicies, the dashboard ConfigMap, mesh-CA namespaces and the
// verification workload). Files that use it import its types with `import type` and its values
// through `kplus()`.
import type * as Kplus from 'cdk8s-plus-27';

let loaded: typeof Kplus | undefined;

/** The cdk8s-plus-27 module (required on the first call). */
export function kplus(): typeof Kplus {
  return (loaded ??= require('cdk8s-plus-27') as typeof Kplus);
}
