// What a MeshRoot carries for MeshCa, kept out of the public (jsii) API (not exported from
// the package).
import { Duration } from 'cdk8s';
import { IssuerConfig } from '../../cert-manager/issuer-config';
import { IIssuer } from '../../cert-manager/references';
import { BundleSource } from '../../trust/bundle-source';

/** The settings behind a MeshRoot. */
export interface MeshRootInternals {
  readonly commonName?: string;
  readonly organizations?: string[];
  readonly duration?: Duration;
  readonly renewBefore?: Duration;
  readonly keySize?: number;
  readonly secretName?: string;
  readonly secretNamespace?: string;
  readonly config?: IssuerConfig;
  readonly issuer?: IIssuer;
  readonly trustAnchor?: BundleSource;
}

const INTERNALS = new WeakMap<object, MeshRootInternals>();

export function setMeshRootInternals(root: object, internals: MeshRootInternals): void {
  INTERNALS.set(root, internals);
}

export function meshRootInternals(root: object): MeshRootInternals {
  const r = INTERNALS.get(root);
  if (!r) throw new Error('not a MeshRoot');
  return r;
}
