// Helm values and IstioOperator spec derived from a MeshCa (not exported from the package).
// Keys are the real ones of the pinned charts: cert-manager istio-csr v0.17.0 (values.yaml)
// and Istio 1.30.3 `base` / `istiod`.
import { Duration } from 'cdk8s';
import { IssuerReference } from '../../cert-manager/references';
import { goDuration } from '../../private/duration';

/** The pinned upstream charts. */
export const CHARTS = {
  istioCsr: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager-istio-csr', version: 'v0.17.0' },
  istioBase: { repoURL: 'https://istio-release.storage.googleapis.com/charts', chart: 'base', version: '1.30.3' },
  istiod: { repoURL: 'https://istio-release.storage.googleapis.com/charts', chart: 'istiod', version: '1.30.3' },
};

/**
 * The istio-csr Service is named after the chart (`cert-manager-istio-csr`), whatever the
 * release name; istio-csr serves gRPC on Service port 443.
 */
export const ISTIO_CSR_SERVICE = 'cert-manager-istio-csr';
/** Where istio-csr's pod mounts the pinned root bundle. */
export const ROOT_CA_MOUNT = '/var/run/secrets/istio-csr';
/** Key of the pinned root bundle in the trust-manager target ConfigMap. */
export const ROOT_CA_KEY = 'ca.pem';

/** Mode of the mesh CA (duplicated here as plain strings to keep this module free of cycles). */
export type ValuesMode = 'istio-csr' | 'plugin-ca';

export interface MeshValuesInput {
  readonly mode: ValuesMode;
  readonly trustDomain: string;
  readonly clusterName: string;
  readonly meshId?: string;
  readonly network?: string;
  readonly maxWorkloadCertificateDuration: Duration;
  readonly istioRevisions: string[];
  readonly istioNamespace: string;
  readonly certManagerNamespace: string;
  /** The issuer istio-csr sends CertificateRequests to (istio-csr mode). */
  readonly issuerRef?: IssuerReference;
  /** ConfigMap (written by trust-manager into cert-manager's namespace) holding the pinned roots. */
  readonly rootBundleConfigMap: string;
  /** Extra trusted roots for istiod (plug-in mode root rotation), PEM. */
  readonly extraRootPems: string[];
}

export function caAddress(certManagerNamespace: string): string {
  return `${ISTIO_CSR_SERVICE}.${certManagerNamespace}.svc:443`;
}

/** Values of the cert-manager-istio-csr chart (v0.17.0 keys). */
export function istioCsrValues(i: MeshValuesInput): { [key: string]: any } {
  const ref = i.issuerRef!;
  return {
    app: {
      certmanager: {
        // CertificateRequests (and so a namespaced Issuer) live in the Istio namespace
        namespace: i.istioNamespace,
        issuer: { name: ref.name, kind: ref.kind, group: ref.group },
      },
      tls: {
        trustDomain: i.trustDomain,
        // pinned root bundle, never discovered from the issuer (istio-csr#103)
        rootCAFile: `${ROOT_CA_MOUNT}/${ROOT_CA_KEY}`,
        certificateDNSNames: [`${ISTIO_CSR_SERVICE}.${i.certManagerNamespace}.svc`],
      },
      server: {
        // must equal Istio's global.multiCluster.clusterName (istio-csr#27)
        clusterID: i.clusterName,
        maxCertificateDuration: goDuration(i.maxWorkloadCertificateDuration),
      },
      istio: {
        revisions: [...i.istioRevisions],
        namespace: i.istioNamespace,
      },
      controller: {
        leaderElectionNamespace: i.istioNamespace,
      },
    },
    volumes: [{ name: 'root-ca', configMap: { name: i.rootBundleConfigMap } }],
    volumeMounts: [{ name: 'root-ca', mountPath: ROOT_CA_MOUNT, readOnly: true }],
  };
}

/** `global` values shared by the Istio charts and IstioOperator `values`. */
function globalValues(i: MeshValuesInput): { [key: string]: any } {
  return {
    ...(i.istioNamespace !== 'istio-system' ? { istioNamespace: i.istioNamespace } : {}),
    ...(i.mode === 'istio-csr' ? { caAddress: caAddress(i.certManagerNamespace) } : {}),
    ...(i.meshId !== undefined ? { meshID: i.meshId } : {}),
    multiCluster: { clusterName: i.clusterName },
    ...(i.network !== undefined ? { network: i.network } : {}),
  };
}

/** istiod environment (`pilot.env`; the istiod chart copies `pilot.*` to the top level). */
function pilotEnv(i: MeshValuesInput): { [key: string]: string } {
  if (i.mode === 'istio-csr') return { ENABLE_CA_SERVER: 'false' };
  const ttl = goDuration(i.maxWorkloadCertificateDuration);
  return {
    // pick up a renewed intermediate in cacerts without restarting istiod
    AUTO_RELOAD_PLUGIN_CERTS: 'true',
    // istiod rejects (not caps) CSRs asking for more than this
    MAX_WORKLOAD_CERT_TTL: ttl,
    DEFAULT_WORKLOAD_CERT_TTL: ttl,
    ...(i.extraRootPems.length > 0 ? { ISTIO_MULTIROOT_MESH: 'true' } : {}),
  };
}

function meshConfig(i: MeshValuesInput): { [key: string]: any } {
  if (i.mode === 'istio-csr') return { trustDomain: i.trustDomain };
  return {
    trustDomain: i.trustDomain,
    defaultConfig: {
      proxyMetadata: {
        // proxies ask for this lifetime; above MAX_WORKLOAD_CERT_TTL istiod would refuse them
        SECRET_TTL: goDuration(i.maxWorkloadCertificateDuration),
        ...(i.extraRootPems.length > 0 ? { PROXY_CONFIG_XDS_AGENT: 'true' } : {}),
      },
    },
    ...(i.extraRootPems.length > 0 ? { caCertificates: i.extraRootPems.map((pem) => ({ pem })) } : {}),
  };
}

function revision(i: MeshValuesInput): string | undefined {
  const r = i.istioRevisions[0];
  return r === 'default' ? undefined : r;
}

/** Values of Istio's `istiod` chart. */
export function istiodValues(i: MeshValuesInput): { [key: string]: any } {
  const rev = revision(i);
  return {
    ...(rev !== undefined ? { revision: rev } : {}),
    global: globalValues(i),
    pilot: { env: pilotEnv(i) },
    meshConfig: meshConfig(i),
  };
}

/** Values of Istio's `base` chart. */
export function istioBaseValues(i: MeshValuesInput): { [key: string]: any } {
  const rev = revision(i);
  return {
    ...(rev !== undefined ? { defaultRevision: rev } : {}),
    ...(i.istioNamespace !== 'istio-system' ? { global: { istioNamespace: i.istioNamespace } } : {}),
  };
}

/** `spec` of an IstioOperator for `istioctl install -f`. */
export function istioOperatorSpec(i: MeshValuesInput): { [key: string]: any } {
  const rev = revision(i);
  return {
    ...(rev !== undefined ? { revision: rev } : {}),
    meshConfig: meshConfig(i),
    values: {
      global: globalValues(i),
      pilot: { env: pilotEnv(i) },
    },
  };
}
