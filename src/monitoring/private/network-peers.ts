// `NetworkPeer`s as cdk8s-plus-27 peers (not exported from the package; cdk8s-plus-27 is an
// optional peer dependency, loaded by the construct that needs it).
import type * as Kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NetworkPeer, NetworkPeerType } from '../network-peer';

/** A key equal for peers that select the same. */
export function peerKey(peer: NetworkPeer): string {
  return JSON.stringify([peer.type, peer.values, Object.entries(peer.labels).sort()]);
}

/** The cdk8s-plus-27 peers of `peer` (`anywhere()` is two: IPv4 and IPv6), constructs under `scope` with ids from `id`. */
export function kplusPeers(scope: Construct, id: string, kp: typeof Kplus, peer: NetworkPeer): Kplus.INetworkPolicyPeer[] {
  switch (peer.type) {
    case NetworkPeerType.ANYWHERE:
      return [kp.NetworkPolicyIpBlock.anyIpv4(scope, `${id}Ipv4`), kp.NetworkPolicyIpBlock.anyIpv6(scope, `${id}Ipv6`)];
    case NetworkPeerType.IP_BLOCK: {
      const [cidr, ...except] = peer.values;
      const make = cidr.includes(':') ? kp.NetworkPolicyIpBlock.ipv6 : kp.NetworkPolicyIpBlock.ipv4;
      return [make(scope, id, cidr, except.length ? except : undefined)];
    }
    case NetworkPeerType.ALL_NAMESPACES:
      return [kp.Namespaces.all(scope, id)];
    case NetworkPeerType.NAMESPACES:
      return [kp.Namespaces.select(scope, id, { names: peer.values })];
    case NetworkPeerType.PODS:
      return [kp.Pods.select(scope, id, {
        labels: peer.labels,
        namespaces: peer.values.length ? kp.Namespaces.select(scope, `${id}Namespaces`, { names: peer.values }) : undefined,
      })];
  }
}
