import { checkLabels } from '../private/fields';
import { factory } from '../private/factory';
import { fail } from '../validation/error';

/** Which namespaces may attach ListenerSets to a Gateway (`allowedListeners.namespaces.from`). */
export enum ListenerNamespaces {
  /** No ListenerSet may attach (the Gateway API default). */
  NONE = 'None',
  /** Only ListenerSets in the Gateway's namespace. */
  SAME = 'Same',
  /** ListenerSets in every namespace. */
  ALL = 'All',
  /** ListenerSets in namespaces whose labels match a selector. */
  SELECTOR = 'Selector',
}

/**
 * Which ListenerSets may attach their listeners to a Gateway (`spec.allowedListeners`).
 * Gateways admit none unless they say so.
 */
export class AllowedListeners {
  /** No ListenerSet may attach (the Gateway API default, written explicitly). */
  public static none(): AllowedListeners {
    return new AllowedListeners(ListenerNamespaces.NONE);
  }

  /** Only ListenerSets in the Gateway's namespace. */
  public static fromSameNamespace(): AllowedListeners {
    return new AllowedListeners(ListenerNamespaces.SAME);
  }

  /** ListenerSets in any namespace (e.g. one namespace per site of a fleet sharing the Gateway). */
  public static fromAllNamespaces(): AllowedListeners {
    return new AllowedListeners(ListenerNamespaces.ALL);
  }

  /**
   * ListenerSets in namespaces carrying all of these labels.
   *
   * @param matchLabels namespace labels, e.g. `{ 'shared-gateway-access': 'true' }`
   */
  public static fromNamespacesWithLabels(matchLabels: { [key: string]: string }): AllowedListeners {
    const where = 'AllowedListeners.fromNamespacesWithLabels';
    return factory(where, AllowedListeners, () => {
      checkLabels(where, 'matchLabels', matchLabels);
      if (!matchLabels || Object.keys(matchLabels).length === 0) {
        fail(where, 'matchLabels', matchLabels, 'an empty selector matches every namespace',
          'pass at least one label, or use AllowedListeners.fromAllNamespaces() if every namespace is meant');
      }
      return new AllowedListeners(ListenerNamespaces.SELECTOR, { ...matchLabels });
    });
  }

  private constructor(
    /** Where ListenerSets may come from. */
    public readonly from: ListenerNamespaces,
    /** Namespace labels, for `SELECTOR`. */
    public readonly matchLabels?: { [key: string]: string },
  ) {}
}
