/**
 * What a mesh CA tells the constructs that build on it (e.g. `MeshVerification`): its names,
 * trust domain and revisions, and the sync wave after the Istio install. Implemented by
 * `MeshCa`.
 */
export interface IMeshCa {
  /** The trust domain. */
  readonly trustDomain: string;
  /** The Istio namespace. */
  readonly istioNamespace: string;
  /** cert-manager's namespace. */
  readonly certManagerNamespace: string;
  /** Istio revisions; the first is the one the emitted istiod install uses. */
  readonly istioRevisions: string[];
  /**
   * Annotations for objects that need Istio installed (its CRDs, or its injection webhook):
   * a sync wave after the Istio install and `SkipDryRunOnMissingResource=true`.
   */
  afterIstioAnnotations(): { [key: string]: string };
}
