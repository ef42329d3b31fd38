// The ReferenceGrants a Gateway or ListenerSet creates so its listeners may read certificate
// Secrets in other namespaces: one per namespace, in that namespace, granting only the named
// Secrets to the kind and namespace of the listener owner (grants are not inherited between a
// Gateway and its ListenerSets). Not exported.
import { Construct } from 'constructs';
import { ListenerTls } from '../listener-tls';
import { ReferenceGrant } from '../reference-grant';
import { GATEWAY_API_GROUP } from './inputs';
import { ListenerOwnerKind } from './listeners';

export class ListenerSecretGrants {
  private readonly grants = new Map<string, ReferenceGrant>();

  /**
   * @param owner the Gateway or ListenerSet (the grants are its children)
   * @param enabled false: create none (`createReferenceGrants: false`)
   */
  public constructor(
    private readonly owner: Construct,
    private readonly kind: ListenerOwnerKind,
    private readonly namespace: string,
    private readonly name: string,
    private readonly enabled: boolean,
  ) {}

  /** Grant the owner the Secret of `tls`, when it is in another namespace. */
  public grant(tls: ListenerTls): void {
    const ns = tls.secretNamespace ?? this.namespace;
    if (tls.secretName === undefined || ns === this.namespace || !this.enabled) return;
    let grant = this.grants.get(ns);
    if (!grant) {
      grant = new ReferenceGrant(this.owner, `ReferenceGrant-${ns}`, {
        metadata: { name: `${this.kind.toLowerCase()}-${this.namespace}-${this.name}`.slice(0, 253).replace(/[-.]+$/, ''), namespace: ns },
        from: [{ group: GATEWAY_API_GROUP, kind: this.kind, namespace: this.namespace }],
      });
      this.grants.set(ns, grant);
    }
    grant.addTo({ group: '', kind: 'Secret', name: tls.secretName });
  }
}
