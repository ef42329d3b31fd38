// The peers of NetworkPolicy rules of `CertManagerNetworkPolicy`, made by the `NetworkPeer`
// factories. The policies are built with cdk8s-plus-27 (an optional peer dependency), so the
// peers are plain data here and turned into its peers in `private/network-peers.ts`.
import { factory } from '../private/factory';
import { checkLabels, checkNamespaceName, requireArray } from '../private/fields';
import { isIpOrCidr } from '../private/names';
import { fail } from '../validation/error';

/** What a `NetworkPeer` selects. */
export enum NetworkPeerType {
  /** Every IPv4 and IPv6 address (`0.0.0.0/0` and `::/0`). */
  ANYWHERE = 'anywhere',
  /** An IP block (`ipBlock`). */
  IP_BLOCK = 'ipBlock',
  /** Every pod of every namespace (`namespaceSelector: {}`). */
  ALL_NAMESPACES = 'allNamespaces',
  /** Every pod of the named namespaces. */
  NAMESPACES = 'namespaces',
  /** Pods with labels, in the policy's namespace or the named ones. */
  PODS = 'pods',
}

/**
 * A source or destination of a NetworkPolicy rule. Note that the Kubernetes API server is not a
 * pod: with most network plugins only `anywhere()` or its `ipBlock()` reaches it (and calls the
 * webhook from it), not a namespace selector.
 */
export class NetworkPeer {
  /** Every IPv4 and IPv6 address. */
  public static anywhere(): NetworkPeer {
    return new NetworkPeer(NetworkPeerType.ANYWHERE, []);
  }

  /**
   * Addresses in `cidr` (IPv4 or IPv6, with its prefix length), but not those in `except`.
   *
   * @param cidr e.g. `10.0.0.0/8`, `0.0.0.0/0`
   * @param except CIDRs within `cidr` to leave out
   */
  public static ipBlock(cidr: string, except?: string[]): NetworkPeer {
    return factory('NetworkPeer.ipBlock', NetworkPeer, () => {
      const checkCidr = (field: string, v: unknown) => {
        if (typeof v !== 'string' || !v.includes('/') || !isIpOrCidr(v)) fail('NetworkPeer.ipBlock', field, v, 'must be a CIDR (an address with its prefix length)', "write e.g. '10.0.0.0/8' or '0.0.0.0/0'");
      };
      checkCidr('cidr', cidr);
      requireArray('NetworkPeer.ipBlock', 'except', except, { fix: 'pass CIDRs within cidr' }).forEach((e, i) => {
        checkCidr(`except[${i}]`, e);
        if (e.includes(':') !== cidr.includes(':')) fail('NetworkPeer.ipBlock', `except[${i}]`, e, `is not of the address family of ${cidr}`, 'list CIDRs within cidr');
      });
      return new NetworkPeer(NetworkPeerType.IP_BLOCK, [cidr, ...(except ?? [])]);
    });
  }

  /** Every pod of every namespace (`namespaceSelector: {}`), e.g. the cluster's DNS. */
  public static allNamespaces(): NetworkPeer {
    return new NetworkPeer(NetworkPeerType.ALL_NAMESPACES, []);
  }

  /** Every pod of the named namespaces (selected by `kubernetes.io/metadata.name`). */
  public static namespaces(names: string[]): NetworkPeer {
    return factory('NetworkPeer.namespaces', NetworkPeer, () => {
      requireArray('NetworkPeer.namespaces', 'names', names, { nonEmpty: true, fix: "name the namespaces, e.g. ['monitoring']" });
      if (names === undefined) fail('NetworkPeer.namespaces', 'names', names, 'names are required', "name the namespaces, e.g. ['monitoring']");
      names.forEach((n, i) => checkNamespaceName('NetworkPeer.namespaces', `names[${i}]`, n));
      return new NetworkPeer(NetworkPeerType.NAMESPACES, [...names].sort());
    });
  }

  /**
   * Pods with `labels`, in the named namespaces.
   *
   * @param labels labels the pods have
   * @param namespaces namespaces of the pods (default: the policy's namespace)
   */
  public static pods(labels: { [key: string]: string }, namespaces?: string[]): NetworkPeer {
    return factory('NetworkPeer.pods', NetworkPeer, () => {
      if (labels === undefined || Object.keys(labels ?? {}).length === 0) fail('NetworkPeer.pods', 'labels', labels, 'at least one label is required', 'use NetworkPeer.namespaces() or allNamespaces() for every pod');
      checkLabels('NetworkPeer.pods', 'labels', labels);
      requireArray('NetworkPeer.pods', 'namespaces', namespaces, { nonEmpty: true, fix: 'name the namespaces, or leave them out for the policy\'s namespace' })
        .forEach((n, i) => checkNamespaceName('NetworkPeer.pods', `namespaces[${i}]`, n));
      return new NetworkPeer(NetworkPeerType.PODS, [...(namespaces ?? [])].sort(), { ...labels });
    });
  }

  private constructor(
    /** What the peer selects. */
    public readonly type: NetworkPeerType,
    /** CIDRs (the block, then its exceptions) or namespace names. */
    public readonly values: string[],
    /** Labels of the pods (`pods()` only). */
    public readonly labels: { [key: string]: string } = {},
  ) {}
}
