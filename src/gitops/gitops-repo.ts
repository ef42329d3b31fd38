import { App, Chart } from 'cdk8s';
import { Synthesis, SynthesisResult } from '../core/synthesis';
import { CLUSTER_CONTEXT_KEY } from '../private/cluster';
import { fail } from '../validation/error';
import { Application } from './application';
import { ArgoCdHygiene } from './argocd-hygiene';
import { CertManagerApplication, CertManagerApplicationProps } from './cert-manager-application';
import { GitOpsFolderOptions, GitOpsRepoProps, GitOpsRepoSynthOptions } from './gitops-repo-options';
import { IstioCsrApplication } from './istio-csr-application';
import { IstioCsrApplicationProps } from './istio-csr-application-props';
import { IstioBaseApplication, IstioBaseApplicationProps } from './istio-base-application';
import { IstioGatewayApplication } from './istio-gateway-application';
import { IstioGatewayApplicationProps } from './istio-gateway-application-props';
import { IstiodApplication } from './istiod-application';
import { IstiodApplicationProps } from './istiod-application-props';
import { LetsEncryptBudget } from './letsencrypt-budget';
import { checkRepo, needsGatewayApi, needsListenerSets } from './private/repo-checks';
import { checkFolderName, folderApplication, newFolderApp } from './private/repo-folders';
import { checkGitLocation } from './private/source-input';
import { SyncWaves } from './sync-waves';
import { SynthReport } from './synth-report';
import { TrustManagerApplication, TrustManagerApplicationProps } from './trust-manager-application';

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
 * Istio itself (`addIstioBase()`, `addIstiod()`, `addIstioGateway()`) comes before all of
 * that when istiod runs its own CA: base (CRDs) in wave -2, istiod in -1, the ingress gateways
 * in 0. With an external CA (istio-csr) istiod follows istio-csr and the gateways follow
 * istiod; give the folders whose Certificates are validated through the gateways a later wave
 * (the synth checks it, and that every Istio Gateway selects an installed gateway).
 *
 * Every folder gets `SyncWaves` and `ArgoCdHygiene`; the Let's Encrypt budget is checked over
 * all folders together.
 *
 * @example
 * // output folder: CDK8S_OUTDIR (`cdk8s synth -o DIR`, `output:` in cdk8s.yaml), else dist/
 * const repo = new gitops.GitOpsRepo({ repoURL: 'https://github.com/example-org/platform-gitops.git' });
 * const platform = new Chart(repo.addFolder('platform'), 'platform');
 * new certManager.ClusterIssuer(platform, 'SelfSigned', { config: certManager.IssuerConfig.selfSigned() });
 * repo.addCertManager(); // Argo CD Application for cert-manager's Helm chart, before the folders
 * repo.synth(); // writes argocd/ and platform/, prints the synth summary to stderr
 */
export class GitOpsRepo {
  /** Wave of the cert-manager Application. */
  public static readonly CERT_MANAGER_WAVE = 1;
  /** Wave of the trust-manager Application. */
  public static readonly TRUST_MANAGER_WAVE = 2;
  /** Default wave of the folder Applications. */
  public static readonly FOLDER_WAVE = 3;
  /** Wave of the Istio base Application (CRDs): before everything that uses them. */
  public static readonly ISTIO_BASE_WAVE = -2;
  /** Default wave of the istiod Application with its built-in CA. */
  public static readonly ISTIOD_WAVE = -1;

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

  /** The directory the folders are written to. */
  public readonly outdir: string;

  private readonly props: GitOpsRepoProps;
  private readonly folderApps: App[] = [];
  private readonly folderNames: string[] = [];
  private readonly folderWaves = new Map<App, number>();
  private readonly _folderApplications: Application[] = [];

  public constructor(props: GitOpsRepoProps) {
    const where = 'GitOpsRepo';
    if (props === null || typeof props !== 'object') fail(where, 'props', props, 'GitOpsRepo props are required', 'pass { repoURL }');
    const outdir = props.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist';
    if (typeof outdir !== 'string' || outdir.length === 0) fail(where, 'outdir', props.outdir, 'the output directory must be a non-empty path', 'pass e.g. "dist", or leave it out to use CDK8S_OUTDIR');
    this.outdir = outdir;
    this.props = props;
    const path = typeof props.path === 'string' ? props.path.replace(/\/+$/, '') : props.path ?? 'dist';
    // checked here, as the props name them: the folder Applications are built from them
    const location = checkGitLocation(where, { repoURL: props.repoURL, path: path === '' ? '.' : path, targetRevision: props.targetRevision });
    this.repoURL = location.repoURL;
    this.path = path;
    this.targetRevision = location.targetRevision;
    const folder = checkFolderName(where, 'appOfAppsFolder', props.appOfAppsFolder ?? 'argocd');
    // the app of apps is synthesized first: the budget over all folders fails before anything is written
    this.appOfApps = newFolderApp(outdir, folder);
    this.appOfAppsChart = new Chart(this.appOfApps, folder);
    ArgoCdHygiene.apply(this.appOfApps);
    if (props.letsEncryptBudget !== false) LetsEncryptBudget.apply(this.appOfApps, { ...props.letsEncryptBudgetOptions, apps: this.folderApps });
    checkRepo(this.appOfApps, {
      appOfApps: this.appOfApps,
      folderApps: () => this.folderApps,
      certManagerGatewayApi: () => this._certManager?.gatewayApi,
      certManagerListenerSets: () => this._certManager?.listenerSets,
    });
  }

  /**
   * Synthesize every folder, the app of apps first, through the library's pipeline
   * (`Synthesis.synthApps(repo.apps)`): the same files as
   * `for (const app of repo.apps) app.synth()`, faster — each folder is validated, checked
   * and rendered once, and the problems of all folders are thrown together, before anything
   * is written. Then it prints the synth summary (`SynthReport`) to stderr, where
   * `cdk8s synth` shows it; `printSummary: false` or `CDK8S_ISTIO_TLS_QUIET=1` turns that off.
   *
   * @param options whether to print the summary
   * @returns the files written and the warnings of every folder
   */
  public synth(options: GitOpsRepoSynthOptions = {}): SynthesisResult {
    const result = Synthesis.synthApps(this.apps);
    if (options.printSummary ?? !quietFromEnvironment()) {
      const summary = SynthReport.render(this.apps);
      if (summary) process.stderr.write(`cdk8s-istio-tls synth summary (CDK8S_ISTIO_TLS_QUIET=1 silences it):\n${summary}\n`);
    }
    return result;
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
    const app = newFolderApp(this.outdir, name);
    if (options.cluster !== undefined) app.node.setContext(CLUSTER_CONTEXT_KEY, options.cluster);
    if (options.syncWaves !== false) SyncWaves.apply(app, options.syncWavesOptions);
    ArgoCdHygiene.apply(app, { ...options.hygiene, ...(options.serverSideApply ? { serverSideApply: true } : {}) });
    const wave = options.syncWave ?? GitOpsRepo.FOLDER_WAVE;
    this._folderApplications.push(folderApplication(this.appOfAppsChart, name, this, this.props, options, wave));
    this.folderApps.push(app);
    this.folderNames.push(name);
    this.folderWaves.set(app, wave);
    return app;
  }

  /**
   * Install cert-manager with an Application in wave `CERT_MANAGER_WAVE`. Gateway API support
   * is turned on when a folder built so far needs it (a `gatewayHTTPRoute` solver, or a Gateway
   * API Gateway or ListenerSet annotated for the gateway-shim), and the gateway-shim for
   * ListenerSets (`listenerSets`: alpha feature gate `ListenerSets`,
   * `config.gatewayAPI.enableListenerSet`) when a folder built so far annotates a ListenerSet;
   * call it after building the folders, or pass `gatewayApi` / `listenerSets`. The synth fails
   * if a folder needs either and it is off.
   */
  public addCertManager(props: CertManagerApplicationProps = {}): CertManagerApplication {
    if (this._certManager) fail('GitOpsRepo.addCertManager', 'props', props, 'cert-manager is already added', 'call addCertManager() once');
    this._certManager = new CertManagerApplication(this.appOfAppsChart, 'CertManager', {
      project: this.props.project,
      destination: this.props.destination,
      syncWave: GitOpsRepo.CERT_MANAGER_WAVE,
      ...props,
      gatewayApi: props.gatewayApi ?? this.folderApps.some((a) => needsGatewayApi(a)),
      listenerSets: props.listenerSets ?? this.folderApps.some((a) => needsListenerSets(a)),
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
    this.istioCsrWaves.push(props?.syncWave ?? wave);
    return new IstioCsrApplication(this.appOfAppsChart, `IstioCsr${this.istioCsrCount++ || ''}`, {
      project: this.props.project,
      destination: this.props.destination,
      syncWave: wave,
      ...props,
    });
  }

  /**
   * Install Istio's `base` chart (CRDs) with an Application in wave `ISTIO_BASE_WAVE`.
   */
  public addIstioBase(props: IstioBaseApplicationProps = {}): IstioBaseApplication {
    if (this._istioBase) fail('GitOpsRepo.addIstioBase', 'props', props, 'Istio base is already added', 'call addIstioBase() once');
    this._istioBase = new IstioBaseApplication(this.appOfAppsChart, 'IstioBase', {
      project: this.props.project,
      destination: this.props.destination,
      syncWave: GitOpsRepo.ISTIO_BASE_WAVE,
      ...props,
    });
    return this._istioBase;
  }

  /**
   * Install istiod with an Application: in wave `ISTIOD_WAVE`, or with `caAddress` (an
   * external CA: istio-csr) in the wave after the istio-csr Applications added so far (else
   * after the default wave of `addIstioCsr()`), since istiod's serving certificate comes from it.
   */
  public addIstiod(props: IstiodApplicationProps = {}): IstiodApplication {
    const afterCsr = Math.max(GitOpsRepo.FOLDER_WAVE + 1, ...this.istioCsrWaves) + 1;
    const istiod = new IstiodApplication(this.appOfAppsChart, `Istiod${this.istiods.length || ''}`, {
      project: this.props.project,
      destination: this.props.destination,
      syncWave: props?.caAddress !== undefined ? afterCsr : GitOpsRepo.ISTIOD_WAVE,
      ...props,
    });
    this.istiods.push(istiod);
    return istiod;
  }

  /**
   * Install an ingress gateway (Istio's `gateway` chart) with an Application in the wave after
   * istiod (istiod injects its proxy): after the latest `addIstiod()`, else after the folder
   * that renders an istiod Application (a `MeshCa`), else in wave `ISTIOD_WAVE + 1`.
   */
  public addIstioGateway(props: IstioGatewayApplicationProps = {}): IstioGatewayApplication {
    const istiodWaves = [
      ...this.istiods.map((i) => i.application.syncWave ?? 0),
      ...this.folderApps.filter((a) => rendersIstiod(a)).map((a) => this.folderWaves.get(a)!),
    ];
    const wave = (istiodWaves.length > 0 ? Math.max(...istiodWaves) : GitOpsRepo.ISTIOD_WAVE) + 1;
    return new IstioGatewayApplication(this.appOfAppsChart, `IstioGateway${this.gatewayCount++ || ''}`, {
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
  private readonly istioCsrWaves: number[] = [];
  private _istioBase?: IstioBaseApplication;
  private readonly istiods: IstiodApplication[] = [];
  private gatewayCount = 0;
}

/** Whether a folder built so far holds an Application of Istio's istiod chart (a MeshCa's). */
function rendersIstiod(app: App): boolean {
  return app.node.findAll().some((c) => c instanceof Application && c.source.chart === 'istiod');
}

/** `CDK8S_ISTIO_TLS_QUIET` set to anything but "" or "0". */
function quietFromEnvironment(): boolean {
  const quiet = process.env.CDK8S_ISTIO_TLS_QUIET;
  return quiet !== undefined && quiet !== '' && quiet !== '0';
}
