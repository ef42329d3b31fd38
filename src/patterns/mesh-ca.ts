import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as iop from '../../imports/istio-operator-install.istio.io';
import { Certificate, PrivateKeyAlgorithm, PrivateKeyRotationPolicy } from '../cert-manager/certificate';
import { ClusterIssuer } from '../cert-manager/cluster-issuer';
import { Issuer } from '../cert-manager/issuer';
import { IssuerConfig } from '../cert-manager/issuer-config';
import { IIssuer, IssuerType } from '../cert-manager/references';
import { Application } from '../gitops/application';
import { ApplicationSource } from '../gitops/application-source';
import { declareSecretNamespaces } from '../gitops/secret-namespaces';
import { RecommendedIgnoreDifferences } from '../gitops/recommended-ignore-differences';
import { SyncWaves } from '../gitops/sync-waves';
import { ApplicationDestination, IgnoreDifference } from '../gitops/sync-policy';
import { MtlsMode, PeerAuthentication } from '../istio/peer-authentication';
import { clusterOf } from '../private/cluster';
import { kplus } from '../private/kplus';
import { omitNamespace } from '../private/metadata';
import { goDuration } from '../private/duration';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelValue } from '../private/names';
import { describeProblem, fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { Bundle, BundleSource, BundleSourceType } from '../trust/bundle';
import { meshRootInternals } from './mesh-ca-internals';
import { MeshRoot, MeshRootType } from './mesh-ca-root';
import { MeshVerification, MeshVerificationOptions } from './mesh-ca-verification';
import {
  caAddress, CHARTS, ISTIO_CSR_SERVICE, istioBaseValues, istioCsrValues, istiodValues, istioOperatorSpec, MeshValuesInput, ROOT_CA_KEY,
} from './mesh-ca-values';

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
   * A mesh-wide `PeerAuthentication` (STRICT), named `default` in the Istio namespace.
   *
   * @default true
   */
  readonly strictMtls?: boolean;
}

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';
const ISTIOD_CERT_DURATION = Duration.hours(1);

/**
 * cert-manager as Istio's mesh CA: a root of trust (bootstrapped in the cluster, an existing
 * CA Secret, or a Vault PKI issuer), an intermediate per cluster, and either istio-csr or
 * Istio's plug-in CA (`cacerts`), with the roots distributed by a trust-manager Bundle and
 * mTLS STRICT mesh-wide.
 *
 * ```ts
 * new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });
 * ```
 *
 * Emits, in the cluster: the root issuers (for `MeshRoot.selfSigned()`: a SelfSigned
 * ClusterIssuer, the root Certificate with `rotationPolicy: Never` in cert-manager's namespace,
 * a CA ClusterIssuer), the intermediate Certificate in the Istio namespace (plug-in: the
 * `cacerts` Secret; istio-csr: plus a CA Issuer), the Bundle, a STRICT PeerAuthentication; and
 * as install objects an Argo CD Application for istio-csr (values derived from the above) and
 * the Istio install (Applications for `base` and `istiod`, or an IstioOperator).
 *
 * Checked: ACME issuers are refused; durations chain (workload < intermediate < root; a
 * workload certificate within the renewal window of the intermediate, whose key rotates; in
 * plug-in mode the intermediate re-issued within the root's renewal window, so that the root
 * copy istiod serves is renewed in time); trust domain, cluster, network and mesh names;
 * the issuer lives in the same cluster and where istio-csr / cert-manager look for it; the
 * Secret and namespace names are the ones Istio reads.
 */
export class MeshCa extends Construct {
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
  /** The issuer of the root CA (signs the intermediates; usable for other certificates chaining to the mesh root, e.g. gateways). */
  public readonly rootIssuer: IIssuer;
  /** The root CA Certificate (`MeshRoot.selfSigned()` only). */
  public readonly rootCertificate?: Certificate;
  /** The intermediate CA Certificate of this cluster (writes `cacerts` in plug-in mode). */
  public readonly intermediateCertificate?: Certificate;
  /** The issuer that signs workload certificates through istio-csr (istio-csr mode). */
  public readonly workloadIssuer?: IIssuer;
  /** The trust-manager Bundle carrying the roots. */
  public readonly trustBundle: Bundle;
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

  private readonly root: MeshRoot;
  private readonly useIntermediate: boolean;
  private readonly intermediateDuration: Duration;
  private readonly intermediateRenewBefore: Duration;

  public constructor(scope: Construct, id: string, props: MeshCaProps) {
    super(scope, id);
    const p = props ?? ({} as MeshCaProps);
    if (!Object.values(MeshCaMode).includes(p.mode)) {
      fail(this, 'mode', p.mode, 'the mesh CA mode is required', 'use MeshCaMode.ISTIO_CSR or MeshCaMode.PLUGIN_CA');
    }
    this.mode = p.mode;
    const istioCsr = this.mode === MeshCaMode.ISTIO_CSR;
    const root = p.root ?? MeshRoot.selfSigned();
    if (!(root instanceof MeshRoot)) fail(this, 'root', root, 'must be a MeshRoot', 'use MeshRoot.selfSigned(), fromSecret(), fromIssuerConfig() or fromIssuer()');
    this.root = root;
    const r = meshRootInternals(root);

    // names
    this.istioNamespace = checkNamespace(this, 'istioNamespace', p.istioNamespace ?? 'istio-system');
    this.certManagerNamespace = checkNamespace(this, 'certManagerNamespace', p.certManagerNamespace ?? 'cert-manager');
    const trustNamespace = checkNamespace(this, 'trustNamespace', p.trustNamespace ?? 'cert-manager');
    // the root ClusterIssuer reads its Secret from certManagerNamespace, the Bundle from
    // trustNamespace: SyncWaves orders them after the Certificates writing them there
    declareSecretNamespaces(this, {
      clusterResourceNamespace: this.certManagerNamespace,
      trustNamespace,
      fields: { clusterResourceNamespace: 'certManagerNamespace', trustNamespace: 'trustNamespace' },
    });
    this.trustDomain = p.trustDomain ?? 'cluster.local';
    checkTrustDomain(this, this.trustDomain);
    const contextCluster = clusterOf(this);
    if (p.clusterName !== undefined) {
      checkClusterName(this, 'clusterName', p.clusterName);
      if (contextCluster !== undefined && contextCluster !== p.clusterName) {
        fail(this, 'clusterName', p.clusterName, `the mesh CA renders for cluster ${JSON.stringify(contextCluster)} but clusterName says ${JSON.stringify(p.clusterName)}; istio-csr's clusterID and Istio's clusterName would name another cluster`,
          `remove clusterName (it defaults to ${JSON.stringify(contextCluster)}) or render the mesh CA in that cluster's chart`);
      }
    } else if (contextCluster !== undefined) {
      checkClusterName(this, 'cluster of the folder', contextCluster);
    }
    this.clusterName = p.clusterName ?? contextCluster ?? 'Kubernetes';
    if (p.meshId !== undefined) checkLabelLike(this, 'meshId', p.meshId, 'mesh ID');
    if (p.network !== undefined) checkLabelLike(this, 'network', p.network, 'network name');
    this.istioRevisions = checkRevisions(this, p.istioRevisions ?? ['default']);

    // lifetimes
    this.maxWorkloadCertificateDuration = checkDurationProp(this, 'maxWorkloadCertificateDuration', p.maxWorkloadCertificateDuration) ?? Duration.hours(1);
    this.intermediateDuration = checkDurationProp(this, 'intermediateDuration', p.intermediateDuration) ?? Duration.days(365);
    this.intermediateRenewBefore = checkDurationProp(this, 'intermediateRenewBefore', p.intermediateRenewBefore) ?? Duration.days(30);
    if (this.maxWorkloadCertificateDuration.toMilliseconds() < 1000 || !Number.isInteger(this.maxWorkloadCertificateDuration.toMilliseconds() / 1000)) {
      fail(this, 'maxWorkloadCertificateDuration', this.maxWorkloadCertificateDuration, 'must be a whole number of seconds, at least 1s', 'use e.g. Duration.hours(1)');
    }

    this.useIntermediate = p.intermediate ?? true;
    if (!this.useIntermediate) {
      if (!istioCsr) {
        fail(this, 'intermediate', false, 'the plug-in CA is an intermediate: istiod signs workload certificates with the CA key cert-manager writes to the cacerts Secret',
          'remove intermediate: false, or use MeshCaMode.ISTIO_CSR to have the root issuer sign workload certificates directly');
      }
      if (p.intermediateDuration || p.intermediateRenewBefore || p.intermediateName) {
        fail(this, p.intermediateName ? 'intermediateName' : p.intermediateDuration ? 'intermediateDuration' : 'intermediateRenewBefore',
          p.intermediateName ?? p.intermediateDuration ?? p.intermediateRenewBefore, 'intermediate options are set but intermediate is false', 'remove them or set intermediate: true');
      }
      if (root.type === MeshRootType.SELF_SIGNED) {
        Warnings.add(this, 'intermediate: false with a root bootstrapped in the cluster: workload certificates are signed with the root key itself, which can then never rotate without a root rotation — keep the intermediate');
      }
    }
    const intermediateName = p.intermediateName ?? (istioCsr ? 'istio-ca' : 'cacerts');
    if (typeof intermediateName !== 'string' || checkDns1123Subdomain(intermediateName)) {
      fail(this, 'intermediateName', intermediateName, `name ${checkDns1123Subdomain(String(intermediateName)) ?? 'must be a string'}`, 'use a valid Kubernetes object name');
    }
    if (!istioCsr && intermediateName !== 'cacerts') {
      fail(this, 'intermediateName', intermediateName, `istiod only reads its plug-in CA from a Secret named "cacerts" in its own namespace ("${this.istioNamespace}"); a Secret named ${JSON.stringify(intermediateName)} would be ignored and istiod would generate its own self-signed root`,
        'remove intermediateName (plug-in mode writes "cacerts")');
    }

    const anchors = p.additionalTrustAnchors ?? [];
    if (!Array.isArray(anchors)) fail(this, 'additionalTrustAnchors', anchors, 'must be a list', 'pass an array of BundleSource');
    anchors.forEach((a, i) => {
      if (!(a instanceof BundleSource)) fail(this, `additionalTrustAnchors[${i}]`, a, 'must be a BundleSource', 'use BundleSource.inLine(pem), .secret({ name, key }) or .configMap({ name, key })');
      if (a.type === BundleSourceType.DEFAULT_CAS) {
        fail(this, `additionalTrustAnchors[${i}]`, a.type, 'the public CA package must not be a mesh trust anchor: any certificate a public CA issues would be accepted as a mesh identity',
          'list only the mesh roots (old and new during a rotation)');
      }
      if (!istioCsr && a.type !== BundleSourceType.IN_LINE) {
        fail(this, `additionalTrustAnchors[${i}]`, `${a.type} ${a.name}/${a.key}`, 'in plug-in mode istiod takes extra roots only inline (meshConfig.caCertificates[].pem); it cannot read a Secret or ConfigMap',
          'pass the public root certificate with BundleSource.inLine(pem), or use MeshCaMode.ISTIO_CSR');
      }
    });

    // the root issuer
    let rootIssuer: IIssuer;
    let rootCertificate: Certificate | undefined;
    const rootName = root.name;
    switch (root.type) {
      case MeshRootType.SELF_SIGNED: {
        const bootstrap = new ClusterIssuer(this, 'RootBootstrapIssuer', {
          metadata: { name: `${rootName}-selfsigned` },
          config: IssuerConfig.selfSigned(),
        });
        rootCertificate = new Certificate(this, 'RootCertificate', {
          metadata: { name: rootName, namespace: this.certManagerNamespace },
          issuer: bootstrap,
          secretName: rootName,
          isCa: true,
          commonName: r.commonName,
          subject: r.organizations ? { organizations: r.organizations } : undefined,
          duration: r.duration,
          renewBefore: r.renewBefore,
          // keep the root key on renewal: a new key would invalidate every intermediate
          privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: r.keySize, rotationPolicy: PrivateKeyRotationPolicy.NEVER },
        });
        rootIssuer = new ClusterIssuer(this, 'RootIssuer', { metadata: { name: rootName }, config: IssuerConfig.ca({ secretName: rootName }) });
        break;
      }
      case MeshRootType.SECRET: {
        if (r.secretNamespace !== undefined && r.secretNamespace !== this.certManagerNamespace) {
          fail(this, 'root.namespace', r.secretNamespace, `a CA ClusterIssuer reads its Secret from cert-manager's cluster resource namespace ("${this.certManagerNamespace}"), not from ${JSON.stringify(r.secretNamespace)}`,
            `provision the Secret ${JSON.stringify(r.secretName)} in "${this.certManagerNamespace}" (or set certManagerNamespace to cert-manager's --cluster-resource-namespace)`);
        }
        rootIssuer = new ClusterIssuer(this, 'RootIssuer', { metadata: { name: rootName }, config: IssuerConfig.ca({ secretName: r.secretName! }) });
        break;
      }
      case MeshRootType.ISSUER_CONFIG: {
        rootIssuer = new ClusterIssuer(this, 'RootIssuer', { metadata: { name: rootName }, config: r.config! });
        // Vault's `sign/<role>` endpoint issues leaf certificates whatever the CSR asks for
        const vaultPath: string | undefined = r.config!._toKube(rootName, []).vault?.path;
        if (this.useIntermediate && vaultPath !== undefined && !/(^|\/)sign-intermediate$/.test(vaultPath)) {
          Warnings.add(this, `the intermediate CA is to be signed by Vault path ${JSON.stringify(vaultPath)}, but only a root/sign-intermediate endpoint issues CA certificates (a role's sign/<role> issues leaf certificates, CA:FALSE) — use '<mount>/root/sign-intermediate', or intermediate: false (istio-csr mode) to have the role sign workload certificates`);
        }
        break;
      }
      default:
        rootIssuer = r.issuer!;
    }
    this.rootIssuer = rootIssuer;
    this.rootCertificate = rootCertificate;

    // the intermediate
    let workloadIssuer: IIssuer | undefined;
    if (this.useIntermediate) {
      const cn = `Istio CA ${this.clusterName}`;
      this.intermediateCertificate = new Certificate(this, 'IntermediateCertificate', {
        metadata: { name: intermediateName, namespace: this.istioNamespace },
        issuer: rootIssuer,
        secretName: intermediateName,
        isCa: true,
        commonName: Buffer.byteLength(cn) <= 64 ? cn : 'Istio CA',
        subject: { organizations: [this.trustDomain] },
        duration: this.intermediateDuration,
        renewBefore: this.intermediateRenewBefore,
        privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: PrivateKeyRotationPolicy.ALWAYS },
      });
      if (istioCsr) {
        workloadIssuer = new Issuer(this, 'IntermediateIssuer', {
          metadata: { name: intermediateName, namespace: this.istioNamespace },
          config: IssuerConfig.ca({ secretName: intermediateName }),
        });
      }
    } else {
      workloadIssuer = rootIssuer;
    }
    this.workloadIssuer = workloadIssuer;

    // trust distribution: the pinned root(s)
    const trustBundleName = p.trustBundleName ?? 'mesh-ca-roots';
    const rootAnchor = rootCertificate ? BundleSource.fromCertificate(rootCertificate, 'ca.crt') : r.trustAnchor!;
    this.trustBundle = new Bundle(this, 'TrustBundle', {
      metadata: { name: trustBundleName },
      sources: [rootAnchor, ...anchors],
      target: {
        configMapKey: ROOT_CA_KEY,
        // istio-csr mounts it from its own namespace; in plug-in mode every namespace gets the roots
        ...(istioCsr ? { namespaceSelector: { 'kubernetes.io/metadata.name': this.certManagerNamespace } } : {}),
      },
      trustNamespace,
    });

    // values
    const values: MeshValuesInput = {
      mode: istioCsr ? 'istio-csr' : 'plugin-ca',
      trustDomain: this.trustDomain,
      clusterName: this.clusterName,
      meshId: p.meshId,
      network: p.network,
      maxWorkloadCertificateDuration: this.maxWorkloadCertificateDuration,
      istioRevisions: this.istioRevisions,
      istioNamespace: this.istioNamespace,
      certManagerNamespace: this.certManagerNamespace,
      issuerRef: workloadIssuer?.issuerRef,
      rootBundleConfigMap: trustBundleName,
      extraRootPems: istioCsr ? [] : anchors.map((a) => a.pem!),
    };
    this.caAddress = istioCsr ? caAddress(this.certManagerNamespace) : undefined;
    this.istioCsrValues = istioCsr ? istioCsrValues(values) : undefined;
    this.istiodValues = istiodValues(values);
    this.istioBaseValues = istioBaseValues(values);

    // install objects
    const argoCd = p.argoCd ?? {};
    // Default waves follow SyncWaves' scheme (issuers 1, certificates 3, consumers 4, each object
    // after what it waits for), so each Application comes after the objects it needs.
    const rootIssuerWave = root.type === MeshRootType.SELF_SIGNED ? SyncWaves.CERTIFICATES + 1 : SyncWaves.ISSUERS;
    const intermediateWave = Math.max(SyncWaves.CERTIFICATES, rootIssuerWave + 1);
    const workloadIssuerWave = this.useIntermediate ? intermediateWave + 1 : rootIssuerWave;
    const bundleWave = Math.max(SyncWaves.CONSUMERS, root.type === MeshRootType.SELF_SIGNED ? SyncWaves.CERTIFICATES + 1 : 0);
    // istio-csr needs its issuer and the pinned root bundle; plug-in istiod needs cacerts before it starts
    const defaultCsrWave = Math.max(workloadIssuerWave, bundleWave) + 1;
    const defaultBaseWave = istioCsr ? defaultCsrWave : intermediateWave + 1;
    const waves = {
      istioCsr: argoCd.istioCsrSyncWave ?? defaultCsrWave,
      istioBase: argoCd.istioBaseSyncWave ?? defaultBaseWave,
      istiod: argoCd.istiodSyncWave ?? Math.max(istioCsr ? defaultCsrWave : intermediateWave, defaultBaseWave) + 1,
    };
    for (const [field, wave] of Object.entries(waves)) {
      if (!Number.isInteger(wave)) fail(this, `argoCd.${field}SyncWave`, wave, 'a sync wave must be an integer', 'use e.g. 5');
    }
    if (istioCsr && waves.istioCsr >= waves.istiod) {
      fail(this, 'argoCd.istiodSyncWave', waves.istiod, `istiod must be installed after istio-csr (wave ${waves.istioCsr}): it mounts the istiod-tls certificate istio-csr creates, and its proxies ask istio-csr for certificates`,
        `use a wave greater than ${waves.istioCsr}`);
    }
    if (waves.istioBase > waves.istiod) fail(this, 'argoCd.istioBaseSyncWave', waves.istioBase, `Istio's base chart (CRDs) must not come after istiod (wave ${waves.istiod})`, `use a wave of at most ${waves.istiod}`);
    this.afterIstioSyncWave = Math.max(waves.istiod, waves.istioBase, istioCsr ? waves.istioCsr : -Infinity) + 1;
    const install = p.istioInstall ?? IstioInstallMethod.ARGO_CD_HELM;
    if (!Object.values(IstioInstallMethod).includes(install)) fail(this, 'istioInstall', install, 'unknown install method', 'use an IstioInstallMethod value');
    const installScope = p.installScope ?? this;
    const holder = installScope === this ? this : this.installHolder(installScope);
    const destination = this.destination(argoCd);
    const appNs = argoCd.namespace ?? 'argocd';
    const suffix = installScope === this || contextCluster === undefined ? '' : `-${this.clusterName}`;
    const appOpts = { namespace: appNs, project: argoCd.project, destination };
    if (istioCsr) {
      this.istioCsrApplication = helmApplication(holder, 'IstioCsrApplication', `cert-manager-istio-csr${suffix}`, {
        ...appOpts, chart: CHARTS.istioCsr, releaseName: ISTIO_CSR_SERVICE, values: this.istioCsrValues!, targetNamespace: this.certManagerNamespace, wave: waves.istioCsr,
      });
    }
    if (install === IstioInstallMethod.ARGO_CD_HELM) {
      this.istioBaseApplication = helmApplication(holder, 'IstioBaseApplication', `istio-base${suffix}`, {
        ...appOpts, chart: CHARTS.istioBase, releaseName: 'istio-base', values: this.istioBaseValues, targetNamespace: this.istioNamespace, wave: waves.istioBase,
        serverSideApply: true,
        ignore: RecommendedIgnoreDifferences.istioValidatingWebhook(),
      });
      this.istiodApplication = helmApplication(holder, 'IstiodApplication', `istiod${suffix}`, {
        ...appOpts, chart: CHARTS.istiod, releaseName: 'istiod', values: this.istiodValues, targetNamespace: this.istioNamespace, wave: waves.istiod,
        // istiod patches its webhooks' caBundle (and the validator's failurePolicy) itself
        ignore: [
          ...RecommendedIgnoreDifferences.istioValidatingWebhook(),
          { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
        ],
      });
    } else if (install === IstioInstallMethod.ISTIO_OPERATOR) {
      const revision = this.istioRevisions[0];
      // the generated IstioOperator class drops the (free-form) spec: a plain ApiObject of its kind
      this.istioOperator = new ApiObject(holder, 'IstioOperator', {
        ...iop.IstioOperator.GVK,
        metadata: { name: revision === 'default' ? 'istio-control-plane' : `istio-control-plane-${revision}`, namespace: this.istioNamespace },
        spec: istioOperatorSpec(values),
      });
    }

    // the Istio namespace, labelled with the network
    if (p.createIstioNamespace ?? true) {
      // cluster-scoped: no namespace, whatever the chart's
      omitNamespace(ApiObject.of(new (kplus().Namespace)(this, 'IstioNamespace', {
        metadata: { name: this.istioNamespace, ...(p.network ? { labels: { 'topology.istio.io/network': p.network } } : {}) },
      })));
    }

    if (p.strictMtls ?? true) {
      this.peerAuthentication = PeerAuthentication.meshWide(this, 'StrictMtls', {
        mode: MtlsMode.STRICT,
        rootNamespace: this.istioNamespace,
        metadata: { name: 'default', annotations: this.afterIstioAnnotations() },
      });
    }

    this.node.addValidation({ validate: () => this.validateWiring() });
  }

  /**
   * Annotations for objects that need Istio installed (its CRDs, or its injection webhook):
   * a sync wave after the Istio install and `SkipDryRunOnMissingResource=true`.
   */
  public afterIstioAnnotations(): { [key: string]: string } {
    return { [SYNC_WAVE]: String(this.afterIstioSyncWave), [SYNC_OPTIONS]: SKIP_DRY_RUN };
  }

  /**
   * A namespace with sidecar injection and a sample workload to verify that workloads get
   * certificates from the mesh CA (as in seed 004), optionally with an AuthorizationPolicy
   * that only admits peers with a mesh identity of the same namespace.
   */
  public addVerification(id: string, options: MeshVerificationOptions = {}): MeshVerification {
    return new MeshVerification(this, id, { ...options, meshCa: this });
  }

  private destination(o: MeshCaArgoCdOptions): ApplicationDestination {
    if (o.destinationServer !== undefined && o.destinationName !== undefined) {
      fail(this, 'argoCd.destinationName', o.destinationName, "an Application destination can't have both name and server", 'set either destinationServer or destinationName');
    }
    if (o.destinationServer !== undefined) return { server: o.destinationServer };
    if (o.destinationName !== undefined) return { name: o.destinationName };
    const cluster = clusterOf(this);
    return cluster !== undefined ? { name: cluster } : { server: 'https://kubernetes.default.svc' };
  }

  /** A container for this mesh CA's install objects in another scope. */
  private installHolder(scope: Construct): Construct {
    const id = `${this.node.id}-${this.clusterName}`;
    if (scope.node.tryFindChild(id)) {
      fail(this, 'installScope', scope.node.path, `the install scope already holds the install objects of a mesh CA for cluster ${JSON.stringify(this.clusterName)} (${id})`,
        'give each cluster its own mesh CA, and each mesh CA its own construct id');
    }
    return new Construct(scope, id);
  }

  private validateWiring(): string[] {
    const errors: string[] = [];
    const istioCsr = this.mode === MeshCaMode.ISTIO_CSR;
    const root = this.root;
    const r = meshRootInternals(root);

    // the root issuer must be usable from this cluster and for this purpose
    if (root.type === MeshRootType.ISSUER) {
      const issuer = r.issuer!;
      const ref = issuer.issuerRef;
      const desc = `${ref.kind}/${ref.name}`;
      const mine = clusterOf(this);
      const theirs = clusterOf(issuer);
      if (mine !== undefined && theirs !== undefined && mine !== theirs) {
        errors.push(describeProblem('root', `${theirs}: ${ref.name}`,
          `${desc} is defined for cluster ${JSON.stringify(theirs)} but the mesh CA renders for cluster ${JSON.stringify(mine)}; cert-manager resolves issuerRef only in its own cluster, so no certificate here can name an issuer of another cluster`,
          `share the CA, not the issuer: create the same CA issuer in every cluster (MeshRoot.fromSecret() with the root Secret provisioned in each cluster, or MeshRoot.fromIssuerConfig(IssuerConfig.vault(...))) and issue each cluster's certificates there`));
      }
      if (issuer.issuerType === IssuerType.ACME) {
        errors.push(istioCsr
          ? describeProblem('root', desc, 'istio-csr cannot use an ACME issuer: ACME CAs do not sign the SPIFFE URI-SAN certificates workloads request (cert-manager istio-csr docs)',
            'use a CA, Vault or other private-PKI issuer; keep ACME for public gateway certificates')
          : describeProblem('root', desc, 'an ACME issuer cannot sign the intermediate CA certificate the plug-in CA needs', 'use a CA, Vault or other private-PKI issuer'));
      }
      if (issuer.issuerType === IssuerType.SELF_SIGNED) {
        errors.push(describeProblem('root', desc, 'a SelfSigned issuer signs each certificate with its own key: nothing would chain to a common root', 'use MeshRoot.selfSigned() to bootstrap a root CA'));
      }
      if (issuer.issuerNamespace !== undefined && ref.kind !== 'ClusterIssuer' && issuer.issuerNamespace !== this.istioNamespace) {
        errors.push(describeProblem('root', `${issuer.issuerNamespace}/${ref.name}`,
          `the namespaced ${desc} is in ${JSON.stringify(issuer.issuerNamespace)}, but ${istioCsr && !this.useIntermediate ? "istio-csr creates its CertificateRequests in the Istio namespace (app.certmanager.namespace)" : 'the intermediate Certificate is in the Istio namespace'} "${this.istioNamespace}", where cert-manager looks the issuer up`,
          `define the Issuer in "${this.istioNamespace}", or use a ClusterIssuer`));
      }
    }

    // Durations chain: workload < intermediate < root. A certificate signed by the intermediate
    // must fit in its renewal window: the intermediate is re-issued with a new key, and the
    // certificate's chain carries the old intermediate until it expires. The root keeps its key
    // on renewal (rotationPolicy: Never), so what it signed verifies against the renewed root
    // certificate: no window to fit in — except for the copy of the root certificate that
    // plug-in mode's cacerts carries (below).
    const workload = this.maxWorkloadCertificateDuration;
    const workloadEffective = istioCsr && this.useIntermediate && ISTIOD_CERT_DURATION.toMilliseconds() > workload.toMilliseconds() ? ISTIOD_CERT_DURATION : workload;
    const rootDuration = r.duration;
    const rootRenewBefore = root.type === MeshRootType.SELF_SIGNED ? r.renewBefore : undefined;
    if (this.useIntermediate) {
      errors.push(...chain('maxWorkloadCertificateDuration', workload, 'intermediateDuration', this.intermediateDuration));
      errors.push(...margin(workloadEffective === workload ? 'maxWorkloadCertificateDuration' : "istio-csr's istiod certificate duration", workloadEffective, 'intermediateRenewBefore', this.intermediateRenewBefore,
        'a workload certificate issued just before the intermediate is re-issued (with a new key) would outlive the intermediate that signed it, and its chain would expire early'));
      if (rootDuration) {
        errors.push(...chain('intermediateDuration', this.intermediateDuration, 'root duration', rootDuration));
        if (rootRenewBefore && !istioCsr) errors.push(...rootCopyRefreshed(this.intermediateDuration, this.intermediateRenewBefore, rootRenewBefore));
      }
    } else if (rootDuration) {
      errors.push(...chain('maxWorkloadCertificateDuration', workload, 'root duration', rootDuration));
    }
    return errors;
  }
}

/** child must be shorter than parent. */
function chain(childField: string, child: Duration, parentField: string, parent: Duration): string[] {
  if (child.toMilliseconds() < parent.toMilliseconds()) return [];
  return [describeProblem(childField, child,
    `durations cannot chain: ${childField} ${goDuration(child)} is not shorter than ${parentField} ${goDuration(parent)}; a certificate cannot outlive the CA that signs it`,
    `make ${childField} shorter than ${goDuration(parent)}, or ${parentField} longer than ${goDuration(child)}`)];
}

/**
 * Plug-in mode: istiod serves `ca.crt` of `cacerts` (the root certificate as it was when the
 * intermediate was issued) as the mesh's root. cert-manager rewrites it only when it re-issues
 * the intermediate, `intermediateDuration - intermediateRenewBefore` after issuance; an
 * intermediate issued just before the root certificate is renewed must be re-issued before that
 * root certificate expires, `rootRenewBefore` later. (istio-csr mode pins the root from the
 * Bundle, which trust-manager updates as soon as the root is renewed.)
 */
function rootCopyRefreshed(intermediate: Duration, intermediateRenewBefore: Duration, rootRenewBefore: Duration): string[] {
  const refreshedAfter = intermediate.toMilliseconds() - intermediateRenewBefore.toMilliseconds();
  if (refreshedAfter <= rootRenewBefore.toMilliseconds()) return [];
  const go = (ms: number) => goDuration(Duration.millis(ms));
  return [describeProblem('intermediateDuration', intermediate,
    `istiod serves the copy of the root certificate in cacerts (ca.crt) as the mesh's root, and cert-manager refreshes that copy only when it re-issues the intermediate, ${go(refreshedAfter)} after issuing it (intermediateDuration ${goDuration(intermediate)} - intermediateRenewBefore ${goDuration(intermediateRenewBefore)}); that is longer than the root's renewBefore ${goDuration(rootRenewBefore)}, so an intermediate issued just before the root certificate is renewed would still hand out the old root certificate after it expired`,
    `make intermediateDuration at most ${go(intermediateRenewBefore.toMilliseconds() + rootRenewBefore.toMilliseconds())}, intermediateRenewBefore at least ${go(intermediate.toMilliseconds() - rootRenewBefore.toMilliseconds())}, or the root's renewBefore at least ${go(refreshedAfter)}`)];
}

/** child must fit in the parent's renewal window. */
function margin(childField: string, child: Duration, parentField: string, parentRenewBefore: Duration, why: string): string[] {
  if (child.toMilliseconds() <= parentRenewBefore.toMilliseconds()) return [];
  return [describeProblem(childField, child,
    `${childField} ${goDuration(child)} is longer than ${parentField} ${goDuration(parentRenewBefore)}: ${why}`,
    `make ${childField} at most ${goDuration(parentRenewBefore)}, or ${parentField} at least ${goDuration(child)}`)];
}

interface HelmAppOptions {
  readonly namespace: string;
  readonly project?: string;
  readonly destination: ApplicationDestination;
  readonly chart: { repoURL: string; chart: string; version: string };
  readonly releaseName: string;
  readonly values: { [key: string]: any };
  readonly targetNamespace: string;
  readonly wave: number;
  readonly serverSideApply?: boolean;
  readonly ignore?: IgnoreDifference[];
}

function helmApplication(scope: Construct, id: string, name: string, o: HelmAppOptions): Application {
  return new Application(scope, id, {
    // in a folder synced before Argo CD's CRDs are known to the dry run (e.g. a new cluster)
    metadata: { name, namespace: o.namespace, annotations: { [SYNC_OPTIONS]: SKIP_DRY_RUN } },
    project: o.project,
    source: ApplicationSource.helm({
      repoURL: o.chart.repoURL,
      chart: o.chart.chart,
      targetRevision: o.chart.version,
      releaseName: o.releaseName,
      values: o.values,
    }),
    destination: { ...o.destination, namespace: o.targetNamespace },
    syncWave: o.wave,
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: [
        'CreateNamespace=true',
        ...(o.serverSideApply ? ['ServerSideApply=true'] : []),
        ...(o.ignore && o.ignore.length > 0 ? ['RespectIgnoreDifferences=true'] : []),
      ],
      // in a fleet the chart Applications wait for objects another Application syncs: keep retrying
      retry: { limit: -1, backoffDuration: Duration.seconds(10), backoffFactor: 2, backoffMaxDuration: Duration.minutes(5) },
    },
    ignoreDifferences: o.ignore,
  });
}

function checkNamespace(where: Construct, field: string, v: unknown): string {
  if (typeof v !== 'string') fail(where, field, v, 'must be a namespace name', 'use a valid namespace name');
  const problem = checkDns1123Label(v);
  if (problem) fail(where, field, v, `namespace ${problem}`, 'use a valid namespace name');
  return v;
}

/**
 * Istio's trust domain rule (`ValidateTrustDomain`): dot-separated DNS-1123 labels. A trailing
 * dot, which Istio tolerates, is refused: the trust domain is the host of SPIFFE URIs.
 */
function checkTrustDomain(where: Construct, v: unknown): void {
  const fix = "use a lowercase DNS-like name such as 'cluster.local' or 'mesh.example.com'";
  if (typeof v !== 'string' || v.length === 0) fail(where, 'trustDomain', v, 'the trust domain must not be empty', fix);
  if (v.length > 255) fail(where, 'trustDomain', v, 'the trust domain must be at most 255 characters', fix);
  for (const label of v.split('.')) {
    const problem = checkDns1123Label(label);
    if (problem) fail(where, 'trustDomain', v, `invalid trust domain: label ${JSON.stringify(label)} ${problem}`, fix);
  }
}

/**
 * Cluster names are Istio's `topology.istio.io/cluster` label value, istio-csr's clusterID, an
 * Argo CD cluster name and an output folder: a DNS-1123 label satisfies all four.
 */
function checkClusterName(where: Construct, field: string, v: unknown): void {
  if (typeof v !== 'string') fail(where, field, v, 'the cluster name must be a string', "use e.g. 'cluster-a'");
  const problem = checkDns1123Label(v);
  if (problem) fail(where, field, v, `invalid cluster name: it ${problem}`, "use a lowercase name such as 'cluster-a' (it becomes a label value, istio-csr's clusterID and an output folder)");
}

/** Mesh IDs and network names become label values (`topology.istio.io/network`). */
function checkLabelLike(where: Construct, field: string, v: unknown, what: string): void {
  if (typeof v !== 'string') fail(where, field, v, `the ${what} must be a string`, "use e.g. 'mesh1'");
  const problem = checkLabelValue(v) ?? (v.length === 0 ? 'must not be empty' : undefined);
  if (problem) fail(where, field, v, `invalid ${what}: it ${problem}`, "use letters, digits, '-', '_' and '.', at most 63 characters, e.g. 'network-a'");
}

function checkRevisions(where: Construct, v: unknown): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(where, 'istioRevisions', v, 'at least one Istio revision is required', "use ['default'] or your revision names");
  v.forEach((rev, i) => {
    const problem = typeof rev === 'string' ? checkDns1123Label(rev) : 'must be a string';
    if (problem) fail(where, `istioRevisions[${i}]`, rev, `revision name ${problem}`, "use revision names such as '1-30-3'");
    if (v.indexOf(rev) !== i) fail(where, `istioRevisions[${i}]`, rev, 'duplicate revision', 'list each revision once');
  });
  return [...v];
}

function checkDurationProp(where: Construct, field: string, v: unknown): Duration | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof Duration)) fail(where, field, v, 'must be a Duration', 'use Duration.hours(...) / Duration.days(...)');
  if (v.toMilliseconds({ integral: false }) <= 0) fail(where, field, v, 'must be positive', 'use a positive duration');
  return v;
}
