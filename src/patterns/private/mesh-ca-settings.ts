// What a MeshCa is built from: its props, checked, with the defaults applied (not exported
// from the package; resolved by mesh-ca-input.ts, read by the builders).
import { Duration } from 'cdk8s';
import { BundleSource } from '../../trust/bundle-source';
import { MeshCaMode } from '../mesh-ca-options';
import { MeshRoot } from '../mesh-ca-root';
import { MeshRootInternals } from './mesh-root-internals';

export interface MeshCaSettings {
  readonly mode: MeshCaMode;
  readonly root: MeshRoot;
  readonly rootInternals: MeshRootInternals;
  readonly istioNamespace: string;
  readonly certManagerNamespace: string;
  readonly trustNamespace: string;
  readonly trustDomain: string;
  /** The cluster the construct renders for, when the app says. */
  readonly contextCluster?: string;
  /** Istio's cluster name = istio-csr's cluster ID. */
  readonly clusterName: string;
  readonly meshId?: string;
  readonly network?: string;
  readonly istioRevisions: string[];
  readonly maxWorkloadCertificateDuration: Duration;
  readonly useIntermediate: boolean;
  readonly intermediateDuration: Duration;
  readonly intermediateRenewBefore: Duration;
  /** Name of the intermediate's Certificate and Secret (istio-csr mode: and of its CA Issuer). */
  readonly intermediateName: string;
  readonly additionalTrustAnchors: BundleSource[];
  readonly trustBundleName: string;
  /** istiod's image for containers rendered outside its chart. */
  readonly istiodImage: string;
}
