import { Construct, IConstruct } from 'constructs';
import { ModelSource } from '../core/contributions';
import { declareToModel } from '../core/declare';
import { ModelObject } from '../core/model';
import { Reporter } from '../core/reporter';
import { fail } from '../validation/error';
import { declarePerDomainLimits, DEFAULT_PER_DOMAIN_LIMITS, PerDomainLimits } from './private/budget-limits';
import { environmentOf, registeredDomains } from '../private/letsencrypt';
import { plannedCertificates } from './private/planned';

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
}

/**
 * Let's Encrypt's weekly issuance limits, checked against what the app plans to issue.
 *
 * Every Certificate (and every certificate cert-manager's gateway-shim will create for an
 * annotated Gateway API Gateway) whose issuer in the app is an ACME issuer on Let's Encrypt
 * production or staging is counted once per registered domain of its names — the registered
 * domain as Let's Encrypt computes it, from the full Public Suffix List (private domains such
 * as `github.io` included) — and once per exact set of names. A first sync issues all of them
 * within the same week. Reaching `warnAt` of a limit records a warning; exceeding it fails
 * the synth: cert-manager would be rate-limited and retry for days.
 *
 * Certificates issued by issuers defined outside the app are not counted (their server is
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
  private readonly perDomainLimits: PerDomainLimits;

  public constructor(scope: IConstruct, private readonly options: LetsEncryptBudgetOptions) {
    super(scope, CONSTRUCT_ID);
    const warnAt = options.warnAt ?? 0.8;
    for (const [field, v] of Object.entries({
      warnAt,
      certificatesPerRegisteredDomain: options.certificatesPerRegisteredDomain,
      duplicateCertificates: options.duplicateCertificates,
      stagingCertificatesPerRegisteredDomain: options.stagingCertificatesPerRegisteredDomain,
      stagingDuplicateCertificates: options.stagingDuplicateCertificates,
    })) {
      if (v === undefined) continue;
      const ok = field === 'warnAt' ? typeof v === 'number' && v > 0 && v <= 1 : Number.isInteger(v) && v >= 1;
      if (!ok) {
        fail(this, field, v, field === 'warnAt' ? 'must be a share between 0 (exclusive) and 1' : 'must be a positive integer',
          field === 'warnAt' ? 'pass e.g. 0.8' : 'pass the limit as a whole number of certificates');
      }
    }
    this.perDomainLimits = {
      production: options.certificatesPerRegisteredDomain ?? DEFAULT_PER_DOMAIN_LIMITS.production,
      staging: options.stagingCertificatesPerRegisteredDomain ?? DEFAULT_PER_DOMAIN_LIMITS.staging,
    };
    declareToModel(this, { check: (_model, report, models) => this.run(report, models) });
    // the synth summary prints each app's counts against the limits checked here
    declarePerDomainLimits(this, () => this.apps(), this.perDomainLimits);
  }

  /** The apps counted together (a GitOpsRepo's list grows as folders are added). */
  private apps(): IConstruct[] {
    return this.options.apps ?? [this.node.scope!];
  }

  private run(report: Reporter, models: ModelSource): void {
    const o = this.options;
    const apps = this.apps();
    const perDomainLimits = this.perDomainLimits;
    const plan = planIssuance(apps.map((a) => models.modelOf(a).rendered));
    const warnAt = o.warnAt ?? 0.8;
    for (const [env, perDomain, duplicates] of [
      ['production', perDomainLimits.production, o.duplicateCertificates ?? 5],
      ['staging', perDomainLimits.staging, o.stagingDuplicateCertificates ?? 30000],
    ] as const) {
      const p = plan[env];
      for (const [domain, certs] of p.byDomain) {
        this.judge(report, certs.length, perDomain, warnAt, certs,
          `registered domain ${domain} would get ${certs.length} new certificates from Let's Encrypt ${env} in one week (limit ${perDomain} per registered domain per week)`,
          `certificates[${domain}]`,
          'cover several names with one certificate (up to 100 names), use a wildcard certificate over DNS-01, or roll out over several weeks');
      }
      for (const [names, certs] of p.byNameSet) {
        this.judge(report, certs.length, duplicates, warnAt, certs,
          `${certs.length} certificates for exactly the names [${names}] would be issued by Let's Encrypt ${env} in one week (limit ${duplicates} per week for the same set of names)`,
          `certificates[${names}]`,
          'issue the certificate once and share its Secret (e.g. replicate it to other clusters), or give each copy a distinct set of names');
      }
    }
  }

  private judge(report: Reporter, n: number, limit: number, warnAt: number, certs: string[], problem: string, field: string, fix: string): void {
    if (n > limit) report.error(this, field, listOf(certs), problem, fix);
    else if (n >= Math.ceil(limit * warnAt)) report.warn(this, field, listOf(certs), problem, fix);
  }
}

function listOf(items: string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}

interface EnvPlan {
  readonly byDomain: Map<string, string[]>;
  readonly byNameSet: Map<string, string[]>;
}

/** Planned certificates of some apps, grouped by Let's Encrypt environment. */
function planIssuance(inventories: ModelObject[][]): { production: EnvPlan; staging: EnvPlan } {
  const production: EnvPlan = { byDomain: new Map(), byNameSet: new Map() };
  const staging: EnvPlan = { byDomain: new Map(), byNameSet: new Map() };
  for (const resources of inventories) {
    for (const c of plannedCertificates(resources)) {
      const environment = environmentOf(c.server);
      const env = environment === 'production' ? production : environment === 'staging' ? staging : undefined;
      if (!env || c.names.length === 0) continue;
      for (const d of registeredDomains(c.names)) push(env.byDomain, d, c.id);
      push(env.byNameSet, [...c.names].sort().join(', '), c.id);
    }
  }
  return { production, staging };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
