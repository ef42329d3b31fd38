import { ChartComponentOptions, HelmApplicationOptions } from './helm-values';

/** What the sidecars do with traffic to hosts outside the mesh's registry (`meshConfig.outboundTrafficPolicy.mode`). */
export enum OutboundTrafficPolicyMode {
  /** Pass it through (Istio's default). */
  ALLOW_ANY = 'ALLOW_ANY',
  /** Block it unless a ServiceEntry registers the host. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
}

/**
 * A trusted root of the mesh besides its own (`meshConfig.caCertificates[]`): PEM or SPIFFE
 * bundle endpoint, optionally limited to certificate signers or trust domains.
 */
export interface MeshCaCertificate {
  /**
   * The root certificate(s), PEM.
   *
   * @default - none (then `spiffeBundleUrl` is required)
   */
  readonly pem?: string;
  /**
   * SPIFFE bundle endpoint, `host:port` or URL, to fetch the roots from.
   *
   * @default - none (then `pem` is required)
   */
  readonly spiffeBundleUrl?: string;
  /**
   * Only for certificates signed by these Kubernetes signers (`meshConfig.caCertificates[].certSigners`).
   *
   * @default - every signer
   */
  readonly certSigners?: string[];
  /**
   * Only for these trust domains.
   *
   * @default - every trust domain
   */
  readonly trustDomains?: string[];
}

/**
 * The typed part of istiod's `meshConfig` (Istio's MeshConfig; the keys the reference documents
 * use). More keys through `extraValues: { meshConfig: { ... } }`.
 */
export interface MeshConfigOptions {
  /**
   * SPIFFE trust domain of the mesh.
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Envoy access log file of every proxy, e.g. `/dev/stdout`.
   *
   * @default - no access log
   */
  readonly accessLogFile?: string;
  /**
   * Traffic to hosts outside the registry.
   *
   * @default OutboundTrafficPolicyMode.ALLOW_ANY
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicyMode;
  /**
   * More trusted roots (root rotation, federation).
   *
   * @default - only the mesh's own root
   */
  readonly caCertificates?: MeshCaCertificate[];
  /**
   * Environment of every proxy's agent (`defaultConfig.proxyMetadata`).
   *
   * @default - none
   */
  readonly proxyMetadata?: { [key: string]: string };
}

/** Properties of `IstiodApplication`. */
export interface IstiodApplicationProps extends HelmApplicationOptions, ChartComponentOptions {
  /**
   * Namespace istiod is installed in (Istio's `global.istioNamespace`).
   *
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Istio revision of this control plane (`revision`; pods select it with `istio.io/rev`).
   *
   * @default - the default revision
   */
  readonly revision?: string;
  /**
   * The mesh configuration.
   *
   * @default - Istio's defaults
   */
  readonly meshConfig?: MeshConfigOptions;
  /**
   * Address of an external CA that signs workload certificates instead of istiod, e.g.
   * `IstioCsrApplication.caAddress` (`cert-manager-istio-csr.cert-manager.svc:443`). Sets
   * `global.caAddress` and turns istiod's built-in CA off (`pilot.env.ENABLE_CA_SERVER=false`),
   * the configuration istio-csr's documentation gives. Then the Application must sync after
   * istio-csr: istiod's own serving certificate comes from it.
   *
   * @default - istiod's built-in CA
   */
  readonly caAddress?: string;
  /**
   * istiod's cluster name (`global.multiCluster.clusterName`); must equal istio-csr's
   * `clusterId` in multi-cluster meshes.
   *
   * @default 'Kubernetes' (the chart's)
   */
  readonly clusterName?: string;
  /**
   * Mesh ID (`global.meshID`).
   *
   * @default - the trust domain
   */
  readonly meshId?: string;
  /**
   * Network of this cluster (`global.network`), for multi-network meshes.
   *
   * @default - none
   */
  readonly network?: string;
  /**
   * Environment variables of istiod (`pilot.env`), e.g. `PILOT_ENABLE_ALPHA_GATEWAY_API`.
   *
   * @default - none besides those `caAddress` implies
   */
  readonly pilotEnv?: { [key: string]: string };
}
