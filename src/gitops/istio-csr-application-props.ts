import { Duration } from 'cdk8s';
import { IIssuer, SecretKeySelector } from '../cert-manager/references';
import { ChartComponentOptions, HelmApplicationOptions, MetricsScraping } from './helm-values';

/** Properties of `IstioCsrApplication`. */
export interface IstioCsrApplicationProps extends HelmApplicationOptions, ChartComponentOptions {
  /**
   * The issuer that signs workload certificates: a CA (or Vault, or external) issuer, never
   * ACME. Prefer a namespaced `Issuer`: istio-csr creates its CertificateRequests in the
   * issuer's namespace.
   */
  readonly issuer: IIssuer;
  /**
   * Namespace istio-csr is installed in (Istio is pointed at
   * `cert-manager-istio-csr.<namespace>.svc:443`).
   *
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * Namespace of the CertificateRequests istio-csr creates (`app.certmanager.namespace`).
   * Must be the issuer's namespace for a namespaced `Issuer`.
   *
   * @default - the issuer's namespace; `istio-system` for cluster-scoped issuers
   */
  readonly certificateRequestNamespace?: string;
  /**
   * The root CA istio-csr distributes to the mesh, from a Secret in istio-csr's namespace
   * (mounted, `app.tls.rootCAFile`). Pinning the root stops a compromised issuer from
   * swapping the mesh's trust anchor (istio-csr#103).
   *
   * @default - none: istio-csr trusts the CA of the first certificate it gets (a warning is recorded)
   */
  readonly rootCa?: SecretKeySelector;
  /**
   * SPIFFE trust domain of the mesh.
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Istio's cluster ID (`multiCluster.clusterName`); must match it in multi-cluster meshes
   * (istio-csr#27).
   *
   * @default 'Kubernetes'
   */
  readonly clusterId?: string;
  /**
   * Namespace of istiod.
   *
   * @default 'istio-system'
   */
  readonly istioNamespace?: string;
  /**
   * Istio revisions installed in the cluster.
   *
   * @default ['default']
   */
  readonly istioRevisions?: string[];
  /**
   * Longest lifetime istio-csr grants a workload certificate (`app.server.maxCertificateDuration`):
   * it asks the issuer for the shorter of this and the lifetime the proxy requests.
   *
   * @default Duration.hours(1) (the chart's default, NIST SP 800-204A SM-DR13)
   */
  readonly maxWorkloadCertificateDuration?: Duration;
  /**
   * Lifetime of istio-csr's own gRPC serving certificate, the one proxies verify when they
   * send their CSRs (`app.tls.certificateDuration`); istio-csr renews it at two thirds of it.
   *
   * @default Duration.hours(1) (the chart's default)
   */
  readonly servingCertificateDuration?: Duration;
  /**
   * How Prometheus finds the metrics.
   *
   * @default MetricsScraping.NONE
   */
  readonly metrics?: MetricsScraping;
}
