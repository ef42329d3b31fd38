// How the Gateway API attaches routes to Gateways and ListenerSets, and ListenerSets to
// Gateways, over the wire form: the listeners of a Gateway or ListenerSet (rendered, or
// declared for a Gateway outside the app), the parent a `parentRefs` entry names, whether a
// route of a kind, namespace and hostnames attaches to it (which listener protocols accept
// which route kinds), the Gateway a ListenerSet names, whether
// that Gateway admits it (`allowedListeners`), and the Gateway's listeners merged with those
// of its ListenerSets. The one implementation behind the family's checks (HTTPRoutes,
// ListenerSets, the HTTP-01 challenge routes cert-manager creates) and the interface for
// higher families that trace routing. Internal: not exported from the package.
import { AppModel, ModelObject } from '../core/model';
import { gatewayApiHostnamesIntersect } from '../private/hostnames';
import { arr, obj, str, stringMap, strings } from '../private/wire';
import { importedAllowedListeners, importedListeners } from './private/facts';
import { GATEWAY_API_GROUP } from './private/inputs';

export { GATEWAY_API_GROUP };

/** The API group of Istio's own Gateway kind (a different kind with the same name). */
const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

/** The kinds with listeners routes attach to (the parents a `parentRefs` entry may name). */
export type ListenerParentKind = 'Gateway' | 'ListenerSet';

/** `gateway ns/name` or `ListenerSet ns/name`, for messages. */
export function describeParent(kind: string, namespace: string, name: string): string {
  return `${kind === 'Gateway' ? 'gateway' : kind} ${namespace}/${name}`;
}

/** A Secret a listener terminates TLS with (`tls.certificateRefs[index]`). */
export interface ListenerSecret {
  /** Position in `tls.certificateRefs`. */
  readonly index: number;
  /** Namespace of the Secret (the Gateway's or ListenerSet's unless the reference names another). */
  readonly namespace: string;
  readonly name: string;
}

/** A listener of a Gateway or ListenerSet, read from the wire form. */
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
  /** `tls.mode` (`Terminate` when tls is set without a mode, as the API defaults it). */
  readonly tlsMode?: string;
  /** `allowedRoutes.kinds` as `group/Kind` (group defaulted to the Gateway API's); empty when unset. */
  readonly kinds: string[];
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

/** Read one listener of a Gateway or ListenerSet in `namespace`. */
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
    ...(l.tls !== undefined && l.tls !== null ? { tlsMode: str(obj(l.tls).mode) ?? 'Terminate' } : {}),
    kinds: arr(obj(l.allowedRoutes).kinds).map((k) => `${str(obj(k).group) ?? GATEWAY_API_GROUP}/${str(obj(k).kind) ?? ''}`),
  };
}

/** The route kinds the Gateway API defines (of group gateway.networking.k8s.io) that the library checks. */
export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute';

/**
 * The route kinds a listener accepts, as Istio reports them in `supportedKinds` (istio 1.30.3
 * pilot/pkg/config/kube/gateway/conditions.go generateSupportedKinds): HTTP and HTTPS take
 * HTTPRoutes and GRPCRoutes, TLS takes TLSRoutes (and TCPRoutes when terminating), TCP takes
 * TCPRoutes; `allowedRoutes.kinds`, when set, narrows them.
 */
export function listenerRouteKinds(listener: WireListener): string[] {
  let kinds: string[];
  switch (listener.protocol) {
    case 'HTTP':
    case 'HTTPS':
      kinds = ['HTTPRoute', 'GRPCRoute'];
      break;
    case 'TLS':
      kinds = ['TLSRoute', ...(listener.tlsMode === 'Terminate' ? ['TCPRoute'] : [])];
      break;
    case 'TCP':
      kinds = ['TCPRoute'];
      break;
    case undefined:
      // not known (a listener declared without protocol): assume it accepts the route
      kinds = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'];
      break;
    default:
      kinds = [];
  }
  return listener.kinds.length ? kinds.filter((k) => listener.kinds.includes(`${GATEWAY_API_GROUP}/${k}`)) : kinds;
}

/**
 * The listeners of a Gateway API Gateway or ListenerSet of the model: rendered, or declared
 * for a Gateway outside the app; undefined when they are not known (nothing about them can be
 * checked).
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
  /** Gateway or ListenerSet. */
  readonly kind: ListenerParentKind;
  /** Namespace of the parent (the route's unless the reference names another). */
  readonly namespace: string;
  readonly name: string;
  /** The Gateway API Gateway or ListenerSet of that name (rendered, or a declared Gateway), if any. */
  readonly object?: ModelObject;
  /** Else, for kind Gateway, an Istio (`networking.istio.io`) Gateway of that name in the app, if any. */
  readonly istioGateway?: ModelObject;
}

/**
 * The Gateway or ListenerSet a `parentRefs` entry of an object in `cluster` / `routeNamespace`
 * names; undefined when it names another kind (not checked).
 */
export function findParent(model: AppModel, cluster: string, routeNamespace: string, ref: WireParentRef): ParentLookup | undefined {
  const kind = ref.kind ?? 'Gateway';
  if ((ref.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || (kind !== 'Gateway' && kind !== 'ListenerSet') || ref.name === undefined) return undefined;
  const namespace = ref.namespace ?? routeNamespace;
  const object = model.find(cluster, GATEWAY_API_GROUP, kind, namespace, ref.name)[0];
  if (object) return { kind, namespace, name: ref.name, object };
  const istioGateway = kind === 'Gateway' ? model.find(cluster, ISTIO_NETWORKING_GROUP, 'Gateway', namespace, ref.name)[0] : undefined;
  return { kind, namespace, name: ref.name, istioGateway };
}

/**
 * Whether a listener of a Gateway or ListenerSet in `gatewayNamespace` admits routes from
 * `routeNamespace`; undefined when the app cannot tell (namespaces selected by label).
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

/** How a route attaches to one parent Gateway or ListenerSet (the Gateway API's route attachment rules). */
export type Attachment =
  /** The parent's listeners are not known: nothing can be said. */
  | { readonly outcome: 'unknown' }
  /** `sectionName` names no listener. */
  | { readonly outcome: 'no-such-listener'; readonly listeners: readonly WireListener[] }
  /** No (named) listener accepts routes of this kind (its protocol, `allowedRoutes.kinds`). */
  | { readonly outcome: 'kind-not-allowed'; readonly candidates: readonly WireListener[] }
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
 * How a route of `kind` in `routeNamespace` with `hostnames` (empty: every host its listeners
 * accept) attaches to `gateway` (a Gateway or ListenerSet) through `ref` (its `sectionName`
 * and `port`). A route naming a Gateway attaches to the Gateway's own listeners only, not to
 * those of its ListenerSets (routes name the ListenerSet for those); only to listeners whose
 * protocol accepts its kind.
 */
export function attach(model: AppModel, gateway: ModelObject, ref: WireParentRef, routeNamespace: string, hostnames: readonly string[], kind: RouteKind): Attachment {
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
  const accepting = candidates.filter((l) => listenerRouteKinds(l).includes(kind));
  if (accepting.length === 0) return { outcome: 'kind-not-allowed', candidates };
  candidates = accepting;
  const admitted = candidates.filter((l) => listenerAdmits(l, gateway.namespace, routeNamespace) !== false);
  if (admitted.length === 0) return { outcome: 'namespace-not-allowed', candidates };
  if (hostnames.length === 0) return { outcome: 'attached', listeners: admitted, ignoredHostnames: [] };
  const attached = admitted.filter((l) => hostnames.some((h) => listenerServes(l, h)));
  if (attached.length === 0) return { outcome: 'no-hostname-intersects', admitted };
  const ignoredHostnames = attached.some((l) => l.hostname === undefined) ? [] : hostnames.filter((h) => !attached.some((l) => listenerServes(l, h)));
  return { outcome: 'attached', listeners: attached, ignoredHostnames };
}

/** What a ListenerSet's `spec.parentRef` names. */
export interface ListenerSetParent {
  /** The reference as written (group and kind defaulted to the Gateway API's Gateway). */
  readonly ref: WireParentRef;
  /** Namespace of the Gateway (the ListenerSet's unless the reference names another). */
  readonly namespace: string;
  readonly name?: string;
  /** False when the reference names another kind than the Gateway API's Gateway. */
  readonly isGateway: boolean;
  /** The Gateway (rendered, or declared as outside the app), if any. */
  readonly gateway?: ModelObject;
}

/** The Gateway a ListenerSet of the model names (`spec.parentRef`). */
export function listenerSetParent(model: AppModel, listenerSet: ModelObject): ListenerSetParent {
  const ref = parentRefOf(obj(listenerSet.json?.spec).parentRef);
  const namespace = ref.namespace ?? listenerSet.namespace;
  const isGateway = (ref.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && (ref.kind ?? 'Gateway') === 'Gateway';
  const gateway = isGateway && ref.name !== undefined ? model.find(listenerSet.cluster, GATEWAY_API_GROUP, 'Gateway', namespace, ref.name)[0] : undefined;
  return { ref, namespace, name: ref.name, isGateway, gateway };
}

/** A Gateway's `spec.allowedListeners.namespaces`: `from` (`None` when unset, as the API defaults it) and the selector. */
export interface AllowedListenersOf {
  readonly from: string;
  readonly selector?: { [key: string]: any };
}

/**
 * A Gateway's `spec.allowedListeners`: rendered, or declared for a Gateway L2 of another app;
 * undefined when not known (a Gateway outside the app).
 */
export function allowedListenersOf(gateway: ModelObject): AllowedListenersOf | undefined {
  const wire = gateway.external ? importedAllowedListeners(gateway) : obj(gateway.json?.spec).allowedListeners;
  if (gateway.external && wire === undefined) return undefined;
  const ns = obj(obj(wire).namespaces);
  return { from: str(ns.from) ?? 'None', ...(ns.selector !== undefined && ns.selector !== null ? { selector: obj(ns.selector) } : {}) };
}

/** The label every namespace carries with its own name (Kubernetes ≥ 1.22). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The labels of namespace `name` in `cluster`: those of the Namespace the app renders (plus
 * `kubernetes.io/metadata.name`), `complete`; else only `kubernetes.io/metadata.name`, not
 * complete (the namespace is created elsewhere, its other labels unknown).
 */
export function namespaceLabels(model: AppModel, cluster: string, name: string): { labels: { [key: string]: string }; complete: boolean } {
  // by name only: a chart's default namespace is written on cluster-scoped objects too
  const byName = model.derived('gateway-api/namespaces', (m) => {
    const out = new Map<string, ModelObject>();
    for (const o of m.ofKind('', 'Namespace')) if (!o.external && o.json !== undefined && !out.has(`${o.cluster}|${o.name}`)) out.set(`${o.cluster}|${o.name}`, o);
    return out;
  });
  const ns = byName.get(`${cluster}|${name}`);
  if (!ns) return { labels: { [NAMESPACE_NAME_LABEL]: name }, complete: false };
  return { labels: { ...stringMap(ns.json.metadata?.labels), [NAMESPACE_NAME_LABEL]: name }, complete: true };
}

/**
 * Whether a label selector (`matchLabels`, `matchExpressions`) selects an object with `labels`;
 * undefined when it depends on labels not known (`complete` false and a requirement on a key
 * not in `labels`), or on an operator Kubernetes does not know.
 */
export function selectorMatches(selector: { [key: string]: any }, labels: { [key: string]: string }, complete: boolean): boolean | undefined {
  const requirements: Array<[string, string, string[]]> = Object.entries(stringMap(selector.matchLabels)).map(([k, v]) => [k, 'In', [v]]);
  for (const e of arr(selector.matchExpressions)) requirements.push([str(obj(e).key) ?? '', str(obj(e).operator) ?? '', strings(obj(e).values)]);
  let unknown = false;
  for (const [key, op, values] of requirements) {
    if (!(key in labels) && !complete) {
      unknown = true;
      continue;
    }
    const has = key in labels;
    let ok: boolean;
    switch (op) {
      case 'In': ok = has && values.includes(labels[key]); break;
      case 'NotIn': ok = !has || !values.includes(labels[key]); break;
      case 'Exists': ok = has; break;
      case 'DoesNotExist': ok = !has; break;
      default: unknown = true; continue;
    }
    if (!ok) return false;
  }
  return unknown ? undefined : true;
}

/** Whether a Gateway admits the ListenerSets of a namespace, and why (for messages). */
export interface ListenerSetAdmission {
  /**
   * True, false, or undefined when the app cannot tell (namespace labels it does not render, a
   * Gateway outside the app).
   */
  readonly admitted: boolean | undefined;
  /** `allowedListeners.namespaces.from` of the Gateway; undefined when not known. */
  readonly from?: string;
  readonly selector?: { [key: string]: any };
}

/**
 * Whether the Gateway `gateway` admits ListenerSets of `namespace` (`spec.allowedListeners`;
 * none by default). Namespaces selected by label are judged by the Namespace the app renders,
 * else only by their `kubernetes.io/metadata.name` label.
 */
export function admitsListenerSets(model: AppModel, gateway: ModelObject, namespace: string): ListenerSetAdmission {
  const allowed = allowedListenersOf(gateway);
  if (allowed === undefined) return { admitted: undefined };
  const { from, selector } = allowed;
  switch (from) {
    case 'All': return { admitted: true, from };
    case 'Same': return { admitted: gateway.namespace === namespace, from };
    case 'Selector': {
      if (selector === undefined) return { admitted: undefined, from };
      const { labels, complete } = namespaceLabels(model, gateway.cluster, namespace);
      return { admitted: selectorMatches(selector, labels, complete), from, selector };
    }
    default: return { admitted: false, from };
  }
}

/**
 * The ListenerSets of the model naming `gateway` as their parent, in the order the Gateway API
 * merges their listeners after the Gateway's (oldest first, which the app cannot know; then by
 * namespace/name: this order).
 */
export function listenerSetsOf(model: AppModel, gateway: ModelObject): readonly ModelObject[] {
  const byGateway = model.derived('gateway-api/listener-sets-by-gateway', (m) => {
    const out = new Map<string, ModelObject[]>();
    for (const ls of m.ofKind(GATEWAY_API_GROUP, 'ListenerSet')) {
      if (ls.external || ls.json === undefined) continue;
      const parent = listenerSetParent(m, ls);
      if (!parent.isGateway || parent.name === undefined) continue;
      const k = `${ls.cluster}|${parent.namespace}/${parent.name}`;
      const list = out.get(k);
      if (list) list.push(ls);
      else out.set(k, [ls]);
    }
    for (const list of out.values()) list.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : `${a.namespace}/${a.name}` > `${b.namespace}/${b.name}` ? 1 : 0));
    return out;
  });
  return byGateway.get(`${gateway.cluster}|${gateway.namespace}/${gateway.name}`) ?? [];
}

/** A listener of the merged list of a Gateway: the Gateway's, or one of an attached ListenerSet. */
export interface MergedListener {
  /** The Gateway or ListenerSet defining it. */
  readonly owner: ModelObject;
  readonly listener: WireListener;
}

/**
 * The listeners a Gateway serves: its own, then those of the ListenerSets of the app it admits
 * (or may admit: the app cannot tell, e.g. for a Gateway outside the app), in merge order.
 */
export function mergedListeners(model: AppModel, gateway: ModelObject): MergedListener[] {
  const out: MergedListener[] = (listenersOf(model, gateway) ?? []).map((listener) => ({ owner: gateway, listener }));
  for (const ls of listenerSetsOf(model, gateway)) {
    if (admitsListenerSets(model, gateway, ls.namespace).admitted === false) continue;
    for (const listener of listenersOf(model, ls) ?? []) out.push({ owner: ls, listener });
  }
  return out;
}
