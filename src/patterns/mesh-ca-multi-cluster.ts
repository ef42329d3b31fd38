import * as path from 'path';
import { App, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationSet } from '../gitops/application-set';
import { ApplicationSetGenerator } from '../gitops/application-set-generator';
import { ApplicationSource } from '../gitops/application-source';
import { GitOpsRepo } from '../gitops/gitops-repo';
import { declareToModel } from '../core/declare';
import { Reporter } from '../core/reporter';
import { CLUSTER_CONTEXT_KEY, clusterOf } from '../private/cluster';
import { receive, receiveAll } from '../private/factory';
import { checkDns1123Label, checkLabelValue } from '../private/names';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { BundleSource } from '../trust/bundle-source';
import { IstioInstallMethod, MeshCa, MeshCaArgoCdOptions, MeshCaMode } from './mesh-ca';
import { MeshRoot, MeshRootType } from './mesh-ca-root';
import { meshRootInternals } from './private/mesh-root-internals';

/** Properties of a `MultiClusterMesh`. */
export interface MultiClusterMeshProps {
  /** Mesh ID (`global.meshID`), the same in every cluster. */
  readonly meshId: string;
  /** istio-csr or plug-in CA, in every cluster. */
  readonly mode: MeshCaMode;
  /**
   * The shared root: `MeshRoot.fromIssuerConfig()` (e.g. a Vault PKI issuer created in every
   * cluster, path `<mount>/root/sign-intermediate`: the root key stays in Vault) or
   * `MeshRoot.fromSecret()` (the root key pair provisioned out of band in every cluster: a
   * compromise of one cluster exposes the root; warned at synth). A root bootstrapped in one
   * cluster cannot be shared without exporting its key.
   */
  readonly root: MeshRoot;
  /** Git repository holding the rendered output (the ApplicationSet's source). */
  readonly repoURL: string;
  /**
   * Path in the repository of the folder holding one subfolder per cluster, named like the
   * cluster (e.g. `dist` with `dist/cluster-a/`, `dist/cluster-b/`).
   */
  readonly path: string;
  /**
   * Branch, tag or commit of the repository.
   *
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Labels of the Argo CD cluster Secrets the ApplicationSet fans out to.
   *
   * @default { 'mesh.cdk8s-istio-tls.io/mesh-id': meshId }
   */
  readonly clusterSelector?: { [key: string]: string };
  /**
   * Trust domain of the mesh (the same in every cluster).
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Longest workload certificate lifetime.
   *
   * @default Duration.hours(1)
   */
  readonly maxWorkloadCertificateDuration?: Duration;
  /**
   * Validity of each cluster's intermediate.
   *
   * @default Duration.days(365)
   */
  readonly intermediateDuration?: Duration;
  /**
   * Renewal window of each cluster's intermediate.
   *
   * @default Duration.days(30)
   */
  readonly intermediateRenewBefore?: Duration;
  /**
   * Extra trusted roots (root rotation), in every cluster.
   *
   * @default - none
   */
  readonly additionalTrustAnchors?: BundleSource[];
  /**
   * How Istio's install values are delivered.
   *
   * @default IstioInstallMethod.ARGO_CD_HELM
   */
  readonly istioInstall?: IstioInstallMethod;
  /**
   * Argo CD settings (namespace, project, waves) of the ApplicationSet and the per-cluster
   * chart Applications. The destination is always the cluster's name.
   *
   * @default - namespace argocd, project default
   */
  readonly argoCd?: MeshCaArgoCdOptions;
  /**
   * Sync wave of the ApplicationSet in the Argo CD folder: after cert-manager and
   * trust-manager (`GitOpsRepo`'s waves 1 and 2), whose CRDs the cluster folders use.
   *
   * @default GitOpsRepo.FOLDER_WAVE (3)
   */
  readonly applicationSetSyncWave?: number;
}

/** Options of `MultiClusterMesh.addCluster()`. */
export interface MeshClusterOptions {
  /**
   * Network of the cluster (`global.network`), for multi-network meshes.
   *
   * @default - single network
   */
  readonly network?: string;
  /**
   * Construct id of the cluster's `MeshCa`.
   *
   * @default 'MeshCa'
   */
  readonly id?: string;
}

/**
 * One mesh over several clusters: a shared root, an intermediate per cluster (its `cacerts`
 * or its istio-csr issuer), one output folder per cluster, and an Argo CD `ApplicationSet`
 * (cluster generator) that syncs each cluster's folder into that cluster.
 *
 * Create it in the chart of the Argo CD (hub) output folder; `addCluster()` adds a `MeshCa` to
 * a chart of each cluster's folder. The per-cluster chart Applications (istio-csr, Istio)
 * are created here too, with the cluster's name as destination.
 *
 * Checked: the root is shareable (not bootstrapped in one cluster, not an issuer object of one
 * cluster); cluster names are unique and valid; each cluster's chart renders for that cluster
 * and into a folder named like it (the ApplicationSet's path). Warned: a root Secret
 * (`MeshRoot.fromSecret()`) puts the root key into every cluster — prefer a Vault
 * `root/sign-intermediate` root, which signs each cluster's intermediate outside the clusters.
 *
 * @example
 * // the Argo CD (hub) folder and one folder per cluster, each an App
 * const hub = new Chart(new App({ outdir: 'dist/argocd' }), 'mesh');
 * const mesh = new patterns.MultiClusterMesh(hub, 'Mesh', {
 *   meshId: 'mesh1',
 *   mode: patterns.MeshCaMode.ISTIO_CSR,
 *   root: patterns.MeshRoot.fromSecret({ secretName: 'mesh-root-ca' }),
 *   repoURL: 'https://github.com/example/gitops.git',
 *   path: 'dist',
 * });
 * mesh.addCluster(new Chart(new App({ outdir: 'dist/cluster-a' }), 'mesh'), 'cluster-a', { network: 'network-a' });
 * mesh.addCluster(new Chart(new App({ outdir: 'dist/cluster-b' }), 'mesh'), 'cluster-b', { network: 'network-b' });
 */
export class MultiClusterMesh extends Construct {
  /** The ApplicationSet fanning the per-cluster folders out. */
  public readonly applicationSet: ApplicationSet;
  /** The mesh ID. */
  public readonly meshId: string;

  private readonly props: MultiClusterMeshProps;
  private readonly meshCas = new Map<string, MeshCa>();

  public constructor(scope: Construct, id: string, props: MultiClusterMeshProps) {
    super(scope, id);
    const p = props ?? ({} as MultiClusterMeshProps);
    this.props = p;
    const meshProblem = typeof p.meshId === 'string' && p.meshId.length > 0 ? checkLabelValue(p.meshId) : 'is required';
    if (meshProblem) fail(this, 'meshId', p.meshId, `invalid mesh ID: it ${meshProblem}`, "use e.g. 'mesh1' (letters, digits, '-', '_', '.')");
    this.meshId = p.meshId;
    if (!Object.values(MeshCaMode).includes(p.mode)) fail(this, 'mode', p.mode, 'the mesh CA mode is required', 'use MeshCaMode.ISTIO_CSR or MeshCaMode.PLUGIN_CA');
    receive(this, 'root', p.root);
    if (Array.isArray(p.additionalTrustAnchors)) receiveAll(this, 'additionalTrustAnchors', p.additionalTrustAnchors);
    if (!(p.root instanceof MeshRoot)) fail(this, 'root', p.root, 'a shared root is required', "use MeshRoot.fromSecret({ secretName: 'mesh-root-ca' }) or MeshRoot.fromIssuerConfig(IssuerConfig.vault(...), ...)");
    if (p.root.type === MeshRootType.SELF_SIGNED) {
      fail(this, 'root', 'MeshRoot.selfSigned()', 'a root bootstrapped in the cluster cannot be shared: every cluster would generate its own root key, and their workloads and gateways would not trust each other (the library never exports key material)',
        "provision one root key pair out of band in every cluster and use MeshRoot.fromSecret({ secretName: 'mesh-root-ca' }), or use a Vault PKI with MeshRoot.fromIssuerConfig(IssuerConfig.vault(...), { trustAnchor })");
    }
    if (p.root.type === MeshRootType.ISSUER) {
      fail(this, 'root', p.root.name, 'an issuer object lives in one cluster, and cert-manager resolves issuerRef only in its own cluster: the other clusters could not use it',
        'share the CA, not the issuer: MeshRoot.fromSecret() or MeshRoot.fromIssuerConfig() creates the same CA issuer in every cluster');
    }
    if (p.root.type === MeshRootType.SECRET) {
      // the CA ClusterIssuer over the root Secret signs in every cluster: its key is there
      Warnings.add(this, `the root's private key is provisioned into every cluster (Secret ${JSON.stringify(meshRootInternals(p.root).secretName)} in cert-manager's namespace, read by a CA ClusterIssuer there): whoever compromises one cluster can sign for the whole mesh, and per-cluster intermediates do not limit that — to keep the root key out of the clusters, sign each cluster's intermediate outside them, e.g. MeshRoot.fromIssuerConfig(IssuerConfig.vault({ path: '<mount>/root/sign-intermediate', ... }), { trustAnchor })`);
    }
    const selector = p.clusterSelector ?? { 'mesh.cdk8s-istio-tls.io/mesh-id': this.meshId };
    if (typeof p.path !== 'string' || p.path.length === 0) fail(this, 'path', p.path, 'the repository path of the per-cluster folders is required', "use e.g. 'dist'");
    const base = p.path.replace(/\/+$/, '');

    const wave = p.applicationSetSyncWave ?? GitOpsRepo.FOLDER_WAVE;
    if (!Number.isInteger(wave)) fail(this, 'applicationSetSyncWave', wave, 'a sync wave must be an integer', 'use e.g. 3');
    this.applicationSet = new ApplicationSet(this, 'ApplicationSet', {
      metadata: {
        name: `${kebab(this.meshId)}-clusters`,
        namespace: p.argoCd?.namespace ?? 'argocd',
        annotations: { 'argocd.argoproj.io/sync-wave': String(wave) },
      },
      generators: [ApplicationSetGenerator.clusters({ selector })],
      goTemplate: true,
      template: {
        name: `{{.nameNormalized}}-${kebab(this.meshId)}`,
        project: p.argoCd?.project,
        source: ApplicationSource.git({ repoURL: p.repoURL, path: `${base}/{{.name}}`, targetRevision: p.targetRevision }),
        destination: { server: '{{.server}}' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, retry: { limit: -1 } },
      },
    });

    declareToModel(this, { check: (_model, report) => this.checkClusters(report) });
  }

  /** The mesh CAs of the clusters added so far. */
  public get clusters(): MeshCa[] {
    return [...this.meshCas.values()];
  }

  /** The mesh CA of a cluster, if added. */
  public meshCaFor(clusterName: string): MeshCa | undefined {
    return this.meshCas.get(clusterName);
  }

  /**
   * Add a cluster: a `MeshCa` in `scope` (a chart of the cluster's output folder, named like the
   * cluster) with the shared root, its own intermediate and the mesh-wide settings. The scope
   * is marked as rendering for `clusterName` (as `GitOpsRepo.addFolder(name, { cluster })` marks a folder) unless it already is.
   */
  public addCluster(scope: Construct, clusterName: string, options: MeshClusterOptions = {}): MeshCa {
    const problem = typeof clusterName === 'string' ? checkDns1123Label(clusterName) : 'must be a string';
    if (problem) fail(this, 'clusterName', clusterName, `invalid cluster name: it ${problem}`, "use a lowercase name such as 'cluster-a' (it is the Argo CD cluster name and the output folder)");
    if (this.meshCas.has(clusterName)) fail(this, 'clusterName', clusterName, 'this cluster was already added to the mesh', 'add each cluster once');
    const current = clusterOf(scope);
    if (current === undefined) {
      if (scope.node.children.length > 0) {
        fail(this, 'scope', scope.node.path, `the scope does not say which cluster it renders for, and context can no longer be set on it (it has children)`,
          `pass an empty chart, or one created in a folder of that cluster (GitOpsRepo.addFolder(name, { cluster: ${JSON.stringify(clusterName)} }))`);
      }
      scope.node.setContext(CLUSTER_CONTEXT_KEY, clusterName);
    } else if (current !== clusterName) {
      fail(this, 'scope', scope.node.path, `the scope renders for cluster ${JSON.stringify(current)}, not ${JSON.stringify(clusterName)}`, 'pass the chart of that cluster');
    }
    const p = this.props;
    const meshCa = new MeshCa(scope, options.id ?? 'MeshCa', {
      mode: p.mode,
      root: p.root,
      clusterName,
      meshId: this.meshId,
      network: options.network,
      trustDomain: p.trustDomain,
      maxWorkloadCertificateDuration: p.maxWorkloadCertificateDuration,
      intermediateDuration: p.intermediateDuration,
      intermediateRenewBefore: p.intermediateRenewBefore,
      additionalTrustAnchors: p.additionalTrustAnchors,
      istioInstall: p.istioInstall,
      installScope: this,
      argoCd: { ...p.argoCd, destinationName: clusterName, destinationServer: undefined },
    });
    this.meshCas.set(clusterName, meshCa);
    return meshCa;
  }

  /** Each cluster renders into its own folder, named like the cluster (the ApplicationSet's path). */
  private checkClusters(report: Reporter): void {
    if (this.meshCas.size === 0) {
      report.error(this, 'clusters', [], 'a multi-cluster mesh without clusters renders an ApplicationSet with nothing to sync', 'call addCluster() for each cluster');
    }
    const base = this.props.path.replace(/\/+$/, '');
    const myApp = App.of(this);
    for (const [name, meshCa] of this.meshCas) {
      const app = App.of(meshCa);
      const folder = path.basename(app.outdir);
      if (app === myApp) {
        report.error(this, `clusters[${JSON.stringify(name)}]`, app.outdir,
          'the cluster renders into the same output folder as the ApplicationSet; the ApplicationSet would sync the Argo CD objects into every cluster',
          `render each cluster with its own App (outdir '<dist>/${name}') and the ApplicationSet with another (e.g. '<dist>/argocd')`);
      } else if (folder !== name) {
        report.error(this, `clusters[${JSON.stringify(name)}]`, app.outdir,
          `the ApplicationSet syncs folder "${base}/${name}" into cluster ${JSON.stringify(name)}, but this cluster's App writes to a folder named ${JSON.stringify(folder)}`,
          `render the cluster's App into a folder named ${JSON.stringify(name)} (new App({ outdir: path.join(dist, ${JSON.stringify(name)}) }))`);
      }
    }
  }
}

function kebab(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'mesh';
}
