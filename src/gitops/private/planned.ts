// The certificates an app asks cert-manager for, read from rendered manifests, with the ACME
// account each is ordered on.
import { describeObject, ModelObject } from '../../core/model';
import { arr, obj, str } from '../../private/wire';

/**
 * An ACME account as Let's Encrypt counts it: one account key on one server. cert-manager keeps
 * the key in the issuer's `privateKeySecretRef` Secret (an Issuer's in its namespace, a
 * ClusterIssuer's in the cluster resource namespace), so issuers of one cluster naming the same
 * Secret share an account, and the same Secret name in two namespaces is two accounts.
 */
export interface AcmeAccount {
  /** `cluster|server|<Secret namespace>/<Secret name>`. */
  readonly key: string;
  /** The account key Secret, `namespace/name` (`<cluster resource namespace>/name` for ClusterIssuers), for messages. */
  readonly keySecret: string;
}

/** The issuers of some apps, by cluster, group, kind, namespace ('' for ClusterIssuers) and name. */
export type IssuerLookup = (cluster: string, group: string, kind: string, namespace: string, name: string) => ModelObject | undefined;

/**
 * Issuer look-up over the objects of several apps: cert-manager resolves an `issuerRef` in the
 * Certificate's cluster, whichever output folder (app) holds the issuer.
 */
export function issuerLookup(inventories: ReadonlyArray<readonly ModelObject[]>): IssuerLookup {
  const byKey = new Map<string, ModelObject>();
  for (const resources of inventories) {
    for (const r of resources) {
      if (r.group === 'cert-manager.io' && (r.kind === 'Issuer' || r.kind === 'ClusterIssuer')) byKey.set(issuerKey(r.cluster, r.group, r.kind, r.namespace, r.name), r);
    }
  }
  return (cluster, group, kind, namespace, name) => byKey.get(issuerKey(cluster, group, kind, namespace, name));
}

/** The ACME server and account of an issuer (none for other issuers, or when the issuer is unknown). */
export function acmeAccountOf(issuer: ModelObject | undefined): { server: string | undefined; account?: AcmeAccount } {
  const acme = obj(obj(issuer?.json?.spec).acme);
  const server = str(acme.server);
  const secret = str(obj(acme.privateKeySecretRef).name);
  if (issuer === undefined || server === undefined || secret === undefined) return { server };
  const keySecret = `${issuer.kind === 'Issuer' ? issuer.namespace : '<cluster resource namespace>'}/${secret}`;
  return { server, account: { key: `${issuer.cluster}|${server}|${keySecret}`, keySecret } };
}

function issuerKey(cluster: string, group: string, kind: string, namespace: string, name: string): string {
  return `${cluster}|${group}|${kind}|${namespace}|${name}`;
}

/** A certificate the app plans to have issued, with its issuer's ACME server. */
export interface PlannedCertificate {
  /** The Certificate, or the Gateway whose gateway-shim certificate this is. */
  readonly resource: ModelObject;
  /** `Certificate ns/name`, for messages. */
  readonly id: string;
  readonly namespace: string;
  readonly secretName: string;
  /** Names, lowercased, without duplicates: the DNS names and the common name (what an ACME order asks for). */
  readonly names: string[];
  /** The DNS names (`spec.dnsNames`, or the gateway-shim listeners' hostnames), lowercased, without duplicates. */
  readonly dnsNames: string[];
  /** `spec.commonName` as written, if any (for a CA certificate it is a name, not a host). */
  readonly commonName?: string;
  /** `Kind/name` of the issuer, as referenced. */
  readonly issuer: string;
  /** ACME server of the issuer when the issuer is in the app, else undefined. */
  readonly server: string | undefined;
  /** The ACME account the certificate is ordered on, when the issuer is an ACME issuer in the app. */
  readonly account?: AcmeAccount;
}

/**
 * Certificates an app asks cert-manager for: Certificate objects, and the certificates the
 * gateway-shim creates for Gateway API Gateways annotated with an issuer (one per Secret named
 * by listeners with a hostname). Issuers are looked up with `issuers` (default: the app's own).
 * Linear in the number of objects.
 */
export function plannedCertificates(resources: readonly ModelObject[], issuers: IssuerLookup = issuerLookup([resources])): PlannedCertificate[] {
  const acmeOf = (r: ModelObject, kind: string, group: string, name: string) => (
    group === 'cert-manager.io' ? acmeAccountOf(issuers(r.cluster, group, kind, kind === 'Issuer' ? r.namespace : '', name)) : { server: undefined });
  const out: PlannedCertificate[] = [];
  for (const r of resources) {
    const spec = obj(r.json?.spec);
    if (r.group === 'cert-manager.io' && r.kind === 'Certificate') {
      const ref = obj(spec.issuerRef);
      const names = uniqueLower([...arr(spec.dnsNames), spec.commonName]);
      const dnsNames = uniqueLower(arr(spec.dnsNames));
      const commonName = str(spec.commonName);
      const kind = str(ref.kind) || 'Issuer';
      const name = str(ref.name) ?? '';
      out.push({
        resource: r,
        id: describeObject(r),
        namespace: r.namespace,
        secretName: str(spec.secretName) ?? '',
        names,
        dnsNames,
        ...(commonName !== undefined ? { commonName } : {}),
        issuer: `${kind}/${name}`,
        ...acmeOf(r, kind, str(ref.group) || 'cert-manager.io', name),
      });
    } else if (r.group === 'gateway.networking.k8s.io' && r.kind === 'Gateway') {
      const annotations = obj(r.json?.metadata?.annotations);
      const issuerName = str(annotations['cert-manager.io/issuer']) ?? str(annotations['cert-manager.io/cluster-issuer']);
      if (!issuerName) continue;
      const kind = annotations['cert-manager.io/issuer'] !== undefined ? 'Issuer' : 'ClusterIssuer';
      const acme = acmeOf(r, kind, str(annotations['cert-manager.io/issuer-group']) ?? 'cert-manager.io', issuerName);
      const bySecret = new Map<string, string[]>();
      for (const l of arr(spec.listeners)) {
        const listener = obj(l);
        const hostname = str(listener.hostname);
        if (!hostname) continue;
        for (const ref of arr(obj(listener.tls).certificateRefs)) {
          const name = str(obj(ref).name);
          if (name) push(bySecret, name, hostname);
        }
      }
      for (const [secret, hosts] of bySecret) {
        out.push({
          resource: r,
          id: `Certificate ${r.namespace}/${secret} (gateway-shim of Gateway ${r.name})`,
          namespace: r.namespace,
          secretName: secret,
          names: uniqueLower(hosts),
          dnsNames: uniqueLower(hosts),
          issuer: `${kind}/${issuerName}`,
          ...acme,
        });
      }
    }
  }
  return out;
}

function uniqueLower(values: any[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()))];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
