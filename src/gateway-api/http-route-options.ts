import { ApiObjectMetadata } from 'cdk8s';
import { IGateway } from './gateway';
import { HttpRouteFilter } from './http-route-filter';
import { HttpRouteMatch } from './http-route-match';
import { IListenerSet } from './listener-set';

/** A backend (Service) of a route rule: HTTPRoute, GRPCRoute, TLSRoute. */
export interface HttpBackendRef {
  /** Name of the Service. */
  readonly serviceName: string;
  /** Service port. */
  readonly port: number;
  /**
   * Relative weight among the rule's backends (0–1,000,000).
   *
   * @default 1
   */
  readonly weight?: number;
  /**
   * Namespace of the Service; another namespace than the route's needs a ReferenceGrant there.
   *
   * @default - the route's namespace
   */
  readonly namespace?: string;
}

/** A rule of an HTTPRoute. */
export interface HttpRouteRule {
  /**
   * Rule name.
   *
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Matches; any one of them selects the rule (at most 64).
   *
   * @default - one match: PathPrefix `/`
   */
  readonly matches?: HttpRouteMatch[];
  /**
   * Filters (at most one of each type; RequestRedirect and URLRewrite exclude each other).
   *
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
  /**
   * Backends (at most 16). Required unless the rule redirects.
   *
   * @default - none
   */
  readonly backendRefs?: HttpBackendRef[];
}

/** A Gateway or ListenerSet (listener) a route attaches to: exactly one of `gateway` and `listenerSet`. */
export interface ParentReference {
  /**
   * The Gateway (its own listeners; not those of its ListenerSets).
   *
   * @default - none: `listenerSet` is given
   */
  readonly gateway?: IGateway;
  /**
   * The ListenerSet (rendered as a parentRef of kind `ListenerSet`): the route attaches to its
   * listeners, merged into its Gateway.
   *
   * @default - none: `gateway` is given
   */
  readonly listenerSet?: IListenerSet;
  /**
   * Listener name on the Gateway or ListenerSet.
   *
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
  /**
   * Listener port on the Gateway or ListenerSet.
   *
   * @default - any port
   */
  readonly port?: number;
}

/** Properties of an `HttpRoute`. */
export interface HttpRouteProps {
  /**
   * Name, namespace, labels and annotations.
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Gateways or ListenerSets (listeners) the route attaches to; more with `addParentRef()`. At least one.
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
   * Rules; more with `addRule()`. At least one.
   *
   * @default - none
   */
  readonly rules?: HttpRouteRule[];
}
