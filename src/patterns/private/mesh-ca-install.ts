// The install objects of a MeshCa (not exported from the package): Argo CD Applications for
// istio-csr and Istio's `base` and `istiod` charts with the values the mesh CA derives, or an
// IstioOperator, ordered by sync waves after the objects they wait for.
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as iop from '../../../imports/istio-operator-install.istio.io';
import { Application } from '../../gitops/application';
import { ApplicationSource } from '../../gitops/application-source';
import { RecommendedIgnoreDifferences } from '../../gitops/recommended-ignore-differences';
import { SyncWaves } from '../../gitops/sync-waves';
import { ApplicationDestination, IgnoreDifference } from '../../gitops/sync-policy';
import { clusterOf } from '../../private/cluster';
import { fail } from '../../validation/error';
import { IstioInstallMethod, MeshCaArgoCdOptions } from '../mesh-ca-options';
import { MeshRootType } from '../mesh-ca-root';
import { InstallWaves, MeshCaModeBuilder } from './mesh-ca-modes';
import { CHARTS, ISTIO_CSR_SERVICE, istioOperatorSpec, MeshValuesInput } from './mesh-ca-values';
import { MeshCaSettings } from './mesh-ca-settings';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';

/**
 * The waves of the install Applications. The defaults follow SyncWaves' scheme (issuers 1,
 * certificates 3, consumers 4, each object after what it waits for), so each Application
 * comes after the objects it needs.
 */
export function installWaves(where: Construct, s: MeshCaSettings, mode: MeshCaModeBuilder, argoCd: MeshCaArgoCdOptions): InstallWaves {
  const selfSigned = s.root.type === MeshRootType.SELF_SIGNED;
  const rootIssuer = selfSigned ? SyncWaves.CERTIFICATES + 1 : SyncWaves.ISSUERS;
  const intermediate = Math.max(SyncWaves.CERTIFICATES, rootIssuer + 1);
  const defaults = mode.defaultWaves({
    intermediate,
    workloadIssuer: s.useIntermediate ? intermediate + 1 : rootIssuer,
    bundle: Math.max(SyncWaves.CONSUMERS, selfSigned ? SyncWaves.CERTIFICATES + 1 : 0),
  });
  const waves: InstallWaves = {
    istioCsr: argoCd.istioCsrSyncWave ?? defaults.istioCsr,
    istioBase: argoCd.istioBaseSyncWave ?? defaults.istioBase,
    istiod: argoCd.istiodSyncWave ?? defaults.istiod,
  };
  for (const [field, wave] of Object.entries(waves)) {
    if (!Number.isInteger(wave)) fail(where, `argoCd.${field}SyncWave`, wave, 'a sync wave must be an integer', 'use e.g. 5');
  }
  mode.checkWaves(where, waves);
  if (waves.istioBase > waves.istiod) fail(where, 'argoCd.istioBaseSyncWave', waves.istioBase, `Istio's base chart (CRDs) must not come after istiod (wave ${waves.istiod})`, `use a wave of at most ${waves.istiod}`);
  return waves;
}

/** What the install objects are made of. */
export interface InstallInput {
  readonly settings: MeshCaSettings;
  readonly mode: MeshCaModeBuilder;
  readonly method: IstioInstallMethod;
  readonly argoCd: MeshCaArgoCdOptions;
  /** Where the install objects go (the mesh CA itself, or a chart of the Argo CD folder). */
  readonly installScope: Construct;
  readonly waves: InstallWaves;
  readonly values: MeshValuesInput;
  readonly istioCsrValues?: { [key: string]: any };
  readonly istiodValues: { [key: string]: any };
  readonly istioBaseValues: { [key: string]: any };
}

/** The install objects created. */
export interface InstallObjects {
  readonly istioCsrApplication?: Application;
  readonly istioBaseApplication?: Application;
  readonly istiodApplication?: Application;
  readonly istioOperator?: ApiObject;
}

/** Check the install method (throws the library's error). */
export function checkInstallMethod(where: Construct, method: unknown): IstioInstallMethod {
  if (!Object.values(IstioInstallMethod).includes(method as IstioInstallMethod)) fail(where, 'istioInstall', method, 'unknown install method', 'use an IstioInstallMethod value');
  return method as IstioInstallMethod;
}

/** Create the install objects of the mesh CA `meshCa` (istio-csr, then Istio as `method` says). */
export function installIstio(meshCa: Construct, i: InstallInput): InstallObjects {
  const s = i.settings;
  const holder = i.installScope === meshCa ? meshCa : installHolder(meshCa, i.installScope, s.clusterName);
  const destination = destinationOf(meshCa, i.argoCd);
  const suffix = i.installScope === meshCa || s.contextCluster === undefined ? '' : `-${s.clusterName}`;
  const app = { namespace: i.argoCd.namespace ?? 'argocd', project: i.argoCd.project, destination };
  const out: { -readonly [K in keyof InstallObjects]: InstallObjects[K] } = {};
  if (i.mode.installsIstioCsr) {
    out.istioCsrApplication = helmApplication(holder, 'IstioCsrApplication', `cert-manager-istio-csr${suffix}`, {
      ...app, chart: CHARTS.istioCsr, releaseName: ISTIO_CSR_SERVICE, values: i.istioCsrValues!, targetNamespace: s.certManagerNamespace, wave: i.waves.istioCsr,
    });
  }
  if (i.method === IstioInstallMethod.ARGO_CD_HELM) {
    out.istioBaseApplication = helmApplication(holder, 'IstioBaseApplication', `istio-base${suffix}`, {
      ...app, chart: CHARTS.istioBase, releaseName: 'istio-base', values: i.istioBaseValues, targetNamespace: s.istioNamespace, wave: i.waves.istioBase,
      serverSideApply: true,
      ignore: RecommendedIgnoreDifferences.istioValidatingWebhook(),
    });
    out.istiodApplication = helmApplication(holder, 'IstiodApplication', `istiod${suffix}`, {
      ...app, chart: CHARTS.istiod, releaseName: 'istiod', values: i.istiodValues, targetNamespace: s.istioNamespace, wave: i.waves.istiod,
      // istiod patches its webhooks' caBundle (and the validator's failurePolicy) itself
      ignore: [
        ...RecommendedIgnoreDifferences.istioValidatingWebhook(),
        { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      ],
    });
  } else if (i.method === IstioInstallMethod.ISTIO_OPERATOR) {
    const revision = s.istioRevisions[0];
    // the generated IstioOperator class drops the (free-form) spec: a plain ApiObject of its kind
    out.istioOperator = new ApiObject(holder, 'IstioOperator', {
      ...iop.IstioOperator.GVK,
      metadata: { name: revision === 'default' ? 'istio-control-plane' : `istio-control-plane-${revision}`, namespace: s.istioNamespace },
      spec: istioOperatorSpec(i.values),
    });
  }
  return out;
}

/** The Applications' destination: as given, else the cluster the mesh CA renders for, else the local cluster. */
function destinationOf(meshCa: Construct, o: MeshCaArgoCdOptions): ApplicationDestination {
  if (o.destinationServer !== undefined && o.destinationName !== undefined) {
    fail(meshCa, 'argoCd.destinationName', o.destinationName, "an Application destination can't have both name and server", 'set either destinationServer or destinationName');
  }
  if (o.destinationServer !== undefined) return { server: o.destinationServer };
  if (o.destinationName !== undefined) return { name: o.destinationName };
  const cluster = clusterOf(meshCa);
  return cluster !== undefined ? { name: cluster } : { server: 'https://kubernetes.default.svc' };
}

/** A container for the mesh CA's install objects in another scope. */
function installHolder(meshCa: Construct, scope: Construct, clusterName: string): Construct {
  const id = `${meshCa.node.id}-${clusterName}`;
  if (scope.node.tryFindChild(id)) {
    fail(meshCa, 'installScope', scope.node.path, `the install scope already holds the install objects of a mesh CA for cluster ${JSON.stringify(clusterName)} (${id})`,
      'give each cluster its own mesh CA, and each mesh CA its own construct id');
  }
  return new Construct(scope, id);
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
