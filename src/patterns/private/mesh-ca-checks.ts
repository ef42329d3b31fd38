// The synth-time checks of a MeshCa's own wiring (not exported from the package): a construct
// check (`declareToModel`), since what it checks is the pattern's intent — the root issuer it
// was given can serve its mode from its cluster and namespace, and the lifetimes it was given
// chain. Reported with the MeshCa's path and its props.
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IIssuer, IssuerType } from '../../cert-manager/references';
import { AppModel } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { clusterOf } from '../../private/cluster';
import { goDuration } from '../../private/duration';
import { obj, str } from '../../private/wire';
import { MeshRootType } from '../mesh-ca-root';
import { MeshCaModeBuilder } from './mesh-ca-modes';
import { MeshCaSettings } from './mesh-ca-settings';

/** The issuers whose certificates the mesh trusts, and the Certificates that may ask them. */
export interface MeshIssuers {
  /** The root issuer and (istio-csr mode) the issuer of workload certificates. */
  readonly issuers: IIssuer[];
  /** The mesh CA's own Certificates asking them (`namespace/name`): the intermediate. */
  readonly own: string[];
}

/** Report what is wrong with the wiring of the MeshCa `where`. */
export function checkMeshCaWiring(where: IConstruct, s: MeshCaSettings, mode: MeshCaModeBuilder, issuers: MeshIssuers, model: AppModel, report: Reporter): void {
  if (s.root.type === MeshRootType.ISSUER) checkRootIssuer(where, s, mode, report);
  checkDurations(where, s, mode, report);
  checkMeshIssuersUnused(where, issuers, model, report);
}

/**
 * Only the mesh CA asks the mesh's issuers. Whatever they sign chains to the mesh root, which
 * every proxy trusts: a Certificate elsewhere with a SPIFFE URI (e.g.
 * `spiffe://cluster.local/ns/istio-system/sa/istiod-service-account`) or `isCA: true` would be a
 * mesh identity — and cert-manager approves every CertificateRequest by default (cert-manager
 * v1.21.1 pkg/controller/certificaterequests/approver/approver.go). Checked over the wire form
 * of every Certificate of the app in the mesh CA's cluster, whoever built it.
 */
function checkMeshIssuersUnused(where: IConstruct, m: MeshIssuers, model: AppModel, report: Reporter): void {
  const cluster = clusterOf(where) ?? '';
  for (const c of model.ofKind('cert-manager.io', 'Certificate')) {
    if (c.external || c.json === undefined || c.cluster !== cluster || m.own.includes(`${c.namespace}/${c.name}`)) continue;
    const ref = obj(obj(c.json.spec).issuerRef);
    const kind = str(ref.kind) || 'Issuer';
    const group = str(ref.group) || 'cert-manager.io';
    const name = str(ref.name);
    const issuer = m.issuers.find((i) => i.issuerRef.name === name && i.issuerRef.kind === kind && i.issuerRef.group === group
      && (kind === 'ClusterIssuer' || i.issuerNamespace === c.namespace));
    if (!issuer) continue;
    report.error(c, 'spec.issuerRef', `${kind}/${name}`,
      `${kind} ${JSON.stringify(name)} is an issuer of the mesh CA (${where.node.path}): whatever it signs chains to the mesh root every proxy trusts, so this Certificate could carry a mesh identity (a spiffe:// URI SAN, or isCA: true); only the mesh CA's own certificates may ask it. In the cluster nothing refuses them unless approver-policy is installed (docs/mesh-ca.md, "Mesh identities only for their owners")`,
      'issue it from another CA: e.g. a separate CA ClusterIssuer for gateway certificates, or a public ACME issuer');
  }
}

/** The root issuer given must be usable from this cluster and for this purpose. */
function checkRootIssuer(where: IConstruct, s: MeshCaSettings, mode: MeshCaModeBuilder, report: Reporter): void {
  const issuer = s.rootInternals.issuer!;
  const ref = issuer.issuerRef;
  const desc = `${ref.kind}/${ref.name}`;
  const mine = clusterOf(where);
  const theirs = clusterOf(issuer);
  if (mine !== undefined && theirs !== undefined && mine !== theirs) {
    report.error(where, 'root', `${theirs}: ${ref.name}`,
      `${desc} is defined for cluster ${JSON.stringify(theirs)} but the mesh CA renders for cluster ${JSON.stringify(mine)}; cert-manager resolves issuerRef only in its own cluster, so no certificate here can name an issuer of another cluster`,
      'share the CA, not the issuer: create the same CA issuer in every cluster (MeshRoot.fromSecret() with the root Secret provisioned in each cluster, or MeshRoot.fromIssuerConfig(IssuerConfig.vault(...))) and issue each cluster\'s certificates there');
  }
  if (issuer.issuerType === IssuerType.ACME) report.error(where, 'root', desc, mode.acmeRootProblem.problem, mode.acmeRootProblem.fix);
  if (issuer.issuerType === IssuerType.SELF_SIGNED) {
    report.error(where, 'root', desc, 'a SelfSigned issuer signs each certificate with its own key: nothing would chain to a common root', 'use MeshRoot.selfSigned() to bootstrap a root CA');
  }
  if (issuer.issuerNamespace !== undefined && ref.kind !== 'ClusterIssuer' && issuer.issuerNamespace !== s.istioNamespace) {
    report.error(where, 'root', `${issuer.issuerNamespace}/${ref.name}`,
      `the namespaced ${desc} is in ${JSON.stringify(issuer.issuerNamespace)}, but ${mode.rootIssuerUser(s.useIntermediate)} "${s.istioNamespace}", where cert-manager looks the issuer up`,
      `define the Issuer in "${s.istioNamespace}", or use a ClusterIssuer`);
  }
}

/**
 * Durations chain: workload < intermediate < root. A certificate signed by the intermediate
 * must fit in its renewal window: the intermediate is re-issued with a new key, and the
 * certificate's chain carries the old intermediate until it expires. The root keeps its key on
 * renewal (rotationPolicy: Never), so what it signed verifies against the renewed root
 * certificate: no window to fit in — except for the copy of the root certificate that plug-in
 * mode's cacerts carries (`rootCopyRefreshed`).
 */
function checkDurations(where: IConstruct, s: MeshCaSettings, mode: MeshCaModeBuilder, report: Reporter): void {
  const workload = s.maxWorkloadCertificateDuration;
  const rootDuration = s.rootInternals.duration;
  const rootRenewBefore = s.root.type === MeshRootType.SELF_SIGNED ? s.rootInternals.renewBefore : undefined;
  if (s.useIntermediate) {
    chain(where, report, 'maxWorkloadCertificateDuration', workload, 'intermediateDuration', s.intermediateDuration);
    const signed = mode.longestSignedByIntermediate(s);
    margin(where, report, signed.field, signed.duration, 'intermediateRenewBefore', s.intermediateRenewBefore,
      'a workload certificate issued just before the intermediate is re-issued (with a new key) would outlive the intermediate that signed it, and its chain would expire early');
    if (rootDuration) {
      chain(where, report, 'intermediateDuration', s.intermediateDuration, 'root duration', rootDuration);
      if (rootRenewBefore && mode.servesRootCopy) rootCopyRefreshed(where, report, s.intermediateDuration, s.intermediateRenewBefore, rootRenewBefore);
    }
  } else if (rootDuration) {
    chain(where, report, 'maxWorkloadCertificateDuration', workload, 'root duration', rootDuration);
  }
}

/** child must be shorter than parent. */
function chain(where: IConstruct, report: Reporter, childField: string, child: Duration, parentField: string, parent: Duration): void {
  if (child.toMilliseconds() < parent.toMilliseconds()) return;
  report.error(where, childField, child,
    `durations cannot chain: ${childField} ${goDuration(child)} is not shorter than ${parentField} ${goDuration(parent)}; a certificate cannot outlive the CA that signs it`,
    `make ${childField} shorter than ${goDuration(parent)}, or ${parentField} longer than ${goDuration(child)}`);
}

/**
 * Plug-in mode: istiod serves `ca.crt` of `cacerts` (the root certificate as it was when the
 * intermediate was issued) as the mesh's root. cert-manager rewrites it only when it re-issues
 * the intermediate, `intermediateDuration - intermediateRenewBefore` after issuance; an
 * intermediate issued just before the root certificate is renewed must be re-issued before that
 * root certificate expires, `rootRenewBefore` later. (istio-csr mode pins the root from the
 * Bundle, which trust-manager updates as soon as the root is renewed.)
 */
function rootCopyRefreshed(where: IConstruct, report: Reporter, intermediate: Duration, intermediateRenewBefore: Duration, rootRenewBefore: Duration): void {
  const refreshedAfter = intermediate.toMilliseconds() - intermediateRenewBefore.toMilliseconds();
  if (refreshedAfter <= rootRenewBefore.toMilliseconds()) return;
  const go = (ms: number) => goDuration(Duration.millis(ms));
  report.error(where, 'intermediateDuration', intermediate,
    `istiod serves the copy of the root certificate in cacerts (ca.crt) as the mesh's root, and cert-manager refreshes that copy only when it re-issues the intermediate, ${go(refreshedAfter)} after issuing it (intermediateDuration ${goDuration(intermediate)} - intermediateRenewBefore ${goDuration(intermediateRenewBefore)}); that is longer than the root's renewBefore ${goDuration(rootRenewBefore)}, so an intermediate issued just before the root certificate is renewed would still hand out the old root certificate after it expired`,
    `make intermediateDuration at most ${go(intermediateRenewBefore.toMilliseconds() + rootRenewBefore.toMilliseconds())}, intermediateRenewBefore at least ${go(intermediate.toMilliseconds() - rootRenewBefore.toMilliseconds())}, or the root's renewBefore at least ${go(refreshedAfter)}`);
}

/** child must fit in the parent's renewal window. */
function margin(where: IConstruct, report: Reporter, childField: string, child: Duration, parentField: string, parentRenewBefore: Duration, why: string): void {
  if (child.toMilliseconds() <= parentRenewBefore.toMilliseconds()) return;
  report.error(where, childField, child,
    `${childField} ${goDuration(child)} is longer than ${parentField} ${goDuration(parentRenewBefore)}: ${why}`,
    `make ${childField} at most ${goDuration(parentRenewBefore)}, or ${parentField} at least ${goDuration(child)}`);
}
