// Listeners of Gateways and ListenerSets: their input rules (CRD schema and CEL, the same for
// both kinds) with defaults resolved, and their wire form; a Gateway's allowedListeners. Used
// by Gateway, Gateway.fromGatewayAttributes() and ListenerSet (not exported).
import * as gw from '../../../imports/gateway-api-gateway.networking.k8s.io';
import { checkPort } from '../../private/fields';
import { receive } from '../../private/factory';
import { fail, Where } from '../../validation/error';
import { AllowedListeners } from '../allowed-listeners';
import { AllowedRoutes } from '../allowed-routes';
import { GatewayListener, ListenerOptions, ListenerProtocol } from '../listener';
import { ListenerTls, ListenerTlsMode } from '../listener-tls';
import { checkHostname, checkSectionName } from './inputs';

/** The CRDs allow 1 to 64 listeners per Gateway and per ListenerSet. */
export const MAX_LISTENERS = 64;

/** The kinds that have listeners. */
export type ListenerOwnerKind = 'Gateway' | 'ListenerSet';

/** Check one listener's own fields (CRD schema + CEL) and resolve its defaults. */
export function normalizeListener(where: Where, field: string, o: ListenerOptions): GatewayListener {
  if (o === null || typeof o !== 'object') fail(where, field, o, 'must be an object { name, protocol, ... }', 'pass listener options');
  receive(where, `${field}.tls`, o.tls);
  receive(where, `${field}.allowedRoutes`, o.allowedRoutes);
  checkSectionName(where, `${field}.name`, o.name);
  if (!Object.values(ListenerProtocol).includes(o.protocol)) {
    fail(where, `${field}.protocol`, o.protocol, 'protocol must be HTTP, HTTPS or TLS', 'use ListenerProtocol.HTTP, ListenerProtocol.HTTPS or ListenerProtocol.TLS');
  }
  const port = o.port ?? (o.protocol === ListenerProtocol.HTTP ? 80 : 443);
  checkPort(where, `${field}.port`, port);
  if (o.hostname !== undefined) checkHostname(where, `${field}.hostname`, o.hostname);
  if (o.tls !== undefined && !(o.tls instanceof ListenerTls)) {
    fail(where, `${field}.tls`, o.tls, 'must be created with ListenerTls.terminate(), terminateWithSecret() or passthrough()', 'use ListenerTls.terminate(certificate)');
  }
  // CRD CEL rules of Gateway and ListenerSet listeners
  if (o.protocol === ListenerProtocol.HTTP && o.tls) {
    fail(where, `${field}.tls`, o.tls.secretName ?? o.tls.mode, "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']", 'remove tls, or use ListenerProtocol.HTTPS');
  }
  if (o.protocol === ListenerProtocol.HTTPS && !o.tls) {
    fail(where, `${field}.tls`, undefined, 'an HTTPS listener needs tls with a certificate (tls.certificateRefs)', 'set tls: ListenerTls.terminate(certificate)');
  }
  if (o.protocol === ListenerProtocol.HTTPS && o.tls?.mode === ListenerTlsMode.PASSTHROUGH) {
    fail(where, `${field}.tls`, o.tls.mode, 'tls mode must be Terminate for protocol HTTPS', 'use ListenerProtocol.TLS for passthrough (with TLSRoutes), or ListenerTls.terminate(certificate)');
  }
  if (o.protocol === ListenerProtocol.TLS && !o.tls) {
    fail(where, `${field}.tls`, undefined, 'tls mode must be set for protocol TLS', 'set tls: ListenerTls.passthrough() (the backend terminates TLS) or ListenerTls.terminate(certificate)');
  }
  if (o.allowedRoutes !== undefined && !(o.allowedRoutes instanceof AllowedRoutes)) {
    fail(where, `${field}.allowedRoutes`, o.allowedRoutes, 'must be created with AllowedRoutes.fromSameNamespace() / fromAllNamespaces() / fromNamespacesWithLabels()', 'use the AllowedRoutes factories');
  }
  return {
    name: o.name,
    protocol: o.protocol,
    port,
    ...(o.hostname !== undefined ? { hostname: o.hostname } : {}),
    ...(o.tls ? { tls: o.tls } : {}),
    allowedRoutes: o.allowedRoutes ?? AllowedRoutes.fromSameNamespace(),
  };
}

/**
 * Check a listener against the others of its Gateway or ListenerSet (count, names,
 * port/protocol/hostname, protocol per port), as the CRDs' CEL rules and the listener
 * compatibility rules do.
 */
export function checkListenerFits(where: Where, field: string, listener: GatewayListener, others: readonly GatewayListener[], owner: ListenerOwnerKind = 'Gateway'): void {
  if (others.length >= MAX_LISTENERS) {
    fail(where, field, listener.name, `a ${owner} has at most ${MAX_LISTENERS} listeners`, `split the listeners across several ${owner}s`);
  }
  if (others.some((l) => l.name === listener.name)) {
    fail(where, `${field}.name`, listener.name, `listener name must be unique within the ${owner}`, 'give each listener its own name');
  }
  const same = others.find((l) => l.port === listener.port && l.protocol === listener.protocol && l.hostname === listener.hostname);
  if (same) {
    fail(where, field, `${listener.protocol}:${listener.port} ${listener.hostname ?? '(any host)'}`,
      `the combination of port, protocol and hostname must be unique; listener "${same.name}" already has it`,
      'merge the two listeners or give them different hostnames');
  }
  const conflict = others.find((l) => l.port === listener.port && !protocolsShareAPort(l.protocol, listener.protocol));
  if (conflict) {
    fail(where, `${field}.port`, listener.port,
      `listener "${conflict.name}" already uses port ${listener.port} with protocol ${conflict.protocol}; listeners sharing a port must share the protocol (ProtocolConflict)`,
      'use another port, e.g. 80 for HTTP and 443 for HTTPS');
  }
}

/**
 * Whether listeners of two protocols may share a port (else ProtocolConflict): the same
 * protocol, or HTTPS and TLS, which both speak TLS on the port and are told apart by SNI (Istio
 * serves them as filter chains of one listener; the Gateway API leaves this combination to the
 * implementation, "Compatible Listeners").
 */
export function protocolsShareAPort(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  const tls = ['HTTPS', 'TLS'];
  return a !== undefined && b !== undefined && tls.includes(a) && tls.includes(b);
}

/** Check and add a listener to the listeners of a Gateway or ListenerSet; returns it with defaults resolved. */
export function addListenerTo(where: Where, listeners: GatewayListener[], options: ListenerOptions, owner: ListenerOwnerKind): GatewayListener {
  const field = `listeners[${listeners.length}]`;
  const listener = normalizeListener(where, field, options);
  checkListenerFits(where, field, listener, listeners, owner);
  listeners.push(listener);
  return listener;
}

/** `allowedRoutes` in wire form. */
function renderAllowedRoutes(a: AllowedRoutes): gw.GatewaySpecListenersAllowedRoutes {
  return {
    namespaces: {
      from: a.from as string as gw.GatewaySpecListenersAllowedRoutesNamespacesFrom,
      ...(a.matchLabels ? { selector: { matchLabels: { ...a.matchLabels } } } : {}),
    },
  };
}

/** `allowedListeners` in wire form. */
export function renderAllowedListeners(a: AllowedListeners): gw.GatewaySpecAllowedListeners {
  return {
    namespaces: {
      from: a.from as string as gw.GatewaySpecAllowedListenersNamespacesFrom,
      ...(a.matchLabels ? { selector: { matchLabels: { ...a.matchLabels } } } : {}),
    },
  };
}

/**
 * A listener in wire form, for a Gateway or ListenerSet in `gatewayNamespace` (the listeners of
 * both kinds have the same schema).
 */
export function renderListener(l: GatewayListener, gatewayNamespace: string): gw.GatewaySpecListeners {
  return {
    name: l.name,
    port: l.port,
    protocol: l.protocol,
    ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
    ...(l.tls?.mode === ListenerTlsMode.PASSTHROUGH ? { tls: { mode: gw.GatewaySpecListenersTlsMode.PASSTHROUGH } } : {}),
    ...(l.tls?.secretName !== undefined ? {
      tls: {
        mode: gw.GatewaySpecListenersTlsMode.TERMINATE,
        certificateRefs: [{
          group: '',
          kind: 'Secret',
          name: l.tls.secretName,
          ...((l.tls.secretNamespace ?? gatewayNamespace) !== gatewayNamespace ? { namespace: l.tls.secretNamespace } : {}),
        }],
      },
    } : {}),
    allowedRoutes: renderAllowedRoutes(l.allowedRoutes),
  };
}

/**
 * A listener's one certificate reference (`spec.listeners[i].tls.certificateRefs[j]`) as the
 * L2s name it: `listeners[i].tls` (its namespace: `.secretNamespace`); undefined otherwise.
 */
export function listenerDisplayField(wireField: string): string | undefined {
  const m = /^spec\.listeners\[(\d+)\]\.tls\.certificateRefs\[\d+\](\.namespace)?$/.exec(wireField);
  return m ? `listeners[${m[1]}].tls${m[2] ? '.secretNamespace' : ''}` : undefined;
}
