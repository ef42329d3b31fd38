// The Let's Encrypt limits the apps are checked against (not exported from the package), so
// that the synth summary prints the limits the check uses rather than the published defaults.
// Each budget declares them to the model of its own app, for the apps it covers (a
// GitOpsRepo's budget lives in the app of apps and covers the folders): the summary reads the
// declarations of all the apps it prints.
import { IConstruct } from 'constructs';
import { declareToModel } from '../../core/declare';
import { AppModel } from '../../core/model';
import { DEFAULT_ORDERS_PER_ACCOUNT } from './first-issuance';

/** One limit per Let's Encrypt environment. */
export interface EnvironmentLimits {
  readonly production: number;
  readonly staging: number;
}

/** The limits a budget checks. */
export interface BudgetLimits {
  /** New certificates per registered domain per week. */
  readonly perDomain: EnvironmentLimits;
  /** New orders per ACME account per 3 hours. */
  readonly ordersPerAccount: EnvironmentLimits;
}

/** Let's Encrypt's published limits (https://letsencrypt.org/docs/rate-limits/, staging-environment/). */
export const DEFAULT_LIMITS: BudgetLimits = { perDomain: { production: 50, staging: 30000 }, ordersPerAccount: DEFAULT_ORDERS_PER_ACCOUNT };

const TYPE = 'gitops/letsencrypt-limits';

interface LimitsDeclaration {
  readonly apps: readonly IConstruct[];
  readonly limits: BudgetLimits;
}

/** Declare that `budget` checks `apps()` (read when the model is built: folders may be added later) against `limits`. */
export function declareBudgetLimits(budget: IConstruct, apps: () => readonly IConstruct[], limits: BudgetLimits): void {
  declareToModel(budget, {
    declarations: () => {
      const data: LimitsDeclaration = { apps: [...apps()], limits };
      return [{ type: TYPE, data }];
    },
  });
}

/**
 * The limits each app is checked against, by the budgets declared in `models`. Several budgets
 * covering one app: the strictest limit counts. Apps no budget covers are not in the map (the
 * published limits apply).
 */
export function budgetLimitsByApp(models: readonly AppModel[]): Map<IConstruct, BudgetLimits> {
  const out = new Map<IConstruct, BudgetLimits>();
  const strictest = (a: EnvironmentLimits, b: EnvironmentLimits): EnvironmentLimits => ({
    production: Math.min(a.production, b.production),
    staging: Math.min(a.staging, b.staging),
  });
  for (const model of models) {
    for (const d of model.declared(TYPE)) {
      const { apps, limits } = d.data as LimitsDeclaration;
      for (const app of apps) {
        const known = out.get(app);
        out.set(app, known ? {
          perDomain: strictest(known.perDomain, limits.perDomain),
          ordersPerAccount: strictest(known.ordersPerAccount, limits.ordersPerAccount),
        } : limits);
      }
    }
  }
  return out;
}
