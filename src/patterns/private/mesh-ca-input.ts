// The props of a MeshCa, checked and resolved (not exported from the package): names, trust
// domain, cluster, lifetimes, the intermediate and the extra roots. Rules that depend on the
// mode are the mode builder's (mesh-ca-modes.ts).
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterOf } from '../../private/cluster';
import { receive, receiveAll } from '../../private/factory';
import { checkImageReference, checkNamespaceName, requireArray } from '../../private/fields';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelValue } from '../../private/names';
import { fail } from '../../validation/error';
import { Warnings } from '../../validation/warnings';
import { BundleSource, BundleSourceType } from '../../trust/bundle-source';
import { MeshCaMode, MeshCaProps } from '../mesh-ca-options';
import { MeshRoot, MeshRootType } from '../mesh-ca-root';
import { MeshCaModeBuilder, modeBuilder } from './mesh-ca-modes';
import { MeshCaSettings } from './mesh-ca-settings';
import { ISTIOD_IMAGE } from './mesh-ca-values';
import { meshRootInternals } from './mesh-root-internals';

/** Check the props of the MeshCa `where` and resolve their defaults (throws the library's error). */
export function resolveMeshCaProps(where: Construct, props: MeshCaProps): { settings: MeshCaSettings; mode: MeshCaModeBuilder } {
  const p = props ?? ({} as MeshCaProps);
  if (!Object.values(MeshCaMode).includes(p.mode)) {
    fail(where, 'mode', p.mode, 'the mesh CA mode is required', 'use MeshCaMode.ISTIO_CSR or MeshCaMode.PLUGIN_CA');
  }
  const mode = modeBuilder(p.mode);
  const root = receive(where, 'root', p.root ?? MeshRoot.selfSigned());
  if (!(root instanceof MeshRoot)) fail(where, 'root', root, 'must be a MeshRoot', 'use MeshRoot.selfSigned(), fromSecret(), fromIssuerConfig() or fromIssuer()');

  const istioNamespace = checkNamespaceName(where, 'istioNamespace', p.istioNamespace ?? 'istio-system');
  const certManagerNamespace = checkNamespaceName(where, 'certManagerNamespace', p.certManagerNamespace ?? 'cert-manager');
  const trustNamespace = checkNamespaceName(where, 'trustNamespace', p.trustNamespace ?? 'cert-manager');
  const trustDomain = p.trustDomain ?? 'cluster.local';
  checkTrustDomain(where, trustDomain);
  const contextCluster = clusterOf(where);
  if (p.clusterName !== undefined) {
    checkClusterName(where, 'clusterName', p.clusterName);
    if (contextCluster !== undefined && contextCluster !== p.clusterName) {
      fail(where, 'clusterName', p.clusterName, `the mesh CA renders for cluster ${JSON.stringify(contextCluster)} but clusterName says ${JSON.stringify(p.clusterName)}; istio-csr's clusterID and Istio's clusterName would name another cluster`,
        `remove clusterName (it defaults to ${JSON.stringify(contextCluster)}) or render the mesh CA in that cluster's chart`);
    }
  } else if (contextCluster !== undefined) {
    checkClusterName(where, 'cluster of the folder', contextCluster);
  }
  if (p.meshId !== undefined) checkLabelLike(where, 'meshId', p.meshId, 'mesh ID');
  if (p.network !== undefined) checkLabelLike(where, 'network', p.network, 'network name');
  const istioRevisions = checkRevisions(where, p.istioRevisions ?? ['default']);

  const maxWorkloadCertificateDuration = checkDurationProp(where, 'maxWorkloadCertificateDuration', p.maxWorkloadCertificateDuration) ?? Duration.hours(1);
  const intermediateDuration = checkDurationProp(where, 'intermediateDuration', p.intermediateDuration) ?? Duration.days(365);
  const intermediateRenewBefore = checkDurationProp(where, 'intermediateRenewBefore', p.intermediateRenewBefore) ?? Duration.days(30);
  const workloadMs = maxWorkloadCertificateDuration.toMilliseconds();
  if (workloadMs < 1000 || !Number.isInteger(workloadMs / 1000)) {
    fail(where, 'maxWorkloadCertificateDuration', maxWorkloadCertificateDuration, 'must be a whole number of seconds, at least 1s', 'use e.g. Duration.hours(1)');
  }

  const useIntermediate = p.intermediate ?? true;
  mode.checkIntermediate(where, useIntermediate);
  if (!useIntermediate) {
    if (p.intermediateDuration || p.intermediateRenewBefore || p.intermediateName) {
      fail(where, p.intermediateName ? 'intermediateName' : p.intermediateDuration ? 'intermediateDuration' : 'intermediateRenewBefore',
        p.intermediateName ?? p.intermediateDuration ?? p.intermediateRenewBefore, 'intermediate options are set but intermediate is false', 'remove them or set intermediate: true');
    }
    if (root.type === MeshRootType.SELF_SIGNED) {
      Warnings.add(where, 'intermediate: false with a root bootstrapped in the cluster: workload certificates are signed with the root key itself, which can then never rotate without a root rotation — keep the intermediate');
    }
  }
  const intermediateName = p.intermediateName ?? mode.defaultIntermediateName;
  if (typeof intermediateName !== 'string' || checkDns1123Subdomain(intermediateName)) {
    fail(where, 'intermediateName', intermediateName, `name ${checkDns1123Subdomain(String(intermediateName)) ?? 'must be a string'}`, 'use a valid Kubernetes object name');
  }
  mode.checkIntermediateName(where, intermediateName, istioNamespace);

  const anchors = requireArray(where, 'additionalTrustAnchors', p.additionalTrustAnchors, { fix: 'pass an array of BundleSource' });
  receiveAll(where, 'additionalTrustAnchors', anchors);
  anchors.forEach((a, i) => {
    if (!(a instanceof BundleSource)) fail(where, `additionalTrustAnchors[${i}]`, a, 'must be a BundleSource', 'use BundleSource.inLine(pem), .secret({ name, key }) or .configMap({ name, key })');
    if (a.type === BundleSourceType.DEFAULT_CAS) {
      fail(where, `additionalTrustAnchors[${i}]`, a.type, 'the public CA package must not be a mesh trust anchor: any certificate a public CA issues would be accepted as a mesh identity',
        'list only the mesh roots (old and new during a rotation)');
    }
    mode.checkTrustAnchor(where, `additionalTrustAnchors[${i}]`, a);
  });

  const istiodImage = checkImageReference(where, 'istiodImage', p.istiodImage ?? ISTIOD_IMAGE, ISTIOD_IMAGE);

  const settings: MeshCaSettings = {
    istiodImage,
    mode: p.mode,
    root,
    rootInternals: meshRootInternals(root),
    istioNamespace,
    certManagerNamespace,
    trustNamespace,
    trustDomain,
    contextCluster,
    clusterName: p.clusterName ?? contextCluster ?? 'Kubernetes',
    meshId: p.meshId,
    network: p.network,
    istioRevisions,
    maxWorkloadCertificateDuration,
    useIntermediate,
    intermediateDuration,
    intermediateRenewBefore,
    intermediateName,
    additionalTrustAnchors: [...anchors],
    trustBundleName: p.trustBundleName ?? 'mesh-ca-roots',
  };
  return { settings, mode };
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
export function checkClusterName(where: Construct, field: string, v: unknown): void {
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
