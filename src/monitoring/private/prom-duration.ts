// A cdk8s Duration as Prometheus prints it (not exported from the package).
import { Duration } from 'cdk8s';

const MS_PER = { y: 365 * 24 * 3600 * 1000, w: 7 * 24 * 3600 * 1000, d: 24 * 3600 * 1000, h: 3600 * 1000, m: 60 * 1000, s: 1000 };

/**
 * A Duration as Prometheus prints it (`model.Duration.String()`): `1h`, `15m`, `2w`, `1d12h`,
 * `1m30s`, `500ms`. Years and weeks are used only when they divide the duration exactly.
 */
export function promDuration(d: Duration): string {
  let ms = d.toMilliseconds();
  if (ms === 0) return '0s';
  let out = '';
  const unit = (name: string, mult: number, exact: boolean) => {
    if (exact && ms % mult !== 0) return;
    const v = Math.floor(ms / mult);
    if (v > 0) {
      out += `${v}${name}`;
      ms -= v * mult;
    }
  };
  unit('y', MS_PER.y, true);
  unit('w', MS_PER.w, true);
  unit('d', MS_PER.d, false);
  unit('h', MS_PER.h, false);
  unit('m', MS_PER.m, false);
  unit('s', MS_PER.s, false);
  unit('ms', 1, false);
  return out;
}
