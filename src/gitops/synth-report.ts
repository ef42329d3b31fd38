import * as path from 'path';
import { App } from 'cdk8s';
import { Warnings } from '../validation/warnings';
import { buildModel } from '../core/build';
import { describeObject, ModelObject } from '../core/model';
import { arr, obj, str } from '../private/wire';
import { ANNOTATIONS_LIMIT, manifestBytes } from './private/apply-limits';
import { SYNC_WAVE_ANNOTATION } from './private/argocd';
import { BudgetLimits, budgetLimitsByApp, DEFAULT_LIMITS } from './private/budget-limits';
import { firstIssuancePace, formatDuration } from './private/first-issuance';
import { environmentOf, LetsEncryptEnvironment, registeredDomains } from '../private/letsencrypt';
import { issuerLookup, PlannedCertificate, plannedCertificates } from './private/planned';

/**
 * The short summary printed after `npm run synth`: for every output folder, a table of
 * host → certificate → issuer → gateway (with sync waves), the planned Let's Encrypt issuance
 * per registered domain and the new orders per ACME account at the first sync (counted over all
 * `apps`: an account is shared by the folders of a cluster), against the limits the app's
 * `LetsEncryptBudget` checks (a `GitOpsRepo`'s `letsEncryptBudgetOptions`; Let's Encrypt's
 * published limits when no budget among `apps` covers the app), with the time the first sync
 * takes to get every certificate when an account is over its limit, and the warnings
 * (`Warnings.collect()`). The HOST column lists
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
    const limits = budgetLimitsByApp(models);
    // issuers resolve across the folders of a cluster, and an account's orders add up across them
    const issuers = issuerLookup(models.map((m) => m.rendered));
    const planned = models.map((m) => plannedCertificates(m.rendered, issuers));
    const ordersByAccount = new Map<string, number>();
    for (const c of planned.flat()) if (c.account) ordersByAccount.set(c.account.key, (ordersByAccount.get(c.account.key) ?? 0) + 1);
    const sections: string[] = [];
    apps.forEach((app, i) => {
      const section = renderApp(app, models[i].rendered, planned[i], limits.get(app) ?? DEFAULT_LIMITS, ordersByAccount);
      if (section) sections.push(section);
    });
    return sections.join('\n\n');
  }

  private constructor() {}
}

function renderApp(app: App, resources: ModelObject[], planned: PlannedCertificate[], limits: BudgetLimits, ordersByAccount: Map<string, number>): string {
  const rows = certificateRows(resources, planned);
  const warnings = Warnings.collect(app);
  if (rows.length === 0 && warnings.length === 0) return '';
  const folder = path.basename(app.outdir);
  const lines: string[] = [`${folder}/`];
  if (rows.length > 0) {
    lines.push(...table([['HOST', 'CERTIFICATE', 'ISSUER', 'GATEWAY'], ...rows]).map((l) => `  ${l}`));
    const budget = budgetLines(planned, limits);
    if (budget.length > 0) lines.push('  Let\'s Encrypt, new certificates per registered domain in the first week:', ...budget.map((l) => `    ${l}`));
    const orders = orderLines(planned, limits, ordersByAccount);
    if (orders.length > 0) lines.push('  Let\'s Encrypt, new orders per ACME account at the first sync (every folder of the cluster):', ...orders.map((l) => `    ${l}`));
  }
  const largest = [...resources].filter((r) => r.json !== undefined).map((r) => ({ r, bytes: manifestBytes(r) }))
    .sort((a, b) => b.bytes - a.bytes || a.r.index - b.r.index).slice(0, 3);
  if (largest.length > 0) {
    lines.push(`  largest objects (client-side apply fits ${ANNOTATIONS_LIMIT / 1024} KiB): ${largest.map(({ r, bytes }) => `${describeObject(r)} ${(bytes / 1024).toFixed(1)} KiB`).join(', ')}`);
  }
  if (warnings.length > 0) lines.push(`  warnings (${warnings.length}):`, ...warnings.map((w) => `    ${w}`));
  return lines.join('\n');
}

function certificateRows(resources: ModelObject[], planned: PlannedCertificate[]): string[][] {
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
  for (const c of planned) {
    const gateways = [...(gwapiBySecret.get(`${c.namespace}/${c.secretName}`) ?? []), ...(istioBySecret.get(c.secretName) ?? [])];
    const certificate = `${c.namespace}/${c.resource.kind === 'Certificate' ? c.resource.name : `${c.secretName} (gateway-shim)`}${wave(c.resource)}`;
    // hosts are DNS names; a common name that is not one of them (a CA's "Mesh Root CA") is marked as such
    const hosts = [...c.dnsNames];
    if (c.commonName !== undefined && !hosts.includes(c.commonName.toLowerCase())) hosts.push(`CN=${c.commonName}`);
    for (const host of hosts.length > 0 ? hosts : ['-']) rows.push([host, certificate, c.issuer, gateways.length > 0 ? gateways.join(', ') : '-']);
  }
  return rows.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
}

function budgetLines(planned: PlannedCertificate[], limits: BudgetLimits): string[] {
  const counts = new Map<string, number>();
  for (const c of planned) {
    const env = environmentOf(c.server);
    if (!env) continue;
    for (const d of registeredDomains(c.names)) counts.set(`${d} (${env})`, (counts.get(`${d} (${env})`) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => compare(a[0], b[0]))
    .map(([k, n]) => `${k}: ${n} of ${k.endsWith('(production)') ? limits.perDomain.production : limits.perDomain.staging}`);
}

/** `<issuers> (<env>, account key <Secret>): <orders> of <limit> per 3 h`, and when the last is issued if over. */
function orderLines(planned: PlannedCertificate[], limits: BudgetLimits, ordersByAccount: Map<string, number>): string[] {
  const accounts = new Map<string, { label: string; env: LetsEncryptEnvironment; issuers: Set<string> }>();
  for (const c of planned) {
    const env = environmentOf(c.server);
    if (!env || !c.account) continue;
    let a = accounts.get(c.account.key);
    if (!a) accounts.set(c.account.key, a = { label: c.account.keySecret, env, issuers: new Set() });
    a.issuers.add(c.issuer);
  }
  return [...accounts.entries()].map(([key, a]) => {
    const n = ordersByAccount.get(key) ?? 0;
    const limit = limits.ordersPerAccount[a.env];
    const over = n > limit ? ` — the last certificate after about ${formatDuration(firstIssuancePace(n, limit).seconds)} with cert-manager's retries` : '';
    return `${[...a.issuers].sort().join(', ')} (${a.env}, account key ${a.label}): ${n} of ${limit} per 3 h${over}`;
  }).sort(compare);
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
