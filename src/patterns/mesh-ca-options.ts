import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { BundleSource } from '../trust/bundle-source';
import { MeshRoot } from './mesh-ca-root';

/** How Istio gets its workload certificates from cert-manager. */
export enum MeshCaMode {
  /**
   * cert-manager istio-csr replaces istiod's CA server: proxies send their CSRs to istio-csr,
   * which has them signed by a cert-manager issuer (`global.caAddress`, `ENABLE_CA_SERVER=false`).
   */
  ISTIO_CSR = 'istio-csr',
  /**
   * Istio's plug-in CA: cert-manager writes an intermediate CA into the `cacerts` Secret
   * (`kubernetes.io/tls`, Istio ≥ 1.14.2) and istiod signs workload certificates with it.
   */
  PLUGIN_CA = 'plugin-ca',
}

/** How the Istio install values the mesh CA derives are delivered. */
export enum IstioInstallMethod {
  /** Argo CD Applications for Istio's `base` and `istiod` Helm charts (pinned 1.30.3). */
  ARGO_CD_HELM = 'ArgoCdHelm',
  /** An `IstioOperator` for `istioctl install -f` (not applied by Argo CD). */
  ISTIO_OPERATOR = 'IstioOperator',
  /** Nothing is emitted; read `istiodValues` and install Istio yourself. */
  NONE = 'None',
}

/** Argo CD settings of the Applications a mesh CA emits. */
export interface MeshCaArgoCdOptions {
  /**
   * Namespace of the Applications.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * AppProject of the Applications.
   *
   * @default 'default'
   */
  readonly project?: string;
  /**
   * API server URL of the cluster the charts are installed into (exclusive with
   * `destinationName`).
   *
   * @default - the cluster's name as registered in Argo CD when the mesh CA renders for a
   * named cluster (`GitOpsRepo.addFolder(name, { cluster })` or `MultiClusterMesh.addCluster()`), else `https://kubernetes.default.svc`
   */
  readonly destinationServer?: string;
  /**
   * Name of the cluster (as registered in Argo CD) the charts are installed into.
   *
   * @default - see `destinationServer`
   */
  readonly destinationName?: string;
  /**
   * Sync wave of the istio-csr Application: after the issuers, certificates and Bundle of the
   * mesh CA (as `SyncWaves` orders them), before istiod.
   *
   * @default - one after the workload issuer and the Bundle (7 for a root bootstrapped in the cluster with an intermediate)
   */
  readonly istioCsrSyncWave?: number;
  /**
   * Sync wave of the Istio `base` Application (CRDs).
   *
   * @default - the istio-csr wave (istio-csr mode), one after the intermediate (plug-in mode)
   */
  readonly istioBaseSyncWave?: number;
  /**
   * Sync wave of the `istiod` Application: istiod must start after istio-csr is ready (it
   * mounts the `istiod-tls` certificate istio-csr creates), and in plug-in mode after the
   * `cacerts` Secret exists (else it generates a self-signed root of its own).
   *
   * @default - one after istio-csr / the intermediate and the base chart
   */
  readonly istiodSyncWave?: number;
}

/** Properties of a `MeshCa`. */
export interface MeshCaProps {
  /** istio-csr or plug-in CA. */
  readonly mode: MeshCaMode;
  /**
   * The root of trust.
   *
   * @default MeshRoot.selfSigned()
   */
  readonly root?: MeshRoot;
  /**
   * Issue an intermediate CA for this cluster from the root: the `cacerts` Secret (plug-in
   * mode, required) or istio-csr's CA Issuer. With false, istio-csr uses the root issuer
   * directly (e.g. a Vault PKI role that signs workload certificates, as in seed 004).
   *
   * @default true
   */
  readonly intermediate?: boolean;
  /**
   * Validity of the intermediate.
   *
   * @default Duration.days(365)
   */
  readonly intermediateDuration?: Duration;
  /**
   * When the intermediate is re-issued (with a new key) before it expires. No workload
   * certificate may outlive this window (checked at synth).
   *
   * @default Duration.days(30)
   */
  readonly intermediateRenewBefore?: Duration;
  /**
   * Name of the intermediate's Certificate, Secret (and, istio-csr mode, CA Issuer) in the Istio
   * namespace. Plug-in mode: must be `cacerts`, the only Secret istiod reads.
   *
   * @default 'istio-ca' (istio-csr), 'cacerts' (plug-in)
   */
  readonly intermediateName?: string;
  /**
   * The mesh's SPIFFE trust domain (`meshConfig.trustDomain`, istio-csr `app.tls.trustDomain`).
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Istio cluster name (`global.multiCluster.clusterName`) and istio-csr cluster ID
   * (`app.server.clusterID`); they must be equal (istio-csr#27).
   *
   * @default - the cluster the construct renders for (`GitOpsRepo.addFolder(name, { cluster })` or `MultiClusterMesh.addCluster()`), else Istio's default 'Kubernetes'
   */
  readonly clusterName?: string;
  /**
   * Mesh ID (`global.meshID`), the same in every cluster of a multi-cluster mesh.
   *
   * @default - not set (Istio uses the trust domain)
   */
  readonly meshId?: string;
  /**
   * Network of this cluster (`global.network`, and label `topology.istio.io/network` on the
   * Istio namespace), for multi-network meshes.
   *
   * @default - not set (single network)
   */
  readonly network?: string;
  /**
   * Longest lifetime of a workload certificate (istio-csr `app.server.maxCertificateDuration`;
   * plug-in mode: istiod `MAX_WORKLOAD_CERT_TTL` and the proxies' `SECRET_TTL`).
   *
   * @default Duration.hours(1)
   */
  readonly maxWorkloadCertificateDuration?: Duration;
  /**
   * Istio revisions installed in the cluster (istio-csr `app.istio.revisions`); the first is
   * the revision the emitted istiod install uses.
   *
   * @default ['default']
   */
  readonly istioRevisions?: string[];
  /**
   * Namespace of istiod (`istio-system`).
   *
   * @default 'istio-system'
   */
  readonly istioNamespace?: string;
  /**
   * Create the Istio namespace (it must exist before the intermediate Certificate, i.e. before
   * Istio is installed), labelled with the network when set.
   *
   * @default true
   */
  readonly createIstioNamespace?: boolean;
  /**
   * cert-manager's namespace: its cluster resource namespace (where ClusterIssuers read
   * Secrets) and where istio-csr is installed.
   *
   * @default 'cert-manager'
   */
  readonly certManagerNamespace?: string;
  /**
   * trust-manager's trust namespace (where Bundle sources are read).
   *
   * @default 'cert-manager'
   */
  readonly trustNamespace?: string;
  /**
   * Extra roots trusted next to the current one, e.g. the old and the new root during a root
   * rotation. istio-csr mode: added to the pinned bundle istio-csr publishes to workloads.
   * Plug-in mode: inline PEM only, written to `meshConfig.caCertificates` (with Istio's
   * multi-root support switched on).
   *
   * @default - none
   */
  readonly additionalTrustAnchors?: BundleSource[];
  /**
   * Name of the trust-manager Bundle (and of the ConfigMap it writes) carrying the roots.
   *
   * @default 'mesh-ca-roots'
   */
  readonly trustBundleName?: string;
  /**
   * How the Istio install values are delivered.
   *
   * @default IstioInstallMethod.ARGO_CD_HELM
   */
  readonly istioInstall?: IstioInstallMethod;
  /**
   * Where the install objects (Argo CD Applications, IstioOperator) are created, e.g. a chart
   * of the Argo CD (hub) output folder in a multi-cluster layout.
   *
   * @default - the mesh CA itself
   */
  readonly installScope?: Construct;
  /**
   * Argo CD settings of the emitted Applications.
   *
   * @default - namespace argocd, project default, waves after the mesh CA's own objects
   */
  readonly argoCd?: MeshCaArgoCdOptions;
  /**
   * istiod's image (Istio's `pilot`, a variant with a shell: the default one) for the containers
   * the library renders outside the istiod chart: the restart CronJob (plug-in mode) and, with
   * `IstioInstallMethod.ISTIO_OPERATOR`, istiod's init container. (With the Helm Applications the
   * init container takes the chart's own hub and tag.) Set it to your registry's copy in an
   * air-gapped cluster.
   *
   * @default 'docker.io/istio/pilot:1.30.3'
   */
  readonly istiodImage?: string;
  /**
   * Plug-in mode: restart istiod when cert-manager re-issues `cacerts`. istiod reloads a new
   * intermediate by itself but ignores a `cacerts` whose root differs from the one it loaded —
   * as after every root renewal, even with the root key kept — and keeps signing with the old
   * intermediate until restarted. A CronJob in the Istio namespace (every 10 minutes) compares
   * the `cacerts` Certificate's revision with the one istiod was started for and restarts it
   * (a pod template annotation, as `kubectl rollout restart`) when they differ.
   *
   * @default true in plug-in mode (not available in istio-csr mode, where istiod holds no CA)
   */
  readonly restartIstiodOnCacertsRenewal?: boolean;
  /**
   * A mesh-wide `PeerAuthentication` (STRICT), named `default` in the Istio namespace.
   *
   * @default true
   */
  readonly strictMtls?: boolean;
}

