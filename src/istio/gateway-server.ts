// The servers of an Istio Gateway: protocols, the options of `addServer()`,
// `addHttpServer()`, `addHttpsServer()`, and the read-back of a server.
import { ICertificate } from '../cert-manager/references';
import { GatewayTls } from './gateway-tls';
import { GatewayTlsMode } from './tls-settings';

/** Protocol of a Gateway server port (`port.protocol`). */
export enum GatewayProtocol {
  /** Plain-text HTTP/1.1 (and h2c). */
  HTTP = 'HTTP',
  /** HTTP over TLS; needs `tls`. */
  HTTPS = 'HTTPS',
  /** HTTP/2. */
  HTTP2 = 'HTTP2',
  /** gRPC. */
  GRPC = 'GRPC',
  /** gRPC-Web. */
  GRPC_WEB = 'GRPC-WEB',
  /** HTTP proxy (CONNECT). */
  HTTP_PROXY = 'HTTP_PROXY',
  /** TLS (terminated or passed through by SNI); needs `tls`. */
  TLS = 'TLS',
  /** Opaque TCP. */
  TCP = 'TCP',
  /** UDP (accepted by Istio's validation; Envoy gateways do not proxy UDP). */
  UDP = 'UDP',
  /** MongoDB. */
  MONGO = 'MONGO',
  /** Redis. */
  REDIS = 'REDIS',
  /** MySQL. */
  MYSQL = 'MYSQL',
}

/** A server of a Gateway: what to listen on, for which hosts, with which TLS. */
export interface GatewayServerOptions {
  /** Port the gateway proxy listens on, e.g. 443. */
  readonly port: number;
  /** Protocol of the port. */
  readonly protocol: GatewayProtocol;
  /**
   * Hosts served: `shop.example.com`, `*.example.com`, `*`, or with a namespace restriction
   * on which VirtualServices may bind (`ns/shop.example.com`, `./host`, `*\/host`). No ports.
   */
  readonly hosts: string[];
  /**
   * TLS settings: required for HTTPS and TLS servers; for HTTP servers only
   * `GatewayTls.httpsRedirect()`.
   *
   * @default - none (plain text)
   */
  readonly tls?: GatewayTls;
  /**
   * `port.name`, unique within the Gateway.
   *
   * @default - `<protocol>-<port>-<first host label>`, e.g. `https-443-shop`, made unique
   */
  readonly portName?: string;
}

/** Options for `addHttpServer()`. */
export interface GatewayHttpServerOptions {
  /** Hosts served (see `GatewayServerOptions.hosts`). */
  readonly hosts: string[];
  /**
   * Port.
   *
   * @default 80
   */
  readonly port?: number;
  /**
   * Redirect every request to HTTPS (`tls.httpsRedirect: true`).
   *
   * @default false
   */
  readonly httpsRedirect?: boolean;
  /**
   * `port.name`.
   *
   * @default - generated, e.g. `http-80-shop`
   */
  readonly portName?: string;
}

/** Options for `addHttpsServer()`. */
export interface GatewayHttpsServerOptions {
  /** TLS settings, e.g. `GatewayTls.simple(certificate)`. */
  readonly tls: GatewayTls;
  /**
   * Hosts served (see `GatewayServerOptions.hosts`).
   *
   * @default - the certificate's dnsNames
   */
  readonly hosts?: string[];
  /**
   * Port.
   *
   * @default 443
   */
  readonly port?: number;
  /**
   * `port.name`.
   *
   * @default - generated, e.g. `https-443-shop`
   */
  readonly portName?: string;
}

/** Read-back of one server of a gateway, for other constructs and tests. */
export interface GatewayServer {
  /** `port.name`. */
  readonly portName: string;
  /** `port.number`. */
  readonly port: number;
  /** `port.protocol`. */
  readonly protocol: GatewayProtocol;
  /** Hosts as written (possibly `ns/host`). */
  readonly hosts: string[];
  /** TLS mode, when the server has TLS settings with a mode. */
  readonly tlsMode?: GatewayTlsMode;
  /** Whether the server redirects HTTP to HTTPS. */
  readonly httpsRedirect: boolean;
  /** The certificate whose Secret the server serves, when it comes from this app. */
  readonly certificate?: ICertificate;
  /** `tls.credentialName`, when set. */
  readonly credentialName?: string;
  /** The full TLS settings, when set. */
  readonly tls?: GatewayTls;
}
