// The Let's Encrypt limits an app is checked against (not exported from the package), so that
// the synth summary prints the limits the check used rather than the published defaults.
import { IConstruct } from 'constructs';

/** New certificates per registered domain per week, per Let's Encrypt environment. */
export interface PerDomainLimits {
  readonly production: number;
  readonly staging: number;
}

/** Let's Encrypt's published limits (https://letsencrypt.org/docs/rate-limits/, staging-environment/). */
export const DEFAULT_PER_DOMAIN_LIMITS: PerDomainLimits = { production: 50, staging: 30000 };

const limitsByApp = new WeakMap<IConstruct, PerDomainLimits>();

/**
 * Record the limits a budget checks `app` against (called when the check runs: the apps a
 * GitOpsRepo's budget covers are only known then). Several budgets covering one app: the
 * strictest limit counts.
 */
export function recordPerDomainLimits(app: IConstruct, limits: PerDomainLimits): void {
  const known = limitsByApp.get(app);
  limitsByApp.set(app, known ? {
    production: Math.min(known.production, limits.production),
    staging: Math.min(known.staging, limits.staging),
  } : limits);
}

/** The limits `app` was checked against, or the published ones when no budget covers it. */
export function perDomainLimitsOf(app: IConstruct): PerDomainLimits {
  return limitsByApp.get(app) ?? DEFAULT_PER_DOMAIN_LIMITS;
}
