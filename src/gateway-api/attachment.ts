// How the Gateway API attaches routes to Gateways, over the wire form: the listeners of a
// Gateway (rendered, or declared for one outside the app), the parent a `parentRefs` entry
// names, and whether a route of a namespace and hostnames attaches to it. The one
// implementation behind the family's checks (HTTPRoutes, the HTTP-01 challenge routes
// cert-manager creates) and the interface for higher families that trace routing. Internal:
// not exported from the package.
import { AppModel, ModelObject } from '../core/model';
import { gatewayApiHostnamesIntersect } from '../private/hostnames';
import { arr, obj, str } from '../private/wire';
import { importedListeners } from './private/facts';
import { GATEWAY_API_GROUP } from './private/inputs';

export { GATEWAY_API_GROUP };

/** The API group of Istio's own Gateway kind (a different kind with the same name). */
const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

/** A Secret a listener terminates TLS with (`tls.certificateRefs[index]`). */
export interface ListenerSecret {
  /** Position in `tls.certificateRefs`. */
  readonly index: number;
  /** Namespace of the Secret (the Gateway's unless the reference names another). */
  readonly namespace: string;
  readonly name: string;
}

/** A listener of a Gateway, read from the wire form. */
export interface WireListener {
  /** Position in `spec.listeners`. */
  readonly index: number;
  readonly name: string;
  readonly port?: number;
  readonly protocol?: string;
  /** Undefined: every host name. */
  readonly hostname?: string;
  /** `allowedRoutes.namespaces.from` (`Same` when unset, as the API defaults it). */
  readonly from: string;
  /** The Secrets of `tls.certificateRefs` (core `Secret` references only). */
  readonly secrets: ListenerSecret[];
}

/** One entry of a route's `parentRefs` (or of an ACME solver's `gatewayHTTPRoute.parentRefs`). */
export interface WireParentRef {
  readonly group?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** Read a `parentRefs` entry of a manifest. */
export function parentRefOf(v: unknown): WireParentRef {
  const r = obj(v);
  return {
    group: str(r.group),
    kind: str(r.kind),
    name: str(r.name),
    namespace: str(r.namespace),
    sectionName: str(r.sectionName),
    port: typeof r.port === 'number' ? r.port : undefined,
  };
}

/** Read one listener of a Gateway in `namespace`. */
function listenerOf(v: unknown, index: number, namespace: string): WireListener {
  const l = obj(v);
  const secrets: ListenerSecret[] = [];
  arr(obj(l.tls).certificateRefs).forEach((ref, i) => {
    const r = obj(ref);
    const name = str(r.name);
    if (name === undefined || (str(r.group) ?? '') !== '' || (str(r.kind) ?? 'Secret') !== 'Secret') return;
    secrets.push({ index: i, namespace: str(r.namespace) ?? namespace, name });
  });
  return {
    index,
    name: str(l.name) ?? '',
    port: typeof l.port === 'number' ? l.port : undefined,
    protocol: str(l.protocol),
    hostname: str(l.hostname),
    from: str(obj(obj(l.allowedRoutes).namespaces).from) ?? 'Same',
    secrets,
  };
}

/**
 * The listeners of a Gateway API Gateway of the model: rendered, or declared for a Gateway
 * outside the app; undefined when they are not known (nothing about them can be checked).
 */
export function listenersOf(model: AppModel, gateway: ModelObject): readonly WireListener[] | undefined {
  const cache = model.derived('gateway-api/listeners', () => new Map<ModelObject, readonly WireListener[] | undefined>());
  if (cache.has(gateway)) return cache.get(gateway);
  const raw = gateway.external ? importedListeners(gateway) : arr(obj(gateway.json?.spec).listeners);
  const listeners = raw?.map((l, i) => listenerOf(l, i, gateway.namespace));
  cache.set(gateway, listeners);
  return listeners;
}

/** What a `parentRefs` entry names, as far as the model shows it. */
export interface ParentLookup {
  /** Namespace of the parent (the route's unless the reference names another). */
  readonly namespace: string;
  readonly name: string;
  /** The Gateway API Gateway of that name (rendered or declared), if any. */
  readonly gateway?: ModelObject;
  /** Else an Istio (`networking.istio.io`) Gateway of that name in the app, if any. */
  readonly istioGateway?: ModelObject;
}

/**
 * The Gateway a `parentRefs` entry of an object in `cluster` / `routeNamespace` names;
 * undefined when it names another kind than the Gateway API's Gateway (not checked).
 */
export function findParent(model: AppModel, cluster: string, routeNamespace: string, ref: WireParentRef): ParentLookup | undefined {
  if ((ref.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway' || ref.name === undefined) return undefined;
  const namespace = ref.namespace ?? routeNamespace;
  const gateway = model.find(cluster, GATEWAY_API_GROUP, 'Gateway', namespace, ref.name)[0];
  if (gateway) return { namespace, name: ref.name, gateway };
  return { namespace, name: ref.name, istioGateway: model.find(cluster, ISTIO_NETWORKING_GROUP, 'Gateway', namespace, ref.name)[0] };
}

/**
 * Whether a listener of a Gateway in `gatewayNamespace` admits routes from `routeNamespace`;
 * undefined when the app cannot tell (namespaces selected by label).
 */
export function listenerAdmits(listener: WireListener, gatewayNamespace: string, routeNamespace: string): boolean | undefined {
  if (listener.from === 'All') return true;
  if (listener.from === 'Same') return gatewayNamespace === routeNamespace;
  return undefined;
}

/** Whether `hostname` intersects the listener's host name (a listener without one serves every host). */
export function listenerServes(listener: WireListener, hostname: string): boolean {
  return listener.hostname === undefined || gatewayApiHostnamesIntersect(listener.hostname, hostname);
}

/** How a route attaches to one parent Gateway (the Gateway API's route attachment rules). */
export type Attachment =
  /** The Gateway's listeners are not known: nothing can be said. */
  | { readonly outcome: 'unknown' }
  /** `sectionName` names no listener. */
  | { readonly outcome: 'no-such-listener'; readonly listeners: readonly WireListener[] }
  /** No (named) listener is on `port`. */
  | { readonly outcome: 'no-listener-on-port' }
  /** The candidate listeners do not admit routes from the route's namespace. */
  | { readonly outcome: 'namespace-not-allowed'; readonly candidates: readonly WireListener[] }
  /** No hostname of the route intersects the host name of an admitting listener. */
  | { readonly outcome: 'no-hostname-intersects'; readonly admitted: readonly WireListener[] }
  /**
   * The route attaches to `listeners`; `ignoredHostnames` are hostnames of the route none of
   * them serves (the Gateway API ignores them there).
   */
  | { readonly outcome: 'attached'; readonly listeners: readonly WireListener[]; readonly ignoredHostnames: readonly string[] };

/**
 * How a route in `routeNamespace` with `hostnames` (empty: every host its listeners accept)
 * attaches to the Gateway `gateway` through `ref` (its `sectionName` and `port`).
 */
export function attach(model: AppModel, gateway: ModelObject, ref: WireParentRef, routeNamespace: string, hostnames: readonly string[]): Attachment {
  const listeners = listenersOf(model, gateway);
  if (listeners === undefined) return { outcome: 'unknown' };
  let candidates: readonly WireListener[] = listeners;
  if (ref.sectionName !== undefined) {
    const l = listeners.find((x) => x.name === ref.sectionName);
    if (!l) return { outcome: 'no-such-listener', listeners };
    candidates = [l];
  }
  if (ref.port !== undefined) {
    candidates = candidates.filter((l) => l.port === ref.port);
    if (candidates.length === 0) return { outcome: 'no-listener-on-port' };
  }
  const admitted = candidates.filter((l) => listenerAdmits(l, gateway.namespace, routeNamespace) !== false);
  if (admitted.length === 0) return { outcome: 'namespace-not-allowed', candidates };
  if (hostnames.length === 0) return { outcome: 'attached', listeners: admitted, ignoredHostnames: [] };
  const attached = admitted.filter((l) => hostnames.some((h) => listenerServes(l, h)));
  if (attached.length === 0) return { outcome: 'no-hostname-intersects', admitted };
  const ignoredHostnames = attached.some((l) => l.hostname === undefined) ? [] : hostnames.filter((h) => !attached.some((l) => listenerServes(l, h)));
  return { outcome: 'attached', listeners: attached, ignoredHostnames };
}
