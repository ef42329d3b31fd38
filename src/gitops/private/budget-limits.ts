// The Let's Encrypt limits the apps are checked against (not exported from the package), so
// that the synth summary prints the limits the check uses rather than the published defaults.
// Each budget declares them to the model of its own app, for the apps it covers (a
// GitOpsRepo's budget lives in the app of apps and covers the folders): the summary reads the
// declarations of all the apps it prints.
import { IConstruct } from 'constructs';
import { declareToModel } from '../../core/declare';
import { AppModel } from '../../core/model';

/** New certificates per registered domain per week, per Let's Encrypt environment. */
export interface PerDomainLimits {
  readonly production: number;
  readonly staging: number;
}

/** Let's Encrypt's published limits (https://letsencrypt.org/docs/rate-limits/, staging-environment/). */
export const DEFAULT_PER_DOMAIN_LIMITS: PerDomainLimits = { production: 50, staging: 30000 };

const TYPE = 'gitops/letsencrypt-limits';

interface LimitsDeclaration {
  readonly apps: readonly IConstruct[];
  readonly limits: PerDomainLimits;
}

/** Declare that `budget` checks `apps()` (read when the model is built: folders may be added later) against `limits`. */
export function declarePerDomainLimits(budget: IConstruct, apps: () => readonly IConstruct[], limits: PerDomainLimits): void {
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
export function perDomainLimitsByApp(models: readonly AppModel[]): Map<IConstruct, PerDomainLimits> {
  const out = new Map<IConstruct, PerDomainLimits>();
  for (const model of models) {
    for (const d of model.declared(TYPE)) {
      const { apps, limits } = d.data as LimitsDeclaration;
      for (const app of apps) {
        const known = out.get(app);
        out.set(app, known ? {
          production: Math.min(known.production, limits.production),
          staging: Math.min(known.staging, limits.staging),
        } : limits);
      }
    }
  }
  return out;
}
