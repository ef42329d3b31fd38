// The option structs of VirtualService rules: HTTP rules (destinations, redirects, direct
// responses, rewrites, retries, header edits), TLS (SNI) and TCP rules.
import { Duration } from 'cdk8s';
import { IGateway } from './gateway';
import { HttpMatch } from './http-match';

/** A weighted route destination (a Service or ServiceEntry host). */
export interface RouteDestination {
  /** Service host, e.g. `shop` (same namespace), `shop.web.svc.cluster.local` or a ServiceEntry host. */
  readonly host: string;
  /**
   * DestinationRule subset.
   *
   * @default - no subset
   */
  readonly subset?: string;
  /**
   * Service port (required when the Service has several ports).
   *
   * @default - the Service's only port
   */
  readonly port?: number;
  /**
   * Share of the traffic in percent. Either every destination of a route has a weight (summing
   * to 100) or none has (then the traffic is split evenly).
   *
   * @default - an even split
   */
  readonly weight?: number;
}

/** Scheme of a redirect. */
export enum RedirectScheme {
  /** http. */
  HTTP = 'http',
  /** https. */
  HTTPS = 'https',
}

/** How a redirect picks its port when `port` is not given. */
export enum HttpRedirectPortSelection {
  /** 80 for http, 443 for https. */
  FROM_PROTOCOL_DEFAULT = 'FROM_PROTOCOL_DEFAULT',
  /** The port of the request. */
  FROM_REQUEST_PORT = 'FROM_REQUEST_PORT',
}

/** An HTTP redirect answered by the proxy. */
export interface HttpRedirect {
  /**
   * Replacement path.
   *
   * @default - the request's path
   */
  readonly uri?: string;
  /**
   * Replacement authority (host).
   *
   * @default - the request's authority
   */
  readonly authority?: string;
  /**
   * Replacement scheme.
   *
   * @default - the request's scheme
   */
  readonly scheme?: RedirectScheme;
  /**
   * Replacement port.
   *
   * @default - see derivePort
   */
  readonly port?: number;
  /**
   * How to pick the port when `port` is not set.
   *
   * @default - the request's port
   */
  readonly derivePort?: HttpRedirectPortSelection;
  /**
   * Status code, 300-399.
   *
   * @default 301
   */
  readonly redirectCode?: number;
}

/** A fixed response answered by the proxy. */
export interface HttpDirectResponse {
  /** HTTP status, 200-599. */
  readonly status: number;
  /**
   * Response body (at most 1 MB).
   *
   * @default - empty
   */
  readonly body?: string;
}

/** A regex rewrite of the path. */
export interface RegexRewrite {
  /** RE2 expression matched against the path. */
  readonly match: string;
  /** Replacement, with `\1`-style group references. */
  readonly rewrite: string;
}

/** Rewrites applied before forwarding. */
export interface HttpRewrite {
  /**
   * Replace the matched path prefix (or the whole path for exact matches) with this.
   *
   * @default - unchanged
   */
  readonly uri?: string;
  /**
   * Regex rewrite of the path (exclusive with `uri`).
   *
   * @default - unchanged
   */
  readonly uriRegexRewrite?: RegexRewrite;
  /**
   * Replacement authority (Host header).
   *
   * @default - unchanged
   */
  readonly authority?: string;
}

/** Retry policy. */
export interface HttpRetry {
  /** Number of retries (0 disables retries). */
  readonly attempts: number;
  /**
   * Timeout per attempt (at least 1ms, whole milliseconds).
   *
   * @default - the route timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions to retry on: Envoy policies (`5xx`, `gateway-error`, `reset`,
   * `connect-failure`, `retriable-4xx`, ...) or HTTP status codes.
   *
   * @default - Istio's default (connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes)
   */
  readonly retryOn?: string[];
  /**
   * Retry in other localities.
   *
   * @default - Istio's default
   */
  readonly retryRemoteLocalities?: boolean;
}

/** Header edits. */
export interface HeaderOperations {
  /**
   * Headers to overwrite.
   *
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to append.
   *
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Headers to remove.
   *
   * @default - none
   */
  readonly remove?: string[];
}

/** Header edits of requests and responses. */
export interface HttpHeaderOperations {
  /**
   * Edits of the request before forwarding.
   *
   * @default - none
   */
  readonly request?: HeaderOperations;
  /**
   * Edits of the response before returning it.
   *
   * @default - none
   */
  readonly response?: HeaderOperations;
}

/** An HTTP routing rule. Exactly one of destinations, redirect and directResponse. */
export interface HttpRouteOptions {
  /**
   * Name of the rule, for debugging.
   *
   * @default - none
   */
  readonly name?: string;
  /**
   * Matches (any of them selects the rule).
   *
   * @default - every request (a catch-all rule; must be last)
   */
  readonly matches?: HttpMatch[];
  /**
   * Where to forward.
   *
   * @default - none (then redirect or directResponse)
   */
  readonly destinations?: RouteDestination[];
  /**
   * Answer with a redirect.
   *
   * @default - none
   */
  readonly redirect?: HttpRedirect;
  /**
   * Answer with a fixed response.
   *
   * @default - none
   */
  readonly directResponse?: HttpDirectResponse;
  /**
   * Rewrite before forwarding.
   *
   * @default - none
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Request timeout (at least 1ms, whole milliseconds).
   *
   * @default - disabled
   */
  readonly timeout?: Duration;
  /**
   * Retry policy.
   *
   * @default - Istio's default retry policy
   */
  readonly retries?: HttpRetry;
  /**
   * Header edits.
   *
   * @default - none
   */
  readonly headers?: HttpHeaderOperations;
}

/** A TLS (SNI) routing rule, e.g. behind a PASSTHROUGH gateway server. */
export interface TlsRouteOptions {
  /** SNI names to match; each must be within the VirtualService's hosts. */
  readonly sniHosts: string[];
  /** Where to forward. */
  readonly destinations: RouteDestination[];
  /**
   * Port the connection arrived on.
   *
   * @default - any port
   */
  readonly port?: number;
  /**
   * Restrict to these gateways.
   *
   * @default - the VirtualService's gateways
   */
  readonly gateways?: IGateway[];
}

/** An opaque TCP routing rule. */
export interface TcpRouteOptions {
  /** Where to forward. */
  readonly destinations: RouteDestination[];
  /**
   * Port the connection arrived on.
   *
   * @default - any port
   */
  readonly port?: number;
  /**
   * Restrict to these gateways.
   *
   * @default - the VirtualService's gateways
   */
  readonly gateways?: IGateway[];
}
