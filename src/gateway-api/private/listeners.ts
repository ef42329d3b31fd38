// Gateway listeners: their input rules (CRD schema and CEL) with defaults resolved, and their
// wire form. Used by Gateway and by Gateway.fromGatewayAttributes() (not exported).
import * as gw from '../../../imports/gateway-api-gateway.networking.k8s.io';
import { checkPort } from '../../private/fields';
import { receive } from '../../private/factory';
import { fail, Where } from '../../validation/error';
import { AllowedRoutes } from '../allowed-routes';
import { GatewayListener, ListenerOptions, ListenerProtocol } from '../listener';
import { ListenerTls } from '../listener-tls';
import { checkHostname, checkSectionName } from './inputs';

/** The CRD allows 1 to 64 listeners per Gateway. */
export const MAX_LISTENERS = 64;

/** Check one listener's own fields (CRD schema + CEL) and resolve its defaults. */
export function normalizeListener(where: Where, field: string, o: ListenerOptions): GatewayListener {
  if (o === null || typeof o !== 'object') fail(where, field, o, 'must be an object { name, protocol, ... }', 'pass listener options');
  receive(where, `${field}.tls`, o.tls);
  receive(where, `${field}.allowedRoutes`, o.allowedRoutes);
  checkSectionName(where, `${field}.name`, o.name);
  if (o.protocol !== ListenerProtocol.HTTP && o.protocol !== ListenerProtocol.HTTPS) {
    fail(where, `${field}.protocol`, o.protocol, 'protocol must be HTTP or HTTPS', 'use ListenerProtocol.HTTP or ListenerProtocol.HTTPS');
  }
  const port = o.port ?? (o.protocol === ListenerProtocol.HTTPS ? 443 : 80);
  checkPort(where, `${field}.port`, port);
  if (o.hostname !== undefined) checkHostname(where, `${field}.hostname`, o.hostname);
  if (o.tls !== undefined && !(o.tls instanceof ListenerTls)) {
    fail(where, `${field}.tls`, o.tls, 'must be created with ListenerTls.terminate() or ListenerTls.terminateWithSecret()', 'use ListenerTls.terminate(certificate)');
  }
  if (o.protocol === ListenerProtocol.HTTP && o.tls) {
    fail(where, `${field}.tls`, o.tls.secretName, 'tls must not be specified for protocol HTTP', 'remove tls, or use ListenerProtocol.HTTPS');
  }
  if (o.protocol === ListenerProtocol.HTTPS && !o.tls) {
    fail(where, `${field}.tls`, undefined, 'an HTTPS listener needs tls with a certificate (tls.certificateRefs)', 'set tls: ListenerTls.terminate(certificate)');
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

/** Check a listener against those of its Gateway (names, port/protocol/hostname, protocol per port). */
export function checkListenerFits(where: Where, field: string, listener: GatewayListener, others: readonly GatewayListener[]): void {
  if (others.length >= MAX_LISTENERS) {
    fail(where, field, listener.name, `a Gateway has at most ${MAX_LISTENERS} listeners`, 'split the listeners across several Gateways');
  }
  if (others.some((l) => l.name === listener.name)) {
    fail(where, `${field}.name`, listener.name, 'listener name must be unique within the Gateway', 'give each listener its own name');
  }
  const same = others.find((l) => l.port === listener.port && l.protocol === listener.protocol && l.hostname === listener.hostname);
  if (same) {
    fail(where, field, `${listener.protocol}:${listener.port} ${listener.hostname ?? '(any host)'}`,
      `the combination of port, protocol and hostname must be unique; listener "${same.name}" already has it`,
      'merge the two listeners or give them different hostnames');
  }
  const conflict = others.find((l) => l.port === listener.port && l.protocol !== listener.protocol);
  if (conflict) {
    fail(where, `${field}.port`, listener.port,
      `listener "${conflict.name}" already uses port ${listener.port} with protocol ${conflict.protocol}; listeners sharing a port must share the protocol (ProtocolConflict)`,
      'use another port, e.g. 80 for HTTP and 443 for HTTPS');
  }
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

/** A listener in wire form, for a Gateway in `gatewayNamespace`. */
export function renderListener(l: GatewayListener, gatewayNamespace: string): gw.GatewaySpecListeners {
  return {
    name: l.name,
    port: l.port,
    protocol: l.protocol,
    ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
    ...(l.tls ? {
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
