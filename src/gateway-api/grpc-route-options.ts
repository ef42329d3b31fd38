import { ApiObjectMetadata } from 'cdk8s';
import { HttpHeaderMatch } from './http-route-match';
import { HttpBackendRef, ParentReference } from './http-route-options';

/** How a gRPC service and method are matched. */
export enum GrpcMethodMatchType {
  /** Exact names (`service` a dotted proto package + service, `method` an identifier). */
  EXACT = 'Exact',
  /** Regular expressions (implementation-specific; Istio uses RE2). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** The gRPC method condition of a match: at least one of `service` and `method`. */
export interface GrpcMethodMatch {
  /**
   * Service, e.g. `shop.v1.CartService` (at most 1,024 characters).
   *
   * @default - any service
   */
  readonly service?: string;
  /**
   * Method, e.g. `AddItem` (at most 1,024 characters).
   *
   * @default - any method
   */
  readonly method?: string;
  /**
   * How `service` and `method` are matched.
   *
   * @default GrpcMethodMatchType.EXACT
   */
  readonly type?: GrpcMethodMatchType;
}

/** One match of a GRPCRoute rule: all given conditions must hold. */
export interface GrpcRouteMatch {
  /**
   * The gRPC method.
   *
   * @default - any method
   */
  readonly method?: GrpcMethodMatch;
  /**
   * Header (metadata) conditions (at most 16).
   *
   * @default - none
   */
  readonly headers?: HttpHeaderMatch[];
}

/** A rule of a GRPCRoute. */
export interface GrpcRouteRule {
  /**
   * Rule name (unique within the route).
   *
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Matches; any one of them selects the rule (at most 64; 128 across the route).
   *
   * @default - every request
   */
  readonly matches?: GrpcRouteMatch[];
  /** Backends (1 to 16 Services), weighted. */
  readonly backendRefs: HttpBackendRef[];
}

/** Properties of a `GrpcRoute`. */
export interface GrpcRouteProps {
  /**
   * Name, namespace, labels and annotations.
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * HTTP or HTTPS listeners the route attaches to (Gateways or ListenerSets); more with
   * `addParentRef()`. At least one.
   *
   * @default - none
   */
  readonly parentRefs?: ParentReference[];
  /**
   * Host names the route serves (`*.` wildcards allowed, at most 16).
   *
   * @default - every host name its listeners accept
   */
  readonly hostnames?: string[];
  /**
   * Rules (at most 16); more with `addRule()`. At least one.
   *
   * @default - none
   */
  readonly rules?: GrpcRouteRule[];
}
