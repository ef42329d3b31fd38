// How long the first sync of an app takes to get its certificates under Let's Encrypt's limits
// per ACME account and per IP address (not exported from the package), with cert-manager's
// reaction to a `rateLimited` error.
//
// Let's Encrypt (https://letsencrypt.org/docs/rate-limits/, staging-environment/): token
// buckets. "New Orders per Account": 300 per 3 hours, refilled at 1 every 36 seconds (staging
// 1,500). "New Registrations per IP Address": 10 per 3 hours, refilled at 1 every 18 minutes
// (staging 50; no overrides).
//
// cert-manager v1.21.1 does not retry a 4xx answer to newOrder (`rateLimited` is 429):
// `pkg/controller/acmeorders/sync.go` (`isRetryableError`) marks the Order `errored`, the
// CertificateRequest and the issuance fail, and the Certificate is retried after
// certificateRequestMinimumBackoffDuration (1h), doubling up to the maximum (32h)
// (`pkg/controller/certificates/trigger/trigger_controller.go`,
// `internal/apis/config/controller/v1alpha1/defaults.go`). It does not read Retry-After. A 4xx
// answer to newAccount is not retried either (`pkg/issuer/acme/setup.go`): the issuer stays
// Ready=False (ErrRegisterACMEAccount) until the informer resync (10h, `pkg/controller/context.go`)
// or a change to the issuer.
import { LetsEncryptEnvironment } from '../../private/letsencrypt';

/** Let's Encrypt's window for the per-account and per-IP limits. */
export const LIMIT_WINDOW_SECONDS = 3 * 3600;

/** New orders per ACME account per 3 hours, per environment (an account can get an override). */
export const DEFAULT_ORDERS_PER_ACCOUNT: { readonly [env in LetsEncryptEnvironment]: number } = { production: 300, staging: 1500 };

/** New registrations per IP address per 3 hours, per environment (no overrides). */
export const REGISTRATIONS_PER_IP: { readonly [env in LetsEncryptEnvironment]: number } = { production: 10, staging: 50 };

/** cert-manager's default back-off between failed issuances of a Certificate. */
const BACKOFF_MIN_SECONDS = 3600;
const BACKOFF_MAX_SECONDS = 32 * 3600;

/** When the last of some orders on one account gets through. */
export interface IssuancePace {
  /** With cert-manager's default back-off (every rate-limited Certificate retried together). */
  readonly seconds: number;
  /** At best: the bucket's refill rate, if every order were retried the moment a token is back. */
  readonly floorSeconds: number;
}

/**
 * The time until `orders` new orders placed at once on one account get through a bucket of
 * `limit` per 3 hours. The rate-limited Certificates fail together and are retried together
 * after 1h, 2h, 4h, … (at most 32h); each retry gets the tokens refilled since the last one.
 */
export function firstIssuancePace(orders: number, limit: number): IssuancePace {
  const refill = LIMIT_WINDOW_SECONDS / limit;
  const floorSeconds = Math.max(0, orders - limit) * refill;
  let pending = orders - Math.min(orders, limit);
  let seconds = 0;
  for (let attempt = 1; pending > 0; attempt++) {
    const delay = Math.min(BACKOFF_MIN_SECONDS * 2 ** (attempt - 1), BACKOFF_MAX_SECONDS);
    seconds += delay;
    pending -= Math.min(pending, limit, Math.floor(delay / refill));
  }
  return { seconds, floorSeconds };
}

/** `36 s`, `18 min`, `7 h`, `1.5 h`, `2.5 days`, for messages. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 360) / 10} h`;
  return `${Math.round(seconds / 8640) / 10} days`;
}
