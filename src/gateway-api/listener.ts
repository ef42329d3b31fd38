import { AllowedRoutes } from './allowed-routes';
import { ListenerTls } from './listener-tls';

/**
 * Protocol of a listener of a Gateway or ListenerSet. HTTPRoutes and GRPCRoutes attach to HTTP
 * and HTTPS listeners, TLSRoutes to TLS listeners.
 */
export enum ListenerProtocol {
  /** Plain HTTP; must not have `tls`. Default port 80. */
  HTTP = 'HTTP',
  /** HTTPS, terminating TLS at the gateway; requires `tls` (Terminate). Default port 443. */
  HTTPS = 'HTTPS',
  /**
   * TLS routed by SNI to TLSRoutes; requires `tls`: `ListenerTls.passthrough()` (the backend
   * terminates TLS) or a terminating one. Default port 443.
   */
  TLS = 'TLS',
}

/** A listener to add to a Gateway or ListenerSet. */
export interface ListenerOptions {
  /** Listener name, unique within the Gateway or ListenerSet (routes select it as `sectionName`). */
  readonly name: string;
  /** HTTP, HTTPS or TLS. */
  readonly protocol: ListenerProtocol;
  /**
   * Port.
   *
   * @default 80 for HTTP, 443 for HTTPS and TLS
   */
  readonly port?: number;
  /**
   * Host name the listener serves (`*.` wildcards allowed).
   *
   * @default - every host name
   */
  readonly hostname?: string;
  /**
   * TLS settings: required for HTTPS (terminate) and TLS (passthrough or terminate), not allowed
   * for HTTP.
   *
   * @default - none
   */
  readonly tls?: ListenerTls;
  /**
   * Which routes may attach (namespaces relative to the Gateway's or ListenerSet's).
   *
   * @default AllowedRoutes.fromSameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/** A listener as the Gateway or ListenerSet renders it (defaults resolved). */
export interface GatewayListener {
  /** Listener name. */
  readonly name: string;
  /** Protocol. */
  readonly protocol: ListenerProtocol;
  /** Port (default applied). */
  readonly port: number;
  /**
   * Host name, if restricted.
   *
   * @default - every host name
   */
  readonly hostname?: string;
  /**
   * TLS settings (HTTPS, TLS).
   *
   * @default - none
   */
  readonly tls?: ListenerTls;
  /** Which routes may attach (default applied). */
  readonly allowedRoutes: AllowedRoutes;
}
