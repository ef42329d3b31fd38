// cdk8s-plus-27, loaded when first needed (issue #7) and an optional peer dependency (issue #13).
// It is 3.4 MB of JavaScript (about 190 packages and 50 MB installed): loading it cost every app
// ~30 ms and ~5 MB of heap, and most apps never create the few objects the library builds with
// it (cert-manager's NetworkPolicies, the dashboard ConfigMap, the mesh verification workload).
// Files that use it import nothing from it at all in their public types (a missing optional peer
// must not break a user's TypeScript compile) and its values through `kplus(where, what)`.
import type * as Kplus from 'cdk8s-plus-27';
import { fail, Where } from '../validation/error';

/** The package and the range the library is tested with (package.json `peerDependencies`). */
export const KPLUS_PACKAGE = 'cdk8s-plus-27';
export const KPLUS_RANGE = '^2.9.5';

let loaded: typeof Kplus | undefined;

/**
 * The cdk8s-plus-27 module, required on the first call. When it is not installed, `where` fails
 * with the library's error naming the package, what needs it and how to install it.
 *
 * @param where the construct that needs it
 * @param what what it builds with cdk8s-plus-27, e.g. "CertManagerDashboard builds its ConfigMap"
 */
export function kplus(where: Where, what: string): typeof Kplus {
  if (loaded) return loaded;
  try {
    loaded = require(KPLUS_PACKAGE) as typeof Kplus;
  } catch (e) {
    // only the package itself missing, not a module it requires
    if ((e as any)?.code !== 'MODULE_NOT_FOUND' || !String((e as Error).message).startsWith(`Cannot find module '${KPLUS_PACKAGE}'`)) throw e;
    fail(where, 'peerDependencies', KPLUS_PACKAGE,
      `${what} with ${KPLUS_PACKAGE}, an optional peer dependency of cdk8s-istio-tls that is not installed`,
      `install it next to cdk8s: npm install ${KPLUS_PACKAGE}@${KPLUS_RANGE}`);
  }
  return loaded;
}
