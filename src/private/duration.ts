import { Duration } from 'cdk8s';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/**
 * A Duration in Go's canonical `time.Duration.String()` form, e.g. `2160h0m0s`, `1h30m0s`,
 * `5m0s`, `30s`, `1.5s`, `500ms`, `0s` (what `kubectl get` shows back; cert-manager ≥ 1.14
 * stores any valid form as written, so this is for stable output, not a requirement).
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

// Go's time.ParseDuration, to milliseconds: "2160h", "1h30m", "1.5s", "300ms", "0".
const UNIT_MS: { [unit: string]: number } = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds of a Go duration string, or undefined when Go would reject it (negative durations too). */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0') return 0;
  if (s.length === 0 || s.startsWith('-')) return undefined;
  const body = s.startsWith('+') ? s.slice(1) : s;
  let total = 0;
  let pos = 0;
  while (pos < body.length) {
    PART.lastIndex = pos;
    const m = PART.exec(body);
    if (!m || m[1] === '' || m[1] === '.') return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = PART.lastIndex;
  }
  return pos === 0 ? undefined : total;
}
