// cert-manager's ACME solver selection, ported from pkg/util/solverpicker/solverpicker.go
// (v1.21; previously pkg/controller/acmeorders/sync.go). Not exported from the package.
import { AcmeChallengeType, AcmeSolver } from './acme-solver';

/**
 * The challenge types an ACME CA offers for a name. Public CAs (Let's Encrypt and every CA
 * bound by the CA/Browser Forum baseline requirements) validate wildcard names only over
 * DNS-01, so a wildcard authorization carries no HTTP-01 challenge and cert-manager skips
 * HTTP-01 solvers for it.
 */
export function offeredChallenges(dnsName: string): AcmeChallengeType[] {
  return dnsName.startsWith('*.') ? [AcmeChallengeType.DNS01] : [AcmeChallengeType.HTTP01, AcmeChallengeType.DNS01];
}

/**
 * The solver cert-manager selects for `dnsName` (written `*.example.com` for wildcards, as
 * cert-manager reconstructs it from the authorization) on a Certificate with `labels`, or
 * undefined when none can be used ("no configured challenge solvers can be used for this
 * challenge").
 *
 * Precedence: solvers whose type is not offered are skipped; a solver with no selector is
 * taken only if nothing was selected before; among matching selectors, a `dnsNames` match
 * beats none, then the longer `dnsZones` match, then more `matchLabels`; on a tie the earlier
 * solver stays selected.
 */
export function pickSolver(
  solvers: AcmeSolver[],
  dnsName: string,
  labels: { [key: string]: string } = {},
  offered: AcmeChallengeType[] = offeredChallenges(dnsName),
): AcmeSolver | undefined {
  let selected: AcmeSolver | undefined;
  let selLabels = 0;
  let selNames = 0;
  let selZones = 0;

  for (const solver of solvers) {
    if (!offered.includes(solver.challengeType)) continue;

    if (!solver._hasSelector) {
      // "match all" selector: only when nothing was selected yet (counts are left as they are)
      if (selected === undefined) selected = solver;
      continue;
    }

    const m = solver._match(dnsName, labels);
    if (!m.matches) continue;

    const select = () => {
      selected = solver;
      selLabels = m.labels;
      selNames = m.dnsNames;
      selZones = m.dnsZones;
    };

    if (selected === undefined) {
      select();
      continue;
    }

    // dnsNames matches count once (normalised to true/false) and take precedence
    const selectedHasNames = selNames > 0;
    const hasNames = m.dnsNames > 0;
    if (!selectedHasNames && hasNames) {
      select();
      continue;
    }
    if (selectedHasNames && !hasNames) continue;
    if (selectedHasNames && hasNames) {
      if (m.dnsZones > selZones) select();
      else if (selZones > m.dnsZones) { /* keep */ } else if (m.labels > selLabels) select();
      continue;
    }

    // neither matches dnsNames: compare zones
    const selectedHasZones = selZones > 0;
    const hasZones = m.dnsZones > 0;
    if (!selectedHasZones && hasZones) {
      select();
      continue;
    }
    if (selectedHasZones && !hasZones) continue;
    if (selectedHasZones && hasZones) {
      if (m.dnsZones > selZones) select();
      else if (selZones > m.dnsZones) { /* keep */ } else if (m.labels > selLabels) select();
      continue;
    }

    // neither matches names nor zones: more labels wins, ties keep the earlier solver
    if (m.labels > selLabels) select();
  }
  return selected;
}

/**
 * The solvers of one issuer, indexed so that picking one for a name looks only at the solvers
 * that can match it (issue #7: a fleet sharing one ClusterIssuer adds a solver per site, and a
 * linear scan per name made synth quadratic). `candidates()` returns, in the issuer's order,
 * a superset of the solvers `pickSolver` could select or count for the name; the others would
 * be skipped by it anyway, so `pickSolver(index.candidates(n), n, ...)` equals
 * `pickSolver(allSolvers, n, ...)`.
 */
export class SolverIndex {
  /** Position of each solver in the issuer's list. */
  private readonly positions = new Map<AcmeSolver, number>();
  /** Solvers with `selector.dnsNames` (a name must be listed exactly to match), by name. */
  private readonly byName = new Map<string, AcmeSolver[]>();
  /** Solvers with `selector.dnsZones` but no `dnsNames`, by lowercased zone. */
  private readonly byZone = new Map<string, AcmeSolver[]>();
  /** Solvers without a selector, or whose selector names no names or zones: candidates for every name. */
  private readonly generic: AcmeSolver[] = [];

  /** Add the next solver of the issuer. */
  public add(solver: AcmeSolver): void {
    this.positions.set(solver, this.positions.size);
    const sel = solver.selector;
    const names = sel?.dnsNames ?? [];
    const zones = sel?.dnsZones ?? [];
    if (names.length > 0) {
      for (const n of new Set(names)) push(this.byName, n, solver);
    } else if (zones.length > 0) {
      for (const z of new Set(zones.map(zoneKey))) push(this.byZone, z, solver);
    } else {
      this.generic.push(solver);
    }
  }

  /** Whether `solver` was added. */
  public has(solver: AcmeSolver): boolean {
    return this.positions.has(solver);
  }

  /** The solvers that may match `dnsName`, in the issuer's order. */
  public candidates(dnsName: string): AcmeSolver[] {
    const found = new Set<AcmeSolver>(this.generic);
    for (const s of this.byName.get(dnsName) ?? []) found.add(s);
    if (this.byZone.size > 0) {
      // a zone matches when its labels are a (case-insensitive) label suffix of the name
      const labels = zoneKey(dnsName).split('.');
      for (let i = 0; i < labels.length; i++) {
        for (const s of this.byZone.get(labels.slice(i).join('.')) ?? []) found.add(s);
      }
    }
    if (found.size <= 1) return [...found];
    return [...found].sort((a, b) => this.positions.get(a)! - this.positions.get(b)!);
  }
}

/** A zone or name as lowercase labels joined by dots (empty labels, e.g. a trailing dot, dropped). */
function zoneKey(name: string): string {
  return name.toLowerCase().split('.').filter((l) => l.length > 0).join('.');
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
