// cert-manager's ACME solver selection on rendered issuer manifests (the wire form), so that
// whole-app passes also understand issuers written as plain ApiObjects. Same rules as
// src/cert-manager/solver-picker.ts (a port of pkg/util/solverpicker): solvers of a type the
// CA does not offer are skipped (wildcards get DNS-01 only); a solver without selector is a
// fallback; a dnsNames match beats a dnsZones match, the longer zone beats the shorter, then
// more matchLabels; ties keep the earlier solver.
import { arr, obj, str } from '../../private/wire';

interface Match {
  readonly labels: number;
  readonly names: number;
  readonly zones: number;
}

/** Challenge type of a rendered solver: `http01`, `dns01`, or undefined when neither is set. */
export function solverType(solver: any): 'http01' | 'dns01' | undefined {
  const s = obj(solver);
  if (s.http01 !== undefined) return 'http01';
  if (s.dns01 !== undefined) return 'dns01';
  return undefined;
}

/** The solver cert-manager selects for `dnsName` on a Certificate with `labels`. */
export function pickSolver(solvers: any[], dnsName: string, labels: { [key: string]: string }): any | undefined {
  const wildcard = dnsName.startsWith('*.');
  let selected: any;
  let best: Match = { labels: 0, names: 0, zones: 0 };
  for (const solver of solvers) {
    const type = solverType(solver);
    if (type === undefined || (wildcard && type !== 'dns01')) continue;
    const selector = obj(solver).selector;
    if (selector === undefined || selector === null) {
      if (selected === undefined) selected = solver;
      continue;
    }
    const m = match(obj(selector), dnsName, labels);
    if (!m) continue;
    if (selected === undefined || better(m, best)) {
      selected = solver;
      best = m;
    }
  }
  return selected;
}

function better(m: Match, sel: Match): boolean {
  const mNames = m.names > 0;
  const sNames = sel.names > 0;
  if (mNames !== sNames) return mNames;
  const mZones = m.zones > 0;
  const sZones = sel.zones > 0;
  if (!mNames && mZones !== sZones) return mZones;
  if (m.zones !== sel.zones) return m.zones > sel.zones;
  return m.labels > sel.labels;
}

function match(sel: { [key: string]: any }, dnsName: string, labels: { [key: string]: string }): Match | undefined {
  let labelCount = 0;
  for (const [k, v] of Object.entries(obj(sel.matchLabels))) {
    if (labels[k] !== v) return undefined;
    labelCount++;
  }
  let names = 0;
  const dnsNames = arr(sel.dnsNames);
  if (dnsNames.length > 0) {
    if (!dnsNames.includes(dnsName)) return undefined;
    names = 1;
  }
  let zones = 0;
  const dnsZones = arr(sel.dnsZones);
  if (dnsZones.length > 0) {
    const nameLabels = splitLabels(dnsName);
    for (const zone of dnsZones) {
      const z = splitLabels(str(zone) ?? '');
      if (z.length > zones && z.length > 0 && commonSuffix(z, nameLabels) === z.length) zones = z.length;
    }
    if (zones === 0) return undefined;
  }
  return { labels: labelCount, names, zones };
}

function splitLabels(name: string): string[] {
  return name.toLowerCase().split('.').filter((l) => l.length > 0);
}

function commonSuffix(a: string[], b: string[]): number {
  let n = 0;
  for (let i = a.length - 1, j = b.length - 1; i >= 0 && j >= 0 && a[i] === b[j]; i--, j--) n++;
  return n;
}
