// What an Istio Gateway's manifest does not say, as its L2 (or importer) declares it to the
// model, read by the whole-app checks through these accessors (not exported from the package).
// Every accessor has a documented default for Gateways the library did not render (plain
// ApiObjects, manifests read from files).
import { installedPodsOf, MANIFEST_SETTINGS, registerManifestFacts } from '../../core/manifests';
import { describeObject, Facts, ModelObject } from '../../core/model';
import { obj, stringMap } from '../../private/wire';

/** The API group of Istio's networking kinds. */
export const NETWORKING = 'networking.istio.io';

const WORKLOAD_NAMESPACE = 'istio.workloadNamespace';
const WORKLOAD_NAMESPACE_GIVEN = 'istio.workloadNamespaceGiven';
const SELECTOR = 'istio.selector';
const WORKLOAD_NAMESPACE_ASSUMED = 'istio.workloadNamespaceAssumed';

/** The facts of an Istio Gateway, as `Gateway._facts()` and `Gateway.fromGatewayName()` declare them. */
export function gatewayFacts(f: { workloadNamespace: string; workloadNamespaceGiven?: boolean; selector?: { [key: string]: string }; assumed?: boolean }): Facts {
  return {
    [WORKLOAD_NAMESPACE]: f.workloadNamespace,
    ...(f.assumed ? { [WORKLOAD_NAMESPACE_ASSUMED]: true } : {}),
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
 * Whether the workload namespace of a Gateway read from a file is the checker's default
 * (nothing in the input runs its pods, and `--gateway-namespace` was not given). Default: false.
 */
export function workloadNamespaceAssumed(gateway: ModelObject): boolean {
  return gateway.facts[WORKLOAD_NAMESPACE_ASSUMED] === true;
}

/**
 * The labels selecting the Gateway's pods: `spec.selector` of the manifest, else the selector an
 * importer declares for a Gateway defined outside the app. Default: none (`{}`).
 */
export function gatewaySelectorOf(gateway: ModelObject): { [key: string]: string } {
  if (gateway.json !== undefined) return stringMap(obj(gateway.json.spec).selector);
  return stringMap(gateway.facts[SELECTOR]);
}

const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'];

/** Where Istio's ingress gateway runs unless told otherwise (`istioctl install`'s default profile). */
export const DEFAULT_GATEWAY_NAMESPACE = 'istio-system';

/** The pod labels of a workload manifest (a Pod's own labels, a controller's template labels). */
function podLabelsOf(o: ModelObject): { [key: string]: string } {
  const meta = o.kind === 'Pod' ? o.json?.metadata : obj(obj(o.json?.spec).template).metadata;
  return stringMap(obj(meta).labels);
}

// A Gateway read from a file does not say where its pods run. Istio applies a Gateway to every
// pod its selector matches, in any namespace (PILOT_SCOPE_GATEWAY_TO_NAMESPACE is off by
// default: pilot/pkg/features/pilot.go), and reads credentialName there: take the namespace of
// a workload of the input whose pod labels match, else the setting, else istio-system.
registerManifestFacts({
  group: NETWORKING,
  kind: 'Gateway',
  facts(gateway, model) {
    const selector = gatewaySelectorOf(gateway);
    const wanted = Object.entries(selector);
    const pods = [
      ...[...WORKLOAD_KINDS.flatMap((k) => model.ofKind('apps', k)), ...model.ofKind('', 'Pod')].map((w) => ({ by: w, namespace: w.namespace, labels: podLabelsOf(w), what: '' })),
      ...installedPodsOf(model),
    ];
    const matching = wanted.length === 0 ? [] : pods.filter((p) => wanted.every(([k, v]) => p.labels[k] === v));
    const shown = wanted.map(([k, v]) => `${k}=${v}`).join(',') || '(none)';
    if (matching.length > 0) {
      const p = matching.find((m) => m.namespace === gateway.namespace) ?? matching[0];
      const ns = p.namespace || gateway.namespace;
      return {
        facts: gatewayFacts({ workloadNamespace: ns, workloadNamespaceGiven: true, selector }),
        note: `gateway pods taken to run in "${ns}": the pods of ${describeObject(p.by)}${p.what ? ` (${p.what})` : ''} match selector ${shown}`,
      };
    }
    const given = model.settings[MANIFEST_SETTINGS.gatewayNamespace];
    const ns = given ?? DEFAULT_GATEWAY_NAMESPACE;
    return {
      facts: gatewayFacts({ workloadNamespace: ns, workloadNamespaceGiven: true, selector, assumed: given === undefined }),
      note: `gateway pods taken to run in "${ns}" (${given === undefined ? `default; set --gateway-namespace` : '--gateway-namespace'}): no Deployment, DaemonSet, StatefulSet, Pod or gateway chart Application of the input matches selector ${shown}`,
    };
  },
});
