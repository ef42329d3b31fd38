import * as path from 'path';
import { App } from 'cdk8s';
import { Warnings } from '../validation/warnings';
import { buildModel } from '../core/build';
import { describeObject, ModelObject } from '../core/model';
import { arr, obj, str } from '../private/wire';
import { ANNOTATIONS_LIMIT, manifestBytes } from './private/apply-limits';
import { SYNC_WAVE_ANNOTATION } from './private/argocd';
import { DEFAULT_PER_DOMAIN_LIMITS, perDomainLimitsByApp, PerDomainLimits } from './private/budget-limits';
import { environmentOf, registeredDomains } from '../private/letsencrypt';
import { plannedCertificates } from './private/planned';

/**
 * The short summary printed after `npm run synth`: for every output folder, a table of
 * host → certificate → issuer → gateway (with sync waves), the planned Let's Encrypt issuance
 * per registered domain against the limits the app's `LetsEncryptBudget` checks (a
 * `GitOpsRepo`'s `letsEncryptBudgetOptions`; Let's Encrypt's published limits when no budget
 * among `apps` covers the app), and the warnings (`Warnings.collect()`). The HOST column lists
 * DNS names; a common name that is not among them (e.g. a CA certificate's) is shown as
 * `CN=...`.
 *
 * `GitOpsRepo.synth()` prints it to stderr; for apps of your own:
 *
 * @example
 * const app = new App();
 * const platform = new Chart(app, 'platform');
 * new certManager.ClusterIssuer(platform, 'SelfSigned', { config: certManager.IssuerConfig.selfSigned() });
 * Synthesis.synth(app);
 * const summary = gitops.SynthReport.render([app]); // print it, e.g. to stderr
 */
export class SynthReport {
  /**
   * Render the summary of `apps` (call after they were synthesized, so sync waves are known).
   *
   * @param apps the apps returned by `build()`, one per output folder
   * @returns the text to print; empty when the apps hold no certificate and no warning
   */
  public static render(apps: App[]): string {
    const models = apps.map((app) => buildModel(app).model);
    // the limits the budgets of these apps check them against (a GitOpsRepo's budget is in its app of apps)
    const limits = perDomainLimitsByApp(models);
    const sections: string[] = [];
    apps.forEach((app, i) => {
      const section = renderApp(app, models[i].rendered, limits.get(app) ?? DEFAULT_PER_DOMAIN_LIMITS);
      if (section) sections.push(section);
    });
    return sections.join('\n\n');
  }

  private constructor() {}
}

function renderApp(app: App, resources: ModelObject[], limits: PerDomainLimits): string {
  const rows = certificateRows(resources);
  const warnings = Warnings.collect(app);
  if (rows.length === 0 && warnings.length === 0) return '';
  const folder = path.basename(app.outdir);
  const lines: string[] = [`${folder}/`];
  if (rows.length > 0) {
    lines.push(...table([['HOST', 'CERTIFICATE', 'ISSUER', 'GATEWAY'], ...rows]).map((l) => `  ${l}`));
    const budget = budgetLines(resources, limits);
    if (budget.length > 0) lines.push('  Let\'s Encrypt, new certificates per registered domain in the first week:', ...budget.map((l) => `    ${l}`));
  }
  const largest = [...resources].filter((r) => r.json !== undefined).map((r) => ({ r, bytes: manifestBytes(r) }))
    .sort((a, b) => b.bytes - a.bytes || a.r.index - b.r.index).slice(0, 3);
  if (largest.length > 0) {
    lines.push(`  largest objects (client-side apply fits ${ANNOTATIONS_LIMIT / 1024} KiB): ${largest.map(({ r, bytes }) => `${describeObject(r)} ${(bytes / 1024).toFixed(1)} KiB`).join(', ')}`);
  }
  if (warnings.length > 0) lines.push(`  warnings (${warnings.length}):`, ...warnings.map((w) => `    ${w}`));
  return lines.join('\n');
}

function certificateRows(resources: ModelObject[]): string[][] {
  // who serves which Secret: Istio servers by credentialName, Gateway API listeners by namespace/name
  const istioBySecret = new Map<string, string[]>();
  const gwapiBySecret = new Map<string, string[]>();
  for (const r of resources) {
    const spec = obj(r.json?.spec);
    if (r.group === 'networking.istio.io' && r.kind === 'Gateway') {
      for (const s of arr(spec.servers)) {
        const server = obj(s);
        const secret = str(obj(server.tls).credentialName);
        if (secret) add(istioBySecret, secret, `${r.namespace}/${r.name}:${obj(server.port).number ?? '?'}${wave(r)}`);
      }
    } else if (r.group === 'gateway.networking.k8s.io' && r.kind === 'Gateway') {
      for (const l of arr(spec.listeners)) {
        const listener = obj(l);
        for (const ref of arr(obj(listener.tls).certificateRefs)) {
          const name = str(obj(ref).name);
          if (name) add(gwapiBySecret, `${str(obj(ref).namespace) ?? r.namespace}/${name}`, `${r.namespace}/${r.name}/${listener.name ?? '?'}${wave(r)}`);
        }
      }
    }
  }
  const rows: string[][] = [];
  for (const c of plannedCertificates(resources)) {
    const gateways = [...(gwapiBySecret.get(`${c.namespace}/${c.secretName}`) ?? []), ...(istioBySecret.get(c.secretName) ?? [])];
    const certificate = `${c.namespace}/${c.resource.kind === 'Certificate' ? c.resource.name : `${c.secretName} (gateway-shim)`}${wave(c.resource)}`;
    // hosts are DNS names; a common name that is not one of them (a CA's "Mesh Root CA") is marked as such
    const hosts = [...c.dnsNames];
    if (c.commonName !== undefined && !hosts.includes(c.commonName.toLowerCase())) hosts.push(`CN=${c.commonName}`);
    for (const host of hosts.length > 0 ? hosts : ['-']) rows.push([host, certificate, c.issuer, gateways.length > 0 ? gateways.join(', ') : '-']);
  }
  return rows.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
}

function budgetLines(resources: ModelObject[], limits: PerDomainLimits): string[] {
  const counts = new Map<string, number>();
  for (const c of plannedCertificates(resources)) {
    const env = environmentOf(c.server);
    if (!env) continue;
    for (const d of registeredDomains(c.names)) counts.set(`${d} (${env})`, (counts.get(`${d} (${env})`) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => compare(a[0], b[0]))
    .map(([k, n]) => `${k}: ${n} of ${k.endsWith('(production)') ? limits.production : limits.staging}`);
}

function wave(r: ModelObject): string {
  const w = obj(r.json?.metadata?.annotations)[SYNC_WAVE_ANNOTATION];
  return w !== undefined ? ` [wave ${w}]` : '';
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

function add(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (!list) m.set(k, [v]);
  else if (!list.includes(v)) list.push(v);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
