import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { IIssuer, IssuerType, SecretKeySelector } from '../cert-manager/references';
import { goDuration } from '../private/duration';
import { checkDns1123Label, checkDns1123Subdomain, checkDnsName } from '../private/names';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { Application } from './application';
import { ChartComponentOptions, HelmApplicationOptions, MetricsScraping } from './helm-values';
import { dependencyApplication } from './private/dependency';
import { mergeValues, mib, renderComponent } from './private/helm';

const ROOT_CA_DIR = '/var/run/secrets/istio-csr/root-ca';
/** The chart names its Service after itself, whatever the release name. */
const ISTIO_CSR_SERVICE = 'cert-manager-istio-csr';

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

/**
 * An Argo CD Application installing istio-csr (cert-manager's Istio agent CA, chart v0.17.0
 * by default) so that the mesh's workload certificates are signed by a cert-manager issuer.
 * Install it after the issuer exists and before istiod (`GitOpsRepo.addIstioCsr()` orders
 * it); point Istio at it with `global.caAddress=cert-manager-istio-csr.<namespace>.svc:443`
 * and `pilot.env.ENABLE_CA_SERVER=false`.
 */
export class IstioCsrApplication extends Construct {
  /** The Application. */
  public readonly application: Application;
  /** The L1 object of the Application (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The namespace istio-csr is installed in. */
  public readonly namespace: string;
  /** The address Istio's `global.caAddress` must point at. */
  public readonly caAddress: string;
  /** The chart values, as rendered into the Application. */
  public readonly values: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: IstioCsrApplicationProps) {
    super(scope, id);
    if (props === null || typeof props !== 'object' || !props.issuer) fail(this, 'issuer', props?.issuer, 'istio-csr needs the issuer that signs workload certificates', 'pass issuer: a CA Issuer');
    const issuer = props.issuer;
    if (issuer.issuerType === IssuerType.ACME) {
      fail(this, 'issuer', `${issuer.issuerRef.kind}/${issuer.issuerRef.name}`, 'an ACME issuer cannot sign workload certificates: ACME CAs only issue certificates for DNS names they can validate',
        'use a CA issuer (e.g. backed by an intermediate CA certificate) or Vault');
    }
    this.namespace = props.namespace ?? 'cert-manager';
    const requestNs = props.certificateRequestNamespace ?? issuer.issuerNamespace ?? 'istio-system';
    if (issuer.issuerNamespace !== undefined && requestNs !== issuer.issuerNamespace) {
      fail(this, 'certificateRequestNamespace', requestNs, `the namespaced Issuer ${issuer.issuerRef.name} only signs requests in its own namespace "${issuer.issuerNamespace}"`,
        'leave certificateRequestNamespace out, or move the Issuer');
    }
    if (issuer.issuerNamespace === undefined) {
      Warnings.add(this, `istio-csr uses the cluster-scoped ${issuer.issuerRef.kind} ${issuer.issuerRef.name}; prefer a namespaced Issuer so that only istio-csr's namespace can use the mesh CA`);
    }
    for (const [field, v] of [['namespace', this.namespace], ['certificateRequestNamespace', requestNs], ['istioNamespace', props.istioNamespace ?? 'istio-system']] as const) {
      const p = checkDns1123Label(v);
      if (p) fail(this, field, v, `namespace ${p}`, 'use a valid namespace name');
    }
    const trustDomain = props.trustDomain ?? 'cluster.local';
    const tdProblem = checkDnsName(trustDomain, { allowWildcard: false });
    if (tdProblem) fail(this, 'trustDomain', trustDomain, `trust domain ${tdProblem}`, 'use e.g. "cluster.local"');
    const clusterId = props.clusterId ?? 'Kubernetes';
    if (typeof clusterId !== 'string' || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(clusterId)) {
      fail(this, 'clusterId', clusterId, 'the cluster ID must be letters, digits, "-", "_" and "."', 'use Istio\'s multiCluster.clusterName, e.g. "cluster-a"');
    }
    const revisions = props.istioRevisions ?? ['default'];
    if (!Array.isArray(revisions) || revisions.length === 0) fail(this, 'istioRevisions', revisions, 'at least one Istio revision is needed', 'use e.g. ["default"]');
    revisions.forEach((r, i) => {
      const p = typeof r === 'string' ? checkDns1123Label(r) : 'must be a string';
      if (p) fail(this, `istioRevisions[${i}]`, r, `revision ${p}`, 'use the revision names of your Istio installation');
    });
    if ((props as any).certificateDuration !== undefined) {
      fail(this, 'certificateDuration', (props as any).certificateDuration, 'certificateDuration is no longer a prop: it set both the workload certificates\' maximum and istio-csr\'s serving certificate, two different chart values',
        'use maxWorkloadCertificateDuration (app.server.maxCertificateDuration) and/or servingCertificateDuration (app.tls.certificateDuration)');
    }
    const maxWorkload = checkLifetime(this, 'maxWorkloadCertificateDuration', props.maxWorkloadCertificateDuration, 'workload certificates');
    const serving = checkLifetime(this, 'servingCertificateDuration', props.servingCertificateDuration, "istio-csr's serving certificate");
    const metrics = props.metrics ?? MetricsScraping.NONE;
    if (metrics !== MetricsScraping.NONE && metrics !== MetricsScraping.SERVICE_MONITOR) {
      fail(this, 'metrics', metrics, 'istio-csr\'s chart only offers a ServiceMonitor', 'use MetricsScraping.SERVICE_MONITOR or MetricsScraping.NONE');
    }
    const root = props.rootCa;
    if (root !== undefined) {
      const p = checkDns1123Subdomain(root.name ?? '');
      if (p) fail(this, 'rootCa.name', root.name, `Secret name ${p}`, 'name the Secret holding the root CA');
      if (typeof root.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(root.key)) fail(this, 'rootCa.key', root.key, 'a Secret key is letters, digits, "-", "_" and "."', 'use e.g. "ca.crt"');
    } else {
      Warnings.add(this, 'istio-csr is not given the root CA (rootCa): it trusts whatever CA signs its first certificate, so a compromised issuer could replace the mesh\'s trust anchor (istio-csr#103)');
    }
    const component = renderComponent(this, '', props, { cpuRequestMillis: 50, memoryRequest: mib(64), cpuLimitMillis: 200, memoryLimit: mib(256) });
    const istioNamespace = props.istioNamespace ?? 'istio-system';
    // the Service is named after the chart whatever the release; Istio dials it by this name
    const serviceHost = `${ISTIO_CSR_SERVICE}.${this.namespace}.svc`;
    const base: { [key: string]: any } = {
      replicaCount: component.replicaCount,
      podDisruptionBudget: component.podDisruptionBudget.enabled ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
      ...(component.resources ? { resources: component.resources } : {}),
      app: {
        certmanager: {
          namespace: requestNs,
          issuer: { name: issuer.issuerRef.name, kind: issuer.issuerRef.kind, group: issuer.issuerRef.group },
        },
        tls: {
          trustDomain,
          certificateDuration: goDuration(serving),
          ...(root ? { rootCAFile: `${ROOT_CA_DIR}/${root.key}` } : {}),
          // the chart's default names the cert-manager namespace: proxies dialling istio-csr in
          // another namespace would reject its serving certificate
          certificateDNSNames: [serviceHost],
        },
        server: { clusterID: clusterId, maxCertificateDuration: goDuration(maxWorkload) },
        istio: { namespace: istioNamespace, revisions: [...revisions] },
        // the chart's default is istio-system: its leader-election Role would land in a
        // namespace that may not exist
        controller: { leaderElectionNamespace: istioNamespace },
        ...(metrics === MetricsScraping.SERVICE_MONITOR ? { metrics: { service: { enabled: true, servicemonitor: { enabled: true } } } } : {}),
      },
      ...(root ? {
        volumes: [{ name: 'root-ca', secret: { secretName: root.name, items: [{ key: root.key, path: root.key }] } }],
        volumeMounts: [{ name: 'root-ca', mountPath: ROOT_CA_DIR, readOnly: true }],
      } : {}),
    };
    this.values = mergeValues(base, props.extraValues);
    this.caAddress = `${serviceHost}:443`;
    this.application = dependencyApplication(this, props,
      { applicationName: 'istio-csr', chart: 'cert-manager-istio-csr', version: 'v0.17.0', releaseName: ISTIO_CSR_SERVICE }, this.namespace, this.values);
    this.apiObject = this.application.apiObject;
  }
}

/** A certificate lifetime of at least a minute, in whole seconds (default: the chart's 1h). */
function checkLifetime(where: Construct, field: string, v: Duration | undefined, what: string): Duration {
  const d = v ?? Duration.hours(1);
  const ms = d instanceof Duration ? d.toMilliseconds({ integral: false }) : NaN;
  if (!(ms >= 60_000) || !Number.isInteger(ms / 1000)) fail(where, field, d, `${what} must live at least a minute, in whole seconds`, 'use e.g. Duration.hours(1)');
  return d;
}
