// The folders of a GitOps repository against the Istio it installs (not exported from the
// package): the folders using Istio's kinds sync after the base chart (the CRDs); an Istio
// Gateway selects pods by labels (Istio's default scope: in any namespace,
// PILOT_SCOPE_GATEWAY_TO_NAMESPACE=false) of an installed gateway, and a folder whose
// Certificates are validated through those pods syncs after the gateway Application.
import * as path from 'path';
import { App } from 'cdk8s';
import { ModelSource } from '../../core/contributions';
import { ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { obj, str, stringMap } from '../../private/wire';
import { InstalledGateway, installedGateway, ISTIO_CHARTS, isIstioGatewayApplication } from './istio-charts';

const WAVE = 'argocd.argoproj.io/sync-wave';

/** What the check reads of the repository. */
export interface GatewayRepoView {
  readonly appOfApps: App;
  folderApps(): App[];
}

/** Selectors of every networking.istio.io Gateway of the folders against the gateway Applications of the repository. */
export function checkGatewaySelectors(repo: GatewayRepoView, report: Reporter, models: ModelSource): void {
  const folders = repo.folderApps();
  const installs: { gateway: InstalledGateway; wave: number | undefined }[] = [];
  const appOfApps = models.modelOf(repo.appOfApps);
  for (const app of appOfApps.ofKind('argoproj.io', 'Application')) {
    if (isIstioGatewayApplication(app)) installs.push({ gateway: installedGateway(app), wave: waveOf(app) });
  }
  // gateway Applications inside a folder sync with their folder
  for (const folder of folders) {
    for (const app of models.modelOf(folder).ofKind('argoproj.io', 'Application')) {
      if (isIstioGatewayApplication(app)) installs.push({ gateway: installedGateway(app), wave: undefined });
    }
  }
  if (installs.length === 0) return; // the repository installs no gateway: nothing to compare with
  for (const folder of folders) {
    const model = models.modelOf(folder);
    const folderApp = appOfApps.ofKind('argoproj.io', 'Application').find((a) => a.name === path.basename(folder.outdir));
    const hasCertificates = model.ofKind('cert-manager.io', 'Certificate').length > 0;
    for (const gw of model.ofKind('networking.istio.io', 'Gateway')) {
      const selector = stringMap(obj(gw.json?.spec).selector);
      const keys = Object.keys(selector);
      if (keys.length === 0) continue; // selects every gateway pod (Istio's empty selector)
      const matching = installs.filter((i) => keys.every((k) => i.gateway.labels[k] === selector[k]));
      if (matching.length === 0) {
        const offered = installs.map((i) => `${i.gateway.app.name} in ${i.gateway.namespace} (${Object.entries(i.gateway.labels).filter(([k]) => k === 'app' || k === 'istio').map(([k, v]) => `${k}: ${v}`).join(', ')})`);
        report.error(gw, 'spec.selector', selector,
          `no ingress gateway installed by the repository has pods with these labels, so the Gateway configures nothing; installed: ${offered.join('; ')}`,
          `select the labels of one of them (e.g. ${JSON.stringify(pick(installs[0].gateway.labels))}), or install a gateway with these labels (IstioGatewayApplication name / labels)`);
        continue;
      }
      // a Certificate validated over HTTP-01 through the gateway waits for its pods
      const folderWave = folderApp ? waveOf(folderApp) ?? 0 : undefined;
      const late = matching.filter((m) => m.wave !== undefined && folderWave !== undefined && m.wave >= folderWave);
      if (hasCertificates && folderApp && late.length === matching.length && late.length > 0) {
        const w = Math.min(...late.map((m) => m.wave!));
        report.error(folderApp, 'syncWave', folderWave,
          `folder ${folderApp.name} has Certificates and the Gateway ${gw.namespace}/${gw.name} served by ${late.map((m) => m.gateway.app.name).join(', ')} (Application wave ${w}), which syncs no earlier: HTTP-01 challenges through it fail until its pods run, and the folder's wave never becomes healthy`,
          `give the folder a later wave (addFolder(name, { syncWave: ${w + 1} })), or the gateway an earlier one`);
      }
    }
  }
}

function waveOf(app: ModelObject): number | undefined {
  const w = str(obj(app.json?.metadata?.annotations)[WAVE]);
  return w === undefined ? 0 : Number(w);
}

function pick(labels: { [key: string]: string }): { [key: string]: string } {
  return labels.istio !== undefined ? { istio: labels.istio } : labels;
}

/** The API groups whose CRDs Istio's base chart installs. */
const ISTIO_GROUPS = new Set(['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io']);

/** Folders using Istio's kinds that sync no later than the base chart of the app of apps. */
export function checkIstioCrdOrder(repo: GatewayRepoView, report: Reporter, models: ModelSource): void {
  const appOfApps = models.modelOf(repo.appOfApps).ofKind('argoproj.io', 'Application');
  const bases = appOfApps.filter((a) => {
    const source = obj(obj(a.json?.spec).source);
    return str(source.chart) === 'base' && str(source.repoURL) === ISTIO_CHARTS;
  });
  if (bases.length === 0) return;
  const baseWave = Math.min(...bases.map((b) => waveOf(b) ?? 0));
  for (const folder of repo.folderApps()) {
    const folderApp = appOfApps.find((a) => a.name === path.basename(folder.outdir));
    if (!folderApp) continue;
    const wave = waveOf(folderApp) ?? 0;
    if (wave > baseWave) continue;
    const user = models.modelOf(folder).objects.find((o) => !o.external && ISTIO_GROUPS.has(o.group));
    if (!user) continue;
    report.error(folderApp, 'syncWave', wave,
      `folder ${folderApp.name} holds ${user.kind} ${user.namespace ? `${user.namespace}/` : ''}${user.name}, whose CRD Istio's base chart (Application ${bases[0].name}, wave ${baseWave}) installs, and syncs no later: the first sync fails on the missing kind`,
      `give the folder a wave after ${baseWave}, or the base Application an earlier one`);
  }
}
