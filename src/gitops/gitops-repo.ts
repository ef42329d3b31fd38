import * as path from 'path';
import { ApiObject, App, Chart, Duration, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ModelSource } from '../core/contributions';
import { declareToModel } from '../core/declare';
import { ModelObject } from '../core/model';
import { Reporter } from '../core/reporter';
import { CLUSTER_CONTEXT_KEY } from '../private/cluster';
import { checkDns1123Label } from '../private/names';
import { arr, obj } from '../private/wire';
import { fail } from '../validation/error';
import { Application } from './application';
import { ApplicationSource } from './application-source';
import { ArgoCdHygiene, ArgoCdHygieneOptions } from './argocd-hygiene';
import { CertManagerApplication, CertManagerApplicationProps } from './cert-manager-application';
import { IstioCsrApplication, IstioCsrApplicationProps } from './istio-csr-application';
import { LetsEncryptBudget, LetsEncryptBudgetOptions } from './letsencrypt-budget';
import { helmReleaseKey, reportDuplicateRelease } from './private/application-checks';
import { checkGitLocation } from './private/source-input';
import { ApplicationDestination, SyncRetry } from './sync-policy';
import { SyncWaves, SyncWavesOptions } from './sync-waves';
import { TrustManagerApplication, TrustManagerApplicationProps } from './trust-manager-application';

/** Properties of `GitOpsRepo`. */
export interface GitOpsRepoProps {
  /** Directory the folders are written to (e.g. `dist`, or the `outdir` given to `build()`). */
  readonly outdir: string;
  /** URL of the Git repository Argo CD reads the rendered manifests from. */
  readonly repoURL: string;
  /**
   * Path of `outdir` inside the repository (what the Applications point at).
   *
   * @default 'dist'
   */
  readonly path?: string;
  /**
   * Branch, tag or commit Argo CD follows.
   *
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * The AppProject of every Application.
   *
   * @default 'default'
   */
  readonly project?: string;
  /**
   * Namespace of the Application objects (Argo CD's namespace).
   *
   * @default 'argocd'
   */
  readonly argocdNamespace?: string;
  /**
   * Name of the app-of-apps folder, which holds one Application per folder and the
   * dependency Applications.
   *
   * @default 'argocd'
   */
  readonly appOfAppsFolder?: string;
  /**
   * Where folders deploy unless they say otherwise.
   *
   * @default - the cluster Argo CD runs in
   */
  readonly destination?: ApplicationDestination;
  /**
   * Retries of failed syncs of the folder Applications.
   *
   * @default - 10 retries, backoff from 10s doubling up to 5m
   */
  readonly retry?: SyncRetry;
  /**
   * Check Let's Encrypt's weekly limits over the certificates of all folders together.
   *
   * @default true
   */
  readonly letsEncryptBudget?: boolean;
  /**
   * Limits and warning threshold of the Let's Encrypt check (`apps` is set to the folders).
   *
   * @default - Let's Encrypt's published limits, warnings at 80%
   */
  readonly letsEncryptBudgetOptions?: LetsEncryptBudgetOptions;
}

/** Options of one folder (`GitOpsRepo.addFolder()`). */
export interface GitOpsFolderOptions {
  /**
   * Sync wave of the folder's Application in the app-of-apps.
   *
   * @default GitOpsRepo.FOLDER_WAVE
   */
  readonly syncWave?: number;
  /**
   * Where the folder deploys (e.g. `{ name: 'cluster-b' }` for a cluster registered in Argo CD).
   *
   * @default - the repository's destination
   */
  readonly destination?: ApplicationDestination;
  /**
   * Default namespace of the folder's Application (`destination.namespace`), created by the
   * sync (`CreateNamespace=true`). Objects that name their own namespace keep it.
   *
   * @default - no default namespace; every object carries its own
   */
  readonly namespace?: string;
  /**
   * Name of the cluster the folder renders for (context `cdk8s-istio-tls:cluster`, so that
   * cross-resource checks compare objects of the same cluster only).
   *
   * @default - not set
   */
  readonly cluster?: string;
  /**
   * Write sync waves on the folder's objects (`SyncWaves.apply()`).
   *
   * @default true
   */
  readonly syncWaves?: boolean;
  /**
   * Options of the sync waves.
   *
   * @default - cert-manager's and trust-manager's default namespaces
   */
  readonly syncWavesOptions?: SyncWavesOptions;
  /**
   * Options of the Argo CD checks (`ArgoCdHygiene.apply()`, always applied).
   *
   * @default - SkipDryRunOnMissingResource on every custom resource
   */
  readonly hygiene?: ArgoCdHygieneOptions;
}

/**
 * The GitOps repository layout: one output folder (one cdk8s `App`) per app or cluster, and
 * an app-of-apps folder with one Argo CD `Application` per folder — automated sync with prune
 * and self-heal, `PruneLast`, retries — plus the dependency Applications (cert-manager,
 * trust-manager, istio-csr) in the waves before and after the folders. Point Argo CD at the
 * app-of-apps folder (one root Application, see docs/gitops.md) and it installs the rest in
 * order:
 *
 * 1. wave 1: cert-manager (CRDs, webhook)
 * 2. wave 2: trust-manager (its webhook certificate comes from cert-manager)
 * 3. wave 3: your folders, each with sync waves inside (`SyncWaves`)
 * 4. wave 4: istio-csr (needs the CA issuer of a folder), then your Istio installation
 *
 * Every folder gets `SyncWaves` and `ArgoCdHygiene`; the Let's Encrypt budget is checked over
 * all folders together.
 *
 * @example
 * const repo = new GitOpsRepo({ outdir, repoURL: 'https://github.com/acme/platform-gitops.git' });
 * const platform = repo.addFolder('platform');
 * new MyPlatformChart(platform, 'platform');
 * repo.addCertManager();
 * return repo.apps;
 */
export class GitOpsRepo {
  /** Wave of the cert-manager Application. */
  public static readonly CERT_MANAGER_WAVE = 1;
  /** Wave of the trust-manager Application. */
  public static readonly TRUST_MANAGER_WAVE = 2;
  /** Default wave of the folder Applications. */
  public static readonly FOLDER_WAVE = 3;

  /** The app-of-apps `App` (folder `appOfAppsFolder`). */
  public readonly appOfApps: App;
  /** The chart holding the Applications. */
  public readonly appOfAppsChart: Chart;
  /** Repository URL. */
  public readonly repoURL: string;
  /** Path of the output directory in the repository. */
  public readonly path: string;
  /** Revision Argo CD follows. */
  public readonly targetRevision: string;

  private readonly props: GitOpsRepoProps;
  private readonly folderApps: App[] = [];
  private readonly folderNames: string[] = [];
  private readonly folderWaves = new Map<App, number>();
  private readonly _folderApplications: Application[] = [];

  public constructor(props: GitOpsRepoProps) {
    const where = 'GitOpsRepo';
    if (props === null || typeof props !== 'object') fail(where, 'props', props, 'GitOpsRepo props are required', 'pass { outdir, repoURL }');
    if (typeof props.outdir !== 'string' || props.outdir.length === 0) fail(where, 'outdir', props.outdir, 'the output directory is required', 'pass the outdir given to build(), e.g. "dist"');
    this.props = props;
    this.repoURL = props.repoURL;
    this.path = (props.path ?? 'dist').replace(/\/+$/, '');
    this.targetRevision = props.targetRevision ?? 'HEAD';
    const folder = props.appOfAppsFolder ?? 'argocd';
    checkFolderName(where, 'appOfAppsFolder', folder);
    // the app of apps is synthesized first: the budget over all folders fails before anything is written
    this.appOfApps = newApp(props.outdir, folder);
    this.appOfAppsChart = new Chart(this.appOfApps, folder);
    ArgoCdHygiene.apply(this.appOfApps);
    if (props.letsEncryptBudget !== false) LetsEncryptBudget.apply(this.appOfApps, { ...props.letsEncryptBudgetOptions, apps: this.folderApps });
    new RepoValidation(this.appOfApps, this);
    // checked eagerly, as the props name them: the folder Applications are built from them
    checkGitLocation(where, { repoURL: props.repoURL, path: this.path || '.', targetRevision: this.targetRevision });
  }

  /** Every App to synthesize: the app of apps first, then the folders in the order added. */
  public get apps(): App[] {
    return [this.appOfApps, ...this.folderApps];
  }

  /** The folder names, in the order added. */
  public get folders(): string[] {
    return [...this.folderNames];
  }

  /**
   * Add an output folder: a new `App` writing to `<outdir>/<name>`, synced by an Application
   * of the same name that reads `<path>/<name>`.
   *
   * @param name folder and Application name (a DNS label)
   * @param options wave, destination and checks of the folder
   * @returns the App to build the folder's charts in
   */
  public addFolder(name: string, options: GitOpsFolderOptions = {}): App {
    checkFolderName('GitOpsRepo.addFolder', 'name', name);
    if (name === (this.props.appOfAppsFolder ?? 'argocd') || this.folderNames.includes(name)) {
      fail('GitOpsRepo.addFolder', 'name', name, 'a folder of this name already exists', 'give each folder its own name');
    }
    const app = newApp(this.props.outdir, name);
    if (options.cluster !== undefined) app.node.setContext(CLUSTER_CONTEXT_KEY, options.cluster);
    if (options.syncWaves !== false) SyncWaves.apply(app, options.syncWavesOptions);
    ArgoCdHygiene.apply(app, options.hygiene);
    const wave = options.syncWave ?? GitOpsRepo.FOLDER_WAVE;
    const application = new Application(this.appOfAppsChart, name, {
      metadata: { name, namespace: this.props.argocdNamespace ?? 'argocd' },
      project: this.props.project,
      source: ApplicationSource.git({ repoURL: this.repoURL, path: this.path ? `${this.path}/${name}` : name, targetRevision: this.targetRevision }),
      destination: options.namespace !== undefined
        ? { ...(options.destination ?? this.props.destination ?? {}), namespace: options.namespace }
        : options.destination ?? this.props.destination,
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: options.namespace !== undefined ? ['PruneLast=true', 'CreateNamespace=true'] : ['PruneLast=true'],
        retry: this.props.retry ?? { limit: 10, backoffDuration: Duration.seconds(10), backoffFactor: 2, backoffMaxDuration: Duration.minutes(5) },
      },
      syncWave: wave,
    });
    this.folderApps.push(app);
    this.folderNames.push(name);
    this.folderWaves.set(app, wave);
    this._folderApplications.push(application);
    return app;
  }

  /**
   * Install cert-manager with an Application in wave `CERT_MANAGER_WAVE`. Gateway API support
   * is turned on when a folder built so far needs it (a `gatewayHTTPRoute` solver, or a Gateway
   * API Gateway annotated for the gateway-shim); call it after building the folders, or pass
   * `gatewayApi`. The synth fails if a folder needs it and it is off.
   */
  public addCertManager(props: CertManagerApplicationProps = {}): CertManagerApplication {
    if (this._certManager) fail('GitOpsRepo.addCertManager', 'props', props, 'cert-manager is already added', 'call addCertManager() once');
    this._certManager = new CertManagerApplication(this.appOfAppsChart, 'CertManager', {
      project: this.props.project,
      destination: this.props.destination,
      syncWave: GitOpsRepo.CERT_MANAGER_WAVE,
      ...props,
      gatewayApi: props.gatewayApi ?? this.folderApps.some((a) => needsGatewayApi(a)),
    });
    return this._certManager;
  }

  /** Install trust-manager with an Application in wave `TRUST_MANAGER_WAVE`. */
  public addTrustManager(props: TrustManagerApplicationProps = {}): TrustManagerApplication {
    if (this._trustManager) fail('GitOpsRepo.addTrustManager', 'props', props, 'trust-manager is already added', 'call addTrustManager() once');
    this._trustManager = new TrustManagerApplication(this.appOfAppsChart, 'TrustManager', {
      project: this.props.project,
      destination: this.props.destination,
      syncWave: GitOpsRepo.TRUST_MANAGER_WAVE,
      ...props,
    });
    return this._trustManager;
  }

  /**
   * Install istio-csr with an Application in the wave after the folder that holds its issuer
   * (istio-csr needs the issuer; istiod needs istio-csr: give your Istio Application a later wave).
   */
  public addIstioCsr(props: IstioCsrApplicationProps): IstioCsrApplication {
    const issuerRoot = props?.issuer?.node?.root;
    const folder = this.folderApps.find((a) => a === issuerRoot);
    const wave = (folder ? this.folderWaves.get(folder)! : GitOpsRepo.FOLDER_WAVE) + 1;
    return new IstioCsrApplication(this.appOfAppsChart, `IstioCsr${this.istioCsrCount++ || ''}`, {
      project: this.props.project,
      destination: this.props.destination,
      syncWave: wave,
      ...props,
    });
  }

  /** The cert-manager Application, once added. */
  public get certManager(): CertManagerApplication | undefined {
    return this._certManager;
  }

  /** The trust-manager Application, once added. */
  public get trustManager(): TrustManagerApplication | undefined {
    return this._trustManager;
  }

  /** The folder Applications, in the order added. */
  public get folderApplications(): Application[] {
    return [...this._folderApplications];
  }

  private _certManager?: CertManagerApplication;
  private _trustManager?: TrustManagerApplication;
  private istioCsrCount = 0;

  /** @internal */
  public _folderApps(): App[] {
    return this.folderApps;
  }
}

/** Synth-time checks of the repository as a whole, over the models of all its folders. */
class RepoValidation extends Construct {
  public constructor(scope: App, private readonly repo: GitOpsRepo) {
    super(scope, 'GitOpsRepo');
    declareToModel(this, { check: (_model, report, models) => this.check(report, models) });
  }

  private check(report: Reporter, models: ModelSource): void {
    this.duplicateReleases(report, models);
    this.gatewayApiSupport(report, models);
  }

  /**
   * The same Helm release installed by Applications of different folders (e.g. istio-csr by
   * a MeshCa in a folder and by addIstioCsr() in the app of apps). Duplicates within one
   * folder are reported by the folder's own check.
   */
  private duplicateReleases(report: Reporter, models: ModelSource): void {
    const first = new Map<string, { app: ModelObject; folder: IConstruct }>();
    for (const folder of [this.repo.appOfApps, ...this.repo._folderApps()]) {
      for (const app of models.modelOf(folder).ofKind('argoproj.io', 'Application')) {
        const key = helmReleaseKey(app);
        if (key === undefined) continue;
        const seen = first.get(key);
        if (!seen) first.set(key, { app, folder });
        else if (seen.folder !== folder) reportDuplicateRelease(report, app, seen.app);
      }
    }
  }

  private gatewayApiSupport(report: Reporter, models: ModelSource): void {
    const cm = this.repo.certManager;
    if (!cm || cm.gatewayApi) return;
    const needing = this.repo._folderApps()
      .filter((a) => models.modelOf(a).rendered.some((r) => usesGatewayApi(r.group, r.kind, r.json)))
      .map((a) => path.basename(a.outdir));
    if (needing.length === 0) return;
    report.error(this, 'gatewayApi', false,
      `folder(s) ${needing.join(', ')} use gatewayHTTPRoute HTTP-01 solvers or gateway-shim annotations, which cert-manager ignores without its Gateway API support`,
      'pass gatewayApi: true to addCertManager(), or call addCertManager() after building the folders');
  }
}

/** Whether an app built so far needs cert-manager's Gateway API support (only issuers and Gateways are rendered). */
function needsGatewayApi(app: App): boolean {
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const group = c.apiVersion.split('/')[0];
    if (group === 'gateway.networking.k8s.io' && c.kind === 'Gateway') {
      if (usesGatewayApi(group, c.kind, { metadata: c.metadata.toJson() })) return true;
    } else if (group === 'cert-manager.io' && (c.kind === 'Issuer' || c.kind === 'ClusterIssuer')) {
      let json: any;
      try {
        json = c.toJson();
      } catch {
        continue; // invalid issuers report themselves at synth
      }
      if (usesGatewayApi(group, c.kind, json)) return true;
    }
  }
  return false;
}

function usesGatewayApi(group: string, kind: string, json: any): boolean {
  if (group === 'gateway.networking.k8s.io' && kind === 'Gateway') {
    const a = obj(json?.metadata?.annotations);
    return a['cert-manager.io/issuer'] !== undefined || a['cert-manager.io/cluster-issuer'] !== undefined;
  }
  if (group === 'cert-manager.io' && (kind === 'Issuer' || kind === 'ClusterIssuer')) {
    return arr(obj(obj(json?.spec).acme).solvers).some((s) => obj(obj(s).http01).gatewayHTTPRoute !== undefined);
  }
  return false;
}

function newApp(outdir: string, folder: string): App {
  return new App({ outdir: path.join(outdir, folder), outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
}

function checkFolderName(where: string, field: string, name: string): void {
  const problem = typeof name === 'string' ? checkDns1123Label(name) : 'must be a string';
  if (problem) fail(where, field, name, `folder name ${problem} (it is also the Application's name)`, 'use e.g. "platform" or "cluster-a"');
}
