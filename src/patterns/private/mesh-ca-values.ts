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
/** istiod's image at the pinned version, for containers outside the chart's templates (default of `istiodImage`). */
export const ISTIOD_IMAGE = `docker.io/istio/pilot:${CHARTS.istiod.version}`;
/** istiod's image as the istiod chart writes it, for values it renders through `tpl`. */
const ISTIOD_IMAGE_IN_CHART = '{{ .Values.hub | default .Values.global.hub }}/{{ .Values.image | default "pilot" }}:{{ .Values.tag | default .Values.global.tag }}';

/** The istiod Deployment of the first revision (the chart's `istiod-<revision>`). */
export function istiodDeploymentName(istioRevisions: string[]): string {
  const rev = istioRevisions[0];
  return rev === 'default' ? 'istiod' : `istiod-${rev}`;
}
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
  /** istiod's image for containers rendered outside its chart (the IstioOperator overlay). */
  readonly istiodImage: string;
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

/** istiod environment (the chart's `env`). */
function istiodEnv(i: MeshValuesInput): { [key: string]: string } {
  if (i.mode === 'istio-csr') return { ENABLE_CA_SERVER: 'false' };
  const ttl = goDuration(i.maxWorkloadCertificateDuration);
  return {
    // istiod rejects (not caps) CSRs asking for more than this
    MAX_WORKLOAD_CERT_TTL: ttl,
    DEFAULT_WORKLOAD_CERT_TTL: ttl,
    ...(i.extraRootPems.length > 0 ? { ISTIO_MULTIROOT_MESH: 'true' } : {}),
  };
}

/**
 * The files istiod decides on once, at start, and where its chart mounts them
 * (istio/istio 1.30.3 manifests/charts/istio-control/istio-discovery/templates/deployment.yaml):
 * plug-in mode, the `cacerts` Secret at /etc/cacerts — without a complete set istiod generates
 * a self-signed root of its own and never watches cacerts (pilot/pkg/bootstrap/istio_ca.go,
 * `useSelfSignedCA := !signingCABundleComplete`; kubernetes.io/tls layout: tls.key, tls.crt,
 * ca.crt); istio-csr mode, its `istiod-tls` serving certificate at /var/run/secrets/istiod/tls
 * with a CA file there (ca.crt) or in the `istio-ca-root-cert` ConfigMap at
 * /var/run/secrets/istiod/ca (root-cert.pem) — without them istiod serves a certificate of its
 * own until restarted (pilot/pkg/bootstrap/server.go, `hasCustomTLSCerts`).
 */
export const ISTIOD_CA_FILES = {
  'plugin-ca': {
    mounts: [{ name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true }],
    test: '[ -s /etc/cacerts/tls.key ] && [ -s /etc/cacerts/tls.crt ] && [ -s /etc/cacerts/ca.crt ]',
    waitsFor: 'Secret cacerts (the plug-in CA cert-manager writes)',
  },
  'istio-csr': {
    mounts: [
      { name: 'istio-csr-dns-cert', mountPath: '/var/run/secrets/istiod/tls', readOnly: true },
      { name: 'istio-csr-ca-configmap', mountPath: '/var/run/secrets/istiod/ca', readOnly: true },
    ],
    test: '[ -s /var/run/secrets/istiod/tls/tls.crt ] && [ -s /var/run/secrets/istiod/tls/tls.key ] && { [ -s /var/run/secrets/istiod/ca/root-cert.pem ] || [ -s /var/run/secrets/istiod/tls/ca.crt ]; }',
    waitsFor: 'Secret istiod-tls (istiod\'s serving certificate from istio-csr)',
  },
};

/** Name of the init container that holds istiod back until its CA files are mounted. */
export const WAIT_FOR_CA_CONTAINER = 'wait-for-mesh-ca';

/**
 * An init container of the istiod pod that waits until the files istiod reads once at start
 * are mounted. The chart mounts those Secrets `optional: true`, so the pod starts without them;
 * the kubelet fills an optional Secret volume in once the Secret is created (Kubernetes
 * conformance test "Secrets optional updates should be reflected in volume",
 * test/e2e/common/storage/secrets_volume.go), and only then does istiod start. Same image as
 * istiod (the chart renders `initContainers` through `tpl`): its default (debug) variant has a shell.
 */
function waitForCaFiles(i: MeshValuesInput, image: string): { [key: string]: any } {
  const files = ISTIOD_CA_FILES[i.mode];
  return {
    name: WAIT_FOR_CA_CONTAINER,
    image,
    command: ['sh', '-c', `until ${files.test}; do echo "waiting for ${files.waitsFor}"; sleep 5; done`],
    volumeMounts: files.mounts,
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
  };
}

/**
 * istiod's own settings. The istiod chart defines them at its top level (`env`,
 * `autoscaleEnabled`; istio/istio 1.30.3 istio-discovery values.yaml and deployment.yaml; a
 * legacy `pilot.` prefix is copied there by templates/zzy_descope_legacy.yaml); an IstioOperator takes them under `values.pilot` and flattens them
 * for the chart (operator/pkg/render/manifest.go, FlattenValues). Autoscaling is off: the
 * chart's HPA is on by default, and without metrics-server Argo CD rates it Degraded.
 */
function istiodSettings(i: MeshValuesInput): { [key: string]: any } {
  return { autoscaleEnabled: false, env: istiodEnv(i) };
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
    ...istiodSettings(i),
    // the chart renders initContainers through tpl: the image expression resolves to istiod's
    initContainers: [waitForCaFiles(i, ISTIOD_IMAGE_IN_CHART)],
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
      pilot: istiodSettings(i),
    },
    // istioctl refuses values it does not know (operator/pkg/apis/validation/validation.go,
    // validateValues), and PilotConfig has no initContainers (operator/pkg/apis/values_types.proto):
    // the init container is an overlay on the rendered Deployment (a new leaf, operator/pkg/apis/types.go Patch)
    components: {
      pilot: {
        k8s: {
          overlays: [{
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: istiodDeploymentName(i.istioRevisions),
            patches: [{ path: 'spec.template.spec.initContainers', value: [waitForCaFiles(i, i.istiodImage)] }],
          }],
        },
      },
    },
  };
}
