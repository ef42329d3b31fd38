// Where cert-manager and trust-manager read Secrets, as the constructs of an app state it: the
// gitops family's internal interface to the patterns (not re-exported by index.ts). A MeshCa
// knows the namespace its root Certificate writes the CA Secret of its ClusterIssuer to;
// SyncWaves must link the two there, whatever its own default.
import { IConstruct } from 'constructs';
import { declareToModel } from '../core/declare';
import { AppModel } from '../core/model';

/** The namespaces one construct of the app relies on. */
export interface SecretNamespaces {
  /** cert-manager's `--cluster-resource-namespace`: where CA ClusterIssuers read their Secret. */
  readonly clusterResourceNamespace?: string;
  /** trust-manager's trust namespace: where Bundles read their source Secrets. */
  readonly trustNamespace?: string;
  /** The construct's props naming them, for messages (e.g. `certManagerNamespace`). */
  readonly fields: { readonly clusterResourceNamespace?: string; readonly trustNamespace?: string };
}

/** A declaration and the construct that made it. */
export interface SecretNamespacesDeclaration extends SecretNamespaces {
  readonly scope: IConstruct;
}

const TYPE = 'secret-namespaces';

/** Record that `scope` relies on cert-manager / trust-manager reading Secrets from these namespaces. */
export function declareSecretNamespaces(scope: IConstruct, namespaces: SecretNamespaces): void {
  declareToModel(scope, { declarations: () => [{ type: TYPE, data: namespaces }] });
}

/** The declarations made by constructs in the subtree of `target` (few: one per mesh CA). */
export function secretNamespacesUnder(model: AppModel, target: IConstruct): SecretNamespacesDeclaration[] {
  return model.declared(TYPE).filter((d) => within(d.owner, target)).map((d) => ({ scope: d.owner, ...(d.data as SecretNamespaces) }));
}

function within(c: IConstruct, ancestor: IConstruct): boolean {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) if (s === ancestor) return true;
  return false;
}
