// What the Gateway API L2s know about their objects beyond the wire form, and the typed
// accessors the family's checks read it through (not exported from the package). Manifests
// the library did not render carry no facts: each accessor documents its default.
import { Facts, ModelObject } from '../../core/model';

/** Fact of an imported Gateway's stand-in: its listeners, rendered as `spec.listeners` would be. */
const IMPORTED_LISTENERS = 'gatewayApi.listeners';
/**
 * Fact of the stand-in of a Gateway of another app (declared by a ListenerSet of this one):
 * its `spec.allowedListeners` in wire form, `{}` when it has none (the API default, None).
 */
const IMPORTED_ALLOWED_LISTENERS = 'gatewayApi.allowedListeners';
/** Fact of a Gateway: names of the listeners whose TLS came from a Certificate of the app (`ListenerTls.terminate(certificate)`). */
const CERTIFICATE_LISTENERS = 'gatewayApi.certificateListeners';

/**
 * The facts of a Gateway stand-in (`Gateway.fromGatewayAttributes()`, or a Gateway of another
 * app named by a ListenerSet): its listeners and `allowedListeners` when known.
 */
export function importedGatewayFacts(listeners: unknown[] | undefined, allowedListeners?: { [key: string]: unknown }): Facts {
  return {
    ...(listeners === undefined ? {} : { [IMPORTED_LISTENERS]: listeners }),
    ...(allowedListeners === undefined ? {} : { [IMPORTED_ALLOWED_LISTENERS]: allowedListeners }),
  };
}

/**
 * The `spec.allowedListeners` (wire form; `{}`: none given) of a Gateway defined outside the
 * app, when known (a Gateway L2 of another app). Default (no fact): undefined, unknown.
 */
export function importedAllowedListeners(gateway: ModelObject): { [key: string]: unknown } | undefined {
  const v = gateway.facts[IMPORTED_ALLOWED_LISTENERS];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as { [key: string]: unknown } : undefined;
}

/**
 * The listeners of a Gateway defined outside the app, in wire form; undefined when they were
 * not declared (then nothing about them can be checked). Default (no fact): undefined.
 */
export function importedListeners(gateway: ModelObject): unknown[] | undefined {
  const v = gateway.facts[IMPORTED_LISTENERS];
  return Array.isArray(v) ? v : undefined;
}

/** The facts of a Gateway of the app. */
export function gatewayFacts(certificateListeners: string[]): Facts {
  return certificateListeners.length > 0 ? { [CERTIFICATE_LISTENERS]: certificateListeners } : {};
}

/**
 * Whether listener `name` of `gateway` was given its TLS Secret as a Certificate of the app
 * (`ListenerTls.terminate(certificate)`) rather than by name. Default (no fact): false.
 */
export function listenerTlsFromCertificate(gateway: ModelObject, name: string): boolean {
  const v = gateway.facts[CERTIFICATE_LISTENERS];
  return Array.isArray(v) && v.includes(name);
}
