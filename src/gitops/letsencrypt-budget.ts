import { Construct, IConstruct } from 'constructs';
import { ModelSource, registerChecks } from '../core/contributions';
import { declareToModel } from '../core/declare';
import { AppModel, ModelObject } from '../core/model';
import { At, Reporter } from '../core/reporter';
import { fail } from '../validation/error';
import { BudgetLimits, declareBudgetLimits, DEFAULT_LIMITS } from './private/budget-limits';
import { firstIssuancePace, formatDuration, LIMIT_WINDOW_SECONDS, REGISTRATIONS_PER_IP } from './private/first-issuance';
import { environmentOf, LetsEncryptEnvironment, registeredDomains } from '../private/letsencrypt';
import { acmeAccountOf, issuerLookup, plannedCertificates } from './private/planned';

/** Options for `LetsEncryptBudget.apply()`. */
export interface LetsEncryptBudgetOptions {
  /**
   * The apps whose planned certificates count together. Let's Encrypt's limits are per
   * registered domain, whatever the cluster: list every app (cluster) that issues for the same
   * domains.
   *
   * @default - only the scope passed to `apply()`
   */
  readonly apps?: IConstruct[];

  /**
   * Share of a limit at which a warning is recorded (`Warnings.collect()`).
   *
   * @default 0.8
   */
  readonly warnAt?: number;

  /**
   * Let's Encrypt production: new certificates per registered domain per week.
   *
   * @default 50
   */
  readonly certificatesPerRegisteredDomain?: number;

  /**
   * Let's Encrypt production: certificates for the exact same set of names per week.
   *
   * @default 5
   */
  readonly duplicateCertificates?: number;

  /**
   * Let's Encrypt staging: new certificates per registered domain per week.
   *
   * @default 30000
   */
  readonly stagingCertificatesPerRegisteredDomain?: number;

  /**
   * Let's Encrypt staging: certificates for the exact same set of names per week.
   *
   * @default 30000
   */
  readonly stagingDuplicateCertificates?: number;

  /**
   * Let's Encrypt production: new orders per ACME account per 3 hours (Let's Encrypt raises it
   * for an account on request).
   *
   * @default 300
   */
  readonly ordersPerAccount?: number;

  /**
   * Let's Encrypt staging: new orders per ACME account per 3 hours.
   *
   * @default 1500
   */
  readonly stagingOrdersPerAccount?: number;
}

/**
 * Let's Encrypt's issuance limits, checked against what the app plans to issue at its first sync.
 *
 * Every Certificate (and every certificate cert-manager's gateway-shim will create for an
 * annotated Gateway API Gateway) whose issuer is an ACME issuer on Let's Encrypt production or
 * staging, in any of the apps of the same cluster, is counted:
 * - once per registered domain of its names — the registered domain as Let's Encrypt computes
 *   it, from the full Public Suffix List (private domains such as `github.io` included) — and
 *   once per exact set of names, against the weekly limits. A first sync issues all of them
 *   within the same week. Reaching `warnAt` of a limit records a warning; exceeding it fails
 *   the synth: cert-manager would be rate-limited and retry for days.
 * - once per ACME account (the issuer's server and account key Secret: issuers of one cluster
 *   naming the same Secret share one), against the new orders per account per 3 hours.
 *   Exceeding it only delays issuance: a warning says how long the first sync takes to get every
 *   certificate with cert-manager's retries (the rate-limited orders fail, and cert-manager
 *   retries their Certificates after 1h, 2h, 4h, … up to 32h).
 *
 * The ACME accounts of one cluster are also counted against the new registrations per IP
 * address per 3 hours (a warning: cert-manager does not retry a refused registration until
 * its 10-hour resync or a change to the issuer).
 *
 * Certificates issued by issuers defined outside the apps are not counted (their server is
 * unknown). Renewals do not count against the per-domain limit.
 *
 * @see https://letsencrypt.org/docs/rate-limits/
 * @see https://letsencrypt.org/docs/staging-environment/
 */
export class LetsEncryptBudget {
  /**
   * Check the planned certificates of `options.apps` (default: `scope`) at synth time; errors
   * and warnings are reported on `scope`. A second call on the same scope is a no-op.
   *
   * @param scope where the check is reported (an app)
   * @param options the apps that count together, and the limits
   */
  public static apply(scope: IConstruct, options: LetsEncryptBudgetOptions = {}): void {
    if (scope.node.tryFindChild(CONSTRUCT_ID)) return;
    new BudgetValidation(scope, options);
  }

  private constructor() {}
}

const CONSTRUCT_ID = 'LetsEncryptBudget';

class BudgetValidation extends Construct {
  private readonly limits: BudgetLimits;

  public constructor(scope: IConstruct, private readonly options: LetsEncryptBudgetOptions) {
    super(scope, CONSTRUCT_ID);
    const warnAt = options.warnAt ?? 0.8;
    for (const [field, v] of Object.entries({
      warnAt,
      certificatesPerRegisteredDomain: options.certificatesPerRegisteredDomain,
      duplicateCertificates: options.duplicateCertificates,
      stagingCertificatesPerRegisteredDomain: options.stagingCertificatesPerRegisteredDomain,
      stagingDuplicateCertificates: options.stagingDuplicateCertificates,
      ordersPerAccount: options.ordersPerAccount,
      stagingOrdersPerAccount: options.stagingOrdersPerAccount,
    })) {
      if (v === undefined) continue;
      const ok = field === 'warnAt' ? typeof v === 'number' && v > 0 && v <= 1 : Number.isInteger(v) && v >= 1;
      if (!ok) {
        fail(this, field, v, field === 'warnAt' ? 'must be a share between 0 (exclusive) and 1' : 'must be a positive integer',
          field === 'warnAt' ? 'pass e.g. 0.8' : 'pass the limit as a whole number of certificates');
      }
    }
    this.limits = {
      perDomain: {
        production: options.certificatesPerRegisteredDomain ?? DEFAULT_LIMITS.perDomain.production,
        staging: options.stagingCertificatesPerRegisteredDomain ?? DEFAULT_LIMITS.perDomain.staging,
      },
      ordersPerAccount: {
        production: options.ordersPerAccount ?? DEFAULT_LIMITS.ordersPerAccount.production,
        staging: options.stagingOrdersPerAccount ?? DEFAULT_LIMITS.ordersPerAccount.staging,
      },
    };
    declareToModel(this, { check: (_model, report, models) => this.run(report, models) });
    // the synth summary prints each app's counts against the limits checked here
    declareBudgetLimits(this, () => this.apps(), this.limits);
  }

  /** The apps counted together (a GitOpsRepo's list grows as folders are added). */
  private apps(): IConstruct[] {
    return this.options.apps ?? [this.node.scope!];
  }

  private run(report: Reporter, models: ModelSource): void {
    judgeBudget(report, this, planIssuance(this.apps().map((a) => models.modelOf(a).rendered)), this.limits, this.options);
  }
}

/** Judge the planned issuance against the limits; problems are reported at `at` (the budget's construct, or a name). */
function judgeBudget(report: Reporter, at: At, plan: { production: EnvPlan; staging: EnvPlan }, limits: BudgetLimits, o: LetsEncryptBudgetOptions): void {
  const warnAt = o.warnAt ?? 0.8;
  const judge = (n: number, limit: number, certs: string[], problem: string, field: string, fix: string) => {
    if (n > limit) report.error(at, field, listOf(certs), problem, fix);
    else if (n >= Math.ceil(limit * warnAt)) report.warn(at, field, listOf(certs), problem, fix);
  };
  for (const env of ['production', 'staging'] as const) {
    const p = plan[env];
    const perDomain = limits.perDomain[env];
    const duplicates = env === 'production' ? o.duplicateCertificates ?? 5 : o.stagingDuplicateCertificates ?? 30000;
    for (const [domain, certs] of p.byDomain) {
      judge(certs.length, perDomain, certs,
        `registered domain ${domain} would get ${certs.length} new certificates from Let's Encrypt ${env} in one week (limit ${perDomain} per registered domain per week)`,
        `certificates[${domain}]`,
        'cover several names with one certificate (up to 100 names), use a wildcard certificate over DNS-01, or roll out over several weeks');
    }
    for (const [names, certs] of p.byNameSet) {
      judge(certs.length, duplicates, certs,
        `${certs.length} certificates for exactly the names [${names}] would be issued by Let's Encrypt ${env} in one week (limit ${duplicates} per week for the same set of names)`,
        `certificates[${names}]`,
        'issue the certificate once and share its Secret (e.g. replicate it to other clusters), or give each copy a distinct set of names');
    }
    judgeOrders(report, at, env, p.byAccount, limits.ordersPerAccount[env]);
    judgeRegistrations(report, at, env, p.accountsByCluster);
  }
}

/** New orders per account per 3 hours: exceeding it delays the first sync (a warning saying by how much). */
function judgeOrders(report: Reporter, at: At, env: LetsEncryptEnvironment, byAccount: Map<string, AccountOrders>, limit: number): void {
  for (const a of byAccount.values()) {
    const n = a.certificates.length;
    if (n <= limit) continue;
    const pace = firstIssuancePace(n, limit);
    report.warn(at, `orders[${a.keySecret}]`, listOf(a.certificates),
      `the ACME account of ${[...a.issuers].join(', ')}${clusterNote(a.cluster)} (account key Secret ${a.keySecret}) would place ${n} new orders with Let's Encrypt ${env} at the first sync, over its limit of ${limit} per 3 hours (refilled at 1 every ${formatDuration(LIMIT_WINDOW_SECONDS / limit)}): `
      + 'the others are refused with urn:ietf:params:acme:error:rateLimited, which cert-manager does not retry at once (it fails the Order and retries the Certificate after 1 h, 2 h, 4 h, … up to 32 h), '
      + `so the last certificate is issued after about ${formatDuration(pace.seconds)} (at best ${formatDuration(pace.floorSeconds)} at the refill rate)`,
      "accept the delay, add the sites in batches, spread them over more ACME accounts (issuers with their own privateKeySecretRef), put several names in one certificate (up to 100), or ask Let's Encrypt to raise the account's limit (then set ordersPerAccount)");
  }
}

/** New registrations per IP address per 3 hours, for the ACME accounts of one cluster (its egress IP; clusters may share one). */
function judgeRegistrations(report: Reporter, at: At, env: LetsEncryptEnvironment, accountsByCluster: Map<string, string[]>): void {
  const limit = REGISTRATIONS_PER_IP[env];
  for (const [cluster, accounts] of accountsByCluster) {
    if (accounts.length <= limit) continue;
    report.warn(at, `accounts[${cluster === '' ? 'cluster' : cluster}]`, listOf(accounts),
      `${accounts.length} ACME accounts would register with Let's Encrypt ${env} from ${cluster === '' ? 'one cluster' : `cluster "${cluster}"`}, over its limit of ${limit} new registrations per IP address per 3 hours (refilled at 1 every ${formatDuration(LIMIT_WINDOW_SECONDS / limit)}; no overrides): `
      + 'a refused registration is not retried by cert-manager, and the issuer stays Ready=False (ErrRegisterACMEAccount) until cert-manager\'s 10-hour resync or a change to the issuer',
      'share accounts: one ClusterIssuer (or one account key Secret per namespace) instead of an issuer per site, or add the issuers in batches');
  }
}

/**
 * Manifests read from files: the certificates of the input against Let's Encrypt's default
 * limits (one first sync of everything given).
 */
function checkManifestBudget(model: AppModel, report: Reporter): void {
  judgeBudget(report, "Let's Encrypt budget", planIssuance([model.rendered]), DEFAULT_LIMITS, {});
}

registerChecks({ id: 'gitops/letsencrypt-budget', phase: 'manifests', check: checkManifestBudget });

function listOf(items: string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}

/** The planned orders on one ACME account. */
interface AccountOrders {
  readonly keySecret: string;
  readonly cluster: string;
  readonly issuers: Set<string>;
  readonly certificates: string[];
}

interface EnvPlan {
  readonly byDomain: Map<string, string[]>;
  readonly byNameSet: Map<string, string[]>;
  /** Orders by account key. */
  readonly byAccount: Map<string, AccountOrders>;
  /** Distinct ACME accounts (their key Secrets) of the issuers in each cluster, whether or not they have certificates. */
  readonly accountsByCluster: Map<string, string[]>;
}

/** Planned certificates and ACME accounts of some apps, grouped by Let's Encrypt environment. */
function planIssuance(inventories: ModelObject[][]): { production: EnvPlan; staging: EnvPlan } {
  const empty = (): EnvPlan => ({ byDomain: new Map(), byNameSet: new Map(), byAccount: new Map(), accountsByCluster: new Map() });
  const plans = { production: empty(), staging: empty() };
  const issuers = issuerLookup(inventories);
  const seen = new Set<string>();
  for (const resources of inventories) {
    for (const r of resources) {
      if (r.group !== 'cert-manager.io' || (r.kind !== 'Issuer' && r.kind !== 'ClusterIssuer')) continue;
      const { server, account } = acmeAccountOf(r);
      const environment = environmentOf(server);
      if (!environment || !account || seen.has(account.key)) continue;
      seen.add(account.key);
      push(plans[environment].accountsByCluster, r.cluster, account.keySecret);
    }
    for (const c of plannedCertificates(resources, issuers)) {
      const environment = environmentOf(c.server);
      if (!environment || c.names.length === 0) continue;
      const env = plans[environment];
      for (const d of registeredDomains(c.names)) push(env.byDomain, d, c.id);
      push(env.byNameSet, [...c.names].sort().join(', '), c.id);
      if (c.account) {
        let a = env.byAccount.get(c.account.key);
        if (!a) env.byAccount.set(c.account.key, a = { keySecret: c.account.keySecret, cluster: c.resource.cluster, issuers: new Set(), certificates: [] });
        a.issuers.add(c.issuer);
        a.certificates.push(c.id);
      }
    }
  }
  return plans;
}

/** ` in cluster "x"`, or nothing when the app does not name its cluster. */
function clusterNote(cluster: string): string {
  return cluster === '' ? '' : ` in cluster "${cluster}"`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
