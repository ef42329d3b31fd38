import { ApiObjectMetadata } from 'cdk8s';
import { HttpBackendRef, ParentReference } from './http-route-options';

/** The rule of a TLSRoute: where the TLS streams of its hostnames go. */
export interface TlsRouteRule {
  /**
   * Rule name.
   *
   * @default - unnamed
   */
  readonly name?: string;
  /** Backends (1 to 16 Services), weighted. */
  readonly backendRefs: HttpBackendRef[];
}

/** Properties of a `TlsRoute`. */
export interface TlsRouteProps {
  /**
   * Name, namespace, labels and annotations.
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * TLS listeners the route attaches to (Gateways or ListenerSets); more with `addParentRef()`.
   * At least one.
   *
   * @default - none
   */
  readonly parentRefs?: ParentReference[];
  /** SNI host names the route takes (1 to 1,024; `*.` wildcards allowed, no IP addresses). */
  readonly hostnames: string[];
  /**
   * The rule (a v1 TLSRoute has exactly one); or `addRule()`.
   *
   * @default - none
   */
  readonly rules?: TlsRouteRule[];
}
