import { Duration } from 'cdk8s';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/**
 * A Duration in Go's canonical `time.Duration.String()` form, e.g. `2160h0m0s`, `1h30m0s`,
 * `5m0s`, `30s`, `1.5s`, `500ms`, `0s`. cert-manager rewrites any other form (`2160h`,
 * `90m`) to this one, and Argo CD would then show the object OutOfSync forever.
 */
export function goDuration(d: Duration): string {
  const totalMs = d.toMilliseconds({ integral: false });
  if (!Number.isFinite(totalMs) || totalMs < 0) throw new Error(`invalid duration ${totalMs}ms`);
  if (totalMs === 0) return '0s';
  if (totalMs < MS_PER_SECOND) return `${trim(totalMs)}ms`;
  const hours = Math.floor(totalMs / MS_PER_HOUR);
  const minutes = Math.floor((totalMs % MS_PER_HOUR) / MS_PER_MINUTE);
  const seconds = (totalMs % MS_PER_MINUTE) / MS_PER_SECOND;
  if (hours > 0) return `${hours}h${minutes}m${trim(seconds)}s`;
  if (minutes > 0) return `${minutes}m${trim(seconds)}s`;
  return `${trim(seconds)}s`;
}

/**
 * A Duration as Istio writes protobuf durations: seconds with up to millisecond precision,
 * e.g. `15s`, `0.5s`, `90s`. Istio rejects durations below 1ms or with sub-millisecond parts.
 */
export function istioDuration(d: Duration): string {
  return `${trim(d.toMilliseconds({ integral: false }) / MS_PER_SECOND)}s`;
}

/** Whole milliseconds, at least one: what Istio accepts for a protobuf duration. */
export function isWholeMillis(d: Duration): boolean {
  const ms = d.toMilliseconds({ integral: false });
  return ms >= 1 && Number.isInteger(ms);
}

function trim(n: number): string {
  // at most 9 decimals (Go prints nanoseconds), no trailing zeros
  return Number(n.toFixed(9)).toString();
}
