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
