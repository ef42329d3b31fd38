// The option structs of VirtualService rules: HTTP rules (destinations, redirects, direct
// responses, rewrites, retries, header edits, CORS, fault injection, mirrors, delegation), TLS
// (SNI) and TCP rules.
import { Duration } from 'cdk8s';
import { IGateway } from './gateway';
import { HttpMatch } from './http-match';
import { StringMatch } from './string-match';

/**
 * A VirtualService a root rule can delegate to (`http[].delegate`): one of the app's
 * `VirtualService`s without hosts, or `VirtualService.fromVirtualServiceName()`.
 */
export interface IVirtualService {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`. */
  readonly namespace: string;
}

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

/** What Envoy does with a CORS preflight request whose origin is not allowed. */
export enum CorsUnmatchedPreflights {
  /** Forward it to the upstream (Envoy's default). */
  FORWARD = 'FORWARD',
  /** Answer it with an empty 200, without CORS headers. */
  IGNORE = 'IGNORE',
}

/** Cross-origin resource sharing: the CORS headers Envoy answers browsers with. */
export interface HttpCorsPolicy {
  /**
   * Origins allowed (`Access-Control-Allow-Origin`), e.g. `StringMatch.exact('https://shop.example.com')`;
   * an empty exact or prefix value is refused.
   */
  readonly allowOrigins: StringMatch[];
  /**
   * Methods allowed: `GET`, `HEAD`, `POST`, `PUT`, `PATCH`, `DELETE`, `CONNECT`, `OPTIONS`,
   * `TRACE` or `*`.
   *
   * @default - none listed (browsers allow the simple methods GET, HEAD and POST)
   */
  readonly allowMethods?: string[];
  /**
   * Request headers allowed (token characters only, or `*`).
   *
   * @default - none
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers browsers may read (token characters only, or `*`).
   *
   * @default - none
   */
  readonly exposeHeaders?: string[];
  /**
   * How long browsers may cache a preflight answer (whole seconds).
   *
   * @default - not sent (the browser's default)
   */
  readonly maxAge?: Duration;
  /**
   * Allow requests with credentials (cookies, `Authorization`).
   *
   * @default - not sent (credentials are not allowed)
   */
  readonly allowCredentials?: boolean;
  /**
   * What to do with preflight requests from origins not allowed.
   *
   * @default - Envoy's default, CorsUnmatchedPreflights.FORWARD
   */
  readonly unmatchedPreflights?: CorsUnmatchedPreflights;
}

/** gRPC status codes an abort fault can answer with. */
export enum GrpcStatus {
  /** CANCELLED */
  CANCELLED = 'CANCELLED',
  /** UNKNOWN */
  UNKNOWN = 'UNKNOWN',
  /** INVALID_ARGUMENT */
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
  /** DEADLINE_EXCEEDED */
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  /** NOT_FOUND */
  NOT_FOUND = 'NOT_FOUND',
  /** ALREADY_EXISTS */
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  /** PERMISSION_DENIED */
  PERMISSION_DENIED = 'PERMISSION_DENIED',
  /** RESOURCE_EXHAUSTED */
  RESOURCE_EXHAUSTED = 'RESOURCE_EXHAUSTED',
  /** FAILED_PRECONDITION */
  FAILED_PRECONDITION = 'FAILED_PRECONDITION',
  /** ABORTED */
  ABORTED = 'ABORTED',
  /** OUT_OF_RANGE */
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  /** UNIMPLEMENTED */
  UNIMPLEMENTED = 'UNIMPLEMENTED',
  /** INTERNAL */
  INTERNAL = 'INTERNAL',
  /** UNAVAILABLE */
  UNAVAILABLE = 'UNAVAILABLE',
  /** DATA_LOSS */
  DATA_LOSS = 'DATA_LOSS',
  /** UNAUTHENTICATED */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
}

/** Delay injected before forwarding. */
export interface HttpFaultDelay {
  /** How long to delay (at least 1ms, whole milliseconds). */
  readonly fixedDelay: Duration;
  /**
   * Share of requests delayed, in percent: 0, or 0.0001 to 100.
   *
   * @default 100
   */
  readonly percentage?: number;
}

/** An error answered instead of forwarding. Exactly one of `httpStatus` and `grpcStatus`. */
export interface HttpFaultAbort {
  /**
   * HTTP status to answer with (200–599).
   *
   * @default - none (then grpcStatus)
   */
  readonly httpStatus?: number;
  /**
   * gRPC status to answer with.
   *
   * @default - none (then httpStatus)
   */
  readonly grpcStatus?: GrpcStatus;
  /**
   * Share of requests aborted, in percent: 0, or 0.0001 to 100.
   *
   * @default 100
   */
  readonly percentage?: number;
}

/** Faults injected on the client side of forwarded requests (testing resilience). At least one of delay and abort. */
export interface HttpFaultInjection {
  /**
   * Delay requests.
   *
   * @default - no delay
   */
  readonly delay?: HttpFaultDelay;
  /**
   * Abort requests.
   *
   * @default - no abort
   */
  readonly abort?: HttpFaultAbort;
}

/** A copy of each forwarded request sent to another destination, its answer discarded. */
export interface HttpMirror {
  /** Service host, as in `RouteDestination.host`. */
  readonly host: string;
  /**
   * DestinationRule subset.
   *
   * @default - no subset
   */
  readonly subset?: string;
  /**
   * Service port.
   *
   * @default - the Service's only port
   */
  readonly port?: number;
  /**
   * Share of requests mirrored, in percent (0–100).
   *
   * @default - Istio's default, 100
   */
  readonly percentage?: number;
}

/**
 * An HTTP routing rule. Exactly one of destinations, redirect, directResponse and delegate
 * (a root rule of a delegation).
 */
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
  /**
   * CORS policy.
   *
   * @default - none (no CORS headers)
   */
  readonly corsPolicy?: HttpCorsPolicy;
  /**
   * Faults injected into forwarded requests (not with redirect or directResponse).
   *
   * @default - none
   */
  readonly fault?: HttpFaultInjection;
  /**
   * Destinations each forwarded request is also copied to (`mirrors`, Istio ≥ 1.18).
   *
   * @default - none
   */
  readonly mirrors?: HttpMirror[];
  /**
   * Hand the requests this rule matches to the rules of another VirtualService (a delegate:
   * one without hosts, exported to this namespace). The rule's matches bound the delegate's
   * (a delegate rule whose matches are not within them is ignored); its rewrite, timeout,
   * retries, fault, mirrors, CORS policy and header edits are the defaults of the delegate's
   * rules. Only one level of delegation.
   *
   * @default - none
   */
  readonly delegate?: IVirtualService;
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
