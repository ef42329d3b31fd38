import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate } from '../cert-manager/certificate';
import { IIssuer } from '../cert-manager/references';
import { declareToModel } from '../core/declare';
import { fail } from '../validation/error';
import { Application } from '../gitops/application';
import { declareSecretNamespaces } from '../gitops/secret-namespaces';
import { PeerAuthentication } from '../istio/peer-authentication';
import { Bundle } from '../trust/bundle';
import { IstioInstallMethod, MeshCaMode, MeshCaProps } from './mesh-ca-options';
import { IstiodCaAlerts, IstiodCaAlertsOptions } from './mesh-ca-alerts';
import { IMeshCa } from './mesh-ca-reference';
import { MeshVerification, MeshVerificationOptions } from './mesh-ca-verification';
import { createIntermediate, createIstioNamespace, createRoot, createStrictMtls, createTrustBundle } from './private/mesh-ca-builders';
import { checkMeshCaWiring } from './private/mesh-ca-checks';
import { resolveMeshCaProps } from './private/mesh-ca-input';
import { createIstiodRestart } from './private/mesh-ca-restart';
import { checkInstallMethod, installIstio, installWaves, SKIP_DRY_RUN, SYNC_OPTIONS, SYNC_WAVE } from './private/mesh-ca-install';
import { istioBaseValues, istiodValues, MeshValuesInput } from './private/mesh-ca-values';

export * from './mesh-ca-options';
export * from './mesh-ca-alerts';

/**
 * cert-manager as Istio's mesh CA: a root of trust (bootstrapped in the cluster, an existing
 * CA Secret, or a Vault PKI issuer), an intermediate per cluster, and either istio-csr (the
 * pinned roots carried to it by a trust-manager Bundle) or Istio's plug-in CA (`cacerts`), with
 * mTLS STRICT mesh-wide.
 *
 * Emits, in the cluster: the root issuers (for `MeshRoot.selfSigned()`: a SelfSigned
 * ClusterIssuer, the root Certificate with `rotationPolicy: Never` in cert-manager's namespace,
 * a CA ClusterIssuer; for a Vault root with a `serviceAccountRef`, the Role letting cert-manager
 * request its token), the intermediate Certificate in the Istio namespace (plug-in: the
 * `cacerts` Secret, and a CronJob restarting istiod after each re-issue, since istiod does not
 * reload a changed root; istio-csr: plus a CA Issuer and the Bundle), a STRICT
 * PeerAuthentication; and as install objects an Argo CD Application for istio-csr (values
 * derived from the above) and the Istio install (Applications for `base` and `istiod`, or an
 * IstioOperator), with an init container holding istiod back until its CA files are mounted.
 *
 * Checked: ACME issuers are refused; durations chain (workload < intermediate < root; a
 * workload certificate within the renewal window of the intermediate, whose key rotates; in
 * plug-in mode the intermediate re-issued within the root's renewal window, so that the root
 * copy istiod serves is renewed in time); trust domain, cluster, network and mesh names;
 * the issuer lives in the same cluster and where istio-csr / cert-manager look for it; the
 * Secret and namespace names are the ones Istio reads; no other Certificate of the cluster asks
 * the mesh's issuers (it would be a mesh identity).
 *
 * @example
 * // root created in the cluster (SelfSigned), an intermediate, istio-csr with its trust Bundle, STRICT mTLS
 * const meshCa = new patterns.MeshCa(chart, 'MeshCa', { mode: patterns.MeshCaMode.ISTIO_CSR });
 * // optional: a namespace with a sample workload to check the mesh certificates
 * // (built with cdk8s-plus-27, an optional peer dependency)
 * meshCa.addVerification('Verification');
 */
export class MeshCa extends Construct implements IMeshCa {
  /** istio-csr or plug-in CA. */
  public readonly mode: MeshCaMode;
  /** The trust domain. */
  public readonly trustDomain: string;
  /** Istio cluster name = istio-csr cluster ID. */
  public readonly clusterName: string;
  /** The Istio namespace. */
  public readonly istioNamespace: string;
  /** cert-manager's namespace. */
  public readonly certManagerNamespace: string;
  /** Longest workload certificate lifetime. */
  public readonly maxWorkloadCertificateDuration: Duration;
  /** The issuer of the root CA: signs the intermediates only (any other Certificate asking it is refused at synth: it would be a mesh identity). */
  public readonly rootIssuer: IIssuer;
  /** The root CA Certificate (`MeshRoot.selfSigned()` only). */
  public readonly rootCertificate?: Certificate;
  /** The intermediate CA Certificate of this cluster (writes `cacerts` in plug-in mode). */
  public readonly intermediateCertificate?: Certificate;
  /** The issuer that signs workload certificates through istio-csr (istio-csr mode). */
  public readonly workloadIssuer?: IIssuer;
  /** The trust-manager Bundle carrying the pinned roots to istio-csr (istio-csr mode; in plug-in mode istiod publishes its root itself). */
  public readonly trustBundle?: Bundle;
  /** The mesh-wide STRICT PeerAuthentication, if created. */
  public readonly peerAuthentication?: PeerAuthentication;
  /** istio-csr's address, as Istio's `global.caAddress` (istio-csr mode). */
  public readonly caAddress?: string;
  /** The istio-csr chart values (istio-csr mode). */
  public readonly istioCsrValues?: { [key: string]: any };
  /** The Istio `istiod` chart values. */
  public readonly istiodValues: { [key: string]: any };
  /** The Istio `base` chart values. */
  public readonly istioBaseValues: { [key: string]: any };
  /** The istio-csr Application (istio-csr mode). */
  public readonly istioCsrApplication?: Application;
  /** The Istio `base` Application (`IstioInstallMethod.ARGO_CD_HELM`). */
  public readonly istioBaseApplication?: Application;
  /** The `istiod` Application (`IstioInstallMethod.ARGO_CD_HELM`). */
  public readonly istiodApplication?: Application;
  /** The IstioOperator (`IstioInstallMethod.ISTIO_OPERATOR`). */
  public readonly istioOperator?: ApiObject;
  /** The sync wave after Istio is installed (for objects that need Istio's CRDs or webhooks). */
  public readonly afterIstioSyncWave: number;
  /** Istio revisions. */
  public readonly istioRevisions: string[];
  /** The CronJob restarting istiod after a `cacerts` re-issue (plug-in mode, `restartIstiodOnCacertsRenewal`). */
  public readonly istiodRestartCronJob?: ApiObject;

  private readonly intermediateRenewBefore: Duration;

  public constructor(scope: Construct, id: string, props: MeshCaProps) {
    super(scope, id);
    const { settings: s, mode } = resolveMeshCaProps(this, props);
    this.intermediateRenewBefore = s.intermediateRenewBefore;
    this.mode = s.mode;
    this.trustDomain = s.trustDomain;
    this.clusterName = s.clusterName;
    this.istioNamespace = s.istioNamespace;
    this.certManagerNamespace = s.certManagerNamespace;
    this.maxWorkloadCertificateDuration = s.maxWorkloadCertificateDuration;
    this.istioRevisions = s.istioRevisions;
    // the root ClusterIssuer reads its Secret from certManagerNamespace, the Bundle from
    // trustNamespace: SyncWaves orders them after the Certificates writing them there
    declareSecretNamespaces(this, {
      clusterResourceNamespace: s.certManagerNamespace,
      trustNamespace: s.trustNamespace,
      fields: { clusterResourceNamespace: 'certManagerNamespace', trustNamespace: 'trustNamespace' },
    });

    // the root of trust, this cluster's intermediate, the issuer of workload certificates, the pinned roots
    const root = createRoot(this, s);
    this.rootIssuer = root.issuer;
    this.rootCertificate = root.certificate;
    this.intermediateCertificate = createIntermediate(this, s, root.issuer);
    this.workloadIssuer = mode.createWorkloadIssuer(this, s, root.issuer);
    this.trustBundle = createTrustBundle(this, s, mode, root);

    // the values Istio and istio-csr are installed with
    const values: MeshValuesInput = {
      ...mode.values(s, this.workloadIssuer),
      trustDomain: s.trustDomain,
      clusterName: s.clusterName,
      meshId: s.meshId,
      network: s.network,
      maxWorkloadCertificateDuration: s.maxWorkloadCertificateDuration,
      istioRevisions: s.istioRevisions,
      istioNamespace: s.istioNamespace,
      certManagerNamespace: s.certManagerNamespace,
      rootBundleConfigMap: s.trustBundleName,
      istiodImage: s.istiodImage,
    };
    this.caAddress = mode.caAddress(s);
    this.istioCsrValues = mode.istioCsrValues(values);
    this.istiodValues = istiodValues(values);
    this.istioBaseValues = istioBaseValues(values);

    // the install objects
    const p = props;
    const argoCd = p.argoCd ?? {};
    const waves = installWaves(this, s, mode, argoCd);
    this.afterIstioSyncWave = mode.lastInstallWave(waves) + 1;
    const installed = installIstio(this, {
      settings: s, mode, argoCd, waves, values,
      method: checkInstallMethod(this, p.istioInstall ?? IstioInstallMethod.ARGO_CD_HELM),
      installScope: p.installScope ?? this,
      istioCsrValues: this.istioCsrValues,
      istiodValues: this.istiodValues,
      istioBaseValues: this.istioBaseValues,
    });
    this.istioCsrApplication = installed.istioCsrApplication;
    this.istioBaseApplication = installed.istioBaseApplication;
    this.istiodApplication = installed.istiodApplication;
    this.istioOperator = installed.istioOperator;

    if (p.createIstioNamespace ?? true) createIstioNamespace(this, s);
    if (mode.restartsIstiod(this, p.restartIstiodOnCacertsRenewal)) this.istiodRestartCronJob = createIstiodRestart(this, s);
    if (p.strictMtls ?? true) this.peerAuthentication = createStrictMtls(this, s, this.afterIstioAnnotations());

    const meshIssuers = {
      issuers: [root.issuer, ...(this.workloadIssuer && this.workloadIssuer !== root.issuer ? [this.workloadIssuer] : [])],
      own: this.intermediateCertificate ? [`${s.istioNamespace}/${s.intermediateName}`] : [],
    };
    declareToModel(this, { check: (model, report) => checkMeshCaWiring(this, s, mode, meshIssuers, model, report) });
  }

  /**
   * Annotations for objects that need Istio installed (its CRDs, or its injection webhook):
   * a sync wave after the Istio install and `SkipDryRunOnMissingResource=true`.
   */
  public afterIstioAnnotations(): { [key: string]: string } {
    return { [SYNC_WAVE]: String(this.afterIstioSyncWave), [SYNC_OPTIONS]: SKIP_DRY_RUN };
  }

  /**
   * Alerts on istiod's CA metrics (plug-in mode): istiod still signing with an intermediate
   * cert-manager has replaced, and the root istiod serves about to expire.
   */
  public addIstiodCaAlerts(id: string, options: IstiodCaAlertsOptions = {}): IstiodCaAlerts {
    if (this.mode !== MeshCaMode.PLUGIN_CA || !this.intermediateCertificate) {
      fail(this, 'mode', this.mode, "in istio-csr mode istiod holds no CA and exports no CA metrics: cert-manager's Certificate metrics cover the intermediate",
        'use monitoring.CertificateAlerts for the mesh CA\'s Certificates');
    }
    return new IstiodCaAlerts(this, id, { ...options, intermediateRenewBefore: this.intermediateRenewBefore });
  }

  /**
   * A namespace with sidecar injection and a sample workload to verify that workloads get
   * certificates from the mesh CA (as in seed 004), optionally with an AuthorizationPolicy
   * that only admits peers with a mesh identity of the same namespace.
   */
  public addVerification(id: string, options: MeshVerificationOptions = {}): MeshVerification {
    return new MeshVerification(this, id, { ...options, meshCa: this });
  }
}
