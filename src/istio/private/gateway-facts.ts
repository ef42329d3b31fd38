// What an Istio Gateway's manifest does not say, as its L2 (or importer) declares it to the
// model, read by the whole-app checks through these accessors (not exported from the package).
// Every accessor has a documented default for Gateways the library did not render (plain
// ApiObjects, manifests read from files).
import { Facts, ModelObject } from '../../core/model';
import { obj, stringMap } from '../../private/wire';

/** The API group of Istio's networking kinds. */
export const NETWORKING = 'networking.istio.io';

const WORKLOAD_NAMESPACE = 'istio.workloadNamespace';
const WORKLOAD_NAMESPACE_GIVEN = 'istio.workloadNamespaceGiven';
const SELECTOR = 'istio.selector';

/** The facts of an Istio Gateway, as `Gateway._facts()` and `Gateway.fromGatewayName()` declare them. */
export function gatewayFacts(f: { workloadNamespace: string; workloadNamespaceGiven?: boolean; selector?: { [key: string]: string } }): Facts {
  return {
    [WORKLOAD_NAMESPACE]: f.workloadNamespace,
    ...(f.workloadNamespaceGiven !== undefined ? { [WORKLOAD_NAMESPACE_GIVEN]: f.workloadNamespaceGiven } : {}),
    ...(f.selector !== undefined ? { [SELECTOR]: { ...f.selector } } : {}),
  };
}

/**
 * The namespace the Gateway's pods run in, where Istio reads `credentialName` Secrets
 * (istio/istio#27740). Default: the Gateway's own namespace (what Istio's docs and a Gateway
 * deployed next to its pods assume).
 */
export function workloadNamespaceOf(gateway: ModelObject): string {
  const v = gateway.facts[WORKLOAD_NAMESPACE];
  return typeof v === 'string' ? v : gateway.namespace;
}

/**
 * Whether the workload namespace was stated (`workloadNamespace` given) rather than taken to
 * be the Gateway's own. Default: false (a manifest does not say where its pods run).
 */
export function workloadNamespaceGiven(gateway: ModelObject): boolean {
  return gateway.facts[WORKLOAD_NAMESPACE_GIVEN] === true;
}

/**
 * The labels selecting the Gateway's pods: `spec.selector` of the manifest, else the selector an
 * importer declares for a Gateway defined outside the app. Default: none (`{}`).
 */
export function gatewaySelectorOf(gateway: ModelObject): { [key: string]: string } {
  if (gateway.json !== undefined) return stringMap(obj(gateway.json.spec).selector);
  return stringMap(gateway.facts[SELECTOR]);
}
