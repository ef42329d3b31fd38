// The in-cluster objects of a MeshCa (not exported from the package): the root of trust, the
// intermediate, the trust Bundle, the Istio namespace and the mesh-wide mTLS policy. The mode
// builder adds what only its mode has (mesh-ca-modes.ts); the install objects are in
// mesh-ca-install.ts.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate, PrivateKeyAlgorithm, PrivateKeyRotationPolicy } from '../../cert-manager/certificate';
import { ClusterIssuer } from '../../cert-manager/cluster-issuer';
import { IssuerConfig } from '../../cert-manager/issuer-config';
import { IIssuer } from '../../cert-manager/references';
import { MtlsMode, PeerAuthentication } from '../../istio/peer-authentication';
import { omitNamespace } from '../../private/metadata';
import { fail } from '../../validation/error';
import { Bundle } from '../../trust/bundle';
import { BundleSource } from '../../trust/bundle-source';
import { MeshRootType } from '../mesh-ca-root';
import { MeshCaModeBuilder } from './mesh-ca-modes';
import { ROOT_CA_KEY } from './mesh-ca-values';
import { MeshCaSettings } from './mesh-ca-settings';
import { vaultRoot, VaultSpec } from './mesh-ca-vault';

/** The root of trust in the cluster. */
export interface MeshRootObjects {
  /** The issuer of the root CA (signs the intermediates). */
  readonly issuer: IIssuer;
  /** The root CA Certificate (`MeshRoot.selfSigned()` only). */
  readonly certificate?: Certificate;
}

/**
 * The root issuer: bootstrapped (SelfSigned ClusterIssuer → root Certificate keeping its key →
 * CA ClusterIssuer), a CA ClusterIssuer over a Secret provisioned out of band, a ClusterIssuer
 * from a config, or the issuer given.
 */
export function createRoot(scope: Construct, s: MeshCaSettings): MeshRootObjects {
  const r = s.rootInternals;
  const name = s.root.name;
  switch (s.root.type) {
    case MeshRootType.SELF_SIGNED: {
      const bootstrap = new ClusterIssuer(scope, 'RootBootstrapIssuer', {
        metadata: { name: `${name}-selfsigned` },
        config: IssuerConfig.selfSigned(),
      });
      const certificate = new Certificate(scope, 'RootCertificate', {
        metadata: { name, namespace: s.certManagerNamespace },
        issuer: bootstrap,
        secretName: name,
        isCa: true,
        commonName: r.commonName,
        subject: r.organizations ? { organizations: r.organizations } : undefined,
        duration: r.duration,
        renewBefore: r.renewBefore,
        // keep the root key on renewal: a new key would invalidate every intermediate
        privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: r.keySize, rotationPolicy: PrivateKeyRotationPolicy.NEVER },
      });
      const issuer = new ClusterIssuer(scope, 'RootIssuer', { metadata: { name }, config: IssuerConfig.ca({ secretName: name }) });
      return { issuer, certificate };
    }
    case MeshRootType.SECRET: {
      if (r.secretNamespace !== undefined && r.secretNamespace !== s.certManagerNamespace) {
        fail(scope, 'root.namespace', r.secretNamespace, `a CA ClusterIssuer reads its Secret from cert-manager's cluster resource namespace ("${s.certManagerNamespace}"), not from ${JSON.stringify(r.secretNamespace)}`,
          `provision the Secret ${JSON.stringify(r.secretName)} in "${s.certManagerNamespace}" (or set certManagerNamespace to cert-manager's --cluster-resource-namespace)`);
      }
      return { issuer: new ClusterIssuer(scope, 'RootIssuer', { metadata: { name }, config: IssuerConfig.ca({ secretName: r.secretName! }) }) };
    }
    case MeshRootType.ISSUER_CONFIG: {
      const issuer = new ClusterIssuer(scope, 'RootIssuer', { metadata: { name }, config: r.config! });
      const vault: VaultSpec | undefined = r.config!._toKube(name, []).vault;
      if (vault !== undefined) vaultRoot(scope, s, name, vault);
      return { issuer };
    }
    default:
      return { issuer: r.issuer! };
  }
}

/** This cluster's intermediate CA in the Istio namespace, signed by the root; its key rotates on every renewal. */
export function createIntermediate(scope: Construct, s: MeshCaSettings, rootIssuer: IIssuer): Certificate | undefined {
  if (!s.useIntermediate) return undefined;
  const cn = `Istio CA ${s.clusterName}`;
  return new Certificate(scope, 'IntermediateCertificate', {
    metadata: { name: s.intermediateName, namespace: s.istioNamespace },
    issuer: rootIssuer,
    secretName: s.intermediateName,
    isCa: true,
    commonName: Buffer.byteLength(cn) <= 64 ? cn : 'Istio CA',
    subject: { organizations: [s.trustDomain] },
    duration: s.intermediateDuration,
    renewBefore: s.intermediateRenewBefore,
    privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: PrivateKeyRotationPolicy.ALWAYS },
  });
}

/** The trust-manager Bundle distributing the pinned root(s): the root and the extra trust anchors. */
export function createTrustBundle(scope: Construct, s: MeshCaSettings, mode: MeshCaModeBuilder, root: MeshRootObjects): Bundle | undefined {
  const rootAnchor = root.certificate ? BundleSource.fromCertificate(root.certificate, 'ca.crt') : s.rootInternals.trustAnchor!;
  const namespaceSelector = mode.bundleNamespaces(s);
  if (namespaceSelector === undefined) return undefined;
  return new Bundle(scope, 'TrustBundle', {
    metadata: { name: s.trustBundleName },
    sources: [rootAnchor, ...s.additionalTrustAnchors],
    target: { configMapKey: ROOT_CA_KEY, namespaceSelector },
    trustNamespace: s.trustNamespace,
  });
}

/** The Istio namespace (cluster-scoped), labelled with the network when set. */
export function createIstioNamespace(scope: Construct, s: MeshCaSettings): void {
  // cluster-scoped: no namespace, whatever the chart's
  // a plain ApiObject (what cdk8s-plus' Namespace renders): a MeshCa does not need cdk8s-plus
  omitNamespace(new ApiObject(scope, 'IstioNamespace', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: s.istioNamespace, ...(s.network ? { labels: { 'topology.istio.io/network': s.network } } : {}) },
    spec: {},
  }));
}

/** The mesh-wide STRICT PeerAuthentication, `default` in the Istio namespace. */
export function createStrictMtls(scope: Construct, s: MeshCaSettings, annotations: { [key: string]: string }): PeerAuthentication {
  return PeerAuthentication.meshWide(scope, 'StrictMtls', {
    mode: MtlsMode.STRICT,
    rootNamespace: s.istioNamespace,
    metadata: { name: 'default', annotations },
  });
}
