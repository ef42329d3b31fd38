// ListenerSets over the wire form (not exported from the package): each names a Gateway API
// Gateway of the app (or one declared outside it) that admits it (`allowedListeners`; none by
// default); its listeners do not conflict with those merged before them into the Gateway (the
// Gateway's own, then the other ListenerSets'): the same port, protocol and hostname twice, or
// two protocols on one port, get the later listener marked Conflicted and not served; and a
// Gateway's merged listeners stay within 64 (implementations may refuse the rest). The
// listeners' certificates are checked with the Gateways' (gateway-checks.ts).
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import {
  admitsListenerSets, describeParent, GATEWAY_API_GROUP, listenerSetParent, listenerSetsOf, MergedListener, mergedListeners,
} from '../attachment';
import { MAX_LISTENERS, protocolsShareAPort } from './listeners';

/** `{"a":"b"}` for messages. */
function labelsText(selector: { [key: string]: any } | undefined): string {
  return JSON.stringify(selector ?? {});
}

/** The ListenerSet names a Gateway of the app (or declared outside it), and that Gateway admits it. */
function checkParent(model: AppModel, report: Reporter, ls: ModelObject): void {
  const parent = listenerSetParent(model, ls);
  if (!parent.isGateway) {
    report.error(ls, 'spec.parentRef', `${parent.ref.group ?? GATEWAY_API_GROUP}/${parent.ref.kind}`,
      'a ListenerSet attaches its listeners to a Gateway API Gateway only; implementations do not accept it with another parent',
      'name a Gateway (group gateway.networking.k8s.io, kind Gateway)');
    return;
  }
  const gwName = `${parent.namespace}/${parent.name}`;
  const gateway = parent.gateway;
  if (!gateway) {
    report.error(ls, 'spec.parentRef', gwName,
      `the parent Gateway ${gwName} is neither in the app nor declared as outside it, so the ListenerSet's listeners attach to nothing (or to a Gateway the checks cannot see)`,
      'create the Gateway in the app, or declare it with Gateway.fromGatewayAttributes() (the library\'s ListenerSet does this for a Gateway of another app)');
    return;
  }
  const a = admitsListenerSets(model, gateway, ls.namespace);
  // a Gateway outside the app: its allowedListeners are not known
  if (a.admitted === true || a.from === undefined) return;
  const owner = `Gateway ${gwName} (${gateway.external ? 'of another app' : gateway.path})`;
  if (a.admitted === undefined) {
    report.warn(ls, 'spec.parentRef', gwName,
      `${owner} admits ListenerSets from namespaces selected by ${labelsText(a.selector)} (allowedListeners Selector), and whether namespace "${ls.namespace}" carries those labels depends on a Namespace the app does not render`,
      `label namespace "${ls.namespace}" to match (or render the Namespace in the app so it is checked), or set allowedListeners to AllowedListeners.fromAllNamespaces()`);
    return;
  }
  switch (a.from) {
    case 'Same':
      report.error(ls, 'spec.parentRef', gwName,
        `${owner} only admits ListenerSets from its own namespace "${gateway.namespace}" (allowedListeners Same), and this ListenerSet is in "${ls.namespace}", so none of its listeners are served`,
        `create the ListenerSet in namespace "${gateway.namespace}", or set allowedListeners on the Gateway to AllowedListeners.fromAllNamespaces() / fromNamespacesWithLabels()`);
      return;
    case 'Selector':
      report.error(ls, 'spec.parentRef', gwName,
        `${owner} admits ListenerSets from namespaces selected by ${labelsText(a.selector)} (allowedListeners Selector), and namespace "${ls.namespace}" as the app renders it does not match, so none of its listeners are served`,
        `label namespace "${ls.namespace}" to match the selector, or change allowedListeners on the Gateway`);
      return;
    default:
      report.error(ls, 'spec.parentRef', gwName,
        `${owner} admits no ListenerSets (allowedListeners ${a.from === 'None' ? 'None, the Gateway API default' : a.from}), so none of this ListenerSet's listeners are served`,
        `set allowedListeners on the Gateway, e.g. AllowedListeners.fromAllNamespaces() (spec.allowedListeners.namespaces.from: All), or ${ls.namespace === gateway.namespace ? 'AllowedListeners.fromSameNamespace()' : 'AllowedListeners.fromNamespacesWithLabels()'}`);
  }
}

/** `listener "https" (HTTPS 443 shop.example.com) of ListenerSet shop/site`. */
function describeListener(m: MergedListener): string {
  const l = m.listener;
  return `listener "${l.name}" (${l.protocol ?? '?'} ${l.port ?? '?'} ${l.hostname ?? 'any host'}) of ${describeParent(m.owner.kind, m.owner.namespace, m.owner.name)}`;
}

/**
 * Listener conflicts across a Gateway and its ListenerSets (reported on the ListenerSet whose
 * listener loses), and the merged count.
 */
function checkMerged(model: AppModel, report: Reporter, gateway: ModelObject): void {
  if (listenerSetsOf(model, gateway).length === 0) return;
  const merged = mergedListeners(model, gateway);
  const gwName = `${gateway.namespace}/${gateway.name}`;
  // the first listener merged with each port, protocol and hostname, and on each port (linear in the fleet)
  const firstWithKey = new Map<string, MergedListener>();
  const firstOnPort = new Map<number | undefined, MergedListener>();
  for (const m of merged) {
    const l = m.listener;
    const key = `${l.port}|${l.protocol}|${l.hostname ?? ''}`;
    const same = firstWithKey.get(key);
    const onPort = firstOnPort.get(l.port);
    if (!same) firstWithKey.set(key, m);
    if (!onPort) firstOnPort.set(l.port, m);
    if (m.owner === gateway) continue;
    const rival = same && same.owner !== m.owner ? same
      : onPort && onPort.owner !== m.owner && !protocolsShareAPort(onPort.listener.protocol, l.protocol) ? onPort : undefined;
    if (!rival) continue;
    const field = `spec.listeners[${l.index}]`;
    const value = `${l.protocol}:${l.port} ${l.hostname ?? '(any host)'}`;
    const reason = rival.listener.protocol === l.protocol ? 'HostnameConflict: the same port, protocol and hostname' : `ProtocolConflict: port ${l.port} with protocol ${rival.listener.protocol}`;
    const loser = rival.owner === gateway
      ? 'the Gateway\'s own listeners come first, so this one is marked Conflicted and not served'
      : 'the Gateway API keeps the listener of the older ListenerSet (then the first by namespace/name), so one of the two is marked Conflicted and not served, depending on which was created first';
    report.error(m.owner, field, value,
      `merged into Gateway ${gwName}, this listener conflicts with ${describeListener(rival)} (${reason}); ${loser}`,
      rival.listener.protocol === l.protocol ? 'give the listener another hostname or port' : 'use another port for this protocol');
  }
  if (merged.length > MAX_LISTENERS) {
    const sets = [...new Set(merged.filter((m) => m.owner !== gateway).map((m) => m.owner))];
    const what = `Gateway ${gwName} has ${merged.length} listeners with those of its ListenerSets (${sets.map((s) => `${s.namespace}/${s.name}`).join(', ')}), more than ${MAX_LISTENERS}; the Gateway API lets implementations refuse the listeners beyond (Accepted false, reason TooManyListeners)`;
    const fix = 'check that the gateway implementation accepts that many listeners, or split the ListenerSets across several Gateways';
    if (!gateway.external && gateway.json !== undefined) report.warn(gateway, 'spec.listeners', merged.length, what, fix);
    else for (const s of sets) report.warn(s, 'spec.parentRef', gwName, what, fix);
  }
}

function checkListenerSets(model: AppModel, report: Reporter): void {
  const gateways = new Set<ModelObject>();
  for (const ls of model.ofKind(GATEWAY_API_GROUP, 'ListenerSet')) {
    if (ls.external || ls.json === undefined) continue;
    checkParent(model, report, ls);
    const gateway = listenerSetParent(model, ls).gateway;
    if (gateway) gateways.add(gateway);
  }
  for (const g of gateways) checkMerged(model, report, g);
}

registerChecks({ id: 'gateway-api/listener-sets', check: checkListenerSets });
