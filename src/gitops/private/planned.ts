// The certificates an app asks cert-manager for, read from rendered manifests.
import { describeObject, ModelObject } from '../../core/model';
import { arr, obj, str } from '../../private/wire';

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
}

/**
 * Certificates an app asks cert-manager for: Certificate objects, and the certificates the
 * gateway-shim creates for Gateway API Gateways annotated with an issuer (one per Secret named
 * by listeners with a hostname). Linear in the number of objects.
 */
export function plannedCertificates(resources: readonly ModelObject[]): PlannedCertificate[] {
  const byKey = new Map<string, ModelObject>();
  for (const r of resources) byKey.set(objectKey(r.group, r.kind, r.namespace, r.name), r);
  const serverOf = (ns: string, kind: string, group: string, name: string): string | undefined => {
    if (group !== 'cert-manager.io') return undefined;
    const issuer = byKey.get(objectKey(group, kind, kind === 'Issuer' ? ns : '', name));
    return str(obj(obj(issuer?.json?.spec).acme).server);
  };
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
        server: serverOf(r.namespace, kind, str(ref.group) || 'cert-manager.io', name),
      });
    } else if (r.group === 'gateway.networking.k8s.io' && r.kind === 'Gateway') {
      const annotations = obj(r.json?.metadata?.annotations);
      const issuerName = str(annotations['cert-manager.io/issuer']) ?? str(annotations['cert-manager.io/cluster-issuer']);
      if (!issuerName) continue;
      const kind = annotations['cert-manager.io/issuer'] !== undefined ? 'Issuer' : 'ClusterIssuer';
      const server = serverOf(r.namespace, kind, str(annotations['cert-manager.io/issuer-group']) ?? 'cert-manager.io', issuerName);
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
          server,
        });
      }
    }
  }
  return out;
}

function objectKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}|${kind}|${namespace}|${name}`;
}

function uniqueLower(values: any[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()))];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
