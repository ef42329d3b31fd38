// Which Certificates write which Secret, read from the wire form (not exported from the
// package): the cert-manager family's interface to the families whose objects consume
// certificate Secrets (Istio credentialName, Gateway API certificateRefs, trust-manager sources).
import { AppModel, ModelObject } from '../core/model';
import { obj, str } from '../private/wire';

interface Index {
  /** `cluster|namespace|secretName` → Certificates writing it. */
  readonly bySecret: Map<string, ModelObject[]>;
  /** `cluster|secretName` → Certificates writing a Secret of that name in any namespace. */
  readonly bySecretName: Map<string, ModelObject[]>;
}

function index(model: AppModel): Index {
  return model.derived('cert-manager/secret-writers', (m) => {
    const out: Index = { bySecret: new Map(), bySecretName: new Map() };
    for (const c of m.ofKind('cert-manager.io', 'Certificate')) {
      const secret = str(obj(c.json?.spec).secretName);
      if (c.external || secret === undefined) continue;
      push(out.bySecret, `${c.cluster}|${c.namespace}|${secret}`, c);
      push(out.bySecretName, `${c.cluster}|${secret}`, c);
    }
    return out;
  });
}

/** The Certificates of the model writing Secret `namespace/secretName` in `cluster`, in tree order. */
export function certificatesWriting(model: AppModel, cluster: string, namespace: string, secretName: string): readonly ModelObject[] {
  return index(model).bySecret.get(`${cluster}|${namespace}|${secretName}`) ?? [];
}

/** The Certificates writing a Secret named `secretName` in any namespace of `cluster`. */
export function certificatesWritingSecretNamed(model: AppModel, cluster: string, secretName: string): readonly ModelObject[] {
  return index(model).bySecretName.get(`${cluster}|${secretName}`) ?? [];
}

/** `spec.secretName` of a Certificate. */
export function secretNameOf(certificate: ModelObject): string | undefined {
  return str(obj(certificate.json?.spec).secretName);
}

/** `spec.dnsNames` of a Certificate (strings only). */
export function dnsNamesOf(certificate: ModelObject): string[] {
  const names = obj(certificate.json?.spec).dnsNames;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
