import { checkLabels } from '../private/fields';
import { factory } from '../private/factory';
import { fail } from '../validation/error';

/** Which namespaces may attach routes to a listener (`allowedRoutes.namespaces.from`). */
export enum RouteNamespaces {
  /** Only routes in the namespace of the Gateway or ListenerSet (the Gateway API default). */
  SAME = 'Same',
  /** Routes in every namespace. */
  ALL = 'All',
  /** Routes in namespaces whose labels match a selector. */
  SELECTOR = 'Selector',
}

/**
 * Which routes may attach to a listener. Defaults to routes in the namespace of the listener's
 * Gateway or ListenerSet.
 */
export class AllowedRoutes {
  /** Only routes in the namespace of the Gateway or ListenerSet (the Gateway API default). */
  public static fromSameNamespace(): AllowedRoutes {
    return new AllowedRoutes(RouteNamespaces.SAME);
  }

  /** Routes in any namespace. */
  public static fromAllNamespaces(): AllowedRoutes {
    return new AllowedRoutes(RouteNamespaces.ALL);
  }

  /**
   * Routes in namespaces carrying all of these labels.
   *
   * @param matchLabels namespace labels, e.g. `{ 'shared-gateway-access': 'true' }`
   */
  public static fromNamespacesWithLabels(matchLabels: { [key: string]: string }): AllowedRoutes {
    const where = 'AllowedRoutes.fromNamespacesWithLabels';
    return factory(where, AllowedRoutes, () => {
      checkLabels(where, 'matchLabels', matchLabels);
      if (!matchLabels || Object.keys(matchLabels).length === 0) {
        fail(where, 'matchLabels', matchLabels, 'an empty selector matches every namespace',
          'pass at least one label, or use AllowedRoutes.fromAllNamespaces() if every namespace is meant');
      }
      return new AllowedRoutes(RouteNamespaces.SELECTOR, { ...matchLabels });
    });
  }

  private constructor(
    /** Where routes may come from. */
    public readonly from: RouteNamespaces,
    /** Namespace labels, for `SELECTOR`. */
    public readonly matchLabels?: { [key: string]: string },
  ) {}
}
